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
