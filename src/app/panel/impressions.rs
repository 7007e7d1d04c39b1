//! The Impressions section of the panel: density, dot size with the 1RL/3RL needle presets,
//! needle depth, shade (dilution) with swatches on the patient's skin, the seed, and the
//! hair-colour eyedropper.

use egui::{Color32, RichText};

use super::widgets::{DENSITY_SLIDER, DOT_SLIDER_MM, plan_slider, shade_swatch};
use crate::app::edit::EditTarget;
use crate::app::{Document, ViewState};
use crate::core::plan::DILUTION_RANGE;

pub(super) fn impressions_section(ui: &mut egui::Ui, doc: &mut Document) {
    let skin = doc.skin_linear();
    let plan = &mut doc.plan;
    ui.add(plan_slider(
        &mut plan.density_per_cm2,
        DENSITY_SLIDER.0..=DENSITY_SLIDER.1,
        "density",
        " /cm²",
        0,
    ))
    .on_hover_text("Impressions per cm² in the fill. Finished SMP is typically 60–120 /cm² (dots ~1 mm apart).");
    ui.add(plan_slider(
        &mut plan.dot_diameter_mm,
        DOT_SLIDER_MM.0..=DOT_SLIDER_MM.1,
        "dot size",
        " mm",
        3,
    ))
    .on_hover_text("Healed dot diameter at the skin surface. Healed dots are ~0.1 mm; a 0.20–0.25 mm needle heals to about half its size.");
    needle_row(ui, &mut plan.dot_diameter_mm);
    depth_row(ui, &mut plan.depth);
    ui.horizontal(|ui| {
        ui.add(
            plan_slider(
                &mut plan.dilution_ratio,
                6.0..=DILUTION_RANGE.1.min(20.0),
                "shade",
                "",
                0,
            )
            .custom_formatter(|v, _| format!("{v:.0}:1")),
        )
        .on_hover_text("Dilution, parts water : 1 part pigment. 6:1 is dark, 20:1 light.");
        shade_swatch(ui, plan.dilution_ratio, skin);
    });
    ui.horizontal(|ui| {
        let label = ui.label("seed");
        ui.add(egui::DragValue::new(&mut plan.seed))
            .labelled_by(label.id)
            .on_hover_text("The pattern of impressions. Only the seed reshuffles them.");
        if ui.button("Reshuffle").clicked() {
            plan.seed = plan.seed.wrapping_add(1);
        }
    });
}

/// Needle presets (1RL, mm): each sets the dot size to the hole it heals to.
fn needle_row(ui: &mut egui::Ui, dot_diameter_mm: &mut f32) {
    use crate::core::numbers::{
        NEEDLE_3RL_PRESETS_MM, NEEDLE_PRESETS_MM, healed_dot_3rl_mm, healed_dot_mm,
    };
    let mut preset = |ui: &mut egui::Ui, kind: &str, needle: f32, dot: f32| {
        let chosen = (*dot_diameter_mm - dot).abs() < 0.003;
        let hint = format!("{kind} {needle:.2} mm needle: heals to about {dot:.3} mm dots");
        if ui
            .selectable_label(chosen, format!("{needle:.2}"))
            .on_hover_text(hint)
            .clicked()
        {
            *dot_diameter_mm = dot;
        }
    };
    ui.label(RichText::new("needle presets, needle diameter in mm:").small());
    ui.horizontal(|ui| {
        ui.label("1RL");
        ui.spacing_mut().item_spacing.x = 4.0;
        for needle in NEEDLE_PRESETS_MM {
            preset(ui, "1RL", needle, healed_dot_mm(needle));
        }
    });
    ui.horizontal(|ui| {
        ui.label("3RL");
        ui.spacing_mut().item_spacing.x = 4.0;
        for needle in NEEDLE_3RL_PRESETS_MM {
            preset(ui, "3RL", needle, healed_dot_3rl_mm(needle));
        }
    });
    ui.add(egui::Label::new(RichText::new(active_needle_text(*dot_diameter_mm)).small()).wrap());
}

/// Which needle preset the dot size is, if any, and the dot it heals to (the needle's width
/// and the dot's are easy to confuse: the presets are needle diameters).
pub(crate) fn active_needle_text(dot_diameter_mm: f32) -> String {
    use crate::core::numbers::{
        NEEDLE_3RL_PRESETS_MM, NEEDLE_PRESETS_MM, healed_dot_3rl_mm, healed_dot_mm,
    };
    let presets = NEEDLE_PRESETS_MM
        .map(|n| ("1RL", n, healed_dot_mm(n)))
        .into_iter()
        .chain(NEEDLE_3RL_PRESETS_MM.map(|n| ("3RL", n, healed_dot_3rl_mm(n))));
    let spot_mm = crate::core::optics::DEPOSIT_PER_MARK * dot_diameter_mm
        + crate::core::optics::HEALING_SPREAD_MM;
    match presets
        .into_iter()
        .find(|(_, _, dot)| (dot - dot_diameter_mm).abs() < 0.003)
    {
        Some((kind, needle, dot)) => format!(
            "needle {kind} {needle:.2} mm: heals to {dot:.3} mm dots, seen as ~{spot_mm:.2} mm spots"
        ),
        None => format!(
            "no needle preset: {dot_diameter_mm:.3} mm dots, seen as ~{spot_mm:.2} mm spots"
        ),
    }
}

/// Shallow / standard / deep needle work.
fn depth_row(ui: &mut egui::Ui, depth: &mut crate::core::plan::NeedleDepth) {
    ui.horizontal(|ui| {
        ui.label("depth");
        for d in crate::core::plan::NeedleDepth::ALL {
            let hint = match d {
                crate::core::plan::NeedleDepth::Shallow => {
                    "Too shallow: part of the pigment is lost as the skin renews (smaller, lighter dots)"
                }
                crate::core::plan::NeedleDepth::Standard => "Upper dermis, as intended",
                crate::core::plan::NeedleDepth::Deep => {
                    "Too deep: pigment spreads (blowout): larger, softer, cooler dots"
                }
            };
            ui.selectable_value(depth, d, d.name()).on_hover_text(hint);
        }
    });
}

/// Shade swatches (click one to use it) and the eyedropper that suggests a shade from the
/// patient's hair colour.
pub(super) fn shade_helpers(ui: &mut egui::Ui, doc: &mut Document, view: &mut ViewState) {
    let skin = doc.skin_linear();
    ui.horizontal(|ui| {
        ui.label("swatches");
        for d in crate::core::color::SWATCH_DILUTIONS {
            let [r, g, b] = crate::core::color::shade_on_skin(d, skin);
            let text = RichText::new(format!("{d:.0}"))
                .small()
                .color(Color32::WHITE);
            let chosen = (doc.plan.dilution_ratio - d).abs() < 0.25;
            let button = egui::Button::new(text)
                .fill(Color32::from_rgb(r, g, b))
                .selected(chosen);
            if ui
                .add(button)
                .on_hover_text(format!(
                    "{d:.0}:1 water : pigment, a dot's core on this patient's skin"
                ))
                .clicked()
            {
                doc.plan.dilution_ratio = d;
            }
        }
    });
    ui.horizontal(|ui| {
        let hint = "Then click the patient's hair or stubble on the photo: suggests the dilution \
                    whose dots match it on this patient's skin.";
        let mode = EditTarget::Eyedropper;
        crate::app::edit::mode_button(ui, &mut view.edit, mode, "pick hair colour", hint);
        if let Some((hair, dilution)) = view.picked_hair {
            let [r, g, b] = hair.map(crate::core::color::linear_to_srgb8);
            ui.label(RichText::new("  hair  ").background_color(Color32::from_rgb(r, g, b)));
            if ui.button(format!("use {dilution:.1}:1")).clicked() {
                doc.plan.dilution_ratio = dilution;
            }
        }
    });
    ui.horizontal_wrapped(|ui| {
        crate::app::stubble::panel_row(ui, doc, &mut view.edit, &mut view.stubble);
    });
}
