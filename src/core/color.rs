//! Colour maths shared by the GPU shaders and the CPU reference: sRGB transfer functions and
//! the pigment model (dilution ratio → per-channel transmittance of a dot's core).

/// sRGB-encoded value in 0..=1 → linear light.
pub fn srgb_to_linear(encoded: f32) -> f32 {
    if encoded <= 0.04045 {
        encoded / 12.92
    } else {
        ((encoded + 0.055) / 1.055).powf(2.4)
    }
}

/// Linear light in 0..=1 → sRGB-encoded value.
pub fn linear_to_srgb(linear: f32) -> f32 {
    let l = linear.clamp(0.0, 1.0);
    if l <= 0.003_130_8 {
        l * 12.92
    } else {
        1.055 * l.powf(1.0 / 2.4) - 0.055
    }
}

/// Lookup table from 8-bit sRGB to linear light.
pub fn srgb8_to_linear_table() -> [f32; 256] {
    std::array::from_fn(|i| srgb_to_linear(i as f32 / 255.0))
}

/// Linear light → 8-bit sRGB, rounded to nearest.
pub fn linear_to_srgb8(linear: f32) -> u8 {
    (linear_to_srgb(linear) * 255.0).round() as u8
}

/// 8-bit sRGB to and from linear light without a `powf` per call, for whole frames. Decoding
/// is a 256-entry table. Encoding is [`linear_to_srgb8`] by tables: a 4096-entry one gives the
/// code at the start of each bucket of linear values, and the exact thresholds between codes
/// (found by bisection on [`linear_to_srgb8`] itself) settle the rest, so the result is
/// identical to [`linear_to_srgb8`] for every input.
pub struct Srgb8Codec {
    to_linear: [f32; 256],
    /// `first_code[i]`: the code of linear value `i / BUCKETS`.
    first_code: Vec<u8>,
    /// `threshold[k]`: the least linear value that encodes to code `k` (`threshold[0]` = 0).
    threshold: [f32; 256],
}

impl Srgb8Codec {
    const BUCKETS: usize = 4096;

    pub fn new() -> Self {
        let threshold = std::array::from_fn(|code| least_linear_for_code(code as u8));
        let first_code = (0..=Self::BUCKETS)
            .map(|i| linear_to_srgb8(i as f32 / Self::BUCKETS as f32))
            .collect();
        Srgb8Codec {
            to_linear: srgb8_to_linear_table(),
            first_code,
            threshold,
        }
    }

    /// The shared codec (its tables are built on first use).
    pub fn shared() -> &'static Self {
        static CODEC: std::sync::OnceLock<Srgb8Codec> = std::sync::OnceLock::new();
        CODEC.get_or_init(Self::new)
    }

    /// 8-bit sRGB → linear light.
    #[inline]
    pub fn decode(&self, byte: u8) -> f32 {
        self.to_linear[usize::from(byte)]
    }

    /// Linear light → 8-bit sRGB, exactly as [`linear_to_srgb8`].
    #[inline]
    pub fn encode(&self, linear: f32) -> u8 {
        let l = linear.clamp(0.0, 1.0);
        // Buckets are narrower than the steps between codes (≤ 1/3294 of linear light near
        // black), so at most a step or two remain.
        let mut code = self.first_code[(l * Self::BUCKETS as f32) as usize];
        while code < 255 && l >= self.threshold[usize::from(code) + 1] {
            code += 1;
        }
        code
    }
}

impl Default for Srgb8Codec {
    fn default() -> Self {
        Self::new()
    }
}

/// The least `l` in 0..=1 with `linear_to_srgb8(l) >= code`, by bisection over the ordered
/// bit patterns of non-negative floats (the encoding is monotonic in `l`).
fn least_linear_for_code(code: u8) -> f32 {
    let (mut lo, mut hi) = (0u32, 1.0f32.to_bits());
    if linear_to_srgb8(0.0) >= code {
        return 0.0;
    }
    // Invariant: encode(lo) < code <= encode(hi).
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if linear_to_srgb8(f32::from_bits(mid)) >= code {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    f32::from_bits(hi)
}

/// Optical density of undiluted carbon pigment at a dot's core, per unit concentration.
/// Chosen so 6:1 leaves ~25 % of the light (dark grey) and 20:1 ~63 % (light grey),
/// matching "healed dots read as greys, not black" (docs/domain.md).
pub const OPTICAL_DENSITY_PER_CONCENTRATION: f32 = 9.7;
/// Carbon seen through the epidermis looks slightly cool: red is absorbed a little more.
pub const CHANNEL_ABSORPTION: [f32; 3] = [1.06, 1.0, 0.92];

/// Fraction of light (linear, per RGB channel) that passes a dot's core for a dilution ratio
/// of `water_parts_per_pigment` : 1.
pub fn pigment_transmittance(water_parts_per_pigment: f32) -> [f32; 3] {
    let concentration = 1.0 / (1.0 + water_parts_per_pigment.max(0.0));
    CHANNEL_ABSORPTION.map(|k| (-OPTICAL_DENSITY_PER_CONCENTRATION * concentration * k).exp())
}

/// Share of a core's absorption that shows through the skin at the standard depth, per
/// channel: `optics::SkinLayer::surface_share` (checked by a test there), kept here as numbers
/// so that this leaf module needs nothing else.
pub const SURFACE_SHARE_STANDARD: [f32; 3] = [0.9048, 0.8353, 0.6977];

/// What a healed dot's core lets through as seen at the surface (linear, per channel): the
/// core's absorption, less the light scattered back above the pigment.
pub fn seen_core_transmittance(water_parts_per_pigment: f32) -> [f32; 3] {
    let t = pigment_transmittance(water_parts_per_pigment);
    [0, 1, 2].map(|c| 1.0 - (1.0 - t[c]) * SURFACE_SHARE_STANDARD[c])
}

/// A mid skin tone, linear RGB, for showing a shade out of context (when no photo is at hand).
pub const MID_SKIN_LINEAR: [f32; 3] = [0.62, 0.42, 0.33];

/// The colour (sRGB bytes) of a dot's core at this dilution on `skin` (linear RGB), as seen
/// through the skin: the same dilution reads darker on fair skin's contrast and lighter on
/// dark skin.
pub fn shade_on_skin(water_parts_per_pigment: f32, skin: [f32; 3]) -> [u8; 3] {
    let t = seen_core_transmittance(water_parts_per_pigment);
    [0, 1, 2].map(|i| linear_to_srgb8(skin[i] * t[i]))
}

/// The dilution (6:1 … 20:1, in half steps) whose dot core on `base` (linear RGB) comes
/// closest to `target_luminance`.
pub fn dilution_for_dot_luminance(target_luminance: f32, base: [f32; 3]) -> f32 {
    let on_base = |d: f32| {
        let t = seen_core_transmittance(d);
        luminance([base[0] * t[0], base[1] * t[1], base[2] * t[2]])
    };
    (12..=40)
        .map(|half_steps| half_steps as f32 * 0.5)
        .min_by(|a, b| {
            (on_base(*a) - target_luminance)
                .abs()
                .total_cmp(&(on_base(*b) - target_luminance).abs())
        })
        .unwrap_or(10.0)
}

/// The dilution for a scar so that its impressions read as dark as the plan's do on the
/// surrounding skin: scar tissue is usually lighter, so it needs a stronger (lower) dilution.
pub fn scar_matching_dilution(plan_dilution: f32, skin: [f32; 3], scar: [f32; 3]) -> f32 {
    let t = seen_core_transmittance(plan_dilution);
    let on_skin = luminance([skin[0] * t[0], skin[1] * t[1], skin[2] * t[2]]);
    dilution_for_dot_luminance(on_skin, scar)
}

/// Dilutions offered as swatches, parts water per part pigment (docs/domain.md: 6:1 dark …
/// 20:1 light).
pub const SWATCH_DILUTIONS: [f32; 6] = [6.0, 8.0, 10.0, 12.0, 15.0, 20.0];

/// Relative luminance of a linear RGB colour.
pub fn luminance(linear: [f32; 3]) -> f32 {
    0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
}

/// The dilution (6:1 … 20:1, in half steps) whose dot core on `skin` comes closest in luminance
/// to `hair` — both linear RGB sampled from the patient's photo: the impressions should read
/// like the patient's own stubble on the patient's own skin.
pub fn dilution_matching(hair: [f32; 3], skin: [f32; 3]) -> f32 {
    dilution_for_dot_luminance(luminance(hair), skin)
}

/// Mean linear colour of `photo` over a square of `radius_px` around `centre_px` (clipped).
pub fn mean_linear(
    photo: &image::RgbaImage,
    centre_px: glam::Vec2,
    radius_px: u32,
) -> Option<[f32; 3]> {
    let to_linear = srgb8_to_linear_table();
    let (w, h) = photo.dimensions();
    let (cx, cy) = (centre_px.x.floor() as i64, centre_px.y.floor() as i64);
    let r = i64::from(radius_px);
    let mut sum = [0.0f32; 3];
    let mut count = 0u32;
    for y in (cy - r).max(0)..=(cy + r).min(i64::from(h) - 1) {
        for x in (cx - r).max(0)..=(cx + r).min(i64::from(w) - 1) {
            let p = photo.get_pixel(x as u32, y as u32);
            for c in 0..3 {
                sum[c] += to_linear[p[c] as usize];
            }
            count += 1;
        }
    }
    (count > 0).then(|| sum.map(|v| v / count as f32))
}

/// Mean linear colour of the photo inside the treatment `area` (sampled on a 64 × 64 grid over
/// its bounding box): the patient's scalp skin.
pub fn mean_skin_linear(photo: &image::RgbaImage, area: &[glam::Vec2]) -> Option<[f32; 3]> {
    let (lo, hi) = crate::core::geometry::bounding_box(area)?;
    mean_linear_where(photo, (lo, hi), |p| {
        crate::core::geometry::polygon_contains(area, p)
    })
}

/// Mean linear colour of the photo at the points of a 64 × 64 grid over `lo..hi` (photo
/// pixels) that `inside` accepts; `None` if it accepts none on the photo.
pub fn mean_linear_where(
    photo: &image::RgbaImage,
    (lo, hi): (glam::Vec2, glam::Vec2),
    inside: impl Fn(glam::Vec2) -> bool,
) -> Option<[f32; 3]> {
    let to_linear = srgb8_to_linear_table();
    let (w, h) = photo.dimensions();
    let mut sum = [0.0f32; 3];
    let mut count = 0u32;
    for j in 0..64 {
        for i in 0..64 {
            let p =
                lo + (hi - lo) * glam::Vec2::new((i as f32 + 0.5) / 64.0, (j as f32 + 0.5) / 64.0);
            let on_photo = p.x >= 0.0 && p.y >= 0.0 && (p.x as u32) < w && (p.y as u32) < h;
            if on_photo && inside(p) {
                let px = photo.get_pixel(p.x as u32, p.y as u32);
                for c in 0..3 {
                    sum[c] += to_linear[px[c] as usize];
                }
                count += 1;
            }
        }
    }
    (count > 0).then(|| sum.map(|v| v / count as f32))
}

/// Stops of the heat-map colour ramp (perceptually ordered, dark violet → yellow, after viridis).
const HEAT_STOPS: [[f32; 3]; 5] = [
    [68.0, 1.0, 84.0],
    [59.0, 82.0, 139.0],
    [33.0, 145.0, 140.0],
    [94.0, 201.0, 98.0],
    [253.0, 231.0, 37.0],
];

/// Heat-map colour (sRGB bytes) for `t` in 0..=1 (clamped), low = dark violet, high = yellow.
pub fn heat_colour(t: f32) -> [u8; 3] {
    let x = t.clamp(0.0, 1.0) * (HEAT_STOPS.len() - 1) as f32;
    let i = (x.floor() as usize).min(HEAT_STOPS.len() - 2);
    let f = x - i as f32;
    let (a, b) = (HEAT_STOPS[i], HEAT_STOPS[i + 1]);
    [0, 1, 2].map(|c| (a[c] + (b[c] - a[c]) * f).round() as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_encoder_equals_linear_to_srgb8_everywhere() {
        let encoder = Srgb8Codec::new();
        // A dense sweep, every code's threshold and its neighbouring floats, and out of range.
        let sweep = (0..=200_000).map(|i| i as f32 / 200_000.0);
        let edges = encoder.threshold.iter().flat_map(|&t| {
            let bits = t.to_bits();
            [bits.saturating_sub(1), bits, bits + 1].map(f32::from_bits)
        });
        let mut checked = 0;
        for l in sweep
            .chain(edges)
            .chain([-0.5, 0.0, 1.0, 1.5, f32::MIN_POSITIVE])
        {
            assert_eq!(encoder.encode(l), linear_to_srgb8(l), "linear {l}");
            checked += 1;
        }
        assert!(checked > 200_000);
    }

    #[test]
    fn srgb_round_trips_every_byte() {
        let table = srgb8_to_linear_table();
        for (i, &l) in table.iter().enumerate() {
            assert_eq!(linear_to_srgb8(l), i as u8);
        }
    }

    #[test]
    fn matching_dark_hair_picks_a_dark_shade_and_light_hair_a_light_one() {
        let skin = [0.6, 0.42, 0.33];
        let dark = dilution_matching([0.05, 0.04, 0.035], skin);
        let light = dilution_matching([0.3, 0.22, 0.18], skin);
        assert!(dark < light, "{dark} {light}");
        assert!((6.0..=20.0).contains(&dark) && (6.0..=20.0).contains(&light));
        // An exact shade is found again.
        let t = seen_core_transmittance(12.0);
        let hair = [skin[0] * t[0], skin[1] * t[1], skin[2] * t[2]];
        assert_eq!(dilution_matching(hair, skin), 12.0);
    }

    #[test]
    fn mean_colour_is_clipped_at_the_edges() {
        let photo = image::RgbaImage::from_pixel(4, 4, image::Rgba([255, 0, 0, 255]));
        let m = mean_linear(&photo, glam::Vec2::new(0.0, 0.0), 3).expect("inside");
        assert!((m[0] - 1.0).abs() < 1e-6 && m[1] == 0.0);
        assert!(mean_linear(&photo, glam::Vec2::new(-50.0, -50.0), 3).is_none());
    }

    #[test]
    fn heat_ramp_ends_and_brightens() {
        assert_eq!(heat_colour(0.0), [68, 1, 84]);
        assert_eq!(heat_colour(1.0), [253, 231, 37]);
        assert_eq!(heat_colour(2.0), heat_colour(1.0));
        let luma =
            |c: [u8; 3]| 0.3 * f32::from(c[0]) + 0.6 * f32::from(c[1]) + 0.1 * f32::from(c[2]);
        let mut last = -1.0;
        for i in 0..=20 {
            let l = luma(heat_colour(i as f32 / 20.0));
            assert!(l > last, "ramp must brighten monotonically");
            last = l;
        }
    }

    #[test]
    fn lighter_scar_tissue_takes_a_stronger_dilution() {
        let skin = [0.55, 0.36, 0.28];
        assert_eq!(scar_matching_dilution(10.0, skin, skin), 10.0);
        // Scar tissue 25 % lighter than the skin (a much lighter scar is beyond what 6:1 can
        // make up for: then the darkest shade is proposed).
        let scar = [0.66, 0.46, 0.37];
        let d = scar_matching_dilution(10.0, skin, scar);
        assert!(d < 8.0, "{d}");
        assert_eq!(scar_matching_dilution(10.0, skin, [0.95, 0.85, 0.8]), 6.0);
        // The dot on the scar then reads about as dark as the plan's dot on the skin.
        let on = |base: [f32; 3], d: f32| {
            let t = seen_core_transmittance(d);
            luminance([base[0] * t[0], base[1] * t[1], base[2] * t[2]])
        };
        assert!((on(scar, d) / on(skin, 10.0) - 1.0).abs() < 0.08);
    }

    #[test]
    fn stronger_dilution_is_lighter_and_cool() {
        let dark = pigment_transmittance(6.0);
        let light = pigment_transmittance(20.0);
        assert!((0.2..0.3).contains(&dark[1]), "{dark:?}");
        assert!((0.55..0.7).contains(&light[1]), "{light:?}");
        assert!(
            dark[0] < dark[1] && dark[1] < dark[2],
            "cool cast: {dark:?}"
        );
    }
}
