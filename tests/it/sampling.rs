//! Properties of the impression sampler (issues 2 and 3): Poisson-disk spacing, coverage,
//! blue-noise spectrum, density accuracy, hairline fade, determinism and coherence.

use crate::common;

use common::{Grid, plan_with_fade_and_zone, positions_mm, square_plan};
use glam::Vec2;
use smp_preview::core::geometry::polygon_contains;
use smp_preview::core::plan::{MAX_DENSITY_PER_CM2, ShownSession};
use smp_preview::core::sampling::quality::ring_spectrum;
use smp_preview::core::sampling::{
    DensityParams, FieldGeometry, RankedTile, hex_spacing_mm, impressions_for,
};

/// Densities tested, as fractions of the maximum supported density.
const FRACTIONS: [f32; 7] = [0.05, 0.1, 0.25, 0.4, 0.6, 0.8, 1.0];

#[test]
fn nearest_neighbour_at_least_0_6_hex_spacing_at_every_density() {
    for f in FRACTIONS {
        let density = f * MAX_DENSITY_PER_CM2;
        let plan = square_plan(60.0, 4.0, density);
        let pts = positions_mm(&impressions_for(&plan), plan.px_per_mm);
        let spacing = hex_spacing_mm(density);
        let grid = Grid::new(&pts, spacing);
        let min_nn = (0..pts.len())
            .filter_map(|i| grid.nearest(pts[i], Some(i), 2).map(|(_, d)| d))
            .fold(f32::MAX, f32::min);
        println!(
            "density {density:>5.0}/cm²: min NN {:.3} × spacing",
            min_nn / spacing
        );
        assert!(
            min_nn >= 0.6 * spacing,
            "density {density}: min NN {min_nn} < 0.6 × {spacing}"
        );
    }
}

#[test]
fn nearest_neighbour_holds_across_a_hairline_fade() {
    // Local density of a pair: the higher of the two points' target densities.
    let plan = plan_with_fade_and_zone(MAX_DENSITY_PER_CM2 * 0.5, MAX_DENSITY_PER_CM2, 15.0);
    let geometry = FieldGeometry::from_plan(&plan);
    let params = DensityParams::from_plan(&plan);
    let density_at = |p_mm: Vec2| {
        let p_px = p_mm * plan.px_per_mm;
        geometry.zone_at(p_px).map_or(0.0, |z| {
            params.density(z, geometry.depth_behind_hairline_mm(p_px))
        })
    };
    let pts = positions_mm(&impressions_for(&plan), plan.px_per_mm);
    let grid = Grid::new(&pts, 1.0);
    let mut worst = f32::MAX;
    for (i, &p) in pts.iter().enumerate() {
        let Some((j, d)) = grid.nearest(p, Some(i), 6) else {
            continue;
        };
        let local = density_at(p).max(density_at(pts[j]));
        worst = worst.min(d / hex_spacing_mm(local));
    }
    println!("worst NN across fade and zone edge: {worst:.3} × local spacing");
    assert!(worst >= 0.6, "NN {worst} × local spacing");
}

#[test]
fn largest_empty_disk_at_most_1_2_hex_spacing() {
    // Radius of the largest circle inside the area (kept one spacing from its edge) that
    // contains no impression, probed on a grid of 0.05 × spacing.
    for f in FRACTIONS {
        let density = f * MAX_DENSITY_PER_CM2;
        let plan = square_plan(40.0, 4.0, density);
        let pts = positions_mm(&impressions_for(&plan), plan.px_per_mm);
        let spacing = hex_spacing_mm(density);
        let grid = Grid::new(&pts, spacing);
        let step = 0.05 * spacing;
        let mut largest = 0.0f32;
        let mut y = spacing;
        while y < 40.0 - spacing {
            let mut x = spacing;
            while x < 40.0 - spacing {
                let d = grid
                    .nearest(Vec2::new(x, y), None, 3)
                    .map_or(f32::MAX, |(_, d)| d);
                largest = largest.max(d);
                x += step;
            }
            y += step;
        }
        println!(
            "density {density:>5.0}/cm²: largest empty disk radius {:.3} × spacing",
            largest / spacing
        );
        assert!(
            largest <= 1.2 * spacing,
            "density {density}: empty disk {largest} > 1.2 × {spacing}"
        );
    }
}

#[test]
fn spectrum_is_blue_at_every_level() {
    // The lowest-frequency rings: integer rings 1..=R with R a quarter of the set's principal
    // frequency √n / side (the blue-noise peak sits near 1.07 √n / side). White noise is 1.
    // Every one of those rings must be ≤ 0.2, at every level from 5 % to 100 % of the tile.
    let tile = RankedTile::shared();
    for f in [0.05f32, 0.1, 0.15, 0.25, 0.4, 0.6, 0.8, 1.0] {
        let n = (f * tile.len() as f32) as usize;
        let max_ring = ((n as f32).sqrt() * 0.25) as usize;
        let spectrum = ring_spectrum(&tile.points_mm[..n], tile.side_mm, max_ring);
        let mean = spectrum.iter().sum::<f32>() / spectrum.len() as f32;
        let worst = spectrum.iter().copied().fold(0.0f32, f32::max);
        assert!(!spectrum.is_empty());
        println!(
            "{:>3.0} % ({n} points): rings 1..={max_ring}: mean power {mean:.3}, max ring {worst:.3}",
            f * 100.0
        );
        assert!(
            worst <= 0.2,
            "fraction {f}: a low ring has power {worst} ({spectrum:?})"
        );
    }
}

#[test]
fn measured_density_within_5_percent_per_zone() {
    let plan = plan_with_fade_and_zone(90.0, 140.0, 15.0);
    let impressions = impressions_for(&plan);
    let pts = positions_mm(&impressions, plan.px_per_mm);
    // Windows well inside each zone and beyond the 15 mm fade (hairline at y = 80 mm).
    let count_in = |lo: Vec2, hi: Vec2| {
        pts.iter()
            .filter(|p| p.cmpge(lo).all() && p.cmplt(hi).all())
            .count()
    };
    let zone = count_in(Vec2::new(2.0, 2.0), Vec2::new(48.0, 28.0)) as f32 / (46.0 * 26.0 / 100.0);
    let base = count_in(Vec2::new(52.0, 2.0), Vec2::new(98.0, 60.0)) as f32 / (46.0 * 58.0 / 100.0);
    println!("zone {zone:.1}/cm² (want 140), base {base:.1}/cm² (want 90)");
    assert!((zone / 140.0 - 1.0).abs() <= 0.05, "zone density {zone}");
    assert!((base / 90.0 - 1.0).abs() <= 0.05, "base density {base}");
}

#[test]
fn fade_rises_from_zero_at_the_hairline() {
    let plan = plan_with_fade_and_zone(100.0, 100.0, 20.0);
    let pts = positions_mm(&impressions_for(&plan), plan.px_per_mm);
    // Bands of 4 mm behind the hairline (y = 80 mm), over the full 100 mm width.
    let band = |from: f32| {
        pts.iter()
            .filter(|p| p.y <= 80.0 - from && p.y > 80.0 - from - 4.0)
            .count()
    };
    let counts: Vec<usize> = (0..6).map(|i| band(i as f32 * 4.0)).collect();
    println!("impressions per 4 mm band behind the hairline: {counts:?}");
    assert!(counts[0] < counts[2] && counts[2] < counts[4], "{counts:?}");
    let full = 100.0 * 4.0 * 100.0 / 100.0; // 100/cm² over 100 × 4 mm
    assert!(
        (counts[5] as f32 / full - 1.0).abs() < 0.1,
        "beyond the fade: {}",
        counts[5]
    );
    // Nothing in front of the line.
    assert!(pts.iter().all(|p| p.y < 80.0));
}

#[test]
fn impressions_stay_inside_the_area() {
    let mut plan = square_plan(50.0, 5.0, 120.0);
    plan.area = vec![
        Vec2::new(20.0, 20.0),
        Vec2::new(230.0, 40.0),
        Vec2::new(120.0, 240.0),
    ];
    let impressions = impressions_for(&plan);
    assert!(!impressions.is_empty());
    assert!(
        impressions
            .iter()
            .all(|i| polygon_contains(&plan.area, i.pos_px))
    );
    let expected = plan.area_cm2() * 120.0;
    let got = impressions.len() as f32;
    assert!((got / expected - 1.0).abs() < 0.1, "{got} vs {expected}");
}

#[test]
fn same_seed_same_impressions_other_seed_other_pattern() {
    let plan = plan_with_fade_and_zone(100.0, 120.0, 10.0);
    assert_eq!(impressions_for(&plan), impressions_for(&plan));
    let mut other = plan.clone();
    other.seed += 1;
    let a = impressions_for(&plan);
    let b = impressions_for(&other);
    let same = a
        .iter()
        .filter(|i| b.iter().any(|j| j.pos_px == i.pos_px))
        .count();
    assert!(same < a.len() / 100, "{same} of {} shared", a.len());
}

/// Every impression of `low` is present, unchanged, in `high`.
fn assert_superset(low: &smp_preview::core::plan::Plan, high: &smp_preview::core::plan::Plan) {
    let a = impressions_for(low);
    let b = impressions_for(high);
    assert!(b.len() >= a.len());
    let set: std::collections::HashSet<(u32, u32)> = b
        .iter()
        .map(|i| (i.pos_px.x.to_bits(), i.pos_px.y.to_bits()))
        .collect();
    let missing = a
        .iter()
        .filter(|i| !set.contains(&(i.pos_px.x.to_bits(), i.pos_px.y.to_bits())))
        .count();
    assert_eq!(
        missing,
        0,
        "{missing} of {} impressions moved or vanished",
        a.len()
    );
}

#[test]
fn raising_any_density_never_moves_or_removes_an_impression() {
    let plan = plan_with_fade_and_zone(60.0, 80.0, 20.0);
    for step in 1..=8 {
        let mut higher = plan.clone();
        higher.density_per_cm2 += 30.0 * step as f32;
        assert_superset(&plan, &higher);
        let mut zone = plan.clone();
        zone.zones[0].density_per_cm2 += 30.0 * step as f32;
        assert_superset(&plan, &zone);
        let mut shorter_fade = plan.clone();
        shorter_fade.hairline.as_mut().unwrap().fade_depth_mm -= 2.0 * step as f32;
        assert_superset(&plan, &shorter_fade);
    }
}

#[test]
fn bundled_tile_cache_is_the_tile_built_from_scratch() {
    // The cache only saves start-up time; it must be exactly what the builder produces.
    let fresh = RankedTile::build_shared_uncached();
    let shared = RankedTile::shared();
    assert_eq!(fresh.points_mm, shared.points_mm);
    assert_eq!(fresh.size_factor, shared.size_factor);
}

#[test]
fn each_session_adds_impressions_between_the_earlier_ones() {
    let mut plan = plan_with_fade_and_zone(100.0, 130.0, 15.0);
    plan.sessions = smp_preview::core::plan::Sessions::typical(3);
    let all = impressions_for(&plan);
    let mut previous: Vec<smp_preview::core::sampling::Impression> = Vec::new();
    for k in 1..=3usize {
        let through =
            smp_preview::core::sampling::impressions_through(&plan, ShownSession::after(k, 3));
        // Coherent: everything of the earlier sessions is still there, unmoved.
        let set: std::collections::HashSet<(u32, u32)> = through
            .iter()
            .map(|i| (i.pos_px.x.to_bits(), i.pos_px.y.to_bits()))
            .collect();
        assert!(
            previous
                .iter()
                .all(|i| set.contains(&(i.pos_px.x.to_bits(), i.pos_px.y.to_bits())))
        );
        // The tags say which session placed each impression; they match the final set's tags.
        assert!(through.iter().all(|i| i.session as usize <= k));
        assert_eq!(
            through.iter().filter(|i| i.session as usize == k).count(),
            through.len() - previous.len()
        );
        let share = through.len() as f32 / all.len() as f32;
        let planned = plan.sessions.cumulative_percent[k - 1] / 100.0;
        println!(
            "after session {k}: {} impressions, {:.1} % of final (planned {:.0} %)",
            through.len(),
            share * 100.0,
            planned * 100.0
        );
        assert!(
            (share - planned).abs() < 0.02,
            "session {k}: {share} vs {planned}"
        );
        // Still Poisson-disk at the density reached so far.
        let pts = positions_mm(&through, plan.px_per_mm);
        let spacing = hex_spacing_mm(130.0 * planned);
        let grid = Grid::new(&pts, 1.0);
        let crown: Vec<usize> = (0..pts.len())
            .filter(|&i| pts[i].x < 48.0 && pts[i].y < 28.0)
            .collect();
        let min_nn = crown
            .iter()
            .filter_map(|&i| grid.nearest(pts[i], Some(i), 8).map(|(_, d)| d))
            .fold(f32::MAX, f32::min);
        assert!(
            min_nn >= 0.6 * spacing,
            "session {k}: NN {min_nn} vs spacing {spacing}"
        );
        previous = through;
    }
    assert_eq!(previous, all);
}

/// Depth (mm behind the line at y = 80 mm) of the first impression in each 2 mm column.
fn front_depths(plan: &smp_preview::core::plan::Plan) -> Vec<f32> {
    let pts = positions_mm(&impressions_for(plan), plan.px_per_mm);
    (0..50)
        .map(|c| {
            let x0 = c as f32 * 2.0;
            pts.iter()
                .filter(|p| p.x >= x0 && p.x < x0 + 2.0)
                .map(|p| 80.0 - p.y)
                .fold(f32::MAX, f32::min)
        })
        .collect()
}

#[test]
fn hairline_irregularity_makes_the_front_wander_deterministically() {
    let straight = plan_with_fade_and_zone(120.0, 120.0, 6.0);
    let mut wavy = straight.clone();
    let hairline = wavy.hairline.as_mut().unwrap();
    hairline.macro_irregularity_mm = 4.0;
    hairline.micro_irregularity_mm = 1.0;
    let spread = |d: &[f32]| {
        let mean = d.iter().sum::<f32>() / d.len() as f32;
        (d.iter().map(|v| (v - mean).powi(2)).sum::<f32>() / d.len() as f32).sqrt()
    };
    let (s0, s1) = (
        spread(&front_depths(&straight)),
        spread(&front_depths(&wavy)),
    );
    println!("front spread: straight {s0:.2} mm, irregular {s1:.2} mm");
    assert!(s1 > 1.5 * s0 && s1 > 1.0, "straight {s0}, irregular {s1}");
    assert_eq!(impressions_for(&wavy), impressions_for(&wavy));
    // Still coherent: raising the density keeps every impression.
    let mut denser = wavy.clone();
    denser.density_per_cm2 = 200.0;
    assert_superset(&wavy, &denser);
}

#[test]
fn a_zone_with_its_own_shade_gets_its_pigment_strength() {
    let mut plan = common::plan_with_fade_and_zone(100.0, 100.0, 0.0);
    plan.dilution_ratio = 8.0;
    plan.zones[0].dilution_ratio = Some(14.0);
    let geometry = smp_preview::core::sampling::FieldGeometry::from_plan(&plan);
    let impressions = impressions_for(&plan);
    let (mut inside, mut outside) = (0, 0);
    for imp in &impressions {
        if geometry.zone_at(imp.pos_px) == Some(1) {
            // 1 part pigment in 9 vs 1 in 15: 15/9 of the water, 9/15 of the pigment.
            assert!((imp.pigment_strength - 9.0 / 15.0).abs() < 1e-6);
            inside += 1;
        } else {
            assert_eq!(imp.pigment_strength, 1.0);
            outside += 1;
        }
    }
    assert!(inside > 50 && outside > 50, "{inside} in, {outside} out");
    // The shade never moves a dot.
    plan.zones[0].dilution_ratio = None;
    let plain: Vec<_> = impressions_for(&plan).iter().map(|i| i.pos_px).collect();
    let shaded: Vec<_> = impressions.iter().map(|i| i.pos_px).collect();
    assert_eq!(plain, shaded);
}

#[test]
fn dots_are_finer_at_the_hairline_by_the_edge_scale() {
    let mut plan = common::plan_with_fade_and_zone(150.0, 150.0, 20.0);
    let geometry = smp_preview::core::sampling::FieldGeometry::from_plan(&plan);
    let mean_size = |plan: &smp_preview::core::plan::Plan, near: bool| {
        let sizes: Vec<f32> = impressions_for(plan)
            .iter()
            .filter(|i| {
                let depth = geometry.depth_behind_hairline_mm(i.pos_px);
                if near { depth < 4.0 } else { depth > 20.0 }
            })
            .map(|i| i.diameter_px)
            .collect();
        sizes.iter().sum::<f32>() / sizes.len().max(1) as f32
    };
    let (near_full, far_full) = (mean_size(&plan, true), mean_size(&plan, false));
    plan.hairline.as_mut().unwrap().edge_dot_scale = 0.6;
    let (near, far) = (mean_size(&plan, true), mean_size(&plan, false));
    assert!((far - far_full).abs() < 1e-4, "full size behind the fade");
    // Within 4 mm of the line the fade is below smoothstep(0.2) = 0.104, so dots are at most
    // 0.6 + 0.4 × 0.104 = 0.64 of full size: well under 0.7.
    assert!(near < 0.7 * near_full, "{near} vs {near_full}");
    assert!(near > 0.55 * near_full, "{near} vs {near_full}");
}

#[test]
fn impressions_under_hair_are_placed_and_counted_but_hidden() {
    let mut plan = common::plan_with_fade_and_zone(100.0, 100.0, 0.0);
    let bare = impressions_for(&plan);
    // Hair over the left half of the 400 × 320 px photo, fully; nothing on the right.
    let mut hair = smp_preview::core::mask::PaintMask::for_photo(Vec2::new(400.0, 320.0));
    hair.fill_polygon(&[
        Vec2::new(0.0, 0.0),
        Vec2::new(200.0, 0.0),
        Vec2::new(200.0, 320.0),
        Vec2::new(0.0, 320.0),
    ]);
    plan.hair_mask = Some(hair);
    let covered = impressions_for(&plan);
    assert_eq!(covered.len(), bare.len(), "hair hides, it does not remove");
    for (c, b) in covered.iter().zip(&bare) {
        assert_eq!(c.pos_px, b.pos_px);
        if c.pos_px.x < 199.0 {
            assert_eq!(c.opacity, 0.0);
        } else if c.pos_px.x > 201.0 {
            assert_eq!(c.opacity, b.opacity);
        }
    }
}

#[test]
fn deeper_work_gives_larger_softer_cooler_spots_in_the_same_places() {
    use smp_preview::core::look::Age;
    use smp_preview::core::optics::DotOptics;
    use smp_preview::core::plan::NeedleDepth;
    let mut plan = square_plan(30.0, 8.0, 120.0);
    let standard = impressions_for(&plan);
    plan.depth = NeedleDepth::Deep;
    let deep = impressions_for(&plan);
    plan.depth = NeedleDepth::Shallow;
    let shallow = impressions_for(&plan);
    assert_eq!(standard.len(), deep.len());
    for ((s, d), sh) in standard.iter().zip(&deep).zip(&shallow) {
        assert_eq!((s.pos_px, s.session), (d.pos_px, d.session));
        // The healed mark: the same when deep, smaller when shallow.
        assert!(d.diameter_px == s.diameter_px && sh.diameter_px < s.diameter_px);
    }
    let optics = |depth| DotOptics::for_plan(&plan_with_depth(depth), Age::Healed);
    let (cool, plain, light) = (
        optics(NeedleDepth::Deep),
        optics(NeedleDepth::Standard),
        optics(NeedleDepth::Shallow),
    );
    // Deep: a wider deposit, a softer edge, and cooler (blue shows relatively less of the
    // pigment's absorption than red).
    assert!(cool.spread_px > plain.spread_px && cool.edge_px[1] > plain.edge_px[1]);
    let blue_to_red = |o: &DotOptics| o.darkening(1.0)[2] / o.darkening(1.0)[0];
    assert!(
        blue_to_red(&cool) < blue_to_red(&plain),
        "{cool:?} {plain:?}"
    );
    // Shallow: part of the pigment lost.
    assert!(light.core_transmittance[1] > plain.core_transmittance[1]);
}

fn plan_with_depth(depth: smp_preview::core::plan::NeedleDepth) -> smp_preview::core::plan::Plan {
    let mut plan = square_plan(10.0, 8.0, 100.0);
    plan.depth = depth;
    plan
}
