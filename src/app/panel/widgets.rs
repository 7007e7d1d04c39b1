//! The panel's shared widgets: the plan slider (offers a range, clamps only edits) and its
//! ranges, and the shade swatch. A leaf: the panel's sections use it, it uses none of them.

use egui::{Color32, Slider};

/// Dot diameters offered by the slider, mm (healed dots are ~0.1 mm; needles 0.18–0.35 mm).
pub(crate) const DOT_SLIDER_MM: (f32, f32) = (0.05, 0.5);

/// Densities offered by the slider, impressions/cm².
pub(crate) const DENSITY_SLIDER: (f32, f32) = (10.0, 300.0);

/// The sliders offer the usual range, but a plan may hold any value its validation allows
/// (e.g. a 0 /cm² zone, a 25:1 shade): opening a plan must not rewrite those.
pub(crate) const KEEP_LOADED: egui::SliderClamping = egui::SliderClamping::Edits;

/// A slider over a plan's value: it offers `range` and clamps only edits ([`KEEP_LOADED`]).
pub(crate) fn plan_slider<'a>(
    value: &'a mut f32,
    range: std::ops::RangeInclusive<f32>,
    text: impl Into<egui::WidgetText>,
    suffix: &str,
    decimals: usize,
) -> Slider<'a> {
    Slider::new(value, range)
        .text(text)
        .suffix(suffix)
        .fixed_decimals(decimals)
        .clamping(KEEP_LOADED)
}

/// A small square in the colour of a dot's core on the patient's `skin` (linear RGB).
pub(crate) fn shade_swatch(ui: &mut egui::Ui, dilution: f32, skin: [f32; 3]) {
    let [r, g, b] = crate::core::color::shade_on_skin(dilution, skin);
    let (rect, _) = ui.allocate_exact_size(egui::vec2(18.0, 18.0), egui::Sense::hover());
    ui.painter()
        .rect_filled(rect, 3.0, Color32::from_rgb(r, g, b));
}
