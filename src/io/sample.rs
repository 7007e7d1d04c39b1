//! The bundled samples, built into the binary: a realistic head (the first a newcomer sees: a
//! render of a real head scan, CC BY 3.0, `assets/LICENSE-ATTRIBUTION.txt`) with a plan drawn
//! for it, and a procedurally generated shaved, thinning scalp with a shaved fringe on the
//! sides (`examples/make_sample.rs`) whose plan is matched to that fringe.

use image::RgbaImage;

use crate::core::plan::{Plan, PlanError};
use crate::io::photo::{PhotoError, PhotoInfo};

/// One of the bundled samples.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sample {
    /// A realistic bald head, front view from slightly above (Norwood 7: no fringe in view).
    #[default]
    Head,
    /// A procedurally generated thinning scalp with a shaved fringe on both sides.
    Fringe,
}

impl Sample {
    pub const ALL: [Sample; 2] = [Sample::Head, Sample::Fringe];

    /// A short name for menus.
    pub fn label(self) -> &'static str {
        match self {
            Sample::Head => "head (realistic)",
            Sample::Fringe => "scalp with shaved fringe",
        }
    }

    /// File name of the photo, as the sample's plan refers to it.
    pub fn photo_name(self) -> &'static str {
        match self {
            Sample::Head => "head_front.jpg",
            Sample::Fringe => "sample_scalp.jpg",
        }
    }

    /// The photo's JPEG bytes.
    pub fn photo_bytes(self) -> &'static [u8] {
        match self {
            Sample::Head => include_bytes!("../../assets/head_front.jpg"),
            Sample::Fringe => include_bytes!("../../assets/sample_scalp.jpg"),
        }
    }

    pub fn plan(self) -> Result<Plan, PlanError> {
        Plan::from_json(match self {
            Sample::Head => include_str!("../../assets/head_front.smp.json"),
            Sample::Fringe => include_str!("../../assets/sample.smp.json"),
        })
    }

    pub fn photo(self) -> Result<RgbaImage, PhotoError> {
        self.photo_with_info().map(|(image, _)| image)
    }

    /// The photo and what its metadata says.
    pub fn photo_with_info(self) -> Result<(RgbaImage, PhotoInfo), PhotoError> {
        crate::io::photo::decode_photo_bytes_with_info(self.photo_bytes(), self.photo_name())
    }

    /// The sample whose photo a plan refers to by this file name, if any.
    pub fn with_photo_name(name: &str) -> Option<Sample> {
        Sample::ALL.into_iter().find(|s| s.photo_name() == name)
    }
}

/// The first sample's plan (the realistic head).
pub fn sample_plan() -> Result<Plan, PlanError> {
    Sample::default().plan()
}

/// The first sample's photo, decoded.
pub fn sample_photo() -> Result<RgbaImage, PhotoError> {
    Sample::default().photo()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sample_opens_and_its_plan_fits_its_photo() {
        for sample in Sample::ALL {
            let (plan, photo) = (sample.plan().expect("plan"), sample.photo().expect("photo"));
            assert_eq!(
                plan.photo.as_deref(),
                Some(std::path::Path::new(sample.photo_name()))
            );
            let (_, hi) = crate::core::geometry::bounding_box(&plan.area).expect("area");
            assert!(hi.x <= photo.width() as f32 && hi.y <= photo.height() as f32);
            assert_eq!(Sample::with_photo_name(sample.photo_name()), Some(sample));
        }
    }
}
