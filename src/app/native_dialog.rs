//! The system's own file dialogs (`rfd`: the XDG desktop portal on Linux, the native ones on
//! Windows and macOS), with thumbnails, dates, drives and cloud folders. Each runs on a thread
//! of its own so the window keeps drawing. Where no portal answers (a bare X session), the
//! dialog comes back at once with nothing: that is taken as "not available" and the window's
//! own dialog opens instead, for the rest of the run.

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::io::files::{PHOTO_EXTENSIONS, Purpose};

/// A dialog closed sooner than this without a choice was not shown at all.
const NOT_SHOWN_WITHIN: Duration = Duration::from_millis(400);

/// Whether to try the system's dialogs: not with `SMP_PREVIEW_FILE_DIALOG=builtin`, and on
/// Linux only in a desktop session (a D-Bus session bus, where the portal lives).
pub fn wanted() -> bool {
    if std::env::var("SMP_PREVIEW_FILE_DIALOG").is_ok_and(|v| v == "builtin") {
        return false;
    }
    !cfg!(target_os = "linux") || std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
}

/// A system dialog being shown.
pub struct NativeDialog {
    pub purpose: Purpose,
    /// Where it started and the name it offered, for the window's own dialog instead.
    pub folder: PathBuf,
    pub name: String,
    started: Instant,
    answer: mpsc::Receiver<Option<PathBuf>>,
}

/// Where a system dialog is.
pub enum Poll {
    Pending,
    Chosen(PathBuf),
    Cancelled,
    /// It could not be shown: use the window's own dialog.
    Unavailable,
}

impl NativeDialog {
    /// Shows the system dialog for `purpose`, starting in `folder` (with `name` to save as).
    pub fn start(purpose: Purpose, folder: PathBuf, name: String) -> Self {
        let (start_in, file_name) = (folder.clone(), name.clone());
        Self::spawn(purpose, folder, name, move || {
            let dialog = dialog_for(purpose, start_in, &file_name);
            match purpose {
                Purpose::SaveAs => dialog.save_file(),
                Purpose::Open | Purpose::LocatePhoto | Purpose::ClinicLogo | Purpose::AddView => {
                    dialog.pick_file()
                }
            }
        })
    }

    /// Runs `show` (the dialog) on a thread of its own.
    fn spawn(
        purpose: Purpose,
        folder: PathBuf,
        name: String,
        show: impl FnOnce() -> Option<PathBuf> + Send + 'static,
    ) -> Self {
        let (tell, answer) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = tell.send(show());
        });
        NativeDialog {
            purpose,
            folder,
            name,
            started: Instant::now(),
            answer,
        }
    }

    pub fn poll(&self) -> Poll {
        match self.answer.try_recv() {
            Ok(Some(path)) => Poll::Chosen(path),
            Ok(None) if self.started.elapsed() < NOT_SHOWN_WITHIN => Poll::Unavailable,
            Ok(None) => Poll::Cancelled,
            Err(mpsc::TryRecvError::Empty) => Poll::Pending,
            Err(mpsc::TryRecvError::Disconnected) => Poll::Unavailable,
        }
    }
}

fn dialog_for(purpose: Purpose, folder: PathBuf, name: &str) -> rfd::FileDialog {
    let photos: Vec<&str> = PHOTO_EXTENSIONS.to_vec();
    let dialog = rfd::FileDialog::new().set_directory(folder);
    match purpose {
        Purpose::Open => dialog
            .set_title("Open a photo or plan")
            .add_filter("Photos and plans", &[&photos[..], &["json"]].concat())
            .add_filter("Photos", &photos)
            .add_filter("Plans", &["json"]),
        Purpose::SaveAs => dialog
            .set_title("Save the plan as")
            .set_file_name(format!("{name}{}", crate::io::files::PLAN_SUFFIX))
            .add_filter("Plans", &["json"]),
        Purpose::LocatePhoto => dialog
            .set_title("Find this plan's photo")
            .add_filter("Photos", &photos),
        Purpose::ClinicLogo => dialog
            .set_title("The clinic's logo for the plan sheet")
            .add_filter("Pictures", &photos),
        Purpose::AddView => dialog
            .set_title("A photo of the same patient from another view")
            .add_filter("Photos", &photos),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answered(after: Duration, answer: Option<PathBuf>) -> Poll {
        let dialog = NativeDialog::spawn(
            Purpose::Open,
            PathBuf::from("."),
            String::new(),
            move || {
                std::thread::sleep(after);
                answer
            },
        );
        loop {
            match dialog.poll() {
                Poll::Pending => std::thread::sleep(Duration::from_millis(5)),
                done => return done,
            }
        }
    }

    #[test]
    fn a_dialog_gone_at_once_was_not_shown_and_a_later_empty_answer_is_a_cancel() {
        assert!(matches!(answered(Duration::ZERO, None), Poll::Unavailable));
        assert!(matches!(
            answered(NOT_SHOWN_WITHIN + Duration::from_millis(100), None),
            Poll::Cancelled
        ));
        let chosen = answered(Duration::ZERO, Some(PathBuf::from("/p/head.jpg")));
        assert!(matches!(chosen, Poll::Chosen(p) if p == std::path::Path::new("/p/head.jpg")));
    }
}
