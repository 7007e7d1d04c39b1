//! Exports: the comparison's labels and caption, the CLI `export` (after, comparison, sheet,
//! numbers; no metadata in any picture) and batch `render` with its progress lines.

use crate::common;

use std::path::Path;
use std::process::Command;

use image::RgbaImage;
use smp_preview::export::draw::Box2;
use smp_preview::export::{CAPTION, CompareLayout, CompareOptions, compose};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_smp-preview"))
}

/// The chunk types of a PNG file, in order.
fn png_chunks(path: &Path) -> Vec<String> {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(
        &bytes[..8],
        b"\x89PNG\r\n\x1a\n",
        "{} is not a PNG",
        path.display()
    );
    let mut chunks = Vec::new();
    let mut at = 8;
    while at + 8 <= bytes.len() {
        let len = u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
        chunks.push(String::from_utf8_lossy(&bytes[at + 4..at + 8]).to_string());
        at += 12 + len;
    }
    chunks
}

/// Only the image itself: no text, EXIF, time or other ancillary chunks.
fn assert_no_metadata(path: &Path) {
    let chunks = png_chunks(path);
    assert!(
        chunks
            .iter()
            .all(|c| ["IHDR", "IDAT", "IEND"].contains(&c.as_str())),
        "{}: {chunks:?}",
        path.display()
    );
}

fn dark_pixels(image: &RgbaImage, rect: Box2) -> usize {
    let (x0, y0) = (rect.x.max(0.0) as u32, rect.y.max(0.0) as u32);
    let x1 = (rect.right().ceil() as u32).min(image.width());
    let y1 = (rect.bottom().ceil() as u32).min(image.height());
    (y0..y1)
        .flat_map(|y| (x0..x1).map(move |x| (x, y)))
        .filter(|&(x, y)| image.get_pixel(x, y).0[1] < 120)
        .count()
}

fn overlaps(a: Box2, b: Box2) -> bool {
    a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom()
}

/// A light photo and a darker "after", so the panels can be told apart from the ink.
fn before_after() -> (RgbaImage, RgbaImage) {
    let before = RgbaImage::from_pixel(300, 200, image::Rgba([230, 200, 180, 255]));
    let after = RgbaImage::from_pixel(300, 200, image::Rgba([200, 170, 150, 255]));
    (before, after)
}

#[test]
fn comparison_has_both_panels_labels_caption_and_clinic_outside_the_photos() {
    let (before, after) = before_after();
    let options = CompareOptions {
        clinic_name: Some("Northside Clinic".into()),
        ..CompareOptions::default()
    };
    let c = compose(&before, &after, &options);
    assert_eq!(c.panel_boxes.len(), 2);
    let [l, r] = [c.panel_boxes[0], c.panel_boxes[1]];
    assert_eq!(
        (l.w, l.h),
        (300.0, 200.0),
        "no downscale below the panel limit"
    );
    assert_eq!(
        c.image.get_pixel(l.x as u32 + 150, l.y as u32 + 100).0[0],
        230,
        "before on the left"
    );
    assert_eq!(
        c.image.get_pixel(r.x as u32 + 150, r.y as u32 + 100).0[0],
        200,
        "after on the right"
    );
    let clinic = c.clinic_box.expect("clinic name drawn");
    let texts = [c.label_boxes[0], c.label_boxes[1], c.caption_box, clinic];
    for text in texts {
        assert!(dark_pixels(&c.image, text) > 30, "{text:?} has no ink");
        assert!(
            text.x >= 0.0 && text.right() <= c.image.width() as f32,
            "{text:?} off the picture"
        );
        for panel in &c.panel_boxes {
            assert!(!overlaps(text, *panel), "{text:?} covers a photo");
        }
    }
    assert!(
        c.label_boxes[0].right() <= r.x,
        "'Before' over the left panel"
    );
    assert!(c.label_boxes[1].x >= r.x, "'After' over the right panel");
    assert!(c.caption_box.y > l.bottom(), "caption under the photos");
    // The caption really is the caption: the same text drawn alone leaves the same ink.
    let mut reference = smp_preview::export::draw::canvas(2000, 100, [250, 250, 250]);
    let size = 100.0 * c.caption_box.w / smp_preview::export::draw::text_width(CAPTION, 100.0);
    let drawn = smp_preview::export::draw::draw_text(
        &mut reference,
        CAPTION,
        c.caption_box.x.fract(),
        c.caption_box.y.fract(),
        size,
        [25, 25, 25],
    );
    assert!((drawn.w - c.caption_box.w).abs() < 1.0);
    let ink = dark_pixels(&reference, drawn) as f32;
    let caption_ink = dark_pixels(&c.image, c.caption_box) as f32;
    // Same text at the same sub-pixel offset: the same pixels, up to rounding of the size.
    assert!(
        (caption_ink / ink - 1.0).abs() < 0.02,
        "{caption_ink} vs {ink}, {drawn:?} {:?}",
        c.caption_box
    );
}

#[test]
fn split_comparison_is_one_panel_half_before_half_after() {
    let (before, after) = before_after();
    let options = CompareOptions {
        layout: CompareLayout::Split,
        ..CompareOptions::default()
    };
    let c = compose(&before, &after, &options);
    assert_eq!(c.panel_boxes.len(), 1);
    let p = c.panel_boxes[0];
    let y = p.y as u32 + 100;
    assert_eq!(c.image.get_pixel(p.x as u32 + 40, y).0[0], 230);
    assert_eq!(c.image.get_pixel(p.right() as u32 - 40, y).0[0], 200);
    assert!(c.clinic_box.is_none());
}

/// Mean linear luminance of a region of a picture.
fn mean_linear_luminance(img: &RgbaImage, b: Box2) -> f64 {
    let (mut sum, mut n) = (0.0, 0.0);
    for y in b.y as u32..(b.y + b.h) as u32 {
        for x in b.x as u32..(b.x + b.w) as u32 {
            let p = img.get_pixel(x, y);
            let lin = [0, 1, 2]
                .map(|c| smp_preview::core::color::srgb_to_linear(f32::from(p[c]) / 255.0));
            sum += f64::from(smp_preview::core::color::luminance(lin));
            n += 1.0;
        }
    }
    sum / n
}

#[test]
fn a_scaled_down_panel_keeps_the_tone_and_the_detail_shows_the_dots_at_100_percent() {
    // An "after" of sharp dark dots on skin, scaled to a quarter: the panel's mean tone (linear
    // light) is the full picture's, and the detail in its corner is a 1:1 crop.
    let skin = image::Rgba([220, 180, 160, 255]);
    let after = RgbaImage::from_fn(2000, 1600, |x, y| {
        if x % 7 < 2 && y % 7 < 2 {
            image::Rgba([60, 55, 58, 255])
        } else {
            skin
        }
    });
    let before = RgbaImage::from_pixel(2000, 1600, skin);
    let options = CompareOptions {
        max_panel_side_px: 500,
        detail_centre_px: Some(glam::Vec2::new(1000.0, 800.0)),
        ..CompareOptions::default()
    };
    let c = compose(&before, &after, &options);
    let panel = c.panel_boxes[1];
    let (detail, _) = c.detail_boxes[1];
    // The panel's top half (clear of the detail in its bottom-right corner).
    let top = Box2::new(panel.x, panel.y, panel.w, 0.5 * panel.h);
    let full = mean_linear_luminance(&after, Box2::new(0.0, 0.0, 2000.0, 1600.0));
    let shown = mean_linear_luminance(&c.image, top);
    assert!(
        (shown / full - 1.0).abs() < 0.01,
        "panel {shown} vs full {full}"
    );
    assert_eq!(c.detail_boxes.len(), 2, "a detail in each panel");
    let (_, (x0, y0)) = c.detail_boxes[1];
    for (dx, dy) in [(0u32, 0u32), (3, 5), (40, 17)] {
        let at = c
            .image
            .get_pixel(detail.x as u32 + dx, detail.y as u32 + 30 + dy);
        assert_eq!(
            at,
            after.get_pixel(x0 + dx, y0 + 30 + dy),
            "1:1 at {dx},{dy}"
        );
    }
}

#[test]
fn large_photos_are_scaled_to_the_panel_limit() {
    let before = RgbaImage::new(5000, 2500);
    let options = CompareOptions {
        max_panel_side_px: 1000,
        ..CompareOptions::default()
    };
    let c = compose(&before, &before, &options);
    assert_eq!((c.panel_boxes[0].w, c.panel_boxes[0].h), (1000.0, 500.0));
}

#[test]
fn export_writes_every_file_at_its_size_without_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let p = |name: &str| dir.path().join(name);
    let out = bin()
        .args(["export", "--clinic", "Test Clinic", "--plan"])
        .arg(common::fringe_sample_plan_path())
        .arg("--after")
        .arg(p("after.png"))
        .arg("--compare")
        .arg(p("compare.png"))
        .arg("--sheet")
        .arg(p("sheet.png"))
        .arg("--numbers")
        .arg(p("numbers.csv"))
        .output()
        .unwrap();
    if !common::gpu_ok(&out, "export") {
        return;
    }
    let photo = smp_preview::io::sample::Sample::Fringe.photo().unwrap();
    let after = image::open(p("after.png")).unwrap();
    assert_eq!((after.width(), after.height()), photo.dimensions());
    let compare = image::open(p("compare.png")).unwrap();
    assert!(compare.width() > 2 * photo.width() && compare.height() > photo.height());
    let sheet = image::open(p("sheet.png")).unwrap();
    assert_eq!(
        (sheet.width(), sheet.height()),
        (2480, 3508),
        "A4 at 300 dpi"
    );
    for png in ["after.png", "compare.png", "sheet.png"] {
        assert_no_metadata(&p(png));
    }
    let csv = std::fs::read_to_string(p("numbers.csv")).unwrap();
    assert!(csv.starts_with("region,area_cm2"));
    assert!(csv.lines().any(|l| l.starts_with("crown,")), "{csv}");
}

#[test]
fn export_sheet_as_pdf_and_numbers_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let (pdf, json) = (
        dir.path().join("plan sheet é.pdf"),
        dir.path().join("n.json"),
    );
    let out = bin()
        .args(["export", "--sheet"])
        .arg(&pdf)
        .arg("--numbers")
        .arg(&json)
        .output()
        .unwrap();
    if !common::gpu_ok(&out, "export") {
        return;
    }
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(
        bytes.starts_with(b"%PDF-") && bytes.ends_with(b"%%EOF"),
        "a whole PDF"
    );
    let numbers: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert!(numbers["treated_area_cm2"].as_f64().unwrap() > 10.0);
    assert_eq!(numbers["sessions"].as_array().unwrap().len(), 3);
}

#[test]
fn export_refuses_unknown_formats_and_nothing_to_do() {
    for args in [
        vec!["export"],
        vec!["export", "--sheet", "x.docx"],
        vec!["export", "--numbers", "n.txt"],
    ] {
        let out = bin().args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?}");
        assert_eq!(
            stderr.lines().filter(|l| l.contains("error")).count(),
            1,
            "{stderr}"
        );
    }
}

/// Writes a copy of the sample plan (and its photo) as `name` in `dir`.
fn write_sample_plan(dir: &Path, name: &str, photo: &Path) {
    let mut plan = smp_preview::io::sample::sample_plan().unwrap();
    plan.photo = Some(photo.to_owned());
    plan.save(&dir.join(name)).unwrap();
}

#[test]
fn batch_render_writes_one_png_per_plan_and_reports_progress_and_failures() {
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("photo.png");
    common::write_flat_photo(&photo, 400, 300);
    write_sample_plan(dir.path(), "anna.smp.json", &photo);
    write_sample_plan(dir.path(), "ben.smp.json", &photo);
    std::fs::write(dir.path().join("broken.smp.json"), "{ not json").unwrap();
    let out_dir = dir.path().join("out");
    let plan = |n: &str| dir.path().join(n);
    let out = bin()
        .arg("render")
        .args(["--plan".as_ref(), plan("anna.smp.json").as_os_str()])
        .args(["--plan".as_ref(), plan("broken.smp.json").as_os_str()])
        .args(["--plan".as_ref(), plan("ben.smp.json").as_os_str()])
        .arg("--out-dir")
        .arg(&out_dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out_dir.join("anna.png").exists() && std::env::var_os("SMP_ALLOW_NO_GPU").is_some() {
        return;
    }
    assert!(!out.status.success(), "a failed plan fails the batch");
    for (k, name) in [(1, "anna"), (3, "ben")] {
        assert!(stderr.contains(&format!("[{k}/3] wrote")), "{stderr}");
        let png = image::open(out_dir.join(format!("{name}.png"))).unwrap();
        assert_eq!((png.width(), png.height()), (400, 300));
    }
    assert!(
        stderr.contains("[2/3]") && stderr.contains("broken.smp.json: error"),
        "{stderr}"
    );
    assert!(stderr.contains("1 of 3 plans failed"), "{stderr}");
}

#[test]
fn batch_render_refuses_colliding_names_and_several_plans_without_a_folder() {
    let out = bin()
        .args([
            "render",
            "--plan",
            "a/x.smp.json",
            "--plan",
            "b/x.smp.json",
            "--out-dir",
            "o",
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("both write"));
    let out = bin()
        .args([
            "render",
            "--plan",
            "a.smp.json",
            "--plan",
            "b.smp.json",
            "--out",
            "x.png",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
}

/// An export that stops part-way names the files it had already written, so that a partial
/// set is not taken for the whole export.
#[test]
fn a_failed_export_names_the_files_already_written() {
    let dir = tempfile::tempdir().unwrap();
    let numbers = dir.path().join("numbers.csv");
    let after = dir.path().join("no such folder").join("after.png");
    let out = bin()
        .arg("export")
        .arg("--numbers")
        .arg(&numbers)
        .arg("--after")
        .arg(&after)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let no_gpu = stderr.contains("graphics adapter") || stderr.contains("graphics device");
    if no_gpu && std::env::var_os("SMP_ALLOW_NO_GPU").is_some() {
        return;
    }
    assert!(!out.status.success(), "{stderr}");
    assert!(
        numbers.is_file(),
        "the numbers are written before the render"
    );
    let line = stderr
        .lines()
        .find(|l| l.starts_with("smp-preview: error"))
        .unwrap_or("");
    assert!(line.contains("after.png"), "{stderr}");
    assert!(
        line.contains(&format!("written before it stopped: {}", numbers.display())),
        "{stderr}"
    );
}

/// Pixels of the sheet's warning colour (the notes and an estimated scale are printed in it).
fn warning_pixels(sheet: &RgbaImage) -> usize {
    sheet.pixels().filter(|p| p.0[..3] == [170, 40, 20]).count()
}

/// The plan sheet of `plan` over a flat skin-coloured 400 × 400 photo.
fn sheet_of(
    plan: &smp_preview::core::plan::Plan,
    numbers: &smp_preview::core::numbers::PlanNumbers,
) -> RgbaImage {
    use smp_preview::core::sampling::{DensityParams, FieldGeometry};
    use smp_preview::export::{SheetInputs, render_sheet};
    let grid = smp_preview::core::numbers::DensityGrid::with_square_cells(
        &FieldGeometry::from_plan(plan),
        &DensityParams::from_plan(plan),
        32,
    );
    let photo = RgbaImage::from_pixel(400, 400, image::Rgba([200, 170, 150, 255]));
    render_sheet(&SheetInputs {
        title: "notes",
        plan,
        numbers,
        photo: &photo,
        after: &photo,
        density: &grid,
        clinic: None,
        logo: None,
    })
}

#[test]
fn the_sheet_prints_the_numbers_notes_in_the_warning_colour() {
    use smp_preview::core::numbers::PlanNumbers;
    use smp_preview::core::sampling::impressions_for;
    let notes_and_pixels = |zone_density: f32| {
        let mut plan = common::plan_with_fade_and_zone(90.0, zone_density, 10.0);
        // Three sessions keep each under the usual 5 hours.
        plan.sessions = smp_preview::core::plan::Sessions::typical(3);
        let numbers = PlanNumbers::compute(&plan, &impressions_for(&plan));
        (
            numbers.notes.len(),
            warning_pixels(&sheet_of(&plan, &numbers)),
        )
    };
    // Within the usual ranges and calibrated: nothing in the warning colour.
    assert_eq!(notes_and_pixels(110.0), (0, 0));
    // A crown at 400/cm²: one note, printed (a heading and a line of text: thousands of pixels).
    let (notes, pixels) = notes_and_pixels(400.0);
    assert_eq!(notes, 1);
    assert!(pixels > 1000, "{pixels} warning-coloured pixels");
}

/// A plan of twenty small zones at 400/cm²: twenty notes and zone rows, more than a page holds.
fn twenty_zone_plan() -> smp_preview::core::plan::Plan {
    let mut plan = common::plan_with_fade_and_zone(90.0, 400.0, 10.0);
    plan.sessions = smp_preview::core::plan::Sessions::typical(4);
    // Twenty small zones at 400/cm²: twenty notes, more than the page has room for.
    let crown = plan.zones[0].clone();
    plan.zones = (0..20)
        .map(|i| {
            let mut zone = crown.clone();
            let x = 20.0 * (i % 10) as f32;
            let y = 150.0 + 40.0 * (i / 10) as f32;
            zone.name = format!("patch {i}");
            zone.polygon = vec![
                glam::Vec2::new(x, y),
                glam::Vec2::new(x + 15.0, y),
                glam::Vec2::new(x + 15.0, y + 15.0),
                glam::Vec2::new(x, y + 15.0),
            ];
            zone
        })
        .collect();
    plan
}

#[test]
fn many_notes_stop_above_the_sheets_footer() {
    use image::GenericImageView;
    let plan = twenty_zone_plan();
    let numbers = smp_preview::core::numbers::PlanNumbers::compute(&plan, &[]);
    assert!(numbers.notes.len() >= 20, "{:?}", numbers.notes);
    let sheet = sheet_of(&plan, &numbers);
    // The footer line starts 15 mm + one 8 pt line above the bottom at 300 dpi (3 286 px);
    // the notes keep 2 mm clear of it.
    let footer_top_px = (282.0 / 25.4 * 300.0 - 8.0 / 72.0 * 300.0 * 1.35) as u32;
    let below = sheet.view(
        0,
        footer_top_px - 20,
        sheet.width(),
        sheet.height() - footer_top_px + 20,
    );
    assert_eq!(
        warning_pixels(&below.to_image()),
        0,
        "notes ran into the footer"
    );
    assert!(
        warning_pixels(&sheet) > 1000,
        "the notes that fit are printed"
    );
}

#[test]
fn an_export_reports_its_steps_and_stops_when_cancelled_leaving_whole_files() {
    use smp_preview::core::plan::ShownSession;
    use smp_preview::export::outputs::{ExportFilesError, ExportTargets, write_exports};
    if common::gpu().is_none() {
        return;
    }
    let sample = smp_preview::io::sample::Sample::Fringe;
    let (plan, photo) = (sample.plan().unwrap(), sample.photo().unwrap());
    let dir = tempfile::tempdir().unwrap();
    let plan_path = dir.path().join("p.smp.json");
    let targets = || ExportTargets::beside(&plan_path, ShownSession::Finished);

    // Asked to stop before it starts: nothing is written.
    let stopped = targets();
    stopped.progress.cancel();
    let err = write_exports(&plan, Some(&plan_path), &photo, &stopped).unwrap_err();
    assert!(matches!(err.cause, ExportFilesError::Cancelled(_)), "{err}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);

    // Stopped once the numbers are written (the render is under way): they stay, whole.
    let midway = targets();
    let progress = std::sync::Arc::clone(&midway.progress);
    let watcher = std::thread::spawn(move || {
        while progress.steps().0 < 1 {
            std::thread::yield_now();
        }
        progress.cancel();
    });
    let err = write_exports(&plan, Some(&plan_path), &photo, &midway).unwrap_err();
    watcher.join().unwrap();
    assert!(matches!(err.cause, ExportFilesError::Cancelled(_)), "{err}");
    assert_eq!(err.written, [dir.path().join("p-numbers.csv")]);
    let csv = std::fs::read_to_string(&err.written[0]).unwrap();
    assert!(csv.starts_with("region,") && csv.contains("total"), "{csv}");
    assert!(!dir.path().join("p-after.png").exists());

    // Not stopped: every step, every file.
    let full = targets();
    let written = write_exports(&plan, Some(&plan_path), &photo, &full).unwrap();
    assert_eq!(written.len(), 4);
    assert_eq!(
        full.progress.steps(),
        (5, 5),
        "numbers, render, after, compare, sheet"
    );
}

#[test]
fn zones_and_notes_that_do_not_fit_continue_on_a_second_page() {
    use smp_preview::core::sampling::{DensityParams, FieldGeometry};
    use smp_preview::export::sheet::for_each_sheet_page_with_text;
    let plan = twenty_zone_plan();
    let numbers = smp_preview::core::numbers::PlanNumbers::compute(&plan, &[]);
    let grid = smp_preview::core::numbers::DensityGrid::with_square_cells(
        &FieldGeometry::from_plan(&plan),
        &DensityParams::from_plan(&plan),
        32,
    );
    let photo = RgbaImage::from_pixel(400, 400, image::Rgba([200, 170, 150, 255]));
    let inputs = smp_preview::export::SheetInputs {
        title: "many",
        plan: &plan,
        numbers: &numbers,
        photo: &photo,
        after: &photo,
        density: &grid,
        clinic: None,
        logo: None,
    };
    let mut pages = Vec::new();
    let kept: Result<(), ()> = for_each_sheet_page_with_text(&inputs, |page, text| {
        pages.push((page, text));
        Ok(())
    });
    kept.unwrap();
    assert!(pages.len() >= 2, "{} pages", pages.len());
    let text_of = |k: usize| -> Vec<String> { pages[k].1.iter().map(|r| r.text.clone()).collect() };
    let first = text_of(0).join("\n");
    assert!(first.contains("continued on the next page"), "{first}");
    let all: String = (0..pages.len())
        .map(|k| text_of(k).join("\n"))
        .collect::<Vec<_>>()
        .join("\n");
    for zone in &plan.zones {
        assert!(all.contains(&zone.name), "{} is on no page", zone.name);
    }
    for note in &numbers.notes {
        let start: String = note.chars().take(30).collect();
        assert!(all.contains(&start), "note {note:?} is on no page");
    }
    // Written as a PDF: as many pages, the last zone readable in it.
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("many.pdf");
    smp_preview::export::write_sheet(&pdf, &inputs, smp_preview::export::pdf::Paper::A4).unwrap();
    let text = crate::ui_laptop::pdf_text(&pdf);
    assert!(text.contains("patch 19"), "{text}");
    assert_eq!(
        text.matches('\u{c}').count(),
        pages.len(),
        "one form feed a page"
    );
}

#[test]
fn the_clinic_logo_sits_at_the_sheets_top_right() {
    let dir = tempfile::tempdir().unwrap();
    let (logo, sheet) = (dir.path().join("logo.png"), dir.path().join("sheet.png"));
    RgbaImage::from_pixel(300, 120, image::Rgba([20, 90, 160, 255]))
        .save(&logo)
        .unwrap();
    let out = bin()
        .args(["export", "--clinic", "Clinic Nord", "--sheet"])
        .arg(&sheet)
        .arg("--clinic-logo")
        .arg(&logo)
        .output()
        .unwrap();
    if !common::gpu_ok(&out, "export --clinic-logo") {
        return;
    }
    let page = image::open(&sheet).unwrap().to_rgba8();
    let mm = |v: f32| (v / 25.4 * 300.0) as u32;
    // The middle of the 40 × 16 mm box inside the top-right margins.
    let p = page.get_pixel(mm(210.0 - 15.0 - 20.0), mm(15.0 + 8.0)).0;
    assert_eq!(p, [20, 90, 160, 255], "the logo's colour there");
    let blank = page.get_pixel(mm(210.0 - 15.0 - 20.0), mm(15.0 + 30.0)).0;
    assert_ne!(blank, [20, 90, 160, 255], "and not below its box");
}
