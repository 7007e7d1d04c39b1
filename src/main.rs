//! `smp-preview` binary: parses the command line and reports errors as one line.

// The window opens without a console window behind it on Windows (release builds); the
// subcommands print to the console they were started from (see `attach_console`).
#![cfg_attr(all(windows, not(debug_assertions)), windows_subsystem = "windows")]

use std::process::ExitCode;

use clap::Parser;
use smp_preview::cli::{Cli, Command};
use smp_preview::error_line::one_line;

/// On Windows, a program built for the window subsystem has no console: `render` and
/// `export` started from one attach to it, so that their output and errors are seen.
#[cfg(windows)]
fn attach_console() {
    use windows_sys::Win32::System::Console::{ATTACH_PARENT_PROCESS, AttachConsole};
    // SAFETY: AttachConsole takes a process id and has no memory-safety preconditions; it
    // fails harmlessly when there is no parent console or one is already attached.
    unsafe {
        AttachConsole(ATTACH_PARENT_PROCESS);
    }
}

#[cfg(not(windows))]
fn attach_console() {}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("smp-preview: error: {}", one_line(&*error));
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), Box<dyn std::error::Error>> {
    if cli.command.is_some() {
        attach_console();
        smp_preview::io::logging::init_command_line();
    }
    match cli.command {
        Some(Command::Render(args)) => smp_preview::cli::render(&args)?,
        Some(Command::Export(args)) => smp_preview::cli::export(&args)?,
        Some(Command::Case(args)) => smp_preview::cli::make_case(&args)?,
        None => smp_preview::app::run(cli.path)?,
    }
    Ok(())
}
