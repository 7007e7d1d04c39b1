//! `smp-preview` binary: parses the command line and reports errors as one line.

use std::process::ExitCode;

use clap::Parser;
use smp_preview::cli::{Cli, Command};
use smp_preview::error_line::one_line;

/// Prints warnings and errors from the libraries (wgpu, eframe) on stderr.
struct StderrLogger;

impl log::Log for StderrLogger {
    fn enabled(&self, metadata: &log::Metadata) -> bool {
        metadata.level() <= log::Level::Warn
    }
    fn log(&self, record: &log::Record) {
        if self.enabled(record.metadata()) {
            eprintln!("smp-preview: {}: {}", record.level(), record.args());
        }
    }
    fn flush(&self) {}
}

static LOGGER: StderrLogger = StderrLogger;

fn main() -> ExitCode {
    let _ = log::set_logger(&LOGGER).map(|()| log::set_max_level(log::LevelFilter::Warn));
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("smp-preview: error: {}", one_line(&*error));
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), Box<dyn std::error::Error>> {
    match cli.command {
        Some(Command::Render(args)) => smp_preview::cli::render(&args)?,
        Some(Command::Export(args)) => smp_preview::cli::export(&args)?,
        None => smp_preview::app::run(cli.path)?,
    }
    Ok(())
}
