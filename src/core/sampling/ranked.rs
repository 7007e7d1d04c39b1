//! The ranked blue-noise tile: a fixed, periodic point set in which every prefix (the points of
//! rank below k) is itself a Poisson-disk set of density k / area.
//!
//! Built once by progressive sample elimination on a torus (see [`elimination`]): from a dense
//! uniform random set the most crowded point is removed again and again, and the removal order
//! reversed is the rank. Every prefix is then an amorphous Poisson-disk set. Keeping "rank <
//! local density" gives variable density, and raising a density only ever adds points.

use std::sync::OnceLock;

use glam::Vec2;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};

use super::elimination;
use crate::core::plan::MAX_DENSITY_PER_CM2;

/// Points in the tile; at [`MAX_DENSITY_PER_CM2`] it spans 128 × 128 mm.
pub const TILE_POINTS: usize = 1 << 16;
/// Random candidates per final point that elimination thins out.
const CANDIDATES_PER_POINT: usize = 5;
/// Fixed seed of the tile itself: plans vary it by offset and symmetry, not by rebuilding.
const TILE_SEED: u64 = 0x005E_ED0F_D075;
/// Salt separating the jitter stream from the candidate stream.
const JITTER_STREAM: u64 = 0x9E37_79B9_7F4A_7C15;
/// The shared tile's positions, precomputed (see [`RankedTile::shared`]).
const CACHED_TILE: &[u8] = include_bytes!("../../../assets/ranked_tile.bin");
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

    /// The shared tile built from scratch (about 4.5 s in a release build), ignoring the cache.
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
        let candidates = uniform_candidates(count * CANDIDATES_PER_POINT, side_mm, &mut rng);
        let points_mm = elimination::ranked_prefix(&candidates, side_mm, count);
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
    // N(1, sd) as `rand_distr::Normal` draws it (mean + sd × z), without its fallible
    // constructor.
    let mut normal = |sd: f32| -> f32 {
        let z: f32 = StandardNormal.sample(&mut rng);
        1.0 + sd * z
    };
    let size_factor = (0..count)
        .map(|_| normal(SIZE_JITTER_SD).clamp(0.7, 1.3))
        .collect();
    let opacity_factor = (0..count)
        .map(|_| (normal(OPACITY_JITTER_SD) - OPACITY_JITTER_SD).clamp(0.7, 1.0))
        .collect();
    (size_factor, opacity_factor)
}

/// `count` candidate positions, uniformly random on the tile.
fn uniform_candidates(count: usize, side_mm: f32, rng: &mut ChaCha8Rng) -> Vec<Vec2> {
    let below_side = side_mm * (1.0 - f32::EPSILON);
    (0..count)
        .map(|_| {
            let p = Vec2::new(rng.random::<f32>(), rng.random::<f32>()) * side_mm;
            p.min(Vec2::splat(below_side))
        })
        .collect()
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
            let spacing = crate::core::sampling::hex_spacing_mm(
                k as f32 / (tile.side_mm * tile.side_mm) * 100.0,
            );
            let mut min_d = f32::MAX;
            for (i, &a) in prefix.iter().enumerate() {
                for &b in &prefix[i + 1..] {
                    let d2 = crate::core::sampling::torus_distance_sq(a, b, tile.side_mm);
                    min_d = min_d.min(d2.sqrt());
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
