//! The Hairline section: style presets, fade depth, waviness, raggedness, dots at the line,
//! and the glabella guide.

use egui::RichText;

use super::widgets::plan_slider;
use crate::app::edit::{self, EditTarget};
use crate::app::{Document, ViewState};
use crate::core::plan::{
    EDGE_DOT_SCALE_RANGE, HairlineStyle, MAX_FADE_DEPTH_MM, MAX_IRREGULARITY_MM,
};

pub(super) fn hairline_section(ui: &mut egui::Ui, doc: &mut Document, view: &mut ViewState) {
    match &mut doc.plan.hairline {
        Some(hairline) => {
            ui.horizontal(|ui| {
                ui.label("style");
                for style in HairlineStyle::ALL {
                    if ui
                        .small_button(style.name())
                        .on_hover_text(
                            "Sets fade depth, waviness, raggedness and dot size at the line",
                        )
                        .clicked()
                    {
                        style.apply(hairline);
                    }
                }
            });
            ui.add(plan_slider(
                &mut hairline.fade_depth_mm,
                0.0..=MAX_FADE_DEPTH_MM.min(40.0),
                "fade depth",
                " mm",
                0,
            ))
            .on_hover_text("Depth of the transition from no dots at the line to full density; 10–30 mm is usual.");
            ui.add(plan_slider(
                &mut hairline.macro_irregularity_mm,
                0.0..=MAX_IRREGULARITY_MM.min(6.0),
                "waviness",
                " mm",
                1,
            ))
            .on_hover_text(
                "Broad irregularity of the front (natural hairlines are never straight).",
            );
            ui.add(plan_slider(
                &mut hairline.micro_irregularity_mm,
                0.0..=MAX_IRREGULARITY_MM.min(3.0),
                "raggedness",
                " mm",
                1,
            ))
            .on_hover_text("Fine, broken irregularity along the front.");
            ui.add(plan_slider(
                &mut hairline.edge_dot_scale,
                EDGE_DOT_SCALE_RANGE.0..=EDGE_DOT_SCALE_RANGE.1,
                "dots at line",
                "×",
                2,
            ))
            .on_hover_text(
                "Dot size at the line as a share of the dot size, growing to full size across the fade: the hairline uses finer dots than the fill.",
            );
        }
        None => {
            ui.label(RichText::new("No hairline in this plan.").weak());
        }
    }
    glabella_row(ui, doc, view);
}

/// Places (or clears) the glabella for the 7 / 8 / 10 cm hairline height guide.
fn glabella_row(ui: &mut egui::Ui, doc: &mut Document, view: &mut ViewState) {
    ui.horizontal(|ui| {
        let hint = "Click between the brows on the photo: dashed lines show where 7, 8 and 10 cm \
                    above it fall (8 cm is typical, 7 aggressive, 10 conservative).";
        let mode = EditTarget::Glabella;
        edit::mode_button(ui, &mut view.edit, mode, "glabella guide", hint);
        if doc.plan.glabella.is_some() && ui.small_button("clear").clicked() {
            doc.plan.glabella = None;
        }
    });
}
