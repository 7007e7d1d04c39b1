//! The Views section: the case's photos of one patient (click one to show and draw on it),
//! one to show beside it, adding a photo from another view, where two views' head fits
//! disagree, and the whole head's numbers (each part of the scalp counted once).

use egui::RichText;

use super::patient::PatientAction;
use crate::app::Document;
use crate::app::palette;
use crate::app::view::ViewState;
use crate::core::head::HeadView;

pub(super) fn views_section(
    ui: &mut egui::Ui,
    doc: &mut Document,
    view: &mut ViewState,
    action: &mut PatientAction,
) {
    if doc.case().is_none() && doc.plan.head.is_none() {
        ui.label(
            "Fit the head outline (Head section) to add photos of the same patient from other \
             views: one plan on the head for all of them.",
        );
    }
    view_list(ui, doc, view, action);
    egui::ComboBox::from_label("the new photo's view")
        .selected_text(view.new_view.name())
        .show_ui(ui, |ui| {
            for v in HeadView::ALL {
                ui.selectable_value(&mut view.new_view, v, v.name());
            }
        });
    ui.horizontal(|ui| {
        let can_add = doc.case().is_some() || doc.plan.head.is_some();
        let add = ui.add_enabled(can_add, egui::Button::new("Add view…"));
        if add.on_hover_text("Another photo of the same patient: its head is fitted to its outline and its scale set by the head's size").clicked() {
            action.add_view = Some(view.new_view);
        }
    });
    whole_head(ui, doc);
}

fn view_list(
    ui: &mut egui::Ui,
    doc: &mut Document,
    view: &mut ViewState,
    action: &mut PatientAction,
) {
    let (Some(case), Some(current)) = (doc.case(), doc.case_view()) else {
        return;
    };
    let names: Vec<String> = case.views.iter().map(|v| v.name.clone()).collect();
    let mut chosen = None;
    ui.horizontal_wrapped(|ui| {
        for (i, name) in names.iter().enumerate() {
            if ui.selectable_label(i == current, name).clicked() && i != current {
                chosen = Some(i);
            }
        }
    });
    if chosen.is_some() {
        action.show_view = chosen;
    }
    let beside_text = view
        .beside
        .and_then(|k| names.get(k))
        .map_or("nothing", String::as_str);
    egui::ComboBox::from_label("beside it")
        .selected_text(beside_text)
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut view.beside, None, "nothing");
            for (i, name) in names.iter().enumerate() {
                if Some(i) != doc.case_view() {
                    ui.selectable_value(&mut view.beside, Some(i), name);
                }
            }
        });
}

fn whole_head(ui: &mut egui::Ui, doc: &mut Document) {
    let Some(whole) = doc.whole_head() else {
        return;
    };
    ui.label(RichText::new("Whole head (each part counted once)").strong());
    ui.label(format!(
        "{:.1} cm² treated · {} impressions · about {:.1} h",
        whole.treated_cm2, whole.impressions, whole.estimated_total_hours
    ));
    if whole.not_covered_cm2 > 0.05 {
        ui.colored_label(
            palette::warning(ui.visuals()),
            format!(
                "{:.1} cm² of the area is in no photo: not counted. Add a view of it.",
                whole.not_covered_cm2
            ),
        );
    }
    for d in &whole.disagreements {
        ui.colored_label(
            palette::warning(ui.visuals()),
            format!(
                "The {} and {} photos put the {} {:.0} mm apart: refit their head outlines.",
                d.views[0], d.views[1], d.landmark, d.apart_mm
            ),
        );
    }
}
