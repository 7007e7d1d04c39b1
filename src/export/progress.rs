//! How far an export has come, and a request to stop it: shared between the window and the
//! thread writing the files. The export stops between its steps (a render, a file), so each
//! file it has written stays whole.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

#[derive(Debug, Default)]
pub struct ExportProgress {
    done: AtomicUsize,
    total: AtomicUsize,
    cancel: AtomicBool,
}

/// The export was asked to stop.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("export cancelled")]
pub struct Cancelled;

impl ExportProgress {
    /// Steps done and steps in all (0 of 0 before it has started).
    pub fn steps(&self) -> (usize, usize) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }

    /// Asks the export to stop after the step it is on.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    pub(super) fn start(&self, total: usize) {
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
    }

    /// Before a step: stops here if asked to.
    pub(super) fn check(&self) -> Result<(), Cancelled> {
        match self.cancel.load(Ordering::Relaxed) {
            true => Err(Cancelled),
            false => Ok(()),
        }
    }

    /// After a step.
    pub(super) fn step_done(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }
}
