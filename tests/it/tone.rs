//! The tone a patient sees (docs/domain.md, "What the eye sees"): the treated area at the
//! defaults reads as a #0–#1 buzz, the panel's range spans dusted to a dark buzz, the stubble
//! match lands on the fringe's own darkening, the mean tone is the same at every zoom, and a
//! dot is a cool grey. Darkening is relative luminance (linear light): 1 − after / before over
//! the treated pixels.

use crate::common;

use glam::{UVec2, Vec2};
use image::{Rgba, RgbaImage};
use smp_preview::core::color::{luminance, srgb_to_linear};
use smp_preview::core::geometry::polygon_contains;
use smp_preview::core::look::Age;
use smp_preview::core::optics::DotOptics;
use smp_preview::core::plan::{Plan, starting_area};
use smp_preview::core::sampling::{Impression, impressions_for};
use smp_preview::render::cpu_render::{composite_view, render_reference};
use smp_preview::render::scene::ViewTransform;
use smp_preview::render::tone::{darkening_between, measure_fringe, propose_stubble_match};

const LIGHT_SKIN: [u8; 3] = [222, 184, 160];
const DARK_SKIN: [u8; 3] = [92, 62, 48];

/// Skin with a gentle shading and fine mottling, like a scalp photographed in a clinic.
fn skin_photo(w: u32, h: u32, skin: [u8; 3]) -> RgbaImage {
    RgbaImage::from_fn(w, h, |x, y| {
        let shade = 1.0 - 0.15 * (x as f32 / w as f32) - 0.1 * (y as f32 / h as f32);
        let mottle = ((x * 7 + y * 13) % 11) as f32 / 11.0 * 0.04 - 0.02;
        let c = |v: u8| (f32::from(v) * (shade + mottle)).round().clamp(0.0, 255.0) as u8;
        Rgba([c(skin[0]), c(skin[1]), c(skin[2]), 255])
    })
}

/// The new-photo plan: the defaults, the starting oval, 8 px/mm.
fn new_photo_plan(w: u32, h: u32) -> Plan {
    let mut plan = Plan::for_whole_photo(w, h);
    plan.px_per_mm = 8.0;
    plan.area = starting_area(Vec2::new(w as f32, h as f32));
    plan
}

/// The treated area's darkening of `plan` rendered on `photo` (CPU reference, healed).
fn treated_darkening(photo: &RgbaImage, plan: &Plan) -> f32 {
    let after = render_reference(
        photo,
        &impressions_for(plan),
        f32::NEG_INFINITY,
        DotOptics::for_plan(plan, Age::Healed),
    );
    let inside =
        |x: u32, y: u32| polygon_contains(&plan.area, Vec2::new(x as f32 + 0.5, y as f32 + 0.5));
    darkening_between(photo, &after, inside).expect("treated pixels")
}

#[test]
fn the_defaults_read_as_a_shaved_head_on_light_and_dark_skin() {
    for (name, skin) in [("light", LIGHT_SKIN), ("dark", DARK_SKIN)] {
        let photo = skin_photo(800, 600, skin);
        let d = treated_darkening(&photo, &new_photo_plan(800, 600));
        println!("{name} skin: treated area {:.1} % darker", 100.0 * d);
        assert!((0.08..=0.20).contains(&d), "{name} skin: {d}");
    }
}

#[test]
fn the_panel_spans_a_dusted_look_to_a_dark_buzz() {
    let photo = skin_photo(800, 600, LIGHT_SKIN);
    let with = |density: f32, dilution: f32, dot_mm: f32| {
        let mut plan = new_photo_plan(800, 600);
        (
            plan.density_per_cm2,
            plan.dilution_ratio,
            plan.dot_diameter_mm,
        ) = (density, dilution, dot_mm);
        treated_darkening(&photo, &plan)
    };
    let dusted = with(60.0, 20.0, 0.18);
    let dark = with(120.0, 6.0, 0.35);
    println!(
        "dusted {:.1} %, dark buzz {:.1} %",
        100.0 * dusted,
        100.0 * dark
    );
    assert!(dusted <= 0.05, "dusted {dusted}");
    assert!(dark >= 0.25, "dark buzz {dark}");
}

/// A photo whose left strip is a shaved fringe (dark hairs, as stubble, on skin lit 20 %
/// darker than the top) and whose treatment area is bare; with the fringe's true darkening.
fn fringe_case(hair_share: f32) -> (RgbaImage, Plan, [f32; 4], f32) {
    let (w, h) = (900u32, 600u32);
    let strip = 160u32;
    let lit = |x: u32| if x < strip { 0.8 } else { 1.0 };
    let bare = RgbaImage::from_fn(w, h, |x, y| {
        let c = |v: u8| (f32::from(v) * lit(x) * (1.0 - 0.05 * y as f32 / h as f32)).round() as u8;
        Rgba([c(LIGHT_SKIN[0]), c(LIGHT_SKIN[1]), c(LIGHT_SKIN[2]), 255])
    });
    let mut photo = bare.clone();
    // Hair shafts: 3 × 1 px dark strokes at hashed places, covering `hair_share` of the strip.
    let strokes = (hair_share * (strip * h) as f32 / 3.0) as u32;
    for k in 0..strokes {
        let hash = k.wrapping_mul(2_654_435_761).rotate_left(7) ^ k.wrapping_mul(40_503);
        let (x, y) = (hash % (strip - 3), (hash / strip) % h);
        for dx in 0..3 {
            photo.put_pixel(x + dx, y, Rgba([58, 44, 38, 255]));
        }
    }
    let rect = [8.0, 40.0, (strip - 16) as f32, 500.0];
    let in_rect = |x: u32, y: u32| {
        (rect[0] as u32..(rect[0] + rect[2]) as u32).contains(&x)
            && (rect[1] as u32..(rect[1] + rect[3]) as u32).contains(&y)
    };
    let truth = darkening_between(&bare, &photo, in_rect).expect("fringe pixels");
    let mut plan = Plan::for_whole_photo(w, h);
    plan.px_per_mm = 8.0;
    plan.area = vec![
        Vec2::new(300.0, 60.0),
        Vec2::new(860.0, 60.0),
        Vec2::new(860.0, 540.0),
        Vec2::new(300.0, 540.0),
    ];
    (photo, plan, rect, truth)
}

#[test]
fn matching_the_stubble_darkens_the_treated_area_as_the_fringe_darkens_its_skin() {
    for hair_share in [0.1, 0.2, 0.3] {
        let (photo, mut plan, [x, y, w, h], truth) = fringe_case(hair_share);
        let fringe =
            measure_fringe(&photo, Vec2::new(x, y), Vec2::new(x + w, y + h)).expect("fringe");
        let skin = smp_preview::core::color::mean_skin_linear(&photo, &plan.area).expect("skin");
        let proposal = propose_stubble_match(&plan, fringe, skin);
        proposal.apply_to(&mut plan);
        let treated = treated_darkening(&photo, &plan);
        println!(
            "hair {hair_share}: fringe {:.1} % (measured {:.1} %), treated {:.1} %: {}",
            100.0 * truth,
            100.0 * fringe.darkening,
            100.0 * treated,
            proposal.summary()
        );
        assert!(
            (treated / truth - 1.0).abs() <= 0.15,
            "hair {hair_share}: treated {treated} for a fringe of {truth}"
        );
        // The hair-colour eyedropper on the stubble agrees with the match's shade (unless
        // the match had to go darker to reach the tone).
        let eyedropper = smp_preview::core::color::dilution_matching(fringe.stubble_linear, skin);
        assert!(
            proposal.dilution_ratio <= eyedropper,
            "{proposal:?} vs {eyedropper}"
        );
    }
}

/// Mean linear luminance of an RGBA byte frame over the pixels `inside` accepts.
fn mean_luminance(frame: &[u8], width: u32, inside: impl Fn(u32, u32) -> bool) -> f64 {
    let (mut sum, mut n) = (0.0f64, 0u64);
    for (i, p) in frame.chunks_exact(4).enumerate() {
        let (x, y) = (i as u32 % width, i as u32 / width);
        if inside(x, y) {
            let lin = [0, 1, 2].map(|c| srgb_to_linear(f32::from(p[c]) / 255.0));
            sum += f64::from(luminance(lin));
            n += 1;
        }
    }
    sum / n.max(1) as f64
}

#[test]
fn the_mean_tone_is_the_same_at_fit_zoom_as_at_100_percent() {
    // The same treated patch seen 1:1 and at 1/2, 1/4 and 1/8 over a photo layer of flat
    // skin: the mean luminance inside agrees within 1 %, on the CPU and the GPU.
    let (w, h) = (640u32, 480u32);
    let photo = RgbaImage::from_pixel(
        w,
        h,
        Rgba([LIGHT_SKIN[0], LIGHT_SKIN[1], LIGHT_SKIN[2], 255]),
    );
    let mut plan = new_photo_plan(w, h);
    plan.area = vec![
        Vec2::new(40.0, 40.0),
        Vec2::new(600.0, 40.0),
        Vec2::new(600.0, 440.0),
        Vec2::new(40.0, 440.0),
    ];
    let impressions = impressions_for(&plan);
    let optics = DotOptics::for_plan(&plan, Age::Healed);
    let inner = |x: f32, y: f32| (80.0..560.0).contains(&x) && (80.0..400.0).contains(&y);
    let mean_at = |scale: f32| {
        let size = UVec2::new((w as f32 * scale) as u32, (h as f32 * scale) as u32);
        let view = ViewTransform {
            scale,
            offset_px: Vec2::ZERO,
        };
        let layer = RgbaImage::from_pixel(size.x, size.y, *photo.get_pixel(0, 0));
        let (mut scratch, mut frame) = (Vec::new(), Vec::new());
        composite_view(
            &view,
            size,
            &impressions,
            f32::NEG_INFINITY,
            optics,
            layer.as_raw(),
            &mut scratch,
            &mut frame,
        );
        let inside = |x: u32, y: u32| inner((x as f32 + 0.5) / scale, (y as f32 + 0.5) / scale);
        (
            mean_luminance(&frame, size.x, inside),
            mean_luminance(layer.as_raw(), size.x, inside),
        )
    };
    let (full, skin) = mean_at(1.0);
    let full_darkening = 1.0 - full / skin;
    assert!(
        full_darkening > 0.08,
        "the patch is treated: {full_darkening}"
    );
    for scale in [0.5, 0.25, 0.125] {
        let (mean, _) = mean_at(scale);
        println!("scale {scale}: mean {mean:.4} vs 100 % {full:.4}");
        assert!(
            (mean / full - 1.0).abs() < 0.01,
            "scale {scale}: {mean} vs {full}"
        );
    }
    // The GPU's fit view keeps the tone too (its photo layer is the mip-mapped photo).
    let Some(ctx) = common::gpu() else { return };
    let mut renderer = smp_preview::render::gpu::SceneRenderer::new(&ctx.device, None);
    renderer.set_photo(&ctx.device, &ctx.queue, &photo);
    renderer.set_impressions(&ctx.device, &ctx.queue, &impressions);
    for scale in [1.0f32, 0.25] {
        let size = UVec2::new((w as f32 * scale) as u32, (h as f32 * scale) as u32);
        let params = smp_preview::render::scene::SceneParams {
            view: ViewTransform {
                scale,
                offset_px: Vec2::ZERO,
            },
            target_size_px: size,
            split_x_px: f32::NEG_INFINITY,
            optics,
        };
        let gpu =
            smp_preview::render::gpu::render_to_image(&ctx, &renderer, &params).expect("render");
        let inside = |x: u32, y: u32| inner((x as f32 + 0.5) / scale, (y as f32 + 0.5) / scale);
        let mean = mean_luminance(gpu.as_raw(), size.x, inside);
        println!("GPU scale {scale}: mean {mean:.4} vs CPU 100 % {full:.4}");
        assert!(
            (mean / full - 1.0).abs() < 0.015,
            "GPU at {scale}: {mean} vs {full}"
        );
    }
}

#[test]
fn a_dot_is_a_cool_grey_on_the_skin() {
    // The light a healed dot takes away is mostly red and green: blue is scattered back above
    // the pigment, so the dot reads cooler than the skin, not brown.
    let photo = RgbaImage::from_pixel(
        64,
        64,
        Rgba([LIGHT_SKIN[0], LIGHT_SKIN[1], LIGHT_SKIN[2], 255]),
    );
    let mut plan = Plan::for_whole_photo(64, 64);
    plan.px_per_mm = 16.0;
    let dot = Impression {
        pos_px: Vec2::new(32.0, 32.0),
        diameter_px: plan.dot_diameter_mm * plan.px_per_mm,
        opacity: 1.0,
        session: 1,
        pigment_strength: 1.0,
        tilt_dir: glam::Vec2::X,
        squash: 1.0,
    };
    let after = render_reference(
        &photo,
        &[dot],
        f32::NEG_INFINITY,
        DotOptics::for_plan(&plan, Age::Healed),
    );
    let removed = |c: usize| -> f64 {
        photo
            .pixels()
            .zip(after.pixels())
            .map(|(b, a)| {
                let lin = |p: &Rgba<u8>| f64::from(srgb_to_linear(f32::from(p[c]) / 255.0));
                1.0 - lin(a) / lin(b)
            })
            .sum()
    };
    let (red, blue) = (removed(0), removed(2));
    assert!(red > 0.0 && blue / red < 0.8, "blue {blue} vs red {red}");
    let centre = after.get_pixel(32, 32);
    let skin = photo.get_pixel(32, 32);
    let ratio = |p: &Rgba<u8>| f32::from(p[2]) / f32::from(p[0]);
    assert!(ratio(centre) > ratio(skin) * 1.05, "{centre:?} on {skin:?}");
}
