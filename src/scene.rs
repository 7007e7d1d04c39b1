//! What one frame shows, independent of the GPU: the view transform, the before/after split,
//! the pigment, and the per-dot footprint maths that `shaders/scene.wgsl` implements.

use glam::{UVec2, Vec2};

/// Soft edge of a dot: coverage falls from full at `(1 − s)·r` to zero at `(1 + s)·r`.
pub const DOT_SOFTNESS: f32 = 0.35;
/// Dots drawn smaller than this radius (target pixels) are widened and faded by the area ratio.
pub const MIN_DOT_RADIUS_PX: f32 = 0.75;

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
        half_extent_px: radius_eff * (1.0 + DOT_SOFTNESS),
    }
}

/// Mirrors `fs_dot`: how much pigment a dot lays at squared distance `distance_sq_px` from
/// its centre (0 beyond the soft edge, its opacity in the flat core; a smoothstep between).
/// Taking the squared distance lets the CPU skip the square root outside the soft ring; the
/// edge terms are loop-invariant, so callers' pixel loops hoist them.
#[inline]
pub fn dot_coverage(footprint: &DotFootprint, distance_sq_px: f32) -> f32 {
    let edge0 = footprint.radius_px * (1.0 - DOT_SOFTNESS);
    let edge1 = footprint.radius_px * (1.0 + DOT_SOFTNESS);
    if distance_sq_px >= edge1 * edge1 {
        0.0
    } else if distance_sq_px <= edge0 * edge0 {
        footprint.opacity
    } else {
        // WGSL's smoothstep(edge0, edge1, d).
        let t = ((distance_sq_px.sqrt() - edge0) * (1.0 / (edge1 - edge0))).clamp(0.0, 1.0);
        footprint.opacity * (1.0 - t * t * (3.0 - 2.0 * t))
    }
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
    fn tiny_dots_keep_their_pigment() {
        let big = dot_footprint(&ViewTransform::IDENTITY, Vec2::ZERO, 4.0, 1.0);
        assert_eq!((big.radius_px, big.opacity), (2.0, 1.0));
        let tiny = dot_footprint(&ViewTransform::IDENTITY, Vec2::ZERO, 0.75, 1.0);
        let area_opacity = |f: DotFootprint| f.radius_px * f.radius_px * f.opacity;
        assert!((area_opacity(tiny) - 0.375f32.powi(2)).abs() < 1e-6);
    }
}
