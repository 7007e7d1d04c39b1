//! The window's document model without a window: opening a photo, editing, saving, reopening.

use crate::common;

use smp_preview::app::Document;

#[test]
fn photo_plan_saves_beside_the_photo_and_reopens_identically() {
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("patient scalp é.png");
    common::write_flat_photo(&photo, 300, 200);
    let mut doc = Document::open(&photo).unwrap();
    assert!(!doc.has_unsaved_changes(), "nothing drawn yet");
    doc.plan.density_per_cm2 = 87.0;
    assert!(doc.has_unsaved_changes());
    doc.plan.px_per_mm = 3.5;
    let saved = doc.save().unwrap();
    assert_eq!(saved, dir.path().join("patient scalp é.smp.json"));
    assert!(!doc.has_unsaved_changes());
    let reopened = Document::open(&saved).unwrap();
    assert_eq!(reopened.plan, doc.plan);
    assert!(
        !reopened.has_unsaved_changes(),
        "a reopened plan is as on disk"
    );
    assert_eq!(reopened.photo().dimensions(), (300, 200));
    // Editing marks the document changed until the next save.
    doc.plan.seed += 1;
    assert!(doc.has_unsaved_changes());
}

#[test]
fn a_broken_plan_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("broken.smp.json");
    std::fs::write(&plan, "{\"version\": 1, \"px_per_mm\": ").unwrap();
    let err = Document::open(&plan).err().expect("must fail");
    assert!(format!("{err:#}").contains("not valid JSON"), "{err:#}");
}

/// The sample saves into the current folder (the only test here that changes it) and never
/// writes over an earlier plan or an unrelated photo of the same name.
#[test]
fn the_sample_saves_with_its_photo_and_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let sample = smp_preview::io::sample::Sample::default();
    let other_photo = dir.path().join(sample.photo_name());
    std::fs::write(&other_photo, b"someone else's photo").unwrap();
    let here = std::env::current_dir().unwrap();
    std::env::set_current_dir(dir.path()).unwrap();
    let mut doc = Document::sample().unwrap();
    doc.plan.density_per_cm2 = 120.0;
    let first = doc.save();
    let mut second = Document::sample().unwrap();
    second.plan.density_per_cm2 = 60.0;
    let second_saved = second.save();
    std::env::set_current_dir(here).unwrap();
    let saved = dir.path().join(first.unwrap());
    assert!(saved.ends_with("sample.smp.json"), "{}", saved.display());
    let reopened = Document::open(&saved).unwrap();
    assert_eq!(reopened.plan.density_per_cm2, 120.0);
    assert_eq!(reopened.photo().dimensions(), doc.photo().dimensions());
    let stem = sample.photo_name().trim_end_matches(".jpg");
    assert_eq!(
        reopened.plan.photo.as_deref(),
        Some(std::path::Path::new(&format!("{stem} (2).jpg")))
    );
    assert_eq!(
        std::fs::read(&other_photo).unwrap(),
        b"someone else's photo"
    );
    let saved = dir.path().join(second_saved.unwrap());
    assert!(
        saved.ends_with("sample (2).smp.json"),
        "{}",
        saved.display()
    );
    let reopened = Document::open(&saved).unwrap();
    assert_eq!(reopened.plan.density_per_cm2, 60.0);
    assert_eq!(
        reopened.plan.photo, doc.plan.photo,
        "the identical photo is reused"
    );
}

/// A scale that would make the treatment area metres wide (a slip of the px/mm field) is not
/// sampled — millions of candidates would freeze the window — and cannot be saved.
#[test]
fn a_plan_made_invalid_by_an_edit_is_neither_sampled_nor_saved() {
    let mut doc = Document::sample().unwrap();
    let impressions = doc.impressions();
    let generation = impressions.generation();
    let count = impressions.len();
    let good_scale = doc.plan.px_per_mm;
    doc.plan.px_per_mm = 0.3;
    doc.refresh();
    assert_eq!(doc.impressions().generation(), generation, "not resampled");
    assert_eq!(doc.impressions().len(), count);
    let problem = doc
        .plan_problem()
        .expect("the problem is reported")
        .to_string();
    assert!(
        problem.contains("spans") && problem.contains("check the scale"),
        "{problem}"
    );
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("slip.smp.json");
    let err = doc.save_as(&target).expect_err("refused");
    assert!(format!("{err:#}").contains("check the scale"), "{err:#}");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing written"
    );
    doc.plan.px_per_mm = good_scale;
    doc.refresh();
    assert_eq!(doc.plan_problem(), None);
    doc.plan.density_per_cm2 += 10.0;
    doc.refresh();
    assert_ne!(
        doc.impressions().generation(),
        generation,
        "sampled again once valid"
    );
}

#[test]
fn one_plan_revision_changes_with_each_edit_and_only_then() {
    let mut doc = Document::sample().unwrap();
    let start = doc.plan_revision();
    let generation = doc.impressions().generation();
    let skin = doc.skin_linear();
    doc.refresh();
    assert_eq!(doc.plan_revision(), start, "no edit, no new revision");
    assert_eq!(
        doc.impressions().generation(),
        generation,
        "nor new impressions"
    );

    doc.plan.density_per_cm2 += 10.0;
    assert_eq!(doc.plan_revision(), start, "noted at the refresh");
    doc.refresh();
    let edited = doc.plan_revision();
    assert_ne!(edited, start);
    let resampled = doc.impressions().generation();
    assert_ne!(resampled, generation, "resampled for the new revision");
    doc.refresh();
    assert_eq!(doc.plan_revision(), edited);
    assert_eq!(
        doc.impressions().generation(),
        resampled,
        "once per revision"
    );
    assert_eq!(
        doc.skin_linear(),
        skin,
        "the same area keeps its skin colour"
    );

    // Back to the same values is still an edit: a new revision, sampled again.
    doc.plan.density_per_cm2 -= 10.0;
    doc.refresh();
    assert_ne!(doc.plan_revision(), edited);
    assert_ne!(doc.impressions().generation(), resampled);

    // A session shown is not a plan edit, but its impressions are others.
    doc.plan.sessions = smp_preview::core::plan::Sessions::typical(3);
    doc.refresh();
    let finished = doc.impressions().generation();
    let all = doc.impressions().len();
    let revision = doc.plan_revision();
    doc.shown_session = smp_preview::core::plan::ShownSession::after(1, 3);
    doc.refresh();
    assert_eq!(doc.plan_revision(), revision);
    assert_ne!(doc.impressions().generation(), finished);
    assert!(doc.impressions().len() < all / 2, "session 1 is sparse");
    // Two sessions removed: the first is now the last, i.e. the finished plan.
    doc.plan.sessions = smp_preview::core::plan::Sessions::typical(1);
    doc.refresh();
    assert_eq!(
        doc.shown_session,
        smp_preview::core::plan::ShownSession::Finished
    );
}

#[test]
fn undo_and_redo_walk_through_settled_edits() {
    let mut doc = Document::sample().unwrap();
    let original = doc.plan.clone();
    doc.feed_undo(0.0);
    // A slider drag: many intermediate values within a moment count as one edit.
    for (i, t) in [0.1, 0.2, 0.3].iter().enumerate() {
        doc.plan.density_per_cm2 = 110.0 + i as f32;
        doc.feed_undo(*t);
    }
    doc.feed_undo(1.0);
    doc.plan.dot_diameter_mm = 0.3;
    doc.feed_undo(1.1);
    doc.feed_undo(2.0);
    assert!(doc.can_undo() && !doc.can_redo());
    assert!(doc.undo());
    assert_eq!(doc.plan.dot_diameter_mm, original.dot_diameter_mm);
    assert_eq!(doc.plan.density_per_cm2, 112.0);
    assert!(doc.undo());
    assert_eq!(doc.plan, original);
    assert!(doc.can_redo());
    assert!(doc.redo());
    assert_eq!(doc.plan.density_per_cm2, 112.0);
}

#[test]
fn a_photo_plan_comes_back_from_the_recovery_record() {
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("p.png");
    common::write_flat_photo(&photo, 64, 48);
    let mut doc = Document::open(&photo).unwrap();
    doc.plan.density_per_cm2 = 77.0;
    let record = smp_preview::app::Recovery {
        plan: doc.plan.clone(),
        plan_path: doc.plan_path.clone(),
        photo_path: doc.photo_path_absolute(),
        saved_at_unix_s: 0,
        case: None,
        case_view: 0,
    };
    let json = serde_json::to_string(&record).unwrap();
    let back: smp_preview::app::Recovery = serde_json::from_str(&json).unwrap();
    let recovered = Document::from_recovery(back).unwrap();
    assert_eq!(recovered.plan.density_per_cm2, 77.0);
    assert!(recovered.has_unsaved_changes());
    assert_eq!(recovered.photo().dimensions(), (64, 48));
    let sample = Document::sample().unwrap();
    let record = smp_preview::app::Recovery {
        plan: sample.plan.clone(),
        plan_path: None,
        photo_path: sample.photo_path_absolute(),
        saved_at_unix_s: 0,
        case: None,
        case_view: 0,
    };
    assert!(record.photo_path.is_none());
    assert_eq!(Document::from_recovery(record).unwrap().plan, sample.plan);
}

#[test]
fn a_failed_save_changes_nothing_and_an_earlier_plan_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("card");
    std::fs::create_dir(&folder).unwrap();
    let photo = folder.join("head.png");
    common::write_flat_photo(&photo, 300, 200);
    // The first plan of this photo goes beside it...
    let mut first = Document::open(&photo).unwrap();
    first.plan.density_per_cm2 = 91.0;
    assert_eq!(first.save().unwrap(), folder.join("head.smp.json"));
    let first_bytes = std::fs::read(folder.join("head.smp.json")).unwrap();
    // ...and a second, started from the photo again, never replaces it.
    let mut second = Document::open(&photo).unwrap();
    second.plan.density_per_cm2 = 55.0;
    assert_eq!(second.save().unwrap(), folder.join("head (2).smp.json"));
    assert_eq!(
        std::fs::read(folder.join("head.smp.json")).unwrap(),
        first_bytes
    );
    // A save that fails (the folder is gone) leaves the plan and its photo reference as they
    // were, so the recovery record still finds the photo.
    let mut third = Document::open(&photo).unwrap();
    let before = third.plan.clone();
    std::fs::remove_dir_all(&folder).unwrap();
    assert!(third.save().is_err());
    assert_eq!(third.plan, before);
    assert_eq!(third.photo_path_absolute(), Some(photo));
    assert!(third.plan_path.is_none());
}

#[test]
fn the_skin_colour_follows_the_treatment_area() {
    // The panel asks for the skin colour every frame, so it is cached by plan revision; moving
    // the area (noted at the frame's refresh) must sample the photo again. Left half dark
    // skin, right half fair.
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("two tone.png");
    let image = image::RgbaImage::from_fn(200, 100, |x, _| {
        if x < 100 {
            image::Rgba([90, 60, 40, 255])
        } else {
            image::Rgba([230, 190, 170, 255])
        }
    });
    image.save(&photo).unwrap();
    let mut doc = Document::open(&photo).unwrap();
    let square = |x0: f32| {
        [(0.0, 0.0), (60.0, 0.0), (60.0, 60.0), (0.0, 60.0)]
            .map(|(x, y)| glam::Vec2::new(x0 + 10.0 + x, 20.0 + y))
            .to_vec()
    };
    doc.plan.area = square(0.0);
    doc.refresh();
    let dark = doc.skin_linear();
    assert_eq!(doc.skin_linear(), dark, "asked again, the same colour");
    doc.plan.area = square(100.0);
    doc.refresh();
    let fair = doc.skin_linear();
    assert!(
        (0..3).all(|c| fair[c] > dark[c] + 0.2),
        "the fair half reads fairer: {fair:?} vs {dark:?}"
    );
    doc.plan.area.clear();
    doc.refresh();
    assert_eq!(doc.skin_linear(), smp_preview::core::color::MID_SKIN_LINEAR);
}

/// A photo found in place of a moved one must hold the plan's outlines: a much smaller one
/// (another photo, a reduced copy) is refused with the reason, the right one is accepted.
#[test]
fn locating_a_photo_too_small_for_the_plan_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("head.png");
    common::write_flat_photo(&photo, 300, 200);
    let mut doc = Document::open(&photo).unwrap();
    let plan_path = doc.save().unwrap();
    let tiny = dir.path().join("tiny.png");
    common::write_flat_photo(&tiny, 30, 20);
    let err = Document::open_with_photo(&plan_path, &tiny)
        .err()
        .expect("refused");
    let message = format!("{err:#}");
    assert!(
        message.contains("30×20 px") && message.contains("drawn on"),
        "{message}"
    );
    assert!(Document::open_with_photo(&plan_path, &photo).is_ok());
}
