//! The Scale section: px/mm (marked *estimate* until calibrated) and the ruler.

use egui::RichText;

use crate::app::edit::{self, EditTarget};
use crate::app::{Document, ViewState};
use crate::core::plan::MAX_AREA_SIDE_MM;

pub(super) fn scale_section(ui: &mut egui::Ui, doc: &mut Document, view: &mut ViewState) {
    let photo_size = {
        let photo = doc.photo();
        glam::Vec2::new(photo.width() as f32, photo.height() as f32)
    };
    let plan = &mut doc.plan;
    // A confirmed ruler, while there is one, sets the scale.
    if let Some(k) = plan.ruler_scale_px_per_mm() {
        plan.px_per_mm = k;
        plan.px_per_mm_is_estimate = false;
    }
    // No lower scale than makes the treatment area wider than a plan may be.
    let min_px_per_mm = crate::core::geometry::bounding_box(&plan.area)
        .map_or(0.0, |(lo, hi)| (hi - lo).max_element() / MAX_AREA_SIDE_MM)
        .clamp(0.5, 100.0);
    ui.horizontal(|ui| {
        let editable = plan.ruler.as_ref().is_none_or(|r| !r.confirmed);
        let r = ui.add_enabled(
            editable,
            egui::DragValue::new(&mut plan.px_per_mm).range(min_px_per_mm..=100.0).speed(0.05).suffix(" px/mm")
                .fixed_decimals(2).clamp_existing_to_range(false),
        );
        if r.changed() {
            plan.px_per_mm_is_estimate = false;
        }
        if plan.px_per_mm_is_estimate {
            ui.label(RichText::new("estimate").color(crate::app::palette::caution(ui.visuals())))
                .on_hover_text("Not calibrated: sizes and densities assume the photo spans about 25 cm. Use the ruler.");
        }
    });
    ui.horizontal(|ui| match &mut plan.ruler {
        Some(ruler) => {
            let label = ui.label("ruler length");
            let length = ui
                .add(egui::DragValue::new(&mut ruler.length_mm).range(1.0..=500.0).speed(0.2).suffix(" mm").clamp_existing_to_range(false))
                .labelled_by(label.id)
                .on_hover_text("The real length between the ruler's ends.");
            let placed = view.ruler_ends_placed == [true, true];
            // A length typed once both ends are placed is the consultant's confirmation.
            if length.changed() && placed {
                ruler.confirmed = true;
            }
            if !ruler.confirmed
                && ui
                    .add_enabled(placed, egui::Button::new(format!("Use {:.0} mm", ruler.length_mm)))
                    .on_disabled_hover_text("Drag both ends onto something of known length first")
                    .clicked()
            {
                ruler.confirmed = true;
            }
            if ui.button("Remove").clicked() {
                plan.ruler = None;
                view.edit = EditTarget::Nothing;
            }
            if plan.ruler.as_ref().is_some_and(|r| r.px_per_mm().is_none()) {
                ui.label(RichText::new("ends too close: not used").color(crate::app::palette::caution(ui.visuals())))
                    .on_hover_text("Drag the ruler's ends apart, onto something of known length.");
            }
        }
        None => {
            if ui
                .button("Calibrate with ruler")
                .on_hover_text("Drag the green ruler's ends onto something of known length, then type that length.")
                .clicked()
            {
                plan.ruler = Some(edit::new_ruler(photo_size));
                view.edit = EditTarget::Ruler;
                view.ruler_ends_placed = [false; 2];
            }
        }
    });
}
