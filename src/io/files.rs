//! File-system rules of the window, free of any UI: which files each file dialog offers, how a
//! folder is listed, where "Save as" writes, how a plan refers to its photo (relative when it
//! can), and the recent-files list.

use std::path::{Component, Path, PathBuf};

/// Photo formats the window lists: those `image` decodes, and the iPhone's HEIC/HEIF and AVIF
/// (decoded with the `heic` feature; listed without it too, so that opening one explains what
/// to do instead of the photo seeming to be missing).
pub const PHOTO_EXTENSIONS: [&str; 9] = [
    "jpg", "jpeg", "png", "webp", "tif", "tiff", "heic", "heif", "avif",
];
/// Ending given to plans saved by the window.
pub const PLAN_SUFFIX: &str = ".smp.json";
/// Most entries kept in the recent-files list.
pub const MAX_RECENT: usize = 8;

/// The size of `path` if it is a regular file (links followed); a device such as `/dev/zero`,
/// a named pipe (reading one waits for a writer forever) or a folder is an error of its own,
/// found without opening the file.
pub fn require_regular_file(path: &Path) -> std::io::Result<u64> {
    let meta = std::fs::metadata(path)?;
    if meta.is_file() {
        return Ok(meta.len());
    }
    let what = if meta.is_dir() {
        "a folder"
    } else {
        "not a regular file (a device or a pipe)"
    };
    Err(std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        format!("it is {what}"),
    ))
}

/// What a file dialog is choosing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// A photo or a plan to open.
    Open,
    /// Where to save the plan.
    SaveAs,
    /// The photo of a plan whose photo has moved.
    LocatePhoto,
    /// The clinic's logo for the plan sheet (a picture).
    ClinicLogo,
    /// Another photo of the same patient, from another view, for the case.
    AddView,
}

impl Purpose {
    /// Whether a file named `path` is offered for this purpose.
    pub fn accepts(self, path: &Path) -> bool {
        match self {
            Purpose::Open => is_photo(path) || is_plan(path),
            Purpose::SaveAs => is_plan(path),
            Purpose::LocatePhoto | Purpose::ClinicLogo | Purpose::AddView => is_photo(path),
        }
    }
}

fn extension_lowercase(path: &Path) -> Option<String> {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
}

/// Whether `path` names a photo format the window opens.
pub fn is_photo(path: &Path) -> bool {
    extension_lowercase(path).is_some_and(|e| PHOTO_EXTENSIONS.contains(&e.as_str()))
}

/// Whether `path` names a plan (`.json`, including `.smp.json`).
pub fn is_plan(path: &Path) -> bool {
    extension_lowercase(path).is_some_and(|e| e == "json")
}

/// One line of a folder listing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub path: PathBuf,
    pub is_dir: bool,
}

/// The sub-folders of `dir` and the files `purpose` accepts: folders first, each group sorted
/// by name ignoring case; hidden entries (starting with '.') are left out. Entries that cannot
/// be read are skipped rather than failing the whole listing.
pub fn list_folder(dir: &Path, purpose: Purpose) -> std::io::Result<Vec<Entry>> {
    let mut entries: Vec<Entry> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let path = e.path();
            // Follows links, so a linked folder lists as a folder.
            let is_dir = path.is_dir();
            let shown = !name.starts_with('.') && (is_dir || purpose.accepts(&path));
            shown.then_some(Entry { name, path, is_dir })
        })
        .collect();
    entries.sort_by_cached_key(|e| (!e.is_dir, e.name.to_lowercase(), e.name.clone()));
    Ok(entries)
}

/// Why a typed file name cannot be saved to.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum NameError {
    #[error("type a name for the plan")]
    Empty,
    #[error("a name cannot contain '/' or '\\'; choose the folder above")]
    HasSeparator,
}

/// The plan file for `typed_name` in `dir`, with [`PLAN_SUFFIX`] added unless the name already
/// ends in `.json`.
pub fn save_as_path(dir: &Path, typed_name: &str) -> Result<PathBuf, NameError> {
    let name = typed_name.trim();
    if name.is_empty() || name == "." || name == ".." {
        return Err(NameError::Empty);
    }
    if name.contains(['/', '\\']) {
        return Err(NameError::HasSeparator);
    }
    let file = if is_plan(Path::new(name)) {
        name.to_string()
    } else {
        format!("{name}{PLAN_SUFFIX}")
    };
    Ok(dir.join(file))
}

/// A suggested name for "Save as": the current file's name without its plan or photo ending.
pub fn suggested_name(current: &Path) -> String {
    let name = current
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let stem = name.strip_suffix(PLAN_SUFFIX).map(str::to_string);
    stem.unwrap_or_else(|| {
        Path::new(&name)
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned())
    })
}

/// How a plan saved in `plan_dir` should refer to `photo`: relative to the plan's folder when
/// both are absolute paths on the same root (so plan and photo can move together), else
/// `photo` unchanged.
pub fn photo_reference(photo: &Path, plan_dir: &Path) -> PathBuf {
    if !photo.is_absolute() || !plan_dir.is_absolute() {
        return photo.to_owned();
    }
    let photo_parts: Vec<Component> = photo.components().collect();
    let dir_parts: Vec<Component> = plan_dir.components().collect();
    // Different drives (Windows) or roots: no relative path exists.
    if photo_parts.first() != dir_parts.first() {
        return photo.to_owned();
    }
    let common = photo_parts
        .iter()
        .zip(&dir_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut relative = PathBuf::new();
    for _ in common..dir_parts.len() {
        relative.push("..");
    }
    for part in &photo_parts[common..] {
        relative.push(part);
    }
    relative
}

/// Puts `path` first in `recent`, without duplicates, keeping at most [`MAX_RECENT`].
pub fn push_recent(recent: &mut Vec<PathBuf>, path: &Path) {
    recent.retain(|p| p != path);
    recent.insert(0, path.to_owned());
    recent.truncate(MAX_RECENT);
}

/// The same file on disk, however each is spelled (relative, `..`, links). Both must exist:
/// a file not yet written is never an existing input.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Where a file will be written, spelled one way: its folder resolved, then its name.
fn output_identity(path: &Path) -> PathBuf {
    if let Ok(existing) = std::fs::canonicalize(path) {
        return existing;
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    match (std::fs::canonicalize(dir), path.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => std::path::absolute(path).unwrap_or_else(|_| path.to_owned()),
    }
}

/// The plan file's name without `.smp.json` / `.json`.
pub fn plan_stem(plan: &Path) -> String {
    let name = plan.file_name().unwrap_or_default().to_string_lossy();
    let lower = name.to_ascii_lowercase();
    let cut = [".smp.json", ".json"]
        .iter()
        .find(|ext| lower.ends_with(*ext))
        .map_or(name.len(), |ext| name.len() - ext.len());
    name[..cut].to_string()
}

/// An output that would destroy an input or another output.
#[derive(Debug, thiserror::Error)]
pub enum OutputClash {
    #[error("{} is an input (the plan or its photo): choose another name for the output", .0.display())]
    Input(PathBuf),
    #[error("{} is given for two outputs", .0.display())]
    Twice(PathBuf),
}

/// Refuses outputs that would be written over an input (a plan, a patient's photo) or over
/// each other, before anything is written.
pub fn check_outputs(
    inputs: &[impl AsRef<Path>],
    outputs: &[impl AsRef<Path>],
) -> Result<(), OutputClash> {
    let mut written = Vec::with_capacity(outputs.len());
    for out in outputs.iter().map(AsRef::as_ref) {
        if inputs.iter().any(|input| same_file(out, input.as_ref())) {
            return Err(OutputClash::Input(out.to_path_buf()));
        }
        let id = output_identity(out);
        if written.contains(&id) {
            return Err(OutputClash::Twice(out.to_path_buf()));
        }
        written.push(id);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purposes_offer_the_right_files() {
        let jpg = Path::new("a/Head.JPG");
        let plan = Path::new("a/head.smp.json");
        let text = Path::new("a/notes.txt");
        assert!(Purpose::Open.accepts(jpg) && Purpose::Open.accepts(plan));
        assert!(!Purpose::Open.accepts(text));
        assert!(Purpose::SaveAs.accepts(plan) && !Purpose::SaveAs.accepts(jpg));
        assert!(Purpose::LocatePhoto.accepts(jpg) && !Purpose::LocatePhoto.accepts(plan));
        assert!(!Purpose::Open.accepts(Path::new("a/no_extension")));
    }

    #[test]
    fn listing_puts_folders_first_and_hides_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        for file in [
            "b.png",
            "A.jpg",
            "notes.txt",
            ".hidden.png",
            "plan.smp.json",
        ] {
            std::fs::write(dir.path().join(file), b"x").unwrap();
        }
        std::fs::create_dir(dir.path().join("zeta")).unwrap();
        std::fs::create_dir(dir.path().join(".cache")).unwrap();
        let names = |purpose| -> Vec<String> {
            list_folder(dir.path(), purpose)
                .unwrap()
                .into_iter()
                .map(|e| e.name)
                .collect()
        };
        assert_eq!(
            names(Purpose::Open),
            ["zeta", "A.jpg", "b.png", "plan.smp.json"]
        );
        assert_eq!(names(Purpose::LocatePhoto), ["zeta", "A.jpg", "b.png"]);
        assert_eq!(names(Purpose::SaveAs), ["zeta", "plan.smp.json"]);
        assert!(list_folder(&dir.path().join("missing"), Purpose::Open).is_err());
    }

    #[test]
    fn save_as_adds_the_plan_ending_and_refuses_bad_names() {
        let dir = Path::new("/clinic");
        assert_eq!(
            save_as_path(dir, " Jane Doe "),
            Ok(PathBuf::from("/clinic/Jane Doe.smp.json"))
        );
        assert_eq!(
            save_as_path(dir, "jane.json"),
            Ok(PathBuf::from("/clinic/jane.json"))
        );
        assert_eq!(save_as_path(dir, "  "), Err(NameError::Empty));
        assert_eq!(save_as_path(dir, ".."), Err(NameError::Empty));
        assert_eq!(save_as_path(dir, "a/b"), Err(NameError::HasSeparator));
    }

    #[test]
    fn suggested_names_drop_the_ending() {
        assert_eq!(suggested_name(Path::new("/x/jane.smp.json")), "jane");
        assert_eq!(suggested_name(Path::new("/x/head.jpg")), "head");
    }

    #[test]
    fn photo_references_are_relative_to_the_plan_folder() {
        let reference = |photo: &str, dir: &str| photo_reference(Path::new(photo), Path::new(dir));
        assert_eq!(reference("/c/p/head.jpg", "/c/p"), Path::new("head.jpg"));
        assert_eq!(
            reference("/c/p/img/head.jpg", "/c/p"),
            Path::new("img/head.jpg")
        );
        assert_eq!(
            reference("/c/photos/head.jpg", "/c/plans/2026"),
            Path::new("../../photos/head.jpg")
        );
        // Already relative: left as it is.
        assert_eq!(reference("head.jpg", "/c/p"), Path::new("head.jpg"));
        // The reference resolves back to the photo.
        let dir = Path::new("/c/plans/2026");
        let back = dir.join(reference("/c/photos/head.jpg", "/c/plans/2026"));
        let normal: PathBuf = back.components().fold(PathBuf::new(), |mut acc, c| {
            if c == Component::ParentDir {
                acc.pop();
            } else {
                acc.push(c);
            }
            acc
        });
        assert_eq!(normal, Path::new("/c/photos/head.jpg"));
    }

    #[test]
    fn recent_files_are_unique_newest_first_and_bounded() {
        let mut recent = Vec::new();
        for i in 0..12 {
            push_recent(&mut recent, Path::new(&format!("/p/{i}.jpg")));
        }
        push_recent(&mut recent, Path::new("/p/7.jpg"));
        assert_eq!(recent.len(), MAX_RECENT);
        assert_eq!(recent[0], Path::new("/p/7.jpg"));
        assert_eq!(recent[1], Path::new("/p/11.jpg"));
        assert_eq!(recent.iter().filter(|p| p.ends_with("7.jpg")).count(), 1);
    }

    #[test]
    fn outputs_never_overwrite_inputs_or_each_other() {
        let dir = tempfile::tempdir().expect("tempdir");
        let photo = dir.path().join("head.png");
        std::fs::write(&photo, b"photo").expect("write");
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).expect("mkdir");
        let via_dots = sub.join("..").join("head.png");
        let new = dir.path().join("head-after.png");
        assert!(matches!(
            check_outputs(&[&photo], &[&new, &via_dots]),
            Err(OutputClash::Input(p)) if p == via_dots
        ));
        let new_again = sub.join("..").join("head-after.png");
        assert!(matches!(
            check_outputs(&[&photo], &[&new, &new_again]),
            Err(OutputClash::Twice(_))
        ));
        let other = dir.path().join("head-dots.csv");
        assert!(check_outputs(&[&photo], &[&new, &other]).is_ok());
        assert!(
            check_outputs(&[] as &[&Path], &[&photo]).is_ok(),
            "no inputs: nothing to protect"
        );
    }
}
