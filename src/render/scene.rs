//! What one frame shows, independent of the GPU: the view transform, the before/after split,
//! the dots' optics, and the per-dot footprint maths that `shaders/scene.wgsl` implements
//! (the model itself is in [`crate::core::optics`]).

use glam::{UVec2, Vec2};

pub use crate::core::optics::dot_pigment;
use crate::core::optics::{DotOptics, MIN_EDGE_PX, profile_area};
use crate::core::sampling::Impression;

/// How far a dot's outline wanders from a circle, as a share of its radius: a healed
/// impression is a slightly irregular spot, not a disc. Seen only when a dot is drawn a few
/// pixels wide: it fades in between 1.5 and 3 px of radius (no cost when zoomed out).
pub const DOT_IRREGULARITY: f32 = 0.12;

/// The farthest a dot whose deposit has `radius_px` and whose widest edge is `edge_px` (both
/// target pixels) can mark from its centre.
pub fn dot_reach_px(radius_px: f32, edge_px: f32) -> f32 {
    radius_px * (1.0 + DOT_IRREGULARITY) + edge_px.max(MIN_EDGE_PX)
}

/// The farthest any of `impressions` can mark from its centre, photo pixels at scale 1 plus
/// `MIN_EDGE_PX` target pixels: `reach_image × scale + MIN_EDGE_PX` bounds it on any target.
pub fn largest_reach_image_px(impressions: &[Impression], optics: &DotOptics) -> f32 {
    let largest = impressions
        .iter()
        .map(|i| i.diameter_px)
        .fold(0.0, f32::max);
    0.5 * optics.deposit_px(largest) * (1.0 + DOT_IRREGULARITY) + optics.widest_edge_px()
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
    /// How every dot looks ([`DotOptics::for_plan`]).
    pub optics: DotOptics,
}

/// A dot as rasterised on the target: its deposit's radius, each channel's soft edge and
/// peak darkening, and the half size of the square that covers it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DotFootprint {
    pub centre_px: Vec2,
    /// Radius of the deposit's edge (target pixels); each channel's edge is centred on it.
    pub radius_px: f32,
    /// Half-width of each channel's soft edge (target pixels, at least [`MIN_EDGE_PX`]).
    pub edge_px: [f32; 3],
    /// Share of the light each channel loses where the profile is full.
    pub peak: [f32; 3],
    pub half_extent_px: f32,
    /// Outline irregularity actually applied (0 for dots drawn small) and its two phases.
    pub irregularity: f32,
    pub phases: [f32; 2],
    /// The foreshortening: the photo direction the scalp turns away in, and the cosine the
    /// dot is squashed by along it (1: round).
    pub tilt_dir: Vec2,
    pub squash: f32,
}

/// The least squash drawn (a dot seen nearly edge-on).
pub const MIN_SQUASH: f32 = 0.05;

/// Mirrors `vs_dot`: where and how strongly a dot lands on the target. Each channel's profile
/// is scaled so that it removes the light of the whole deposit (`optics` step 5), however
/// wide its edge is drawn: a dot drawn smaller than a pixel keeps its pigment.
pub fn dot_footprint(view: &ViewTransform, imp: &Impression, optics: &DotOptics) -> DotFootprint {
    let radius = 0.5 * optics.deposit_px(imp.diameter_px) * view.scale;
    let edge_px = optics.edge_px.map(|e| (e * view.scale).max(MIN_EDGE_PX));
    let darkening = optics.darkening(imp.pigment_strength);
    let disc = std::f32::consts::PI * radius * radius * imp.opacity;
    let peak = [0, 1, 2].map(|c| darkening[c] * disc / profile_area(radius, edge_px[c]));
    let widest = edge_px[0].max(edge_px[1]).max(edge_px[2]);
    DotFootprint {
        centre_px: view.target_from_image(imp.pos_px),
        radius_px: radius,
        edge_px,
        peak,
        half_extent_px: dot_reach_px(radius, widest),
        irregularity: DOT_IRREGULARITY * smoothstep(1.5, 3.0, radius),
        phases: dot_phases(imp.pos_px),
        tilt_dir: imp.tilt_dir,
        squash: imp.squash.clamp(MIN_SQUASH, 1.0),
    }
}

/// Mirrors `fs_dot`: the share of the light a dot removes at offset (`dx`, `dy`) target pixels
/// from its centre, per channel: its peak inside `radius − edge`, a smoothstep down to 0 at
/// `radius + edge`, the whole squashed along its tilt (an ellipse whose minor axis is the
/// squash times the major; its light taken is smaller by the same share, as the scalp it
/// covers is seen smaller). The outline's radius wanders with the angle by up to the footprint's
/// irregularity; the angle is only computed where it can matter.
#[inline]
pub fn dot_darkening(footprint: &DotFootprint, dx: f32, dy: f32) -> [f32; 3] {
    // A foreshortened dot is a round one stretched back along its tilt.
    let (dx, dy) = if footprint.squash < 1.0 {
        let u = footprint.tilt_dir;
        let (along, across) = (dx * u.x + dy * u.y, -dx * u.y + dy * u.x);
        let along = along / footprint.squash;
        (along * u.x - across * u.y, along * u.y + across * u.x)
    } else {
        (dx, dy)
    };
    let distance_sq = dx * dx + dy * dy;
    let reach = footprint.half_extent_px;
    if distance_sq >= reach * reach {
        return [0.0; 3];
    }
    let mut radius = footprint.radius_px;
    if footprint.irregularity > 0.0 {
        let a = dy.atan2(dx);
        let [p0, p1] = footprint.phases;
        let shape = 0.6 * (2.0 * a + p0).sin() + 0.4 * (3.0 * a + p1).sin();
        radius *= 1.0 + footprint.irregularity * shape;
    }
    let distance = distance_sq.sqrt();
    [0, 1, 2].map(|c| {
        let e = footprint.edge_px[c];
        footprint.peak[c] * (1.0 - smoothstep(radius - e, radius + e, distance))
    })
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

    fn dot(pos_px: Vec2, diameter_px: f32) -> Impression {
        Impression {
            pos_px,
            diameter_px,
            opacity: 1.0,
            session: 1,
            pigment_strength: 1.0,
            tilt_dir: glam::Vec2::X,
            squash: 1.0,
        }
    }

    #[test]
    fn large_dots_have_irregular_outlines_and_small_ones_round() {
        let view = ViewTransform::IDENTITY;
        let optics = DotOptics::sharp([0.3; 3]);
        let big = dot_footprint(&view, &dot(Vec2::new(10.3, 7.9), 16.0), &optics);
        assert_eq!(big.irregularity, DOT_IRREGULARITY);
        // Along the rim the darkening changes with the angle: the outline is not a circle.
        let rim: Vec<f32> = (0..16)
            .map(|k| {
                let a = k as f32 * std::f32::consts::TAU / 16.0;
                dot_darkening(&big, 8.0 * a.cos(), 8.0 * a.sin())[1]
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
        assert_eq!(dot_darkening(&big, big.half_extent_px, 0.0), [0.0; 3]);
        let small = dot_footprint(&view, &dot(Vec2::ZERO, 2.0), &optics);
        assert_eq!(small.irregularity, 0.0);
    }

    /// The darkening a footprint lays, summed over the pixel centres it reaches.
    fn summed_darkening(fp: &DotFootprint) -> [f32; 3] {
        let r = fp.half_extent_px.ceil() as i32 + 1;
        let mut sum = [0.0; 3];
        for y in -r..=r {
            for x in -r..=r {
                let (dx, dy) = (
                    x as f32 + 0.5 - fp.centre_px.x,
                    y as f32 + 0.5 - fp.centre_px.y,
                );
                let d = dot_darkening(fp, dx, dy);
                (0..3).for_each(|c| sum[c] += d[c]);
            }
        }
        sum
    }

    #[test]
    fn a_dot_removes_the_light_its_deposit_absorbs_at_every_size() {
        // Per channel, the darkening summed over the pixels equals the deposit's disc × its
        // darkening, whether the dot is drawn 40 px wide or at a tenth of a pixel (averaged
        // over sub-pixel positions there, as a fit view samples many dots).
        let optics = DotOptics {
            core_transmittance: [0.3, 0.35, 0.4],
            surface_share: [0.9, 0.85, 0.7],
            deposit_per_mark: 2.0,
            spread_px: 3.0,
            edge_px: [4.0, 3.0, 2.0],
        };
        let imp = dot(Vec2::ZERO, 8.0);
        for scale in [2.0, 1.0, 0.25, 0.05] {
            let radius = 0.5 * optics.deposit_px(8.0) * scale;
            let expected = optics
                .darkening(1.0)
                .map(|d| d * std::f32::consts::PI * radius * radius);
            let mut total = [0.0; 3];
            let offsets = 8;
            for i in 0..offsets {
                for j in 0..offsets {
                    let offset_px = Vec2::new(i as f32, j as f32) / offsets as f32;
                    let view = ViewTransform { scale, offset_px };
                    let s = summed_darkening(&dot_footprint(&view, &imp, &optics));
                    (0..3).for_each(|c| total[c] += s[c] / (offsets * offsets) as f32);
                }
            }
            for c in 0..3 {
                let ratio = total[c] / expected[c];
                assert!(
                    (ratio - 1.0).abs() < 0.03,
                    "scale {scale}, channel {c}: {ratio}"
                );
            }
        }
    }
}
