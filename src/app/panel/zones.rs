//! The Zones section of the panel: each zone's name, density and optional own shade, the
//! brush modes that paint or erase it, and the brush's size and feathering.

use egui::{RichText, Slider};

use super::widgets::shade_swatch;
use super::widgets::{DENSITY_SLIDER, plan_slider};
use crate::app::edit::{self, EditTarget, PaintLayer};
use crate::app::{Document, ViewState};
use crate::core::plan::DILUTION_RANGE;

pub fn zones_section(ui: &mut egui::Ui, doc: &mut Document, view: &mut ViewState) {
    if doc.plan.zones.is_empty() {
        ui.label(RichText::new("One area at the density above.").weak());
    }
    let plan_dilution = doc.plan.dilution_ratio;
    let skin = doc.skin_linear();
    let mut match_scar = None;
    for (i, zone) in doc.plan.zones.iter_mut().enumerate() {
        zone_name_and_brush_row(ui, i, zone, &mut view.edit);
        ui.add(plan_slider(
            &mut zone.density_per_cm2,
            DENSITY_SLIDER.0..=DENSITY_SLIDER.1,
            &zone.name,
            " /cm²",
            0,
        ))
        .on_hover_text("Impressions per cm² inside this zone (it overrides the density above).");
        if zone_shade_row(ui, zone, plan_dilution, skin) {
            match_scar = Some(i);
        }
    }
    if let Some(i) = match_scar
        && let Some(d) = crate::core::scar::scar_dilution_for_zone(&doc.plan, doc.photo(), i)
    {
        doc.plan.zones[i].dilution_ratio = Some(d);
    }
    hair_rows(ui, doc, view);
    brush_rows(ui, doc, view);
}

/// The patient's own hair: suggested from the photo, painted, erased or cleared.
fn hair_rows(ui: &mut egui::Ui, doc: &mut Document, view: &mut ViewState) {
    ui.horizontal(|ui| {
        ui.label("existing hair");
        if ui
            .button("suggest")
            .on_hover_text("Mark where the photo is clearly darker than the patient's skin as hair")
            .clicked()
        {
            let photo = doc.photo();
            doc.plan.hair_mask = Some(crate::core::hair::suggest_hair_mask(photo, &doc.plan.area));
            view.edit = EditTarget::Paint {
                layer: PaintLayer::Hair,
                erase: false,
            };
        }
        if doc.plan.hair_mask.is_some() && ui.button("clear").clicked() {
            doc.plan.hair_mask = None;
        }
    });
    ui.horizontal(|ui| {
        ui.label("hair brush");
        for (erase, text) in [(false, "paint hair"), (true, "erase hair")] {
            let mode = EditTarget::Paint {
                layer: PaintLayer::Hair,
                erase,
            };
            let hint = "Impressions under the patient's own hair are placed and counted, but \
                        hidden in the preview";
            edit::mode_button(ui, &mut view.edit, mode, text, hint);
        }
    });
}

/// The zone's name, and the paint / erase brush modes for it.
fn zone_name_and_brush_row(
    ui: &mut egui::Ui,
    i: usize,
    zone: &mut crate::core::plan::Zone,
    edit: &mut EditTarget,
) {
    ui.horizontal(|ui| {
        let label = ui.label("name");
        let field = egui::TextEdit::singleline(&mut zone.name).desired_width(90.0);
        ui.add(field)
            .labelled_by(label.id)
            .on_hover_text("e.g. hairline, front, mid-scalp, crown, scar");
        for (erase, text) in [(false, "paint"), (true, "erase")] {
            let mode = EditTarget::Paint {
                layer: PaintLayer::Zone(i),
                erase,
            };
            let hint =
                "Paint this zone on the photo with the brush (an outlined zone becomes painted)";
            edit::mode_button(ui, edit, mode, text, hint);
        }
    });
}

/// Brush size and feathering, shown while painting; and a new painted zone.
fn brush_rows(ui: &mut egui::Ui, doc: &mut Document, view: &mut ViewState) {
    if ui
        .button("Paint new zone")
        .on_hover_text("A new zone to paint with the brush")
        .clicked()
    {
        let photo = doc.photo();
        let size = glam::Vec2::new(photo.width() as f32, photo.height() as f32);
        doc.plan
            .zones
            .push(crate::app::paint::new_painted_zone(&doc.plan, size));
        let zone = doc.plan.zones.len() - 1;
        view.edit = EditTarget::Paint {
            layer: PaintLayer::Zone(zone),
            erase: false,
        };
    }
    if !matches!(view.edit, EditTarget::Paint { .. }) {
        return;
    }
    let (lo, hi) = crate::app::paint::BRUSH_SIZE_RANGE_MM;
    ui.add(
        Slider::new(&mut view.brush.size_mm, lo..=hi)
            .logarithmic(true)
            .text("brush")
            .suffix(" mm")
            .fixed_decimals(0),
    )
    .on_hover_text("Brush diameter on the scalp");
    ui.add(
        Slider::new(&mut view.brush.softness, 0.0..=1.0)
            .text("soft edge")
            .fixed_decimals(2),
    )
    .on_hover_text(
        "Share of the brush that feathers out: density and shade change gradually there",
    );
    ui.label(
        RichText::new("Drag on the photo to paint · right-drag pans · wheel zooms")
            .weak()
            .small(),
    );
}

/// A zone's own shade: off uses the plan's; on, a dilution with its swatch.
/// Returns whether "match scar tissue" was clicked.
fn zone_shade_row(
    ui: &mut egui::Ui,
    zone: &mut crate::core::plan::Zone,
    plan_dilution: f32,
    skin: [f32; 3],
) -> bool {
    ui.horizontal(|ui| {
        let mut own = zone.dilution_ratio.is_some();
        let checkbox = ui
            .checkbox(&mut own, format!("{} own shade", zone.name))
            .on_hover_text(
                "Give this zone its own dilution, e.g. lighter over a scar or on thinning hair.",
            );
        if checkbox.changed() {
            zone.dilution_ratio = own.then_some(plan_dilution);
        }
        if let Some(dilution) = &mut zone.dilution_ratio {
            let value = egui::DragValue::new(dilution)
                .range(DILUTION_RANGE.0.max(6.0)..=DILUTION_RANGE.1.min(20.0))
                .speed(0.1)
                .fixed_decimals(1)
                .suffix(":1")
                .clamp_existing_to_range(false);
            let label = ui.label("dilution");
            ui.add(value)
                .labelled_by(label.id)
                .on_hover_text("Parts water : 1 part pigment for this zone.");
            shade_swatch(ui, *dilution, skin);
        }
    });
    zone.dilution_ratio.is_some()
        && ui
            .small_button(format!("{}: match scar tissue", zone.name))
            .on_hover_text(
                "Scar tissue is lighter: pick the dilution that makes this zone's impressions read \
                 as dark as the plan's on the skin around it (measured on the photo)",
            )
            .clicked()
}
