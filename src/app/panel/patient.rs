//! The Patient section: who the plan is for and when (saved in the plan), and the clinic's
//! name, logo and paper for the exported sheet (kept in the settings, as `--clinic`,
//! `--clinic-logo` and `--paper`).

use crate::app::Document;
use crate::app::settings::Settings;
use crate::export::pdf::Paper;

/// What the section asks of the window.
#[derive(Default)]
pub struct PatientAction {
    /// The settings changed (to be stored).
    pub settings_changed: bool,
    /// Open the dialog to choose the clinic's logo.
    pub choose_logo: bool,
    /// Open the dialog to add a photo of the patient from this view (Views section).
    pub add_view: Option<crate::core::head::HeadView>,
    /// Show this view of the case (Views section).
    pub show_view: Option<usize>,
}

pub(super) fn patient_section(
    ui: &mut egui::Ui,
    doc: &mut Document,
    settings: &mut Settings,
) -> PatientAction {
    let mut action = PatientAction::default();
    let plan = &mut doc.plan;
    text_row(
        ui,
        "patient",
        &mut plan.patient,
        "Name or patient ID, printed on the plan sheet",
    );
    ui.horizontal(|ui| {
        optional_text(
            ui,
            "date",
            &mut plan.consultation_date,
            "The consultation's date, printed on the plan sheet",
        );
        if ui.small_button("today").clicked() {
            plan.consultation_date = Some(today());
        }
    });
    let before = (settings.clinic_name.clone(), settings.paper);
    text_row(
        ui,
        "clinic",
        &mut settings.clinic_name,
        "The clinic's name on every exported sheet and comparison (kept for next time)",
    );
    ui.horizontal(|ui| {
        ui.label("sheet paper");
        ui.selectable_value(&mut settings.paper, Paper::A4, "A4");
        ui.selectable_value(&mut settings.paper, Paper::Letter, "Letter");
    });
    ui.horizontal(|ui| {
        ui.label("logo");
        let name = settings
            .clinic_logo
            .as_deref()
            .and_then(std::path::Path::file_name);
        ui.label(name.map_or_else(|| "none".into(), |n| n.to_string_lossy().into_owned()));
        action.choose_logo = ui
            .small_button("Choose…")
            .on_hover_text("A picture of the clinic's logo, printed at the sheet's top right")
            .clicked();
        if settings.clinic_logo.is_some() && ui.small_button("Remove").clicked() {
            settings.clinic_logo = None;
            action.settings_changed = true;
        }
    });
    action.settings_changed |= before != (settings.clinic_name.clone(), settings.paper);
    action
}

fn text_row(ui: &mut egui::Ui, label: &str, value: &mut Option<String>, hint: &str) {
    ui.horizontal(|ui| optional_text(ui, label, value, hint));
}

/// A labelled one-line field for an optional text: empty is none.
fn optional_text(ui: &mut egui::Ui, label: &str, value: &mut Option<String>, hint: &str) {
    let label = ui.label(label);
    let mut text = value.clone().unwrap_or_default();
    let edit = egui::TextEdit::singleline(&mut text).desired_width(150.0);
    if ui
        .add(edit)
        .labelled_by(label.id)
        .on_hover_text(hint)
        .changed()
    {
        *value = (!text.trim().is_empty()).then_some(text);
    }
}

/// Today's date, YYYY-MM-DD (UTC), from the system clock.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The calendar date `days` after 1970-01-01 (proleptic Gregorian; H. Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    #[test]
    fn days_since_1970_are_calendar_dates() {
        assert_eq!(super::civil_from_days(0), (1970, 1, 1));
        assert_eq!(super::civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(super::civil_from_days(20_794), (2026, 12, 7));
    }
}
