//! Impression placement: the density field a plan asks for and the coherent Poisson-disk
//! sampler that realises it. Pure Rust, no GPU types.

pub mod elimination;
pub mod engine;
pub mod field;
pub mod quality;
pub mod ranked;
pub mod select;

use bytemuck::{Pod, Zeroable};
use glam::Vec2;

pub use engine::{ImpressionEngine, impressions_for, impressions_through};
pub use field::{DensityParams, FieldGeometry, ZoneBlend, ZoneShape};
pub use ranked::RankedTile;
pub use select::CandidateSet;

/// One pigment impression as drawn: centre and size in photo pixels. Also the GPU instance layout.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Pod, Zeroable)]
pub struct Impression {
    pub pos_px: Vec2,
    pub diameter_px: f32,
    /// Peak pigment coverage at the dot's centre, 0..=1.
    pub opacity: f32,
    /// The session (1-based) in which the impression is placed.
    pub session: u32,
    /// Pigment concentration relative to the plan's shade: 1 for the plan's dilution, less
    /// for a zone with a lighter one. The dot's core transmits `plan transmittance ^ this`
    /// (Beer–Lambert: optical density is proportional to concentration).
    pub pigment_strength: f32,
    /// The photo direction in which the scalp turns away under the dot (unit; any for a dot
    /// facing the camera).
    pub tilt_dir: Vec2,
    /// How much the dot is foreshortened along `tilt_dir`: the cosine of the angle between
    /// the scalp's normal and the direction to the camera (1: seen face on, a round dot).
    pub squash: f32,
}

impl Impression {
    /// A dot seen face on (no head model, or facing the camera).
    pub const ROUND: (Vec2, f32) = (Vec2::X, 1.0);
}

/// Distance between neighbours of a hexagonal lattice of the given density, in mm.
///
/// A hexagonal lattice of spacing s gives each point (√3/2)·s² of area.
pub fn hex_spacing_mm(density_per_cm2: f32) -> f32 {
    let per_mm2 = density_per_cm2 / 100.0;
    (2.0 / (3f32.sqrt() * per_mm2)).sqrt()
}

/// [`hex_spacing_mm`] for `count` points on a square of side `side_mm`: twice the radius of the
/// densest packing of `count` equal disks there (hexagonal: each disk owns 2√3 r² of area).
pub fn hex_spacing_on(side_mm: f32, count: usize) -> f32 {
    2.0 * (side_mm * side_mm / (2.0 * 3f32.sqrt() * count.max(1) as f32)).sqrt()
}

/// Squared distance from `a` to `b` on a torus: a square of side `side` whose edges wrap.
pub fn torus_distance_sq(a: Vec2, b: Vec2, side: f32) -> f32 {
    let d = (a - b).abs();
    d.min(Vec2::splat(side) - d).length_squared()
}

#[cfg(test)]
mod tests {
    #[test]
    fn hex_spacing_of_100_per_cm2_is_about_a_millimetre() {
        let s = super::hex_spacing_mm(100.0);
        assert!((s - 1.0746).abs() < 1e-3, "{s}");
    }
}
