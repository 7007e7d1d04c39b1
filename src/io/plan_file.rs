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
        write_json(path, &self.to_json()?)
    }
}

/// Writes a plan's or a case's JSON atomically.
fn write_json(path: &Path, json: &str) -> Result<(), PlanError> {
    write_atomically(path, json.as_bytes()).map_err(|cause| PlanError::Write {
        path: path.to_owned(),
        cause,
    })
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
        Self::from_json(&read_limited(path)?)
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
        write_json(path, &self.to_json()?)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Versions 1 and 2 open as plans (as they always did), version 3 as a case; a file from
    /// a newer version says so.
    #[test]
    fn a_file_opens_as_a_plan_or_a_case_by_its_version() {
        let mut plan = Plan::for_whole_photo(400, 300);
        plan.version = 1;
        let v1 = plan.to_json().unwrap();
        assert!(matches!(PlanFile::from_json(&v1), Ok(PlanFile::Plan(_))));
        let head = crate::core::head::HeadModel::fit(
            crate::core::head::HeadView::Top,
            26.0,
            glam::Vec2::new(400.0, 300.0),
            (glam::Vec2::new(200.0, 150.0), glam::Vec2::new(120.0, 140.0)),
            plan.px_per_mm,
        );
        plan.area = crate::core::plan::starting_area(glam::Vec2::new(400.0, 300.0));
        plan.set_head(head);
        let v2 = plan.to_json().unwrap();
        let Ok(PlanFile::Plan(opened)) = PlanFile::from_json(&v2) else {
            panic!("a version 2 plan opens as a plan");
        };
        let case = Case::from_plan(&opened, "top").unwrap();
        let v3 = case.to_json().unwrap();
        assert!(matches!(PlanFile::from_json(&v3), Ok(PlanFile::Case(c)) if c == case));
        let v4 = v3.replacen("\"version\": 3", "\"version\": 4", 1);
        let err = PlanFile::from_json(&v4).unwrap_err().to_string();
        assert!(err.contains("update smp-preview"), "{err}");
    }
}
