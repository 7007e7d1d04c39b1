//! The ranked blue-noise tile: a fixed, periodic point set in which every prefix (the points of
//! rank below k) is itself a Poisson-disk set of density k / area.
//!
//! Built once by farthest-point sampling on a torus: each next point is the candidate farthest
//! from all points chosen so far, so the prefix of k points has every pair at least the k-th
//! pick distance apart and no gap wider than it. Keeping "rank < local density" then gives
//! variable density, and raising a density only ever adds points.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::OnceLock;

use glam::Vec2;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};

use crate::plan::MAX_DENSITY_PER_CM2;

/// Points in the tile; at [`MAX_DENSITY_PER_CM2`] it spans 128 × 128 mm.
pub const TILE_POINTS: usize = 1 << 16;
/// Candidates offered to the farthest-point search per final point.
const CANDIDATES_PER_POINT: usize = 5;
/// Fixed seed of the tile itself: plans vary it by offset and symmetry, not by rebuilding.
const TILE_SEED: u64 = 0x005E_ED0F_D075;
/// Salt separating the jitter stream from the candidate stream.
const JITTER_STREAM: u64 = 0x9E37_79B9_7F4A_7C15;
/// The shared tile's positions, precomputed (see [`RankedTile::shared`]).
const CACHED_TILE: &[u8] = include_bytes!("../../assets/ranked_tile.bin");
/// Relative spread (one standard deviation) of dot diameter and of dot opacity.
const SIZE_JITTER_SD: f32 = 0.12;
const OPACITY_JITTER_SD: f32 = 0.08;

/// A periodic, ranked blue-noise point set; index = rank.
#[derive(Debug)]
pub struct RankedTile {
    /// Side of the square tile in mm.
    pub side_mm: f32,
    /// Positions in mm within `[0, side_mm)²`, ordered by rank.
    pub points_mm: Vec<Vec2>,
    /// Per-point dot diameter factor (mean 1).
    pub size_factor: Vec<f32>,
    /// Per-point opacity factor (≤ 1).
    pub opacity_factor: Vec<f32>,
}

impl RankedTile {
    /// The shared tile: read from the cache built into the binary (`assets/ranked_tile.bin`,
    /// written by `cargo run --release --example make_sample`), or built if that is unusable.
    pub fn shared() -> &'static RankedTile {
        static TILE: OnceLock<RankedTile> = OnceLock::new();
        TILE.get_or_init(|| {
            RankedTile::from_cache(CACHED_TILE, TILE_SEED)
                .unwrap_or_else(|| RankedTile::build(TILE_POINTS, TILE_SEED))
        })
    }

    /// The shared tile built from scratch (about a second), ignoring the cache.
    pub fn build_shared_uncached() -> RankedTile {
        RankedTile::build(TILE_POINTS, TILE_SEED)
    }

    /// The positions as little-endian f32 pairs, the cache format.
    pub fn to_cache_bytes(&self) -> Vec<u8> {
        self.points_mm
            .iter()
            .flat_map(|p| [p.x.to_le_bytes(), p.y.to_le_bytes()])
            .flatten()
            .collect()
    }

    /// Reads positions written by [`Self::to_cache_bytes`] for a tile of [`TILE_POINTS`] points;
    /// `None` if the bytes do not hold exactly that many finite positions inside the tile.
    pub fn from_cache(bytes: &[u8], seed: u64) -> Option<RankedTile> {
        if bytes.len() != TILE_POINTS * 8 {
            return None;
        }
        let side_mm = side_for(TILE_POINTS);
        let f = |b: &[u8]| f32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        let points_mm: Vec<Vec2> = bytes
            .chunks_exact(8)
            .map(|c| Vec2::new(f(&c[..4]), f(&c[4..])))
            .collect();
        let inside = |p: &Vec2| {
            p.is_finite() && p.cmpge(Vec2::ZERO).all() && p.cmplt(Vec2::splat(side_mm)).all()
        };
        if !points_mm.iter().all(inside) {
            return None;
        }
        let (size_factor, opacity_factor) = jitter(TILE_POINTS, seed);
        Some(RankedTile {
            side_mm,
            points_mm,
            size_factor,
            opacity_factor,
        })
    }

    /// Builds a tile of `count` points whose full set has density [`MAX_DENSITY_PER_CM2`].
    pub fn build(count: usize, seed: u64) -> RankedTile {
        let side_mm = side_for(count);
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let candidates = Candidates::jittered(count * CANDIDATES_PER_POINT, side_mm, &mut rng);
        let points_mm = farthest_point_order(&candidates, count);
        let (size_factor, opacity_factor) = jitter(count, seed);
        RankedTile {
            side_mm,
            points_mm,
            size_factor,
            opacity_factor,
        }
    }

    /// Number of points (ranks) in the tile.
    pub fn len(&self) -> usize {
        self.points_mm.len()
    }

    /// Whether the tile has no points.
    pub fn is_empty(&self) -> bool {
        self.points_mm.is_empty()
    }
}

/// Side in mm of a tile of `count` points at [`MAX_DENSITY_PER_CM2`].
fn side_for(count: usize) -> f32 {
    (count as f32 / (MAX_DENSITY_PER_CM2 / 100.0)).sqrt()
}

/// Per-point dot size and opacity factors, from their own random stream.
fn jitter(count: usize, seed: u64) -> (Vec<f32>, Vec<f32>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ JITTER_STREAM);
    let size = Normal::new(1.0f32, SIZE_JITTER_SD).unwrap_or_else(|_| unreachable!());
    let opacity = Normal::new(1.0f32, OPACITY_JITTER_SD).unwrap_or_else(|_| unreachable!());
    let size_factor = (0..count)
        .map(|_| size.sample(&mut rng).clamp(0.7, 1.3))
        .collect();
    let opacity_factor = (0..count)
        .map(|_| (opacity.sample(&mut rng) - OPACITY_JITTER_SD).clamp(0.7, 1.0))
        .collect();
    (size_factor, opacity_factor)
}

/// Candidate positions on a jittered grid: one per cell, cell index = position in the vector.
struct Candidates {
    cells_per_side: usize,
    cell_mm: f32,
    side_mm: f32,
    points: Vec<Vec2>,
}

impl Candidates {
    fn jittered(min_count: usize, side_mm: f32, rng: &mut ChaCha8Rng) -> Self {
        let cells_per_side = (min_count as f64).sqrt().ceil() as usize;
        let cell_mm = side_mm / cells_per_side as f32;
        let mut points = Vec::with_capacity(cells_per_side * cells_per_side);
        for cy in 0..cells_per_side {
            for cx in 0..cells_per_side {
                let jitter = Vec2::new(rng.random::<f32>(), rng.random::<f32>());
                let p = (Vec2::new(cx as f32, cy as f32) + jitter) * cell_mm;
                points.push(p.min(Vec2::splat(side_mm * (1.0 - f32::EPSILON))));
            }
        }
        Candidates {
            cells_per_side,
            cell_mm,
            side_mm,
            points,
        }
    }

    /// Squared distance on the torus of side `side_mm`.
    fn torus_dist2(&self, a: Vec2, b: Vec2) -> f32 {
        let d = (a - b).abs();
        let d = d.min(Vec2::splat(self.side_mm) - d);
        d.length_squared()
    }

    /// Calls `visit(index)` for every candidate in the cells within `radius_mm` of `p` (wrapping).
    fn for_each_near(&self, p: Vec2, radius_mm: f32, mut visit: impl FnMut(usize)) {
        let n = self.cells_per_side as i64;
        let reach = ((radius_mm / self.cell_mm).ceil() as i64 + 1).min(n / 2);
        let (cx, cy) = ((p.x / self.cell_mm) as i64, (p.y / self.cell_mm) as i64);
        for dy in -reach..=reach {
            let row = (cy + dy).rem_euclid(n) * n;
            for dx in -reach..=reach {
                visit((row + (cx + dx).rem_euclid(n)) as usize);
            }
        }
    }
}

/// Orders `count` of the candidates by farthest-point sampling and returns them in rank order.
fn farthest_point_order(candidates: &Candidates, count: usize) -> Vec<Vec2> {
    let pts = &candidates.points;
    let mut chosen = Vec::with_capacity(count);
    let mut taken = vec![false; pts.len()];
    // Squared distance from each candidate to the nearest chosen point.
    let first = 0;
    taken[first] = true;
    chosen.push(pts[first]);
    let mut dist2: Vec<f32> = pts
        .iter()
        .map(|&p| candidates.torus_dist2(p, pts[first]))
        .collect();
    // Max-heap of (distance² bits, lowest index first on ties); stale entries are skipped on pop.
    let mut heap: BinaryHeap<(u32, Reverse<u32>)> = dist2
        .iter()
        .enumerate()
        .map(|(i, d)| (d.to_bits(), Reverse(i as u32)))
        .collect();
    while chosen.len() < count {
        let Some((bits, Reverse(idx))) = heap.pop() else {
            break;
        };
        let idx = idx as usize;
        if taken[idx] || dist2[idx].to_bits() != bits {
            continue;
        }
        taken[idx] = true;
        let p = pts[idx];
        chosen.push(p);
        let radius2 = dist2[idx];
        candidates.for_each_near(p, radius2.sqrt(), |j| {
            if taken[j] {
                return;
            }
            let d2 = candidates.torus_dist2(pts[j], p);
            if d2 < dist2[j] {
                dist2[j] = d2;
                heap.push((d2.to_bits(), Reverse(j as u32)));
            }
        });
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_tile_prefixes_are_well_spaced() {
        let tile = RankedTile::build(2048, 7);
        assert_eq!(tile.len(), 2048);
        for &k in &[100usize, 512, 2048] {
            let prefix = &tile.points_mm[..k];
            let spacing =
                crate::sampling::hex_spacing_mm(k as f32 / (tile.side_mm * tile.side_mm) * 100.0);
            let mut min_d = f32::MAX;
            for (i, &a) in prefix.iter().enumerate() {
                for &b in &prefix[i + 1..] {
                    let d = (a - b).abs();
                    let d = d.min(Vec2::splat(tile.side_mm) - d);
                    min_d = min_d.min(d.length());
                }
            }
            assert!(
                min_d >= 0.6 * spacing,
                "prefix {k}: min {min_d} vs spacing {spacing}"
            );
        }
    }

    #[test]
    fn cache_round_trips_and_rejects_bad_bytes() {
        let tile = RankedTile::shared();
        let again = RankedTile::from_cache(&tile.to_cache_bytes(), TILE_SEED).unwrap();
        assert_eq!(again.points_mm, tile.points_mm);
        assert!(RankedTile::from_cache(&[0u8; 12], TILE_SEED).is_none());
        let mut bad = tile.to_cache_bytes();
        bad[..4].copy_from_slice(&f32::NAN.to_le_bytes());
        assert!(RankedTile::from_cache(&bad, TILE_SEED).is_none());
    }

    #[test]
    fn build_is_deterministic() {
        let a = RankedTile::build(512, 3);
        let b = RankedTile::build(512, 3);
        assert_eq!(a.points_mm, b.points_mm);
        assert_eq!(a.size_factor, b.size_factor);
    }
}
