//! The plan's numbers for the artist: treated area and impressions per zone and per session,
//! densities, estimated session time, a Norwood-style extent hint, and the density grid behind
//! the heat-map. Pure Rust; exported as JSON and CSV.

pub mod advice;

use glam::Vec2;
use serde::Serialize;

use crate::core::geometry::{bounding_box, scanline_crossings};
use crate::core::plan::Plan;
use crate::core::sampling::field::{BASE_ZONE, hairline_fade};
use crate::core::sampling::{DensityParams, FieldGeometry, Impression};

/// Scanlines used to integrate areas: the only error is at rows that straddle a vertex,
/// well under 0.1 % for outlines of a few dozen points.
const AREA_ROWS: usize = 4000;
/// Samples per side of the grid on which the planned density's minimum is taken.
const EXTREMES_GRID: usize = 96;
/// Needle diameters artists choose from, mm (docs/domain.md, "Impressions").
pub const NEEDLE_PRESETS_MM: [f32; 5] = [0.18, 0.20, 0.25, 0.30, 0.35];
/// 3RL (three-needle round liner, for filling) needle diameters offered as presets, mm.
pub const NEEDLE_3RL_PRESETS_MM: [f32; 3] = [0.18, 0.20, 0.25];
/// Width of three touching needles in a triangle, in needle diameters: 1 + 2/√3.
pub const CLUSTER_3RL_WIDTH: f32 = 2.1547;

/// The healed dot a 3RL of `needle_mm` needles leaves: the cluster's width healed to about
/// half, like a single needle's hole (an estimate: the three holes merge into one soft dot).
pub fn healed_dot_3rl_mm(needle_mm: f32) -> f32 {
    healed_dot_mm(needle_mm * CLUSTER_3RL_WIDTH)
}
/// Name of the part of the area that lies in no named zone.
pub const REST_OF_AREA: &str = "rest of area";
/// The name of the one region of a plan without zones.
pub const TREATMENT_AREA: &str = "treatment area";

/// One region of the plan: a named zone, or the rest of the area.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RegionNumbers {
    pub name: String,
    /// Area of the part of the treatment area where this region's density applies, cm².
    pub area_cm2: f32,
    /// The density set for the region, impressions/cm² (before the hairline fade).
    pub planned_density_per_cm2: f32,
    /// Impressions placed in the region over all sessions.
    pub impressions: u32,
    /// Impressions placed in the region in each session (session 1 first).
    pub impressions_per_session: Vec<u32>,
    /// Impressions per cm² actually placed (lower than planned where the hairline fades).
    pub measured_density_per_cm2: f32,
    /// The region's shade, parts water per part pigment (a zone's own, or the plan's).
    pub dilution_ratio: f32,
    /// Its area as the photo shows it (flat), cm².
    pub projected_area_cm2: f32,
    /// Its area on the fitted head's scalp, cm² (without a head model: none, and `area_cm2`
    /// is the projected area).
    pub surface_area_cm2: Option<f32>,
}

/// One session of the plan.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SessionNumbers {
    /// 1-based.
    pub session: u32,
    /// Share of the final density in place after this session, percent.
    pub cumulative_percent: f32,
    /// Impressions placed in this session.
    pub impressions: u32,
    /// `impressions` at the artist's rate, hours.
    pub estimated_hours: f32,
}

/// Everything an artist takes into the session, computed from a plan and its impressions.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlanNumbers {
    pub px_per_mm: f32,
    /// True while the scale is a guess: every area and density below is then a guess too.
    pub scale_is_estimate: bool,
    /// The treated area: the scalp's with a head model, else the photo's (projected).
    pub treated_area_cm2: f32,
    /// The treated area as the photo shows it, cm².
    pub projected_area_cm2: f32,
    /// The treated area on the fitted head's scalp, cm² (none without a head model).
    pub surface_area_cm2: Option<f32>,
    /// True without a head model: the areas are the flat photo's, too low where the head
    /// turns away (docs/domain.md, "Curved heads in flat photos").
    pub areas_are_projected: bool,
    pub impressions: u32,
    /// Impressions per cm² over the whole treated area.
    pub mean_density_per_cm2: f32,
    /// Lowest and highest planned density inside the area (the fade reaches 0 at the hairline).
    pub min_density_per_cm2: f32,
    pub max_density_per_cm2: f32,
    pub dot_diameter_mm: f32,
    /// Needle preset (1RL or 3RL, see `suggested_grouping`) whose healed dot is closest to the
    /// plan's dot, mm.
    pub suggested_needle_mm: f32,
    /// "1RL" or "3RL".
    pub suggested_grouping: String,
    /// The healed dot that needle leaves, mm (about half the needle, or the 3RL cluster).
    pub suggested_needle_heals_to_mm: f32,
    /// Parts water per part pigment.
    pub dilution_ratio: f32,
    pub impressions_per_hour: f32,
    /// True while the rate is the built-in estimate rather than the artist's own.
    pub rate_is_default: bool,
    pub estimated_total_hours: f32,
    pub extent_hint: String,
    /// The named zones in plan order, then the rest of the area (if any of it is left).
    pub regions: Vec<RegionNumbers>,
    pub sessions: Vec<SessionNumbers>,
    /// The hairline's finer dots, their needle and the line's height, if the plan has one.
    pub hairline: Option<advice::HairlineNumbers>,
    /// What lies outside the usual ranges ([`advice::notes`]), one sentence each.
    pub notes: Vec<String>,
}

impl PlanNumbers {
    /// Numbers of `plan`, whose impressions after all sessions are `impressions`.
    pub fn compute(plan: &Plan, impressions: &[Impression]) -> Self {
        let geometry = FieldGeometry::from_plan(plan);
        let params = DensityParams::from_plan(plan);
        let cm2_per_px2 = 1.0 / (plan.px_per_mm * plan.px_per_mm * 100.0);
        let session_count = plan.sessions.count();
        let region_area_px2 = region_areas_px2(&geometry, plan.zones.len());
        let projected_cm2: Vec<f32> = region_area_px2
            .iter()
            .map(|a| *a as f32 * cm2_per_px2)
            .collect();
        let surface_cm2 = geometry
            .has_head()
            .then(|| region_surface_areas_cm2(&geometry, plan.zones.len()));
        let areas = Areas {
            projected_cm2: &projected_cm2,
            surface_cm2: surface_cm2.as_deref(),
        };
        let mut counts = vec![vec![0u32; session_count]; plan.zones.len() + 1];
        for imp in impressions {
            if let Some(zone) = geometry.zone_at(imp.pos_px) {
                let session = (imp.session as usize).clamp(1, session_count) - 1;
                counts[usize::from(zone)][session] += 1;
            }
        }
        let regions = regions(plan, &params, areas, &counts);
        let sessions = sessions(plan, &counts);
        let projected_area_cm2 = projected_cm2.iter().sum::<f32>();
        let surface_area_cm2 = surface_cm2.as_ref().map(|s| s.iter().sum::<f32>());
        let treated_area_cm2 = surface_area_cm2.unwrap_or(projected_area_cm2);
        let total: u32 = counts.iter().flatten().sum();
        let min_density = density_min(&geometry, &params);
        // The highest planned density exactly: the fade only lowers it, so it is the densest
        // region that has any area (a grid could miss a narrow zone).
        let max_density = regions
            .iter()
            .filter(|r| r.area_cm2 > 0.0)
            .map(|r| r.planned_density_per_cm2)
            .fold(0.0f32, f32::max);
        let needle = suggested_needle(plan.dot_diameter_mm);
        let mut numbers = PlanNumbers {
            px_per_mm: plan.px_per_mm,
            scale_is_estimate: plan.px_per_mm_is_estimate,
            treated_area_cm2,
            projected_area_cm2,
            surface_area_cm2,
            areas_are_projected: surface_area_cm2.is_none(),
            impressions: total,
            mean_density_per_cm2: per_area(total, treated_area_cm2),
            min_density_per_cm2: min_density,
            max_density_per_cm2: max_density,
            dot_diameter_mm: plan.dot_diameter_mm,
            suggested_needle_mm: needle.needle_mm,
            suggested_grouping: needle.grouping.to_owned(),
            suggested_needle_heals_to_mm: needle.healed_dot_mm,
            dilution_ratio: plan.dilution_ratio,
            impressions_per_hour: plan.sessions.impressions_per_hour,
            rate_is_default: plan.sessions.rate_is_default(),
            estimated_total_hours: total as f32 / plan.sessions.impressions_per_hour,
            extent_hint: extent_hint(treated_area_cm2).to_owned(),
            regions,
            sessions,
            hairline: advice::HairlineNumbers::of(plan),
            notes: Vec::new(),
        };
        numbers.notes = advice::notes(&numbers);
        numbers
    }

    /// Pretty JSON of every number.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string_pretty(self)
    }

    /// One row per region and a total row; session columns `session_k` hold the impressions
    /// placed in session k.
    pub fn to_csv(&self) -> String {
        let sessions = self.sessions.len();
        let mut out = String::from(
            "region,area_cm2,planned_density_per_cm2,impressions,measured_density_per_cm2,dilution_ratio",
        );
        for k in 1..=sessions {
            out += &format!(",session_{k}");
        }
        out.push('\n');
        for r in &self.regions {
            out += &format!(
                "{},{:.3},{:.1},{},{:.1},{:.1}",
                csv_field(&r.name),
                r.area_cm2,
                r.planned_density_per_cm2,
                r.impressions,
                r.measured_density_per_cm2,
                r.dilution_ratio
            );
            for n in &r.impressions_per_session {
                out += &format!(",{n}");
            }
            out.push('\n');
        }
        out += &format!(
            "total,{:.3},,{},{:.1},",
            self.treated_area_cm2, self.impressions, self.mean_density_per_cm2
        );
        for s in &self.sessions {
            out += &format!(",{}", s.impressions);
        }
        out.push('\n');
        out
    }
}

/// The regions' areas: as the photo shows them and, with a head model, on the scalp (cm²,
/// indexed by zone: the base area first).
#[derive(Clone, Copy)]
struct Areas<'a> {
    projected_cm2: &'a [f32],
    surface_cm2: Option<&'a [f32]>,
}

fn regions(
    plan: &Plan,
    params: &DensityParams,
    areas: Areas,
    counts: &[Vec<u32>],
) -> Vec<RegionNumbers> {
    let area_px2: Vec<f64> = areas.projected_cm2.iter().map(|a| f64::from(*a)).collect();
    let region = |name: &str, zone: u16, dilution: Option<f32>| {
        let i = usize::from(zone);
        let projected_area_cm2 = areas.projected_cm2[i];
        let surface_area_cm2 = areas.surface_cm2.map(|s| s[i]);
        let area_cm2 = surface_area_cm2.unwrap_or(projected_area_cm2);
        let impressions = counts[i].iter().sum();
        RegionNumbers {
            name: name.to_owned(),
            area_cm2,
            planned_density_per_cm2: params.zone_density(zone),
            impressions,
            impressions_per_session: counts[i].clone(),
            measured_density_per_cm2: per_area(impressions, area_cm2),
            dilution_ratio: dilution.unwrap_or(plan.dilution_ratio),
            projected_area_cm2,
            surface_area_cm2,
        }
    };
    let mut out: Vec<RegionNumbers> = (plan.zones.iter().enumerate())
        .map(|(i, z)| region(&z.name, i as u16 + 1, z.dilution_ratio))
        .collect();
    if area_px2[usize::from(BASE_ZONE)] > 0.0 || plan.zones.is_empty() {
        let name = if plan.zones.is_empty() {
            TREATMENT_AREA
        } else {
            REST_OF_AREA
        };
        out.push(region(name, BASE_ZONE, None));
    }
    out
}

fn sessions(plan: &Plan, counts: &[Vec<u32>]) -> Vec<SessionNumbers> {
    let rate = plan.sessions.impressions_per_hour;
    (plan.sessions.cumulative_percent.iter().enumerate())
        .map(|(k, &cumulative_percent)| {
            let impressions = counts.iter().map(|c| c[k]).sum::<u32>();
            SessionNumbers {
                session: k as u32 + 1,
                cumulative_percent,
                impressions,
                estimated_hours: impressions as f32 / rate,
            }
        })
        .collect()
}

fn per_area(count: u32, area_cm2: f32) -> f32 {
    if area_cm2 > 0.0 {
        count as f32 / area_cm2
    } else {
        0.0
    }
}

/// Area in px² of each zone index ([`BASE_ZONE`] = rest of the area, `i + 1` = zone `i`),
/// integrated over scanlines: along each row the crossings of every outline split the row into
/// runs that each lie in one zone, found with the sampler's own [`FieldGeometry::zone_at`].
pub fn region_areas_px2(geometry: &FieldGeometry, zone_count: usize) -> Vec<f64> {
    let mut areas = vec![0.0f64; zone_count + 1];
    let Some((lo, hi)) = bounding_box(geometry.area()) else {
        return areas;
    };
    let paint_cell = geometry.finest_paint_cell_px();
    // Painted zones are resolved cell by cell, so two rows per paint cell are exact enough.
    let rows = paint_cell.map_or(AREA_ROWS, |cell| {
        (((hi.y - lo.y) * 2.0 / cell).ceil() as usize).clamp(1, AREA_ROWS)
    });
    let row_height = (hi.y - lo.y) / rows as f32;
    if row_height <= 0.0 {
        return areas;
    }
    let mut xs = Vec::new();
    for row in 0..rows {
        let y = lo.y + (row as f32 + 0.5) * row_height;
        xs.clear();
        for outline in std::iter::once(geometry.area()).chain(geometry.zone_outlines()) {
            scanline_crossings(outline, y, &mut xs);
        }
        xs.sort_by(f32::total_cmp);
        for run in xs.windows(2) {
            let width = run[1] - run[0];
            if width <= 0.0 {
                continue;
            }
            // Painted zones have no outline to cross: walk the run cell by cell.
            let pieces = paint_cell
                .map_or(1.0, |cell| (width / cell).ceil())
                .clamp(1.0, 65_536.0);
            let piece = width / pieces;
            for k in 0..pieces as u32 {
                let x = run[0] + (k as f32 + 0.5) * piece;
                if let Some(zone) = geometry.zone_at(Vec2::new(x, y)) {
                    areas[usize::from(zone)] += f64::from(piece) * f64::from(row_height);
                }
            }
        }
    }
    areas
}

/// Samples a side of the grid the scalp areas are integrated on.
const SURFACE_GRID: usize = 384;

/// The treatment area on the plan's fitted head's scalp, cm²; `None` without a head model.
pub fn scalp_area_cm2(plan: &Plan) -> Option<f32> {
    plan.head_model()?;
    let geometry = FieldGeometry::from_plan(plan);
    Some(
        region_surface_areas_cm2(&geometry, plan.zones.len())
            .iter()
            .sum(),
    )
}

/// Each region's area on the fitted head's scalp, cm² (indexed as [`region_areas_px2`]): the
/// scalp mm² each photo pixel covers (`FieldGeometry::surface_factor`, the same the sampler
/// places impressions by), summed over a grid of the area's bounding box.
pub fn region_surface_areas_cm2(geometry: &FieldGeometry, zone_count: usize) -> Vec<f32> {
    let mut mm2 = vec![0.0f64; zone_count + 1];
    let Some((lo, hi)) = bounding_box(geometry.area()) else {
        return vec![0.0; zone_count + 1];
    };
    let cell = (hi - lo) / SURFACE_GRID as f32;
    let ppm = geometry.px_per_mm();
    let cell_mm2 = f64::from(cell.x * cell.y / (ppm * ppm));
    for j in 0..SURFACE_GRID {
        for i in 0..SURFACE_GRID {
            let p = lo + cell * Vec2::new(i as f32 + 0.5, j as f32 + 0.5);
            if let Some(zone) = geometry.zone_at(p) {
                mm2[usize::from(zone)] += cell_mm2 * f64::from(geometry.surface_factor(p));
            }
        }
    }
    mm2.iter().map(|a| (a / 100.0) as f32).collect()
}

/// Lowest planned density at grid points inside the area, impressions/cm².
fn density_min(geometry: &FieldGeometry, params: &DensityParams) -> f32 {
    let grid = DensityGrid::sample(geometry, params, EXTREMES_GRID, EXTREMES_GRID);
    let lo = grid
        .values
        .iter()
        .flatten()
        .copied()
        .fold(f32::INFINITY, f32::min);
    if lo.is_finite() { lo } else { 0.0 }
}

/// Healed hole left by a needle: about half its diameter (docs/domain.md: 0.15–0.25 mm
/// needles leave 0.07–0.12 mm).
pub const HEALED_FRACTION_OF_NEEDLE: f32 = 0.5;

/// The healed dot diameter a needle of `needle_mm` leaves, mm.
pub fn healed_dot_mm(needle_mm: f32) -> f32 {
    needle_mm * HEALED_FRACTION_OF_NEEDLE
}

/// A needle preset and the healed dot it leaves.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NeedleSuggestion {
    pub grouping: &'static str,
    pub needle_mm: f32,
    pub healed_dot_mm: f32,
}

/// The 1RL or 3RL preset whose healed dot (a hole about 50 % of the needle, docs/domain.md;
/// a 3RL cluster's merged hole) is closest to the healed dot diameter.
pub fn suggested_needle(dot_diameter_mm: f32) -> NeedleSuggestion {
    let cluster = NEEDLE_3RL_PRESETS_MM.map(|n| ("3RL", n, healed_dot_3rl_mm(n)));
    closest_preset(single_needles().into_iter().chain(cluster), dot_diameter_mm)
}

/// The 1RL preset whose healed hole is closest to `dot_diameter_mm` (the hairline is worked
/// with single needles).
pub fn suggested_1rl_needle(dot_diameter_mm: f32) -> NeedleSuggestion {
    closest_preset(single_needles(), dot_diameter_mm)
}

/// The 1RL presets as (grouping, needle, healed dot).
fn single_needles() -> [(&'static str, f32, f32); 5] {
    NEEDLE_PRESETS_MM.map(|n| ("1RL", n, healed_dot_mm(n)))
}

/// Of `presets` (grouping, needle, healed dot), the one healing closest to `dot_diameter_mm`.
fn closest_preset(
    presets: impl IntoIterator<Item = (&'static str, f32, f32)>,
    dot_diameter_mm: f32,
) -> NeedleSuggestion {
    let miss = |p: &(&str, f32, f32)| (p.2 - dot_diameter_mm).abs();
    let (grouping, needle_mm, healed_dot_mm) = presets
        .into_iter()
        .min_by(|a, b| miss(a).total_cmp(&miss(b)))
        .unwrap_or(single_needles()[0]);
    NeedleSuggestion {
        grouping,
        needle_mm,
        healed_dot_mm,
    }
}

/// A Norwood-style reading of a treated area (docs/domain.md, "Areas and pricing"). A photo
/// shows the curved scalp in projection, so the true area is somewhat larger.
pub fn extent_hint(treated_area_cm2: f32) -> &'static str {
    match treated_area_cm2 {
        a if a < 40.0 => "under 40 cm²: smaller than a typical Norwood 3 (hairline, scar or patch)",
        a if a <= 70.0 => "40–70 cm²: about Norwood 3",
        a if a < 150.0 => "70–150 cm²: between Norwood 3 and 5 (about Norwood 4)",
        a if a <= 250.0 => "150–250 cm²: about Norwood 5–6",
        _ => "over 250 cm²: about Norwood 7",
    }
}

/// The planned density sampled at cell centres over the photo's area bounding box: `None`
/// outside the area. Drawn as the heat-map.
#[derive(Clone, Debug, PartialEq)]
pub struct DensityGrid {
    /// Top-left of the grid and size of one cell, photo pixels.
    pub origin_px: Vec2,
    pub cell_px: Vec2,
    pub cols: usize,
    pub rows: usize,
    /// Row-major, impressions/cm².
    pub values: Vec<Option<f32>>,
}

impl DensityGrid {
    /// Samples with about square cells, `cells` across the longer side of the area.
    pub fn with_square_cells(
        geometry: &FieldGeometry,
        params: &DensityParams,
        cells: usize,
    ) -> Self {
        let (lo, hi) = bounding_box(geometry.area()).unwrap_or((Vec2::ZERO, Vec2::ONE));
        let size = (hi - lo).max(Vec2::splat(1e-3));
        let per_px = cells as f32 / size.max_element();
        let count = |side: f32| (side * per_px).round().max(1.0) as usize;
        Self::sample(geometry, params, count(size.x), count(size.y))
    }

    pub fn sample(
        geometry: &FieldGeometry,
        params: &DensityParams,
        cols: usize,
        rows: usize,
    ) -> Self {
        let (lo, hi) = bounding_box(geometry.area()).unwrap_or((Vec2::ZERO, Vec2::ZERO));
        let (cols, rows) = (cols.max(1), rows.max(1));
        let cell_px = (hi - lo) / Vec2::new(cols as f32, rows as f32);
        let mut values = Vec::with_capacity(cols * rows);
        for row in 0..rows {
            for col in 0..cols {
                let p = lo + (Vec2::new(col as f32, row as f32) + 0.5) * cell_px;
                let density = geometry.zone_blend_at(p).map(|blend| {
                    let fade =
                        hairline_fade(geometry.depth_behind_hairline_mm(p), params.fade_depth_mm);
                    params.blended_density(&blend) * fade
                });
                values.push(density);
            }
        }
        DensityGrid {
            origin_px: lo,
            cell_px,
            cols,
            rows,
            values,
        }
    }
}

/// Quotes a CSV field when it holds a comma, quote or line break.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_plan_starts_on_the_3rl_020_preset() {
        let dot = crate::core::plan::DEFAULT_DOT_MM;
        assert!((dot - healed_dot_3rl_mm(0.20)).abs() < 1e-4, "{dot}");
        assert_eq!(suggested_needle(dot).needle_mm, 0.20);
    }

    #[test]
    fn needles_follow_the_healed_hole_rule() {
        let pick = |dot: f32| {
            let s = suggested_needle(dot);
            (s.grouping, s.needle_mm)
        };
        assert_eq!(pick(0.1), ("1RL", 0.20));
        assert_eq!(pick(0.12), ("1RL", 0.25));
        assert_eq!(pick(0.05), ("1RL", 0.18));
        // Larger than any single needle heals to: the 3RL cluster's dot is closer.
        assert_eq!(pick(0.25), ("3RL", 0.25));
        assert_eq!(pick(0.5), ("3RL", 0.25));
        // What is suggested is what it heals to, so the sheet never contradicts itself.
        for dot in [0.05, 0.1, 0.15, 0.2, 0.25, 0.3] {
            let s = suggested_needle(dot);
            let heals = match s.grouping {
                "1RL" => healed_dot_mm(s.needle_mm),
                _ => healed_dot_3rl_mm(s.needle_mm),
            };
            assert_eq!(s.healed_dot_mm, heals);
        }
    }

    #[test]
    fn extent_hint_follows_the_domain_bands() {
        assert!(extent_hint(20.0).contains("smaller"));
        assert!(extent_hint(55.0).contains("Norwood 3"));
        assert!(extent_hint(200.0).contains("Norwood 5–6"));
        assert!(extent_hint(280.0).contains("Norwood 7"));
    }

    #[test]
    fn csv_fields_with_commas_are_quoted() {
        assert_eq!(csv_field("crown"), "crown");
        assert_eq!(csv_field("scar, left"), "\"scar, left\"");
        assert_eq!(csv_field("a\"b"), "\"a\"\"b\"");
    }
}
