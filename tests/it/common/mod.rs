//! Helpers shared by the integration tests: synthetic plans and point-set measurements.
#![allow(dead_code, reason = "each test module uses some of these helpers")]

use glam::Vec2;
use smp_preview::core::plan::{Hairline, Plan, Zone};
use smp_preview::core::sampling::Impression;

/// The bundled scalp-with-fringe sample's plan file (its photo beside it), for tests that
/// follow that sample's layout; it is only read.
pub fn fringe_sample_plan_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample.smp.json")
}

/// Writes a uniform skin-coloured photo of `width` × `height` pixels to `path`.
pub fn write_flat_photo(path: &std::path::Path, width: u32, height: u32) {
    image::RgbaImage::from_pixel(width, height, image::Rgba([205, 165, 145, 255]))
        .save(path)
        .expect("test photo written");
}

/// A square plan of `side_mm` at `px_per_mm`, no hairline, uniform `density`.
pub fn square_plan(side_mm: f32, px_per_mm: f32, density: f32) -> Plan {
    let side_px = side_mm * px_per_mm;
    let mut plan = Plan::for_whole_photo(side_px as u32, side_px as u32);
    plan.px_per_mm = px_per_mm;
    plan.px_per_mm_is_estimate = false;
    plan.density_per_cm2 = density;
    plan.area = vec![
        Vec2::ZERO,
        Vec2::new(side_px, 0.0),
        Vec2::new(side_px, side_px),
        Vec2::new(0.0, side_px),
    ];
    plan
}

/// A 100 × 80 mm plan with a straight hairline along the bottom edge (treated side above)
/// and a zone covering the top-left quarter.
pub fn plan_with_fade_and_zone(density: f32, zone_density: f32, fade_mm: f32) -> Plan {
    let ppm = 4.0;
    let mut plan = square_plan(100.0, ppm, density);
    plan.area = vec![
        Vec2::ZERO,
        Vec2::new(400.0, 0.0),
        Vec2::new(400.0, 320.0),
        Vec2::new(0.0, 320.0),
    ];
    plan.hairline = Some(Hairline {
        points: vec![Vec2::new(-10.0, 320.0), Vec2::new(410.0, 320.0)],
        fade_depth_mm: fade_mm,
        macro_irregularity_mm: 0.0,
        micro_irregularity_mm: 0.0,
        edge_dot_scale: 1.0,
    });
    plan.zones.push(Zone {
        name: "crown".into(),
        polygon: vec![
            Vec2::ZERO,
            Vec2::new(200.0, 0.0),
            Vec2::new(200.0, 120.0),
            Vec2::new(0.0, 120.0),
        ],
        density_per_cm2: zone_density,
        dilution_ratio: None,
        mask: None,
    });
    plan
}

/// Points in mm.
pub fn positions_mm(impressions: &[Impression], px_per_mm: f32) -> Vec<Vec2> {
    impressions.iter().map(|i| i.pos_px / px_per_mm).collect()
}

/// A uniform grid of buckets for nearest-neighbour queries.
pub struct Grid {
    cell: f32,
    origin: Vec2,
    cols: usize,
    rows: usize,
    buckets: Vec<Vec<usize>>,
    points: Vec<Vec2>,
}

impl Grid {
    pub fn new(points: &[Vec2], cell: f32) -> Self {
        let (lo, hi) =
            smp_preview::core::geometry::bounding_box(points).unwrap_or((Vec2::ZERO, Vec2::ONE));
        let cols = ((hi.x - lo.x) / cell) as usize + 1;
        let rows = ((hi.y - lo.y) / cell) as usize + 1;
        let mut buckets = vec![Vec::new(); cols * rows];
        for (i, p) in points.iter().enumerate() {
            let c = ((p.x - lo.x) / cell) as usize;
            let r = ((p.y - lo.y) / cell) as usize;
            buckets[r * cols + c].push(i);
        }
        Grid {
            cell,
            origin: lo,
            cols,
            rows,
            buckets,
            points: points.to_vec(),
        }
    }

    /// Nearest other point to `p` within `reach` cells (index, distance); `skip` is excluded.
    pub fn nearest(&self, p: Vec2, skip: Option<usize>, reach: i64) -> Option<(usize, f32)> {
        let c = ((p.x - self.origin.x) / self.cell).floor() as i64;
        let r = ((p.y - self.origin.y) / self.cell).floor() as i64;
        let mut best: Option<(usize, f32)> = None;
        for rr in r - reach..=r + reach {
            for cc in c - reach..=c + reach {
                if rr < 0 || cc < 0 || rr >= self.rows as i64 || cc >= self.cols as i64 {
                    continue;
                }
                for &j in &self.buckets[rr as usize * self.cols + cc as usize] {
                    if Some(j) == skip {
                        continue;
                    }
                    let d = (self.points[j] - p).length();
                    if best.is_none_or(|(_, bd)| d < bd) {
                        best = Some((j, d));
                    }
                }
            }
        }
        best
    }
}

/// Whether a command that needs the GPU ran: false (skip the rest) when it failed on a machine
/// that set `SMP_ALLOW_NO_GPU`; otherwise it must have succeeded (`what` names it on failure).
pub fn gpu_ok(out: &std::process::Output, what: &str) -> bool {
    if !out.status.success() && std::env::var_os("SMP_ALLOW_NO_GPU").is_some() {
        return false;
    }
    assert!(
        out.status.success(),
        "{what}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    true
}

/// A headless GPU, or `None` (skip) on a machine that set `SMP_ALLOW_NO_GPU`.
pub fn gpu() -> Option<smp_preview::render::gpu::GpuContext> {
    match smp_preview::render::gpu::GpuContext::headless() {
        Ok(ctx) => Some(ctx),
        Err(e) if std::env::var_os("SMP_ALLOW_NO_GPU").is_some() => {
            eprintln!("skipping GPU test: {e}");
            None
        }
        Err(e) => panic!("{e} (set SMP_ALLOW_NO_GPU=1 to skip GPU tests)"),
    }
}

/// How closely a GPU frame must match the CPU reference, per channel in 8-bit sRGB levels.
/// The GPU blends each dot into an 8-bit sRGB target, rounding after every multiply (≤ 0.5
/// level each), while the reference multiplies in f32 and rounds once; with up to ~4
/// overlapping dots per pixel that is ≤ 2 levels, plus one for sRGB encode/decode differences
/// in the driver. The mean absolute difference over all channels must stay under half a level.
/// Perceptually (CIELAB ΔE76, ~2.3 being just noticeable): one level on a dark, warm dot core
/// is already ~1.2 ΔE76, so 3 levels there can reach ~3.5 and the per-pixel bound, 4, only
/// restates the level bound; the mean over the picture, at most 0.2 ΔE76, is the perceptual
/// test: no visible difference anywhere but at the odd pixel.
pub const GPU_TOLERANCE: Tolerance = Tolerance {
    max_levels: 3,
    mean_levels: 0.5,
    max_delta_e: 4.0,
    mean_delta_e: 0.2,
};

/// Allowed difference between two renders: per channel in 8-bit levels, and perceptually as
/// the largest CIELAB ΔE76 of any pixel.
#[derive(Clone, Copy, Debug)]
pub struct Tolerance {
    pub max_levels: u8,
    pub mean_levels: f64,
    pub max_delta_e: f64,
    pub mean_delta_e: f64,
}

/// CIELAB (D65) of an 8-bit sRGB pixel.
fn lab(p: &image::Rgba<u8>) -> [f64; 3] {
    let linear = |c: u8| {
        let v = f64::from(c) / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    let (r, g, b) = (linear(p[0]), linear(p[1]), linear(p[2]));
    let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
    let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
    let f = |t: f64| {
        if t > 216.0 / 24389.0 {
            t.cbrt()
        } else {
            (24389.0 / 27.0 * t + 16.0) / 116.0
        }
    };
    let (fx, fy, fz) = (f(x), f(y), f(z));
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
}

/// CIE76 colour difference of two pixels.
pub fn delta_e(a: &image::Rgba<u8>, b: &image::Rgba<u8>) -> f64 {
    let (a, b) = (lab(a), lab(b));
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
}

/// Asserts `actual` matches `expected` within [`GPU_TOLERANCE`].
pub fn compare_images(name: &str, actual: &image::RgbaImage, expected: &image::RgbaImage) {
    compare_within(name, actual, expected, GPU_TOLERANCE);
}

/// Asserts `actual` matches `expected` within `tolerance`; on failure writes the actual,
/// expected and (×40) difference images and names their folder.
pub fn compare_within(
    name: &str,
    actual: &image::RgbaImage,
    expected: &image::RgbaImage,
    tolerance: Tolerance,
) {
    assert_eq!(actual.dimensions(), expected.dimensions(), "{name}: size");
    let mut max = 0u8;
    let mut sum = 0u64;
    let (mut max_delta_e, mut sum_delta_e) = (0f64, 0f64);
    for (a, e) in actual.pixels().zip(expected.pixels()) {
        for c in 0..3 {
            let d = a[c].abs_diff(e[c]);
            max = max.max(d);
            sum += u64::from(d);
        }
        let de = delta_e(a, e);
        max_delta_e = max_delta_e.max(de);
        sum_delta_e += de;
    }
    let mean_delta_e = sum_delta_e / f64::from((actual.width() * actual.height()).max(1));
    let mean = sum as f64 / (3 * actual.width() * actual.height()).max(1) as f64;
    println!(
        "{name}: max diff {max} levels, mean {mean:.4}; ΔE76 max {max_delta_e:.2}, mean \
         {mean_delta_e:.4}"
    );
    if max > tolerance.max_levels
        || mean > tolerance.mean_levels
        || max_delta_e > tolerance.max_delta_e
        || mean_delta_e > tolerance.mean_delta_e
    {
        let dir = write_failure_images(name, actual, expected);
        panic!(
            "{name}: differs (max {max}, mean {mean:.3}, ΔE {max_delta_e:.2} / {mean_delta_e:.3}, allowed \
             {tolerance:?}); images in {dir}"
        );
    }
}

fn write_failure_images(
    name: &str,
    actual: &image::RgbaImage,
    expected: &image::RgbaImage,
) -> String {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("render-failures");
    let _ = std::fs::create_dir_all(&dir);
    let diff = image::RgbaImage::from_fn(actual.width(), actual.height(), |x, y| {
        let (a, e) = (actual.get_pixel(x, y), expected.get_pixel(x, y));
        let d = |c: usize| a[c].abs_diff(e[c]).saturating_mul(40);
        image::Rgba([d(0), d(1), d(2), 255])
    });
    let _ = actual.save(dir.join(format!("{name}.actual.png")));
    let _ = expected.save(dir.join(format!("{name}.expected.png")));
    let _ = diff.save(dir.join(format!("{name}.diff.png")));
    dir.display().to_string()
}

/// Presses the primary button at `from`, drags through `steps` points to `to`, releases.
pub fn drag(
    harness: &mut egui_kittest::Harness<'static, smp_preview::app::SmpApp>,
    from: egui::Pos2,
    to: egui::Pos2,
    steps: usize,
) {
    harness.hover_at(from);
    harness.event(button(from, true));
    harness.run();
    for k in 1..=steps {
        let p = from + (to - from) * (k as f32 / steps as f32);
        harness.event(egui::Event::PointerMoved(p));
        harness.run();
    }
    harness.event(button(to, false));
    harness.run();
}

/// Clicks the primary button at `at`.
pub fn click_at(
    harness: &mut egui_kittest::Harness<'static, smp_preview::app::SmpApp>,
    at: egui::Pos2,
) {
    harness.hover_at(at);
    for pressed in [true, false] {
        harness.event(button(at, pressed));
    }
    harness.run();
}

/// The primary button going down (`pressed`) or up at `pos`.
pub fn button(pos: egui::Pos2, pressed: bool) -> egui::Event {
    egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: egui::Modifiers::NONE,
    }
}

/// Drags each end of the plan's ruler out and back to where it was: the consultant has
/// "placed" both ends (a new ruler sets no scale until then).
pub fn place_ruler_ends(harness: &mut egui_kittest::Harness<'static, smp_preview::app::SmpApp>) {
    let ends = harness
        .state()
        .document()
        .plan
        .ruler
        .as_ref()
        .expect("a ruler")
        .points;
    for end in ends {
        let at = harness
            .state()
            .view()
            .screen_from_image(end)
            .expect("the preview is laid out");
        harness.hover_at(at);
        harness.event(button(at, true));
        harness.run();
        for p in [at + egui::vec2(12.0, 0.0), at + egui::vec2(6.0, 0.0), at] {
            harness.event(egui::Event::PointerMoved(p));
            harness.run();
        }
        harness.event(button(at, false));
        harness.run();
    }
}

/// sRGB's transfer curve: linear light (clamped to 0–1) to an encoded value of 0–255, as
/// the published standard gives it (the oracle of the colour-profile tests).
pub fn srgb_encoded_255(linear: f64) -> f64 {
    let v = linear.clamp(0.0, 1.0);
    255.0
        * if v <= 0.003_130_8 {
            12.92 * v
        } else {
            1.055 * v.powf(1.0 / 2.4) - 0.055
        }
}
