//! The window's file handling driven through its real UI (egui_kittest, no window or GPU):
//! the Open dialog, recent files, Save as with a relative photo reference, locating a moved
//! photo, and the unsaved-changes question before an open.

use crate::common;

use std::path::{Path, PathBuf};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use smp_preview::app::{Document, SmpApp};

/// The app with its data folder (recovery file, settings) in `data`.
fn app_harness(data: &Path) -> Harness<'static, SmpApp> {
    app_harness_sized(data, 900.0)
}

/// The same, `height` points high (1600 shows the whole panel without scrolling).
fn app_harness_sized(data: &Path, height: f32) -> Harness<'static, SmpApp> {
    let recovery = Some(data.join("recovery.smp.json"));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, height))
        .build_eframe(move |_cc| SmpApp::with_recovery(None, recovery));
    harness.run();
    harness
}

/// `root/photos/head.png` (300 × 200) open in the app, and an empty `root/plans` folder.
fn photo_open_beside_plans_folder(
    data: &Path,
    root: &Path,
) -> (PathBuf, PathBuf, Harness<'static, SmpApp>) {
    let (photos, plans) = (root.join("photos"), root.join("plans"));
    std::fs::create_dir_all(&photos).unwrap();
    std::fs::create_dir_all(&plans).unwrap();
    common::write_flat_photo(&photos.join("head.png"), 300, 200);
    let mut harness = app_harness(data);
    harness.state_mut().open(&photos.join("head.png"));
    harness.run();
    (photos, plans, harness)
}

/// Types `path` into the dialog's folder field and presses Enter.
pub fn go_to_folder(harness: &mut Harness<'static, SmpApp>, path: &Path) {
    let field = harness.get_by_label("Folder");
    field.focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness
        .get_by_label("Folder")
        .type_text(&path.display().to_string());
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
}

/// Answers Cancel to "save the changes to sample before opening `opening`?" and checks the
/// edited sample is still open with its changes.
fn cancel_keeps_the_sample_edits(harness: &mut Harness<'static, SmpApp>, opening: &str) {
    harness.get_by_label(&format!(
        "Save the changes to sample before opening {opening}?"
    ));
    click(harness, "Cancel");
    assert_eq!(harness.state().document().name, "sample");
    assert!(
        harness.state().document().has_unsaved_changes(),
        "edits kept"
    );
}

fn click(harness: &mut Harness<'static, SmpApp>, label: &str) {
    harness.get_by_label(label).click();
    harness.run();
}

#[test]
fn the_open_dialog_opens_a_photo_and_recent_files_remember_it() {
    let data = tempfile::tempdir().unwrap();
    let photos = tempfile::tempdir().unwrap();
    common::write_flat_photo(&photos.path().join("head.png"), 300, 200);
    std::fs::write(photos.path().join("notes.txt"), "not offered").unwrap();
    let mut harness = app_harness(data.path());
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    harness.run();
    assert!(harness.state().dialog_open(), "Ctrl+O opens the dialog");
    go_to_folder(&mut harness, photos.path());
    assert!(
        harness.query_by_label("notes.txt").is_none(),
        "only photos and plans are listed"
    );
    click(&mut harness, "head.png");
    click(&mut harness, "Open");
    assert!(!harness.state().dialog_open());
    assert_eq!(harness.state().document().name, "head.png");
    assert_eq!(harness.state().error(), None);
    let photo = photos.path().join("head.png");
    assert_eq!(harness.state().recent_files(), [photo]);
    drop(harness);

    // A new run offers it under Recent, and the dialog starts in its folder.
    let mut harness = app_harness(data.path());
    click(&mut harness, "Recent");
    click(&mut harness, "head.png");
    assert_eq!(harness.state().document().name, "head.png");
    click(&mut harness, "Open…");
    // The document's name in the file bar, and the photo in the dialog's listing.
    assert_eq!(harness.get_all_by_label("head.png").count(), 2);
    let folder = harness.get_by_label("Folder");
    assert_eq!(
        folder.value().as_deref(),
        Some(photos.path().display().to_string().as_str())
    );
}

#[test]
fn save_as_refers_to_the_photo_relative_to_the_new_plan() {
    let data = tempfile::tempdir().unwrap();
    let root = tempfile::tempdir().unwrap();
    let (_photos, plans, mut harness) = photo_open_beside_plans_folder(data.path(), root.path());
    harness.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::S,
    );
    harness.run();
    assert!(harness.state().dialog_open(), "Ctrl+Shift+S opens Save as");
    go_to_folder(&mut harness, &plans);
    harness.get_by_label("File name").focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label("File name").type_text("jane doe");
    harness.run();
    click(&mut harness, "Save");
    let saved = plans.join("jane doe.smp.json");
    assert!(saved.is_file(), "{:?}", harness.state().error());
    assert!(!harness.state().document().has_unsaved_changes());
    assert_eq!(harness.state().document().name, "jane doe.smp.json");
    let plan = smp_preview::core::plan::Plan::load(&saved).unwrap();
    assert_eq!(plan.photo.as_deref(), Some(Path::new("../photos/head.png")));
    // Plan and photo move together: the reference still resolves.
    let moved = tempfile::tempdir().unwrap();
    std::fs::rename(root.path(), moved.path().join("clinic")).unwrap();
    let reopened = Document::open(&moved.path().join("clinic/plans/jane doe.smp.json"));
    assert!(reopened.is_ok(), "{:?}", reopened.err());

    // Saving onto an existing file asks first.
    let mut again = harness;
    again.state_mut().show_save_as_dialog();
    again.run();
    go_to_folder(&mut again, &moved.path().join("clinic/plans"));
    click(&mut again, "Save");
    again.get_by_label_contains("exists: press Save again");
    click(&mut again, "Save");
    assert!(!again.state().dialog_open());
}

#[test]
fn a_plan_whose_photo_moved_offers_to_locate_it() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    common::write_flat_photo(&dir.path().join("head.png"), 300, 200);
    let mut doc = Document::open(&dir.path().join("head.png")).unwrap();
    let plan_path = doc.save().unwrap();
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    std::fs::rename(dir.path().join("head.png"), elsewhere.join("head2.png")).unwrap();

    let mut harness = app_harness(data.path());
    harness.state_mut().open(&plan_path);
    harness.run();
    let error = harness.state().error().unwrap_or_default().to_string();
    assert!(error.contains("was not found"), "{error}");
    assert_eq!(harness.state().document().name, "sample", "sample kept");
    click(&mut harness, "Locate photo…");
    go_to_folder(&mut harness, &elsewhere);
    click(&mut harness, "head2.png");
    click(&mut harness, "Use this photo");
    let app = harness.state();
    assert_eq!(app.error(), None);
    assert_eq!(app.plan_missing_its_photo(), None);
    assert_eq!(app.document().name, "head.smp.json");
    assert_eq!(
        app.document().plan.photo.as_deref(),
        Some(Path::new("elsewhere/head2.png"))
    );
    assert!(
        app.document().has_unsaved_changes(),
        "the new place is kept once saved"
    );
}

#[test]
fn opening_over_unsaved_changes_asks_first() {
    let data = tempfile::tempdir().unwrap();
    let photos = tempfile::tempdir().unwrap();
    let photo = photos.path().join("head.png");
    common::write_flat_photo(&photo, 300, 200);
    let mut harness = app_harness(data.path());
    click(&mut harness, "Reshuffle");
    assert!(harness.state().document().has_unsaved_changes());
    harness.state_mut().open(&photo);
    harness.run();
    cancel_keeps_the_sample_edits(&mut harness, "head.png");
    harness.state_mut().open(&photo);
    harness.run();
    click(&mut harness, "Don't save");
    assert_eq!(harness.state().document().name, "head.png");
}

/// The consultation the workspace is for, through the real UI: open a photo, calibrate, draw a
/// hairline and two zones (one outlined, one painted), set shades, compare side by side, save,
/// quit, reopen from the recent files, and find everything as it was left.
#[test]
fn a_whole_consultation_survives_save_quit_and_reopen() {
    let data = tempfile::tempdir().unwrap();
    let photos = tempfile::tempdir().unwrap();
    common::write_flat_photo(&photos.path().join("head.png"), 800, 600);
    let tall = |data: &Path| app_harness_sized(data, 1600.0);
    let mut harness = tall(data.path());
    // Open.
    click(&mut harness, "Open…");
    go_to_folder(&mut harness, photos.path());
    click(&mut harness, "head.png");
    click(&mut harness, "Open");
    assert_eq!(harness.state().document().name, "head.png");
    // Calibrate: the ruler's default ends are 266.7 px apart (placed where they are); call
    // that 40 mm.
    click(&mut harness, "Scale");
    click(&mut harness, "Calibrate with ruler");
    common::place_ruler_ends(&mut harness);
    harness.get_by_label("ruler length").focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label("ruler length").type_text("40");
    harness.key_press(egui::Key::Enter);
    harness.run();
    let plan = &harness.state().document().plan;
    assert!(!plan.px_per_mm_is_estimate);
    assert!(
        (plan.px_per_mm - 800.0 / 3.0 / 40.0).abs() < 0.01,
        "{}",
        plan.px_per_mm
    );
    // A hairline, soft.
    click(&mut harness, "Add hairline");
    click(&mut harness, "soft");
    // Two zones: one outlined, one painted.
    click(&mut harness, "Add zone");
    click(&mut harness, "Paint new zone");
    common::drag(
        &mut harness,
        egui::pos2(600.0, 600.0),
        egui::pos2(900.0, 650.0),
        6,
    );
    // Shades: the plan at 12:1; each zone takes its own (starting at the plan's).
    harness.get_all_by_label("12").next().unwrap().click();
    harness.run();
    click(&mut harness, "zone 1 own shade");
    click(&mut harness, "zone 2 own shade");
    // Compare side by side.
    harness.key_press(egui::Key::S);
    harness.run();
    assert!(harness.state().view().side_by_side);
    // Save (beside the photo), quit.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run();
    let app = harness.state();
    assert_eq!(app.error(), None);
    assert!(!app.document().has_unsaved_changes());
    let plan = app.document().plan.clone();
    assert!(plan.hairline.is_some() && plan.ruler.is_some());
    assert_eq!(plan.zones.len(), 2);
    assert!(plan.zones[1].mask.as_ref().is_some_and(|m| !m.is_empty()));
    assert_eq!(plan.dilution_ratio, 12.0);
    assert_eq!(plan.zones[0].dilution_ratio, Some(12.0));
    drop(harness);

    // Reopen from the recent files: everything as it was.
    let mut harness = tall(data.path());
    click(&mut harness, "Recent");
    click(&mut harness, "head.smp.json");
    let doc = harness.state().document();
    assert_eq!(doc.name, "head.smp.json");
    assert_eq!(doc.plan, plan);
    assert!(!doc.has_unsaved_changes());
}

#[test]
fn locating_a_photo_asks_before_replacing_unsaved_work() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    common::write_flat_photo(&dir.path().join("head.png"), 300, 200);
    let plan_path = Document::open(&dir.path().join("head.png"))
        .unwrap()
        .save()
        .unwrap();
    std::fs::rename(dir.path().join("head.png"), dir.path().join("moved.png")).unwrap();
    let mut harness = app_harness(data.path());
    harness.state_mut().open(&plan_path);
    harness.run();
    // Work on the sample meanwhile, then accept the offer to locate the photo.
    click(&mut harness, "Reshuffle");
    click(&mut harness, "Locate photo…");
    go_to_folder(&mut harness, dir.path());
    click(&mut harness, "moved.png");
    click(&mut harness, "Use this photo");
    cancel_keeps_the_sample_edits(&mut harness, "moved.png");
}

/// A plan may hold values outside the sliders' usual ranges (a 0 /cm² zone, a 25:1 shade, a
/// ruler's 150 px/mm…): opening it and showing every control must not rewrite them.
#[test]
fn opening_a_plan_keeps_values_beyond_the_sliders_ranges() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    common::write_flat_photo(&dir.path().join("head.png"), 800, 600);
    let mut plan = common::plan_with_fade_and_zone(350.0, 0.0, 60.0);
    plan.px_per_mm = 150.0;
    plan.dot_diameter_mm = 0.8;
    plan.dilution_ratio = 25.0;
    plan.zones[0].dilution_ratio = Some(30.0);
    if let Some(hairline) = &mut plan.hairline {
        hairline.macro_irregularity_mm = 8.0;
        hairline.micro_irregularity_mm = 5.0;
    }
    plan.photo = Some("head.png".into());
    plan.validate().expect("a valid plan");
    let plan_path = dir.path().join("edge.smp.json");
    plan.save(&plan_path).unwrap();

    let mut harness = app_harness_sized(data.path(), 1600.0);
    harness.state_mut().open(&plan_path);
    harness.run();
    click(&mut harness, "Plan numbers");
    harness.run();
    let doc = harness.state().document();
    assert_eq!(harness.state().error(), None);
    assert_eq!(doc.plan, plan, "every value as saved");
    assert!(!doc.has_unsaved_changes());
}

/// A recovery file as a crashed session leaves it: the sample plan at 222 /cm².
fn leave_crashed_plan(data: &Path) -> smp_preview::app::Recovery {
    let mut plan = smp_preview::io::sample::sample_plan().unwrap();
    plan.density_per_cm2 = 222.0;
    let saved_at_unix_s = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let record = smp_preview::app::Recovery {
        plan,
        plan_path: None,
        photo_path: None,
        saved_at_unix_s,
        case: None,
        case_view: 0,
    };
    let json = serde_json::to_string(&record).unwrap();
    std::fs::write(data.join("recovery.smp.json"), json).unwrap();
    record
}

fn recovery_on_disk(data: &Path) -> Option<smp_preview::app::Recovery> {
    let text = std::fs::read_to_string(data.join("recovery.smp.json")).ok()?;
    Some(serde_json::from_str(&text).unwrap())
}

/// Closing the window without answering the recovery offer keeps the crashed plan for the next
/// start (it used to be deleted as if the close were clean).
#[test]
fn an_unanswered_recovery_offer_survives_a_clean_close() {
    use eframe::App as _;
    let data = tempfile::tempdir().unwrap();
    let record = leave_crashed_plan(data.path());
    let mut harness = app_harness(data.path());
    harness.get_by_label(
        "Unsaved changes to a plan of the sample, from less than a minute ago, were kept.",
    );
    harness.state_mut().on_exit();
    drop(harness);
    let kept = recovery_on_disk(data.path()).expect("still there");
    assert_eq!(kept.plan, record.plan);
    let harness = app_harness(data.path());
    harness.get_by_label_contains("Unsaved changes to");
}

/// Recovering over unsaved edits asks first; Cancel keeps both the edits and the offer.
#[test]
fn recovering_over_unsaved_edits_asks_first() {
    let data = tempfile::tempdir().unwrap();
    let record = leave_crashed_plan(data.path());
    let mut harness = app_harness(data.path());
    click(&mut harness, "Reshuffle");
    click(&mut harness, "Recover");
    let question = "Save the changes to sample before recovering the unsaved plan?";
    harness.get_by_label(question);
    click(&mut harness, "Cancel");
    assert!(
        harness.state().document().has_unsaved_changes(),
        "edits kept"
    );
    assert_ne!(harness.state().document().plan.density_per_cm2, 222.0);
    click(&mut harness, "Recover");
    click(&mut harness, "Don't save");
    assert_eq!(harness.state().document().plan, record.plan);
    let on_disk = recovery_on_disk(data.path()).expect("the recovered plan stays on disk");
    assert_eq!(on_disk.plan, record.plan);
    assert!(
        harness
            .query_by_label_contains("Unsaved changes to")
            .is_none()
    );
}

/// A recovery file this version cannot read (e.g. from a newer smp-preview) is put aside,
/// not deleted.
#[test]
fn an_unreadable_recovery_file_is_kept_aside() {
    let data = tempfile::tempdir().unwrap();
    let path = data.path().join("recovery.smp.json");
    std::fs::write(&path, b"{\"plan\": \"from the future\"}").unwrap();
    let harness = app_harness(data.path());
    assert!(
        harness
            .query_by_label_contains("Unsaved changes to")
            .is_none()
    );
    assert!(!path.exists());
    let aside = data.path().join("recovery.smp.json.unreadable");
    assert_eq!(
        std::fs::read(aside).unwrap(),
        b"{\"plan\": \"from the future\"}"
    );
}

/// A photo opened alone starts with a treatment area over the upper middle, not the whole
/// photo (impressions on the face and background), ready to be outlined; a hairline added
/// there fades towards the scalp above it, not the face below.
#[test]
fn a_photo_opened_alone_starts_with_an_area_to_outline_and_dots_behind_the_hairline() {
    let data = tempfile::tempdir().unwrap();
    let photos = tempfile::tempdir().unwrap();
    let photo = photos.path().join("head.png");
    common::write_flat_photo(&photo, 800, 600);
    let mut harness = app_harness_sized(data.path(), 1600.0);
    harness.state_mut().open(&photo);
    harness.run();
    let doc = harness.state().document();
    let (lo, hi) = smp_preview::core::geometry::bounding_box(&doc.plan.area).unwrap();
    let (w, h) = (hi - lo).into();
    assert!(
        lo.min_element() > 0.0 && hi.x < 800.0 && hi.y < 600.0,
        "{lo} {hi}"
    );
    assert!(w * h < 0.5 * 800.0 * 600.0, "{w} × {h}");
    harness.get_by_label_contains("Drag the area's points onto the scalp");
    click(&mut harness, "Add hairline");
    let doc = harness.state().document();
    let line = &doc.plan.hairline.as_ref().expect("a hairline").points;
    let line_y = line.iter().map(|p| p.y).sum::<f32>() / line.len() as f32;
    let impressions = doc.impressions();
    let above = impressions.iter().filter(|i| i.pos_px.y < line_y).count();
    let below = impressions.len() - above;
    assert!(above > 10 * below.max(1), "above {above}, below {below}");
}

/// Types `text` into the field labelled `label` without pressing Enter.
fn type_into(harness: &mut Harness<'static, SmpApp>, label: &str, text: &str) {
    harness.get_by_label(label).focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label(label).type_text(text);
    harness.run();
}

/// Save as follows the folder typed in the Folder field even without Enter, and refuses one
/// that does not exist instead of saving into the folder listed before.
#[test]
fn save_as_goes_where_the_folder_field_says_or_nowhere() {
    let data = tempfile::tempdir().unwrap();
    let root = tempfile::tempdir().unwrap();
    let (photos, plans, mut harness) = photo_open_beside_plans_folder(data.path(), root.path());
    harness.state_mut().show_save_as_dialog();
    harness.run();
    let missing = root.path().join("no such folder");
    type_into(&mut harness, "Folder", &missing.display().to_string());
    type_into(&mut harness, "File name", "jane");
    click(&mut harness, "Save");
    harness.get_by_label_contains("is not a folder: correct the Folder field");
    assert!(harness.state().dialog_open());
    assert!(harness.state().document().plan_path.is_none(), "not saved");
    let count = |dir: &Path| std::fs::read_dir(dir).unwrap().count();
    assert_eq!((count(&photos), count(&plans)), (1, 0), "nothing written");
    // A file's path in the Folder field is refused too, not turned into its folder and name
    // in place of the name typed.
    let photo = std::fs::read_dir(&photos)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    type_into(&mut harness, "Folder", &photo.display().to_string());
    click(&mut harness, "Save");
    harness.get_by_label_contains("is not a folder: correct the Folder field");
    assert!(harness.state().document().plan_path.is_none(), "not saved");
    assert_eq!((count(&photos), count(&plans)), (1, 0), "nothing written");
    type_into(&mut harness, "Folder", &plans.display().to_string());
    click(&mut harness, "Save");
    assert!(
        plans.join("jane.smp.json").is_file(),
        "{:?}",
        harness.state().error()
    );
}

/// The Save-as dialog's File name field stays put whatever the folder lists: in an empty
/// folder and in one with a dozen plans it is at the same place.
#[test]
fn the_file_name_field_does_not_move_with_the_listing() {
    let data = tempfile::tempdir().unwrap();
    let root = tempfile::tempdir().unwrap();
    let (_photos, plans, mut harness) = photo_open_beside_plans_folder(data.path(), root.path());
    let busy = root.path().join("busy");
    std::fs::create_dir(&busy).unwrap();
    for k in 0..12 {
        std::fs::write(busy.join(format!("patient {k}.smp.json")), "{}").unwrap();
    }
    harness.state_mut().show_save_as_dialog();
    harness.run();
    go_to_folder(&mut harness, &plans);
    let empty_top = harness.get_by_label("File name").rect().top();
    go_to_folder(&mut harness, &busy);
    harness.get_by_label("patient 3.smp.json");
    let busy_top = harness.get_by_label("File name").rect().top();
    assert_eq!(empty_top, busy_top, "the field moved with the listing");
}

/// A plan file changed on disk while open (another window, a synced copy) is not written over
/// without a word: Save asks, Overwrite replaces it, Reload takes the other change.
#[test]
fn a_plan_changed_on_disk_is_not_silently_overwritten() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let assets = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
    for name in ["sample.smp.json", "sample_scalp.jpg"] {
        std::fs::copy(assets.join(name), dir.path().join(name)).unwrap();
    }
    let plan_path = dir.path().join("sample.smp.json");
    let mut harness = app_harness(data.path());
    harness.state_mut().open(&plan_path);
    harness.run();
    // Someone else saves the plan at 50/cm² meanwhile.
    let mut theirs = smp_preview::core::plan::Plan::load(&plan_path).unwrap();
    theirs.density_per_cm2 = 50.0;
    theirs.save(&plan_path).unwrap();
    click(&mut harness, "12");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run();
    harness.get_by_label_contains("changed on disk since it was opened");
    let on_disk = smp_preview::core::plan::Plan::load(&plan_path).unwrap();
    assert_eq!(
        on_disk.density_per_cm2, 50.0,
        "the other change was written over"
    );
    click(&mut harness, "Overwrite");
    let on_disk = smp_preview::core::plan::Plan::load(&plan_path).unwrap();
    assert_eq!(on_disk.dilution_ratio, 12.0, "Overwrite saves ours");
    // Again, and this time take theirs.
    theirs.dilution_ratio = 20.0;
    theirs.save(&plan_path).unwrap();
    click(&mut harness, "8");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run();
    click(&mut harness, "Reload");
    let doc = harness.state().document();
    assert_eq!(
        (doc.plan.density_per_cm2, doc.plan.dilution_ratio),
        (50.0, 20.0)
    );
    assert!(!doc.has_unsaved_changes());
}
