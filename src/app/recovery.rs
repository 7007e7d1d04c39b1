//! Crash recovery: while a plan has unsaved changes it is written every 30 s to a recovery file
//! in the app's data folder; after a crash the next start offers it back. Saving or a clean
//! close removes the file.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::Document;
use crate::core::plan::Plan;

/// Seconds between autosaves of a changed plan.
pub const AUTOSAVE_INTERVAL_S: f64 = 30.0;
/// Overrides the recovery folder (tests; portable installs).
const DIR_ENV: &str = "SMP_PREVIEW_RECOVERY_DIR";
const FILE_NAME: &str = "recovery.smp.json";

/// What is written to the recovery file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Recovery {
    pub plan: Plan,
    /// The plan's own file, if it had one.
    pub plan_path: Option<PathBuf>,
    /// The photo, as an absolute path; `None` for the bundled sample.
    pub photo_path: Option<PathBuf>,
    /// When it was written, seconds since 1970.
    pub saved_at_unix_s: u64,
    /// The case, when the document was one (`plan` is then its view `case_view`'s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case: Option<crate::core::case::Case>,
    #[serde(default)]
    pub case_view: usize,
}

impl Recovery {
    /// Minutes since it was written.
    pub fn age_minutes(&self) -> u64 {
        now_unix_s().saturating_sub(self.saved_at_unix_s) / 60
    }

    /// What the plan was, as the banner names it: its file, else its photo's, else the sample.
    pub fn what(&self) -> String {
        let file_name = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned());
        match (&self.plan_path, &self.photo_path) {
            (Some(plan), _) => file_name(plan).unwrap_or_default(),
            (None, Some(photo)) => format!("a plan of {}", file_name(photo).unwrap_or_default()),
            (None, None) => "a plan of the sample".to_owned(),
        }
    }
}

/// "less than a minute ago", "5 min ago", "3 h ago", "2 days ago".
pub fn age_text(minutes: u64) -> String {
    match minutes {
        0 => "less than a minute ago".to_owned(),
        1..60 => format!("{minutes} min ago"),
        60..2880 => format!("{} h ago", minutes / 60),
        _ => format!("{} days ago", minutes / 1440),
    }
}

fn now_unix_s() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// The recovery folder: `$SMP_PREVIEW_RECOVERY_DIR`, else the app's local data folder
/// (never a roaming profile: these are patient plans).
pub fn recovery_dir() -> Option<PathBuf> {
    std::env::var_os(DIR_ENV)
        .map(PathBuf::from)
        .or_else(crate::io::app_data::app_data_dir)
}

/// Windows open at once that a recovery folder tells apart.
const MAX_SLOTS: u32 = 16;

/// This window's recovery file. Each window open at the same time autosaves to its own file,
/// held by a lock on `recovery-<k>.lock` while the window runs, so a second window never
/// offers the first one's live autosave as a crashed plan (nor deletes it). The first
/// window's file is `recovery.smp.json`; a crashed window's file is offered by the next
/// window to take its slot.
pub struct Slot {
    pub path: PathBuf,
    _lock: Option<std::fs::File>,
}

/// The first slot in `dir` no running window holds; the shared `recovery.smp.json`, unlocked,
/// where locks cannot be had (a read-only folder, a file system without locks).
pub fn claim_slot(dir: &Path) -> Slot {
    let _ = std::fs::create_dir_all(dir);
    for k in 1..=MAX_SLOTS {
        let lock_path = dir.join(format!("recovery-{k}.lock"));
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path);
        let Ok(lock) = lock else { break };
        match lock.try_lock() {
            Ok(()) => {
                return Slot {
                    path: slot_file(dir, k),
                    _lock: Some(lock),
                };
            }
            Err(std::fs::TryLockError::WouldBlock) => continue,
            Err(std::fs::TryLockError::Error(_)) => break,
        }
    }
    Slot {
        path: slot_file(dir, 1),
        _lock: None,
    }
}

fn slot_file(dir: &Path, k: u32) -> PathBuf {
    match k {
        1 => dir.join(FILE_NAME),
        k => dir.join(format!("recovery-{k}.smp.json")),
    }
}

/// Writes the document's plan to `path` atomically.
pub fn write(doc: &Document, path: &Path) -> std::io::Result<()> {
    let record = Recovery {
        plan: doc.plan.clone(),
        plan_path: doc.plan_path.clone(),
        photo_path: doc.photo_path_absolute(),
        saved_at_unix_s: now_unix_s(),
        case: doc.case().cloned(),
        case_view: doc.case_view().unwrap_or(0),
    };
    write_record(&record, path)
}

/// Writes `record` to `path` atomically (e.g. a record offered back but not yet answered).
pub fn write_record(record: &Recovery, path: &Path) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let json = serde_json::to_string_pretty(record).map_err(std::io::Error::other)?;
    crate::io::atomic_file::write_atomically(path, json.as_bytes())
}

/// Reads a recovery file; `None` if there is none or it is unusable. An unusable one (e.g.
/// written by a newer smp-preview) is not deleted but renamed to `<file>.unreadable`.
pub fn read(path: &Path) -> Option<Recovery> {
    let text = std::fs::read_to_string(path).ok()?;
    let record = serde_json::from_str::<Recovery>(&text)
        .ok()
        .filter(|r| r.plan.validate().is_ok());
    if record.is_none() {
        let mut aside = path.as_os_str().to_owned();
        aside.push(".unreadable");
        let _ = std::fs::rename(path, aside);
    }
    record
}

/// Removes the recovery file (after a save or a clean close).
pub fn remove(path: &Path) {
    let _ = std::fs::remove_file(path);
}

/// Autosaves when the plan has unsaved changes that differ from the last autosave. While a
/// plan offered back after a crash is unanswered, this writes over it: the newest work wins
/// (the window puts the offered plan back in the file when it closes).
#[derive(Default)]
pub struct Autosaver {
    last_time_s: f64,
    /// The plan revision last written.
    last_revision: Option<u64>,
}

impl Autosaver {
    /// Call every frame; writes at most every [`AUTOSAVE_INTERVAL_S`]. Returns an error message
    /// if writing failed.
    pub fn tick(&mut self, doc: &Document, now_s: f64, path: &Path) -> Option<String> {
        if now_s - self.last_time_s < AUTOSAVE_INTERVAL_S {
            return None;
        }
        self.last_time_s = now_s;
        if !self.pending(doc, path) {
            return None;
        }
        self.last_revision = Some(doc.plan_revision());
        write(doc, path)
            .err()
            .map(|e| format!("autosave to {} failed: {e}", path.display()))
    }

    /// Seconds until the next autosave is due, if the plan has changes not yet written. The
    /// window asks for a frame then: without input it draws none, and the write would wait
    /// for the next mouse move (a crash while the window sat idle lost the edit).
    pub fn due_in_s(&self, doc: &Document, now_s: f64, path: &Path) -> Option<f64> {
        let due_s = (self.last_time_s + AUTOSAVE_INTERVAL_S - now_s).max(0.0);
        self.pending(doc, path).then_some(due_s)
    }

    /// Unsaved changes not in the file yet. Written again if the file went meanwhile (a save
    /// removes it; the plan may then be edited back to what was last autosaved). Asked every
    /// frame, so the cheap answer comes first: a saved plan needs no comparison or `stat`.
    fn pending(&self, doc: &Document, path: &Path) -> bool {
        doc.has_unsaved_changes()
            && !(self.last_revision == Some(doc.plan_revision()) && path.exists())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_banner_says_how_old_and_what_the_plan_is() {
        assert_eq!(age_text(0), "less than a minute ago");
        assert_eq!(age_text(59), "59 min ago");
        assert_eq!(age_text(125), "2 h ago");
        assert_eq!(age_text(3 * 1440), "3 days ago");
        let mut record = Recovery {
            plan: Plan::for_whole_photo(10, 10),
            case: None,
            case_view: 0,
            plan_path: None,
            photo_path: None,
            saved_at_unix_s: 0,
        };
        assert_eq!(record.what(), "a plan of the sample");
        record.photo_path = Some(PathBuf::from("/photos/head.jpg"));
        assert_eq!(record.what(), "a plan of head.jpg");
        record.plan_path = Some(PathBuf::from("/plans/jane.smp.json"));
        assert_eq!(record.what(), "jane.smp.json");
    }

    #[test]
    fn an_edit_is_autosaved_when_due_even_without_input() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(FILE_NAME);
        let mut doc = Document::sample().expect("sample");
        let mut autosaver = Autosaver::default();
        assert_eq!(
            autosaver.due_in_s(&doc, 5.0, &path),
            None,
            "nothing to save"
        );
        doc.plan.density_per_cm2 += 10.0;
        assert_eq!(
            autosaver.due_in_s(&doc, 5.0, &path),
            Some(AUTOSAVE_INTERVAL_S - 5.0)
        );
        assert_eq!(autosaver.tick(&doc, 5.0, &path), None);
        assert!(!path.exists(), "not before it is due");
        let due = autosaver.due_in_s(&doc, 5.0, &path).expect("due later");
        assert_eq!(autosaver.tick(&doc, 5.0 + due, &path), None);
        assert_eq!(read(&path).map(|r| r.plan), Some(doc.plan.clone()));
        assert_eq!(autosaver.due_in_s(&doc, 5.0 + due, &path), None, "written");
    }

    #[test]
    fn windows_open_at_once_get_their_own_recovery_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let first = claim_slot(dir.path());
        let second = claim_slot(dir.path());
        assert_eq!(first.path, dir.path().join("recovery.smp.json"));
        assert_eq!(second.path, dir.path().join("recovery-2.smp.json"));
        drop(first);
        // The first window closed (or crashed): the next one takes its file, and offers it.
        assert_eq!(
            claim_slot(dir.path()).path,
            dir.path().join("recovery.smp.json")
        );
    }
}
