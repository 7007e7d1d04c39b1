//! The in-app file dialog (open, save as, locate a moved photo): a folder listing drawn with
//! egui, so it needs no desktop toolkit and works the same everywhere. The rules of what is
//! listed and where a plan is saved live in [`crate::io::files`].

use std::path::{Path, PathBuf};

use egui::RichText;

use crate::io::files::{self, Entry, Purpose};

/// What the dialog came to this frame.
#[derive(Debug, PartialEq)]
pub enum Outcome {
    Pending,
    Cancelled,
    Chosen(PathBuf),
}

pub struct FileDialog {
    purpose: Purpose,
    folder: PathBuf,
    /// The folder field as typed.
    folder_field: String,
    listing: Result<Vec<Entry>, String>,
    /// The file name as typed or clicked.
    name: String,
    /// Recent files offered by the Open dialog.
    recent: Vec<PathBuf>,
    /// A problem with the current choice, shown above the buttons.
    message: Option<String>,
    /// "Save as" onto an existing file: the path the user must confirm.
    confirm_replace: Option<PathBuf>,
}

/// Height of the folder listing, points.
const LISTING_HEIGHT_PT: f32 = 300.0;

impl FileDialog {
    /// A dialog for `purpose` in `folder`, with `name` filled in (for "Save as").
    pub fn new(purpose: Purpose, folder: PathBuf, name: String, recent: Vec<PathBuf>) -> Self {
        let mut dialog = FileDialog {
            purpose,
            folder: PathBuf::new(),
            folder_field: String::new(),
            listing: Ok(Vec::new()),
            name,
            recent: recent.into_iter().filter(|p| p.is_file()).collect(),
            message: None,
            confirm_replace: None,
        };
        dialog.navigate(folder);
        dialog
    }

    pub fn purpose(&self) -> Purpose {
        self.purpose
    }

    /// The folder shown, which becomes the remembered last folder when a file is chosen.
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    fn navigate(&mut self, folder: PathBuf) {
        let folder = std::path::absolute(&folder).unwrap_or(folder);
        self.listing = files::list_folder(&folder, self.purpose)
            .map_err(|e| format!("cannot list {}: {e}", folder.display()));
        self.folder_field = folder.display().to_string();
        self.folder = folder;
        self.confirm_replace = None;
    }

    fn title(&self) -> &'static str {
        match self.purpose {
            Purpose::Open => "Open a photo or plan",
            Purpose::SaveAs => "Save the plan as",
            Purpose::LocatePhoto => "Find this plan's photo",
            Purpose::ClinicLogo => "The clinic's logo for the plan sheet",
            Purpose::AddView => "A photo of the same patient from another view",
        }
    }

    fn confirm_label(&self) -> &'static str {
        match self.purpose {
            Purpose::Open => "Open",
            Purpose::SaveAs => "Save",
            Purpose::LocatePhoto => "Use this photo",
            Purpose::ClinicLogo => "Use this logo",
            Purpose::AddView => "Add this view",
        }
    }

    /// Draws the dialog as a modal window.
    pub fn show(&mut self, ctx: &egui::Context) -> Outcome {
        let mut outcome = Outcome::Pending;
        let modal = egui::Modal::new(egui::Id::unique("file dialog")).show(ctx, |ui| {
            ui.set_width(560.0);
            ui.heading(self.title());
            self.folder_row(ui);
            if self.purpose == Purpose::Open {
                self.recent_row(ui, &mut outcome);
            }
            self.listing_view(ui, &mut outcome);
            self.name_row(ui, &mut outcome);
        });
        if modal.should_close() && outcome == Outcome::Pending {
            return Outcome::Cancelled;
        }
        outcome
    }

    fn folder_row(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            if ui.button("Up").on_hover_text("The folder above").clicked()
                && let Some(parent) = self.folder.parent()
            {
                self.navigate(parent.to_owned());
            }
            if let Some(home) = home_folder()
                && ui.button("Home").clicked()
            {
                self.navigate(home);
            }
            let label = ui.label("Folder");
            let field =
                egui::TextEdit::singleline(&mut self.folder_field).desired_width(f32::INFINITY);
            let response = ui.add(field).labelled_by(label.id);
            if response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                self.go_to_typed_folder();
            }
        });
    }

    fn go_to_typed_folder(&mut self) {
        let typed = PathBuf::from(self.folder_field.trim());
        if typed.is_dir() {
            self.navigate(typed);
        } else if typed.is_file() {
            if let Some(dir) = typed.parent() {
                self.navigate(dir.to_owned());
            }
            self.name = typed
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        } else {
            self.message = Some(not_a_folder(&typed));
        }
    }

    fn recent_row(&mut self, ui: &mut egui::Ui, outcome: &mut Outcome) {
        if self.recent.is_empty() {
            return;
        }
        ui.label(RichText::new("Recent").strong());
        for path in &self.recent {
            let name = path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into(),
            );
            let button = ui.selectable_label(false, format!("{name}   ({})", parent_of(path)));
            if button.on_hover_text(path.display().to_string()).clicked() {
                *outcome = Outcome::Chosen(path.clone());
            }
        }
        ui.separator();
    }

    fn listing_view(&mut self, ui: &mut egui::Ui, outcome: &mut Outcome) {
        let mut go_to = None;
        // A fixed height: the file name field below stays where it is, whatever the folder
        // holds (a growing list moved it under the pointer, and a click meant for it chose a
        // listed file instead).
        egui::ScrollArea::vertical()
            .min_scrolled_height(LISTING_HEIGHT_PT)
            .max_height(LISTING_HEIGHT_PT)
            .auto_shrink([false, false])
            .show(ui, |ui| match &self.listing {
                Err(message) => {
                    ui.colored_label(super::palette::error(ui.visuals()), message);
                }
                Ok(entries) if entries.is_empty() => {
                    ui.label(RichText::new("No folders or matching files here").weak());
                }
                Ok(entries) => {
                    for entry in entries {
                        let text = if entry.is_dir {
                            format!("{}/", entry.name)
                        } else {
                            entry.name.clone()
                        };
                        let selected = !entry.is_dir && entry.name == self.name;
                        let response = ui.selectable_label(selected, text);
                        if entry.is_dir && response.clicked() {
                            go_to = Some(entry.path.clone());
                        } else if response.double_clicked() {
                            *outcome = Outcome::Chosen(entry.path.clone());
                        } else if response.clicked() {
                            self.name = entry.name.clone();
                            self.confirm_replace = None;
                        }
                    }
                }
            });
        if let Some(folder) = go_to {
            self.navigate(folder);
        }
        if self.purpose == Purpose::SaveAs
            && let Outcome::Chosen(path) = outcome
        {
            // A double-clicked plan is a file to replace: confirm first.
            self.confirm_replace = Some(path.clone());
            *outcome = Outcome::Pending;
        }
    }

    fn name_row(&mut self, ui: &mut egui::Ui, outcome: &mut Outcome) {
        ui.horizontal(|ui| {
            let label = ui.label("File name");
            let field = egui::TextEdit::singleline(&mut self.name).desired_width(300.0);
            let response = ui.add(field).labelled_by(label.id);
            let entered = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if response.changed() {
                self.confirm_replace = None;
            }
            if ui.button(self.confirm_label()).clicked() || entered {
                *outcome = self.confirm();
            }
            if ui.button("Cancel").clicked() {
                *outcome = Outcome::Cancelled;
            }
        });
        if let Some(path) = &self.confirm_replace {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            ui.colored_label(
                super::palette::warning(ui.visuals()),
                format!("{name} exists: press Save again to replace it"),
            );
        } else if let Some(message) = &self.message {
            ui.colored_label(super::palette::error(ui.visuals()), message);
        }
    }

    /// The chosen file, if the typed name makes one; otherwise says why not.
    fn confirm(&mut self) -> Outcome {
        self.message = None;
        if !self.follow_typed_folder() {
            return Outcome::Pending;
        }
        if self.purpose == Purpose::SaveAs {
            return self.confirm_save_as();
        }
        let path = self.folder.join(self.name.trim());
        if self.name.trim().is_empty() || !path.is_file() {
            self.message = Some("choose a file from the list".into());
            return Outcome::Pending;
        }
        if !self.purpose.accepts(&path) {
            self.message = Some(match self.purpose {
                Purpose::LocatePhoto => "choose a photo (JPEG, PNG, WebP or TIFF)".into(),
                _ => "choose a photo or a .json plan".into(),
            });
            return Outcome::Pending;
        }
        Outcome::Chosen(path)
    }

    /// A folder typed but not entered is where the file goes (it used to go to the folder
    /// listed, while the field showed another); false, with the reason shown, if the typed
    /// one is not a folder. Unlike Enter in the field, a file's path is refused here: taking
    /// its folder and name would silently replace the name the user typed.
    fn follow_typed_folder(&mut self) -> bool {
        let typed = PathBuf::from(self.folder_field.trim());
        if std::path::absolute(&typed).is_ok_and(|t| t == self.folder) {
            return true;
        }
        if typed.is_dir() {
            self.navigate(typed);
            return true;
        }
        self.message = Some(not_a_folder(&typed));
        false
    }

    fn confirm_save_as(&mut self) -> Outcome {
        match files::save_as_path(&self.folder, &self.name) {
            Err(e) => {
                self.message = Some(e.to_string());
                Outcome::Pending
            }
            Ok(path) if path.exists() && self.confirm_replace.as_ref() != Some(&path) => {
                self.confirm_replace = Some(path);
                Outcome::Pending
            }
            Ok(path) => Outcome::Chosen(path),
        }
    }
}

fn parent_of(path: &Path) -> String {
    path.parent()
        .map_or_else(String::new, |p| p.display().to_string())
}

/// The user's home folder, if the platform names one.
fn home_folder() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .or_else(|| std::env::var_os("USERPROFILE"))
        .map(PathBuf::from)
        .filter(|p| p.is_dir())
}

/// Why a typed folder cannot be used.
fn not_a_folder(typed: &Path) -> String {
    format!(
        "{} is not a folder: correct the Folder field or choose one from the list",
        typed.display()
    )
}
