//! Prints the tone the preview gives: the predicted darkening of the panel's corner settings on
//! light and dark skin, and the measured darkening of the treated area of the bundled sample
//! (and of any photo given, with the new-photo defaults) at 100 % and at fit zoom.
//! `cargo run --release --example tone_report [-- PHOTO]`

use glam::{UVec2, Vec2};
use image::RgbaImage;
use smp_preview::core::geometry::polygon_contains;
use smp_preview::core::look::Age;
use smp_preview::core::optics::DotOptics;
use smp_preview::core::plan::Plan;
use smp_preview::render::cpu_render::{composite_view, render_reference};
use smp_preview::render::scene::ViewTransform;
use smp_preview::render::tone::{darkening_between, predicted_darkening};

const LIGHT_SKIN: [f32; 3] = [0.62, 0.42, 0.33];
const DARK_SKIN: [f32; 3] = [0.12, 0.07, 0.05];

fn corner(density: f32, dilution: f32, dot_mm: f32) -> Plan {
    let mut plan = Plan::for_whole_photo(400, 400);
    plan.density_per_cm2 = density;
    plan.dilution_ratio = dilution;
    plan.dot_diameter_mm = dot_mm;
    plan
}

/// The treated area's darkening at 100 % and when shown fitted into 1280 × 800.
fn measure(name: &str, photo: &RgbaImage, plan: &Plan) {
    let impressions = smp_preview::core::sampling::impressions_for(plan);
    let optics = DotOptics::for_plan(plan, Age::Healed);
    let after = render_reference(photo, &impressions, f32::NEG_INFINITY, optics);
    let inside =
        |x: u32, y: u32| polygon_contains(&plan.area, Vec2::new(x as f32 + 0.5, y as f32 + 0.5));
    let full = darkening_between(photo, &after, inside).unwrap_or(0.0);
    let size = UVec2::new(1280, 800);
    let view = ViewTransform::fit(
        Vec2::new(photo.width() as f32, photo.height() as f32),
        size.as_vec2(),
    );
    let (w, h) = (
        (photo.width() as f32 * view.scale).round() as u32,
        (photo.height() as f32 * view.scale).round() as u32,
    );
    let small = image::imageops::resize(photo, w, h, image::imageops::FilterType::Triangle);
    let mut layer = RgbaImage::new(size.x, size.y);
    image::imageops::overlay(
        &mut layer,
        &small,
        view.offset_px.x.round() as i64,
        view.offset_px.y.round() as i64,
    );
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
    let fitted = RgbaImage::from_raw(size.x, size.y, frame).unwrap_or_default();
    let inside_fit = |x: u32, y: u32| {
        polygon_contains(
            &plan.area,
            view.image_from_target(Vec2::new(x as f32 + 0.5, y as f32 + 0.5)),
        )
    };
    let fit = darkening_between(&layer, &fitted, inside_fit).unwrap_or(0.0);
    println!(
        "{name}: {} impressions, treated area {:.1} % darker at 100 %, {:.1} % at fit (scale {:.3})",
        impressions.len(),
        100.0 * full,
        100.0 * fit,
        view.scale
    );
}

fn main() {
    for (label, skin) in [("light skin", LIGHT_SKIN), ("dark skin", DARK_SKIN)] {
        let defaults = Plan::for_whole_photo(400, 400);
        let enc = |d: f32| 100.0 * (1.0 - (1.0 - d).powf(1.0 / 2.2));
        let defaults_d = predicted_darkening(&defaults, skin);
        println!(
            "  (defaults in sRGB-encoded terms: about {:.1} %)",
            enc(defaults_d)
        );
        let dark_d = predicted_darkening(&corner(120.0, 6.0, 0.35), skin);
        println!(
            "  (dark buzz in sRGB-encoded terms: about {:.1} %)",
            enc(dark_d)
        );
        println!(
            "{label}: new-photo defaults ({:.0}/cm², {}:1, {:.3} mm) {:.1} %; dusted (60, 20:1, 0.18) {:.1} %; dark buzz (120, 6:1, 0.35) {:.1} %",
            defaults.density_per_cm2,
            defaults.dilution_ratio,
            defaults.dot_diameter_mm,
            100.0 * predicted_darkening(&defaults, skin),
            100.0 * predicted_darkening(&corner(60.0, 20.0, 0.18), skin),
            100.0 * predicted_darkening(&corner(120.0, 6.0, 0.35), skin),
        );
    }
    match (
        smp_preview::io::sample::sample_plan(),
        smp_preview::io::sample::sample_photo(),
    ) {
        (Ok(plan), Ok(photo)) => measure("sample", &photo, &plan),
        _ => println!("the sample does not load"),
    }
    if let Some(path) = std::env::args().nth(1) {
        match smp_preview::io::photo::load_photo(std::path::Path::new(&path)) {
            Ok(photo) => {
                let (w, h) = photo.dimensions();
                let mut plan = Plan::for_whole_photo(w, h);
                plan.area = smp_preview::core::plan::starting_area(Vec2::new(w as f32, h as f32));
                measure(&path, &photo, &plan);
            }
            Err(e) => println!("{path}: {e}"),
        }
    }
}
