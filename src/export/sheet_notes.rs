//! The plan sheet's hairline and time lines and its "check before the session" block: the
//! notes of [`crate::core::numbers::advice`] printed in the warning colour.

use super::draw::text_width;
use super::page::{INK, MUTED, SheetInputs, WARNING, Writer, content_width_px, line_height_px, pt};
use crate::core::numbers::PlanNumbers;
use crate::core::numbers::advice::{height_reading, hours_text};

/// The hairline's fade, irregularity and height, and the time the plan takes.
pub(super) fn hairline_and_time(w: &mut Writer, inputs: &SheetInputs) {
    let n = inputs.numbers;
    if let Some(h) = &inputs.plan.hairline {
        w.line(
            &format!("Hairline fade {:.0} mm", h.fade_depth_mm),
            10.0,
            INK,
        );
        w.line(
            &format!(
                "Irregularity {:.1} mm broad, {:.1} mm fine",
                h.macro_irregularity_mm, h.micro_irregularity_mm
            ),
            9.0,
            MUTED,
        );
    }
    if let Some(height) = n.hairline.as_ref().and_then(|h| h.height_above_glabella_mm) {
        w.line(
            &format!(
                "Mid-front {height:.0} mm above the glabella (nearest guide {})",
                height_reading(height)
            ),
            9.0,
            INK,
        );
    }
    rate_and_time(w, n);
}

/// The working rate (the artist's, or the default estimate) and the time the plan takes.
fn rate_and_time(w: &mut Writer, n: &PlanNumbers) {
    let rate_source = if n.rate_is_default {
        "default estimate: set your own rate"
    } else {
        "set by the artist"
    };
    w.line(
        &format!(
            "Rate {:.0} impressions/hour ({rate_source})",
            n.impressions_per_hour
        ),
        9.0,
        MUTED,
    );
    w.line(
        &format!(
            "Estimated time {} h in all",
            hours_text(n.estimated_total_hours)
        ),
        10.0,
        INK,
    );
}

/// "Check before the session": the notes from `from` on that fit above `bottom_px` (on the
/// first page at most [`MAX_NOTE_LINES`](super::page::MAX_NOTE_LINES) lines, the rest
/// continued on the next page), or nothing when the plan is within the usual ranges. Returns
/// how many notes are done.
pub(super) fn notes_block(w: &mut Writer, n: &PlanNumbers, bottom_px: f32, from: usize) -> usize {
    const HEADING_PT: f32 = 11.0;
    const NOTE_PT: f32 = 9.0;
    let left = n.notes.len().saturating_sub(from);
    if left == 0 {
        return n.notes.len();
    }
    let room = ((bottom_px - w.y - line_height_px(HEADING_PT)) / line_height_px(NOTE_PT)).floor();
    let most = if from == 0 {
        super::page::MAX_NOTE_LINES
    } else {
        usize::MAX
    };
    let room = (room.max(0.0) as usize).min(most);
    if room == 0 {
        return from;
    }
    w.line("Check before the session", HEADING_PT, WARNING);
    let shown = if left <= room { left } else { room - 1 };
    let width_px = content_width_px();
    for note in &n.notes[from..from + shown] {
        let text = cut_to_width(&format!("• {note}"), pt(NOTE_PT), width_px);
        w.line(&text, NOTE_PT, WARNING);
    }
    if shown < left {
        let more = left - shown;
        w.line(
            &format!("• {more} more: continued on the next page"),
            NOTE_PT,
            WARNING,
        );
    }
    from + shown
}

/// `text`, cut with "…" where it would run past `width_px` at `size_px` (a long zone name).
fn cut_to_width(text: &str, size_px: f32, width_px: f32) -> String {
    if text_width(text, size_px) <= width_px {
        return text.to_owned();
    }
    let mut cut: String = text.to_owned();
    while !cut.is_empty() && text_width(&format!("{cut}…"), size_px) > width_px {
        cut.pop();
    }
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_notes_are_cut_to_the_page() {
        let short = "• crown: 400/cm² planned";
        assert_eq!(cut_to_width(short, 37.5, 2000.0), short);
        let long = format!("• {}: 400/cm² planned", "a very long zone name ".repeat(20));
        let cut = cut_to_width(&long, 37.5, 2000.0);
        assert!(cut.ends_with('…') && cut.len() < long.len(), "{cut}");
        assert!(text_width(&cut, 37.5) <= 2000.0);
    }
}
