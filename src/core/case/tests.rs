//! Cases of a known ellipsoid head photographed from several views: the true cameras are
//! built here, the case's are fitted to the outlines they see, as a photo's would be.

use glam::{Vec2, Vec3};

use super::*;
use crate::core::head::{HeadView, PROPORTIONS};
use crate::core::plan::Hairline;

const SIZE: Vec2 = Vec2::new(2000.0, 1500.0);

fn true_axes() -> [f32; 3] {
    PROPORTIONS.map(|p| p * 95.0)
}

/// The true camera of `view`: 600 mm from the head's centre, which is in the middle.
fn true_head(view: HeadView) -> HeadModel {
    HeadModel {
        view,
        focal_mm_35: 26.0,
        image_size_px: SIZE,
        centre_px: SIZE * 0.5,
        distance_mm: 600.0,
        semi_axes_mm: true_axes(),
    }
}

/// The head fitted to what the true camera shows, at `scale_error` × its true px/mm.
fn fitted(view: HeadView, scale_error: f32) -> HeadModel {
    let t = true_head(view);
    HeadModel::fit(
        view,
        26.0,
        SIZE,
        t.outline_px(),
        t.px_per_mm() * scale_error,
    )
    .unwrap()
}

/// The unit direction at `elevation_deg` above the equator, `azimuth_deg` round from the
/// front (−y) towards the patient's left (+x).
fn dir(elevation_deg: f32, azimuth_deg: f32) -> Vec3 {
    let (el, az) = (elevation_deg.to_radians(), azimuth_deg.to_radians());
    Vec3::new(az.sin() * el.cos(), -az.cos() * el.cos(), el.sin())
}

fn true_point(u: Vec3) -> Vec3 {
    u * Vec3::from_array(true_axes())
}

/// A plan drawn on the front photo: a hairline across the forehead, the area behind it up
/// to where the head turns out of sight, and the glabella.
fn front_plan() -> (Plan, Vec<Vec3>) {
    let front = true_head(HeadView::Front);
    let hairline_dirs: Vec<Vec3> = (-3..=3).map(|k| dir(30.0, k as f32 * 12.0)).collect();
    let px = |u: &Vec3| front.project(true_point(*u)).unwrap();
    let mut plan = Plan::for_whole_photo(2000, 1500);
    plan.px_per_mm = fitted(HeadView::Front, 1.0).px_per_mm();
    plan.px_per_mm_is_estimate = false;
    let top_edge: Vec<Vec3> = (-3..=3).rev().map(|k| dir(70.0, k as f32 * 12.0)).collect();
    plan.area = hairline_dirs.iter().chain(&top_edge).map(px).collect();
    plan.hairline = Some(Hairline {
        points: hairline_dirs.iter().map(px).collect(),
        fade_depth_mm: 10.0,
        macro_irregularity_mm: 0.0,
        micro_irregularity_mm: 0.0,
        edge_dot_scale: 1.0,
    });
    plan.set_head(Some(fitted(HeadView::Front, 1.0)));
    (plan, hairline_dirs)
}

#[test]
fn a_hairline_drawn_on_the_front_lands_on_its_true_place_in_the_top_view() {
    let (plan, hairline) = front_plan();
    let mut case = Case::from_plan(&plan, "front").unwrap();
    // The top photo has no ruler: fitted at a scale 1.7 times off, set by the head's size.
    case.add_view("top", None, fitted(HeadView::Top, 1.7));
    let top_true = true_head(HeadView::Top);
    let scale_error = case.views[1].px_per_mm / top_true.px_per_mm() - 1.0;
    assert!(
        scale_error.abs() < 0.01,
        "top view's scale {scale_error:+.3} off"
    );
    let shown = case.view_plan(1).plan;
    let shown_line = shown.hairline.unwrap().points;
    for (u, got) in hairline.iter().zip(&shown_line) {
        let want = top_true.project(true_point(*u)).unwrap();
        assert!(got.distance(want) < 2.0, "{got} vs true {want}");
    }
    // A third view from the side agrees as well.
    case.add_view("left", None, fitted(HeadView::Left, 0.6));
    let left_true = true_head(HeadView::Left);
    let left = case.view_plan(2);
    let on_left = left.plan.hairline.unwrap().points;
    // Only the run facing the left camera is shown, from the point where it goes out of
    // sight (on the head's outline there) on.
    let from = left.hairline_from;
    assert!(
        from > 0 && from + on_left.len() == hairline.len(),
        "from {from}"
    );
    let (centre, radii) = case.views[2].head.outline_px();
    let on_outline = ((on_left[0] - centre) / radii).length();
    assert!((on_outline - 1.0).abs() < 0.02, "{on_outline}");
    let shown = &hairline[from..];
    let seen = shown.iter().zip(&on_left).filter(|(u, _)| u.x > 0.1);
    for (u, got) in seen {
        let want = left_true.project(true_point(*u)).unwrap();
        assert!(got.distance(want) < 2.0, "left: {got} vs true {want}");
    }
}

#[test]
fn a_point_dragged_on_one_view_moves_on_the_others_and_only_it() {
    let (plan, _) = front_plan();
    let mut case = Case::from_plan(&plan, "front").unwrap();
    case.add_view("top", None, fitted(HeadView::Top, 1.0));
    let top_before = case.view_plan(1).plan.hairline.unwrap().points;
    let shown = case.view_plan(0);
    let mut edited = shown.plan.clone();
    if let Some(h) = edited.hairline.as_mut() {
        h.points[2].y -= 40.0;
    }
    case.absorb_view_edit(&shown, &edited);
    let top_after = case.view_plan(1).plan.hairline.unwrap().points;
    for (k, (a, b)) in top_before.iter().zip(&top_after).enumerate() {
        match k {
            2 => assert!(a.distance(*b) > 10.0, "the dragged point stayed: {a} {b}"),
            _ => assert!(a.distance(*b) < 0.01, "point {k} moved: {a} {b}"),
        }
    }
    // And the front view shows it where it was dropped.
    let front = case.view_plan(0).plan.hairline.unwrap().points;
    assert!(front[2].distance(edited.hairline.unwrap().points[2]) < 0.5);
    case.validate().unwrap();
}

#[test]
fn a_single_photo_plan_becomes_a_one_view_case_and_back() {
    let (plan, _) = front_plan();
    let case = Case::from_plan(&plan, "front").unwrap();
    let back = case.view_plan(0).plan;
    for (a, b) in plan.area.iter().zip(&back.area) {
        assert!(a.distance(*b) < 0.05, "{a} {b}");
    }
    assert_eq!(back.density_per_cm2, plan.density_per_cm2);
    assert_eq!(back.hairline.as_ref().unwrap().fade_depth_mm, 10.0);
    let json = case.to_json().unwrap();
    assert_eq!(Case::from_json(&json).unwrap(), case);
    // A plan file is not a case (it opens as a plan), and a plan without a head has none.
    let plan_json = plan.to_json().unwrap();
    assert!(matches!(
        Case::from_json(&plan_json),
        Err(PlanError::Parse(_) | PlanError::UnsupportedVersion { .. })
    ));
    assert!(Case::from_plan(&Plan::for_whole_photo(100, 100), "front").is_none());
}

/// The cap above `polar_deg` from the vertex as a 96-point outline on the head.
fn cap_outline(polar_deg: f32) -> Vec<HeadPoint> {
    (0..96)
        .map(|k| {
            let u = dir(90.0 - polar_deg, k as f32 * 360.0 / 96.0);
            HeadPoint::from_surface_mm(u, [1.0; 3]).unwrap()
        })
        .collect()
}

/// The ellipsoid's area within `polar_deg` of the vertex, mm², by quadrature of its
/// parametric surface element (independent of the case's sampling).
fn cap_area_mm2(a: [f32; 3], polar_deg: f32) -> f64 {
    cap_area_where_mm2(a, polar_deg, |_| true)
}

/// [`cap_area_mm2`] of the part whose points (mm) pass `keep`.
fn cap_area_where_mm2(a: [f32; 3], polar_deg: f32, keep: impl Fn([f64; 3]) -> bool) -> f64 {
    let [ax, ay, az] = a.map(f64::from);
    let (nt, np) = (600, 1200);
    let theta_max = f64::from(polar_deg).to_radians();
    let (dt, dp) = (theta_max / nt as f64, std::f64::consts::TAU / np as f64);
    let mut sum = 0.0;
    for i in 0..nt {
        let t = (i as f64 + 0.5) * dt;
        for j in 0..np {
            let p = (j as f64 + 0.5) * dp;
            let rt = [
                ax * t.cos() * p.cos(),
                ay * t.cos() * p.sin(),
                -az * t.sin(),
            ];
            let rp = [-ax * t.sin() * p.sin(), ay * t.sin() * p.cos(), 0.0];
            let n = [
                rt[1] * rp[2] - rt[2] * rp[1],
                rt[2] * rp[0] - rt[0] * rp[2],
                rt[0] * rp[1] - rt[1] * rp[0],
            ];
            let point = [ax * t.sin() * p.cos(), ay * t.sin() * p.sin(), az * t.cos()];
            if keep(point) {
                sum += (n[0] * n[0] + n[1] * n[1] + n[2] * n[2]).sqrt() * dt * dp;
            }
        }
    }
    sum
}

fn cap_case(polar_deg: f32, views: &[HeadView]) -> Case {
    let mut settings = Plan::for_whole_photo(2000, 1500);
    settings.area.clear();
    let mut case = Case {
        version: CASE_VERSION,
        views: Vec::new(),
        settings,
        outlines: SurfaceOutlines {
            area: cap_outline(polar_deg),
            ..SurfaceOutlines::default()
        },
    };
    for &v in views {
        case.add_view(v.name(), None, true_head(v));
    }
    case
}

#[test]
fn the_whole_head_area_matches_the_ellipsoid_and_overlaps_count_once() {
    let want_cm2 = cap_area_mm2(true_axes(), 50.0) / 100.0;
    let top_only = cap_case(50.0, &[HeadView::Top]).whole_head();
    let err = f64::from(top_only.treated_cm2) / want_cm2 - 1.0;
    assert!(
        err.abs() < 0.05,
        "{} cm² vs {want_cm2:.1} cm²",
        top_only.treated_cm2
    );
    assert!(err.abs() < 0.01, "sampling error {err:+.4}");
    assert!(top_only.not_covered_cm2 < 0.01 * top_only.treated_cm2);
    let three = cap_case(50.0, &[HeadView::Top, HeadView::Front, HeadView::Left]).whole_head();
    assert!(
        (three.treated_cm2 - top_only.treated_cm2).abs() < 1e-3 * top_only.treated_cm2,
        "{} vs {}",
        three.treated_cm2,
        top_only.treated_cm2
    );
    let summed: f32 = three.per_view_cm2.iter().map(|(_, cm2)| cm2).sum();
    assert!(
        summed > 1.2 * three.treated_cm2,
        "the views overlap: {summed}"
    );
    let density = three.regions[0].planned_density_per_cm2;
    let impressions = three.treated_cm2 * density;
    assert!((three.impressions as f32 - impressions).abs() <= 1.0 + 1e-3 * impressions);
}

#[test]
fn scalp_no_view_sees_is_reported_not_covered_not_guessed() {
    let want_cm2 = cap_area_mm2(true_axes(), 110.0) / 100.0;
    let top = cap_case(110.0, &[HeadView::Top]).whole_head();
    assert!(top.not_covered_cm2 > 0.2 * top.treated_cm2, "{top:?}");
    let total = f64::from(top.treated_cm2 + top.not_covered_cm2);
    assert!(
        (total / want_cm2 - 1.0).abs() < 0.05,
        "{total} vs {want_cm2}"
    );
    let all = [
        HeadView::Top,
        HeadView::Front,
        HeadView::Back,
        HeadView::Left,
        HeadView::Right,
    ];
    let around = cap_case(110.0, &all).whole_head();
    assert!(
        around.not_covered_cm2 < 0.5 * top.not_covered_cm2,
        "{around:?}"
    );
    assert!(around.treated_cm2 > top.treated_cm2);
}

#[test]
fn views_whose_fits_disagree_are_named() {
    let mut case = cap_case(50.0, &[HeadView::Front, HeadView::Left]);
    assert!(
        case.disagreements().is_empty(),
        "{:?}",
        case.disagreements()
    );
    // The side photo's outline drawn 10 % too tall: its vertex is 8.5 mm higher.
    case.views[1].head.semi_axes_mm[2] *= 1.1;
    let found = case.disagreements();
    assert!(
        found
            .iter()
            .any(|d| d.landmark == "vertex" && d.apart_mm > 8.0),
        "{found:?}"
    );
    // A top view does not measure the height, so it cannot disagree about the vertex.
    let top = cap_case(50.0, &[HeadView::Top, HeadView::Front]);
    assert!(top.disagreements().iter().all(|d| d.landmark != "vertex"));
}

#[test]
fn a_zone_painted_on_one_view_shows_on_another_where_it_sees_that_scalp() {
    let (mut plan, _) = front_plan();
    let front = true_head(HeadView::Front);
    let spot = dir(55.0, 0.0);
    let centre = front.project(true_point(spot)).unwrap();
    let mut mask = PaintMask::for_photo(SIZE);
    let ring: Vec<Vec2> = (0..16)
        .map(|k| centre + 60.0 * Vec2::from_angle(k as f32 * std::f32::consts::TAU / 16.0))
        .collect();
    mask.fill_polygon(&ring);
    plan.zones.push(crate::core::plan::Zone {
        name: "crown".into(),
        polygon: Vec::new(),
        density_per_cm2: 40.0,
        dilution_ratio: None,
        mask: Some(mask),
    });
    let mut case = Case::from_plan(&plan, "front").unwrap();
    case.add_view("top", None, fitted(HeadView::Top, 1.0));
    let top_plan = case.view_plan(1).plan;
    let carried = top_plan.zones[0].mask.as_ref().unwrap();
    let at = true_head(HeadView::Top).project(true_point(spot)).unwrap();
    assert!(carried.weight_at(at) > 0.9, "{}", carried.weight_at(at));
    let away = true_head(HeadView::Top)
        .project(true_point(dir(20.0, 180.0)))
        .unwrap();
    assert_eq!(carried.weight_at(away), 0.0);
    top_plan.validate().unwrap();
}

#[test]
fn a_refitted_head_moves_the_outlines_it_shows_and_keeps_them_on_the_head() {
    let (plan, _) = front_plan();
    let mut case = Case::from_plan(&plan, "front").unwrap();
    case.add_view("top", None, fitted(HeadView::Top, 1.0));
    let before = case.outlines.clone();
    let shown = case.view_plan(1);
    let mut edited = shown.plan.clone();
    // The top view's outline dragged 20 px to the right.
    let head = edited.head.unwrap();
    let (centre, radii) = head.outline_px();
    edited.set_head(head.refit((centre + Vec2::new(20.0, 0.0), radii)));
    case.absorb_view_edit(&shown, &edited);
    assert_eq!(
        case.outlines, before,
        "the outlines stay where they are on the head"
    );
    let moved = case.view_plan(1).plan.hairline.unwrap().points;
    let was = shown.plan.hairline.unwrap().points;
    for (a, b) in was.iter().zip(&moved) {
        assert!((b.x - a.x - 20.0).abs() < 2.0, "{a} → {b}");
    }
}

fn square_zone(name: &str, centre: Vec2) -> crate::core::plan::Zone {
    let d = Vec2::splat(30.0);
    crate::core::plan::Zone {
        name: name.into(),
        polygon: vec![
            centre - d,
            centre + Vec2::new(d.x, -d.y),
            centre + d,
            centre + Vec2::new(-d.x, d.y),
        ],
        density_per_cm2: 60.0,
        dilution_ratio: None,
        mask: None,
    }
}

#[test]
fn edits_never_lose_points_zones_or_paint() {
    let (mut plan, _) = front_plan();
    let front = true_head(HeadView::Front);
    let at = |u: Vec3| front.project(true_point(u)).unwrap();
    plan.zones.push(square_zone("zone 2", at(dir(45.0, -15.0))));
    plan.zones.push(square_zone("zone 2", at(dir(45.0, 15.0))));
    let mut mask = PaintMask::for_photo(SIZE);
    let c = at(dir(60.0, 0.0));
    mask.fill_polygon(&[
        c - Vec2::splat(40.0),
        c + Vec2::new(40.0, -40.0),
        c + Vec2::splat(40.0),
    ]);
    plan.zones.push(crate::core::plan::Zone {
        name: "painted".into(),
        polygon: Vec::new(),
        density_per_cm2: 30.0,
        dilution_ratio: None,
        mask: Some(mask),
    });
    let mut case = Case::from_plan(&plan, "front").unwrap();
    case.add_view("top", None, fitted(HeadView::Top, 1.0));
    let painted_before = case.settings.zones[2].mask.clone();
    // On the top view: a density change leaves the front's paint exactly as it was.
    let shown = case.view_plan(1);
    let mut edited = shown.plan.clone();
    edited.density_per_cm2 = 90.0;
    case.absorb_view_edit(&shown, &edited);
    assert_eq!(
        case.settings.zones[2].mask, painted_before,
        "paint resampled by a slider"
    );
    // A point added far off the head still counts: the outline keeps as many points as shown.
    let shown = case.view_plan(1);
    let mut edited = shown.plan.clone();
    edited.area.insert(2, Vec2::new(-500.0, -500.0));
    case.absorb_view_edit(&shown, &edited);
    assert_eq!(case.outlines.area.len(), edited.area.len());
    // Deleting the first of two zones of the same name keeps the second's place on the head.
    let second = case.outlines.zones[1].clone();
    let shown = case.view_plan(1);
    let mut edited = shown.plan.clone();
    edited.zones.remove(0);
    case.absorb_view_edit(&shown, &edited);
    assert_eq!(case.outlines.zones[0], second);
    case.validate().unwrap();
    // The painted zone counts in the whole head's numbers.
    let whole = case.whole_head();
    let painted = whole.regions.iter().find(|r| r.name == "painted").unwrap();
    assert!(painted.area_cm2 > 1.0, "{whole:?}");
}

#[test]
fn view_names_that_cannot_name_a_file_are_refused() {
    let (plan, _) = front_plan();
    for bad in ["../x", "a/b", ".hidden", "FRONT"] {
        let mut case = Case::from_plan(&plan, "front").unwrap();
        case.add_view(bad, None, fitted(HeadView::Top, 1.0));
        assert!(case.validate().is_err(), "'{bad}' accepted");
    }
}

/// A hairline across the top of the head where it meets the plane y = `y_mm` (in front of the
/// vertex), running past the edges of a 50° cap on both sides.
fn hairline_across(y_mm: f32) -> Vec<HeadPoint> {
    let [ax, ay, az] = true_axes();
    let half_width = ax * (1.0 - (y_mm / ay).powi(2)).sqrt();
    (0..=16)
        .map(|k| {
            let x = half_width * 0.95 * (k as f32 / 8.0 - 1.0);
            let z = az
                * (1.0 - (x / ax).powi(2) - (y_mm / ay).powi(2))
                    .max(0.0)
                    .sqrt();
            HeadPoint::from_surface_mm(Vec3::new(x, y_mm, z), true_axes()).unwrap()
        })
        .collect()
}

#[test]
fn the_whole_head_counts_no_impressions_in_front_of_the_hairline() {
    let y_line = -0.3 * true_axes()[1];
    let mut case = cap_case(50.0, &[HeadView::Top]);
    case.outlines.hairline = Some(hairline_across(y_line));
    let density = case.settings.density_per_cm2;
    let impressions = |case: &mut Case, fade_depth_mm: f32| {
        case.settings.hairline = Some(Hairline {
            points: Vec::new(),
            fade_depth_mm,
            macro_irregularity_mm: 0.0,
            micro_irregularity_mm: 0.0,
            edge_dot_scale: 1.0,
        });
        case.whole_head().impressions as f64
    };
    let behind_cm2 =
        |from_mm: f32| cap_area_where_mm2(true_axes(), 50.0, |p| p[1] > f64::from(from_mm)) / 100.0;
    // A sharp line: exactly the cap behind the line is treated.
    let sharp = impressions(&mut case, 0.0);
    let want = behind_cm2(y_line) * f64::from(density);
    assert!(
        (sharp / want - 1.0).abs() < 0.015,
        "{sharp} impressions vs {want:.0} behind the line"
    );
    // The area is the whole cap, the line or not.
    let cap_cm2 = cap_area_mm2(true_axes(), 50.0) / 100.0;
    assert!((f64::from(case.whole_head().treated_cm2) / cap_cm2 - 1.0).abs() < 0.01);
    assert!(cap_cm2 > 1.2 * behind_cm2(y_line));
    // A 10 mm fade thins the band behind it: fewer, but all beyond the band are kept.
    let faded = impressions(&mut case, 10.0);
    let beyond = behind_cm2(y_line + 10.0) * f64::from(density);
    assert!(
        faded < sharp && faded > beyond,
        "{beyond:.0} < {faded} < {sharp}"
    );
}

#[test]
fn an_area_round_the_head_holds_the_crown_however_it_was_drawn() {
    let want_cm2 = cap_area_mm2(true_axes(), 95.0) / 100.0;
    let views = [HeadView::Front, HeadView::Top, HeadView::Back];
    for reversed in [false, true] {
        let mut case = cap_case(95.0, &views);
        if reversed {
            case.outlines.area.reverse();
        }
        let whole = case.whole_head();
        let total = f64::from(whole.treated_cm2 + whole.not_covered_cm2);
        assert!(
            (total / want_cm2 - 1.0).abs() < 0.02,
            "reversed {reversed}: {total:.1} cm² vs the crown's {want_cm2:.1} cm²"
        );
    }
}

#[test]
fn an_edit_on_a_view_that_sees_part_of_the_hairline_keeps_the_hidden_part() {
    let (plan, _) = front_plan();
    let mut case = Case::from_plan(&plan, "front").unwrap();
    case.add_view("left", None, fitted(HeadView::Left, 1.0));
    let before = case.outlines.hairline.clone().unwrap();
    let shown = case.view_plan(1);
    let from = shown.hairline_from;
    let mut edited = shown.plan.clone();
    let points = &mut edited.hairline.as_mut().unwrap().points;
    let last = points.len() - 1;
    points[last].y -= 20.0;
    case.absorb_view_edit(&shown, &edited);
    let after = case.outlines.hairline.clone().unwrap();
    assert_eq!(after.len(), before.len());
    for k in 0..before.len() {
        let moved = before[k].direction().distance(after[k].direction()) > 1e-4;
        assert_eq!(moved, k == from + last, "point {k} of {}", before.len());
    }
}

/// Unit directions on the head of the impressions `head`'s photo shows.
fn lifted(head: &HeadModel, dots: &[crate::core::sampling::Impression]) -> Vec<Vec3> {
    let axes = Vec3::from_array(head.semi_axes_mm);
    dots.iter()
        .filter_map(|d| head.hit(d.pos_px))
        .map(|hit| (hit.point_mm / axes).normalize())
        .collect()
}

/// How many of `dirs` (lifted from `from`'s photo) that `head` faces have a twin in `others`
/// (within 0.05°). Only dots both cameras see well are counted: lifted where a camera's ray
/// grazes the head, a dot's place is too uncertain to compare.
fn twins(dirs: &[Vec3], others: &[Vec3], from: &HeadModel, head: &HeadModel) -> (usize, usize) {
    let key = |u: Vec3| ((u.x * 100.0).floor() as i32, (u.y * 100.0).floor() as i32);
    let mut grid: std::collections::HashMap<(i32, i32), Vec<Vec3>> = Default::default();
    for &u in others {
        grid.entry(key(u)).or_default().push(u);
    }
    let axes = Vec3::from_array(head.semi_axes_mm);
    let faced: Vec<&Vec3> = (dirs.iter())
        .filter(|&&u| head.facing_mm(u * axes) > 0.3 && from.facing_mm(u * axes) > 0.3)
        .collect();
    let found = faced
        .iter()
        .filter(|&&&u| {
            let (x, y) = key(u);
            (-1..=1).any(|dx| {
                (-1..=1).any(|dy| {
                    grid.get(&(x + dx, y + dy)).is_some_and(|cell| {
                        cell.iter().any(|v| v.dot(u) > 0.05f32.to_radians().cos())
                    })
                })
            })
        })
        .count();
    (found, faced.len())
}

#[test]
fn every_view_shows_the_same_physical_impressions() {
    use crate::core::plan::ShownSession;
    let case = cap_case(40.0, &[HeadView::Front, HeadView::Top]);
    let (front, top) = (&case.views[0].head, &case.views[1].head);
    let on_front = case.view_impressions(0, ShownSession::Finished);
    let on_top = case.view_impressions(1, ShownSession::Finished);
    assert!(on_front.len() > 1000 && on_top.len() > 1000);
    let (front_dirs, top_dirs) = (lifted(front, &on_front), lifted(top, &on_top));
    // Each dot one photo shows is in the other too, where that camera faces it.
    for (dirs, others, from, head, name) in [
        (&front_dirs, &top_dirs, front, top, "front in top"),
        (&top_dirs, &front_dirs, top, front, "top in front"),
    ] {
        let (found, faced) = twins(dirs, others, from, head);
        assert!(faced > 500, "{name}: {faced}");
        assert!(
            found as f32 > 0.999 * faced as f32,
            "{name}: {found} of {faced}"
        );
    }
    // Sampled on its own, the top photo's dots are others.
    let own =
        crate::core::sampling::impressions_through(&case.view_plan(1).plan, ShownSession::Finished);
    let (found, faced) = twins(&lifted(top, &own), &front_dirs, top, front);
    assert!((found as f32) < 0.5 * faced as f32, "{found} of {faced}");
    // And the density on the scalp is the plan's: as many dots as the cap's area asks.
    let want = cap_area_mm2(true_axes(), 40.0) / 100.0 * f64::from(case.settings.density_per_cm2);
    let got = top_dirs.len() as f64;
    assert!(
        (got / want - 1.0).abs() < 0.05,
        "{got} dots, {want:.0} planned"
    );
}
