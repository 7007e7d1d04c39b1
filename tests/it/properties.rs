//! Randomised properties (proptest): a plan that validates survives JSON unchanged; the
//! sampler's invariants hold for random plans; random bytes never panic the plan or photo
//! loaders. Case counts are kept small enough for CI; a failure prints the shrunk case.

use glam::Vec2;
use proptest::prelude::*;
use smp_preview::core::plan::{Hairline, Plan, Zone};
use smp_preview::core::sampling::{hex_spacing_mm, impressions_for};

use crate::common::{Grid, positions_mm};

/// A star-shaped polygon (never self-intersecting) of `radii` around `centre`.
fn star(centre: Vec2, radii: &[f32]) -> Vec<Vec2> {
    let n = radii.len() as f32;
    radii
        .iter()
        .enumerate()
        .map(|(k, r)| {
            let a = k as f32 / n * std::f32::consts::TAU;
            centre + *r * Vec2::new(a.cos(), a.sin())
        })
        .collect()
}

/// Random plans over a 600 × 600 px photo: scale, densities, dot, shade, seed, an outline, an
/// optional hairline and up to two zones.
fn plans() -> impl Strategy<Value = Plan> {
    (
        (
            3.0f32..12.0,
            20.0f32..250.0,
            0.05f32..0.5,
            6.0f32..20.0,
            any::<u64>(),
        ),
        prop::collection::vec(150.0f32..280.0, 5..14),
        prop::option::of((0.0f32..25.0, 0.0f32..3.0, 0.5f32..1.0)),
        prop::collection::vec((20.0f32..300.0, 40.0f32..120.0), 0..3),
    )
        .prop_map(
            |((ppm, density, dot, dilution, seed), radii, hairline, zones)| {
                let mut plan = Plan::for_whole_photo(600, 600);
                plan.px_per_mm = ppm;
                plan.px_per_mm_is_estimate = false;
                plan.density_per_cm2 = density;
                plan.dot_diameter_mm = dot;
                plan.dilution_ratio = dilution;
                plan.seed = seed;
                plan.area = star(Vec2::splat(300.0), &radii);
                plan.hairline = hairline.map(|(fade, waviness, edge)| Hairline {
                    points: vec![
                        Vec2::new(80.0, 420.0),
                        Vec2::new(300.0, 380.0),
                        Vec2::new(520.0, 420.0),
                    ],
                    fade_depth_mm: fade,
                    macro_irregularity_mm: waviness,
                    micro_irregularity_mm: 0.5 * waviness,
                    edge_dot_scale: edge,
                });
                plan.zones = zones
                    .into_iter()
                    .enumerate()
                    .map(|(i, (zone_density, r))| Zone {
                        name: format!("zone {i}"),
                        polygon: star(Vec2::new(250.0 + 100.0 * i as f32, 250.0), &[r; 6]),
                        density_per_cm2: zone_density,
                        dilution_ratio: None,
                        mask: None,
                    })
                    .collect();
                plan
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn a_valid_plan_round_trips_through_json(plan in plans()) {
        prop_assume!(plan.validate().is_ok());
        let again = Plan::from_json(&plan.to_json().unwrap()).unwrap();
        prop_assert_eq!(again, plan);
    }

    #[test]
    fn impressions_lie_inside_the_area_apart_and_stay_when_density_rises(plan in plans()) {
        prop_assume!(plan.validate().is_ok());
        let impressions = impressions_for(&plan);
        for imp in &impressions {
            prop_assert!(smp_preview::core::geometry::polygon_contains(&plan.area, imp.pos_px));
        }
        // No two closer than 0.6 of the spacing of the densest density planned.
        let densest = plan.zones.iter().map(|z| z.density_per_cm2).fold(plan.density_per_cm2, f32::max);
        let pts = positions_mm(&impressions, plan.px_per_mm);
        let spacing = hex_spacing_mm(densest);
        let grid = Grid::new(&pts, spacing);
        for (i, p) in pts.iter().enumerate() {
            if let Some((_, d)) = grid.nearest(*p, Some(i), 2) {
                prop_assert!(d >= 0.6 * spacing, "{} < 0.6 × {}", d, spacing);
            }
        }
        // Raising every density keeps every impression where it was.
        let mut denser = plan.clone();
        denser.density_per_cm2 = (plan.density_per_cm2 * 1.3).min(400.0);
        for z in &mut denser.zones {
            z.density_per_cm2 = (z.density_per_cm2 * 1.3).min(400.0);
        }
        let more = impressions_for(&denser);
        let kept: std::collections::HashSet<(u32, u32)> =
            more.iter().map(|i| (i.pos_px.x.to_bits(), i.pos_px.y.to_bits())).collect();
        for imp in &impressions {
            prop_assert!(kept.contains(&(imp.pos_px.x.to_bits(), imp.pos_px.y.to_bits())));
        }
        prop_assert!(more.len() >= impressions.len());
    }

    #[test]
    fn density_matches_the_plan_without_zones_or_fade(
        ppm in 3.0f32..10.0,
        density in 40.0f32..250.0,
        seed in any::<u64>(),
    ) {
        let mut plan = crate::common::square_plan(50.0, ppm, density);
        plan.seed = seed;
        let placed = impressions_for(&plan).len() as f32;
        let expected = 25.0 * density;
        prop_assert!((placed / expected - 1.0).abs() < 0.05, "{} vs {}", placed, expected);
    }

    #[test]
    fn random_bytes_never_panic_the_loaders(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = Plan::from_json(&text);
        let _ = smp_preview::io::photo::decode_photo_bytes(&bytes, "random");
        // And with a photo's magic number in front, so the decoders get past the sniffing.
        for magic in [&[0xFF, 0xD8, 0xFF][..], b"\x89PNG\r\n\x1a\n", b"RIFF\0\0\0\0WEBP", b"II*\0"] {
            let mut framed = magic.to_vec();
            framed.extend_from_slice(&bytes);
            let _ = smp_preview::io::photo::decode_photo_bytes(&framed, "random");
        }
    }
}
