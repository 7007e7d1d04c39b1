//! The bundled sample: a procedurally generated shaved scalp (`assets/sample_scalp.jpg`, made
//! by `cargo run --release --example make_sample`) and a plan drawn for it, built into the binary.

use image::RgbaImage;

use crate::photo::{PhotoError, decode_photo_bytes};
use crate::plan::{Plan, PlanError};

/// File name of the sample photo, as the sample plan references it.
pub const SAMPLE_PHOTO_NAME: &str = "sample_scalp.jpg";
/// The sample photo's JPEG bytes.
pub const SAMPLE_PHOTO: &[u8] = include_bytes!("../assets/sample_scalp.jpg");
const SAMPLE_PLAN: &str = include_str!("../assets/sample.smp.json");

/// The sample plan.
pub fn sample_plan() -> Result<Plan, PlanError> {
    Plan::from_json(SAMPLE_PLAN)
}

/// The sample photo, decoded.
pub fn sample_photo() -> Result<RgbaImage, PhotoError> {
    decode_photo_bytes(SAMPLE_PHOTO, SAMPLE_PHOTO_NAME)
}
