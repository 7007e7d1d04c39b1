//! The left panel: the plan's numbers as controls with units, and the view buttons.
//! It only edits the plan and the view state; the preview follows on the next frame.

mod hairline;
mod head;
mod impressions;
mod outlines;
pub mod patient;
mod scale;
mod sessions;
mod view;
mod views;
pub(crate) mod widgets;
mod zones;

use egui::RichText;

use super::numbers_panel::{NumbersCache, numbers_section};
use super::palette;
use super::shortcuts::{self, hint};
use super::{Document, ViewState};

/// What the file bar's buttons asked for.
#[derive(Default)]
pub struct FileBarAction {
    pub open: bool,
    pub open_recent: Option<std::path::PathBuf>,
    pub open_sample: Option<crate::io::sample::Sample>,
    pub save: bool,
    pub save_as: bool,
    pub export: bool,
    pub undo: bool,
    pub redo: bool,
    pub cancel_export: bool,
}

/// Title, document name with an unsaved-changes mark and the last message, and the Save and
/// Export buttons.
pub fn file_bar(
    ui: &mut egui::Ui,
    doc: &Document,
    exporting: Option<(usize, usize)>,
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
    });
    ui.horizontal(|ui| {
        action.open = ui
            .button("Open…")
            .on_hover_text(hint(
                ui.ctx(),
                "Open a photo or a saved plan; or drop a file on the window",
                &shortcuts::OPEN,
            ))
            .clicked();
        action.open_recent = recent_menu(ui, recent);
        ui.menu_button("Samples", |ui| {
            for sample in crate::io::sample::Sample::ALL {
                if ui.button(sample.label()).clicked() {
                    action.open_sample = Some(sample);
                }
            }
        });
    });
    ui.horizontal(|ui| {
        action.save = ui
            .button("Save plan")
            .on_hover_text(hint(ui.ctx(), "Save the plan as .smp.json", &shortcuts::SAVE))
            .clicked();
        action.save_as = ui
            .button("Save as…")
            .on_hover_text(hint(ui.ctx(), "Save the plan under a new name or folder", &shortcuts::SAVE_AS))
            .clicked();
        let export = ui.add_enabled(exporting.is_none(), egui::Button::new("Export"));
        action.export = export
            .on_hover_text("Save, then write beside the plan: the after picture and before/after comparison (PNG), the plan sheet (PDF) and the numbers (CSV).")
            .clicked();
        if let Some((done, total)) = exporting {
            ui.spinner();
            ui.label(format!("{done}/{total}"))
                .on_hover_text("Steps of the export done: the render, then each file");
            action.cancel_export = ui
                .small_button("Cancel")
                .on_hover_text("Stop after the step it is on; the files written so far stay whole")
                .clicked();
        }
    });
    ui.horizontal(|ui| {
        action.undo = ui
            .add_enabled(doc.can_undo(), egui::Button::new("Undo"))
            .on_hover_text(hint(ui.ctx(), "Undo the last change", &shortcuts::UNDO))
            .clicked();
        let redo_hint = format!(
            "{} or {}",
            hint(ui.ctx(), "Redo the change undone", &shortcuts::REDO),
            ui.ctx().format_shortcut(&shortcuts::REDO_Y)
        );
        action.redo = ui
            .add_enabled(doc.can_redo(), egui::Button::new("Redo"))
            .on_hover_text(redo_hint)
            .clicked();
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

/// The error and the invalid-plan banners, under the file bar and above the scrolled
/// controls, so that they stay in sight however far the panel is scrolled.
pub fn banners(ui: &mut egui::Ui, doc: &Document, error: &mut Option<String>) {
    if let Some(message) = error.clone() {
        error_banner(ui, &message, error);
    }
    if let Some(problem) = doc.plan_problem() {
        let text = format!(
            "Not shown, cannot be saved: {problem}. The preview keeps the last valid plan."
        );
        egui::Frame::group(ui.style())
            .fill(palette::PROBLEM_FILL)
            .show(ui, |ui| {
                ui.label(RichText::new(text).color(palette::BANNER_TEXT))
            });
    }
}

/// The plan's controls, below the file bar and the banners (scrolled).
/// Returns what the Patient section asks of the window (settings to store, a logo to choose).
pub fn controls(
    ui: &mut egui::Ui,
    doc: &mut Document,
    view: &mut ViewState,
    numbers: &mut NumbersCache,
    settings: &mut super::settings::Settings,
) -> patient::PatientAction {
    ui.separator();
    // Every section folds away, remembered between runs; the ones used in every consultation
    // start open, View next to the shade so it is reached without scrolling.
    section(ui, "Impressions", true, |ui| {
        impressions::impressions_section(ui, doc);
        impressions::shade_helpers(ui, doc, view);
    });
    section(ui, "View", true, |ui| view::view_section(ui, view));
    section(ui, "Outlines", true, |ui| {
        outlines::outlines_section(ui, doc, view)
    });
    section(ui, "Zones", true, |ui| zones::zones_section(ui, doc, view));
    section(ui, "Sessions", true, |ui| {
        sessions::sessions_section(ui, doc)
    });
    section(ui, "Hairline", true, |ui| {
        hairline::hairline_section(ui, doc, view)
    });
    section(ui, "Scale", false, |ui| scale::scale_section(ui, doc, view));
    section(ui, "Head", false, |ui| head::head_section(ui, doc, view));
    let mut action = patient::PatientAction::default();
    section(ui, "Patient", false, |ui| {
        action = patient::patient_section(ui, doc, settings);
    });
    section(ui, "Views", false, |ui| {
        views::views_section(ui, doc, view, &mut action)
    });
    numbers_section(ui, doc, numbers);
    action
}

/// A section of the panel that folds away (its state kept in egui's memory, which eframe
/// saves between runs).
fn section(ui: &mut egui::Ui, title: &str, open: bool, body: impl FnOnce(&mut egui::Ui)) {
    egui::CollapsingHeader::new(RichText::new(title).strong())
        .id_salt(title)
        .default_open(open)
        .show_unindented(ui, body);
}

fn error_banner(ui: &mut egui::Ui, message: &str, error: &mut Option<String>) {
    egui::Frame::group(ui.style())
        .fill(palette::ERROR_FILL)
        .show(ui, |ui| {
            ui.label(RichText::new(message).color(palette::BANNER_TEXT));
            if ui.small_button("Dismiss").clicked() {
                *error = None;
            }
        });
}

/// One line under everything: impressions shown, treated area, scale, session and zoom.
/// The bottom bar: the last message (readable, cut to the line with the whole on hover, its
/// folder offered; the row is always there, so nothing moves when one appears), then the
/// impressions, area and scale. Returns whether "Show folder" was clicked.
pub fn status_bar(
    ui: &mut egui::Ui,
    doc: &Document,
    view: &ViewState,
    (message, has_folder): (Option<&str>, bool),
) -> bool {
    let mut show_folder = false;
    ui.horizontal(|ui| {
        if has_folder {
            show_folder = ui
                .small_button("Show folder")
                .on_hover_text("Opens the folder in the file manager")
                .clicked();
        }
        let text = message.unwrap_or(" ");
        let label = RichText::new(text).color(ui.visuals().strong_text_color());
        ui.add(egui::Label::new(label).truncate())
            .on_hover_text(text);
    });
    facts_line(ui, doc, view);
    show_folder
}

/// Impressions, area, density, scale, session, look and zoom, on one line.
fn facts_line(ui: &mut egui::Ui, doc: &Document, view: &ViewState) {
    let impressions = doc.impressions();
    let plan = &doc.plan;
    // The scalp's area with a head model, else the flat photo's.
    let (area_cm2, kind) = match doc.scalp_area_cm2() {
        Some(a) => (a, "of scalp"),
        None => (plan.area_cm2(), "treated"),
    };
    let sessions = plan.sessions.count();
    let shown = doc.shown_session.number(sessions);
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
        "{} impressions · {area_cm2:.1} cm² {kind} · mean {mean:.0}/cm² · {scale} · after session {shown} of {sessions} ({look}){zoom}",
        impressions.len()
    ));
}
