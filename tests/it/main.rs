//! The integration tests, one binary (so that CI links wgpu and eframe once): each module is
//! one area of the program, `common` their shared helpers.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test stops at the first surprise, with its message"
)]

mod app_document;
mod case;
mod cli;
mod common;
mod corpus;
mod edge_cases;
mod export;
mod goldens;
mod head;
mod head_scalp_mm;
mod heif_photos;
mod layers;
mod numbers;
mod plan;
mod properties;
mod render;
mod sampling;
mod shaders;
mod tone;
mod ui;
mod ui_case;
mod ui_files;
mod ui_laptop;
mod window_smoke;
