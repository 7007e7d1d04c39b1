//! Files replaced atomically: everything is written to a temporary file beside the target,
//! synced, and renamed over it, so a save or export killed midway leaves the previous file
//! whole (or no file), never a truncated one. Each write has a temporary of its own
//! (`.{name}.{pid}.{n}.tmp`, created exclusively), so two writes of one path from one process
//! (an export and an autosave) never share one; a replaced file keeps its permissions; and
//! temporaries a killed process left behind are removed at the next write of that file.

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

/// Numbers this process's temporaries.
static NEXT_TMP: AtomicU64 = AtomicU64::new(0);
/// A temporary of another process older than this is taken as left by a killed one.
const STALE_AFTER: Duration = Duration::from_secs(3600);

/// A file being written; it replaces its target only on [`AtomicFile::commit`].
pub struct AtomicFile {
    target: PathBuf,
    tmp: PathBuf,
    file: Option<BufWriter<File>>,
}

impl AtomicFile {
    /// Starts writing a replacement for `path`.
    pub fn create(path: &Path) -> std::io::Result<Self> {
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let dir = directory_of(path);
        remove_stale_temporaries(dir, &name);
        loop {
            let n = NEXT_TMP.fetch_add(1, Ordering::Relaxed);
            let tmp = dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()));
            match OpenOptions::new().write(true).create_new(true).open(&tmp) {
                Ok(file) => {
                    return Ok(AtomicFile {
                        target: path.to_owned(),
                        tmp,
                        file: Some(BufWriter::new(file)),
                    });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
    }

    /// Syncs the data and renames it over the target.
    pub fn commit(mut self) -> std::io::Result<()> {
        let Some(writer) = self.file.take() else {
            return Err(std::io::Error::other("file already committed"));
        };
        let result = (|| {
            let file = writer.into_inner().map_err(|e| e.into_error())?;
            // The replacement keeps the permissions of the file it replaces.
            if let Ok(meta) = std::fs::metadata(&self.target) {
                file.set_permissions(meta.permissions())?;
            }
            file.sync_all()?;
            std::fs::rename(&self.tmp, &self.target)
        })();
        if let Err(e) = result {
            let _ = std::fs::remove_file(&self.tmp);
            return Err(e);
        }
        // Make the rename itself durable; not every platform can open a directory.
        if let Ok(dir) = File::open(directory_of(&self.target)) {
            let _ = dir.sync_all();
        }
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.file {
            Some(file) => file.write(buf),
            None => Err(std::io::Error::other("file already committed")),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.as_mut().map_or(Ok(()), Write::flush)
    }
}

impl Drop for AtomicFile {
    /// An abandoned file (error or early return) leaves no temporary behind.
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Removes temporaries of `name` (ours: `.{name}.{pid}[.{n}].tmp`) that a process no longer
/// running left behind: another process's, older than [`STALE_AFTER`] or (on Linux) of a
/// process that is gone. Failures are ignored: this is tidying, not the write.
fn remove_stale_temporaries(dir: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let prefix = format!(".{name}.");
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(middle) = file_name
            .strip_prefix(&prefix)
            .and_then(|r| r.strip_suffix(".tmp"))
        else {
            continue;
        };
        let Some(pid) = middle.split('.').next().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        if pid == std::process::id() {
            continue;
        }
        let gone = cfg!(target_os = "linux") && !Path::new(&format!("/proc/{pid}")).exists();
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| SystemTime::now().duration_since(t).unwrap_or_default() > STALE_AFTER);
        if gone || old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn directory_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Writes `bytes` to `path` via a synced temporary file and a rename.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(bytes)?;
    file.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abandoned_writes_leave_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("plan.smp.json");
        write_atomically(&path, b"old").expect("first write");
        {
            let mut file = AtomicFile::create(&path).expect("create");
            file.write_all(b"half of the new").expect("write");
        }
        assert_eq!(std::fs::read(&path).expect("read"), b"old");
        assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 1);
        write_atomically(&path, b"new").expect("second write");
        assert_eq!(std::fs::read(&path).expect("read"), b"new");
    }

    #[test]
    fn two_writes_of_one_path_have_their_own_temporaries() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("plan.smp.json");
        let mut a = AtomicFile::create(&path).expect("a");
        let mut b = AtomicFile::create(&path).expect("b");
        assert_ne!(a.tmp, b.tmp);
        a.write_all(b"from the export").expect("write a");
        b.write_all(b"from the autosave").expect("write b");
        a.commit().expect("commit a");
        b.commit().expect("commit b");
        assert_eq!(std::fs::read(&path).expect("read"), b"from the autosave");
        assert_eq!(
            std::fs::read_dir(dir.path()).expect("dir").count(),
            1,
            "no temporary left"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_keeps_its_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("plan.smp.json");
        write_atomically(&path, b"old").expect("first write");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        write_atomically(&path, b"new").expect("second write");
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn temporaries_left_by_a_killed_process_go_at_the_next_write() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("plan.smp.json");
        // Left by processes that are gone (pids above the kernel's maximum), in the old naming
        // and the new; an unrelated dot-file stays.
        let stale = [".plan.smp.json.4194999.tmp", ".plan.smp.json.4194998.3.tmp"];
        for name in stale {
            std::fs::write(dir.path().join(name), b"half").expect("stale");
        }
        std::fs::write(dir.path().join(".other.tmp"), b"x").expect("other");
        write_atomically(&path, b"new").expect("write");
        for name in stale {
            assert!(!dir.path().join(name).exists(), "{name} left");
        }
        assert!(dir.path().join(".other.tmp").exists());
    }
}
