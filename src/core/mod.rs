//! The pure core: the plan (with its masks), impression sampling, geometry, colour, the optics
//! and looks of a healed impression, the head model behind the photo, and the plan's numbers. No GPU, UI or file-format types:
//! everything here is unit-tested without a GPU, and nothing here imports another layer.

pub mod buckets;
pub mod case;
pub mod color;
pub mod geometry;
pub mod hair;
pub mod head;
pub mod look;
pub mod mask;
pub mod noise;
pub mod numbers;
pub mod optics;
pub mod plan;
pub mod sampling;
pub mod scar;
pub mod silhouette;
