//! What the window remembers between runs besides its size (which eframe keeps): the recent
//! files and the last folder a dialog was in. Stored as JSON beside the recovery file; a
//! missing or unreadable settings file just means defaults.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::io::files;

const FILE_NAME: &str = "settings.json";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Photos and plans opened or saved, newest first.
    pub recent: Vec<PathBuf>,
    /// The folder the last file dialog chose from.
    pub last_folder: Option<PathBuf>,
    /// The clinic's name, printed on the exported sheet and comparison (as `--clinic`).
    pub clinic_name: Option<String>,
    /// The paper the exported PDF sheet is set on.
    pub paper: crate::export::pdf::Paper,
    /// The clinic's logo (a picture file) for the exported sheet.
    pub clinic_logo: Option<PathBuf>,
}

/// The settings file beside `recovery_path` (both live in the app's data folder).
pub fn settings_path(recovery_path: Option<&Path>) -> Option<PathBuf> {
    Some(recovery_path?.parent()?.join(FILE_NAME))
}

impl Settings {
    /// Reads the settings; defaults if there are none or they cannot be read.
    pub fn load(path: Option<&Path>) -> Self {
        path.and_then(|p| std::fs::read_to_string(p).ok())
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default()
    }

    /// Writes the settings atomically; a failure is returned as a one-line message.
    pub fn store(&self, path: Option<&Path>) -> Result<(), String> {
        let Some(path) = path else {
            return Ok(());
        };
        let write = || -> std::io::Result<()> {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            let json = serde_json::to_string_pretty(self).map_err(std::io::Error::other)?;
            crate::io::atomic_file::write_atomically(path, json.as_bytes())
        };
        write().map_err(|e| format!("cannot remember recent files in {}: {e}", path.display()))
    }

    /// Records a file just opened or saved: first in the recent list, its folder the last one.
    pub fn remember(&mut self, file: &Path) {
        let file = std::path::absolute(file).unwrap_or_else(|_| file.to_owned());
        files::push_recent(&mut self.recent, &file);
        self.last_folder = file.parent().map(Path::to_owned);
    }

    /// Where a file dialog starts: the last folder if it still exists, else the current
    /// folder.
    pub fn start_folder(&self) -> PathBuf {
        self.last_folder
            .clone()
            .filter(|d| d.is_dir())
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_else(|| PathBuf::from("."))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_and_survive_a_broken_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = settings_path(Some(&dir.path().join("recovery.smp.json"))).unwrap();
        assert_eq!(Settings::load(Some(&path)), Settings::default());
        let mut settings = Settings::default();
        settings.remember(&dir.path().join("head.jpg"));
        settings.store(Some(&path)).unwrap();
        let loaded = Settings::load(Some(&path));
        assert_eq!(loaded, settings);
        assert_eq!(loaded.start_folder(), dir.path());
        std::fs::write(&path, b"{ not json").unwrap();
        assert_eq!(Settings::load(Some(&path)), Settings::default());
    }

    #[test]
    fn a_vanished_last_folder_falls_back_to_the_current_one() {
        let settings = Settings {
            last_folder: Some(PathBuf::from("/no/such/folder/anywhere")),
            ..Settings::default()
        };
        assert_eq!(settings.start_folder(), std::env::current_dir().unwrap());
    }
}
