//! Logging for support, driven by `RUST_LOG` (env_logger's syntax, e.g. `RUST_LOG=debug`).
//! The command line logs warnings to stderr. The window, which a launcher starts with no
//! terminal, also writes its log to `smp-preview.log` in the app's data folder (kept local,
//! see [`crate::io::app_data`]); the previous run's log is kept as `smp-preview.log.1`.

use std::io::Write;
use std::path::{Path, PathBuf};

/// What is logged without `RUST_LOG`: warnings, and for the window also its own events.
const COMMAND_LINE_DEFAULT: &str = "warn";
const WINDOW_DEFAULT: &str = "warn,smp_preview=info";

/// A log file larger than this at start-up is rotated, bytes.
const MAX_LOG_BYTES: u64 = 4 << 20;

/// Starts logging for a command-line run: stderr only.
pub fn init_command_line() {
    let _ = builder(COMMAND_LINE_DEFAULT).try_init();
}

/// Starts logging for the window: stderr and the log file in `dir`; returns the file's path
/// (`None` if it cannot be written, then stderr only).
pub fn init_window(dir: Option<&Path>) -> Option<PathBuf> {
    let mut builder = builder(WINDOW_DEFAULT);
    let file = dir.and_then(open_log_file);
    if let Some((path, file)) = &file
        && let Ok(file) = file.try_clone()
    {
        builder.target(env_logger::Target::Pipe(Box::new(Tee { file })));
        let _ = builder.try_init();
        log::info!(
            "smp-preview {} logging to {}",
            env!("CARGO_PKG_VERSION"),
            path.display()
        );
        return Some(path.clone());
    }
    let _ = builder.try_init();
    None
}

fn builder(default_filter: &str) -> env_logger::Builder {
    let env = env_logger::Env::default().default_filter_or(default_filter);
    let mut builder = env_logger::Builder::from_env(env);
    builder.format_timestamp_secs();
    builder
}

/// `smp-preview.log` in `dir`, appended to, the previous one moved aside when it grew large.
fn open_log_file(dir: &Path) -> Option<(PathBuf, std::fs::File)> {
    std::fs::create_dir_all(dir).ok()?;
    let path = dir.join("smp-preview.log");
    if std::fs::metadata(&path).is_ok_and(|m| m.len() > MAX_LOG_BYTES) {
        let _ = std::fs::rename(&path, dir.join("smp-preview.log.1"));
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .ok()?;
    Some((path, file))
}

/// Every log line to stderr and to the file.
struct Tee {
    file: std::fs::File,
}

impl Write for Tee {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let _ = std::io::stderr().write_all(bytes);
        self.file.write_all(bytes)?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_log_is_moved_aside_and_a_new_one_appended_to() {
        let dir = tempfile::tempdir().unwrap();
        let old = vec![b'x'; (MAX_LOG_BYTES + 1) as usize];
        std::fs::write(dir.path().join("smp-preview.log"), &old).unwrap();
        let (path, mut file) = open_log_file(dir.path()).unwrap();
        file.write_all(b"new\n").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new\n");
        let kept = std::fs::read(dir.path().join("smp-preview.log.1")).unwrap();
        assert_eq!(kept.len(), old.len());
        // A small one is appended to.
        let (_, mut again) = open_log_file(dir.path()).unwrap();
        again.write_all(b"more\n").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new\nmore\n");
    }
}
