//! How an error reaches the user: one line, each cause after a colon. Used by the binary's
//! final error line, the batch render's per-plan lines and the window's messages.

use std::error::Error;

/// `error` and its causes on one line, separated by ": ".
pub fn one_line(error: &dyn Error) -> String {
    let mut line = error.to_string();
    let mut cause = error.source();
    while let Some(inner) = cause {
        line.push_str(": ");
        line.push_str(&inner.to_string());
        cause = inner.source();
    }
    line
}
