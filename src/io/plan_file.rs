//! Plan files on disk: reading one (a regular file of at most [`MAX_PLAN_BYTES`], validated)
//! and saving one atomically. An `impl Plan` of its own, so that the core plan stays free of
//! file access.

use std::path::Path;

use crate::core::plan::{MAX_PLAN_BYTES, Plan, PlanError};
use crate::io::atomic_file::write_atomically;

impl Plan {
    /// Reads and validates a plan file.
    pub fn load(path: &Path) -> Result<Self, PlanError> {
        let read_err = |cause| PlanError::Read {
            path: path.to_owned(),
            cause,
        };
        let size = crate::io::files::require_regular_file(path).map_err(read_err)?;
        if size > MAX_PLAN_BYTES {
            return Err(PlanError::TooLarge {
                path: path.to_owned(),
                size,
            });
        }
        let text = std::fs::read_to_string(path).map_err(read_err)?;
        Self::from_json(&text)
    }

    /// Saves atomically: a temporary file beside the target is written, synced and renamed over
    /// it, so an interrupted save leaves the previous file intact. A plan that would not load
    /// again (see [`Plan::validate`]) is refused and nothing is written.
    pub fn save(&self, path: &Path) -> Result<(), PlanError> {
        self.validate()?;
        let json = self.to_json()?;
        write_atomically(path, json.as_bytes()).map_err(|cause| PlanError::Write {
            path: path.to_owned(),
            cause,
        })
    }
}
