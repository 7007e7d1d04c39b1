//! The artist's numbers on synthetic plans with known answers.

use crate::common;

use glam::Vec2;
use smp_preview::core::numbers::{DensityGrid, PlanNumbers, REST_OF_AREA, region_areas_px2};
use smp_preview::core::plan::{Sessions, Zone};
use smp_preview::core::sampling::{DensityParams, FieldGeometry, impressions_for};

fn square(x_px: f32, y_px: f32, side_px: f32) -> Vec<Vec2> {
    vec![
        Vec2::new(x_px, y_px),
        Vec2::new(x_px + side_px, y_px),
        Vec2::new(x_px + side_px, y_px + side_px),
        Vec2::new(x_px, y_px + side_px),
    ]
}

fn zone(name: &str, polygon: Vec<Vec2>, density_per_cm2: f32) -> Zone {
    Zone {
        name: name.into(),
        polygon,
        density_per_cm2,
        dilution_ratio: None,
        mask: None,
    }
}

#[test]
fn a_ten_millimetre_square_at_100_per_cm2_is_one_cm2_and_about_100_impressions() {
    // 100 × 100 mm area at 10 px/mm with nothing outside the zone.
    let mut plan = common::square_plan(100.0, 10.0, 0.0);
    plan.zones
        .push(zone("test", square(300.0, 300.0, 100.0), 100.0));
    let numbers = PlanNumbers::compute(&plan, &impressions_for(&plan));
    let test = &numbers.regions[0];
    assert_eq!(test.name, "test");
    assert!((test.area_cm2 - 1.0).abs() < 0.005, "{}", test.area_cm2);
    assert!(
        (95..=105).contains(&test.impressions),
        "{}",
        test.impressions
    );
    let rest = &numbers.regions[1];
    assert_eq!(rest.name, REST_OF_AREA);
    assert!((rest.area_cm2 - 99.0).abs() < 0.05, "{}", rest.area_cm2);
    assert_eq!(rest.impressions, 0);
    assert!((numbers.treated_area_cm2 - 100.0).abs() < 0.05);
    assert_eq!(
        (numbers.min_density_per_cm2, numbers.max_density_per_cm2),
        (0.0, 100.0)
    );
}

#[test]
fn zones_are_clipped_to_the_area_and_later_zones_win_overlaps() {
    let mut plan = common::square_plan(100.0, 10.0, 50.0);
    // 20 × 20 mm, half of it outside the area's left edge → 2 cm² inside.
    plan.zones
        .push(zone("edge", square(-100.0, 0.0, 200.0), 80.0));
    // 30 × 30 mm in the middle, overlapped by a later 10 × 10 mm zone → 9 − 1 = 8 cm².
    plan.zones
        .push(zone("mid", square(400.0, 400.0, 300.0), 80.0));
    plan.zones
        .push(zone("spot", square(500.0, 500.0, 100.0), 120.0));
    let geometry = FieldGeometry::from_plan(&plan);
    let areas = region_areas_px2(&geometry, plan.zones.len());
    let cm2 = |px2: f64| px2 / 10_000.0;
    assert!((cm2(areas[1]) - 2.0).abs() < 0.01, "{areas:?}");
    assert!((cm2(areas[2]) - 8.0).abs() < 0.01, "{areas:?}");
    assert!((cm2(areas[3]) - 1.0).abs() < 0.01, "{areas:?}");
    assert!((cm2(areas.iter().sum::<f64>()) - 100.0).abs() < 0.05);
}

#[test]
fn a_triangle_and_a_rotated_square_integrate_exactly() {
    // Slanted edges: the scanline integration must agree with the shoelace area.
    let mut plan = common::square_plan(100.0, 10.0, 100.0);
    plan.area = vec![
        Vec2::new(0.0, 0.0),
        Vec2::new(1000.0, 0.0),
        Vec2::new(0.0, 700.0),
    ];
    let diamond = vec![
        Vec2::new(200.0, 100.0),
        Vec2::new(300.0, 200.0),
        Vec2::new(200.0, 300.0),
        Vec2::new(100.0, 200.0),
    ];
    plan.zones.push(zone("diamond", diamond, 60.0));
    let numbers = PlanNumbers::compute(&plan, &[]);
    assert!(
        (numbers.treated_area_cm2 - 35.0).abs() < 0.02,
        "{}",
        numbers.treated_area_cm2
    );
    assert!(
        (numbers.regions[0].area_cm2 - 2.0).abs() < 0.01,
        "{}",
        numbers.regions[0].area_cm2
    );
}

#[test]
fn sessions_split_the_impressions_and_hours_follow_the_rate() {
    let mut plan = common::square_plan(60.0, 5.0, 100.0);
    plan.sessions = Sessions::typical(3);
    plan.sessions.impressions_per_hour = 1000.0;
    let impressions = impressions_for(&plan);
    let numbers = PlanNumbers::compute(&plan, &impressions);
    assert_eq!(numbers.impressions as usize, impressions.len());
    let per_session: Vec<u32> = numbers.sessions.iter().map(|s| s.impressions).collect();
    assert_eq!(per_session.iter().sum::<u32>(), numbers.impressions);
    // 40 / 40 / 20 % of the final density.
    for (count, share) in per_session.iter().zip([0.4, 0.4, 0.2]) {
        let expected = share * numbers.impressions as f32;
        assert!(
            (*count as f32 - expected).abs() < 0.05 * expected,
            "{per_session:?}"
        );
    }
    for s in &numbers.sessions {
        assert!((s.estimated_hours - s.impressions as f32 / 1000.0).abs() < 1e-4);
    }
    assert!((numbers.estimated_total_hours - numbers.impressions as f32 / 1000.0).abs() < 1e-3);
    let mean = numbers.mean_density_per_cm2;
    assert!((mean - 100.0).abs() < 5.0, "{mean}");
}

#[test]
fn csv_and_json_carry_the_same_totals() {
    let mut plan = common::plan_with_fade_and_zone(90.0, 130.0, 10.0);
    plan.zones[0].name = "crown, back".into();
    let numbers = PlanNumbers::compute(&plan, &impressions_for(&plan));
    let csv = numbers.to_csv();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("region,area_cm2,planned_density_per_cm2,impressions"));
    assert!(lines[1].starts_with("\"crown, back\","), "{}", lines[1]);
    let total = lines.last().unwrap();
    assert!(total.starts_with("total,"));
    assert!(
        total.contains(&format!(",{},", numbers.impressions)),
        "{total}"
    );
    let json: serde_json::Value = serde_json::from_str(&numbers.to_json().unwrap()).unwrap();
    assert_eq!(json["impressions"], numbers.impressions);
    assert_eq!(
        json["regions"].as_array().unwrap().len(),
        numbers.regions.len()
    );
}

#[test]
fn density_grid_follows_the_fade_and_is_empty_outside() {
    let plan = common::plan_with_fade_and_zone(90.0, 130.0, 10.0);
    let geometry = FieldGeometry::from_plan(&plan);
    let grid = DensityGrid::with_square_cells(&geometry, &DensityParams::from_plan(&plan), 50);
    assert_eq!((grid.cols, grid.rows), (50, 40));
    let at = |col: usize, row: usize| grid.values[row * grid.cols + col];
    // Top-left quarter is the zone; the bottom row sits in the fade, lower than the row above.
    assert_eq!(at(2, 2), Some(130.0));
    assert_eq!(at(45, 2), Some(90.0));
    assert!(at(45, 39).unwrap() < at(45, 30).unwrap());
    let mut triangle = common::square_plan(100.0, 10.0, 100.0);
    triangle.area = vec![Vec2::ZERO, Vec2::new(1000.0, 0.0), Vec2::new(0.0, 1000.0)];
    let geometry = FieldGeometry::from_plan(&triangle);
    let grid = DensityGrid::sample(&geometry, &DensityParams::from_plan(&triangle), 10, 10);
    assert_eq!(grid.values[0], Some(100.0));
    assert_eq!(
        grid.values[99], None,
        "the corner off the hypotenuse is outside"
    );
}

#[test]
fn a_narrow_zone_still_sets_the_planned_maximum() {
    // A 2 mm scar strip at 250/cm² in a 300 mm area: narrower than any sampling grid's cell.
    let mut plan = common::square_plan(300.0, 10.0, 100.0);
    let strip = vec![
        Vec2::new(1000.0, 200.0),
        Vec2::new(1020.0, 200.0),
        Vec2::new(1020.0, 2800.0),
        Vec2::new(1000.0, 2800.0),
    ];
    plan.zones.push(zone("scar", strip, 250.0));
    let numbers = PlanNumbers::compute(&plan, &[]);
    assert_eq!(numbers.max_density_per_cm2, 250.0);
    assert!(
        (numbers.regions[0].area_cm2 - 5.2).abs() < 0.01,
        "{}",
        numbers.regions[0].area_cm2
    );
}

#[test]
fn a_painted_disc_has_its_area_and_counts_as_its_zone() {
    // 100 × 100 mm at 4 px/mm; a hard brush disc of radius 15 mm in the middle.
    let mut plan = common::square_plan(100.0, 4.0, 100.0);
    let mut mask = smp_preview::core::mask::PaintMask::for_photo(Vec2::splat(400.0));
    mask.dab(Vec2::splat(200.0), 60.0, 0.0, false);
    let mut disc = zone("scar", Vec::new(), 200.0);
    disc.mask = Some(mask);
    plan.zones.push(disc);
    plan.validate().unwrap();
    let numbers = PlanNumbers::compute(&plan, &impressions_for(&plan));
    let want_cm2 = std::f32::consts::PI * 1.5 * 1.5;
    let scar = &numbers.regions[0];
    // Cells are 1 px (0.25 mm): the disc's stair-stepped rim is within 2 % of the circle.
    assert!(
        (scar.area_cm2 / want_cm2 - 1.0).abs() < 0.02,
        "{}",
        scar.area_cm2
    );
    assert!(
        (scar.measured_density_per_cm2 / 200.0 - 1.0).abs() < 0.12,
        "{}",
        scar.measured_density_per_cm2
    );
    let rest = &numbers.regions[1];
    assert!((rest.area_cm2 + scar.area_cm2 - 100.0).abs() < 0.1);
    // The plan with its mask survives a save and reload.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("painted.smp.json");
    plan.save(&path).unwrap();
    assert_eq!(smp_preview::core::plan::Plan::load(&path).unwrap(), plan);
}

#[test]
fn a_feathered_brush_edge_blends_the_density_gradually() {
    let mut plan = common::square_plan(100.0, 4.0, 50.0);
    let mut mask = smp_preview::core::mask::PaintMask::for_photo(Vec2::splat(400.0));
    // Radius 30 mm, all of it feathered beyond 10 mm.
    mask.dab(Vec2::splat(200.0), 120.0, 2.0 / 3.0, false);
    let mut soft = zone("crown", Vec::new(), 250.0);
    soft.mask = Some(mask);
    plan.zones.push(soft);
    let geometry = FieldGeometry::from_plan(&plan);
    let params = DensityParams::from_plan(&plan);
    let density_at_mm = |r_mm: f32| {
        let p = Vec2::splat(200.0) + Vec2::new(r_mm * 4.0, 0.0);
        let blend = geometry.zone_blend_at(p).unwrap();
        params.blended_density(&blend)
    };
    assert_eq!(density_at_mm(5.0), 250.0);
    assert_eq!(density_at_mm(35.0), 50.0);
    let ring: Vec<f32> = (10..=30)
        .step_by(4)
        .map(|r| density_at_mm(r as f32))
        .collect();
    assert!(ring.windows(2).all(|w| w[1] <= w[0]), "{ring:?}");
    let mid = density_at_mm(20.0);
    assert!(mid > 100.0 && mid < 200.0, "{mid}");
}

#[test]
fn a_plan_within_the_usual_ranges_has_no_notes_and_its_hairline_takes_a_single_needle() {
    // 80 cm², 90 and 130/cm² would note the crown: keep both within 60–120.
    let mut plan = common::plan_with_fade_and_zone(90.0, 110.0, 10.0);
    plan.dot_diameter_mm = 0.2;
    plan.hairline.as_mut().unwrap().edge_dot_scale = 0.6;
    // ~7 000 impressions at 1 200/h: over 5 h in one session, fine in three.
    plan.sessions = Sessions::typical(3);
    let numbers = PlanNumbers::compute(&plan, &impressions_for(&plan));
    assert_eq!(numbers.notes, Vec::<String>::new());
    let hairline = numbers.hairline.expect("the plan has a hairline");
    assert!((hairline.dot_at_line_mm - 0.12).abs() < 1e-6);
    // 1RL presets heal to half their diameter: 0.25 mm → 0.125 mm is the closest to 0.12.
    assert_eq!(hairline.needle_1rl_mm, 0.25);
    assert_eq!(
        hairline.height_above_glabella_mm, None,
        "no glabella marked"
    );
    assert!(numbers.rate_is_default);
    plan.hairline = None;
    assert_eq!(PlanNumbers::compute(&plan, &[]).hairline, None);
}

#[test]
fn numbers_outside_the_usual_ranges_are_noted() {
    let mut plan = common::plan_with_fade_and_zone(90.0, 400.0, 10.0);
    // The hairline runs along y = 320 px at 4 px/mm: a glabella 65 mm below it.
    plan.glabella = Some(Vec2::new(200.0, 320.0 + 65.0 * 4.0));
    plan.dot_diameter_mm = 1.0;
    // ~11 000 impressions in two sessions (60 %, 40 %) at 1 000/h: ~6.8 h, then ~4.5 h.
    plan.sessions = Sessions::typical(2);
    plan.sessions.impressions_per_hour = 1000.0;
    let numbers = PlanNumbers::compute(&plan, &impressions_for(&plan));
    let height = numbers.hairline.as_ref().unwrap().height_above_glabella_mm;
    assert!((height.unwrap() - 65.0).abs() < 0.01, "{height:?}");
    assert!(!numbers.rate_is_default);
    let notes = numbers.notes.join("\n");
    assert!(notes.contains("crown: 400/cm² planned"), "{notes}");
    assert!(!notes.contains("rest of area"), "90/cm² is usual: {notes}");
    assert!(
        notes.contains("no needle preset heals to 1.00 mm"),
        "{notes}"
    );
    assert!(
        notes.contains("mid-front 65 mm above the glabella"),
        "{notes}"
    );
    // Each session's hours above 5 is noted, the others are not.
    for s in &numbers.sessions {
        let noted = notes.contains(&format!("session {}:", s.session));
        assert_eq!(noted, s.estimated_hours > 5.0, "{s:?}\n{notes}");
    }
    assert!(numbers.sessions.iter().any(|s| s.estimated_hours > 5.0));
    assert!(numbers.sessions.iter().any(|s| s.estimated_hours <= 5.0));
    assert!(!notes.contains("treated area"), "80 cm² is usual: {notes}");
    // The same outline at a tenth of the scale is 100 times the area: 8 000 cm².
    plan.px_per_mm = 0.4;
    let numbers = PlanNumbers::compute(&plan, &[]);
    assert!(numbers.notes.join("\n").contains("more than a Norwood 7"));
    // Until the scale is calibrated, nothing that hangs on it is judged (the sheet and the
    // panel say the scale is an estimate first).
    plan.px_per_mm_is_estimate = true;
    let notes = PlanNumbers::compute(&plan, &impressions_for(&plan))
        .notes
        .join("\n");
    assert!(
        !notes.contains("Norwood") && !notes.contains("session") && !notes.contains("glabella")
    );
    assert!(notes.contains("crown: 400/cm²"), "{notes}");
}

#[test]
fn the_bundled_samples_need_no_notes() {
    for sample in smp_preview::io::sample::Sample::ALL {
        let plan = sample.plan().unwrap();
        let numbers = PlanNumbers::compute(&plan, &impressions_for(&plan));
        assert_eq!(numbers.notes, Vec::<String>::new(), "{sample:?}");
    }
}

/// A plan without zones has one region, the treatment area (not "rest of" anything).
#[test]
fn a_plan_without_zones_calls_its_one_region_the_treatment_area() {
    let plan = common::square_plan(30.0, 8.0, 100.0);
    let numbers = PlanNumbers::compute(&plan, &impressions_for(&plan));
    assert_eq!(numbers.regions.len(), 1);
    assert_eq!(
        numbers.regions[0].name,
        smp_preview::core::numbers::TREATMENT_AREA
    );
    let csv = numbers.to_csv();
    assert!(csv.contains("\ntreatment area,"), "{csv}");
    assert!(!csv.contains("rest of area"), "{csv}");
}
