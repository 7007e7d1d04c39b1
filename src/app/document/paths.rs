//! Where a document's files go: the free name a new plan or photo copy takes (never
//! replacing another file), the sample's photo written beside a saved plan, the check that a
//! located photo is the one the plan was drawn on, and a file's stamp to tell it changed.

use std::path::{Path, PathBuf};

use super::DocumentError;
use crate::core::plan::Plan;
use crate::io::sample::Sample;

/// Where a photo opened alone saves its first plan: `<photo>.smp.json` beside it, or
/// `<photo> (2).smp.json` and so on when an earlier plan of the same photo is already there
/// (never written over without asking).
pub(super) fn unused_plan_path(photo: &Path) -> PathBuf {
    let stem = photo
        .file_stem()
        .map_or_else(|| "plan".into(), |s| s.to_string_lossy().into_owned());
    unused_plan_path_in(photo.parent().unwrap_or(Path::new("")), &stem)
}

/// `<stem>.smp.json` in `dir`, else the first of `<stem> (2).smp.json`, `<stem> (3)…` not taken.
pub(super) fn unused_plan_path_in(dir: &Path, stem: &str) -> PathBuf {
    unused_path_in(dir, stem, "smp.json")
}

/// `<stem>.<ext>` in `dir`, else the first of `<stem> (2).<ext>`, `<stem> (3).<ext>`, … not
/// taken: a new file never replaces another.
pub(in crate::app) fn unused_path_in(dir: &Path, stem: &str, ext: &str) -> PathBuf {
    let candidate = |k| dir.join(numbered_name(stem, k, ext));
    (1..10_000)
        .map(candidate)
        .find(|p| !p.exists())
        .unwrap_or_else(|| candidate(1))
}

/// The `k`-th name a file may take without replacing another: `<stem>.<ext>`, then
/// `<stem> (2).<ext>`, `<stem> (3).<ext>`, ….
fn numbered_name(stem: &str, k: u32, ext: &str) -> String {
    match k {
        1 => format!("{stem}.{ext}"),
        k => format!("{stem} ({k}).{ext}"),
    }
}

/// The bundled sample photo in `dir`, written there unless an identical copy is already
/// there; a different file of that name is never replaced (the copy is then named
/// `sample_scalp (2).jpg`, …). Returns the photo's file name.
pub(super) fn sample_photo_in(dir: &Path, sample: Sample) -> Result<PathBuf, DocumentError> {
    let bytes = sample.photo_bytes();
    let name = Path::new(sample.photo_name());
    let (stem, ext) = (name.file_stem(), name.extension());
    let [stem, ext] = [stem, ext].map(|s| s.unwrap_or_default().to_string_lossy());
    for k in 1..1000 {
        let file = PathBuf::from(numbered_name(&stem, k, &ext));
        let path = dir.join(&file);
        let failed = |doing, cause| DocumentError::File {
            doing,
            path: path.clone(),
            cause,
        };
        match std::fs::read(&path) {
            Ok(found) if found == bytes => return Ok(file),
            Ok(_) => continue,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                crate::io::atomic_file::write_atomically(&path, bytes)
                    .map_err(|e| failed("write", e))?;
                return Ok(file);
            }
            Err(e) => return Err(failed("read", e)),
        }
    }
    Err(DocumentError::NoFreeName(dir.to_owned()))
}

/// A photo found in place of a moved one must hold the plan's treatment area (5 % slack for
/// points dragged a little past the edge): a smaller one is another photo, or a reduced copy
/// on which every outline would be misplaced.
pub(super) fn check_photo_fits(
    plan: &Plan,
    photo: &Path,
    (w, h): (u32, u32),
) -> Result<(), DocumentError> {
    let Some((_, hi)) = crate::core::geometry::bounding_box(&plan.area) else {
        return Ok(());
    };
    if hi.x <= 1.05 * w as f32 && hi.y <= 1.05 * h as f32 {
        return Ok(());
    }
    Err(DocumentError::PhotoTooSmall {
        photo: photo.to_owned(),
        size: (w, h),
        reach: (hi.x, hi.y),
    })
}

/// A hash of the file's bytes, `None` if it cannot be read.
pub(super) fn file_stamp(path: &Path) -> Option<u64> {
    use std::hash::{Hash, Hasher};
    let bytes = std::fs::read(path).ok()?;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    Some(hasher.finish())
}

/// The absolute folder a plan at `plan_path` lives in.
pub(super) fn plan_dir_absolute(plan_path: &Path) -> PathBuf {
    let dir = plan_path.parent().unwrap_or(Path::new(""));
    std::path::absolute(dir).unwrap_or_else(|_| dir.to_owned())
}
