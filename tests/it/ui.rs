//! The real window's UI driven without a window or GPU (egui_kittest): the panel's controls,
//! shortcuts, the plan numbers and the status bar. The preview's GPU callback simply finds no
//! renderer here; everything else is the app as shipped.

use crate::common;

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use smp_preview::app::SmpApp;

/// The text a node shows (egui reports a label's text as its value).
fn text_of(node: &egui_kittest::Node<'_>) -> String {
    let ak = node.accesskit_node();
    ak.label()
        .filter(|l| !l.is_empty())
        .or_else(|| ak.value())
        .unwrap_or_default()
}

fn harness(dir: &tempfile::TempDir) -> Harness<'static, SmpApp> {
    harness_sized(dir, 1100.0)
}

/// Opens a panel section that starts folded (Scale, Head).
fn open_section(harness: &mut Harness<'static, SmpApp>, title: &str) {
    harness.get_by_label(title).click();
    harness.run();
}

/// A window `height` points high (tall enough to show the whole panel without scrolling).
fn harness_sized(dir: &tempfile::TempDir, height: f32) -> Harness<'static, SmpApp> {
    let recovery = Some(dir.path().join("recovery.smp.json"));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, height))
        .build_eframe(move |_cc| SmpApp::with_recovery(None, recovery));
    harness.run();
    // These tests follow the scalp-with-fringe sample (its crown zone, its layout).
    harness
        .state_mut()
        .open_sample(smp_preview::io::sample::Sample::Fringe);
    harness.run();
    harness
}

#[test]
fn panel_shows_the_controls_a_consultant_needs() {
    let dir = tempfile::tempdir().unwrap();
    let harness = harness(&dir);
    for label in [
        "Save plan",
        "Export",
        "Reshuffle",
        "Fit",
        "100 %",
        "Density map",
        "Plan numbers",
    ] {
        harness.get_by_label(label);
    }
    // The status bar: impressions, treated area and scale of the sample.
    let status = harness.get_by_label_contains("impressions ·");
    let text = text_of(&status);
    assert!(
        text.contains("cm² treated") && text.contains("7.70 px/mm"),
        "{text}"
    );
    assert!(text.contains("after session 3 of 3"), "{text}");
}

#[test]
fn density_map_toggles_by_checkbox_and_by_h() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness_sized(&dir, 1600.0);
    assert!(!harness.state().view().show_heat_map);
    harness.get_by_label("Density map").click();
    harness.run();
    assert!(harness.state().view().show_heat_map);
    harness.key_press(egui::Key::H);
    harness.run();
    assert!(!harness.state().view().show_heat_map);
}

#[test]
fn reshuffle_changes_the_seed_and_marks_the_plan_unsaved() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    let seed = harness.state().document().plan.seed;
    assert!(!harness.state().document().has_unsaved_changes());
    harness.get_by_label("Reshuffle").click();
    harness.run();
    assert_eq!(harness.state().document().plan.seed, seed + 1);
    assert!(harness.state().document().has_unsaved_changes());
    harness.get_by_label("sample •");
}

#[test]
fn plan_numbers_list_each_zone_and_session() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness_sized(&dir, 1600.0);
    let crowns = harness.get_all_by_label("crown").count();
    harness.get_by_label("Plan numbers").click();
    harness.run();
    assert_eq!(
        harness.get_all_by_label("crown").count(),
        crowns + 1,
        "a row for the zone"
    );
    harness.get_by_label("rest of area");
    for session in ["1 (40 %)", "2 (80 %)", "3 (100 %)"] {
        harness.get_by_label(session);
    }
    // The sample's 0.19 mm dots are larger than any single needle heals to (0.35 → 0.175):
    // a 3RL 0.18 cluster's.
    let needle = harness.get_by_label_contains("0.19 mm dots:");
    let text = text_of(&needle);
    assert!(text.contains("3RL 0.18 mm heals to ≈ 0.19 mm"), "{text}");
    // The hairline's dots are 75 % of that: the single needle closest to 0.145 mm.
    let hairline = text_of(&harness.get_by_label_contains("hairline 0.15 mm dots"));
    assert!(
        hairline.contains("1RL 0.30 mm heals to ≈ 0.15 mm"),
        "{hairline}"
    );
    harness.get_by_label("default estimate");
}

#[test]
fn showing_an_earlier_session_shows_fewer_impressions() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    let all = harness.state().document().impressions().len();
    // "show after" buttons 1, 2, 3: the first session alone.
    harness.get_by_label("1").click();
    harness.run();
    let first = harness.state().document().impressions().len();
    assert!(
        first > 0 && (first as f32) < 0.5 * all as f32,
        "{first} of {all}"
    );
    let status = harness.get_by_label_contains("impressions ·");
    assert!(text_of(&status).contains("after session 1 of 3"));
}

#[test]
fn look_buttons_switch_between_fresh_healed_and_faded() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    let healed_dot = harness.state().document().impressions()[0];
    harness.get_by_label("faded").click();
    harness.run();
    let doc = harness.state().document();
    assert_eq!(doc.age, smp_preview::core::look::Age::Faded { years: 5.0 });
    let faded_dot = doc.impressions()[0];
    let spread = |age| smp_preview::core::optics::DotOptics::for_plan(&doc.plan, age).spread_px;
    assert!(
        spread(doc.age) > spread(smp_preview::core::look::Age::Healed),
        "faded dots spread"
    );
    assert_eq!(
        faded_dot.pos_px, healed_dot.pos_px,
        "the look never moves a dot"
    );
    let text = text_of(&harness.get_by_label_contains("impressions ·"));
    assert!(text.contains("faded 5 y"), "{text}");
    harness.get_by_label("fresh").click();
    harness.run();
    assert_eq!(
        harness.state().document().age,
        smp_preview::core::look::Age::Fresh
    );
}

#[test]
fn eyedropper_suggests_a_shade_and_swatches_set_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    harness.get_by_label("15").click();
    harness.run();
    assert_eq!(harness.state().document().plan.dilution_ratio, 15.0);
    harness.get_by_label("pick hair colour").click();
    harness.run();
    // A click on the photo (the preview's centre: the scalp) samples it.
    common::click_at(&mut harness, egui::pos2(780.0, 400.0));
    let (_, suggested) = harness
        .state()
        .view()
        .picked_hair
        .expect("a colour was picked");
    assert!((6.0..=20.0).contains(&suggested), "{suggested}");
    harness
        .get_by_label(&format!("use {suggested:.1}:1"))
        .click();
    harness.run();
    assert_eq!(harness.state().document().plan.dilution_ratio, suggested);
}

#[test]
fn needle_presets_set_the_healed_dot_size() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    // 1RL 0.25 heals to 0.125 mm, which the slider must not round away.
    harness.get_all_by_label("0.25").next().unwrap().click();
    harness.run();
    assert!((harness.state().document().plan.dot_diameter_mm - 0.125).abs() < 1e-6);
    // The 1RL row comes first, then the 3RL row.
    harness.get_all_by_label("0.20").next().unwrap().click();
    harness.run();
    assert!((harness.state().document().plan.dot_diameter_mm - 0.10).abs() < 1e-6);
    harness.get_all_by_label("0.20").nth(1).unwrap().click();
    harness.run();
    // The dot-size slider keeps what it shows: 3 decimals (µm).
    let three = harness.state().document().plan.dot_diameter_mm;
    assert!((three - 0.2 * 2.1547 * 0.5).abs() < 1e-3, "{three}");
    harness.get_by_label("deep").click();
    harness.run();
    assert_eq!(
        harness.state().document().plan.depth,
        smp_preview::core::plan::NeedleDepth::Deep
    );
}

#[test]
fn a_zone_can_take_its_own_shade() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness_sized(&dir, 1600.0);
    assert_eq!(
        harness.state().document().plan.zones[0].dilution_ratio,
        None
    );
    harness.get_by_label("crown own shade").click();
    harness.run();
    let doc = harness.state().document();
    assert_eq!(
        doc.plan.zones[0].dilution_ratio,
        Some(doc.plan.dilution_ratio),
        "starts at the plan's shade"
    );
    assert!(doc.has_unsaved_changes());
    harness.get_by_label("crown own shade").click();
    harness.run();
    assert_eq!(
        harness.state().document().plan.zones[0].dilution_ratio,
        None
    );
}

#[test]
fn a_zone_painted_with_the_brush_gets_its_own_density_and_can_be_erased() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness_sized(&dir, 1600.0);
    harness.get_by_label("Paint new zone").click();
    harness.run();
    let zone = harness.state().document().plan.zones.len() - 1;
    assert!(harness.state().document().plan.zones[zone].is_painted());
    // A stroke across the middle of the scalp (the photo is fitted in the preview).
    let (from, to) = (egui::pos2(650.0, 700.0), egui::pos2(900.0, 700.0));
    common::drag(&mut harness, from, to, 8);
    let doc = harness.state().document();
    let mask = doc.plan.zones[zone].mask.as_ref().expect("painted");
    assert!(!mask.is_empty(), "the stroke painted");
    let numbers = smp_preview::core::numbers::PlanNumbers::compute(&doc.plan, doc.impressions());
    let painted = &numbers.regions[zone];
    // A 12 mm brush dragged ~50 mm: roughly 12 × 62 mm ≈ 7 cm² (the ends are round).
    assert!(
        painted.area_cm2 > 4.0 && painted.area_cm2 < 9.0,
        "{}",
        painted.area_cm2
    );
    assert!(painted.impressions > 0);
    let painted_px2 = mask.weighted_area_px2(|_| true);
    // Its own density: set it to zero and the painted region empties.
    let before = harness.state().document().impressions().len();
    let mut plan = harness.state().document().plan.clone();
    plan.zones[zone].density_per_cm2 = 0.0;
    let emptied = smp_preview::core::sampling::impressions_for(&plan);
    assert!(emptied.len() + painted.impressions as usize / 2 < before);
    // Erase mode over the same stroke removes the paint; the soft eraser leaves only a trace
    // of the feathered rim, where both paint and eraser were partial.
    harness.get_all_by_label("erase").last().unwrap().click();
    harness.run();
    common::drag(&mut harness, from, to, 8);
    let doc = harness.state().document();
    let mask = doc.plan.zones[zone].mask.as_ref().unwrap();
    let left_px2 = mask.weighted_area_px2(|_| true);
    assert!(left_px2 < 0.15 * painted_px2, "{left_px2} of {painted_px2}");
    assert!(doc.has_unsaved_changes());
}

#[test]
fn painted_hair_hides_the_impressions_under_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness_sized(&dir, 1600.0);
    let count = harness.state().document().impressions().len();
    harness.get_by_label("paint hair").click();
    harness.run();
    common::drag(
        &mut harness,
        egui::pos2(650.0, 700.0),
        egui::pos2(900.0, 700.0),
        8,
    );
    let doc = harness.state().document();
    assert!(doc.plan.hair_mask.as_ref().is_some_and(|m| !m.is_empty()));
    let impressions = doc.impressions();
    assert_eq!(impressions.len(), count, "still placed and counted");
    let hidden = impressions.iter().filter(|i| i.opacity == 0.0).count();
    assert!(hidden > 20, "{hidden} hidden");
    harness.get_by_label("clear").click();
    harness.run();
    assert!(harness.state().document().plan.hair_mask.is_none());
}

#[test]
fn side_by_side_panes_show_the_same_view_of_the_photo() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness_sized(&dir, 1600.0);
    harness.key_press(egui::Key::S);
    harness.run();
    assert!(harness.state().view().side_by_side);
    // The preview (x 280–1280) splits into two 500-point panes. A point clicked in the left
    // pane and the same point of the right pane land on the same photo pixel.
    let mut glabella_at = |at: egui::Pos2| {
        harness.get_by_label("glabella guide").click();
        harness.run();
        common::click_at(&mut harness, at);
        harness.state().document().plan.glabella.expect("placed")
    };
    let left = glabella_at(egui::pos2(520.0, 800.0));
    let right = glabella_at(egui::pos2(1020.0, 800.0));
    assert!((left - right).length() < 0.5, "{left} vs {right}");
    harness.get_by_label("Side by side").click();
    harness.run();
    assert!(!harness.state().view().side_by_side);
}

/// Every impression as its exact position bits.
fn impression_positions(harness: &Harness<'static, SmpApp>) -> std::collections::HashSet<[u32; 2]> {
    let doc = harness.state().document();
    doc.impressions()
        .iter()
        .map(|i| [i.pos_px.x.to_bits(), i.pos_px.y.to_bits()])
        .collect()
}

#[test]
fn raising_density_in_the_window_keeps_every_impression_in_place() {
    // Issue #3, in the window: the consultant steps the density, the crown zone's density and
    // (down) the hairline fade depth with the keyboard. Each step only adds impressions — every
    // earlier one stays exactly where it was — and only Reshuffle moves them.
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness_sized(&dir, 1600.0);
    let steps = [
        ("density", egui::Key::ArrowRight),
        ("crown", egui::Key::ArrowRight),
        ("fade depth", egui::Key::ArrowLeft),
    ];
    for (label, key) in steps {
        let before = impression_positions(&harness);
        let plan_before = harness.state().document().plan.clone();
        let slider = harness.get_by_role_and_label(egui::accesskit::Role::Slider, label);
        slider.focus();
        harness.run();
        for _ in 0..3 {
            harness.key_press(key);
            harness.run();
        }
        assert_ne!(
            harness.state().document().plan,
            plan_before,
            "{label} did not change"
        );
        let after = impression_positions(&harness);
        assert!(
            after.len() > before.len(),
            "{label}: {} → {}",
            before.len(),
            after.len()
        );
        let moved = before.difference(&after).count();
        assert_eq!(moved, 0, "{label}: {moved} impressions moved or vanished");
    }
    let before = impression_positions(&harness);
    harness.get_by_label("Reshuffle").click();
    harness.run();
    let after = impression_positions(&harness);
    assert!(before.intersection(&after).count() < before.len() / 10);
}

#[test]
fn a_fitted_view_follows_the_window_size_and_a_zoomed_one_stays() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    let zoom = |h: &Harness<'static, SmpApp>| h.state().view().zoom_percent().unwrap_or(0.0);
    let fitted = zoom(&harness);
    harness.set_size(egui::vec2(1920.0, 1080.0));
    harness.run();
    let refitted = zoom(&harness);
    assert!(
        refitted > fitted * 1.2,
        "fit {fitted}% → {refitted}% in a larger window"
    );
    // Once the consultant zooms (1 = photo pixels 1:1), resizing keeps their zoom.
    harness.key_press(egui::Key::Num1);
    harness.run();
    assert!((zoom(&harness) - 100.0).abs() < 0.01);
    harness.set_size(egui::vec2(1280.0, 800.0));
    harness.run();
    assert!(
        (zoom(&harness) - 100.0).abs() < 0.01,
        "zoom kept: {}",
        zoom(&harness)
    );
}

/// A ruler called far too long makes the treatment area metres wide: the panel says the plan
/// is not shown and cannot be saved, and the preview keeps the impressions it had.
#[test]
fn a_scale_slip_is_reported_and_the_last_valid_plan_stays_shown() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness_sized(&dir, 1600.0);
    open_section(&mut harness, "Scale");
    harness.get_by_label("Calibrate with ruler").click();
    harness.run();
    common::place_ruler_ends(&mut harness);
    let set_length = |harness: &mut Harness<'static, SmpApp>, text: &str| {
        harness.get_by_label("ruler length").focus();
        harness.run();
        harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        harness.get_by_label("ruler length").type_text(text);
        harness.key_press(egui::Key::Enter);
        harness.run();
        harness.run();
    };
    set_length(&mut harness, "50");
    assert_eq!(harness.state().document().plan_problem(), None);
    let shown = harness.state().document().impressions().len();
    set_length(&mut harness, "500");
    let doc = harness.state().document();
    assert!(doc.plan.px_per_mm < 1.5, "{}", doc.plan.px_per_mm);
    let problem = doc.plan_problem().expect("reported").to_string();
    assert!(problem.contains("check the scale"), "{problem}");
    assert_eq!(doc.impressions().len(), shown);
    harness.get_by_label_contains("Not shown, cannot be saved:");
}

/// A window narrowed to the panel's width (or squashed flat) leaves the preview no room: the
/// app keeps running, and shows the preview again when the window grows back.
#[test]
fn a_window_too_small_for_the_preview_does_not_crash() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    for size in [
        [281.0, 400.0],
        [279.0, 400.0],
        [200.0, 150.0],
        [600.0, 30.0],
        [1.0, 1.0],
    ] {
        harness.set_size(egui::vec2(size[0], size[1]));
        harness.run();
    }
    harness.set_size(egui::vec2(1280.0, 800.0));
    harness.run();
    assert!(
        harness.state().view().zoom_percent().is_some(),
        "the preview is back"
    );
}

/// Should a frame panic (a bug), the unsaved plan is written to the recovery file before the
/// window goes down, so the next start offers it back.
#[test]
fn a_panic_in_a_frame_writes_the_unsaved_plan_to_the_recovery_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    harness.get_by_label("Reshuffle").click();
    harness.run();
    let seed = harness.state().document().plan.seed;
    let recovery = dir.path().join("recovery.smp.json");
    assert!(!recovery.exists(), "not autosaved yet (every 30 s)");
    harness.state_mut().panic_on_next_frame();
    let crashed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| harness.run()));
    assert!(crashed.is_err(), "the panic goes on");
    let json = std::fs::read_to_string(&recovery).expect("a recovery file");
    let record: smp_preview::app::Recovery = serde_json::from_str(&json).unwrap();
    assert_eq!(record.plan.seed, seed, "the edit made before the panic");
}

/// Draws frames as the window does while the mouse rests: only those the app asks for within
/// half a second; later ones (the autosave's, 30 s away) the user would not wait for.
fn run_until_idle(harness: &mut Harness<'static, SmpApp>) {
    for _ in 0..200 {
        harness.step();
        let delay = harness.output().viewport_output[&egui::ViewportId::ROOT].repaint_delay;
        if delay > std::time::Duration::from_millis(500) {
            return;
        }
    }
    panic!("the app kept asking for frames");
}

/// Clicks a few seconds apart with no input between them (a touchscreen's taps, or a mouse
/// that jumps) are separate undo steps: each Ctrl+Z takes back one.
#[test]
fn each_click_is_its_own_undo_step_without_input_between() {
    let dir = tempfile::tempdir().unwrap();
    let recovery = Some(dir.path().join("recovery.smp.json"));
    // Frames a 60th of a second apart, as on screen (kittest's default quarter second would
    // let an edit settle within the click's own frames).
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_step_dt(1.0 / 60.0)
        .build_eframe(move |_cc| SmpApp::with_recovery(None, recovery));
    run_until_idle(&mut harness);
    let shade = |h: &Harness<'static, SmpApp>| h.state().document().plan.dilution_ratio;
    let start = shade(&harness);
    for swatch in ["6", "12", "15"] {
        harness.get_by_label(swatch).click();
        run_until_idle(&mut harness);
    }
    assert_eq!(shade(&harness), 15.0);
    let undo = egui::Modifiers::COMMAND;
    for expected in [12.0, 6.0, start] {
        harness.key_press_modifiers(undo, egui::Key::Z);
        harness.run();
        assert_eq!(shade(&harness), expected);
    }
}

/// An area point dragged off the photo (here onto the side panel) stops at the photo's edge.
#[test]
fn a_dragged_area_point_stays_on_the_photo() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    harness.get_by_label("area").click();
    harness.run();
    let (area, view) = {
        let app = harness.state();
        (
            app.document().plan.area.clone(),
            app.view().view.expect("a view"),
        )
    };
    let (i, left) = (area.iter().enumerate())
        .min_by(|a, b| a.1.x.total_cmp(&b.1.x))
        .unwrap();
    // The preview starts right of the 280-point panel (kittest draws at 1 pixel per point).
    let on_screen = view.target_from_image(*left) + glam::Vec2::new(280.0, 0.0);
    let from = egui::pos2(on_screen.x, on_screen.y);
    common::drag(&mut harness, from, egui::pos2(100.0, from.y), 8);
    let moved = harness.state().document().plan.area[i];
    assert_eq!(moved.x, 0.0, "stopped at the photo's left edge: {moved}");
    assert!((moved.y - left.y).abs() < 2.0, "{moved} from {left}");
}

/// A save's "Saved …" shows beside the document's name, so it does not move the controls
/// under it (a click aimed at one would hit another).
#[test]
fn a_status_message_does_not_move_the_controls() {
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("head.png");
    common::write_flat_photo(&photo, 400, 300);
    let recovery = Some(dir.path().join("recovery.smp.json"));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |_cc| SmpApp::with_recovery(Some(&photo), recovery));
    harness.run();
    let swatch_y = |h: &Harness<'static, SmpApp>| h.get_by_label("6").rect().top();
    let before = swatch_y(&harness);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run();
    harness.get_by_label_contains("Saved");
    assert!(dir.path().join("head.smp.json").exists());
    assert_eq!(swatch_y(&harness), before);
}

/// With the split dragged to the preview's left edge, its grip is drawn whole inside the
/// preview, beside the line, and a drag from the grip's centre moves the split back.
#[test]
fn the_split_grip_can_be_grabbed_at_the_edge() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness_sized(&dir, 800.0);
    let split = |h: &Harness<'static, SmpApp>| h.state().view().split;
    // The handle starts in the middle of the preview (x 280..1280), at mid-height.
    let mid_y = 390.0;
    common::drag(
        &mut harness,
        egui::pos2(780.0, mid_y),
        egui::pos2(200.0, mid_y),
        6,
    );
    assert_eq!(split(&harness), 0.0);
    // The grip (radius 14) sits 16 points inside the edge, beyond the 12 points around the line.
    common::drag(
        &mut harness,
        egui::pos2(296.0, mid_y),
        egui::pos2(780.0, mid_y),
        6,
    );
    assert!(
        (split(&harness) - 0.5).abs() < 0.02,
        "split {}",
        split(&harness)
    );
}

/// A newcomer first sees the realistic head; the Samples menu opens the scalp with a fringe.
#[test]
fn the_window_starts_on_the_realistic_head_and_offers_both_samples() {
    let dir = tempfile::tempdir().unwrap();
    let recovery = Some(dir.path().join("recovery.smp.json"));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |_cc| SmpApp::with_recovery(None, recovery));
    harness.run();
    let head = smp_preview::io::sample::Sample::Head;
    assert_eq!(harness.state().document().plan, head.plan().unwrap());
    harness.get_by_label("Samples").click();
    harness.run();
    harness.get_by_label("scalp with shaved fringe").click();
    harness.run();
    let fringe = smp_preview::io::sample::Sample::Fringe.plan().unwrap();
    assert_eq!(harness.state().document().plan, fringe);
}

/// Match stubble: a rectangle dragged over the sample's shaved fringe proposes a shade; apply
/// sets it in one edit, and one Ctrl+Z takes it back.
#[test]
fn match_stubble_measures_the_fringe_and_applies_in_one_undo_step() {
    let dir = tempfile::tempdir().unwrap();
    let recovery = Some(dir.path().join("recovery.smp.json"));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 1600.0))
        .with_step_dt(1.0 / 60.0)
        .build_eframe(move |_cc| SmpApp::with_recovery(None, recovery));
    run_until_idle(&mut harness);
    harness
        .state_mut()
        .open_sample(smp_preview::io::sample::Sample::Fringe);
    run_until_idle(&mut harness);
    // A light shade first, so that the match has something to change.
    harness.get_by_label("15").click();
    run_until_idle(&mut harness);
    let before = harness.state().document().plan.clone();
    assert_eq!(before.dilution_ratio, 15.0);
    harness.get_by_label("match stubble").click();
    run_until_idle(&mut harness);
    let screen = |h: &Harness<'static, SmpApp>, x: f32, y: f32| {
        h.state()
            .view()
            .screen_from_image(glam::Vec2::new(x, y))
            .expect("the preview is laid out")
    };
    // The left fringe of the sample photo (photo pixels 240..300 × 600..900).
    let (from, to) = (
        screen(&harness, 240.0, 600.0),
        screen(&harness, 300.0, 900.0),
    );
    common::drag(&mut harness, from, to, 6);
    run_until_idle(&mut harness);
    let text = text_of(&harness.get_by_label_contains("darker than its skin"));
    assert!(text.contains("fringe"), "{text}");
    harness.get_by_label("apply match").click();
    run_until_idle(&mut harness);
    let plan = harness.state().document().plan.clone();
    assert!(
        plan.dilution_ratio < 15.0,
        "the match set a darker shade: {plan:?}"
    );
    let photo = harness.state().document().photo().clone();
    let skin = smp_preview::core::color::mean_skin_linear(&photo, &plan.area).unwrap();
    let d = smp_preview::render::tone::predicted_darkening(&plan, skin);
    assert!(
        (0.12..0.22).contains(&d),
        "the sample's fringe darkens ~17 %: {d}"
    );
    // One undo step takes the whole match back.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    let undone = &harness.state().document().plan;
    assert_eq!(
        (
            undone.dilution_ratio,
            undone.density_per_cm2,
            undone.dot_diameter_mm
        ),
        (
            before.dilution_ratio,
            before.density_per_cm2,
            before.dot_diameter_mm
        )
    );
}

/// The dots shown in a frame are that frame's: an area point dragged on the preview changes
/// the impressions (and the numbers panel's count) in the same frame, not on the next input.
#[test]
fn a_dragged_point_moves_the_impressions_in_the_same_frame() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    harness.get_by_label("area").click();
    harness.run();
    harness.get_by_label("Plan numbers").click();
    harness.run();
    let (area, view) = {
        let app = harness.state();
        (
            app.document().plan.area.clone(),
            app.view().view.expect("a view"),
        )
    };
    let (i, top) = (area.iter().enumerate())
        .min_by(|a, b| a.1.y.total_cmp(&b.1.y))
        .unwrap();
    let on_screen = view.target_from_image(*top) + glam::Vec2::new(280.0, 0.0);
    let from = egui::pos2(on_screen.x, on_screen.y);
    let button = common::button;
    harness.hover_at(from);
    harness.event(button(from, true));
    harness.step();
    // Drag the top point 60 points up, one frame per move, and check each frame.
    for k in 1..=4 {
        harness.event(egui::Event::PointerMoved(
            from - egui::vec2(0.0, 15.0 * k as f32),
        ));
        harness.step();
        let doc = harness.state().document();
        assert!(doc.plan.area[i].y < top.y, "frame {k}: the point moved");
        let expected = smp_preview::core::sampling::impressions_for(&doc.plan);
        assert_eq!(
            doc.impressions().len(),
            expected.len(),
            "frame {k}: the impressions shown are those of the outline as dragged"
        );
    }
    harness.event(button(from - egui::vec2(0.0, 60.0), false));
    harness.step();
    let shown = harness.state().document().impressions().len();
    let total = format!("{shown}");
    assert!(
        harness.get_all_by_label_contains(&total).next().is_some(),
        "the numbers panel counts the {shown} impressions shown"
    );
}

/// A window on a photo opened alone (no hairline in its plan), run until idle.
fn harness_on_photo(dir: &tempfile::TempDir) -> Harness<'static, SmpApp> {
    let photo = dir.path().join("head.png");
    common::write_flat_photo(&photo, 800, 600);
    let recovery = Some(dir.path().join("recovery.smp.json"));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 1000.0))
        .build_eframe(move |_cc| SmpApp::with_recovery(Some(&photo), recovery));
    harness.run();
    harness
}

/// Picking *edit hairline* never adds one; *Add hairline* does, as its own step.
#[test]
fn picking_the_hairline_mode_does_not_change_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness_on_photo(&dir);
    let before = harness.state().document().plan.clone();
    assert!(before.hairline.is_none());
    harness.get_by_label("hairline").click();
    harness.run();
    assert_eq!(
        harness.state().document().plan,
        before,
        "picking a mode changed the plan"
    );
    harness.get_by_label_contains("No hairline yet");
    harness.get_by_label("Add hairline").click();
    harness.run();
    assert!(harness.state().document().plan.hairline.is_some());
}

/// Holding Space shows the photo before, and the labels say so: side by side the right pane
/// reads "Before (Space)", not "After"; in the split view the label replaces the handle's.
#[test]
fn holding_space_labels_what_is_shown() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    let labels = |h: &Harness<'static, SmpApp>| smp_preview::app::preview_labels(&h.ctx);
    assert!(
        labels(&harness).contains(&"After".to_string()),
        "{:?}",
        labels(&harness)
    );
    harness.key_down(egui::Key::Space);
    harness.run();
    let held = labels(&harness);
    assert!(
        held.contains(&"Before (Space)".to_string()) && !held.contains(&"After".to_string()),
        "{held:?}"
    );
    harness.key_up(egui::Key::Space);
    harness.run();
    harness.key_press(egui::Key::S);
    harness.run();
    assert_eq!(labels(&harness), ["Before", "After"]);
    harness.key_down(egui::Key::Space);
    harness.run();
    assert_eq!(labels(&harness), ["Before", "Before (Space)"]);
    harness.key_up(egui::Key::Space);
    harness.run();
}

/// The needle control says which preset the dot is and what it heals to: a new photo's
/// plan starts on 3RL 0.20.
#[test]
fn the_needle_control_names_the_active_preset_and_its_dot() {
    let dir = tempfile::tempdir().unwrap();
    let harness = harness_on_photo(&dir);
    let text = text_of(&harness.get_by_label_contains("heals to"));
    assert!(
        text.contains("3RL 0.20 mm") && text.contains("0.215 mm dots"),
        "{text}"
    );
    // The rows say they are needles, not dots.
    harness.get_by_label_contains("needle presets, needle diameter");
}

/// Wheel steps from the fit zoom stop at 100 % on the way up.
#[test]
fn the_wheel_stops_at_100_percent() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    let start = harness.state().view().zoom_percent().unwrap();
    assert!(start < 90.0, "{start}");
    harness.hover_at(egui::pos2(800.0, 400.0));
    let mut seen = Vec::new();
    for _ in 0..40 {
        // A mouse wheel's notch (a trackpad's pixel scroll pans instead).
        harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Line,
            delta: egui::vec2(0.0, 1.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: egui::Modifiers::NONE,
        });
        harness.run();
        let z = harness.state().view().zoom_percent().unwrap();
        seen.push(z);
        if z > 150.0 {
            break;
        }
    }
    assert!(seen.iter().any(|z| (z - 100.0).abs() < 1e-3), "{seen:?}");
}

/// After an edit and a save, the first Ctrl+Z undoes the edit: the save's new photo reference
/// is no undo step of its own (it was: a Ctrl+Z that changed nothing but set the unsaved mark).
#[test]
fn undo_after_a_save_undoes_the_edit_not_the_save() {
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("head.png");
    common::write_flat_photo(&photo, 800, 600);
    let recovery = Some(dir.path().join("recovery.smp.json"));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 1000.0))
        .with_step_dt(1.0 / 60.0)
        .build_eframe(move |_cc| SmpApp::with_recovery(Some(&photo), recovery));
    run_until_idle(&mut harness);
    let start = harness.state().document().plan.dilution_ratio;
    harness.get_by_label("12").click();
    run_until_idle(&mut harness);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    run_until_idle(&mut harness);
    let saved = dir.path().join("head.smp.json");
    assert!(saved.exists(), "saved beside the photo");
    assert!(!harness.state().document().has_unsaved_changes());
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    run_until_idle(&mut harness);
    let doc = harness.state().document();
    assert_eq!(
        doc.plan.dilution_ratio, start,
        "the first undo undid the shade click"
    );
    assert!(doc.has_unsaved_changes(), "and that is an unsaved change");
    // The photo reference still resolves from the saved plan's folder.
    assert_eq!(
        doc.photo_path_absolute().unwrap(),
        std::path::absolute(dir.path().join("head.png")).unwrap()
    );
}

/// The Head section fits a head model to the sample head's outline: the plan then holds it and
/// the numbers are the scalp's (larger than the flat photo's).
#[test]
fn a_head_model_is_fitted_in_the_window_and_the_areas_become_the_scalps() {
    let dir = tempfile::tempdir().unwrap();
    let recovery = Some(dir.path().join("recovery.smp.json"));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 1800.0))
        .build_eframe(move |_cc| SmpApp::with_recovery(None, recovery));
    harness.run();
    assert!(harness.state().document().plan.head.is_none());
    open_section(&mut harness, "Head");
    harness.get_by_label_contains("No head model");
    harness.get_by_label("front").click();
    harness.run();
    harness.get_by_label("Fit to outline").click();
    harness.run();
    let doc = harness.state().document();
    let head = doc.plan.head.expect("a head model");
    assert_eq!(head.view, smp_preview::core::head::HeadView::Front);
    let numbers = smp_preview::core::numbers::PlanNumbers::compute(&doc.plan, doc.impressions());
    let surface = numbers.surface_area_cm2.expect("scalp areas");
    assert!(
        surface > 1.3 * numbers.projected_area_cm2,
        "{surface} vs {}",
        numbers.projected_area_cm2
    );
    harness.get_by_label_contains("areas are the scalp's");
    harness.get_by_label("wireframe");
}

/// On a photo whose outline is not found, the consultant drags the head's outline by hand:
/// *Drag outline* puts one down, dragging its side handle refits the head at once, and a new
/// view refits it on the same outline.
#[test]
fn the_head_outline_is_dragged_by_hand_and_the_head_follows() {
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("head.png");
    common::write_flat_photo(&photo, 800, 600);
    let recovery = Some(dir.path().join("recovery.smp.json"));
    // Tall enough to show the Head section without scrolling the panel.
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 1400.0))
        .build_eframe(move |_cc| SmpApp::with_recovery(Some(&photo), recovery));
    harness.run();
    open_section(&mut harness, "Head");
    harness.get_by_label("Fit to outline").click();
    harness.run();
    harness.get_by_label_contains("drag the outline by hand");
    assert!(harness.state().document().plan.head.is_none());
    harness.get_by_label("Drag outline").click();
    harness.run();
    let head = harness
        .state()
        .document()
        .plan
        .head
        .expect("a head to start from");
    let (centre, radii) = head.outline_px();
    let right = centre + glam::Vec2::new(radii.x, 0.0);
    let view = harness.state().view();
    let from = view
        .screen_from_image(right)
        .expect("the preview is laid out");
    let to = from + egui::vec2(40.0, 0.0);
    let moved_to_px = view.image_from_screen(to).expect("laid out");
    common::drag(&mut harness, from, to, 4);
    let dragged = harness.state().document().plan.head.expect("still a head");
    let (c2, r2) = dragged.outline_px();
    assert!(
        (c2 - centre).length() < 0.5,
        "the centre stays: {c2} vs {centre}"
    );
    assert!(
        (r2.x - (moved_to_px.x - centre.x)).abs() < 1.0,
        "the side follows the pointer: {} vs {}",
        r2.x,
        moved_to_px.x - centre.x
    );
    assert!(
        dragged.semi_axes_mm[0] > head.semi_axes_mm[0],
        "a broader head"
    );
    // Another view: the same outline, refitted.
    harness.get_by_label("front").click();
    harness.run();
    let front = harness.state().document().plan.head.expect("a head");
    assert_eq!(front.view, smp_preview::core::head::HeadView::Front);
    assert!((front.outline_px().1 - r2).length() < 0.5);
}

/// *Calibrate with ruler* sets no scale by itself: the plan's scale and its *estimate* mark
/// stay until both ends are placed and a length is typed or confirmed.
#[test]
fn a_new_ruler_changes_nothing_until_both_ends_are_placed_and_the_length_given() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness_on_photo(&dir);
    let before = harness.state().document().plan.px_per_mm;
    assert!(harness.state().document().plan.px_per_mm_is_estimate);
    open_section(&mut harness, "Scale");
    harness.get_by_label("Calibrate with ruler").click();
    harness.run();
    let doc = harness.state().document();
    assert_eq!(
        doc.plan.px_per_mm, before,
        "a ruler just put down changed the scale"
    );
    assert!(doc.plan.px_per_mm_is_estimate, "the estimate mark went");
    use egui_kittest::kittest::NodeT;
    let use_button = harness.get_by_label("Use 50 mm");
    assert!(
        use_button.accesskit_node().is_disabled(),
        "usable before the ends are placed"
    );
    common::place_ruler_ends(&mut harness);
    assert_eq!(harness.state().document().plan.px_per_mm, before);
    harness.get_by_label("Use 50 mm").click();
    harness.run();
    let plan = &harness.state().document().plan;
    assert!(
        !plan.px_per_mm_is_estimate && plan.px_per_mm != before,
        "{}",
        plan.px_per_mm
    );
}

/// "Saved …" is readable with its folder offered, and goes once the plan changes (it stayed
/// beside the unsaved mark after later edits).
#[test]
fn the_saved_message_offers_its_folder_and_goes_at_the_next_edit() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness_on_photo(&dir);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run();
    let status = harness.state().status().unwrap_or_default().to_owned();
    assert!(status.starts_with("Saved "), "{status}");
    harness.get_by_label("Show folder");
    harness.get_by_label("12").click();
    harness.run();
    assert_eq!(
        harness.state().status(),
        None,
        "the saved message outlived the edit"
    );
    assert!(harness.query_by_label("Show folder").is_none());
}

/// At 1280 × 800 the View section is in sight without scrolling, and the panel's sections fold
/// away, Scale and Head starting folded.
#[test]
fn the_view_section_is_in_sight_and_sections_fold() {
    let dir = tempfile::tempdir().unwrap();
    let harness = harness_sized(&dir, 800.0);
    let fit = harness.get_by_label("Fit").rect();
    assert!(fit.bottom() < 800.0, "View's Fit at {fit:?}");
    // The folding, in a window tall enough for the whole panel.
    let mut harness = harness_sized(&dir, 1800.0);
    assert!(
        harness.query_by_label("Calibrate with ruler").is_none(),
        "Scale starts folded"
    );
    open_section(&mut harness, "Scale");
    harness.get_by_label("Calibrate with ruler");
    open_section(&mut harness, "Zones");
    assert!(
        harness.query_by_label("Paint new zone").is_none(),
        "Zones folded away"
    );
}

/// Side by side, a wide photo in a wide preview is shown one pane above the other, at twice
/// the size side-by-side halves would allow (it used about half the height before).
#[test]
fn side_by_side_fits_a_wide_photo_into_stacked_panes() {
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("wide.png");
    common::write_flat_photo(&photo, 3000, 800);
    let recovery = Some(dir.path().join("recovery.smp.json"));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |_cc| SmpApp::with_recovery(Some(&photo), recovery));
    harness.run();
    harness.key_press(egui::Key::S);
    harness.run();
    let zoom = harness.state().view().zoom_percent().unwrap();
    // Halves side by side: 500 points for 3000 px, 16.7 %; stacked: 1000 for 3000, 33 %.
    assert!(zoom > 30.0, "side by side at {zoom:.1} %");
    assert_eq!(
        smp_preview::app::preview_labels(&harness.ctx),
        ["Before", "After"]
    );
}
