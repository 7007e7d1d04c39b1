//! Plan and case files on disk: reading one (a regular file of at most [`MAX_PLAN_BYTES`], validated)
//! and saving one atomically. An `impl Plan` of its own, so that the core plan stays free of
//! file access.

use std::path::Path;

use crate::core::case::{CASE_VERSION, Case};
use crate::core::plan::{MAX_PLAN_BYTES, Plan, PlanError};
use crate::io::atomic_file::write_atomically;

impl Plan {
    /// Reads and validates a plan file.
    pub fn load(path: &Path) -> Result<Self, PlanError> {
        Self::from_json(&read_limited(path)?)
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

/// What a plan file holds: a single-photo plan (versions 1 and 2) or a case of several views
/// (version 3, [`crate::core::case::CASE_VERSION`]).
#[derive(Clone, Debug, PartialEq)]
pub enum PlanFile {
    Plan(Plan),
    Case(Case),
}

impl PlanFile {
    /// Reads a plan or a case file, by the version it says it is.
    pub fn load(path: &Path) -> Result<Self, PlanError> {
        let text = read_limited(path)?;
        Self::from_json(&text)
    }

    /// Parses a plan or a case, by its version.
    pub fn from_json(text: &str) -> Result<Self, PlanError> {
        #[derive(serde::Deserialize)]
        struct VersionOnly {
            version: u32,
        }
        let bare = text.strip_prefix('\u{feff}').unwrap_or(text);
        match serde_json::from_str::<VersionOnly>(bare)?.version {
            CASE_VERSION => Case::from_json(text).map(PlanFile::Case),
            _ => Plan::from_json(text).map(PlanFile::Plan),
        }
    }
}

impl Case {
    /// Reads and validates a case file (a plan file is refused: see [`PlanFile::load`]).
    pub fn load(path: &Path) -> Result<Self, PlanError> {
        Self::from_json(&read_limited(path)?)
    }

    /// Saves atomically, as [`Plan::save`] does; a case that would not load again is refused.
    pub fn save(&self, path: &Path) -> Result<(), PlanError> {
        self.validate()?;
        let json = self.to_json()?;
        write_atomically(path, json.as_bytes()).map_err(|cause| PlanError::Write {
            path: path.to_owned(),
            cause,
        })
    }
}

/// A regular file of at most [`MAX_PLAN_BYTES`], as text.
fn read_limited(path: &Path) -> Result<String, PlanError> {
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
    std::fs::read_to_string(path).map_err(read_err)
}
