//! What is drawn over the preview to say what it shows: the before/after split handle with its
//! grip and labels, the side-by-side panes' labels, "Before (Space)" while Space is held. The
//! labels drawn in a frame are kept for [`preview_labels`] (tests, accessibility).

use egui::{Color32, Pos2, Rect, Stroke, StrokeKind};

/// What a pane shows while Space is held.
pub const HELD_BEFORE: &str = "Before (Space)";

/// "Before" and "After" over the side-by-side panes, and the line between them.
pub(super) fn pane_labels(ui: &egui::Ui, before: Rect, after: Rect, holding_before: bool) {
    let painter = ui.painter_at(before.union(after));
    let stroke = Stroke::new(2.0, Color32::from_white_alpha(220));
    if before.bottom() <= after.top() {
        let y = 0.5 * (before.bottom() + after.top());
        painter.line_segment(
            [Pos2::new(before.left(), y), Pos2::new(before.right(), y)],
            stroke,
        );
    } else {
        let x = 0.5 * (before.right() + after.left());
        painter.line_segment(
            [Pos2::new(x, before.top()), Pos2::new(x, before.bottom())],
            stroke,
        );
    }
    let right = if holding_before { HELD_BEFORE } else { "After" };
    for (pane, text) in [(before, "Before"), (after, right)] {
        let at = Pos2::new(pane.center().x, pane.top() + 12.0);
        label_chip(&painter, at, egui::Align2::CENTER_TOP, text);
    }
}

/// Radius of the split handle's round grip, points.
pub(super) const GRIP_RADIUS_PT: f32 = 14.0;
/// Width beside the split line a "Before" / "After" label needs, points.
const LABEL_ROOM_PT: f32 = 70.0;

/// The centre of the split handle's grip for the line at `x`: on the line, but kept whole
/// inside the preview when the line is at an edge (drawn and grabbed there).
pub(super) fn split_grip(rect: Rect, x: f32) -> Pos2 {
    let margin = GRIP_RADIUS_PT + 2.0;
    let grip_x = x.min(rect.right() - margin).max(rect.left() + margin);
    Pos2::new(grip_x, rect.center().y)
}

/// The split line with a round grip and "Before" / "After" labels.
pub(super) fn paint_split_handle(ui: &egui::Ui, rect: Rect, x: f32, show_labels: bool) {
    let painter = ui.painter_at(rect);
    // Not `clamp`: a preview squeezed to nothing must not panic.
    let x = x.min(rect.right() - 1.0).max(rect.left() + 1.0);
    let white = Color32::from_white_alpha(220);
    painter.line_segment(
        [Pos2::new(x, rect.top()), Pos2::new(x, rect.bottom())],
        Stroke::new(2.0, white),
    );
    let grip = split_grip(rect, x);
    painter.circle(
        grip,
        GRIP_RADIUS_PT,
        Color32::from_black_alpha(160),
        Stroke::new(2.0, white),
    );
    // Two arrowheads drawn as shapes (the bundled fonts have no arrow glyphs).
    for side in [-1.0f32, 1.0] {
        let tip = grip + egui::vec2(side * 9.0, 0.0);
        let back = grip + egui::vec2(side * 3.0, 0.0);
        let points = vec![
            tip,
            back + egui::vec2(0.0, -5.0),
            back + egui::vec2(0.0, 5.0),
        ];
        painter.add(egui::Shape::convex_polygon(points, white, Stroke::NONE));
    }
    // A label goes where there is room for it beside the line.
    let room = |width_pt: f32| width_pt > LABEL_ROOM_PT;
    if show_labels && room(x - rect.left()) {
        label_chip(
            &painter,
            Pos2::new(x - 10.0, rect.top() + 12.0),
            egui::Align2::RIGHT_TOP,
            "Before",
        );
    }
    if room(rect.right() - x) {
        label_chip(
            &painter,
            Pos2::new(x + 10.0, rect.top() + 12.0),
            egui::Align2::LEFT_TOP,
            "After",
        );
    }
}

/// Where the labels drawn over the preview this frame are kept (for [`preview_labels`]).
fn labels_id() -> egui::Id {
    egui::Id::unique("preview labels")
}

/// Forgets the labels of the last frame (at the start of the preview's drawing).
pub(super) fn clear_labels(ctx: &egui::Context) {
    ctx.data_mut(|d| d.remove::<Vec<String>>(labels_id()));
}

/// The labels ("Before", "After", "Before (Space)") drawn over the preview in the last frame:
/// what the consultant is told is shown.
pub fn preview_labels(ctx: &egui::Context) -> Vec<String> {
    ctx.data(|d| d.get_temp::<Vec<String>>(labels_id()).unwrap_or_default())
}

/// White text on a dark rounded chip, anchored at `pos`; kept for [`preview_labels`].
pub(super) fn label_chip(painter: &egui::Painter, pos: Pos2, align: egui::Align2, text: &str) {
    painter.ctx().data_mut(|d| {
        d.get_temp_mut_or_default::<Vec<String>>(labels_id())
            .push(text.to_owned())
    });
    let galley = painter.layout_no_wrap(
        text.into(),
        egui::FontId::proportional(15.0),
        Color32::WHITE,
    );
    let text_rect = align.anchor_size(pos, galley.size());
    painter.rect(
        text_rect.expand(4.0),
        4.0,
        Color32::from_black_alpha(120),
        Stroke::NONE,
        StrokeKind::Outside,
    );
    painter.galley(text_rect.min, galley, Color32::WHITE);
}
