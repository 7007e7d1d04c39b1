//! What one frame shows, independent of the GPU: the view transform, the before/after split,
//! the pigment, and the per-dot footprint maths that `shaders/scene.wgsl` implements.

use glam::{UVec2, Vec2};

/// Soft edge of a dot: coverage falls from full at `(1 − s)·r` to zero at `(1 + s)·r`.
pub const DOT_SOFTNESS: f32 = 0.35;
/// Dots drawn smaller than this radius (target pixels) are widened and faded by the area ratio.
pub const MIN_DOT_RADIUS_PX: f32 = 0.75;
/// How far a dot's outline wanders from a circle, as a share of its radius: a healed
/// impression is a slightly irregular spot, not a disc. Seen only when a dot is drawn a few
/// pixels wide: it fades in between 1.5 and 3 px of radius (no cost when zoomed out).
pub const DOT_IRREGULARITY: f32 = 0.12;

/// The farthest a dot of `radius_px` (target pixels) can mark from its centre.
pub fn dot_reach_px(radius_px: f32) -> f32 {
    radius_px.max(MIN_DOT_RADIUS_PX) * (1.0 + DOT_IRREGULARITY) * (1.0 + DOT_SOFTNESS)
}

/// Mirrors `shape_phases` in `scene.wgsl`: two angles (radians) from the bits of a dot's
/// position, so that every dot has its own outline and the GPU and CPU agree on it.
pub fn dot_phases(pos_px: Vec2) -> [f32; 2] {
    let mut h = pos_px.x.to_bits().wrapping_mul(0x9E37_79B1) ^ pos_px.y.to_bits();
    h = (h ^ (h >> 16)).wrapping_mul(0x85EB_CA6B);
    h ^= h >> 13;
    let to_angle = std::f32::consts::TAU / 65536.0;
    [(h & 0xFFFF) as f32 * to_angle, (h >> 16) as f32 * to_angle]
}

/// WGSL's smoothstep.
fn smoothstep(edge0: f32, edge1: f32, x: f32) -> f32 {
    let t = ((x - edge0) / (edge1 - edge0)).clamp(0.0, 1.0);
    t * t * (3.0 - 2.0 * t)
}

/// Maps photo pixels to target (screen or output) pixels: `target = image · scale + offset`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ViewTransform {
    /// Target pixels per photo pixel.
    pub scale: f32,
    pub offset_px: Vec2,
}

impl ViewTransform {
    pub const IDENTITY: ViewTransform = ViewTransform {
        scale: 1.0,
        offset_px: Vec2::ZERO,
    };

    /// The transform showing the whole photo centred in a target, as large as fits.
    pub fn fit(image_size_px: Vec2, target_size_px: Vec2) -> Self {
        let scale = (target_size_px / image_size_px.max(Vec2::ONE))
            .min_element()
            .max(1e-6);
        ViewTransform {
            scale,
            offset_px: (target_size_px - image_size_px * scale) * 0.5,
        }
    }

    pub fn target_from_image(&self, image_px: Vec2) -> Vec2 {
        image_px * self.scale + self.offset_px
    }

    pub fn image_from_target(&self, target_px: Vec2) -> Vec2 {
        (target_px - self.offset_px) / self.scale
    }

    /// Zooms by `factor` keeping the photo point under `anchor_target_px` where it is.
    pub fn zoomed_about(&self, anchor_target_px: Vec2, factor: f32) -> Self {
        let anchor_image = self.image_from_target(anchor_target_px);
        let scale = self.scale * factor;
        ViewTransform {
            scale,
            offset_px: anchor_target_px - anchor_image * scale,
        }
    }
}

/// Everything about a frame except the photo and the impressions themselves.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SceneParams {
    pub view: ViewTransform,
    pub target_size_px: UVec2,
    /// Target x left of which the photo is shown without pigment; `f32::NEG_INFINITY` for "after" only.
    pub split_x_px: f32,
    /// Linear transmittance of a dot's core per channel (see [`crate::color::pigment_transmittance`]).
    pub pigment_transmittance: [f32; 3],
}

/// A dot as rasterised: effective radius and centre opacity in target pixels, and the half
/// size of the square that covers it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DotFootprint {
    pub centre_px: Vec2,
    pub radius_px: f32,
    pub opacity: f32,
    pub half_extent_px: f32,
    /// Outline irregularity actually applied (0 for dots drawn small) and its two phases.
    pub irregularity: f32,
    pub phases: [f32; 2],
}

/// Mirrors `vs_dot`: where and how strongly a dot lands on the target.
pub fn dot_footprint(
    view: &ViewTransform,
    pos_px: Vec2,
    diameter_px: f32,
    opacity: f32,
) -> DotFootprint {
    let radius = 0.5 * diameter_px * view.scale;
    let radius_eff = radius.max(MIN_DOT_RADIUS_PX);
    let ratio = radius / radius_eff;
    DotFootprint {
        centre_px: view.target_from_image(pos_px),
        radius_px: radius_eff,
        opacity: opacity * ratio * ratio,
        // The square circumscribing the footprint's outer edge: every pixel centre the dot
        // can reach lies inside it.
        half_extent_px: dot_reach_px(radius_eff),
        irregularity: DOT_IRREGULARITY * smoothstep(1.5, 3.0, radius_eff),
        phases: dot_phases(pos_px),
    }
}

/// Mirrors `fs_dot`: how much pigment a dot lays at offset (`dx`, `dy`) target pixels from its
/// centre (0 beyond the soft edge, its opacity in the flat core; a smoothstep between). The
/// outline's radius wanders with the angle by up to the footprint's irregularity; the angle
/// is only computed in the ring where it can matter.
#[inline]
pub fn dot_coverage(footprint: &DotFootprint, dx: f32, dy: f32) -> f32 {
    let distance_sq = dx * dx + dy * dy;
    let wander = 1.0 + footprint.irregularity;
    let outer = footprint.radius_px * wander * (1.0 + DOT_SOFTNESS);
    let inner = footprint.radius_px * (1.0 - footprint.irregularity) * (1.0 - DOT_SOFTNESS);
    if distance_sq >= outer * outer {
        return 0.0;
    }
    if distance_sq <= inner * inner {
        return footprint.opacity;
    }
    let mut radius = footprint.radius_px;
    if footprint.irregularity > 0.0 {
        let a = dy.atan2(dx);
        let [p0, p1] = footprint.phases;
        let shape = 0.6 * (2.0 * a + p0).sin() + 0.4 * (3.0 * a + p1).sin();
        radius *= 1.0 + footprint.irregularity * shape;
    }
    let edge0 = radius * (1.0 - DOT_SOFTNESS);
    let edge1 = radius * (1.0 + DOT_SOFTNESS);
    footprint.opacity * (1.0 - smoothstep(edge0, edge1, distance_sq.sqrt()))
}

/// Mirrors `vs_dot`'s per-dot pigment: the transmittance of a dot's core for a dot of
/// `pigment_strength` (relative concentration) under the plan's `pigment` transmittance.
#[inline]
pub fn dot_pigment(pigment: [f32; 3], pigment_strength: f32) -> [f32; 3] {
    if pigment_strength == 1.0 {
        pigment
    } else {
        pigment.map(|t| t.powf(pigment_strength))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zoom_keeps_anchor_fixed() {
        let view = ViewTransform {
            scale: 0.5,
            offset_px: Vec2::new(10.0, 20.0),
        };
        let anchor = Vec2::new(300.0, 200.0);
        let zoomed = view.zoomed_about(anchor, 3.0);
        let before = view.image_from_target(anchor);
        assert!((zoomed.image_from_target(anchor) - before).length() < 1e-3);
        assert!((zoomed.scale - 1.5).abs() < 1e-6);
    }

    #[test]
    fn fit_centres_the_photo() {
        let view = ViewTransform::fit(Vec2::new(200.0, 100.0), Vec2::new(400.0, 400.0));
        assert_eq!(view.scale, 2.0);
        assert_eq!(view.offset_px, Vec2::new(0.0, 100.0));
    }

    #[test]
    fn large_dots_have_irregular_outlines_and_small_ones_round() {
        let view = ViewTransform::IDENTITY;
        let big = dot_footprint(&view, Vec2::new(10.3, 7.9), 16.0, 1.0);
        assert_eq!(big.irregularity, DOT_IRREGULARITY);
        // Along the rim the coverage changes with the angle: the outline is not a circle.
        let rim: Vec<f32> = (0..16)
            .map(|k| {
                let a = k as f32 * std::f32::consts::TAU / 16.0;
                dot_coverage(&big, 8.0 * a.cos(), 8.0 * a.sin())
            })
            .collect();
        let (lo, hi) = rim
            .iter()
            .fold((1f32, 0f32), |(l, h), &c| (l.min(c), h.max(c)));
        assert!(hi - lo > 0.2, "{rim:?}");
        // Two dots at other places have other outlines.
        assert_ne!(
            dot_phases(Vec2::new(10.3, 7.9)),
            dot_phases(Vec2::new(10.3, 8.9))
        );
        // Nothing reaches beyond the quad, and a dot drawn at a pixel or two is round.
        assert_eq!(dot_coverage(&big, big.half_extent_px, 0.0), 0.0);
        let small = dot_footprint(&view, Vec2::ZERO, 2.0, 1.0);
        assert_eq!(small.irregularity, 0.0);
    }

    #[test]
    fn tiny_dots_keep_their_pigment() {
        let big = dot_footprint(&ViewTransform::IDENTITY, Vec2::ZERO, 4.0, 1.0);
        assert_eq!((big.radius_px, big.opacity), (2.0, 1.0));
        let tiny = dot_footprint(&ViewTransform::IDENTITY, Vec2::ZERO, 0.75, 1.0);
        let area_opacity = |f: DotFootprint| f.radius_px * f.radius_px * f.opacity;
        assert!((area_opacity(tiny) - 0.375f32.powi(2)).abs() < 1e-6);
    }
}
