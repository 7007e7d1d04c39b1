//! smp-preview: plan scalp micropigmentation on a patient's photo and preview it.
//!
//! The layers, each using only those before it (`tests/it/layers.rs` checks it):
//! - [`core`]: the plan and its masks, sampling, geometry, colour, optics and looks, numbers —
//!   plain Rust with no GPU or UI types;
//! - [`render`]: what a frame shows and the CPU reference, the tone measurements, and `gpu`,
//!   the one wgpu renderer shared by the window and the command line;
//! - [`io`]: photos, plan files, atomic writes, file-system rules, the bundled samples;
//! - [`export`]: the pictures, sheet and numbers that leave the app, and headless rendering;
//! - [`app`] (the window) and [`cli`] (the command line), the thin shells.

pub mod app;
pub mod cli;
pub mod core;
pub mod error_line;
pub mod export;
pub mod io;
pub mod render;

pub use crate::core::look::Age;
pub use crate::core::optics::DotOptics;
pub use crate::core::plan::Plan;
pub use crate::core::sampling::{Impression, impressions_for};
pub use crate::io::sample::Sample;
pub use crate::render::gpu::GpuContext;
