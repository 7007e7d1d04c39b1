//! The left panel: the plan's numbers as controls with units, and the view buttons.
//! It only edits the plan and the view state; the preview follows on the next frame.

use egui::{Color32, RichText, Slider};

use super::edit::{self, EditTarget};
use super::numbers_panel::{NumbersCache, numbers_section};
use super::{Document, ViewState};
use crate::look::{Age, MAX_FADED_YEARS};
use crate::plan::{
    EDGE_DOT_SCALE_RANGE, HairlineStyle, MAX_AREA_SIDE_MM, MAX_FADE_DEPTH_MM, MAX_IRREGULARITY_MM,
    MAX_SESSIONS, Sessions,
};

/// Dot diameters offered by the slider, mm (healed dots are ~0.1 mm; needles 0.18–0.35 mm).
pub(super) const DOT_SLIDER_MM: (f32, f32) = (0.05, 0.5);
/// Densities offered by the slider, impressions/cm².
pub(super) const DENSITY_SLIDER: (f32, f32) = (10.0, 300.0);
/// The sliders offer the usual range, but a plan may hold any value its validation allows
/// (e.g. a 0 /cm² zone, a 25:1 shade): opening a plan must not rewrite those.
pub(super) const KEEP_LOADED: egui::SliderClamping = egui::SliderClamping::Edits;

/// A slider over a plan's value: it offers `range` and clamps only edits ([`KEEP_LOADED`]).
pub(super) fn plan_slider<'a>(
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

/// What the file bar's buttons asked for.
#[derive(Default)]
pub struct FileBarAction {
    pub open: bool,
    pub open_recent: Option<std::path::PathBuf>,
    pub open_sample: Option<crate::sample::Sample>,
    pub save: bool,
    pub save_as: bool,
    pub export: bool,
}

/// Title, document name with an unsaved-changes mark and the last message, and the Save and
/// Export buttons.
pub fn file_bar(
    ui: &mut egui::Ui,
    doc: &Document,
    status: Option<&str>,
    exporting: bool,
    recent: &[std::path::PathBuf],
) -> FileBarAction {
    ui.add_space(6.0);
    ui.heading("smp-preview");
    let mut action = FileBarAction::default();
    ui.horizontal(|ui| {
        let mark = if doc.has_unsaved_changes() {
            " •"
        } else {
            ""
        };
        ui.label(RichText::new(format!("{}{mark}", doc.name)).weak());
        // Beside the name, cut to the line (whole on hover): a message never moves the
        // controls below it while the user is about to click one.
        if let Some(status) = status {
            let line = egui::Label::new(RichText::new(status).small().weak()).truncate();
            ui.add(line).on_hover_text(status);
        }
    });
    ui.horizontal(|ui| {
        action.open = ui
            .button("Open…")
            .on_hover_text("Open a photo or a saved plan (Ctrl+O); or drop a file on the window")
            .clicked();
        action.open_recent = recent_menu(ui, recent);
        ui.menu_button("Samples", |ui| {
            for sample in crate::sample::Sample::ALL {
                if ui.button(sample.label()).clicked() {
                    action.open_sample = Some(sample);
                }
            }
        });
    });
    ui.horizontal(|ui| {
        action.save = ui
            .button("Save plan")
            .on_hover_text("Save the plan as .smp.json (Ctrl+S)")
            .clicked();
        action.save_as = ui
            .button("Save as…")
            .on_hover_text("Save the plan under a new name or folder (Ctrl+Shift+S)")
            .clicked();
        let export = ui.add_enabled(!exporting, egui::Button::new("Export"));
        action.export = export
            .on_hover_text("Save, then write beside the plan: the after picture and before/after comparison (PNG), the plan sheet (PDF) and the numbers (CSV).")
            .clicked();
        if exporting {
            ui.spinner();
        }
    });
    action
}

/// The recent files as a menu; returns the one clicked.
fn recent_menu(ui: &mut egui::Ui, recent: &[std::path::PathBuf]) -> Option<std::path::PathBuf> {
    let mut chosen = None;
    ui.add_enabled_ui(!recent.is_empty(), |ui| {
        ui.menu_button("Recent", |ui| {
            for path in recent {
                let name = path.file_name().unwrap_or_default().to_string_lossy();
                let item = ui.add_enabled(path.is_file(), egui::Button::new(name.as_ref()));
                if item
                    .on_hover_text(path.display().to_string())
                    .on_disabled_hover_text(format!("{} is no longer there", path.display()))
                    .clicked()
                {
                    chosen = Some(path.clone());
                }
            }
        });
    });
    chosen
}

/// The plan's controls, below the file bar.
pub fn controls(
    ui: &mut egui::Ui,
    doc: &mut Document,
    view: &mut ViewState,
    error: &mut Option<String>,
    numbers: &mut NumbersCache,
) {
    if let Some(message) = error.clone() {
        error_banner(ui, &message, error);
    }
    if let Some(problem) = doc.plan_problem() {
        let text = format!(
            "Not shown, cannot be saved: {problem}. The preview keeps the last valid plan."
        );
        egui::Frame::group(ui.style())
            .fill(Color32::from_rgb(110, 70, 20))
            .show(ui, |ui| ui.label(RichText::new(text).color(Color32::WHITE)));
    }
    ui.separator();
    super::impressions_panel::impressions_section(ui, doc);
    super::impressions_panel::shade_helpers(ui, doc, view);
    ui.separator();
    outlines_section(ui, doc, view);
    ui.separator();
    super::zones_panel::zones_section(ui, doc, view);
    ui.separator();
    sessions_section(ui, doc);
    ui.separator();
    hairline_section(ui, doc, view);
    ui.separator();
    scale_section(ui, doc, view);
    ui.separator();
    view_section(ui, view);
    ui.separator();
    numbers_section(ui, doc, numbers);
}

fn error_banner(ui: &mut egui::Ui, message: &str, error: &mut Option<String>) {
    egui::Frame::group(ui.style())
        .fill(Color32::from_rgb(90, 30, 30))
        .show(ui, |ui| {
            ui.label(RichText::new(message).color(Color32::WHITE));
            if ui.small_button("Dismiss").clicked() {
                *error = None;
            }
        });
}

fn outlines_section(ui: &mut egui::Ui, doc: &mut Document, view: &mut ViewState) {
    ui.horizontal(|ui| {
        ui.label(RichText::new("Outlines").strong());
        ui.checkbox(&mut view.show_outlines, "show");
    });
    ui.horizontal_wrapped(|ui| {
        ui.label("edit");
        ui.selectable_value(&mut view.edit, EditTarget::Nothing, "none");
        if ui
            .selectable_value(&mut view.edit, EditTarget::Hairline, "hairline")
            .clicked()
            && doc.plan.hairline.is_none()
        {
            doc.plan.hairline = Some(edit::default_hairline(&doc.plan));
        }
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

    ui.horizontal(|ui| {
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
        EditTarget::Area => Some(
            "Drag the area's points onto the scalp to treat · double-click adds · right-click deletes",
        ),
        _ => Some("Drag points · double-click adds · right-click deletes"),
    };
    if let Some(hint) = hint {
        ui.label(RichText::new(hint).weak().small());
    }
}

fn sessions_section(ui: &mut egui::Ui, doc: &mut Document) {
    ui.label(RichText::new("Sessions").strong());
    let mut count = doc.plan.sessions.count();
    ui.horizontal(|ui| {
        let label = ui.label("sessions");
        let r = ui
            .add(egui::DragValue::new(&mut count).range(1..=MAX_SESSIONS))
            .labelled_by(label.id);
        if r.changed() {
            // A new build-up for the new count; the artist's working rate stays.
            let rate = doc.plan.sessions.impressions_per_hour;
            doc.plan.sessions = Sessions::typical(count);
            doc.plan.sessions.impressions_per_hour = rate;
        }
    })
    .response
    .on_hover_text(
        "Most clients need 3 sessions, 10–30 days apart; each adds dots between the earlier ones.",
    );
    let percents = &mut doc.plan.sessions.cumulative_percent;
    let n = percents.len();
    for i in 0..n.saturating_sub(1) {
        let lo = if i == 0 { 5.0 } else { percents[i - 1] + 1.0 };
        let hi = percents[i + 1] - 1.0;
        ui.add(plan_slider(
            &mut percents[i],
            lo..=hi.max(lo),
            format!("after session {}", i + 1),
            " %",
            0,
        ))
        .on_hover_text("Share of the final density in place after this session.");
    }
    if n > 1 {
        ui.horizontal(|ui| {
            ui.label("show after");
            for k in 1..=n {
                let shown = doc.through_session == k || (doc.through_session == 0 && k == n);
                if ui.selectable_label(shown, format!("{k}")).clicked() {
                    doc.through_session = k;
                }
            }
        });
    }
    look_row(ui, doc);
}

/// Fresh / healed / faded after N years: how long after the session the dots are shown.
fn look_row(ui: &mut egui::Ui, doc: &mut Document) {
    ui.horizontal(|ui| {
        ui.label("look");
        let faded = matches!(doc.age, Age::Faded { .. });
        if ui
            .selectable_label(doc.age == Age::Fresh, "fresh")
            .on_hover_text("The first days: darker and slightly wider dots.")
            .clicked()
        {
            doc.age = Age::Fresh;
        }
        if ui
            .selectable_label(doc.age == Age::Healed, "healed")
            .on_hover_text("About a month after the session: the plan as set.")
            .clicked()
        {
            doc.age = Age::Healed;
        }
        if ui
            .selectable_label(faded, "faded")
            .on_hover_text(
                "Years later: lighter, softer and cooler (blue-green) dots, for touch-up talks.",
            )
            .clicked()
            && !faded
        {
            doc.age = Age::faded(5.0);
        }
    });
    if let Age::Faded { mut years } = doc.age {
        let slider = Slider::new(&mut years, 1.0..=MAX_FADED_YEARS)
            .text("years later")
            .fixed_decimals(0);
        if ui.add(slider).changed() {
            doc.age = Age::faded(years);
        }
    }
}

fn hairline_section(ui: &mut egui::Ui, doc: &mut Document, view: &mut ViewState) {
    ui.label(RichText::new("Hairline").strong());
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

fn scale_section(ui: &mut egui::Ui, doc: &mut Document, view: &mut ViewState) {
    let photo_size = {
        let (_, photo) = doc.photo();
        glam::Vec2::new(photo.width() as f32, photo.height() as f32)
    };
    let plan = &mut doc.plan;
    ui.label(RichText::new("Scale").strong());
    // A ruler, while there is one, sets the scale.
    if let Some(k) = plan.ruler.as_ref().and_then(|r| r.px_per_mm()) {
        plan.px_per_mm = k;
        plan.px_per_mm_is_estimate = false;
    }
    // No lower scale than makes the treatment area wider than a plan may be.
    let min_px_per_mm = crate::geometry::bounding_box(&plan.area)
        .map_or(0.0, |(lo, hi)| (hi - lo).max_element() / MAX_AREA_SIDE_MM)
        .clamp(0.5, 100.0);
    ui.horizontal(|ui| {
        let editable = plan.ruler.is_none();
        let r = ui.add_enabled(
            editable,
            egui::DragValue::new(&mut plan.px_per_mm).range(min_px_per_mm..=100.0).speed(0.05).suffix(" px/mm")
                .fixed_decimals(2).clamp_existing_to_range(false),
        );
        if r.changed() {
            plan.px_per_mm_is_estimate = false;
        }
        if plan.px_per_mm_is_estimate {
            ui.label(RichText::new("estimate").color(Color32::from_rgb(230, 170, 60)))
                .on_hover_text("Not calibrated: sizes and densities assume the photo spans about 25 cm. Use the ruler.");
        }
    });
    ui.horizontal(|ui| match &mut plan.ruler {
        Some(ruler) => {
            let label = ui.label("ruler length");
            ui.add(egui::DragValue::new(&mut ruler.length_mm).range(1.0..=500.0).speed(0.2).suffix(" mm").clamp_existing_to_range(false))
                .labelled_by(label.id)
                .on_hover_text("The real length between the ruler's ends.");
            if ui.button("Remove").clicked() {
                plan.ruler = None;
                view.edit = EditTarget::Nothing;
            }
            if plan.ruler.as_ref().is_some_and(|r| r.px_per_mm().is_none()) {
                ui.label(RichText::new("ends too close: not used").color(Color32::from_rgb(230, 170, 60)))
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
            }
        }
    });
}

fn view_section(ui: &mut egui::Ui, view: &mut ViewState) {
    ui.label(RichText::new("View").strong());
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
    ui.label(
        RichText::new(
            "Wheel: zoom · drag: pan · drag the handle: before/after · hold Space: before",
        )
        .weak()
        .small(),
    );
}

/// One line under everything: impressions shown, treated area, scale, session and zoom.
pub fn status_bar(ui: &mut egui::Ui, doc: &Document, view: &ViewState) {
    let (_, impressions) = doc.impressions();
    let plan = &doc.plan;
    let area_cm2 = plan.area_cm2();
    let sessions = plan.sessions.count();
    let shown = match doc.through_session {
        0 => sessions,
        k => k.min(sessions),
    };
    let scale = if plan.px_per_mm_is_estimate {
        format!("{:.2} px/mm (estimate)", plan.px_per_mm)
    } else {
        format!("{:.2} px/mm", plan.px_per_mm)
    };
    let look = doc.age.label();
    let zoom = view
        .zoom_percent()
        .map_or_else(String::new, |z| format!(" · zoom {z:.0} %"));
    let mean = if area_cm2 > 0.0 {
        impressions.len() as f32 / area_cm2
    } else {
        0.0
    };
    ui.label(format!(
        "{} impressions · {area_cm2:.1} cm² treated · mean {mean:.0}/cm² · {scale} · after session {shown} of {sessions} ({look}){zoom}",
        impressions.len()
    ));
}
