//! Why a command failed.

use std::path::PathBuf;

use crate::core::plan::PlanError;
use crate::export::ExportError;
use crate::export::headless::HeadlessError;
use crate::export::outputs::ExportFailed;
use crate::io::files::OutputClash;
use crate::io::inputs::InputError;

/// Why `render` or `export` stopped.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Options that cannot be used together, or a value out of range.
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Input(#[from] InputError),
    #[error(transparent)]
    Outputs(#[from] OutputClash),
    #[error("invalid option")]
    InvalidOption(#[source] PlanError),
    #[error(transparent)]
    Render(#[from] HeadlessError),
    #[error(transparent)]
    Export(#[from] ExportFailed),
    #[error(transparent)]
    Write(#[from] ExportError),
    #[error("creating {}", path.display())]
    CreateDir {
        path: PathBuf,
        #[source]
        cause: std::io::Error,
    },
    #[error(transparent)]
    CaseExport(#[from] crate::export::case_export::CaseExportError),
    #[error("{failed} of {total} plans failed (see above)")]
    BatchFailed { failed: usize, total: usize },
}

impl CliError {
    pub fn usage(message: impl Into<String>) -> Self {
        CliError::Usage(message.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error_line::one_line;

    #[test]
    fn causes_follow_on_one_line() {
        let error = CliError::CreateDir {
            path: PathBuf::from("out"),
            cause: std::io::Error::new(std::io::ErrorKind::PermissionDenied, "permission denied"),
        };
        assert_eq!(one_line(&error), "creating out: permission denied");
        let usage = CliError::usage("--session 9: the plan has sessions 1 to 3");
        assert_eq!(
            one_line(&usage),
            "--session 9: the plan has sessions 1 to 3"
        );
    }
}
