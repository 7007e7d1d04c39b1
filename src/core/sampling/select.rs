//! Coherent selection of impressions from the ranked tile.
//!
//! [`CandidateSet::build`] lays the ranked tile over the treatment area once per drawing
//! (geometry, scale, seed) and caches, per candidate, its rank, zone and depth behind the
//! hairline, in rank order. [`CandidateSet::select`] then keeps a candidate where its rank is
//! below the local density's share of the tile: a slider move is one pass over the low ranks,
//! raising a density only adds impressions, and lowering it only removes some.

use glam::Vec2;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::field::{DensityParams, FieldGeometry, ZoneBlend, hairline_fade};
use super::{Impression, RankedTile};
use crate::core::plan::MAX_DENSITY_PER_CM2;

/// How a plan's seed places the shared tile: a toroidal offset and one of its 8 symmetries.
#[derive(Clone, Copy, Debug, PartialEq)]
struct TilePlacement {
    offset_mm: Vec2,
    symmetry: u8,
}

impl TilePlacement {
    fn from_seed(seed: u64, side_mm: f32) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let offset_mm = Vec2::new(rng.random::<f32>(), rng.random::<f32>()) * side_mm;
        TilePlacement {
            offset_mm,
            symmetry: rng.random_range(0..8u8),
        }
    }

    /// Maps a tile point onto the torus under this placement's symmetry.
    fn transform(&self, q: Vec2, side_mm: f32) -> Vec2 {
        let mut v = if self.symmetry & 4 != 0 {
            Vec2::new(q.y, q.x)
        } else {
            q
        };
        let flip = |c: f32| if c > 0.0 { side_mm - c } else { 0.0 };
        if self.symmetry & 1 != 0 {
            v.x = flip(v.x);
        }
        if self.symmetry & 2 != 0 {
            v.y = flip(v.y);
        }
        v
    }
}

/// The candidate impressions of one drawing, in rank order (structure of arrays).
#[derive(Clone, Debug, Default)]
pub struct CandidateSet {
    rank: Vec<u32>,
    pos_px: Vec<Vec2>,
    zone: Vec<ZoneBlend>,
    depth_mm: Vec<f32>,
    /// How much hair covers each candidate (0–255); empty when no candidate is covered.
    hair_cover: Vec<u8>,
    /// Scalp mm² per projected mm² at each candidate (empty without a head model: all 1).
    surface_factor: Vec<f32>,
    /// The largest of them (1 without a head model).
    max_surface_factor: f32,
    /// How each candidate's dot is foreshortened (empty without a head model: all round).
    tilt: Vec<(Vec2, f32)>,
    px_per_mm: f32,
    /// Tile points per (impression/cm²) of local density.
    ranks_per_density: f32,
}

impl CandidateSet {
    /// Lays the tile over the area of `geometry` for `seed`; O(candidates × polygon size).
    pub fn build(geometry: &FieldGeometry, seed: u64, tile: &RankedTile) -> Self {
        let px_per_mm = geometry.px_per_mm();
        let mut set = CandidateSet {
            px_per_mm,
            ranks_per_density: tile.len() as f32 / MAX_DENSITY_PER_CM2,
            ..Default::default()
        };
        let Some((lo_px, hi_px)) = crate::core::geometry::bounding_box(geometry.area()) else {
            return set;
        };
        let (lo_mm, hi_mm) = (lo_px / px_per_mm, hi_px / px_per_mm);
        let side = tile.side_mm;
        let placement = TilePlacement::from_seed(seed, side);
        let first = ((lo_mm - placement.offset_mm) / side).floor();
        let last = ((hi_mm - placement.offset_mm) / side).floor();
        for (rank, &q) in tile.points_mm.iter().enumerate() {
            let base = placement.transform(q, side) + placement.offset_mm;
            for ty in first.y as i64..=last.y as i64 {
                for tx in first.x as i64..=last.x as i64 {
                    let p_mm = base + Vec2::new(tx as f32, ty as f32) * side;
                    if p_mm.cmpge(lo_mm).all() && p_mm.cmple(hi_mm).all() {
                        set.push_if_treated(geometry, rank as u32, p_mm * px_per_mm);
                    }
                }
            }
        }
        set
    }

    fn push_if_treated(&mut self, geometry: &FieldGeometry, rank: u32, p_px: Vec2) {
        let Some(zone) = geometry.zone_blend_at(p_px) else {
            return;
        };
        let depth_mm = geometry.depth_behind_hairline_mm(p_px);
        if depth_mm <= 0.0 {
            return; // in front of the hairline: never treated, whatever the densities
        }
        let (factor, tilt) = geometry.scalp_at(p_px);
        if factor <= 0.0 {
            return; // off the head (or seen too edge-on to be treated)
        }
        if geometry.has_head() {
            self.surface_factor.push(factor);
            self.max_surface_factor = self.max_surface_factor.max(factor);
            self.tilt.push(tilt);
        }
        self.rank.push(rank);
        self.pos_px.push(p_px);
        self.zone.push(zone);
        self.depth_mm.push(depth_mm);
        let cover = geometry.hair_cover_at(p_px);
        if cover > 0.0 && self.hair_cover.is_empty() {
            self.hair_cover.resize(self.rank.len() - 1, 0);
        }
        if cover > 0.0 || !self.hair_cover.is_empty() {
            self.hair_cover.push((cover * 255.0).round() as u8);
        }
    }

    /// The share of candidate `i` not hidden by hair.
    fn uncovered(&self, i: usize) -> f32 {
        self.hair_cover
            .get(i)
            .map_or(1.0, |&cover| 1.0 - f32::from(cover) / 255.0)
    }

    /// Number of candidates (impressions at the maximum supported density).
    pub fn len(&self) -> usize {
        self.rank.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rank.is_empty()
    }

    /// Fills `out` with the impressions for `params`; dot sizes from `dot_diameter_mm` and the
    /// tile's per-point jitter. Deterministic: same inputs, same impressions, same order.
    pub fn select(
        &self,
        params: &DensityParams,
        dot_diameter_mm: f32,
        tile: &RankedTile,
        out: &mut Vec<Impression>,
    ) {
        out.clear();
        let through = params.through_fraction();
        let rank_limit = params.max_density()
            * self.max_surface_factor.max(1.0)
            * through
            * self.ranks_per_density;
        let dot_px = dot_diameter_mm * self.px_per_mm * params.depth.diameter_scale;
        for i in 0..self.rank.len() {
            let rank = self.rank[i] as f32;
            if rank >= rank_limit {
                break; // ranks are sorted: nothing further can be kept
            }
            let zone = &self.zone[i];
            let fade = hairline_fade(self.depth_mm[i], params.fade_depth_mm);
            // Densities are per cm² of scalp: more impressions per photo mm where it turns away.
            let surface = self.surface_factor.get(i).copied().unwrap_or(1.0);
            let final_ranks =
                params.blended_density(zone) * fade * surface * self.ranks_per_density;
            if rank < final_ranks * through {
                let r = self.rank[i] as usize;
                out.push(Impression {
                    pos_px: self.pos_px[i],
                    diameter_px: dot_px * tile.size_factor[r] * params.dot_scale(fade),
                    opacity: tile.opacity_factor[r] * self.uncovered(i),
                    session: params.session_of(rank / final_ranks),
                    pigment_strength: params.blended_pigment_strength(zone),
                    tilt_dir: self.tilt.get(i).map_or(Vec2::X, |t| t.0),
                    squash: self.tilt.get(i).map_or(1.0, |t| t.1),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placements_map_the_torus_onto_itself() {
        let side = 10.0;
        for symmetry in 0..8 {
            let placement = TilePlacement {
                offset_mm: Vec2::ZERO,
                symmetry,
            };
            for q in [Vec2::ZERO, Vec2::new(3.0, 7.5), Vec2::new(9.99, 0.01)] {
                let v = placement.transform(q, side);
                assert!(
                    v.cmpge(Vec2::ZERO).all() && v.cmplt(Vec2::splat(side)).all(),
                    "{v}"
                );
            }
        }
    }
}
