//! The head model on synthetic photos of known heads: a sphere and a head-shaped ellipsoid,
//! rendered by a pinhole camera of known pose against a plain background. The outline is found
//! again, the fitted head gives the true scalp area of a region (checked against an
//! independent integration over the true surface), and impressions are placed per cm² of
//! scalp, denser on the photo where the head turns away.

use glam::{Vec2, Vec3};
use image::{Rgba, RgbaImage};
use smp_preview::core::head::{HeadModel, HeadView, PROPORTIONS};
use smp_preview::core::numbers::PlanNumbers;
use smp_preview::core::plan::Plan;
use smp_preview::core::sampling::impressions_for;
use smp_preview::core::silhouette::fit_outline;

const SIZE: Vec2 = Vec2::new(1600.0, 1200.0);
const FOCAL_35: f32 = 26.0;

/// The true head: centred in the photo, at `distance_mm`.
fn truth(view: HeadView, semi_axes_mm: [f32; 3], distance_mm: f32) -> HeadModel {
    HeadModel {
        view,
        focal_mm_35: FOCAL_35,
        image_size_px: SIZE,
        centre_px: SIZE * 0.5,
        distance_mm,
        semi_axes_mm,
    }
}

/// A photo of the head: shaded skin where a ray meets it, grey elsewhere.
pub fn photo_of(head: &HeadModel) -> RgbaImage {
    RgbaImage::from_fn(SIZE.x as u32, SIZE.y as u32, |x, y| {
        match head.hit(Vec2::new(x as f32 + 0.5, y as f32 + 0.5)) {
            Some(h) => {
                let light = 0.55 + 0.45 * h.facing;
                let c = |v: f32| (v * light) as u8;
                Rgba([c(225.0), c(185.0), c(160.0), 255])
            }
            None => Rgba([90, 92, 96, 255]),
        }
    })
}

/// The scale a ruler on the scalp nearest the camera would give.
fn calibrated_px_per_mm(head: &HeadModel) -> f32 {
    let depth = head.semi_axes_mm[match head.view {
        HeadView::Top => 2,
        HeadView::Left | HeadView::Right => 0,
        _ => 1,
    }];
    head.focal_px() / (head.distance_mm - depth)
}

/// The treatment area: a circle (24-gon) about the outline's centre, of `radius_px`.
fn circle(centre: Vec2, radius_px: f32) -> Vec<Vec2> {
    (0..48)
        .map(|k| {
            let a = k as f32 / 48.0 * std::f32::consts::TAU;
            centre + radius_px * Vec2::new(a.cos(), a.sin())
        })
        .collect()
}

/// The true scalp area (cm²) of the head that the camera sees inside `polygon`: integrated
/// over the ellipsoid's own surface (latitude × longitude), independently of the pixel grid.
fn true_area_cm2(head: &HeadModel, polygon: &[Vec2]) -> f64 {
    let a = Vec3::from_array(head.semi_axes_mm);
    let n = 1200;
    let (dlat, dlon) = (
        std::f32::consts::PI / n as f32,
        std::f32::consts::TAU / n as f32,
    );
    let point =
        |lat: f32, lon: f32| Vec3::new(lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()) * a;
    // The camera in the head's frame: where the head's centre is seen from, at its distance.
    let [right, down, forward] = head.view.camera_axes();
    let ray = {
        let c = 0.5 * head.image_size_px;
        let v = Vec3::new(
            head.centre_px.x - c.x,
            head.centre_px.y - c.y,
            head.focal_px(),
        )
        .normalize();
        right * v.x + down * v.y + forward * v.z
    };
    let camera = -ray * head.distance_mm;
    let mut sum = 0.0f64;
    for i in 0..n {
        let lat = -std::f32::consts::FRAC_PI_2 + (i as f32 + 0.5) * dlat;
        for j in 0..n {
            let lon = (j as f32 + 0.5) * dlon;
            let p = point(lat, lon);
            let normal = (p / (a * a)).normalize();
            if (camera - p).dot(normal) <= 0.0 {
                continue;
            }
            let Some(px) = head.project(p) else { continue };
            if !smp_preview::core::geometry::polygon_contains(polygon, px) {
                continue;
            }
            let d_lat = (point(lat + 1e-3, lon) - point(lat - 1e-3, lon)) / 2e-3;
            let d_lon = (point(lat, lon + 1e-3) - point(lat, lon - 1e-3)) / 2e-3;
            sum += f64::from(d_lat.cross(d_lon).length() * dlat * dlon);
        }
    }
    sum / 100.0
}

/// A plan over `area` of the photo of `head`, with a head model fitted from the photo.
fn fitted_plan(head: &HeadModel, photo: &RgbaImage, area: Vec<Vec2>) -> (Plan, HeadModel) {
    let outline = fit_outline(photo, head.view == HeadView::Top).expect("an outline");
    let px_per_mm = calibrated_px_per_mm(head);
    let fitted = HeadModel::fit(head.view, FOCAL_35, SIZE, outline, px_per_mm).expect("a head");
    let mut plan = Plan::for_whole_photo(SIZE.x as u32, SIZE.y as u32);
    plan.px_per_mm = px_per_mm;
    plan.px_per_mm_is_estimate = false;
    plan.area = area;
    plan.head = Some(fitted);
    (plan, fitted)
}

#[test]
fn a_spheres_outline_is_found_within_1_percent() {
    let (r, d) = (85.0, 420.0);
    let head = truth(HeadView::Top, [r; 3], d);
    let photo = photo_of(&head);
    let (centre, radii) = fit_outline(&photo, true).expect("outline");
    // A sphere's outline: a circle of f·R / √(D² − R²).
    let f = head.focal_px();
    let expected = f * r / (d * d - r * r).sqrt();
    for got in [radii.x, radii.y] {
        assert!(
            (got / expected - 1.0).abs() < 0.01,
            "radius {got} vs {expected}"
        );
    }
    assert!((centre - SIZE * 0.5).length() < 0.01 * expected, "{centre}");
    // And the fit finds the sphere again.
    let fitted = HeadModel::fit(
        HeadView::Top,
        FOCAL_35,
        SIZE,
        (centre, radii),
        calibrated_px_per_mm(&head),
    )
    .expect("a head");
    assert!((fitted.distance_mm / d - 1.0).abs() < 0.02, "{fitted:?}");
    for a in &fitted.semi_axes_mm[..2] {
        assert!((a / r - 1.0).abs() < 0.02, "{fitted:?}");
    }
}

#[test]
fn the_scalp_area_of_a_region_is_the_true_one_from_above_and_from_the_side() {
    let length = 95.0;
    let cases = [
        (HeadView::Top, [85.0; 3]),
        (HeadView::Left, PROPORTIONS.map(|p| p * length)),
    ];
    for (view, axes) in cases {
        let head = truth(view, axes, 430.0);
        let photo = photo_of(&head);
        let (centre, radii) = fit_outline(&photo, view == HeadView::Top).expect("outline");
        // A region reaching 90 % of the way to the outline.
        let area = circle(centre, 0.9 * radii.min_element());
        let (plan, _) = fitted_plan(&head, &photo, area.clone());
        let numbers = PlanNumbers::compute(&plan, &[]);
        let surface = numbers.surface_area_cm2.expect("a head model");
        let expected = true_area_cm2(&head, &area);
        println!(
            "{}: scalp {surface:.1} cm² (true {expected:.1}), projected {:.1}",
            view.name(),
            numbers.projected_area_cm2
        );
        assert!(
            (f64::from(surface) / expected - 1.0).abs() < 0.05,
            "{}: {surface} vs {expected}",
            view.name()
        );
        assert!(
            surface > 1.2 * numbers.projected_area_cm2,
            "the curved head has more scalp than its photo"
        );
        assert_eq!(numbers.treated_area_cm2, surface);
        assert!(!numbers.areas_are_projected);
    }
}

#[test]
fn impressions_are_placed_per_scalp_cm2_at_the_centre_and_at_60_degrees() {
    let head = truth(HeadView::Top, [85.0; 3], 430.0);
    let photo = photo_of(&head);
    let (centre, radii) = fit_outline(&photo, true).expect("outline");
    let (mut plan, fitted) = fitted_plan(&head, &photo, circle(centre, 0.97 * radii.min_element()));
    plan.density_per_cm2 = 100.0;
    let impressions = impressions_for(&plan);
    // Patches of the photo: at the centre, and where the normal is 60° from the view.
    let at_60 = (1..2000)
        .map(|k| centre + Vec2::new(k as f32 * 0.5 * radii.x / 1000.0, 0.0))
        .find(|p| fitted.hit(*p).is_some_and(|h| h.facing <= 0.5))
        .expect("a 60° point");
    // At 60° the scalp turns away along x: the patch there is a band along y, narrow across.
    let patches: [(&str, Vec2, Vec2); 2] = [
        ("centre", centre, Vec2::splat(45.0)),
        ("60°", at_60, Vec2::new(8.0, 60.0)),
    ];
    for (name, p, half) in patches {
        let inside = |q: Vec2| ((q - p) / half).abs().max_element() < 1.0;
        let count = impressions.iter().filter(|i| inside(i.pos_px)).count() as f64;
        // The scalp inside the patch, by the fitted model, pixel by pixel.
        let mut mm2 = 0.0f64;
        for y in (p.y - half.y) as i32..=(p.y + half.y) as i32 {
            for x in (p.x - half.x) as i32..=(p.x + half.x) as i32 {
                let q = Vec2::new(x as f32 + 0.5, y as f32 + 0.5);
                if inside(q) {
                    mm2 += f64::from(fitted.hit(q).map_or(0.0, |h| h.mm2_per_px2));
                }
            }
        }
        let density = count / (mm2 / 100.0);
        println!(
            "{name}: {count} impressions on {:.2} cm²: {density:.1}/cm²",
            mm2 / 100.0
        );
        assert!(
            (density / 100.0 - 1.0).abs() < 0.05,
            "{name}: {density}/cm²"
        );
    }
    // And nothing past the outline; each dot squashed by its cosine.
    for imp in &impressions {
        let hit = fitted.hit(imp.pos_px).expect("on the head");
        assert!((imp.squash - hit.facing).abs() < 1e-4, "{imp:?}");
    }
}

#[test]
fn a_version_1_plan_opens_unchanged_and_a_head_makes_version_2() {
    let v1 = std::fs::read_to_string(crate::common::fringe_sample_plan_path()).unwrap();
    assert!(v1.contains("\"version\": 1"));
    let plan = Plan::from_json(&v1).expect("a version 1 plan opens");
    assert_eq!(plan.version, 1);
    assert!(plan.head.is_none());
    let again = Plan::from_json(&plan.to_json().unwrap()).unwrap();
    assert_eq!(again, plan);
    let numbers = PlanNumbers::compute(&plan, &impressions_for(&plan));
    assert!(numbers.areas_are_projected && numbers.surface_area_cm2.is_none());
    // With a head model the plan is version 2 and keeps its head.
    let head = truth(HeadView::Top, [85.0; 3], 430.0);
    let mut with_head = plan.clone();
    with_head.head = Some(head);
    with_head.version = smp_preview::core::plan::PLAN_VERSION;
    let json = with_head.to_json().unwrap();
    assert!(json.contains("\"version\": 2") && json.contains("\"semi_axes_mm\""));
    assert_eq!(Plan::from_json(&json).unwrap(), with_head);
}

#[test]
fn a_dot_is_squashed_along_its_tilt_by_the_cosine() {
    // One dot seen at 60° (cos 0.5), tilted along a diagonal: the spread of its darkening
    // along the tilt is half that across it (relative to the same dot seen face on), and it
    // takes half the light of a round one.
    use smp_preview::core::optics::DotOptics;
    use smp_preview::core::sampling::Impression;
    use smp_preview::render::cpu_render::render_reference;
    let photo = RgbaImage::from_pixel(160, 160, Rgba([220, 180, 160, 255]));
    let optics = DotOptics::sharp([0.3; 3]);
    let tilt = Vec2::new(1.0, 1.0).normalize();
    let dot = |squash: f32| Impression {
        pos_px: Vec2::splat(80.0),
        diameter_px: 60.0,
        opacity: 1.0,
        session: 1,
        pigment_strength: 1.0,
        tilt_dir: tilt,
        squash,
    };
    let moments = |squash: f32| {
        let out = render_reference(&photo, &[dot(squash)], f32::NEG_INFINITY, optics);
        let (mut w, mut along, mut across) = (0.0f64, 0.0f64, 0.0f64);
        for (x, y, p) in out.enumerate_pixels() {
            let d = f64::from(photo.get_pixel(x, y)[1]) - f64::from(p[1]);
            let o = Vec2::new(x as f32 + 0.5, y as f32 + 0.5) - Vec2::splat(80.0);
            let (a, c) = (o.dot(tilt), o.perp_dot(tilt));
            w += d;
            along += d * f64::from(a * a);
            across += d * f64::from(c * c);
        }
        (w, (along / w).sqrt(), (across / w).sqrt())
    };
    // Relative to the round dot (whose outline is slightly irregular, not a perfect circle).
    let (round_light, round_along, round_across) = moments(1.0);
    let (light, along, across) = moments(0.5);
    let ratio = (along / across) / (round_along / round_across);
    println!(
        "axis ratio {ratio:.3}, light {:.3} of a round dot's",
        light / round_light
    );
    assert!((ratio - 0.5).abs() < 0.03, "{ratio}");
    assert!((light / round_light - 0.5).abs() < 0.05);
}
