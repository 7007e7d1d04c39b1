//! The window's Export: started beside the saved plan with the clinic's settings, followed
//! while it runs, and reported when it ends (or is cancelled).

use std::path::{Path, PathBuf};

use super::SmpApp;
use super::export_job::ExportJobError;
use crate::error_line::one_line;
use crate::export::outputs::ExportFilesError;

impl SmpApp {
    /// Saves, then exports beside the saved plan in the background.
    pub fn export(&mut self) {
        self.save();
        if self.error.is_some() || self.disk_conflict.is_some() {
            return;
        }
        if let Some(path) = self.doc.plan_path.clone() {
            let photo = std::sync::Arc::clone(self.doc.photo().shared());
            // As `export` beside the plan, with the clinic's name and paper from the settings.
            let mut targets =
                crate::export::outputs::ExportTargets::beside(&path, self.doc.shown_session);
            targets.age = self.doc.age;
            targets.compare_options.clinic_name = self.settings.clinic_name.clone();
            targets.paper = self.settings.paper;
            targets.clinic_logo = self.clinic_logo();
            self.export
                .start(self.doc.plan.clone(), photo, path, targets);
            self.status = Some("Exporting…".into());
        }
    }

    /// Reports a finished export in the panel.
    pub(super) fn poll_export(&mut self, ctx: &egui::Context) {
        match self.export.poll() {
            Some(Ok(files)) => {
                let folder = files
                    .first()
                    .and_then(|f| std::path::absolute(f).ok())
                    .and_then(|p| p.parent().map(Path::to_path_buf));
                log::info!("{}", exported_message(&files));
                self.set_status(Some(exported_message(&files)), folder, true);
            }
            Some(Err(ExportJobError::Files(failed)))
                if matches!(failed.cause, ExportFilesError::Cancelled(_)) =>
            {
                log::info!("{}", one_line(&failed));
                let text = match failed.written.len() {
                    0 => "Export cancelled: nothing written".to_owned(),
                    _ => files_message("Export cancelled after writing", &failed.written),
                };
                self.set_status(Some(text), None, false);
            }
            Some(Err(e)) => {
                log::warn!("export failed: {}", one_line(&e));
                self.status = None;
                self.error = Some(format!("export failed: {}", one_line(&e)));
            }
            None if self.export.is_running() => {
                ctx.request_repaint_after(std::time::Duration::from_millis(100))
            }
            None => {}
        }
    }

    /// The clinic's logo from the settings; a logo that cannot be read is reported and left
    /// off the sheet.
    fn clinic_logo(&mut self) -> Option<std::sync::Arc<image::RgbaImage>> {
        let path = self.settings.clinic_logo.clone()?;
        match crate::io::photo::load_photo(&path) {
            Ok(logo) => Some(std::sync::Arc::new(logo)),
            Err(e) => {
                self.error = Some(format!("the clinic logo is left off the sheet: {e}"));
                None
            }
        }
    }

    /// Whether an export is being written.
    pub fn export_running(&self) -> bool {
        self.export.is_running()
    }
}

fn exported_message(files: &[PathBuf]) -> String {
    files_message("Exported", files)
}

/// "`verb` a.png, b.pdf in /the/folder".
fn files_message(verb: &str, files: &[PathBuf]) -> String {
    let names: Vec<String> = files
        .iter()
        .filter_map(|f| f.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    let folder = files
        .first()
        .and_then(|f| f.parent())
        .map(|d| {
            if d.as_os_str().is_empty() {
                Path::new(".")
            } else {
                d
            }
        })
        .map(|d| {
            std::path::absolute(d)
                .unwrap_or_else(|_| d.to_owned())
                .display()
                .to_string()
        })
        .unwrap_or_default();
    format!("{verb} {} in {folder}", names.join(", "))
}
