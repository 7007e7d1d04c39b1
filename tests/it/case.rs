//! Cases from the command line, on photos of a known ellipsoid head rendered here from three
//! views against a plain background: `case` fits each photo's head and sets its scale by the
//! head's size, `render --case` renders every view, and `export --case` writes every view's
//! pictures, one sheet with the whole head's numbers as text, and one numbers file.

use std::path::Path;

use glam::{Vec2, Vec3};
use image::{Rgba, RgbaImage};
use smp_preview::core::case::Case;
use smp_preview::core::head::{HeadModel, HeadView, PROPORTIONS};
use smp_preview::core::plan::{Hairline, Plan};

const SIZE: Vec2 = Vec2::new(800.0, 600.0);

pub fn true_head(view: HeadView) -> HeadModel {
    HeadModel {
        view,
        focal_mm_35: 26.0,
        image_size_px: SIZE,
        centre_px: SIZE * 0.5,
        distance_mm: 450.0,
        semi_axes_mm: PROPORTIONS.map(|p| p * 95.0),
    }
}

/// The head as `view`'s camera sees it: skin shaded by how it faces the camera, on grey.
pub fn photo(view: HeadView) -> RgbaImage {
    let head = true_head(view);
    RgbaImage::from_fn(SIZE.x as u32, SIZE.y as u32, |x, y| {
        let p = Vec2::new(x as f32 + 0.5, y as f32 + 0.5);
        match head.hit(p) {
            Some(hit) => {
                let k = 0.55 + 0.45 * hit.facing;
                Rgba([(215.0 * k) as u8, (170.0 * k) as u8, (145.0 * k) as u8, 255])
            }
            None => Rgba([60, 64, 70, 255]),
        }
    })
}

fn dir(elevation_deg: f32, azimuth_deg: f32) -> Vec3 {
    let (el, az) = (elevation_deg.to_radians(), azimuth_deg.to_radians());
    Vec3::new(az.sin() * el.cos(), -az.cos() * el.cos(), el.sin())
}

/// A plan drawn on the front photo: a hairline and the area behind it.
pub fn front_plan() -> Plan {
    let front = true_head(HeadView::Front);
    let axes = Vec3::from_array(front.semi_axes_mm);
    let px = |u: Vec3| front.project(u * axes).unwrap();
    let hairline: Vec<Vec2> = (-3..=3).map(|k| px(dir(30.0, k as f32 * 12.0))).collect();
    let top: Vec<Vec2> = (-3..=3)
        .rev()
        .map(|k| px(dir(72.0, k as f32 * 12.0)))
        .collect();
    let mut plan = Plan::for_whole_photo(SIZE.x as u32, SIZE.y as u32);
    plan.photo = Some("front.png".into());
    plan.px_per_mm = front.px_per_mm();
    plan.px_per_mm_is_estimate = false;
    plan.area = hairline.iter().chain(&top).copied().collect();
    plan.hairline = Some(Hairline {
        points: hairline,
        fade_depth_mm: 10.0,
        macro_irregularity_mm: 0.0,
        micro_irregularity_mm: 0.0,
        edge_dot_scale: 1.0,
    });
    plan.patient = Some("Case Test".into());
    plan
}

fn run(args: &[&std::ffi::OsStr]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_smp-preview"))
        .args(args)
        .output()
        .unwrap()
}

fn make_case(dir: &Path) -> std::path::PathBuf {
    for (name, view) in [
        ("front", HeadView::Front),
        ("top", HeadView::Top),
        ("left", HeadView::Left),
    ] {
        photo(view).save(dir.join(format!("{name}.png"))).unwrap();
    }
    front_plan().save(&dir.join("front.smp.json")).unwrap();
    let case_path = dir.join("case.smp.json");
    let os = |s: &str| std::ffi::OsString::from(s);
    let args = [
        os("case"),
        os("--plan"),
        dir.join("front.smp.json").into(),
        os("--view"),
        os("front"),
        os("--add"),
        format!("top={}", dir.join("top.png").display()).into(),
        os("--add"),
        format!("left={}", dir.join("left.png").display()).into(),
        os("--out"),
        case_path.clone().into(),
    ];
    let refs: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_os_str()).collect();
    let out = run(&refs);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("whole head:"), "{stdout}");
    case_path
}

#[test]
fn a_case_of_three_photos_fits_each_head_and_finds_each_scale() {
    let tmp = tempfile::tempdir().unwrap();
    let case = Case::load(&make_case(tmp.path())).unwrap();
    assert_eq!(case.views.len(), 3);
    for view in &case.views {
        let truth = true_head(view.head.view).px_per_mm();
        let error = view.px_per_mm / truth - 1.0;
        assert!(error.abs() < 0.05, "{}: scale {error:+.3} off", view.name);
    }
    // Photos stay relative to the case file.
    assert_eq!(case.views[1].photo.as_deref(), Some(Path::new("top.png")));
    // The hairline drawn on the front shows on the top photo where it truly is.
    let top_true = true_head(HeadView::Top);
    let axes = Vec3::from_array(top_true.semi_axes_mm);
    let shown = case.view_plan(1).plan.hairline.unwrap().points;
    for (k, got) in (-3..=3).zip(&shown) {
        let want = top_true.project(dir(30.0, k as f32 * 12.0) * axes).unwrap();
        assert!(got.distance(want) < 6.0, "{got} vs {want}");
    }
    let whole = case.whole_head();
    assert!(
        whole.not_covered_cm2 < 0.05 * whole.treated_cm2,
        "{whole:?}"
    );
    assert!(whole.disagreements.is_empty(), "{:?}", whole.disagreements);
}

#[test]
fn render_and_export_a_case_write_every_view_one_sheet_and_one_numbers_file() {
    let tmp = tempfile::tempdir().unwrap();
    let case_path = make_case(tmp.path());
    let renders = tmp.path().join("renders");
    let out = run(&[
        "render".as_ref(),
        "--case".as_ref(),
        case_path.as_os_str(),
        "--out-dir".as_ref(),
        renders.as_os_str(),
    ]);
    if !crate::common::gpu_ok(&out, "render --case") {
        return;
    }
    for name in ["front", "top", "left"] {
        let dims = image::image_dimensions(renders.join(format!("{name}.png"))).unwrap();
        assert_eq!(dims, (800, 600), "{name}");
    }
    let one = tmp.path().join("top-only.png");
    let out = run(&[
        "render".as_ref(),
        "--case".as_ref(),
        case_path.as_os_str(),
        "--view-name".as_ref(),
        "top".as_ref(),
        "--out".as_ref(),
        one.as_os_str(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = image::open(&one).unwrap().into_rgba8();
    let before = photo(HeadView::Top);
    let darker = after
        .pixels()
        .zip(before.pixels())
        .filter(|(a, b)| a[1] + 8 < b[1])
        .count();
    assert!(
        darker > 500,
        "the top view shows impressions: {darker} darker pixels"
    );
    let exported = tmp.path().join("export");
    let out = run(&[
        "export".as_ref(),
        "--case".as_ref(),
        case_path.as_os_str(),
        "--out-dir".as_ref(),
        exported.as_os_str(),
        "--clinic".as_ref(),
        "Test Clinic".as_ref(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for name in ["front", "top", "left"] {
        for kind in ["after", "compare"] {
            assert!(
                exported.join(format!("{name}-{kind}.png")).is_file(),
                "{name}-{kind}"
            );
        }
    }
    let text = crate::ui_laptop::pdf_text(&exported.join("sheet.pdf"));
    for needle in [
        "the whole head",
        "Test Clinic",
        "Case Test",
        "top view",
        "left view",
    ] {
        assert!(text.contains(needle), "{needle} not in the sheet:\n{text}");
    }
    let numbers: serde_json::Value =
        serde_json::from_slice(&std::fs::read(exported.join("numbers.json")).unwrap()).unwrap();
    let treated = numbers["whole_head"]["treated_cm2"].as_f64().unwrap();
    assert!(treated > 10.0, "{numbers}");
    assert_eq!(numbers["views"].as_array().unwrap().len(), 3);
}

#[test]
fn case_errors_are_one_clear_line() {
    let tmp = tempfile::tempdir().unwrap();
    let case_path = make_case(tmp.path());
    let out = run(&[
        "render".as_ref(),
        "--case".as_ref(),
        case_path.as_os_str(),
        "--view-name".as_ref(),
        "back".as_ref(),
        "--out".as_ref(),
        tmp.path().join("x.png").as_os_str(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("front, top, left"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let bad_add = run(&[
        "case".as_ref(),
        "--plan".as_ref(),
        case_path.as_os_str(),
        "--add".as_ref(),
        "sideways=x.png".as_ref(),
        "--out".as_ref(),
        tmp.path().join("y.smp.json").as_os_str(),
    ]);
    let stderr = String::from_utf8_lossy(&bad_add.stderr);
    assert!(
        !bad_add.status.success() && stderr.contains("one of top, front"),
        "{stderr}"
    );
}
