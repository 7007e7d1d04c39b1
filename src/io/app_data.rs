//! Where the app keeps its own files (recovery autosaves, settings, the log): the user's
//! *local* data folder, never a roaming profile that a Windows domain copies to a server,
//! since these files hold patient plans (Linux `~/.local/share/smp-preview`, macOS
//! `~/Library/Application Support/smp-preview`, Windows `%LOCALAPPDATA%\smp-preview`).

use std::path::PathBuf;

/// The app's data folder, if the platform has one.
pub fn app_data_dir() -> Option<PathBuf> {
    dirs::data_local_dir().map(|d| d.join("smp-preview"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_data_folder_is_the_local_one() {
        let dir = super::app_data_dir().expect("a data folder on this platform");
        assert!(dir.ends_with("smp-preview"));
        assert_eq!(dir.parent(), dirs::data_local_dir().as_deref());
        #[cfg(windows)]
        assert!(
            !dir.to_string_lossy().contains("Roaming"),
            "{}",
            dir.display()
        );
    }
}
