//! What the window does with files: open (dialog, recent files, drag and drop, locating a
//! moved photo), save, save as, export, and the "save the changes first?" question before a
//! close or an open replaces unsaved work.

use std::path::{Path, PathBuf};

use super::document::DocumentError;
use super::file_dialog::{FileDialog, Outcome};
use super::native_dialog::{NativeDialog, Poll};
use super::{Document, SmpApp, ViewState, recovery};
use crate::io::files::{self, Purpose};

/// Whose photo moved, for *Locate photo…* beside the error that said so (one at a time, so
/// that a photo chosen for one is never given to the other).
#[derive(Clone, Debug, PartialEq)]
pub enum Locate {
    /// A plan or case that could not open: it opens with the photo found.
    Plan(PathBuf),
    /// A view of the open case: it shows the photo found.
    View(usize),
}

/// What waits for the answer to "save the changes first?".
pub enum Pending {
    Close,
    Open(PathBuf),
    /// Open the plan whose photo moved, with this photo.
    Locate(PathBuf),
    /// Open the plan offered back after a crash.
    Recover(Box<recovery::Recovery>),
    /// Open one of the bundled samples.
    Sample(crate::io::sample::Sample),
}

impl SmpApp {
    /// Opens a photo or plan, first asking about unsaved changes; on failure the current
    /// document stays and the error is shown.
    pub fn open(&mut self, path: &Path) {
        if self.doc.has_unsaved_changes() {
            self.confirm = Some(Pending::Open(path.to_owned()));
        } else {
            self.open_now(path);
        }
    }

    /// Opens a bundled sample, first asking about unsaved changes.
    pub fn open_sample(&mut self, sample: crate::io::sample::Sample) {
        if self.doc.has_unsaved_changes() {
            self.confirm = Some(Pending::Sample(sample));
        } else {
            self.open_sample_now(sample);
        }
    }

    fn open_sample_now(&mut self, sample: crate::io::sample::Sample) -> bool {
        match Document::open_sample(sample) {
            Ok(doc) => {
                self.replace_document(doc);
                true
            }
            Err(e) => {
                self.error = Some(format!("{e:#}"));
                false
            }
        }
    }

    /// Opens `path` in place of the current document; returns whether it opened.
    fn open_now(&mut self, path: &Path) -> bool {
        match Document::open(path) {
            Ok(doc) => {
                // A photo alone: its treatment area is a first guess, to be outlined.
                let outline_first = doc.plan_path.is_none();
                self.replace_document(doc);
                if outline_first {
                    self.view.edit = super::edit::EditTarget::Area;
                }
                self.remember(path);
                true
            }
            Err(e) => {
                log::warn!("open failed: {e:#}");
                self.locate = match &e {
                    DocumentError::MissingPhoto(m) => Some(Locate::Plan(m.plan_path.clone())),
                    _ => None,
                };
                self.error = Some(format!("{e:#}"));
                false
            }
        }
    }

    pub(super) fn replace_document(&mut self, doc: Document) {
        log::info!("opened {}", doc.name);
        self.doc = doc;
        self.view = ViewState::default();
        self.error = None;
        self.locate = None;
    }

    /// The plan whose photo could not be found, if the window is offering to locate it.
    pub fn plan_missing_its_photo(&self) -> Option<&Path> {
        match &self.locate {
            Some(Locate::Plan(path)) => Some(path),
            _ => None,
        }
    }

    /// Whether a file dialog is open.
    pub fn dialog_open(&self) -> bool {
        self.dialog.is_some() || self.native.is_some()
    }

    /// The recent files, newest first.
    pub fn recent_files(&self) -> &[PathBuf] {
        &self.settings.recent
    }

    pub(super) fn remember(&mut self, path: &Path) {
        self.settings.remember(path);
        if let Err(message) = self.settings.store(self.settings_path.as_deref()) {
            self.status = Some(message);
        }
    }

    /// Sets the panel's message: its folder (offered to open) and whether it is about the plan
    /// as saved (then it goes once the plan changes).
    pub(super) fn set_status(
        &mut self,
        text: Option<String>,
        folder: Option<PathBuf>,
        clears_on_edit: bool,
    ) {
        self.status = text;
        self.status_folder = folder;
        self.status_clears_on_edit = clears_on_edit;
    }

    /// The panel's message, if any.
    pub fn status(&self) -> Option<&str> {
        self.status.as_deref()
    }

    /// Saves the plan; the outcome is shown in the panel.
    pub fn save(&mut self) {
        let saved = self.doc.save();
        self.after_save(saved);
    }

    /// Saves the plan to a new file chosen by the user.
    pub fn save_as(&mut self, path: &Path) {
        let saved = self.doc.save_as(path);
        self.after_save(saved);
    }

    fn after_save(&mut self, saved: Result<PathBuf, DocumentError>) {
        match saved {
            Ok(path) => {
                let folder = std::path::absolute(&path)
                    .ok()
                    .and_then(|p| p.parent().map(Path::to_path_buf));
                log::info!("saved {}", path.display());
                self.set_status(Some(format!("Saved {}", path.display())), folder, true);
                self.error = None;
                if let Some(recovery) = &self.recovery_path {
                    recovery::remove(recovery);
                }
                self.remember(&path);
            }
            Err(DocumentError::ChangedOnDisk(path)) => self.disk_conflict = Some(path),
            Err(e) => {
                log::warn!("save failed: {e:#}");
                self.error = Some(format!("{e:#}"));
            }
        }
    }

    /// Asks what to do about a plan file changed on disk by someone else: Overwrite (ours
    /// wins), Save as… (keep both), Reload (theirs wins, our edits go).
    pub(super) fn disk_conflict_dialog(&mut self, ctx: &egui::Context) {
        let Some(path) = self.disk_conflict.clone() else {
            return;
        };
        let mut answer = None;
        egui::Modal::new(egui::Id::unique("changed on disk")).show(ctx, |ui| {
            ui.label(format!(
                "{} changed on disk since it was opened or last saved: another window, or a copy \
                 synced from another computer. Saving now would replace that change.",
                path.display()
            ));
            ui.horizontal(|ui| {
                for choice in ["Overwrite", "Save as…", "Reload", "Cancel"] {
                    if ui.button(choice).clicked() {
                        answer = Some(choice);
                    }
                }
            });
        });
        match answer {
            Some("Overwrite") => {
                self.disk_conflict = None;
                let saved = self.doc.save_overwriting();
                self.after_save(saved);
            }
            Some("Save as…") => {
                self.disk_conflict = None;
                self.show_save_as_dialog();
            }
            Some("Reload") => {
                self.disk_conflict = None;
                self.open_now(&path);
            }
            Some(_) => self.disk_conflict = None,
            None => {}
        }
    }

    /// Opens the dialog to choose a photo or plan (Ctrl+O).
    pub fn show_open_dialog(&mut self) {
        let folder = self.settings.start_folder();
        self.show_dialog(Purpose::Open, folder, String::new());
    }

    /// The system's file dialog where there is one, else the window's own.
    fn show_dialog(&mut self, purpose: Purpose, folder: PathBuf, name: String) {
        if self.native_dialogs {
            self.native = Some(NativeDialog::start(purpose, folder, name));
            return;
        }
        let recent = match purpose {
            Purpose::Open => self.settings.recent.clone(),
            _ => Vec::new(),
        };
        self.dialog = Some(FileDialog::new(purpose, folder, name, recent));
    }

    /// Opens the dialog to save the plan under a new name (Ctrl+Shift+S), in the plan's or
    /// photo's folder.
    pub fn show_save_as_dialog(&mut self) {
        let current = self
            .doc
            .plan_path
            .clone()
            .or(self.doc.photo_path_absolute());
        let folder = current
            .as_deref()
            .and_then(Path::parent)
            .filter(|d| d.is_dir())
            .map_or_else(|| self.settings.start_folder(), Path::to_owned);
        let name = current.map_or_else(|| "plan".into(), |p| files::suggested_name(&p));
        self.show_dialog(Purpose::SaveAs, folder, name);
    }

    /// Opens the dialog to choose the clinic's logo.
    pub(super) fn show_logo_dialog(&mut self) {
        let folder = self.settings.start_folder();
        self.show_dialog(Purpose::ClinicLogo, folder, String::new());
    }

    /// Asks for another photo of the patient, to be added to the case as `view`.
    pub(super) fn show_add_view_dialog(&mut self, view: crate::core::head::HeadView) {
        self.add_view_as = view;
        let folder = self.settings.start_folder();
        self.show_dialog(Purpose::AddView, folder, String::new());
    }

    /// Adds the chosen photo as a view of the case and shows it.
    fn add_view_now(&mut self, photo: &Path) {
        match self.doc.add_view(photo, self.add_view_as) {
            Ok(_) => {
                self.error = None;
                let name = self.add_view_as.name();
                self.status = Some(format!(
                    "Added the {name} view: check its head outline (Head section) and save the case"
                ));
            }
            Err(e) => self.error = Some(format!("{e:#}")),
        }
    }

    fn show_locate_dialog(&mut self) {
        let folder = self.settings.start_folder();
        self.show_dialog(Purpose::LocatePhoto, folder, String::new());
    }

    /// Follows the system dialog, or draws the window's own, and acts on the user's choice.
    pub(super) fn file_dialog(&mut self, ctx: &egui::Context) {
        if let Some(native) = &self.native {
            let (purpose, folder, name) =
                (native.purpose, native.folder.clone(), native.name.clone());
            match native.poll() {
                Poll::Pending => {
                    ctx.request_repaint_after(std::time::Duration::from_millis(100));
                    return;
                }
                Poll::Chosen(path) => {
                    self.native = None;
                    let folder = path.parent().map_or(folder, Path::to_owned);
                    self.chosen(purpose, folder, path);
                }
                Poll::Cancelled => self.native = None,
                Poll::Unavailable => {
                    log::info!("no system file dialog answered: using the window's own");
                    self.native = None;
                    self.native_dialogs = false;
                    self.show_dialog(purpose, folder, name);
                }
            }
            return;
        }
        let Some(dialog) = &mut self.dialog else {
            return;
        };
        let outcome = dialog.show(ctx);
        let (purpose, folder) = (dialog.purpose(), dialog.folder().to_owned());
        match outcome {
            Outcome::Pending => return,
            Outcome::Cancelled => {}
            Outcome::Chosen(path) => self.chosen(purpose, folder, path),
        }
        self.dialog = None;
    }

    /// A file chosen in a dialog for `purpose`, in `folder`.
    fn chosen(&mut self, purpose: Purpose, folder: PathBuf, path: PathBuf) {
        self.settings.last_folder = Some(folder);
        match purpose {
            Purpose::Open => self.open(&path),
            Purpose::SaveAs => self.save_as(&path),
            Purpose::LocatePhoto => self.locate_photo(&path),
            Purpose::AddView => self.add_view_now(&path),
            Purpose::ClinicLogo => {
                self.settings.clinic_logo = Some(path);
                if let Err(message) = self.settings.store(self.settings_path.as_deref()) {
                    self.status = Some(message);
                }
            }
        }
    }

    /// Opens the plan whose photo moved with `photo`, first asking about unsaved changes.
    fn locate_photo(&mut self, photo: &Path) {
        if let Some(Locate::View(view)) = self.locate {
            self.locate_view_photo(view, photo);
        } else if self.doc.has_unsaved_changes() {
            self.confirm = Some(Pending::Locate(photo.to_owned()));
        } else {
            self.locate_photo_now(photo);
        }
    }

    fn locate_photo_now(&mut self, photo: &Path) -> bool {
        let Some(plan_path) = self.plan_missing_its_photo().map(Path::to_owned) else {
            return false;
        };
        match Document::open_with_photo(&plan_path, photo) {
            Ok(doc) => {
                self.replace_document(doc);
                self.status = Some("Photo found: save the plan to keep its new place".into());
                self.remember(&plan_path);
                true
            }
            Err(e) => {
                self.error = Some(format!("{e:#}"));
                false
            }
        }
    }

    /// Takes `photo` as the moved photo of view `view` of the case.
    fn locate_view_photo(&mut self, view: usize, photo: &Path) {
        match self.doc.locate_view_photo(view, photo) {
            Ok(()) => {
                self.locate = None;
                self.error = None;
                self.view.request_fit();
                self.status = Some("Photo found: save the case to keep its new place".into());
            }
            Err(e) => self.error = Some(format!("{e:#}")),
        }
    }

    /// Under the error of a plan whose photo moved: a button to find the photo.
    pub(super) fn locate_banner(&mut self, ui: &mut egui::Ui) {
        // Only beside its error: once that is dismissed, the offer goes with it.
        if self.error.is_none() {
            self.locate = None;
        }
        if self.locate.is_some()
            && ui
                .button("Locate photo…")
                .on_hover_text("Find the photo it was drawn on; the file then refers to it")
                .clicked()
        {
            self.show_locate_dialog();
        }
    }

    /// Intercepts closing with unsaved changes, and asks Save / Don't save / Cancel before a
    /// close or an open replaces them.
    pub(super) fn guard_unsaved(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested())
            && !self.allow_close
            && self.doc.has_unsaved_changes()
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.confirm = Some(Pending::Close);
        }
        let Some(pending) = &self.confirm else {
            return;
        };
        let question = match pending {
            Pending::Close => format!("Save the changes to {} before closing?", self.doc.name),
            Pending::Open(path) | Pending::Locate(path) => format!(
                "Save the changes to {} before opening {}?",
                self.doc.name,
                path.file_name().unwrap_or_default().to_string_lossy()
            ),
            Pending::Recover(_) => format!(
                "Save the changes to {} before recovering the unsaved plan?",
                self.doc.name
            ),
            Pending::Sample(sample) => format!(
                "Save the changes to {} before opening the sample {}?",
                self.doc.name,
                sample.label()
            ),
        };
        match ask_save_first(ctx, &question) {
            Some(Answer::Save) => {
                self.save();
                if self.error.is_none() {
                    self.go_on(ctx);
                }
            }
            Some(Answer::DontSave) => {
                // The discarded changes' recovery file goes only once they are really gone
                // (a recovered plan has just been written there instead).
                let recovering = matches!(self.confirm, Some(Pending::Recover(_)));
                if self.go_on(ctx)
                    && !recovering
                    && let Some(path) = &self.recovery_path
                {
                    recovery::remove(path);
                }
            }
            Some(Answer::Cancel) => {
                // A plan offered back stays offered.
                if let Some(Pending::Recover(record)) = self.confirm.take() {
                    self.offered_recovery = Some(*record);
                }
            }
            None => {}
        }
    }

    /// Carries out what waited for the unsaved-changes answer; returns whether the current
    /// document was left (closed or replaced).
    fn go_on(&mut self, ctx: &egui::Context) -> bool {
        match self.confirm.take() {
            Some(Pending::Close) => {
                self.allow_close = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                true
            }
            Some(Pending::Open(path)) => self.open_now(&path),
            Some(Pending::Locate(photo)) => self.locate_photo_now(&photo),
            Some(Pending::Recover(record)) => self.recover_now(*record),
            Some(Pending::Sample(sample)) => self.open_sample_now(sample),
            None => false,
        }
    }
}

enum Answer {
    Save,
    DontSave,
    Cancel,
}

fn ask_save_first(ctx: &egui::Context, question: &str) -> Option<Answer> {
    let mut answer = None;
    egui::Modal::new(egui::Id::unique("unsaved changes")).show(ctx, |ui| {
        ui.label(question);
        ui.horizontal(|ui| {
            if ui.button("Save").clicked() {
                answer = Some(Answer::Save);
            }
            if ui.button("Don't save").clicked() {
                answer = Some(Answer::DontSave);
            }
            if ui.button("Cancel").clicked() {
                answer = Some(Answer::Cancel);
            }
        });
    });
    answer
}

/// Opens `folder` in the system's file manager.
pub(super) fn show_folder(folder: &Path) -> std::io::Result<()> {
    let program = if cfg!(target_os = "windows") {
        "explorer"
    } else if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    std::process::Command::new(program)
        .arg(folder)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|_| ())
}
