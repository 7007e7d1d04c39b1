//! The tone a patient sees at arm's length: how much the treated area is darkened, measured on
//! pictures and predicted for a plan, and the *match stubble* proposal that sets a plan's
//! shade to the patient's own shaved fringe (docs/domain.md, "What the eye sees": the treated
//! area must blend into the shaved sides and back). Pure Rust.
//!
//! A fringe is measured against the skin it grows from, inside the same rectangle: the sides are
//! often lit differently from the top, so the treatment area's skin is no reference for it.
//! In each small tile of the rectangle the skin is the mean of the pixels between the 70th and
//! 90th percentile of luminance (the skin between the hairs, leaving out highlights and noise);
//! the fringe's darkening is 1 − Σ mean luminance / Σ skin luminance over the tiles. The
//! stubble's colour is the mean of the darkest 15 % of the whole rectangle.
//!
//! A plan's darkening is predicted by rendering it (the CPU reference, the same optics as the
//! preview) over a flat patch of the treated area's own skin colour, so overlaps, jitter and
//! the sum's floor are all counted, not estimated.

use glam::Vec2;
use image::RgbaImage;

use crate::core::color::{linear_to_srgb8, luminance, srgb8_to_linear_table};
use crate::core::look::Age;
use crate::core::numbers::{
    NEEDLE_3RL_PRESETS_MM, NEEDLE_PRESETS_MM, healed_dot_3rl_mm, healed_dot_mm,
};
use crate::core::optics::DotOptics;
use crate::core::plan::Plan;

/// Most pixels read when measuring a rectangle (larger ones are sampled on a grid).
const MAX_SAMPLES: usize = 250_000;
/// Side of the patch a plan's darkening is predicted on, mm, and the margin left out.
const PATCH_MM: f32 = 40.0;
const PATCH_MARGIN_MM: f32 = 3.0;
/// Scale of the prediction patch (the darkening is a ratio of mm quantities: any scale that
/// draws the deposits a few pixels wide gives the same figure).
const PATCH_PX_PER_MM: f32 = 6.0;
/// Densities a match may propose, impressions/cm² (docs/domain.md: 60–120 finished).
pub const MATCH_DENSITY_PER_CM2: (f32, f32) = (60.0, 120.0);

/// A shaved fringe as measured in a rectangle of the photo.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FringeTone {
    /// The skin between the hairs, linear RGB.
    pub skin_linear: [f32; 3],
    /// The stubble's own colour (the darkest pixels), linear RGB.
    pub stubble_linear: [f32; 3],
    /// How much the stubble darkens its skin on average (luminance), 0..1.
    pub darkening: f32,
}

/// Measures the fringe inside the rectangle `min_px..max_px` (photo pixels, clipped to the
/// photo); `None` if it holds fewer than 16 pixels or no light. The rectangle is measured in
/// tiles, each against its own skin, so that light falling off across it does not count as
/// stubble.
pub fn measure_fringe(photo: &RgbaImage, min_px: Vec2, max_px: Vec2) -> Option<FringeTone> {
    let (lo, hi) = (min_px.min(max_px), min_px.max(max_px));
    let side = ((hi - lo).min_element() / 4.0).clamp(MIN_TILE_PX, MAX_TILE_PX);
    let tiles = ((hi - lo) / side).ceil().max(Vec2::ONE);
    let (mut sum_mean, mut sum_skin, mut skin_colour, mut all) =
        (0.0, 0.0, [0.0f32; 3], Vec::new());
    for j in 0..tiles.y as u32 {
        for i in 0..tiles.x as u32 {
            let t0 = lo + Vec2::new(i as f32, j as f32) * side;
            let mut pixels = rect_pixels(photo, t0, (t0 + Vec2::splat(side)).min(hi));
            if pixels.len() < 16 {
                continue;
            }
            pixels.sort_by(|a, b| luminance(*a).total_cmp(&luminance(*b)));
            let skin = band_mean(&pixels, SKIN_BAND);
            let weight = pixels.len() as f32;
            sum_mean += luminance(mean(&pixels)) * weight;
            sum_skin += luminance(skin) * weight;
            (0..3).for_each(|c| skin_colour[c] += skin[c] * weight);
            all.extend(pixels);
        }
    }
    if all.len() < 16 || sum_skin <= 0.0 {
        return None;
    }
    all.sort_by(|a, b| luminance(*a).total_cmp(&luminance(*b)));
    let n = all.len() as f32;
    Some(FringeTone {
        skin_linear: skin_colour.map(|c| c / n),
        stubble_linear: band_mean(&all, (0.0, 0.15)),
        darkening: (1.0 - sum_mean / sum_skin).clamp(0.0, 1.0),
    })
}

/// Sides of the tiles a fringe is measured in, photo pixels.
const MIN_TILE_PX: f32 = 12.0;
const MAX_TILE_PX: f32 = 48.0;
/// The share of a tile's pixels, by luminance, taken for its skin: above any stubble that
/// covers up to ~half of it, below the brightest (noise, highlights).
const SKIN_BAND: (f32, f32) = (0.70, 0.90);

/// The mean of the pixels (sorted by luminance) between two shares of their count.
fn band_mean(sorted: &[[f32; 3]], (lo, hi): (f32, f32)) -> [f32; 3] {
    let n = sorted.len() as f32;
    let (a, b) = (
        (n * lo) as usize,
        ((n * hi) as usize).max((n * lo) as usize + 1),
    );
    mean(&sorted[a.min(sorted.len() - 1)..b.min(sorted.len())])
}

/// Linear colours of the rectangle's pixels, on a grid thin enough for [`MAX_SAMPLES`].
fn rect_pixels(photo: &RgbaImage, min_px: Vec2, max_px: Vec2) -> Vec<[f32; 3]> {
    let (w, h) = photo.dimensions();
    let clip = |v: f32, limit: u32| v.clamp(0.0, limit as f32) as u32;
    let (x0, x1) = (
        clip(min_px.x.min(max_px.x), w),
        clip(min_px.x.max(max_px.x), w),
    );
    let (y0, y1) = (
        clip(min_px.y.min(max_px.y), h),
        clip(min_px.y.max(max_px.y), h),
    );
    let count = u64::from(x1 - x0) * u64::from(y1 - y0);
    let step = ((count as f64 / MAX_SAMPLES as f64).sqrt().ceil() as u32).max(1);
    let to_linear = srgb8_to_linear_table();
    let mut out = Vec::new();
    for y in (y0..y1).step_by(step as usize) {
        for x in (x0..x1).step_by(step as usize) {
            let p = photo.get_pixel(x, y);
            out.push([0, 1, 2].map(|c| to_linear[usize::from(p[c])]));
        }
    }
    out
}

fn mean(pixels: &[[f32; 3]]) -> [f32; 3] {
    let n = pixels.len().max(1) as f32;
    let mut sum = [0.0f32; 3];
    for p in pixels {
        (0..3).for_each(|c| sum[c] += p[c]);
    }
    sum.map(|s| s / n)
}

/// How much `after` is darker than `before` (luminance of the means, 0..1) over the pixels of
/// the two same-sized pictures that `inside` accepts; `None` if it accepts none.
pub fn darkening_between(
    before: &RgbaImage,
    after: &RgbaImage,
    inside: impl Fn(u32, u32) -> bool,
) -> Option<f32> {
    let to_linear = srgb8_to_linear_table();
    let (mut lb, mut la, mut n) = (0.0f64, 0.0f64, 0u64);
    for (x, y, b) in before.enumerate_pixels() {
        if !inside(x, y) {
            continue;
        }
        let a = after.get_pixel(x, y);
        let lum = |p: &image::Rgba<u8>| {
            f64::from(luminance([0, 1, 2].map(|c| to_linear[usize::from(p[c])])))
        };
        lb += lum(b);
        la += lum(a);
        n += 1;
    }
    (n > 0 && lb > 0.0).then(|| (1.0 - la / lb) as f32)
}

/// The darkening (luminance, 0..1) the plan's base density, dot, dilution and depth give on
/// flat skin of colour `skin_linear`, after all sessions, healed: rendered, not estimated.
pub fn predicted_darkening(plan: &Plan, skin_linear: [f32; 3]) -> f32 {
    let side_px = PATCH_MM * PATCH_PX_PER_MM;
    let mut patch = plan.clone();
    patch.px_per_mm = PATCH_PX_PER_MM;
    patch.area = vec![
        Vec2::ZERO,
        Vec2::new(side_px, 0.0),
        Vec2::new(side_px, side_px),
        Vec2::new(0.0, side_px),
    ];
    patch.hairline = None;
    patch.zones.clear();
    patch.hair_mask = None;
    let impressions = crate::core::sampling::impressions_for(&patch);
    let colour = skin_linear.map(linear_to_srgb8);
    let side = side_px as u32;
    let photo = RgbaImage::from_pixel(
        side,
        side,
        image::Rgba([colour[0], colour[1], colour[2], 255]),
    );
    let optics = DotOptics::for_plan(&patch, Age::Healed);
    let after = crate::render::cpu_render::render_reference(
        &photo,
        &impressions,
        f32::NEG_INFINITY,
        optics,
    );
    let margin = (PATCH_MARGIN_MM * PATCH_PX_PER_MM) as u32;
    let inside = |x: u32, y: u32| {
        (margin..side - margin).contains(&x) && (margin..side - margin).contains(&y)
    };
    darkening_between(&photo, &after, inside).unwrap_or(0.0)
}

/// What *match stubble* proposes for a plan.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StubbleMatch {
    pub fringe: FringeTone,
    pub dilution_ratio: f32,
    pub density_per_cm2: f32,
    /// The healed mark, mm, and the needle preset it comes from.
    pub dot_diameter_mm: f32,
    pub needle: (&'static str, f32),
    /// The darkening the proposal gives on the treated area's skin (rendered).
    pub predicted_darkening: f32,
}

impl StubbleMatch {
    /// Sets the plan's base shade to the proposal (zones keep their own densities).
    pub fn apply_to(&self, plan: &mut Plan) {
        plan.dilution_ratio = self.dilution_ratio;
        plan.density_per_cm2 = self.density_per_cm2;
        plan.dot_diameter_mm = self.dot_diameter_mm;
    }

    /// One line for the panel and the CLI's stderr.
    pub fn summary(&self) -> String {
        format!(
            "fringe darkens its skin {:.1} %: proposed {}:1, {:.0}/cm², {} {:.2} (dot {:.3} mm), \
             giving {:.1} % on the treated skin",
            100.0 * self.fringe.darkening,
            trim(self.dilution_ratio),
            self.density_per_cm2,
            self.needle.0,
            self.needle.1,
            self.dot_diameter_mm,
            100.0 * self.predicted_darkening
        )
    }
}

fn trim(v: f32) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// The needle presets a match chooses among: name, needle mm, healed mark mm.
fn needle_marks() -> Vec<(&'static str, f32, f32)> {
    let cluster = NEEDLE_3RL_PRESETS_MM.map(|n| ("3RL", n, healed_dot_3rl_mm(n)));
    let single = NEEDLE_PRESETS_MM.map(|n| ("1RL", n, healed_dot_mm(n)));
    cluster.into_iter().chain(single).collect()
}

/// Proposes dilution, density and dot for `plan` so that its treated area, whose skin is
/// `treated_skin_linear`, is darkened as much as `fringe` darkens its own skin. The dilution
/// is the hair-colour match of the stubble on the treated skin (the eyedropper's
/// [`crate::core::color::dilution_matching`]), made darker only if no needle reaches the fringe's
/// tone within the usual densities; the needle is the one that needs a density nearest
/// 100/cm²; the density is then refined on the rendered prediction.
pub fn propose_stubble_match(
    plan: &Plan,
    fringe: FringeTone,
    treated_skin_linear: [f32; 3],
) -> StubbleMatch {
    let target = fringe.darkening;
    let colour_match =
        crate::core::color::dilution_matching(fringe.stubble_linear, treated_skin_linear);
    let mut trial = plan.clone();
    let mut best = None;
    let mut dilution = colour_match;
    loop {
        trial.dilution_ratio = dilution;
        best = best_needle(&mut trial, target, treated_skin_linear).or(best);
        if best.is_some_and(|(_, density, _)| density <= MATCH_DENSITY_PER_CM2.1) || dilution <= 6.0
        {
            break;
        }
        dilution = (dilution - 1.0).max(6.0);
    }
    let (needle, density, mark) = best.unwrap_or((("3RL", 0.20), 100.0, healed_dot_3rl_mm(0.20)));
    trial.dot_diameter_mm = mark;
    trial.density_per_cm2 = density;
    // One refinement on the rendered figure (the darkening is close to linear in density).
    let first = predicted_darkening(&trial, treated_skin_linear);
    if first > 0.0 && target > 0.0 {
        let (lo, hi) = MATCH_DENSITY_PER_CM2;
        trial.density_per_cm2 = (density * target / first)
            .clamp(lo * 0.5, hi * 1.25)
            .round();
    }
    StubbleMatch {
        fringe,
        dilution_ratio: trial.dilution_ratio,
        density_per_cm2: trial.density_per_cm2,
        dot_diameter_mm: mark,
        needle,
        predicted_darkening: predicted_darkening(&trial, treated_skin_linear),
    }
}

/// The needle whose mark needs a density nearest 100/cm² to reach `target` at the trial's
/// dilution, with that density (kept within [`MATCH_DENSITY_PER_CM2`] where possible).
fn best_needle(
    trial: &mut Plan,
    target: f32,
    skin: [f32; 3],
) -> Option<((&'static str, f32), f32, f32)> {
    let mut options = Vec::new();
    for (name, needle, mark) in needle_marks() {
        trial.dot_diameter_mm = mark;
        trial.density_per_cm2 = 100.0;
        let at_100 = predicted_darkening(trial, skin);
        if at_100 > 0.0 {
            options.push(((name, needle), 100.0 * target / at_100, mark));
        }
    }
    let (lo, hi) = MATCH_DENSITY_PER_CM2;
    let within = |d: f32| (lo..=hi).contains(&d);
    options
        .iter()
        .filter(|(_, d, _)| within(*d))
        .min_by(|a, b| (a.1 - 100.0).abs().total_cmp(&(b.1 - 100.0).abs()))
        .or_else(|| options.iter().min_by(|a, b| a.1.total_cmp(&b.1)))
        .map(|&(n, d, m)| (n, d.clamp(lo, hi * 1.25), m))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Skin with dark hairs on a fraction of its pixels, a little noise on every pixel.
    fn fringe_photo(hair_share: f32) -> RgbaImage {
        RgbaImage::from_fn(120, 80, |x, y| {
            let h = (x.wrapping_mul(73_856_093) ^ y.wrapping_mul(19_349_663)) % 1000;
            if (h as f32) < hair_share * 1000.0 {
                image::Rgba([60, 45, 40, 255])
            } else {
                let n = (h % 7) as u8;
                image::Rgba([200 + n, 160 + n, 140 + n, 255])
            }
        })
    }

    #[test]
    fn a_fringe_is_measured_against_its_own_skin() {
        let photo = fringe_photo(0.2);
        let tone = measure_fringe(&photo, Vec2::ZERO, Vec2::new(120.0, 80.0)).expect("tone");
        // Hair at luminance ~0.03 on skin ~0.39 over 20 % of the pixels: ~18 % darker.
        assert!((0.15..0.21).contains(&tone.darkening), "{tone:?}");
        assert!(luminance(tone.stubble_linear) < 0.1 * luminance(tone.skin_linear));
        assert!(measure_fringe(&photo, Vec2::ZERO, Vec2::new(2.0, 2.0)).is_none());
    }

    #[test]
    fn denser_larger_darker_plans_predict_darker() {
        let skin = [0.6, 0.42, 0.33];
        let mut plan = Plan::for_whole_photo(400, 400);
        let base = predicted_darkening(&plan, skin);
        plan.density_per_cm2 *= 1.2;
        let denser = predicted_darkening(&plan, skin);
        plan.dilution_ratio = 6.0;
        let darker = predicted_darkening(&plan, skin);
        assert!(base < denser && denser < darker, "{base} {denser} {darker}");
    }
}
