//! What a render or the window starts from: a plan with its decoded photo, a bare photo with
//! a plan covering all of it, or the bundled sample.

use std::path::{Path, PathBuf};

use image::RgbaImage;

use crate::core::plan::{Plan, PlanError};
use crate::io::photo::{PhotoError, PhotoInfo};
use crate::io::sample::Sample;

/// Why the inputs could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error(transparent)]
    Plan(#[from] PlanError),
    #[error(transparent)]
    Photo(#[from] PhotoError),
    #[error("plan {} names no photo", .0.display())]
    NoPhoto(PathBuf),
}

/// A plan with its decoded photo, ready to render.
pub struct LoadedPlan {
    pub plan: Plan,
    pub photo: RgbaImage,
    /// What the photo's metadata says (its camera's focal length, for the head model).
    pub photo_info: PhotoInfo,
}

/// Loads a plan and the photo it names, else a bare photo with a plan for the whole of it,
/// else the bundled sample.
pub fn load_inputs(plan: Option<&Path>, photo: Option<&Path>) -> Result<LoadedPlan, InputError> {
    if let Some(plan_path) = plan {
        let plan = Plan::load(plan_path)?;
        let Some(photo_path) = plan.photo_path(plan_path) else {
            return Err(InputError::NoPhoto(plan_path.to_owned()));
        };
        let (photo, photo_info) = crate::io::photo::load_photo_with_info(&photo_path)?;
        return Ok(LoadedPlan {
            plan,
            photo,
            photo_info,
        });
    }
    if let Some(photo_path) = photo {
        let (photo, photo_info) = crate::io::photo::load_photo_with_info(photo_path)?;
        let mut plan = Plan::for_whole_photo(photo.width(), photo.height());
        plan.photo = Some(photo_path.to_owned());
        return Ok(LoadedPlan {
            plan,
            photo,
            photo_info,
        });
    }
    let (photo, photo_info) = Sample::default().photo_with_info()?;
    Ok(LoadedPlan {
        plan: crate::io::sample::sample_plan()?,
        photo,
        photo_info,
    })
}

/// The files a render or export reads: the plan and its photo (or the photo given alone).
pub fn input_files(plan_path: Option<&Path>, plan: &Plan, photo: Option<&Path>) -> Vec<PathBuf> {
    let photo = plan_path
        .and_then(|p| plan.photo_path(p))
        .or(photo.map(Path::to_owned));
    plan_path
        .map(Path::to_owned)
        .into_iter()
        .chain(photo)
        .collect()
}
