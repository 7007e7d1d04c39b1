//! The window: an egui side panel that edits the plan and a central preview drawn by the
//! shared GPU renderer through an egui-wgpu paint callback.

mod beside_render;
mod document;
mod drop_paste;
mod edit;
mod export_job;
mod exporting;
mod file_actions;
mod file_dialog;
mod frame_log;
mod head_outline;
mod heatmap;
mod labels;
mod native_dialog;
mod numbers_panel;
mod paint;
mod palette;
mod panel;
mod preview_gpu;
mod recovery;
mod recovery_offer;
mod settings;
mod shortcuts;
mod stubble;
mod undo;
mod versioned;
mod view;
mod view_strip;
mod zoom;

use std::path::PathBuf;
use std::sync::Arc;

pub use document::{Document, DocumentError};
pub use labels::preview_labels;
use preview_gpu::GpuPreview;
pub use recovery::Recovery;
pub use versioned::Versioned;
pub use view::ViewState;

/// The window could not be opened (no display, no usable graphics adapter…).
#[derive(Debug, thiserror::Error)]
// The cause is in the message and not a `source`, so `{:#}` in main prints it once.
#[error("cannot open the window: {0}")]
pub struct WindowError(eframe::Error);

/// Opens the window on `path` (photo or plan) or on the bundled sample.
pub fn run(path: Option<PathBuf>) -> Result<(), WindowError> {
    frame_log::mark_launch();
    crate::io::logging::init_window(recovery::recovery_dir().as_deref());
    let mut wgpu_setup = egui_wgpu::WgpuSetupCreateNew::without_display_handle();
    wgpu_setup.device_descriptor = Arc::new(crate::render::gpu::device_descriptor);
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("smp-preview")
            .with_icon(app_icon())
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([640.0, 400.0])
            .with_drag_and_drop(true),
        renderer: eframe::Renderer::Wgpu,
        wgpu_options: egui_wgpu::WgpuConfiguration {
            wgpu_setup: egui_wgpu::WgpuSetup::CreateNew(wgpu_setup),
            surface: surface_config(),
            ..Default::default()
        },
        ..Default::default()
    };
    eframe::run_native(
        "smp-preview",
        options,
        Box::new(move |cc| Ok(Box::new(SmpApp::new(cc, path.as_deref())?))),
    )
    .map_err(WindowError)
}

/// The application state: the open document, the view, and the last error to show.
pub struct SmpApp {
    doc: Document,
    view: ViewState,
    error: Option<String>,
    /// Last confirmation to show (e.g. where the plan was saved).
    status: Option<String>,
    /// The folder the status message is about (a save's, an export's), offered to open.
    status_folder: Option<PathBuf>,
    /// The message is about the plan as saved: it goes once the plan changes.
    status_clears_on_edit: bool,
    /// A save found the plan file changed on disk: the window asks what to do.
    disk_conflict: Option<PathBuf>,
    /// A close or an open waiting for the answer to "save the changes first?".
    confirm: Option<file_actions::Pending>,
    /// The user chose to close: let the next close request through.
    allow_close: bool,
    /// Show the frame-time readout (F12).
    show_frame_time: bool,
    /// The window title last sent: the document's name and its unsaved mark.
    title_sent: String,
    /// Where unsaved plans are autosaved, if the platform has a data folder.
    recovery_path: Option<PathBuf>,
    /// The lock that keeps `recovery_path` this window's while it runs.
    recovery_slot: Option<recovery::Slot>,
    autosaver: recovery::Autosaver,
    /// A plan left by a crashed session, offered back until recovered or discarded.
    offered_recovery: Option<recovery::Recovery>,
    numbers: numbers_panel::NumbersCache,
    export: export_job::ExportJob,
    frame_log: frame_log::FrameLog,
    /// The open file dialog, if any.
    dialog: Option<file_dialog::FileDialog>,
    /// The system's file dialog, while one is shown.
    native: Option<native_dialog::NativeDialog>,
    /// Whether to try the system's dialogs (the window's: yes where there are any; tests: no).
    native_dialogs: bool,
    /// The view a photo being added to the case shows.
    add_view_as: crate::core::head::HeadView,
    /// The case's views as small pictures, for the strip of views.
    thumbnails: view_strip::Thumbnails,
    /// Recent files and the last folder, kept between runs.
    settings: settings::Settings,
    settings_path: Option<PathBuf>,
    /// A photo that moved, which the window offers to locate beside its error.
    locate: Option<file_actions::Locate>,
    /// The lost GPU device has been reported (and the plan written to the recovery file).
    device_lost_reported: bool,
    /// Tells whether the window's GPU device was lost (none without a GPU, as in UI tests).
    device_lost: Option<crate::render::gpu::context::DeviceLost>,
    /// Tests only ([`SmpApp::panic_on_next_frame`]).
    panic_next_frame: bool,
}

impl SmpApp {
    fn new(
        cc: &eframe::CreationContext<'_>,
        path: Option<&std::path::Path>,
    ) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        let render_state = cc
            .wgpu_render_state
            .as_ref()
            .ok_or("the window has no wgpu renderer")?;
        let device_lost = crate::render::gpu::context::install_error_logging(&render_state.device);
        let cpu_dots = dots_on_cpu(&render_state.adapter.get_info());
        let preview = GpuPreview::new(&render_state.device, render_state.target_format, cpu_dots);
        render_state
            .renderer
            .write()
            .callback_resources
            .insert(preview);
        let mut app = Self::with_document(path);
        app.device_lost = Some(device_lost);
        app.native_dialogs = native_dialog::wanted();
        Ok(app)
    }

    /// The app on the sample, then on `path` if given; a path that fails to open leaves the
    /// sample open and shows the error.
    pub fn with_document(path: Option<&std::path::Path>) -> Self {
        let slot = recovery::recovery_dir().map(|dir| recovery::claim_slot(&dir));
        let mut app = Self::with_recovery(path, slot.as_ref().map(|s| s.path.clone()));
        app.recovery_slot = slot;
        app
    }

    /// Like [`SmpApp::with_document`], autosaving to `recovery_path` (tests use a temporary one).
    pub fn with_recovery(path: Option<&std::path::Path>, recovery_path: Option<PathBuf>) -> Self {
        let (doc, error) = match Document::sample() {
            Ok(doc) => (doc, None),
            Err(e) => (Document::blank(), Some(format!("{e:#}"))),
        };
        let mut app = SmpApp {
            doc,
            view: ViewState::default(),
            error,
            status: None,
            status_folder: None,
            status_clears_on_edit: false,
            disk_conflict: None,
            confirm: None,
            allow_close: false,
            show_frame_time: false,
            title_sent: String::new(),
            recovery_path,
            recovery_slot: None,
            autosaver: recovery::Autosaver::default(),
            offered_recovery: None,
            numbers: numbers_panel::NumbersCache::default(),
            export: export_job::ExportJob::default(),
            frame_log: frame_log::FrameLog::from_env(),
            dialog: None,
            native: None,
            native_dialogs: false,
            add_view_as: crate::core::head::HeadView::Top,
            thumbnails: Default::default(),
            settings: settings::Settings::default(),
            settings_path: None,
            locate: None,
            device_lost_reported: false,
            device_lost: None,
            panic_next_frame: false,
        };
        app.settings_path = settings::settings_path(app.recovery_path.as_deref());
        app.settings = settings::Settings::load(app.settings_path.as_deref());
        app.offered_recovery = app.recovery_path.as_deref().and_then(recovery::read);
        if let Some(path) = path {
            app.open(path);
        }
        app
    }

    pub fn document(&self) -> &Document {
        &self.doc
    }

    pub fn view(&self) -> &ViewState {
        &self.view
    }

    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    fn file_bar_action(&mut self, action: panel::FileBarAction) {
        if action.open {
            self.show_open_dialog();
        }
        if let Some(path) = action.open_recent {
            self.open(&path);
        }
        if let Some(sample) = action.open_sample {
            self.open_sample(sample);
        }

        if action.save {
            self.save();
        }
        if action.save_as {
            self.show_save_as_dialog();
        }
        if action.cancel_export {
            self.export.cancel();
        }
        if action.undo {
            self.undo_redo(false);
        }
        if action.redo {
            self.undo_redo(true);
        }
        if action.export {
            self.export();
        }
    }

    /// Undoes (or redoes) an edit; in a case that may show another view, which the preview
    /// then fits as a click in the strip would.
    fn undo_redo(&mut self, redo: bool) {
        let before = self.shown_view();
        let _ = if redo {
            self.doc.redo()
        } else {
            self.doc.undo()
        };
        self.follow_view_change(before);
    }

    fn handle_shortcuts(&mut self, ctx: &egui::Context) {
        if self.dialog_open() || self.confirm.is_some() {
            return;
        }
        let pressed = |shortcut| ctx.input_mut(|i| i.consume_shortcut(shortcut));
        // Shift variants first: Ctrl+S also matches Ctrl+Shift+S.
        if pressed(&shortcuts::SAVE_AS) {
            self.show_save_as_dialog();
        } else if pressed(&shortcuts::SAVE) {
            self.save();
        }
        if pressed(&shortcuts::OPEN) {
            self.show_open_dialog();
        }
        if pressed(&shortcuts::REDO) || pressed(&shortcuts::REDO_Y) {
            self.undo_redo(true);
        } else if pressed(&shortcuts::UNDO) {
            self.undo_redo(false);
        }
        if ctx.input(|i| i.key_pressed(egui::Key::F12)) {
            self.show_frame_time = !self.show_frame_time;
        }
        self.view_shortcuts(ctx);
    }

    /// F fit, 1 for 100 %, H heat-map, S side by side, hold Space for "before"; not while
    /// typing in a field.
    fn view_shortcuts(&mut self, ctx: &egui::Context) {
        if ctx.egui_wants_keyboard_input() {
            self.view.hold_before = false;
            return;
        }
        let pressed = |key| ctx.input(|i| i.key_pressed(key) && i.modifiers.is_none());
        if pressed(egui::Key::F) {
            self.view.request_fit();
        }
        if pressed(egui::Key::Num1) {
            self.view.actual_size();
        }
        if pressed(egui::Key::H) {
            self.view.show_heat_map = !self.view.show_heat_map;
        }
        if pressed(egui::Key::S) {
            self.view.side_by_side = !self.view.side_by_side;
            self.view.request_fit();
        }
        self.view.hold_before = ctx.input(|i| i.key_down(egui::Key::Space));
    }
}

impl eframe::App for SmpApp {
    /// A clean exit (nothing unsaved, or "Don't save") leaves no recovery file behind, but a
    /// plan offered back and not yet answered stays in it, to be offered at the next start.
    fn on_exit(&mut self) {
        self.export.wait();
        let keep = self.doc.has_unsaved_changes() && !self.allow_close;
        let Some(path) = &self.recovery_path else {
            return;
        };
        match (&self.offered_recovery, keep) {
            (_, true) => {}
            (Some(record), false) => {
                if let Err(e) = recovery::write_record(record, path) {
                    log::error!(
                        "keeping the unrecovered plan in {} failed: {e}",
                        path.display()
                    );
                }
            }
            (None, false) => recovery::remove(path),
        }
    }

    /// The panels' colour: the panels themselves are not filled (see [`unfilled_panel`]).
    fn clear_color(&self, visuals: &egui::Visuals) -> [f32; 4] {
        visuals.panel_fill.to_normalized_gamma_f32()
    }

    /// One frame. Should any of it panic, the unsaved plan is written to the recovery file
    /// first (offered back at the next start), then the panic goes on as before.
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let frame = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.frame(ui)));
        if let Err(panic) = frame {
            self.keep_plan_after_panic();
            std::panic::resume_unwind(panic);
        }
    }
}

impl SmpApp {
    /// Tests only: the next frame panics, as a bug in the UI code would.
    #[doc(hidden)]
    pub fn panic_on_next_frame(&mut self) {
        self.panic_next_frame = true;
    }

    /// After a panic: the plan's unsaved changes go to the recovery file, and stderr says so.
    fn keep_plan_after_panic(&mut self) {
        let Some(path) = &self.recovery_path else {
            return;
        };
        // A plan left invalid by the failed frame would only replace the last good autosave
        // with a file the next start sets aside as unreadable.
        if !self.doc.has_unsaved_changes() || self.doc.plan.validate().is_err() {
            return;
        }
        match recovery::write(&self.doc, path) {
            Ok(()) => eprintln!(
                "smp-preview: the open plan was written to {} and is offered back at the next start",
                path.display()
            ),
            Err(e) => eprintln!(
                "smp-preview: writing the plan to {} failed: {e}",
                path.display()
            ),
        }
    }

    fn frame(&mut self, ui: &mut egui::Ui) {
        if std::mem::take(&mut self.panic_next_frame) {
            panic!("panic requested by a test");
        }
        let started = std::time::Instant::now();
        self.handle_dropped_files(ui.ctx());
        self.handle_pasted_image(ui.ctx());
        self.handle_shortcuts(ui.ctx());
        self.guard_unsaved(ui.ctx());
        self.poll_export(ui.ctx());
        self.report_device_lost();
        // The impressions and numbers this frame shows follow the plan as it stands (a second
        // pass after a preview edit, an undo, a file opened).
        self.doc.refresh();
        // "Saved …" no longer holds once the plan has changed.
        if self.status_clears_on_edit && self.doc.has_unsaved_changes() {
            self.set_status(None, None, false);
        }
        let mut action = panel::FileBarAction::default();
        let mut choose_logo = false;
        let mut add_view = None;
        let mut show_view = None;
        egui::Panel::left("controls")
            .frame(unfilled_panel(ui.style()))
            .resizable(false)
            .exact_size(280.0)
            .show(ui, |ui| {
                let exporting = self.export.steps();
                let recent = &self.settings.recent;
                action = panel::file_bar(ui, &self.doc, exporting, recent);
                self.recovery_banner(ui);
                self.locate_banner(ui);
                panel::banners(ui, &self.doc, &mut self.error);
                let (doc, view, numbers) = (&mut self.doc, &mut self.view, &mut self.numbers);
                let settings = &mut self.settings;
                let changed = egui::ScrollArea::vertical()
                    .show(ui, |ui| panel::controls(ui, doc, view, numbers, settings));
                if changed.inner.settings_changed
                    && let Err(message) = self.settings.store(self.settings_path.as_deref())
                {
                    self.status = Some(message);
                }
                choose_logo = changed.inner.choose_logo;
                add_view = changed.inner.add_view;
                show_view = changed.inner.show_view;
            });
        self.file_bar_action(action);
        if choose_logo {
            self.show_logo_dialog();
        }
        if let Some(view) = add_view {
            self.show_add_view_dialog(view);
        }
        if let Some(i) = show_view {
            self.show_view(i);
        }
        // Again after the panel's edits, so that the preview shows them.
        self.doc.refresh();
        let show_folder = egui::Panel::bottom("status bar")
            .frame(unfilled_panel(ui.style()))
            .show(ui, |ui| {
                let message = (self.status.as_deref(), self.status_folder.is_some());
                panel::status_bar(ui, &self.doc, &self.view, message)
            });
        if show_folder.inner
            && let Some(folder) = &self.status_folder
            && let Err(e) = file_actions::show_folder(folder)
        {
            self.error = Some(format!("cannot open the folder {}: {e}", folder.display()));
        }
        self.views_strip(ui);
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| view::preview(ui, &mut self.doc, &mut self.view));
        self.file_dialog(ui.ctx());
        self.disk_conflict_dialog(ui.ctx());
        self.drop_hint(ui.ctx());
        if self.show_frame_time {
            frame_time_readout(ui);
        }
        self.end_frame(ui.ctx(), started);
    }

    /// After a frame's UI: the undo history, the autosave and the frame log; asks for the
    /// frames these need later.
    fn end_frame(&mut self, ctx: &egui::Context, started: std::time::Instant) {
        let now = ctx.input(|i| i.time);
        self.doc.feed_undo(now);
        if self.doc.undo_step_pending() {
            let settled = document::UNDO_STABLE_S + 0.05;
            ctx.request_repaint_after(std::time::Duration::from_secs_f32(settled));
        }
        self.autosave(ctx, now);
        let shown = self.doc.impressions().len();
        self.frame_log.record(ctx, shown, started);
        let title = self.window_title();
        if title != self.title_sent {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title_sent = title;
        }
    }

    /// The window's title: the document's name, a mark while it has unsaved changes, and the
    /// program's name (what the taskbar shows).
    pub fn window_title(&self) -> String {
        let mark = if self.doc.has_unsaved_changes() {
            " •"
        } else {
            ""
        };
        format!("{}{mark} — smp-preview", self.doc.name)
    }
}

/// A side panel's frame without its fill: the window is cleared to the panel colour instead
/// (`clear_color`). Under llvmpipe egui's shader costs ~0.1 µs a pixel, so the two panels'
/// fills made an idle 1920 × 1080 frame cost 82 core-ms instead of 45 (`bench/idle.sh`).
fn unfilled_panel(style: &egui::Style) -> egui::Frame {
    egui::Frame::side_top_panel(style).fill(egui::Color32::TRANSPARENT)
}

/// The window's icon (`assets/icon.png`); none if it cannot be decoded.
fn app_icon() -> egui::IconData {
    eframe::icon_data::from_png_bytes(include_bytes!("../../assets/icon.png")).unwrap_or_default()
}

/// Vsync'd presentation, except with `SMP_PREVIEW_NO_VSYNC=1` (benchmarks measure the
/// frame cost rather than the display's refresh).
fn surface_config() -> egui_wgpu::SurfaceConfig {
    let mut config = egui_wgpu::SurfaceConfig::HIGH_THROUGHPUT;
    if std::env::var_os("SMP_PREVIEW_NO_VSYNC").is_some() {
        config.present_mode = wgpu::PresentMode::AutoNoVsync;
    }
    config
}

/// Whether the preview's dots are computed on the CPU: on software GPUs (llvmpipe, WARP),
/// unless `SMP_PREVIEW_DOTS=gpu` (or `cpu`) says otherwise.
fn dots_on_cpu(adapter: &wgpu::AdapterInfo) -> bool {
    match std::env::var("SMP_PREVIEW_DOTS").as_deref() {
        Ok("gpu") => false,
        Ok("cpu") => true,
        _ => adapter.device_type == wgpu::DeviceType::Cpu,
    }
}

/// F12: the time between the last frames, drawn over the preview's top-right corner.
fn frame_time_readout(ui: &egui::Ui) {
    let dt_ms = ui.ctx().input(|i| i.unstable_dt) * 1000.0;
    let rect = ui.ctx().content_rect();
    let text = format!("{dt_ms:.1} ms  ({:.0} fps)", 1000.0 / dt_ms.max(0.01));
    ui.ctx().debug_painter().text(
        rect.right_top() + egui::vec2(-12.0, 40.0),
        egui::Align2::RIGHT_TOP,
        text,
        egui::FontId::monospace(14.0),
        egui::Color32::YELLOW,
    );
}
