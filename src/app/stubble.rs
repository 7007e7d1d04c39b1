//! *Match stubble*: the consultant drags a rectangle over the patient's shaved fringe (the
//! sides or the back); the app measures how much the stubble darkens the skin it grows from
//! (`tone::measure_fringe`) and proposes the dilution, density and dot that darken the
//! treated area as much (`tone::propose_stubble_match`). *Apply* sets them in one edit, so
//! one undo step takes them back.

use egui::{Color32, Pos2, Rect, RichText, Stroke};
use glam::Vec2;

use super::document::Document;
use super::edit::{EditTarget, ScreenMap};
use crate::render::tone::StubbleMatch;

/// The tool's state: the rectangle being dragged or last measured, and the proposal.
#[derive(Clone, Debug, Default)]
pub struct StubbleTool {
    /// Corners of the rectangle, photo pixels.
    rect_px: Option<(Vec2, Vec2)>,
    dragging: bool,
    pub proposal: Option<StubbleMatch>,
    /// Why the last rectangle gave no proposal.
    pub problem: Option<String>,
}

const COLOUR: Color32 = Color32::from_rgb(250, 210, 90);

impl StubbleTool {
    /// Follows the primary-button drag over the preview; measures when it ends.
    pub fn input(&mut self, response: &egui::Response, map: &ScreenMap, doc: &mut Document) {
        let pointer = response.interact_pointer_pos();
        if response.drag_started_by(egui::PointerButton::Primary) {
            let start = response.ctx.input(|i| i.pointer.press_origin()).or(pointer);
            if let Some(start) = start {
                let at = map.image_from_screen(start);
                self.rect_px = Some((at, at));
                self.dragging = true;
            }
        }
        if self.dragging
            && let (Some(p), Some((start, _))) = (pointer, self.rect_px)
        {
            self.rect_px = Some((start, map.image_from_screen(p)));
        }
        if self.dragging && response.drag_stopped() {
            self.dragging = false;
            self.measure(doc);
        }
    }

    /// Measures the fringe in the rectangle and makes the proposal.
    fn measure(&mut self, doc: &mut Document) {
        let Some((a, b)) = self.rect_px else { return };
        let skin = doc.skin_linear();
        let photo = doc.photo();
        let fringe = crate::render::tone::measure_fringe(photo, a.min(b), a.max(b));
        (self.proposal, self.problem) = match fringe {
            Some(f) if f.darkening < 0.01 => (
                None,
                Some("no stubble there: it is no darker than its skin".into()),
            ),
            Some(f) => (
                Some(crate::render::tone::propose_stubble_match(
                    &doc.plan, f, skin,
                )),
                None,
            ),
            None => (None, Some("drag a larger rectangle on the photo".into())),
        };
    }

    /// The rectangle over a pane of the preview.
    pub fn paint(&self, ui: &egui::Ui, pane: Rect, map: &ScreenMap) {
        let Some((a, b)) = self.rect_px else { return };
        let (p, q) = (map.screen_from_image(a), map.screen_from_image(b));
        let rect = Rect::from_two_pos(Pos2::new(p.x, p.y), Pos2::new(q.x, q.y));
        ui.painter_at(pane).rect_stroke(
            rect,
            0.0,
            Stroke::new(2.0, COLOUR),
            egui::StrokeKind::Middle,
        );
    }
}

/// The panel's row: the mode button, then the measured fringe and the proposal to apply.
pub fn panel_row(
    ui: &mut egui::Ui,
    doc: &mut Document,
    edit: &mut EditTarget,
    tool: &mut StubbleTool,
) {
    let hint = "Then drag a rectangle over the patient's shaved fringe (sides or back): \
                measures how much the stubble darkens its skin and proposes the dilution, \
                density and dot that give the treated area the same shade.";
    super::edit::mode_button(ui, edit, EditTarget::MatchStubble, "match stubble", hint);
    if let Some(problem) = &tool.problem {
        ui.label(RichText::new(problem).color(crate::app::palette::warning(ui.visuals())));
    }
    let Some(proposal) = tool.proposal else {
        return;
    };
    ui.label(format!(
        "fringe {:.0} % darker than its skin; proposed {}:1, {:.0}/cm², {} {:.2} ({:.0} % on the treated skin)",
        100.0 * proposal.fringe.darkening,
        ratio(proposal.dilution_ratio),
        proposal.density_per_cm2,
        proposal.needle.0,
        proposal.needle.1,
        100.0 * proposal.predicted_darkening,
    ))
    .on_hover_text(proposal.summary());
    if ui
        .button("apply match")
        .on_hover_text("Sets the shade, the base density and the dot (one undo step)")
        .clicked()
    {
        proposal.apply_to(&mut doc.plan);
        tool.proposal = None;
        *edit = EditTarget::Nothing;
    }
}

fn ratio(d: f32) -> String {
    if d.fract() == 0.0 {
        format!("{d:.0}")
    } else {
        format!("{d:.1}")
    }
}
