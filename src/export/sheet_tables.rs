//! The plan sheet's tables and the lines of text they are made of: the zones table (as many
//! rows as leave room for the sessions and notes), the sessions table, the planned densities,
//! the dilution ratio and the depth note.

use super::page::{
    INK, MAX_NOTE_LINES, MAX_ZONE_ROWS, MUTED, SheetInputs, Writer, line_height_px, mm,
};
use crate::core::numbers::PlanNumbers;
use crate::core::numbers::advice::hours_text;
use crate::core::plan::Plan;

/// How many zone rows leave room, in `height_px`, for the rest of the table, the sessions and
/// the notes (up to [`MAX_NOTE_LINES`]): the notes go before the less important zone rows
/// (every zone is in the numbers file).
pub(super) fn zone_rows_that_fit(n: &PlanNumbers, height_px: f32) -> usize {
    let line = line_height_px;
    let notes = if n.notes.is_empty() {
        0.0
    } else {
        mm(4.0) + line(11.0) + n.notes.len().min(MAX_NOTE_LINES) as f32 * line(9.0)
    };
    // Zones: heading, column heads, the footnote; sessions: heading, heads, rows.
    let zones = line(11.0) + line(9.0) + line(8.0);
    let sessions = line(11.0) + (1 + n.sessions.len()) as f32 * line(9.0);
    let room = (height_px - zones - mm(4.0) - sessions - notes) / line(9.0);
    let room = room.floor().max(1.0) as usize;
    // Rows that do not all fit give one up to "continued on the next page".
    let rows = if n.regions.len() <= room {
        room
    } else {
        room.saturating_sub(1).max(1)
    };
    rows.min(MAX_ZONE_ROWS)
}

/// The zones table with the rows `rows` of the plan's regions (the rest on another page).
pub(super) fn zones_table(w: &mut Writer, n: &PlanNumbers, rows: std::ops::Range<usize>) {
    let sessions = n.sessions.len();
    let mut columns = vec![0.0, 50.0, 66.0, 88.0, 110.0, 124.0];
    let head = [
        "Zone",
        "cm²",
        "planned/cm²",
        "placed/cm²",
        "shade",
        "impressions",
    ];
    let mut head: Vec<String> = head.map(String::from).to_vec();
    for k in 0..sessions {
        columns.push(146.0 + k as f32 * 10.0);
        head.push(format!("S{}", k + 1));
    }
    w.line("Zones", 11.0, INK);
    w.row(&head, &columns, 9.0, MUTED);
    let (first, shown) = (rows.start, rows.end.min(n.regions.len()));
    for (i, r) in n.regions.iter().enumerate().take(shown).skip(first) {
        let unnumbered = [
            crate::core::numbers::REST_OF_AREA,
            crate::core::numbers::TREATMENT_AREA,
        ];
        let name = if i < n.regions.len() - 1 || !unnumbered.contains(&r.name.as_str()) {
            format!("{} {}", i + 1, r.name)
        } else {
            r.name.clone()
        };
        let mut cells = vec![
            name,
            format!("{:.1}", r.area_cm2),
            format!("{:.0}", r.planned_density_per_cm2),
            format!("{:.0}", r.measured_density_per_cm2),
            ratio_text(r.dilution_ratio),
            format!("{}", r.impressions),
        ];
        cells.extend(r.impressions_per_session.iter().map(|c| c.to_string()));
        w.row(&cells, &columns, 9.0, INK);
    }
    if n.regions.len() > shown {
        let more = n.regions.len() - shown;
        w.line(
            &format!("+ {more} more zones: continued on the next page"),
            9.0,
            MUTED,
        );
    }
    w.line(
        "placed/cm²: over the zone's whole area, so lower than planned across the hairline fade",
        8.0,
        MUTED,
    );
}

pub(super) fn sessions_table(w: &mut Writer, n: &PlanNumbers) {
    let columns = [0.0, 30.0, 60.0, 90.0];
    w.line("Sessions", 11.0, INK);
    let head = ["Session", "cumulative", "new impressions", "est. hours"].map(String::from);
    w.row(&head, &columns, 9.0, MUTED);
    for s in &n.sessions {
        let cells = [
            format!("{}", s.session),
            format!("{:.0} %", s.cumulative_percent),
            format!("{}", s.impressions),
            hours_text(s.estimated_hours),
        ];
        w.row(&cells, &columns, 9.0, INK);
    }
}

/// The planned densities of the regions ("planned 100/cm²", "planned 90–110/cm²"), and that
/// the hairline fades them to 0 where it does: the fade is not a region planned at 0.
pub(super) fn planned_text(inputs: &SheetInputs) -> String {
    planned_densities_text(inputs.plan, inputs.numbers)
}

/// [`planned_text`] of a plan and its numbers.
pub(super) fn planned_densities_text(plan: &Plan, numbers: &PlanNumbers) -> String {
    let planned = numbers.regions.iter().map(|r| r.planned_density_per_cm2);
    let (lo, hi) = planned.fold((f32::INFINITY, 0.0f32), |(lo, hi), d| {
        (lo.min(d), hi.max(d))
    });
    let range = if !lo.is_finite() || (hi - lo).abs() < 0.5 {
        format!("planned {hi:.0}/cm²")
    } else {
        format!("planned {lo:.0}–{hi:.0}/cm²")
    };
    let fade = plan.hairline.as_ref().filter(|h| h.fade_depth_mm > 0.0);
    match fade {
        Some(h) => format!(
            "{range}, fading in over {:.0} mm behind the hairline",
            h.fade_depth_mm
        ),
        None => range,
    }
}

/// A dilution as the artist mixes it: "8:1", or "7.5:1" for a half step.
pub(super) fn ratio_text(water_parts_per_pigment: f32) -> String {
    let rounded = (water_parts_per_pigment * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}:1")
    } else {
        format!("{rounded:.1}:1")
    }
}

/// How the needle depth changes the healed dot on the skin, if it does.
pub(super) fn depth_note(plan: &crate::core::plan::Plan) -> String {
    let scale = plan.depth.effect().diameter_scale;
    if scale == 1.0 {
        String::new()
    } else {
        format!(
            " ({}: about {:.0} % of that)",
            plan.depth.name(),
            scale * 100.0
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_gives_the_planned_densities_and_the_fade_not_0() {
        // The bundled scalp sample: 95/cm², a crown at 110/cm², an 18 mm fade.
        let plan = crate::io::sample::Sample::Fringe.plan().expect("sample");
        let numbers = PlanNumbers::compute(&plan, &[]);
        let text = planned_densities_text(&plan, &numbers);
        assert_eq!(
            text,
            "planned 95–110/cm², fading in over 18 mm behind the hairline"
        );
        let mut flat = Plan::for_whole_photo(400, 300);
        flat.density_per_cm2 = 100.0;
        let text = planned_densities_text(&flat, &PlanNumbers::compute(&flat, &[]));
        assert_eq!(text, "planned 100/cm²");
    }
}
