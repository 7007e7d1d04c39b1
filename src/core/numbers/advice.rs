//! What the artist should look at twice before the session: the plan's numbers against the
//! usual ranges of docs/domain.md (finished density, hours per session, treated area, needle
//! sizes), the finer dots of the hairline and the single needle for them, and the hairline's
//! height above the glabella. Pure Rust; the notes are shown in the panel and on the sheet.

use glam::Vec2;
use serde::Serialize;

use super::{PlanNumbers, suggested_1rl_needle};
use crate::core::plan::{HAIRLINE_HEIGHTS_MM, Plan};

/// Usual finished density, impressions/cm² (docs/domain.md: est. 60–120).
pub const USUAL_DENSITY_PER_CM2: (f32, f32) = (60.0, 120.0);
/// Longest usual session, hours (docs/domain.md: 3–5 hours each).
pub const USUAL_SESSION_HOURS_MAX: f32 = 5.0;
/// Largest usual treated area, cm² (docs/domain.md: ~250–300 cm² at Norwood 7).
pub const LARGEST_USUAL_AREA_CM2: f32 = 300.0;
/// A needle preset "makes" the plan's dot when its healed dot is within this share of it.
const NEEDLE_MATCH: f32 = 0.25;

/// The hairline's finer dots and how high the line sits.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HairlineNumbers {
    /// Healed dot at the line, mm (the plan's dot × the hairline's dot share; full size
    /// behind the fade).
    pub dot_at_line_mm: f32,
    /// The single-needle (1RL) preset whose healed hole is closest to that dot, mm.
    pub needle_1rl_mm: f32,
    /// What that needle heals to, mm.
    pub needle_heals_to_mm: f32,
    /// The mid-frontal point's height above the glabella, mm (photo upright): where the
    /// hairline crosses the vertical through the glabella. None without a glabella mark, or
    /// when the line does not pass above it.
    pub height_above_glabella_mm: Option<f32>,
}

impl HairlineNumbers {
    pub fn of(plan: &Plan) -> Option<Self> {
        let hairline = plan.hairline.as_ref()?;
        let dot_at_line_mm = plan.dot_diameter_mm * hairline.edge_dot_scale;
        let needle = suggested_1rl_needle(dot_at_line_mm);
        let height = plan.glabella.and_then(|g| {
            let above_px = height_above_px(&hairline.curve(), g)?;
            Some(above_px / plan.px_per_mm)
        });
        Some(HairlineNumbers {
            dot_at_line_mm,
            needle_1rl_mm: needle.needle_mm,
            needle_heals_to_mm: needle.healed_dot_mm,
            height_above_glabella_mm: height,
        })
    }
}

/// How far above `glabella` (smaller y) the polyline `curve` crosses the vertical through it,
/// in pixels: the nearest crossing above it.
fn height_above_px(curve: &[Vec2], glabella: Vec2) -> Option<f32> {
    curve
        .windows(2)
        .filter_map(|s| {
            let (a, b) = (s[0], s[1]);
            let (lo, hi) = (a.x.min(b.x), a.x.max(b.x));
            if glabella.x < lo || glabella.x > hi {
                return None;
            }
            let t = if hi > lo {
                (glabella.x - a.x) / (b.x - a.x)
            } else {
                0.0
            };
            Some(glabella.y - (a.y + t * (b.y - a.y)))
        })
        .filter(|above| *above > 0.0)
        .min_by(f32::total_cmp)
}

/// How a hairline height reads against the guide heights: "7 cm: aggressive" for the guide
/// height it is closest to.
pub fn height_reading(height_mm: f32) -> &'static str {
    HAIRLINE_HEIGHTS_MM
        .into_iter()
        .min_by(|a, b| (a.0 - height_mm).abs().total_cmp(&(b.0 - height_mm).abs()))
        .map_or("", |(_, label)| label)
}

/// Everything in `numbers` outside the usual ranges, one short sentence each. Values are
/// compared as printed (a session of 5.04 h reads "5.0 h" and is not noted). While the scale is
/// an estimate, what depends on it (area, hours, the hairline's height) is not judged: the
/// scale warning comes first.
pub fn notes(numbers: &PlanNumbers) -> Vec<String> {
    let mut notes = density_notes(numbers);
    if !numbers.scale_is_estimate {
        notes.extend(scale_notes(numbers));
    }
    let dot = numbers.dot_diameter_mm;
    if (numbers.suggested_needle_heals_to_mm - dot).abs() > NEEDLE_MATCH * dot {
        notes.push(format!(
            "no needle preset heals to {dot:.2} mm dots (the closest heals to {:.2} mm)",
            numbers.suggested_needle_heals_to_mm
        ));
    }
    notes
}

/// Notes on what the scale sets: hours per session, the treated area, the hairline's height.
fn scale_notes(numbers: &PlanNumbers) -> Vec<String> {
    let mut notes = Vec::new();
    for s in &numbers.sessions {
        if rounded(s.estimated_hours, 1) > USUAL_SESSION_HOURS_MAX {
            notes.push(format!(
                "session {}: {:.1} h, over the usual 3–5 h: consider another session",
                s.session, s.estimated_hours
            ));
        }
    }
    if rounded(numbers.treated_area_cm2, 0) > LARGEST_USUAL_AREA_CM2 {
        notes.push(format!(
            "treated area {:.0} cm² is more than a Norwood 7 treatment (250–300 cm²): check the scale",
            numbers.treated_area_cm2
        ));
    }
    let height = numbers
        .hairline
        .as_ref()
        .and_then(|h| h.height_above_glabella_mm);
    if let Some(height) = height.filter(|h| rounded(*h, 0) < HAIRLINE_HEIGHTS_MM[0].0) {
        notes.push(format!(
            "mid-front {height:.0} mm above the glabella on the photo, under the aggressive 7 cm \
             (a frontal photo shortens a sloping forehead: check on the patient)"
        ));
    }
    notes
}

/// `value` rounded to `decimals` places, as it is printed.
fn rounded(value: f32, decimals: i32) -> f32 {
    let scale = 10f32.powi(decimals);
    (value * scale).round() / scale
}

/// A note for each region whose planned density is set outside the usual range (regions
/// left at 0 are treated as deliberately blank).
fn density_notes(numbers: &PlanNumbers) -> Vec<String> {
    let (lo, hi) = USUAL_DENSITY_PER_CM2;
    (numbers.regions.iter())
        .filter(|r| r.area_cm2 > 0.0 && r.planned_density_per_cm2 > 0.0)
        .filter(|r| {
            let planned = rounded(r.planned_density_per_cm2, 0);
            planned < lo || planned > hi
        })
        .map(|r| {
            format!(
                "{}: {:.0}/cm² planned; finished SMP is usually {lo:.0}–{hi:.0}/cm² (est.)",
                r.name, r.planned_density_per_cm2
            )
        })
        .collect()
}

/// Hours as the sheet and the panel print them: one decimal, "< 0.1" rather than "0.0" for
/// a little work.
pub fn hours_text(hours: f32) -> String {
    if hours > 0.0 && hours < 0.05 {
        "< 0.1".to_owned()
    } else {
        format!("{hours:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hairline_height_is_where_the_line_crosses_above_the_glabella() {
        // A line sloping from (0, 100) to (200, 140); the glabella at x = 50, y = 400.
        let curve = [Vec2::new(0.0, 100.0), Vec2::new(200.0, 140.0)];
        assert_eq!(height_above_px(&curve, Vec2::new(50.0, 400.0)), Some(290.0));
        // Beside the line, or below it: no height.
        assert_eq!(height_above_px(&curve, Vec2::new(250.0, 400.0)), None);
        assert_eq!(height_above_px(&curve, Vec2::new(50.0, 50.0)), None);
    }

    #[test]
    fn readings_follow_the_guide_heights() {
        assert_eq!(height_reading(71.0), "7 cm: aggressive");
        assert_eq!(height_reading(83.0), "8 cm: typical");
        assert_eq!(height_reading(96.0), "10 cm: conservative");
    }

    #[test]
    fn the_hairline_takes_the_single_needle_closest_to_its_dot() {
        let needle = |dot: f32| suggested_1rl_needle(dot).needle_mm;
        assert_eq!(needle(0.1), 0.20);
        assert_eq!(needle(0.19), 0.35);
        assert_eq!(needle(0.01), 0.18);
    }

    #[test]
    fn values_are_judged_as_printed() {
        assert_eq!(rounded(5.04, 1), 5.0);
        assert_eq!(rounded(300.4, 0), 300.0);
        assert_eq!(rounded(69.6, 0), 70.0);
    }

    #[test]
    fn hours_never_print_as_zero_for_some_work() {
        assert_eq!(hours_text(0.0), "0.0");
        assert_eq!(hours_text(0.02), "< 0.1");
        assert_eq!(hours_text(4.26), "4.3");
    }
}
