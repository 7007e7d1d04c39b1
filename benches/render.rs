//! `cargo bench --bench render`: GPU frame costs on this machine's adapter (here Mesa's
//! llvmpipe): one offscreen frame of a 12 MP photo with ~100k impressions against the photo
//! alone (goal ≤ 2×), a window-sized view of the same at fit zoom as a GPU draws it (cached
//! photo layer + dots), and as the window composites it on software GPUs (the whole view, and
//! one density step that redoes only the changed dots). Prints medians and ratios from one run.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark stops at the first surprise"
)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use glam::{UVec2, Vec2};
use image::RgbaImage;
use smp_preview::core::plan::Plan;
use smp_preview::core::sampling::{Impression, impressions_for};
use smp_preview::render::gpu::{GpuContext, SceneRenderer, render_to_image};
use smp_preview::render::scene::{SceneParams, ViewTransform};
use smp_preview::render::view_compositor::{CompositeBasis, FrameUpdate, ViewCompositor};

const RUNS: usize = 7;

fn median(mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[RUNS / 2]
}

/// A 4000 × 3000 photo with skin-like texture, and ~100k impressions over all of it.
fn scene() -> (RgbaImage, Vec<Impression>) {
    let photo = RgbaImage::from_fn(4000, 3000, |x, y| {
        let n = ((x * 7 + y * 13) % 17) as u8;
        image::Rgba([190 + n, 150 + n / 2, 130 + n / 3, 255])
    });
    (photo, impressions_for(&plan(100.0)))
}

/// The scene's plan at `density_per_cm2`.
fn plan(density_per_cm2: f32) -> Plan {
    let mut plan = Plan::for_whole_photo(4000, 3000);
    plan.px_per_mm = 10.95;
    plan.density_per_cm2 = density_per_cm2;
    plan.dot_diameter_mm = 0.2;
    plan
}

/// A density drag's frame in the window on software GPUs: the compositor alternates between
/// the plan at 100 and 101 impressions/cm², updating only what changed. Returns the median
/// and how many impressions each step added or removed.
fn density_step(fit: &SceneParams, dots: &[Impression], photo_layer: &[u8]) -> (Duration, usize) {
    let base = Arc::new(dots.to_vec());
    let step = Arc::new(impressions_for(&plan(101.0)));
    let basis = CompositeBasis {
        view: fit.view,
        size_px: fit.target_size_px,
        split_x_px: f32::NEG_INFINITY,
        optics: fit.optics,
        photo_key: 1,
    };
    let mut compositor = ViewCompositor::default();
    compositor.frame(basis, &base, photo_layer);
    let mut flip = false;
    let time = median(|| {
        flip = !flip;
        let shown = if flip { &step } else { &base };
        std::hint::black_box(compositor.frame(basis, shown, photo_layer));
    });
    let changed = match compositor.last_update() {
        Some(FrameUpdate::Incremental(n)) => n,
        _ => 0,
    };
    (time, changed)
}

/// Waits until the GPU has finished everything submitted.
fn finish(ctx: &GpuContext) {
    let _ = ctx.device.poll(wgpu::PollType::wait_indefinitely());
}

/// The optics of a 10:1 plan at the bench scene's 8 px/mm, healed.
fn bench_optics() -> smp_preview::core::optics::DotOptics {
    let mut plan = smp_preview::core::plan::Plan::for_whole_photo(4000, 3000);
    plan.px_per_mm = 8.0;
    smp_preview::core::optics::DotOptics::for_plan(&plan, smp_preview::core::look::Age::Healed)
}

fn main() {
    let ctx = match GpuContext::headless() {
        Ok(ctx) => ctx,
        Err(e) => {
            println!("no GPU adapter: {e}");
            return;
        }
    };
    let info = &ctx.adapter_info;
    println!("adapter: {} ({:?})", info.name, info.backend);
    let (photo, dots) = scene();
    let mut renderer = SceneRenderer::new(&ctx.device, None);
    renderer.set_photo(&ctx.device, &ctx.queue, &photo);
    let full = SceneParams {
        view: ViewTransform::IDENTITY,
        target_size_px: UVec2::new(4000, 3000),
        split_x_px: f32::NEG_INFINITY,
        optics: bench_optics(),
    };
    let mut frame = |impressions: &[Impression], params: &SceneParams| {
        renderer.set_impressions(&ctx.device, &ctx.queue, impressions);
        median(|| {
            let _ = render_to_image(&ctx, &renderer, params);
        })
    };
    let photo_only = frame(&[], &full);
    let with_dots = frame(&dots, &full);
    let view_size = Vec2::new(1640.0, 1040.0);
    let fit = SceneParams {
        view: ViewTransform::fit(Vec2::new(4000.0, 3000.0), view_size),
        target_size_px: view_size.as_uvec2(),
        ..full
    };
    let view_photo = frame(&[], &fit);
    let view_dots = frame(&dots, &fit);
    finish(&ctx);
    // The window's frame on software GPUs: composited on the CPU over the view's photo layer.
    let photo_layer = vec![180u8; 4 * (fit.target_size_px.x * fit.target_size_px.y) as usize];
    let (mut scratch, mut layer) = (Vec::new(), Vec::new());
    let cpu_layer = median(|| {
        smp_preview::render::cpu_render::composite_view(
            &fit.view,
            fit.target_size_px,
            &dots,
            f32::NEG_INFINITY,
            fit.optics,
            &photo_layer,
            &mut scratch,
            &mut layer,
        );
        std::hint::black_box(&layer);
    });
    let (step, changed) = density_step(&fit, &dots, &photo_layer);
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{:<62} {:>9} {:>10}",
        "offscreen frame (render + readback)", "dots", "median ms"
    );
    println!(
        "{:<62} {:>9} {:>10.1}",
        "12 MP photo alone, 1:1",
        0,
        ms(photo_only)
    );
    println!(
        "{:<62} {:>9} {:>10.1}",
        "12 MP photo + impressions, 1:1",
        dots.len(),
        ms(with_dots)
    );
    println!(
        "{:<62} {:>9} {:>10.1}",
        "1640×1040 view at fit zoom, photo alone",
        0,
        ms(view_photo)
    );
    println!(
        "{:<62} {:>9} {:>10.1}",
        "1640×1040 view at fit zoom, photo + impressions",
        dots.len(),
        ms(view_dots)
    );
    println!(
        "{:<62} {:>9} {:>10.1}",
        "1640×1040 view at fit zoom, CPU composite (software GPUs)",
        dots.len(),
        ms(cpu_layer)
    );
    println!(
        "{:<62} {:>9} {:>10.1}",
        "same, density 100 ↔ 101/cm², only the changed dots redone",
        changed,
        ms(step)
    );
    println!(
        "ratio, 12 MP frame with impressions / photo alone: {:.2}× (goal ≤ 2×)",
        ms(with_dots) / ms(photo_only)
    );
}
