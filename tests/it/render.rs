//! The GPU renderer against the CPU reference on small fixed scenes, on whatever adapter wgpu
//! finds (in CI: Mesa's llvmpipe). Set SMP_ALLOW_NO_GPU=1 to skip on a machine with none.

use crate::common;

use common::{compare_images, gpu};
use glam::{UVec2, Vec2};
use image::{Rgba, RgbaImage};
use smp_preview::core::sampling::Impression;
use smp_preview::render::cpu_render::render_reference;
use smp_preview::render::gpu::{SceneRenderer, render_to_image};
use smp_preview::render::scene::{SceneParams, ViewTransform};

fn test_photo(w: u32, h: u32) -> RgbaImage {
    RgbaImage::from_fn(w, h, |x, y| {
        let n = ((x * 7 + y * 13) % 11) as u8;
        Rgba([
            150 + (x % 90) as u8 + n,
            120 + (y % 60) as u8,
            100 + n * 3,
            255,
        ])
    })
}

fn test_dots() -> Vec<Impression> {
    let mut dots = Vec::new();
    for i in 0..60u32 {
        let x = 4.0 + (i % 12) as f32 * 7.6 + (i as f32 * 0.37).fract();
        let y = 5.0 + (i / 12) as f32 * 11.3 + (i as f32 * 0.61).fract();
        let diameter = [0.6, 1.2, 2.5, 4.0, 7.0][(i % 5) as usize];
        dots.push(Impression {
            pos_px: Vec2::new(x, y),
            diameter_px: diameter,
            opacity: 0.6 + 0.04 * (i % 10) as f32,
            session: 1,
            // Zones with their own, lighter or darker, shade.
            pigment_strength: [1.0, 0.6, 1.3][(i % 3) as usize],
            // Some seen at a slant (a curved head): squashed along their own directions.
            tilt_dir: Vec2::from_angle(i as f32 * 0.7),
            squash: [1.0, 0.8, 0.5, 0.3][(i % 4) as usize],
        });
    }
    // Overlapping dots.
    dots.push(Impression {
        pos_px: Vec2::new(40.0, 30.0),
        diameter_px: 9.0,
        opacity: 1.0,
        session: 1,
        pigment_strength: 1.0,
        tilt_dir: glam::Vec2::X,
        squash: 1.0,
    });
    dots.push(Impression {
        pos_px: Vec2::new(42.0, 31.0),
        diameter_px: 9.0,
        opacity: 1.0,
        session: 1,
        pigment_strength: 1.0,
        tilt_dir: glam::Vec2::X,
        squash: 1.0,
    });
    dots.push(Impression {
        pos_px: Vec2::new(41.0, 33.0),
        diameter_px: 9.0,
        opacity: 1.0,
        session: 1,
        pigment_strength: 1.0,
        tilt_dir: glam::Vec2::X,
        squash: 1.0,
    });
    dots
}

/// Blurred, cool deposits as the skin shows them (the model's shape at this test's scale).
fn optics_of(core_transmittance: [f32; 3]) -> smp_preview::core::optics::DotOptics {
    smp_preview::core::optics::DotOptics {
        core_transmittance,
        surface_share: [0.9, 0.83, 0.7],
        deposit_per_mark: 2.0,
        spread_px: 1.5,
        edge_px: [2.0, 1.4, 1.0],
    }
}

fn render_both(split_x_px: f32, pigment: [f32; 3]) -> Option<(RgbaImage, RgbaImage, RgbaImage)> {
    let ctx = gpu()?;
    let photo = test_photo(96, 64);
    let dots = test_dots();
    let mut renderer = SceneRenderer::new(&ctx.device, None);
    renderer.set_photo(&ctx.device, &ctx.queue, &photo);
    renderer.set_impressions(&ctx.device, &ctx.queue, &dots);
    let params = SceneParams {
        view: ViewTransform::IDENTITY,
        target_size_px: UVec2::new(96, 64),
        split_x_px,
        optics: optics_of(pigment),
    };
    let gpu = render_to_image(&ctx, &renderer, &params).expect("render");
    let cpu = render_reference(&photo, &dots, split_x_px, optics_of(pigment));
    Some((gpu, cpu, photo))
}

#[test]
fn gpu_matches_cpu_reference_after() {
    let pigment = smp_preview::core::color::pigment_transmittance(8.0);
    let Some((gpu, cpu, photo)) = render_both(f32::NEG_INFINITY, pigment) else {
        return;
    };
    compare_images("after", &gpu, &cpu);
    // And the scene is not trivially the photo: the dots darkened it.
    let darker = gpu
        .pixels()
        .zip(photo.pixels())
        .filter(|(g, p)| g[1] + 10 < p[1])
        .count();
    assert!(darker > 100, "only {darker} pixels darkened");
}

#[test]
fn gpu_matches_cpu_reference_with_before_after_split() {
    let pigment = smp_preview::core::color::pigment_transmittance(12.0);
    let Some((gpu, cpu, photo)) = render_both(48.0, pigment) else {
        return;
    };
    compare_images("split", &gpu, &cpu);
    // Left of the split is the untouched photo.
    for y in 0..64 {
        for x in 0..48 {
            assert_eq!(gpu.get_pixel(x, y), photo.get_pixel(x, y), "at {x},{y}");
        }
    }
}

#[test]
fn zoomed_out_view_keeps_the_same_pigment() {
    // Rendering at half size must darken the photo about as much on average as full size:
    // sub-pixel dots are widened and faded, not dropped.
    let Some(ctx) = gpu() else { return };
    let photo = RgbaImage::from_pixel(128, 128, Rgba([200, 170, 150, 255]));
    let dots: Vec<Impression> = (0..400)
        .map(|i| Impression {
            pos_px: Vec2::new(3.0 + (i % 20) as f32 * 6.1, 3.0 + (i / 20) as f32 * 6.1),
            diameter_px: 2.0,
            opacity: 0.9,
            session: 1,
            pigment_strength: 1.0,
            tilt_dir: glam::Vec2::X,
            squash: 1.0,
        })
        .collect();
    let mut renderer = SceneRenderer::new(&ctx.device, None);
    renderer.set_photo(&ctx.device, &ctx.queue, &photo);
    renderer.set_impressions(&ctx.device, &ctx.queue, &dots);
    let pigment = [0.3, 0.3, 0.3];
    let mean_linear = |scale: f32, size: u32| {
        let params = SceneParams {
            view: ViewTransform {
                scale,
                offset_px: Vec2::ZERO,
            },
            target_size_px: UVec2::splat(size),
            split_x_px: f32::NEG_INFINITY,
            optics: optics_of(pigment),
        };
        let img = render_to_image(&ctx, &renderer, &params).expect("render");
        let sum: f32 = img
            .pixels()
            .map(|p| smp_preview::core::color::srgb_to_linear(p[1] as f32 / 255.0))
            .sum();
        sum / (size * size) as f32
    };
    let full = mean_linear(1.0, 128);
    let half = mean_linear(0.5, 64);
    println!("mean linear green: full {full:.4}, half {half:.4}");
    assert!(
        (full / half - 1.0).abs() < 0.03,
        "full {full} vs half {half}"
    );
}

#[test]
fn tiled_output_matches_the_reference_and_the_single_frame_render() {
    // The CLI writes every output in tiles (bands of rows, split into columns); tiles that
    // do not divide the picture and dots that straddle tile edges must not show.
    let pigment = smp_preview::core::color::pigment_transmittance(8.0);
    let Some((full, cpu, photo)) = render_both(f32::NEG_INFINITY, pigment) else {
        return;
    };
    let Some(ctx) = gpu() else { return };
    let mut renderer = SceneRenderer::new(&ctx.device, None);
    let mut pixels = Vec::new();
    let mut bands = 0;
    let mut sink = |rows: &[u8]| {
        pixels.extend_from_slice(rows);
        bands += 1;
        Ok(())
    };
    let tile = Some(UVec2::new(40, 24));
    smp_preview::render::gpu::render_tiled(
        &ctx,
        &mut renderer,
        &photo,
        &test_dots(),
        optics_of(pigment),
        tile,
        &mut sink,
    )
    .expect("tiled render");
    assert_eq!(bands, 3, "64 rows in bands of 24");
    let tiled = RgbaImage::from_raw(96, 64, pixels).expect("whole picture");
    compare_images("tiled vs CPU", &tiled, &cpu);
    // Against the one-frame GPU render: the photo is copied instead of sampled and the dots are
    // offset per tile, so at most a rounding step (1 level) may differ.
    let max = tiled
        .pixels()
        .zip(full.pixels())
        .flat_map(|(a, b)| (0..3).map(move |c| a[c].abs_diff(b[c])))
        .max();
    assert!(
        max <= Some(1),
        "tiled differs from the single frame by {max:?} levels"
    );
}

#[test]
fn cpu_composited_view_matches_the_gpu_frame_through_a_zoomed_view() {
    // On software GPUs the window composites the dots on the CPU over the photo layer it reads
    // back from the GPU, instead of rasterising every dot. Both halves are checked here: the
    // read-back photo layer equals the GPU's photo-only frame, and the composite over it
    // matches the GPU's frame with dots, at any zoom and pan and with the before/after split.
    let Some(ctx) = gpu() else { return };
    let photo = test_photo(96, 64);
    let dots = test_dots();
    let mut renderer = SceneRenderer::new(&ctx.device, None);
    renderer.set_photo(&ctx.device, &ctx.queue, &photo);
    let pigment = smp_preview::core::color::pigment_transmittance(8.0);
    let size = UVec2::new(80, 56);
    let mut target = renderer.view_target(&ctx.device, None, size.to_array());
    for (scale, offset) in [(0.5, Vec2::new(7.0, 3.0)), (1.7, Vec2::new(-20.0, -11.0))] {
        let params = SceneParams {
            view: ViewTransform {
                scale,
                offset_px: offset,
            },
            target_size_px: size,
            split_x_px: 30.0,
            optics: optics_of(pigment),
        };
        renderer.set_impressions(&ctx.device, &ctx.queue, &[]);
        let gpu_photo = render_to_image(&ctx, &renderer, &params).expect("render");
        renderer.set_impressions(&ctx.device, &ctx.queue, &dots);
        let gpu = render_to_image(&ctx, &renderer, &params).expect("render");
        let photo_layer = renderer
            .photo_layer_bytes(&ctx.device, &ctx.queue, &mut target, &params)
            .expect("photo layer readback")
            .to_vec();
        assert!(
            photo_layer == gpu_photo.as_raw().as_slice(),
            "the read-back photo layer is the GPU's photo-only frame (scale {scale})"
        );
        let (mut scratch, mut frame) = (Vec::new(), Vec::new());
        smp_preview::render::cpu_render::composite_view(
            &params.view,
            size,
            &dots,
            params.split_x_px,
            params.optics,
            &photo_layer,
            &mut scratch,
            &mut frame,
        );
        let cpu = RgbaImage::from_raw(size.x, size.y, frame).expect("frame size");
        compare_images(&format!("cpu composite at scale {scale}"), &gpu, &cpu);
        let darkened = gpu_photo
            .pixels()
            .zip(cpu.pixels())
            .filter(|(p, c)| c[1] + 20 < p[1])
            .count();
        assert!(
            darkened > 20,
            "the view shows dots ({darkened} darkened pixels)"
        );
    }
}
