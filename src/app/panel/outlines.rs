//! The Outlines section: which outline the pointer edits, *show*, *Add zone*.

use egui::RichText;

use crate::app::edit::{self, EditTarget};
use crate::app::{Document, ViewState};

pub(super) fn outlines_section(ui: &mut egui::Ui, doc: &mut Document, view: &mut ViewState) {
    ui.checkbox(&mut view.show_outlines, "show all outlines");
    ui.horizontal_wrapped(|ui| {
        ui.label("edit");
        ui.selectable_value(&mut view.edit, EditTarget::Nothing, "none");
        // Picking a mode never changes the plan: a hairline is added only by asking for one.
        ui.selectable_value(&mut view.edit, EditTarget::Hairline, "hairline");
        ui.selectable_value(&mut view.edit, EditTarget::Area, "area");
        for i in 0..doc.plan.zones.len() {
            ui.selectable_value(
                &mut view.edit,
                EditTarget::Zone(i),
                doc.plan.zones[i].name.clone(),
            );
        }
        if doc.plan.ruler.is_some() {
            ui.selectable_value(&mut view.edit, EditTarget::Ruler, "ruler");
        }
    });

    let hidden_hairline =
        doc.plan.hairline.is_none() && doc.case().is_some_and(|c| c.outlines.hairline.is_some());
    if hidden_hairline {
        ui.label(
            RichText::new("The hairline is on the far side of the head in this photo.").weak(),
        );
    }
    ui.horizontal(|ui| {
        if doc.plan.hairline.is_none()
            && !hidden_hairline
            && ui
                .button("Add hairline")
                .on_hover_text(
                    "Proposes a hairline across the front of the area, to drag onto the \
                     patient's line (the fade is measured behind it)",
                )
                .clicked()
        {
            doc.plan.hairline = Some(edit::default_hairline(&doc.plan));
            view.edit = EditTarget::Hairline;
        }
        if ui.button("Add zone").clicked() {
            doc.plan.zones.push(edit::new_zone(&doc.plan));
            view.edit = EditTarget::Zone(doc.plan.zones.len() - 1);
        }
        if let EditTarget::Zone(i) = view.edit
            && ui.button("Delete zone").clicked()
            && i < doc.plan.zones.len()
        {
            doc.plan.zones.remove(i);
            view.edit = EditTarget::Nothing;
        }
    });
    let hint = match view.edit {
        EditTarget::Nothing => None,
        EditTarget::Hairline if doc.plan.hairline.is_none() => {
            Some("No hairline yet: Add hairline proposes one to drag into place")
        }
        EditTarget::Area => Some(
            "Drag the area's points onto the scalp to treat · double-click adds · right-click deletes",
        ),
        _ => Some("Drag points · double-click adds · right-click deletes"),
    };
    if let Some(hint) = hint {
        ui.label(RichText::new(hint).weak().small());
    }
}
