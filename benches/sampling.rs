//! `cargo bench --bench sampling`: how long a density change takes to produce the new impression
//! set, against regenerating with the `bluenoise` and `fast_poisson` crates, plus start-up costs.
//! Prints one plain table of medians (and ratios from the same run).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark stops at the first surprise"
)]

#[path = "../tests/it/common/mod.rs"]
mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use smp_preview::core::plan::MAX_DENSITY_PER_CM2;
use smp_preview::core::sampling::{
    CandidateSet, DensityParams, FieldGeometry, Impression, RankedTile, hex_spacing_mm,
};

/// Median wall time of `runs` calls.
fn median(runs: usize, mut f: impl FnMut(usize)) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|i| {
            let start = Instant::now();
            f(i);
            start.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

struct Row {
    what: String,
    count: usize,
    median: Duration,
}

fn density_change(rows: &mut Vec<Row>, label: &str, target_count: f32, runs: usize) -> Duration {
    let density = 100.0;
    let side_mm = (target_count / density * 100.0).sqrt();
    // 4 px/mm keeps the 100k plan's photo small; 2 px/mm the 1M one's.
    let px_per_mm = if side_mm > 500.0 { 2.0 } else { 4.0 };
    let plan = common::square_plan(side_mm, px_per_mm, density);
    density_change_of(rows, label, &plan, runs)
}

/// The same with a head model seen from above filling the square (densities per scalp cm²,
/// dots foreshortened), the density set for about `target_count` impressions.
fn density_change_with_head(rows: &mut Vec<Row>, target_count: f32, runs: usize) -> Duration {
    use smp_preview::core::head::{HeadModel, HeadView};
    let px_per_mm = 4.0;
    let mut plan = common::square_plan(320.0, px_per_mm, 100.0);
    let size = glam::Vec2::splat(320.0 * px_per_mm);
    let outline = (0.5 * size, 0.48 * size);
    plan.set_head(HeadModel::fit(
        HeadView::Top,
        26.0,
        size,
        outline,
        px_per_mm,
    ));
    let scalp_cm2 = smp_preview::core::numbers::scalp_area_cm2(&plan).unwrap();
    plan.density_per_cm2 = target_count / scalp_cm2;
    density_change_of(rows, "head-model 100k", &plan, runs)
}

/// A case of three views (top, front, left) of a 4000 × 3000 px photo each, over a
/// crown-to-forehead cap.
fn three_view_case() -> smp_preview::core::case::Case {
    use smp_preview::core::case::{CASE_VERSION, Case, HeadPoint, SurfaceOutlines};
    use smp_preview::core::head::{HeadModel, HeadView, PROPORTIONS};
    let size = glam::Vec2::new(4000.0, 3000.0);
    let head = |view| HeadModel {
        view,
        focal_mm_35: 26.0,
        image_size_px: size,
        centre_px: 0.5 * size,
        distance_mm: 600.0,
        semi_axes_mm: PROPORTIONS.map(|p| p * 95.0),
    };
    let area = (0..64)
        .map(|k| {
            let a = k as f32 * std::f32::consts::TAU / 64.0;
            let u = glam::Vec3::new(0.7 * a.cos(), 0.7 * a.sin(), 0.714);
            HeadPoint::from_surface_mm(u, [1.0; 3]).unwrap()
        })
        .collect();
    let mut settings = common::square_plan(100.0, 4.0, 100.0);
    settings.area.clear();
    let mut case = Case {
        version: CASE_VERSION,
        views: Vec::new(),
        settings,
        outlines: SurfaceOutlines {
            area,
            ..SurfaceOutlines::default()
        },
    };
    for view in [HeadView::Top, HeadView::Front, HeadView::Left] {
        case.add_view(view.name(), None, head(view));
    }
    case
}

/// The whole head's numbers of [`three_view_case`]: what the Views section takes again after
/// each edit.
fn whole_head_of_a_case(rows: &mut Vec<Row>, runs: usize) {
    let case = three_view_case();
    let mut impressions = 0;
    let median = median(runs, |_| {
        impressions = black_box(case.whole_head()).impressions
    });
    rows.push(Row {
        what: "whole-head numbers of a 3-view case (60k scalp samples)".into(),
        count: impressions as usize,
        median,
    });
}

/// The same physical impressions in every view of [`three_view_case`] (each view sampled
/// once, its dots lifted onto the head and seen from the others): what a case's render and
/// export take before drawing.
fn shared_impressions_of_a_case(rows: &mut Vec<Row>, runs: usize) {
    use smp_preview::core::plan::ShownSession;
    let case = three_view_case();
    let mut count = 0;
    let median = median(runs, |_| {
        let every = black_box(case.every_view_impressions(ShownSession::Finished));
        count = every.iter().map(Vec::len).sum();
    });
    rows.push(Row {
        what: "the same impressions in all 3 views of a case (dots summed over views)".into(),
        count,
        median,
    });
}

fn density_change_of(
    rows: &mut Vec<Row>,
    label: &str,
    plan: &smp_preview::core::plan::Plan,
    runs: usize,
) -> Duration {
    let tile = RankedTile::shared();
    let geometry = FieldGeometry::from_plan(plan);
    let start = Instant::now();
    let candidates = CandidateSet::build(&geometry, plan.seed, tile);
    rows.push(Row {
        what: format!("build candidate set, {label} plan (on drawing change)"),
        count: candidates.len(),
        median: start.elapsed(),
    });
    let mut params = DensityParams::from_plan(plan);
    let base = plan.density_per_cm2;
    let mut out: Vec<Impression> = Vec::new();
    let t = median(runs, |i| {
        params.base_density_per_cm2 = if i % 2 == 0 { base } else { base * 1.01 };
        candidates.select(&params, plan.dot_diameter_mm, tile, &mut out);
        black_box(&out);
    });
    rows.push(Row {
        what: format!("density change → new set, {label} (smp-preview)"),
        count: out.len(),
        median: t,
    });
    t
}

fn main() {
    let mut rows = Vec::new();
    let start = Instant::now();
    let tile = RankedTile::build(smp_preview::core::sampling::ranked::TILE_POINTS, 12345);
    rows.push(Row {
        what: "build ranked tile from scratch (when building assets)".into(),
        count: tile.len(),
        median: start.elapsed(),
    });
    let start = Instant::now();
    let shared = RankedTile::shared();
    rows.push(Row {
        what: "load ranked tile from bundled cache (start-up)".into(),
        count: shared.len(),
        median: start.elapsed(),
    });

    let ours = density_change(&mut rows, "100k", 100_000.0, 41);
    let ours_1m = density_change(&mut rows, "1M", 1_000_000.0, 9);
    let ours_head = density_change_with_head(&mut rows, 100_000.0, 41);
    whole_head_of_a_case(&mut rows, 21);
    shared_impressions_of_a_case(&mut rows, 5);

    // The same 100k impressions at 100/cm² over 1000 cm², regenerated from scratch.
    let side_mm = (100_000.0f32 / 100.0 * 100.0).sqrt();
    let radius = 0.75 * hex_spacing_mm(100.0);
    let mut count = 0;
    let blue = median(5, |i| {
        let noise = bluenoise::BlueNoise::<rand09::rngs::SmallRng>::from_seed(
            side_mm, side_mm, radius, i as u64,
        );
        let points: Vec<_> = noise.take(100_000).collect();
        count = points.len();
        black_box(points);
    });
    rows.push(Row {
        what: format!("bluenoise 0.2, r = {radius:.3} mm (regenerate)"),
        count,
        median: blue,
    });
    let fast = median(3, |i| {
        let points = fast_poisson::Poisson2D::new()
            .with_dimensions([f64::from(side_mm); 2], f64::from(radius))
            .with_seed(i as u64)
            .generate();
        count = points.len();
        black_box(points);
    });
    rows.push(Row {
        what: format!("fast_poisson 1.0, r = {radius:.3} mm (regenerate)"),
        count,
        median: fast,
    });

    println!("\nsampling benchmark (median wall time; max density {MAX_DENSITY_PER_CM2}/cm²)\n");
    println!("{:<58} {:>10} {:>12}", "what", "points", "median");
    for row in &rows {
        println!(
            "{:<58} {:>10} {:>9.3} ms",
            row.what,
            row.count,
            row.median.as_secs_f64() * 1e3
        );
    }
    let ratio = |other: Duration| other.as_secs_f64() / ours.as_secs_f64();
    println!(
        "\nbluenoise / smp-preview density change (100k): {:.0}×  (goal ≥ 30×)",
        ratio(blue)
    );
    println!(
        "fast_poisson / smp-preview density change (100k): {:.0}×",
        ratio(fast)
    );
    println!(
        "density change, 100k: {:.3} ms (goal ≤ 2 ms); with a head model {:.3} ms (goal ≤ 2 ms); 1M: {:.3} ms",
        ours.as_secs_f64() * 1e3,
        ours_head.as_secs_f64() * 1e3,
        ours_1m.as_secs_f64() * 1e3
    );
}
