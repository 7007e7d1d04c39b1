//! Plan files: round trip, atomic save, and clear rejection of bad plans.

use smp_preview::core::plan::{Plan, PlanError};
use smp_preview::io::sample::Sample;

fn sample_json() -> String {
    Sample::Fringe
        .plan()
        .expect("sample plan is valid")
        .to_json()
        .expect("serialised")
}

#[test]
fn sample_plan_round_trips_through_a_file() {
    let plan = Sample::Fringe.plan().unwrap();
    assert!(plan.hairline.is_some() && !plan.area.is_empty());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("patient plan é.smp.json");
    plan.save(&path).unwrap();
    assert_eq!(Plan::load(&path).unwrap(), plan);
    // No temporary file is left beside it.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    assert_eq!(
        plan.photo_path(&path).unwrap(),
        dir.path().join("sample_scalp.jpg")
    );
}

fn rejection(json: &str) -> String {
    match Plan::from_json(json) {
        Ok(_) => panic!("accepted: {json}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn bad_plans_are_rejected_with_a_clear_message() {
    assert!(rejection("{ not json").contains("not valid JSON"));
    assert!(rejection("").contains("not valid JSON"));
    let future = sample_json().replacen("\"version\": 1", "\"version\": 99", 1);
    assert!(
        rejection(&future).contains("version 99"),
        "{}",
        rejection(&future)
    );
    let missing = sample_json().replacen("\"px_per_mm\"", "\"px_per_mm_typo\"", 1);
    assert!(
        rejection(&missing).contains("px_per_mm")
            && rejection(&missing).contains("does not match this format")
            && !rejection(&missing).contains("not valid JSON"),
        "{}",
        rejection(&missing)
    );
    let dense = sample_json().replacen(
        "\"density_per_cm2\": 95.0",
        "\"density_per_cm2\": 5000.0",
        1,
    );
    assert!(
        rejection(&dense).contains("density_per_cm2 is 5000"),
        "{}",
        rejection(&dense)
    );
    let huge = sample_json().replacen(
        "\"dot_diameter_mm\": 0.19392",
        "\"dot_diameter_mm\": 1e999",
        1,
    );
    assert!(rejection(&huge).contains("JSON"), "{}", rejection(&huge));
    let negative = sample_json().replacen("\"fade_depth_mm\": 18.0", "\"fade_depth_mm\": -3", 1);
    assert!(
        rejection(&negative).contains("fade_depth_mm"),
        "{}",
        rejection(&negative)
    );
}

#[test]
fn unreadable_and_oversized_files_are_errors() {
    let err = Plan::load(std::path::Path::new("/no/such/plan.smp.json")).unwrap_err();
    assert!(matches!(err, PlanError::Read { .. }));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.smp.json");
    std::fs::write(&path, vec![b' '; 17 * 1024 * 1024]).unwrap();
    assert!(matches!(Plan::load(&path), Err(PlanError::TooLarge { .. })));
}

/// `Plan::save` writes only plans that load again.
#[test]
fn an_invalid_plan_is_not_saved() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.smp.json");
    let mut plan = smp_preview::io::sample::sample_plan().unwrap();
    plan.save(&path).unwrap();
    let before = std::fs::read(&path).unwrap();
    if let Some(hairline) = &mut plan.hairline {
        hairline.macro_irregularity_mm = 50.0;
    }
    let err = plan.save(&path).expect_err("refused").to_string();
    assert!(err.contains("macro_irregularity_mm"), "{err}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the earlier file stays"
    );
    assert!(Plan::load(&path).is_ok());
}
