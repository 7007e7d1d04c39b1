//! smp-preview: plan scalp micropigmentation on a patient's photo and preview it.
//!
//! The pure core (plan, geometry, sampling, colour, CPU reference) has no GPU types; `gpu`
//! is the one renderer shared by the window (`app`) and, through `headless`, the CLI (`cli`).

pub mod app;
pub mod atomic_file;
pub mod buckets;
pub mod cli;
pub mod color;
pub mod cpu_render;
pub mod error_line;
pub mod export;
pub mod export_files;
pub mod files;
pub mod geometry;
pub mod gpu;
pub mod hair;
pub mod headless;
pub mod inputs;
pub mod look;
pub mod mask;
pub mod noise;
pub mod numbers;
pub mod optics;
pub mod photo;
pub mod plan;
pub mod sample;
pub mod sampling;
pub mod scar;
pub mod scene;
pub mod tone;
pub mod view_compositor;
