//! Laptop habits in the window: Undo and Redo buttons and Ctrl+Y, a trackpad's two-finger
//! scroll panning while a mouse wheel zooms, and the window title naming the document.

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use smp_preview::app::SmpApp;

fn harness(dir: &tempfile::TempDir) -> Harness<'static, SmpApp> {
    let recovery = Some(dir.path().join("recovery.smp.json"));
    // Frames a 60th of a second apart, as on screen.
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 1000.0))
        .with_step_dt(1.0 / 60.0)
        .build_eframe(move |_cc| SmpApp::with_recovery(None, recovery));
    settle(&mut harness);
    harness
}

/// Frames until an edit has become an undo step.
fn settle(harness: &mut Harness<'static, SmpApp>) {
    for _ in 0..60 {
        harness.step();
    }
}

#[test]
fn undo_and_redo_are_buttons_and_ctrl_y_redoes() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    let shade = |h: &Harness<'static, SmpApp>| h.state().document().plan.dilution_ratio;
    let start = shade(&harness);
    assert!(harness.get_by_label("Undo").accesskit_node().is_disabled());
    harness.get_by_label("12").click();
    settle(&mut harness);
    assert_eq!(shade(&harness), 12.0);
    harness.get_by_label("Undo").click();
    settle(&mut harness);
    assert_eq!(shade(&harness), start, "the button undoes");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Y);
    settle(&mut harness);
    assert_eq!(shade(&harness), 12.0, "Ctrl+Y redoes");
    assert!(harness.get_by_label("Redo").accesskit_node().is_disabled());
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    settle(&mut harness);
    harness.get_by_label("Redo").click();
    settle(&mut harness);
    assert_eq!(shade(&harness), 12.0, "the button redoes");
}

fn wheel(
    unit: egui::MouseWheelUnit,
    source: egui::MouseWheelSource,
    delta: egui::Vec2,
) -> egui::Event {
    egui::Event::MouseWheel {
        unit,
        delta,
        phase: egui::TouchPhase::Move,
        source,
        modifiers: egui::Modifiers::NONE,
    }
}

#[test]
fn a_trackpad_scroll_pans_and_a_wheel_notch_zooms() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    let view = |h: &Harness<'static, SmpApp>| h.state().view().view.expect("laid out");
    let over_photo = egui::pos2(800.0, 400.0);
    harness.hover_at(over_photo);
    harness.step();
    let before = view(&harness);
    let swipe = egui::vec2(30.0, -20.0);
    harness.event(wheel(
        egui::MouseWheelUnit::Point,
        egui::MouseWheelSource::Trackpad,
        swipe,
    ));
    harness.step();
    let panned = view(&harness);
    assert_eq!(panned.scale, before.scale, "a swipe does not zoom");
    let moved = panned.offset_px - before.offset_px;
    assert!(
        moved.x > 0.0 && moved.y < 0.0 && (moved.x / moved.y + 1.5).abs() < 1e-3,
        "the photo follows the fingers: {moved}"
    );
    harness.event(wheel(
        egui::MouseWheelUnit::Line,
        egui::MouseWheelSource::Wheel,
        egui::vec2(0.0, 1.0),
    ));
    harness.step();
    assert!(view(&harness).scale > panned.scale, "a notch zooms in");
}

/// The titles the app sent to the window in the last frame.
fn titles_sent(harness: &Harness<'static, SmpApp>) -> Vec<String> {
    harness
        .output()
        .viewport_output
        .values()
        .flat_map(|v| v.commands.iter())
        .filter_map(|c| match c {
            egui::ViewportCommand::Title(t) => Some(t.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn the_window_title_names_the_document_and_marks_unsaved_changes() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    assert_eq!(harness.state().window_title(), "sample — smp-preview");
    harness.get_by_label("12").click();
    let mut sent = titles_sent(&harness);
    for _ in 0..30 {
        harness.step();
        sent.extend(titles_sent(&harness));
    }
    // Sent to the window once, when it changed.
    assert_eq!(sent, ["sample • — smp-preview"]);
}

/// A file dropped on the window, as the windowing layer hands it over.
#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn several_dropped_photos_open_the_first_and_list_the_others_with_a_hint_while_hovering() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    let photos: Vec<_> = ["a.png", "b.png", "c.png"]
        .iter()
        .map(|n| dir.path().join(n))
        .collect();
    for p in &photos {
        crate::common::write_flat_photo(p, 320, 240);
    }
    // Held over the window for a few frames (an area shows from its second frame).
    for _ in 0..3 {
        harness.input_mut().hovered_files = photos
            .iter()
            .map(|p| egui::HoveredFile {
                path: Some(p.clone()),
                mime: String::new(),
            })
            .collect();
        harness.step();
    }
    harness.get_by_label_contains("Drop to open a.png (and 2 more");
    harness.input_mut().hovered_files.clear();
    harness.input_mut().dropped_files = photos
        .iter()
        .map(|p| std::sync::Arc::new(Dropped(p.clone())) as _)
        .collect();
    harness.step();
    harness.step();
    let app = harness.state();
    assert_eq!(app.document().name, "a.png");
    let recent = app.recent_files();
    assert!(
        recent.contains(&photos[1]) && recent.contains(&photos[2]),
        "{recent:?}"
    );
    harness.get_by_label_contains("2 more dropped files are under Recent");
}

#[test]
fn the_error_banner_stays_in_sight_when_the_panel_is_scrolled() {
    let dir = tempfile::tempdir().unwrap();
    let recovery = Some(dir.path().join("recovery.smp.json"));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 500.0))
        .build_eframe(move |_cc| SmpApp::with_recovery(None, recovery));
    harness.run();
    // An error: a photo that is not one.
    let bad = dir.path().join("broken.png");
    std::fs::write(&bad, b"not a png").unwrap();
    harness.state_mut().open(&bad);
    harness.run_steps(4);
    let banner_y =
        |h: &Harness<'static, SmpApp>| h.get_by_label_contains("broken.png").rect().top();
    let before = banner_y(&harness);
    // Scroll the panel far down.
    harness.hover_at(egui::pos2(140.0, 400.0));
    for _ in 0..20 {
        harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Line,
            delta: egui::vec2(0.0, -10.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
            modifiers: egui::Modifiers::NONE,
        });
        harness.step();
    }
    harness.run_steps(10);
    let sections_moved = harness.get_by_label("Impressions").rect().top();
    assert!(sections_moved < 0.0, "the panel scrolled: {sections_moved}");
    assert_eq!(banner_y(&harness), before, "the banner stayed where it was");
}

/// The text of a PDF, by poppler's `pdftotext` (CI installs poppler-utils).
pub fn pdf_text(pdf: &std::path::Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_windows_export_carries_the_patient_the_date_and_the_clinic_as_text() {
    use egui_kittest::kittest::Queryable;
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("p1.png");
    crate::common::write_flat_photo(&photo, 800, 600);
    let recovery = Some(dir.path().join("recovery.smp.json"));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 1400.0))
        .build_eframe(move |_cc| SmpApp::with_recovery(Some(&photo), recovery));
    harness.run_steps(4);
    harness.get_by_label("Patient").click();
    harness.run_steps(4);
    for (field, text) in [("patient", "P-0042"), ("clinic", "Clinic Nord")] {
        harness
            .get_by_role_and_label(egui::accesskit::Role::TextInput, field)
            .click();
        harness.run_steps(2);
        harness
            .get_by_role_and_label(egui::accesskit::Role::TextInput, field)
            .type_text(text);
        harness.run_steps(2);
    }
    harness.get_by_label("today").click();
    harness.run_steps(2);
    let plan = &harness.state().document().plan;
    assert_eq!(plan.patient.as_deref(), Some("P-0042"));
    let date = plan.consultation_date.clone().expect("today's date");
    let settings = std::fs::read_to_string(dir.path().join("settings.json")).unwrap();
    assert!(
        settings.contains("Clinic Nord"),
        "kept for next time: {settings}"
    );
    harness.get_by_label("Export").click();
    let sheet = dir.path().join("p1-sheet.pdf");
    for _ in 0..600 {
        harness.step();
        if harness.state().document().plan_path.is_some() && !harness.state().export_running() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    if !sheet.exists() {
        // No GPU adapter at all: the export reports it; nothing more to check here.
        eprintln!("no sheet written (no GPU adapter?)");
        return;
    }
    let text = pdf_text(&sheet);
    for expected in [
        "SMP plan",
        "Patient P-0042",
        &format!("Date {date}"),
        "Clinic Nord",
        "Treated area",
    ] {
        assert!(text.contains(expected), "{expected:?} in {text}");
    }
}

#[test]
fn a_photo_pasted_from_the_clipboard_is_kept_as_a_file_and_opened() {
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("first.png");
    crate::common::write_flat_photo(&photo, 320, 240);
    let recovery = Some(dir.path().join("recovery.smp.json"));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 900.0))
        .build_eframe(move |_cc| SmpApp::with_recovery(Some(&photo), recovery));
    harness.run_steps(3);
    let pixels = vec![egui::Color32::from_rgb(210, 170, 150); 64 * 48];
    let image = egui::ColorImage::new([64, 48], pixels);
    harness.event(egui::Event::PasteImage(std::sync::Arc::new(image)));
    harness.run_steps(3);
    let pasted = dir.path().join("pasted photo.png");
    let kept = image::open(&pasted)
        .expect("written beside the last photo")
        .to_rgba8();
    assert_eq!(kept.dimensions(), (64, 48));
    assert_eq!(kept.get_pixel(10, 10).0, [210, 170, 150, 255]);
    assert_eq!(harness.state().document().name, "pasted photo.png");
    harness.get_by_label_contains("Pasted photo saved as");
}
