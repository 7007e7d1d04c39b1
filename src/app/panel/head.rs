//! The Head section: the head model behind the photo. The consultant picks the photo's view
//! (or a free direction) and fits the model to the head's outline, found against a plain
//! background or dragged onto the silhouette by hand; the wireframe over the preview shows at
//! once whether the fit is right. With a model, areas, impressions and hours are the scalp's,
//! and dots turn away with it.

use egui::RichText;

use crate::app::edit::EditTarget;
use crate::app::{Document, ViewState};
use crate::core::head::{DEFAULT_FOCAL_MM_35, HeadModel, HeadView};

pub(super) fn head_section(ui: &mut egui::Ui, doc: &mut Document, view: &mut ViewState) {
    let before = doc.plan.head.map_or(view.head_view, |h| h.view);
    let chosen = view_row(ui, before);
    view.head_view = chosen;
    let exif = doc.photo_info().focal_mm_35;
    let head_lens = doc.plan.head.map(|h| h.focal_mm_35);
    let mut focal = view
        .head_focal_mm_35
        .or(head_lens)
        .or(exif)
        .unwrap_or(DEFAULT_FOCAL_MM_35);
    ui.horizontal(|ui| {
        let label = ui.label("lens");
        let r = ui
            .add(egui::DragValue::new(&mut focal).range(8.0..=300.0).speed(0.5).suffix(" mm (35 mm eq.)"))
            .labelled_by(label.id)
            .on_hover_text("The camera's focal length in 35 mm terms: about 26 for a phone's main camera, 52 for its 2× lens.");
        if r.changed() {
            view.head_focal_mm_35 = Some(focal);
        }
        let source = match (view.head_focal_mm_35, head_lens, exif) {
            (Some(_), _, _) => "",
            (None, Some(_), _) => "as fitted",
            (None, None, Some(_)) => "from the photo",
            (None, None, None) => "assumed (no EXIF)",
        };
        ui.label(RichText::new(source).small());
    });
    // A head already fitted follows the view and lens at once, on the same outline.
    if let Some(head) = doc.plan.head
        && (head.view != chosen || head.focal_mm_35 != focal)
    {
        let refitted = head.refit_as(chosen, focal, head.outline_px());
        if refitted.is_some() {
            doc.plan.set_head(refitted);
        }
    }
    fit_row(ui, doc, view, chosen, focal);
    if let Some(problem) = &view.head_problem {
        ui.label(RichText::new(problem).color(crate::app::palette::warning(ui.visuals())));
    }
    ui.label(RichText::new(summary(doc.plan.head_model().as_ref())).small());
}

/// The view buttons, and for a free view its two angles.
fn view_row(ui: &mut egui::Ui, current: HeadView) -> HeadView {
    let mut chosen = current;
    ui.horizontal_wrapped(|ui| {
        ui.label("view");
        for v in HeadView::ALL {
            ui.selectable_value(&mut chosen, v, v.name());
        }
        let free = matches!(chosen, HeadView::Free { .. });
        if ui
            .selectable_label(free, "free")
            .on_hover_text("Any other direction: set its angles")
            .clicked()
            && !free
        {
            let (az, el) = chosen.angles_deg();
            chosen = HeadView::Free {
                azimuth_deg: az.round() as i16,
                elevation_deg: el.round() as i16,
            };
        }
    });
    if let HeadView::Free {
        mut azimuth_deg,
        mut elevation_deg,
    } = chosen
    {
        ui.horizontal(|ui| {
            ui.label("round");
            ui.add(egui::DragValue::new(&mut azimuth_deg).range(-180..=180).suffix("°"))
                .on_hover_text("From the front towards the patient's left (90: the left side, −90: the right, 180: the back)");
            ui.label("above");
            ui.add(egui::DragValue::new(&mut elevation_deg).range(-30..=90).suffix("°"))
                .on_hover_text("Above level (90: straight from above)");
        });
        chosen = HeadView::Free {
            azimuth_deg,
            elevation_deg,
        };
    }
    chosen
}

/// Fit to the outline found, place one by hand, remove, and the wireframe switch.
fn fit_row(
    ui: &mut egui::Ui,
    doc: &mut Document,
    view: &mut ViewState,
    chosen: HeadView,
    focal: f32,
) {
    ui.horizontal_wrapped(|ui| {
        let fit = ui
            .button("Fit to outline")
            .on_hover_text("Finds the head's outline against a plain background and fits a head to it at the photo's scale");
        if fit.clicked() {
            view.head_problem = fit_head(doc, chosen, focal).err();
        }
        let editing = view.edit == EditTarget::HeadOutline;
        let by_hand = ui
            .selectable_label(editing, "Drag outline")
            .on_hover_text("Drag the outline's centre and sides onto the head's silhouette; the head is fitted again as you drag");
        if by_hand.clicked() {
            if doc.plan.head.is_none() {
                let size = { let p = doc.photo(); glam::Vec2::new(p.width() as f32, p.height() as f32) };
                let head = crate::app::head_outline::hand_placed(&doc.plan, size, chosen, focal);
                doc.plan.set_head(head);
            }
            view.head_problem = None;
            view.edit = if editing { EditTarget::Nothing } else { EditTarget::HeadOutline };
        }
        if doc.plan.head.is_some() {
            if ui.button("Remove").clicked() {
                doc.plan.set_head(None);
                if view.edit == EditTarget::HeadOutline {
                    view.edit = EditTarget::Nothing;
                }
            }
            ui.checkbox(&mut view.show_head, "wireframe");
        }
    });
}

fn summary(head: Option<&HeadModel>) -> String {
    match head {
        Some(h) => {
            let [x, y, z] = h.semi_axes_mm;
            format!(
                "{} view: head {:.0} × {:.0} × {:.0} mm, {:.0} mm from a {:.0} mm (35 mm eq.) camera; areas are the scalp's",
                h.view.name(),
                2.0 * x,
                2.0 * y,
                2.0 * z,
                h.distance_mm,
                h.focal_mm_35
            )
        }
        None => {
            "No head model: areas are the flat photo's, too low where the head turns away".into()
        }
    }
}

/// Fits the head model to the photo's outline for `view`; the reason if it cannot (then the
/// outline can be dragged by hand).
fn fit_head(doc: &mut Document, view: HeadView, focal_mm_35: f32) -> Result<(), String> {
    let photo = doc.photo();
    let (head, _) = crate::core::head::fit_to_photo(photo, view, focal_mm_35, doc.plan.px_per_mm)
        .map_err(|e| format!("{e}: drag the outline by hand"))?;
    doc.plan.set_head(Some(head));
    Ok(())
}
