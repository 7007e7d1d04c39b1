//! Frame timing for benchmarks: with `SMP_PREVIEW_FRAME_LOG=FILE` the window redraws
//! continuously and appends one line per frame — seconds since launch, milliseconds since the
//! previous frame, impressions shown, milliseconds spent building the frame on the CPU — so a script can measure start-up time and the frame
//! rate while a slider is dragged (see BENCHMARKS.md). Without the variable it does nothing.

use std::io::Write;
use std::sync::OnceLock;
use std::time::Instant;

/// When `run` started: the reference of every logged time.
static LAUNCHED: OnceLock<Instant> = OnceLock::new();

/// Marks the launch; call first thing.
pub fn mark_launch() {
    LAUNCHED.get_or_init(Instant::now);
}

/// The log file, if asked for.
pub struct FrameLog {
    out: Option<std::io::BufWriter<std::fs::File>>,
    last: Option<Instant>,
}

impl FrameLog {
    pub fn from_env() -> Self {
        let out = std::env::var_os("SMP_PREVIEW_FRAME_LOG")
            .and_then(|path| std::fs::File::create(path).ok())
            .map(std::io::BufWriter::new);
        FrameLog { out, last: None }
    }

    /// Logs this frame (`ui_started`: when this frame's `ui` began) and asks for the next one.
    pub fn record(&mut self, ctx: &egui::Context, impressions: usize, ui_started: Instant) {
        let Some(out) = &mut self.out else { return };
        let now = Instant::now();
        let since_launch = now.duration_since(*LAUNCHED.get_or_init(Instant::now));
        let dt_ms = self
            .last
            .map_or(0.0, |t| now.duration_since(t).as_secs_f64() * 1000.0);
        self.last = Some(now);
        let ui_ms = now.duration_since(ui_started).as_secs_f64() * 1000.0;
        let t = since_launch.as_secs_f64();
        let _ = writeln!(out, "{t:.4},{dt_ms:.3},{impressions},{ui_ms:.3}");
        let _ = out.flush();
        ctx.request_repaint();
    }
}
