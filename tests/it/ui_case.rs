//! The window on a case: a hairline point dragged on the front photo moves on the top photo,
//! shown by clicking its picture in the strip of views; the case saves and opens again.

use egui::Pos2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use glam::Vec2;
use smp_preview::app::SmpApp;
use smp_preview::core::case::Case;
use smp_preview::core::head::HeadView;

use crate::case::{front_plan, photo, true_head};

/// A two-view case (front, top) of the known head, written in `dir`.
fn write_case(dir: &std::path::Path) -> std::path::PathBuf {
    photo(HeadView::Front).save(dir.join("front.png")).unwrap();
    photo(HeadView::Top).save(dir.join("top.png")).unwrap();
    let mut plan = front_plan();
    let front = true_head(HeadView::Front);
    plan.set_head(Some(front));
    let mut case = Case::from_plan(&plan, "front").unwrap();
    case.add_view("top", Some("top.png".into()), true_head(HeadView::Top));
    let path = dir.join("case.smp.json");
    case.save(&path).unwrap();
    path
}

/// Point `k` of the shown plan's hairline.
fn hairline_point(harness: &Harness<'static, SmpApp>, k: usize) -> Vec2 {
    let hairline = harness.state().document().plan.hairline.as_ref();
    hairline.expect("the plan has a hairline").points[k]
}

fn screen_of(harness: &Harness<'static, SmpApp>, p: Vec2) -> Pos2 {
    harness.state().view().screen_from_image(p).unwrap()
}

#[test]
fn a_point_dragged_on_the_front_moves_on_the_top_view() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_case(dir.path());
    let recovery = Some(dir.path().join("recovery.smp.json"));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 900.0))
        .build_eframe(move |_cc| SmpApp::with_recovery(Some(&path), recovery));
    harness.run();
    let doc = harness.state().document();
    let case = doc.case().expect("the case opened").clone();
    assert_eq!(doc.case_view(), Some(0));
    assert_eq!(doc.plan, case.view_plan(0).plan, "opening changed the plan");
    let top_before = case.view_plan(1).plan.hairline.unwrap().points;
    harness.get_by_label("hairline").click();
    harness.run();
    let point = hairline_point(&harness, 3);
    let from = screen_of(&harness, point);
    crate::common::drag(&mut harness, from, from + egui::vec2(0.0, -25.0), 5);
    let dragged = hairline_point(&harness, 3);
    assert!(
        dragged.distance(point) > 5.0,
        "the drag did not move the point"
    );
    harness.get_by_label("top").click();
    harness.run();
    let doc = harness.state().document();
    assert_eq!(doc.case_view(), Some(1), "the top view is shown");
    let top_after = doc.plan.hairline.as_ref().unwrap().points.clone();
    for (k, (a, b)) in top_before.iter().zip(&top_after).enumerate() {
        match k {
            3 => assert!(
                a.distance(*b) > 3.0,
                "the dragged point stayed on the top view"
            ),
            _ => assert!(
                a.distance(*b) < 0.05,
                "point {k} moved on the top view: {a} {b}"
            ),
        }
    }
    assert!(doc.has_unsaved_changes());
}

/// A case opened as a document: an edit on one view saves with the case, which opens again
/// the same; a case left by a crash comes back on the view that was shown, unsaved; adding a
/// photo to a plan with a fitted head makes it a case.
#[test]
fn a_case_document_saves_reopens_recovers_and_grows() {
    use smp_preview::app::{Document, Recovery};
    let dir = tempfile::tempdir().unwrap();
    let path = write_case(dir.path());
    let mut doc = Document::open(&path).unwrap();
    assert!(!doc.has_unsaved_changes());
    doc.plan.density_per_cm2 = 77.0;
    doc.refresh();
    doc.switch_view(1).unwrap();
    assert_eq!(
        doc.plan.density_per_cm2, 77.0,
        "settings are the case's, on every view"
    );
    assert!(doc.has_unsaved_changes());
    let copy = dir.path().join("copy.smp.json");
    doc.save_as(&copy).unwrap();
    assert!(!doc.has_unsaved_changes());
    let again = Document::open(&copy).unwrap();
    assert_eq!(again.case(), doc.case());
    let record = Recovery {
        plan: doc.plan.clone(),
        plan_path: Some(copy.clone()),
        photo_path: None,
        saved_at_unix_s: 0,
        case: doc.case().cloned(),
        case_view: 1,
    };
    let recovered = Document::from_recovery(record).unwrap();
    assert_eq!(recovered.case_view(), Some(1));
    assert_eq!(recovered.case(), doc.case());
    assert!(recovered.has_unsaved_changes());
    // A plan with a fitted head grows into a case.
    let mut plan = front_plan();
    plan.set_head(Some(true_head(HeadView::Front)));
    plan.photo = Some("front.png".into());
    let plan_path = dir.path().join("plan.smp.json");
    plan.save(&plan_path).unwrap();
    let mut doc = Document::open(&plan_path).unwrap();
    assert!(doc.case().is_none());
    let k = doc
        .add_view(&dir.path().join("top.png"), HeadView::Top)
        .unwrap();
    assert_eq!((k, doc.case_view()), (1, Some(1)));
    let case = doc.case().unwrap();
    let scale_error = case.views[1].px_per_mm / true_head(HeadView::Top).px_per_mm() - 1.0;
    assert!(
        scale_error.abs() < 0.05,
        "the top photo's scale {scale_error:+.3} off"
    );
    assert!(
        doc.plan.hairline.is_some(),
        "the hairline shows on the top view"
    );
    doc.save().unwrap();
    let reopened = Document::open(&plan_path).unwrap();
    assert_eq!(reopened.case().map(|c| c.views.len()), Some(2));
}

/// A case whose first photo has moved opens with the photo found again, and keeps its new
/// place once saved.
#[test]
fn a_case_whose_photo_moved_opens_with_the_photo_found() {
    use smp_preview::app::{Document, DocumentError};
    let dir = tempfile::tempdir().unwrap();
    let path = write_case(dir.path());
    let moved = dir.path().join("moved");
    std::fs::create_dir(&moved).unwrap();
    std::fs::rename(dir.path().join("front.png"), moved.join("front.png")).unwrap();
    let err = Document::open(&path).err().expect("the photo is missing");
    assert!(matches!(err, DocumentError::MissingPhoto(_)), "{err}");
    let mut doc = Document::open_with_photo(&path, &moved.join("front.png")).unwrap();
    assert!(doc.has_unsaved_changes());
    assert_eq!(doc.case().map(|c| c.views.len()), Some(2));
    doc.save().unwrap();
    let reopened = Document::open(&path).unwrap();
    let photo = reopened.case().unwrap().views[0].photo.clone().unwrap();
    assert_eq!(photo, std::path::Path::new("moved").join("front.png"));
    // The other view's photo is where it was.
    let mut reopened = reopened;
    reopened.switch_view(1).unwrap();
}

/// A consultant's path to a case: on a plan with a fitted head, *Add view…* in the Views
/// section, a photo chosen in the dialog, and the window shows it as the second view.
#[test]
fn add_view_in_the_window_turns_the_plan_into_a_case() {
    let dir = tempfile::tempdir().unwrap();
    photo(HeadView::Front)
        .save(dir.path().join("front.png"))
        .unwrap();
    photo(HeadView::Top)
        .save(dir.path().join("top.png"))
        .unwrap();
    let mut plan = front_plan();
    plan.set_head(Some(true_head(HeadView::Front)));
    let plan_path = dir.path().join("plan.smp.json");
    plan.save(&plan_path).unwrap();
    let recovery = Some(dir.path().join("recovery.smp.json"));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 1600.0))
        .build_eframe(move |_cc| SmpApp::with_recovery(Some(&plan_path), recovery));
    harness.run();
    harness.get_by_label("Views").click();
    harness.run();
    harness.get_by_label("Add view…").click();
    harness.run();
    crate::ui_files::go_to_folder(&mut harness, dir.path());
    harness.get_by_label_contains("top.png").click();
    harness.run();
    harness.get_by_label("Add this view").click();
    harness.run();
    let doc = harness.state().document();
    let error = harness.state().error().map(str::to_owned);
    assert_eq!(doc.case().map(|c| c.views.len()), Some(2), "{error:?}");
    assert_eq!(doc.case_view(), Some(1));
    assert!(
        doc.plan.hairline.is_some(),
        "the front's hairline shows on the top photo"
    );
    assert!(doc.has_unsaved_changes());
}

/// A case whose second photo has moved: clicking that view says so and offers *Locate
/// photo…*; the photo found there is shown, a photo of another size is refused, and the case
/// keeps the new place once saved. Also, the view shown beside swaps with the one left.
#[test]
fn another_views_moved_photo_is_located_from_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_case(dir.path());
    let moved = dir.path().join("moved");
    std::fs::create_dir(&moved).unwrap();
    std::fs::rename(dir.path().join("top.png"), moved.join("top.png")).unwrap();
    image::RgbaImage::new(64, 48)
        .save(moved.join("small.png"))
        .unwrap();
    let case_path = path.clone();
    let recovery = Some(dir.path().join("recovery.smp.json"));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 900.0))
        .build_eframe(move |_cc| SmpApp::with_recovery(Some(&case_path), recovery));
    harness.run();
    harness.get_by_label("top").click();
    harness.run();
    assert_eq!(harness.state().document().case_view(), Some(0));
    let error = harness.state().error().unwrap_or_default().to_owned();
    assert!(error.contains("not found"), "{error}");
    let locate = |harness: &mut Harness<'static, SmpApp>, name: &str| {
        harness.get_by_label("Locate photo…").click();
        harness.run();
        crate::ui_files::go_to_folder(harness, &moved);
        harness.get_by_label_contains(name).click();
        harness.run();
        harness.get_by_label("Use this photo").click();
        harness.run();
    };
    locate(&mut harness, "small.png");
    let error = harness.state().error().unwrap_or_default().to_owned();
    assert!(error.contains("64×48"), "{error}");
    assert_eq!(harness.state().document().case_view(), Some(0));
    locate(&mut harness, "top.png");
    assert_eq!(harness.state().error(), None);
    let doc = harness.state().document();
    assert_eq!(doc.case_view(), Some(1), "the top view is shown");
    assert!(doc.has_unsaved_changes());
    // The front beside the top; clicking the front in the strip puts the top beside it.
    harness.get_by_label("beside").click();
    harness.run();
    assert_eq!(harness.state().view().beside, Some(0));
    harness.get_by_label("front").click();
    harness.run();
    assert_eq!(harness.state().document().case_view(), Some(0));
    assert_eq!(harness.state().view().beside, Some(1));
    let mut doc = smp_preview::app::Document::open(&path).unwrap();
    doc.locate_view_photo(1, &moved.join("top.png")).unwrap();
    doc.save().unwrap();
    let reopened = Case::load(&path).unwrap();
    let photo = reopened.views[1].photo.clone().unwrap();
    assert_eq!(photo, std::path::Path::new("moved").join("top.png"));
}

/// One undo history for the whole case: edits made on two views undo in the order they were
/// made, each showing the view it was made on, and redo the same way; saving is no step.
#[test]
fn undo_steps_back_across_views_showing_each_edits_view() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_case(dir.path());
    let mut doc = smp_preview::app::Document::open(&path).unwrap();
    let mut t = 0.0;
    let mut settle = |doc: &mut smp_preview::app::Document| {
        for _ in 0..4 {
            doc.refresh();
            doc.feed_undo(t);
            t += 1.0;
        }
    };
    settle(&mut doc);
    assert!(!doc.can_undo());
    let original = doc.case().unwrap().clone();
    let move_point = |doc: &mut smp_preview::app::Document, k: usize| {
        doc.plan.hairline.as_mut().unwrap().points[k].y -= 30.0;
    };
    move_point(&mut doc, 2);
    settle(&mut doc);
    let after_front = doc.case().unwrap().clone();
    doc.switch_view(1).unwrap();
    settle(&mut doc);
    move_point(&mut doc, 4);
    settle(&mut doc);
    let after_top = doc.case().unwrap().clone();
    assert_ne!(after_top.outlines, after_front.outlines);
    // Back to the front to save: neither is an edit.
    doc.switch_view(0).unwrap();
    doc.save_as(&dir.path().join("saved.smp.json")).unwrap();
    settle(&mut doc);
    assert!(doc.undo(), "the top's edit undoes from the front view");
    assert_eq!(doc.case_view(), Some(1), "shown on the view it was made on");
    assert_eq!(doc.case().unwrap().outlines, after_front.outlines);
    settle(&mut doc);
    assert!(doc.undo());
    assert_eq!(doc.case_view(), Some(0));
    assert_eq!(doc.case().unwrap().outlines, original.outlines);
    assert_eq!(doc.plan.hairline, original.view_plan(0).plan.hairline);
    settle(&mut doc);
    assert!(!doc.can_undo());
    assert!(doc.redo());
    assert_eq!(doc.case_view(), Some(0));
    assert_eq!(doc.case().unwrap().outlines, after_front.outlines);
    settle(&mut doc);
    assert!(doc.redo());
    assert_eq!(doc.case_view(), Some(1));
    assert_eq!(doc.case().unwrap().outlines, after_top.outlines);
    settle(&mut doc);
    assert!(!doc.can_redo());
}

/// On a side view, which shows only part of the hairline: the point where it goes out of
/// sight dragged onto the head, the case saved, another point moved; every other point of the
/// case's hairline stays where it was, and none is lost.
#[test]
fn side_view_edits_around_a_save_keep_the_hidden_hairline() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_case(dir.path());
    photo(HeadView::Left)
        .save(dir.path().join("left.png"))
        .unwrap();
    let mut case = Case::load(&path).unwrap();
    case.add_view("left", Some("left.png".into()), true_head(HeadView::Left));
    case.save(&path).unwrap();
    let mut doc = smp_preview::app::Document::open(&path).unwrap();
    doc.switch_view(2).unwrap();
    let before = doc.case().unwrap().outlines.hairline.clone().unwrap();
    let shown = doc.plan.hairline.as_ref().unwrap().points.len();
    let from = before.len() - shown;
    assert!(from > 0, "the left view hides part of the front hairline");
    // The boundary point (on the head's outline) dragged onto the head, towards its centre.
    let centre = true_head(HeadView::Left).centre_px;
    let points = &mut doc.plan.hairline.as_mut().unwrap().points;
    points[0] = points[0] + (centre - points[0]) * 0.1;
    doc.refresh();
    doc.save().unwrap();
    let last = shown - 1;
    doc.plan.hairline.as_mut().unwrap().points[last].y -= 20.0;
    doc.refresh();
    let after = doc.case().unwrap().outlines.hairline.clone().unwrap();
    assert_eq!(after.len(), before.len());
    for k in 0..before.len() {
        let moved = before[k].direction().distance(after[k].direction()) > 1e-4;
        let edited = k == from || k == from + last;
        assert_eq!(moved, edited, "point {k}: from {from}, {shown} shown");
    }
}
