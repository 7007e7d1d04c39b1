//! Small fixed-seed goldens of the whole pipeline (plan → impressions → look → compositing):
//! one per look (fresh, healed, faded), per needle preset and per depth, stored in
//! `tests/goldens/`. The CPU reference must reproduce each golden almost exactly and the GPU
//! within the GPU-vs-CPU tolerance. A deliberate change of the sampling, the look model or the
//! compositing regenerates them: `SMP_UPDATE_GOLDENS=1 cargo test --release --test goldens`
//! (then look at the PNGs before committing them).

use crate::common;

use std::path::PathBuf;

use glam::{UVec2, Vec2};
use image::RgbaImage;
use smp_preview::core::look::Age;
use smp_preview::core::numbers::{healed_dot_3rl_mm, healed_dot_mm};
use smp_preview::core::optics::DotOptics;
use smp_preview::core::plan::{NeedleDepth, Plan};
use smp_preview::core::sampling::{Impression, impressions_for};
use smp_preview::render::cpu_render::render_reference;
use smp_preview::render::gpu::{SceneRenderer, render_to_image};
use smp_preview::render::scene::{SceneParams, ViewTransform};

/// The CPU reference against its own stored output: the same code on another machine can
/// differ only where libm's last bit (sin, atan2, exp, pow) flips a rounding: one level, and
/// rarely (one level is up to ~1.2 ΔE76 on a dark dot core; over the picture, ≤ 0.02).
const CPU_TOLERANCE: common::Tolerance = common::Tolerance {
    max_levels: 1,
    mean_levels: 0.02,
    max_delta_e: 1.5,
    mean_delta_e: 0.02,
};

const SIZE: UVec2 = UVec2::new(128, 96);
/// 16 px/mm: an 8 × 6 mm patch, dots 1.4–4.3 px across (outlines visible on the larger ones).
const PX_PER_MM: f32 = 16.0;

struct Case {
    name: &'static str,
    dot_mm: f32,
    depth: NeedleDepth,
    age: Age,
}

fn cases() -> Vec<Case> {
    let standard = |name, dot_mm, age| Case {
        name,
        dot_mm,
        depth: NeedleDepth::Standard,
        age,
    };
    let rl25 = healed_dot_mm(0.25);
    let mut cases = vec![
        standard("healed-1rl-0.25", rl25, Age::Healed),
        standard("fresh-1rl-0.25", rl25, Age::Fresh),
        standard("faded-5y-1rl-0.25", rl25, Age::faded(5.0)),
        standard("healed-1rl-0.18", healed_dot_mm(0.18), Age::Healed),
        standard("healed-1rl-0.20", healed_dot_mm(0.20), Age::Healed),
        standard("healed-1rl-0.30", healed_dot_mm(0.30), Age::Healed),
        standard("healed-1rl-0.35", healed_dot_mm(0.35), Age::Healed),
        standard("healed-3rl-0.20", healed_dot_3rl_mm(0.20), Age::Healed),
    ];
    for (name, depth) in [
        ("shallow-1rl-0.25", NeedleDepth::Shallow),
        ("deep-1rl-0.25", NeedleDepth::Deep),
    ] {
        cases.push(Case {
            name,
            dot_mm: rl25,
            depth,
            age: Age::Healed,
        });
    }
    cases
}

/// Skin with a gentle light-to-shadow gradient, like a curved scalp.
fn photo() -> RgbaImage {
    RgbaImage::from_fn(SIZE.x, SIZE.y, |x, y| {
        let shade = 1.0 - 0.25 * (x + y) as f32 / (SIZE.x + SIZE.y) as f32;
        let c = |v: f32| (v * shade).round() as u8;
        image::Rgba([c(214.0), c(172.0), c(150.0), 255])
    })
}

fn plan(case: &Case) -> Plan {
    let mut plan = common::square_plan(8.0, PX_PER_MM, 150.0);
    let (w, h) = (SIZE.x as f32, SIZE.y as f32);
    plan.area = vec![
        Vec2::ZERO,
        Vec2::new(w, 0.0),
        Vec2::new(w, h),
        Vec2::new(0.0, h),
    ];
    plan.dot_diameter_mm = case.dot_mm;
    plan.depth = case.depth;
    plan.dilution_ratio = 8.0;
    plan.seed = 7;
    plan
}

/// What the case shows: its impressions, and how they look at its age and depth.
fn scene(case: &Case) -> (Vec<Impression>, DotOptics) {
    let plan = plan(case);
    (impressions_for(&plan), DotOptics::for_plan(&plan, case.age))
}

fn golden_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/goldens")
        .join(format!("{name}.png"))
}

fn load_golden(name: &str) -> RgbaImage {
    let path = golden_path(name);
    image::open(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (SMP_UPDATE_GOLDENS=1 writes it)", path.display()))
        .to_rgba8()
}

#[test]
fn cpu_reference_reproduces_every_golden() {
    let photo = photo();
    let update = std::env::var_os("SMP_UPDATE_GOLDENS").is_some();
    for case in cases() {
        let (impressions, pigment) = scene(&case);
        assert!(
            impressions.len() > 40,
            "{}: {}",
            case.name,
            impressions.len()
        );
        let cpu = render_reference(&photo, &impressions, f32::NEG_INFINITY, pigment);
        if update {
            cpu.save(golden_path(case.name)).expect("golden written");
            continue;
        }
        common::compare_within(case.name, &cpu, &load_golden(case.name), CPU_TOLERANCE);
    }
}

#[test]
fn gpu_reproduces_every_golden() {
    let Some(ctx) = common::gpu() else { return };
    let photo = photo();
    let mut renderer = SceneRenderer::new(&ctx.device, None);
    renderer.set_photo(&ctx.device, &ctx.queue, &photo);
    for case in cases() {
        let (impressions, pigment) = scene(&case);
        renderer.set_impressions(&ctx.device, &ctx.queue, &impressions);
        let params = SceneParams {
            view: ViewTransform::IDENTITY,
            target_size_px: SIZE,
            split_x_px: f32::NEG_INFINITY,
            optics: pigment,
        };
        let gpu = render_to_image(&ctx, &renderer, &params).expect("render");
        common::compare_images(&format!("gpu {}", case.name), &gpu, &load_golden(case.name));
    }
}

/// The goldens differ the way the model says they should: darker fresh, lighter faded,
/// larger needles darker overall, deep work cooler.
#[test]
fn goldens_order_as_the_model_says() {
    let mean = |name: &str| {
        let image = load_golden(name);
        let n = f64::from(image.width() * image.height());
        let sum = |c: usize| image.pixels().map(|p| f64::from(p[c])).sum::<f64>() / n;
        [sum(0), sum(1), sum(2)]
    };
    let luma = |m: [f64; 3]| 0.2126 * m[0] + 0.7152 * m[1] + 0.0722 * m[2];
    let healed = luma(mean("healed-1rl-0.25"));
    assert!(luma(mean("fresh-1rl-0.25")) < healed);
    assert!(luma(mean("faded-5y-1rl-0.25")) > healed);
    let needles =
        ["0.18", "0.20", "0.25", "0.30", "0.35"].map(|n| luma(mean(&format!("healed-1rl-{n}"))));
    assert!(needles.windows(2).all(|w| w[1] < w[0]), "{needles:?}");
    assert!(luma(mean("shallow-1rl-0.25")) > healed);
    let (deep, plain) = (mean("deep-1rl-0.25"), mean("healed-1rl-0.25"));
    // Cooler: relatively more blue left than red.
    assert!(
        deep[2] / deep[0] > plain[2] / plain[0],
        "{deep:?} {plain:?}"
    );
}
