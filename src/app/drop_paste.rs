//! Photos arriving by hand: files dropped on the window (with a hint while they hover) and a
//! picture pasted from the clipboard.

use std::path::PathBuf;

use super::SmpApp;

impl SmpApp {
    /// Files dropped on the window: a plan among them is opened, else the first photo; the
    /// others go to the top of Recent, one click away.
    pub(super) fn handle_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            let paths = i.raw.dropped_files.iter().map(|f| f.path().to_owned());
            paths.filter(|p| !p.as_os_str().is_empty()).collect()
        });
        let is_plan = |p: &&PathBuf| {
            p.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        };
        let Some(chosen) = dropped.iter().find(is_plan).or(dropped.first()).cloned() else {
            return;
        };
        let others: Vec<&PathBuf> = dropped.iter().filter(|p| **p != chosen).collect();
        for other in others.iter().rev() {
            self.remember(other);
        }
        self.open(&chosen);
        if !others.is_empty() {
            let text = format!("{} more dropped files are under Recent", others.len());
            self.set_status(Some(text), None, false);
        }
    }

    /// A picture pasted from the clipboard (Ctrl+V): written as a PNG into the folder the
    /// dialogs start in (a plan refers to its photo by file) and opened like a dropped photo.
    pub(super) fn handle_pasted_image(&mut self, ctx: &egui::Context) {
        let pasted = ctx.input(|i| {
            i.events.iter().find_map(|e| match e {
                egui::Event::PasteImage(image) => Some(std::sync::Arc::clone(image)),
                _ => None,
            })
        });
        let Some(image) = pasted else { return };
        let [w, h] = image.size.map(|s| s as u32);
        let bytes: Vec<u8> = image
            .pixels
            .iter()
            .flat_map(|c| c.to_srgba_unmultiplied())
            .collect();
        let Some(rgba) = image::RgbaImage::from_raw(w, h, bytes) else {
            return;
        };
        let folder = self.settings.start_folder();
        let path = super::document::unused_path_in(&folder, "pasted photo", "png");
        match crate::export::write_png(&path, &rgba) {
            Ok(()) => {
                log::info!("pasted a {w}×{h} photo as {}", path.display());
                self.open(&path);
                self.set_status(
                    Some(format!("Pasted photo saved as {}", path.display())),
                    Some(folder),
                    false,
                );
            }
            Err(e) => self.error = Some(format!("cannot keep the pasted photo: {e}")),
        }
    }

    /// While files are dragged over the window: which one a drop would open.
    pub(super) fn drop_hint(&self, ctx: &egui::Context) {
        let hovered: Vec<String> = ctx.input(|i| {
            let names = i.raw.hovered_files.iter().filter_map(|f| f.path.as_deref());
            names
                .map(|p| {
                    p.file_name()
                        .unwrap_or_default()
                        .to_string_lossy()
                        .into_owned()
                })
                .collect()
        });
        let Some(first) = hovered.first() else { return };
        let text = match hovered.len() {
            1 => format!("Drop to open {first}"),
            n => format!("Drop to open {first} (and {} more, to Recent)", n - 1),
        };
        let screen = ctx.content_rect();
        let layer = egui::LayerId::new(egui::Order::Foreground, egui::Id::unique("drop shade"));
        ctx.layer_painter(layer)
            .rect_filled(screen, 0.0, egui::Color32::from_black_alpha(150));
        egui::Area::new(egui::Id::unique("drop hint"))
            .order(egui::Order::Tooltip)
            .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
            .show(ctx, |ui| {
                ui.label(
                    egui::RichText::new(text)
                        .size(24.0)
                        .color(egui::Color32::WHITE),
                );
            });
    }
}
