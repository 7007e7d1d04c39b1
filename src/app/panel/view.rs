//! The View section: fit, 100 %, before/after, side by side, the density map.

use egui::RichText;

use crate::app::ViewState;

pub(super) fn view_section(ui: &mut egui::Ui, view: &mut ViewState) {
    ui.horizontal(|ui| {
        if ui
            .button("Fit")
            .on_hover_text("Fit the photo to the view (F)")
            .clicked()
        {
            view.request_fit();
        }
        if ui
            .button("100 %")
            .on_hover_text("One photo pixel per screen pixel (1)")
            .clicked()
        {
            view.actual_size();
        }
        if ui
            .button("Before / after")
            .on_hover_text("Put the split in the middle; drag the handle to wipe.")
            .clicked()
        {
            if view.side_by_side {
                view.side_by_side = false;
                view.request_fit();
            }
            view.split = if view.split > 0.0 { 0.0 } else { 0.5 };
        }
    });
    let side_by_side = ui
        .checkbox(&mut view.side_by_side, "Side by side")
        .on_hover_text("Before and after next to each other, zoomed and panned together (S).");
    if side_by_side.changed() {
        view.request_fit();
    }
    ui.checkbox(&mut view.show_heat_map, "Density map")
        .on_hover_text("Planned impressions/cm² in colour over the area (H).");
    ui.horizontal(|ui| {
        ui.label("theme");
        let mut preference = ui.ctx().options(|o| o.theme_preference);
        for (choice, name) in [
            (egui::ThemePreference::System, "system"),
            (egui::ThemePreference::Light, "light"),
            (egui::ThemePreference::Dark, "dark"),
        ] {
            if ui.selectable_value(&mut preference, choice, name).clicked() {
                ui.ctx().set_theme(preference);
            }
        }
    });
    ui.label(
        RichText::new(
            "Wheel: zoom · drag: pan · drag the handle: before/after · hold Space: before",
        )
        .weak()
        .small(),
    );
}
