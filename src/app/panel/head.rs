//! The Head section: the head model behind the photo. The consultant picks the photo's view
//! and fits the model to the head's outline (found against a plain background); the
//! wireframe over the preview shows at once whether the fit is right. With a model, areas,
//! impressions and hours are the scalp's, and dots turn away with it.

use egui::RichText;

use crate::app::{Document, ViewState};
use crate::core::head::HeadView;

pub(super) fn head_section(ui: &mut egui::Ui, doc: &mut Document, view: &mut ViewState) {
    let mut chosen = doc.plan.head.map_or(view.head_view, |h| h.view);
    ui.horizontal_wrapped(|ui| {
        ui.label("view");
        for v in HeadView::ALL {
            ui.selectable_value(&mut chosen, v, v.name());
        }
    });
    view.head_view = chosen;
    ui.horizontal(|ui| {
        let label = ui.label("lens");
        ui.add(
            egui::DragValue::new(&mut view.head_focal_mm_35)
                .range(8.0..=300.0)
                .speed(0.5)
                .suffix(" mm (35 mm eq.)"),
        )
        .labelled_by(label.id)
        .on_hover_text("The camera's focal length in 35 mm terms: about 26 for a phone's main camera, 52 for its 2× lens. Fit again after changing it.");
    });
    ui.horizontal(|ui| {
        let fit = ui
            .button("Fit to outline")
            .on_hover_text("Finds the head's outline against a plain background and fits a head to it at the photo's scale");
        if fit.clicked() {
            view.head_problem = fit_head(doc, chosen, view.head_focal_mm_35).err();
        }
        if doc.plan.head.is_some() {
            if ui.button("Remove").clicked() {
                doc.plan.set_head(None);
            }
            ui.checkbox(&mut view.show_head, "wireframe");
        }
    });
    if let Some(problem) = &view.head_problem {
        ui.label(RichText::new(problem).color(ui.visuals().warn_fg_color));
    }
    let text = match &doc.plan.head {
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
    };
    ui.label(RichText::new(text).small());
}

/// Fits the head model to the photo's outline for `view`; the reason if it cannot.
fn fit_head(doc: &mut Document, view: HeadView, focal_mm_35: f32) -> Result<(), String> {
    let photo = doc.photo();
    let (head, _) = crate::core::head::fit_to_photo(photo, view, focal_mm_35, doc.plan.px_per_mm)
        .map_err(|e| e.to_string())?;
    doc.plan.set_head(Some(head));
    Ok(())
}
