//! A plan kept after a crash, offered back at the next start (Recover / Discard); the
//! autosave that keeps it, and the autosave when the GPU device is lost.

use super::recovery::{self, Recovery};
use super::{Document, SmpApp, file_actions, palette};

impl SmpApp {
    /// Offers back a plan left by a crashed session.
    pub(super) fn recovery_banner(&mut self, ui: &mut egui::Ui) {
        let Some(record) = &self.offered_recovery else {
            return;
        };
        let mut choice = None;
        egui::Frame::group(ui.style())
            .fill(palette::RECOVERY_FILL)
            .show(ui, |ui| {
                let text = format!(
                    "Unsaved changes to {}, from {}, were kept.",
                    record.what(),
                    recovery::age_text(record.age_minutes())
                );
                ui.label(egui::RichText::new(text).color(palette::BANNER_TEXT));
                ui.horizontal(|ui| {
                    if ui.button("Recover").clicked() {
                        choice = Some(true);
                    }
                    if ui.button("Discard").clicked() {
                        choice = Some(false);
                    }
                });
            });
        match (choice, self.offered_recovery.take()) {
            (Some(true), Some(record)) => self.recover(record),
            (Some(false), _) => self.discard_recovery(),
            (None, record) => self.offered_recovery = record,
            _ => {}
        }
    }

    /// Recovers the offered plan, first asking about unsaved changes to the open one.
    pub(super) fn recover(&mut self, record: Recovery) {
        if self.doc.has_unsaved_changes() {
            self.confirm = Some(file_actions::Pending::Recover(Box::new(record)));
        } else {
            self.recover_now(record);
        }
    }

    /// Opens the recovered plan in place of the current document and autosaves it at once
    /// (until saved, the recovery file is its only copy on disk). Returns whether it opened.
    pub(super) fn recover_now(&mut self, record: Recovery) -> bool {
        match Document::from_recovery(record) {
            Ok(doc) => {
                self.replace_document(doc);
                self.autosave_now();
                true
            }
            Err(e) => {
                self.error = Some(format!("cannot recover the plan: {e:#}"));
                false
            }
        }
    }

    /// Drops the offered plan. The recovery file then holds the open plan's unsaved changes
    /// if there are any (autosave may have written them there already), else it goes.
    pub(super) fn discard_recovery(&mut self) {
        if self.doc.has_unsaved_changes() {
            self.autosave_now();
        } else if let Some(path) = &self.recovery_path {
            recovery::remove(path);
        }
    }

    pub(super) fn autosave_now(&mut self) {
        if let Some(path) = &self.recovery_path
            && let Err(e) = recovery::write(&self.doc, path)
        {
            self.error = Some(format!("autosave to {} failed: {e}", path.display()));
        }
    }

    /// After the GPU device was lost: write the plan to the recovery file at once (once) and
    /// say what to do; the plan stays open and can still be saved.
    pub(super) fn report_device_lost(&mut self) {
        let lost = self.device_lost.as_ref().is_some_and(|d| d.is_lost());
        if self.device_lost_reported || !lost {
            return;
        }
        self.device_lost_reported = true;
        let kept = match &self.recovery_path {
            Some(path) => match recovery::write(&self.doc, path) {
                Ok(()) => format!(" Your plan was written to {}.", path.display()),
                Err(e) => format!(" Writing the recovery file failed: {e}."),
            },
            None => String::new(),
        };
        self.error = Some(format!(
            "The graphics device was lost, so the preview cannot be drawn.{kept} Save the plan \
             (Ctrl+S) and restart smp-preview."
        ));
    }

    pub(super) fn autosave(&mut self, ctx: &egui::Context, now_s: f64) {
        let Some(path) = &self.recovery_path else {
            return;
        };
        if let Some(message) = self.autosaver.tick(&self.doc, now_s, path) {
            self.error = Some(message);
        }
        if let Some(due_s) = self.autosaver.due_in_s(&self.doc, now_s, path) {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(due_s + 0.05));
        }
    }
}
