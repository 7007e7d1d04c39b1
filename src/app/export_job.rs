//! The window's Export button: saves the plan, then writes the after-picture, comparison,
//! plan sheet (PDF) and numbers (CSV) beside it on a background thread, so the window stays
//! live while the GPU and the encoders work.

use std::path::PathBuf;
use std::sync::Arc;
use std::thread::JoinHandle;

use image::RgbaImage;

use crate::core::plan::Plan;
use crate::export::outputs::{ExportFailed, ExportTargets, write_exports};

/// Why the window's export stopped.
#[derive(Debug, thiserror::Error)]
pub enum ExportJobError {
    #[error(transparent)]
    Files(#[from] ExportFailed),
    #[error("the export stopped unexpectedly")]
    Stopped,
}

type Outcome = Result<Vec<PathBuf>, ExportJobError>;

/// At most one export at a time.
#[derive(Default)]
pub struct ExportJob {
    running: Option<JoinHandle<Outcome>>,
    progress: Option<Arc<crate::export::progress::ExportProgress>>,
}

impl ExportJob {
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// Starts exporting `plan` (saved at `plan_path`) over `photo`.
    pub fn start(
        &mut self,
        plan: Plan,
        photo: Arc<RgbaImage>,
        plan_path: PathBuf,
        targets: ExportTargets,
    ) {
        if self.is_running() {
            return;
        }
        self.progress = Some(Arc::clone(&targets.progress));
        self.running = Some(std::thread::spawn(move || {
            Ok(write_exports(&plan, Some(&plan_path), &photo, &targets)?)
        }));
    }

    /// Steps done and in all, while an export runs.
    pub fn steps(&self) -> Option<(usize, usize)> {
        self.running.as_ref()?;
        self.progress.as_ref().map(|p| p.steps())
    }

    /// Asks the running export to stop after its current step.
    pub fn cancel(&self) {
        if let Some(progress) = &self.progress {
            progress.cancel();
        }
    }

    /// Waits for a running export to finish (on exit, so that no file is left half-written).
    pub fn wait(&mut self) {
        if let Some(handle) = self.running.take() {
            let _ = handle.join();
        }
    }

    /// The outcome once the export has finished; `None` while it runs or when none was started.
    pub fn poll(&mut self) -> Option<Outcome> {
        if !self.running.as_ref().is_some_and(JoinHandle::is_finished) {
            return None;
        }
        let handle = self.running.take()?;
        Some(handle.join().unwrap_or(Err(ExportJobError::Stopped)))
    }
}
