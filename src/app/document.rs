//! The open document: plan, photo and the impressions derived from them.

use std::path::{Path, PathBuf};

use image::RgbaImage;

use super::versioned::{Versioned, next_generation};
use crate::core::look::Age;
use crate::core::plan::{Plan, PlanError, ShownSession};
use crate::core::sampling::{Impression, ImpressionEngine};
use crate::io::inputs::{InputError, load_inputs};
use crate::io::photo::{PhotoError, PhotoInfo};
use crate::io::sample::Sample;

/// An edit becomes an undo step once the plan has stayed unchanged this long, seconds (a
/// slider drag is one step).
pub const UNDO_STABLE_S: f32 = 0.4;

/// A plan with its photo and up-to-date impressions. Generations tell the renderer what changed.
pub struct Document {
    pub plan: Plan,
    /// Where the plan was loaded from, if it was a plan file.
    pub plan_path: Option<PathBuf>,
    /// Short name for the title and status bar.
    pub name: String,
    /// The session whose result is shown.
    pub shown_session: ShownSession,
    /// How long after the session the impressions are shown (not part of the plan).
    pub age: Age,
    photo: Versioned<RgbaImage>,
    /// What the photo's metadata says (the camera's focal length).
    photo_info: PhotoInfo,
    engine: ImpressionEngine,
    impressions: Versioned<Vec<Impression>>,
    /// The plan's revision: a new number whenever the plan changed. Every cache derived from
    /// the plan keys on it, so the plan is compared once per refresh, here.
    revision: u64,
    /// The plan as of `revision`, to tell an edit made since.
    revised_plan: Plan,
    /// What the impressions were taken for: the plan's revision, the session and the look.
    sampled: Option<(u64, ShownSession, Age)>,
    /// The plan's revision, when it is not valid (e.g. a scale that makes the area metres
    /// wide), and why: it is not sampled, the last valid impressions stay shown.
    rejected: Option<(u64, String)>,
    /// Undo/redo history of the plan; an edit is recorded once it has been still for a moment.
    undoer: super::undo::UndoHistory,
    /// True for the bundled sample until it is saved somewhere.
    /// The bundled sample this document is, until it is saved as a file.
    sample: Option<Sample>,
    /// The plan as last loaded or saved, to tell whether there are unsaved changes.
    saved_plan: Option<Plan>,
    /// The skin colour, and the revision and treatment area it was sampled for (the panel
    /// asks every frame; another revision with the same area keeps it).
    skin: Option<(u64, Vec<glam::Vec2>, [f32; 3])>,
    /// What the plan file held when it was opened or last saved (a hash of its bytes), to tell
    /// a file changed by someone else since.
    disk_stamp: Option<u64>,
    /// The treatment area's scalp cm² (with a head model), and the revision and outlines it
    /// was taken for.
    scalp_area: Option<(u64, ScalpKey, Option<f32>)>,
    /// The case this document shows a view of, if it is one ([`case_views`]).
    case: Option<case_views::CaseState>,
}

/// What the scalp area depends on.
type ScalpKey = (Vec<glam::Vec2>, Option<crate::core::head::HeadModel>, u32);

fn scalp_key(plan: &Plan) -> ScalpKey {
    (plan.area.clone(), plan.head, plan.px_per_mm.to_bits())
}

/// Name shown for the bundled sample (no file of its own until saved).
const SAMPLE_NAME: &str = "sample";

/// Why a document could not be opened, saved or recovered (one line, for the window).
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error(transparent)]
    Plan(#[from] PlanError),
    #[error(transparent)]
    Photo(#[from] PhotoError),
    #[error(transparent)]
    Inputs(#[from] InputError),
    #[error(transparent)]
    MissingPhoto(#[from] MissingPhoto),
    #[error("opening {name}: {cause}")]
    Opening { name: String, cause: InputError },
    #[error("cannot {doing} {}: {cause}", path.display())]
    File {
        doing: &'static str,
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error("no free name for the sample photo in {}", .0.display())]
    NoFreeName(PathBuf),
    #[error(
        "{} changed on disk since it was opened or last saved (another window, or a copy synced from another computer)",
        .0.display()
    )]
    ChangedOnDisk(PathBuf),
    #[error(
        "{} is {}×{} px, but the plan's outlines reach {:.0}×{:.0} px: choose the photo the plan was drawn on",
        photo.display(), size.0, size.1, reach.0, reach.1
    )]
    PhotoTooSmall {
        photo: PathBuf,
        size: (u32, u32),
        reach: (f32, f32),
    },
    #[error(transparent)]
    View(#[from] ViewError),
    #[error("view {0} of the case names no photo")]
    NoViewPhoto(usize),
    #[error(
        "{} is {}×{} px, but the {view} view was drawn on a {}×{} px photo: choose that photo",
        photo.display(), size.0, size.1, drawn.0, drawn.1
    )]
    NotTheViewsPhoto {
        photo: PathBuf,
        view: String,
        size: (u32, u32),
        drawn: (u32, u32),
    },
}

/// A plan whose photo is not where the plan says: the window offers to locate it.
#[derive(Debug, thiserror::Error)]
#[error("the photo {} of plan {} was not found (moved or deleted?)", photo_path.display(), plan_path.display())]
pub struct MissingPhoto {
    pub plan_path: PathBuf,
    pub photo_path: PathBuf,
}

mod case_undo;
mod case_views;
mod paths;

pub use case_views::ViewError;
pub(super) use paths::unused_path_in;
use paths::{
    check_photo_fits, file_stamp, plan_dir_absolute, sample_photo_in, unused_plan_path,
    unused_plan_path_in,
};

fn display_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into(),
    )
}

impl Document {
    fn new(plan: Plan, photo: RgbaImage, plan_path: Option<PathBuf>, name: String) -> Self {
        let mut doc = Document {
            revision: next_generation(),
            revised_plan: plan.clone(),
            plan,
            plan_path,
            name,
            shown_session: ShownSession::Finished,
            age: Age::Healed,
            photo: Versioned::new(photo),
            photo_info: PhotoInfo::default(),
            engine: ImpressionEngine::default(),
            impressions: Versioned::new(Vec::new()),
            sampled: None,
            rejected: None,
            saved_plan: None,
            skin: None,
            sample: None,
            disk_stamp: None,
            scalp_area: None,
            case: None,
            undoer: super::undo::UndoHistory::new(200, UNDO_STABLE_S, 10.0),
        };
        doc.refresh();
        doc
    }

    /// The first bundled sample (the realistic head).
    pub fn sample() -> Result<Self, DocumentError> {
        Self::open_sample(Sample::default())
    }

    /// One of the bundled samples.
    pub fn open_sample(sample: Sample) -> Result<Self, DocumentError> {
        let (plan, (photo, info)) = (sample.plan()?, sample.photo_with_info()?);
        let mut doc = Self::new(plan, photo, None, SAMPLE_NAME.into());
        doc.photo_info = info;
        doc.sample = Some(sample);
        doc.saved_plan = Some(doc.plan.clone());
        Ok(doc)
    }

    /// A placeholder used only if even the sample cannot be decoded.
    pub fn blank() -> Self {
        let photo = RgbaImage::from_pixel(640, 480, image::Rgba([128, 128, 128, 255]));
        Self::new(Plan::for_whole_photo(640, 480), photo, None, "blank".into())
    }

    /// Opens a plan (`.json`) or a photo (anything else).
    pub fn open(path: &Path) -> Result<Self, DocumentError> {
        let name = display_name(path);
        let is_plan = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        if is_plan {
            if let crate::io::plan_file::PlanFile::Case(case) =
                crate::io::plan_file::PlanFile::load(path)?
            {
                return Self::open_case(path, case);
            }
            let plan = Plan::load(path)?;
            if let Some(photo) = plan.photo_path(path)
                && !photo.exists()
            {
                return Err(MissingPhoto {
                    plan_path: path.to_owned(),
                    photo_path: photo,
                }
                .into());
            }
            let loaded = load_inputs(Some(path), None)?;
            let mut doc = Self::new(loaded.plan, loaded.photo, Some(path.to_owned()), name);
            doc.photo_info = loaded.photo_info;
            // As on disk: nothing unsaved until it is edited.
            doc.saved_plan = Some(doc.plan.clone());
            doc.disk_stamp = file_stamp(path);
            return Ok(doc);
        }
        let mut loaded = load_inputs(None, Some(path)).map_err(|cause| DocumentError::Opening {
            name: name.clone(),
            cause,
        })?;
        let size = glam::Vec2::new(loaded.photo.width() as f32, loaded.photo.height() as f32);
        loaded.plan.area = super::edit::starting_area(size);
        let mut doc = Self::new(loaded.plan, loaded.photo, None, name);
        doc.photo_info = loaded.photo_info;
        // Nothing drawn yet: closing now loses nothing.
        doc.saved_plan = Some(doc.plan.clone());
        Ok(doc)
    }

    /// Opens the plan at `plan_path` with `photo` in place of the photo it names (which has
    /// moved): the plan now refers to `photo` and has unsaved changes until saved.
    pub fn open_with_photo(plan_path: &Path, photo: &Path) -> Result<Self, DocumentError> {
        if let crate::io::plan_file::PlanFile::Case(case) =
            crate::io::plan_file::PlanFile::load(plan_path)?
        {
            return Self::case_with_first_photo(plan_path, case, photo);
        }
        let mut plan = Plan::load(plan_path)?;
        let saved = plan.clone();
        let (image, info) = crate::io::photo::load_photo_with_info(photo)?;
        check_photo_fits(&plan, photo, image.dimensions())?;
        let photo_abs = std::path::absolute(photo).unwrap_or_else(|_| photo.to_owned());
        let plan_dir = plan_dir_absolute(plan_path);
        plan.photo = Some(crate::io::files::photo_reference(&photo_abs, &plan_dir));
        let name = display_name(plan_path);
        let mut doc = Self::new(plan, image, Some(plan_path.to_owned()), name);
        doc.photo_info = info;
        doc.saved_plan = Some(saved);
        doc.disk_stamp = file_stamp(plan_path);
        Ok(doc)
    }

    /// Records the plan in the undo history; call once per frame with the current time (s).
    pub fn feed_undo(&mut self, time_s: f64) {
        if self.case.is_some() {
            self.feed_case_undo(time_s);
        } else {
            self.undoer.feed(time_s, &self.plan);
        }
    }

    /// An edit is waiting to be recorded as an undo step: the window must draw another frame
    /// [`UNDO_STABLE_S`] after it even without input, or the next edit would join it.
    pub fn undo_step_pending(&self) -> bool {
        self.case_undo_pending()
            .unwrap_or_else(|| self.undoer.is_in_flux())
    }

    /// Goes back to the previous recorded plan; false if there is none.
    pub fn undo(&mut self) -> bool {
        if self.case.is_some() {
            return self.case_undo_redo(false);
        }
        let previous = self.undoer.undo(&self.plan);
        previous.map(|plan| self.plan = plan).is_some()
    }

    /// Re-applies an undone edit; false if there is none.
    pub fn redo(&mut self) -> bool {
        if self.case.is_some() {
            return self.case_undo_redo(true);
        }
        let next = self.undoer.redo(&self.plan);
        next.map(|plan| self.plan = plan).is_some()
    }

    pub fn can_undo(&self) -> bool {
        self.case_can_undo()
            .unwrap_or_else(|| self.undoer.has_undo(&self.plan))
    }

    pub fn can_redo(&self) -> bool {
        self.case_can_redo()
            .unwrap_or_else(|| self.undoer.has_redo(&self.plan))
    }

    /// The photo's absolute path; `None` for the bundled sample.
    pub fn photo_path_absolute(&self) -> Option<PathBuf> {
        if self.sample.is_some() {
            return None;
        }
        let path = match &self.plan_path {
            Some(plan_path) => self.plan.photo_path(plan_path)?,
            None => self.plan.photo.clone()?,
        };
        Some(std::path::absolute(&path).unwrap_or(path))
    }

    /// Rebuilds a document from a recovery record: its photo is loaded again and the plan is
    /// marked as unsaved.
    pub fn from_recovery(record: super::recovery::Recovery) -> Result<Self, DocumentError> {
        if let Some(case) = record.case {
            let view = record.case_view;
            return Self::recovered_case(case, record.plan_path.as_deref(), view);
        }
        // A sample's record names no photo file: its plan names the sample's photo.
        let sample = record.photo_path.is_none().then(|| {
            let name = record
                .plan
                .photo
                .as_deref()
                .and_then(Path::to_str)
                .unwrap_or_default();
            Sample::with_photo_name(name).unwrap_or_default()
        });
        let (photo, info) = match (&record.photo_path, sample) {
            (Some(path), _) => crate::io::photo::load_photo_with_info(path)?,
            (None, sample) => sample.unwrap_or_default().photo_with_info()?,
        };
        let name = record
            .plan_path
            .as_deref()
            .or(record.photo_path.as_deref())
            .and_then(Path::file_name);
        let name = name.map_or_else(
            || SAMPLE_NAME.to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let mut plan = record.plan;
        if record.plan_path.is_none() && record.photo_path.is_some() {
            plan.photo = record.photo_path.clone();
        }
        let mut doc = Self::new(plan, photo, record.plan_path, name);
        doc.photo_info = info;
        doc.sample = sample;
        Ok(doc)
    }

    /// Whether the plan differs from the file it was loaded from or last saved to.
    pub fn has_unsaved_changes(&self) -> bool {
        if let Some(unsaved) = self.case_unsaved() {
            return unsaved;
        }
        self.saved_plan.as_ref() != Some(&self.plan)
    }

    /// Saves the plan atomically and returns where: to its own file if it has one; beside the
    /// photo as `<photo>.smp.json` for a photo opened alone; for the sample, `sample.smp.json`
    /// in the current folder with the sample photo written beside it. An earlier plan of the
    /// same name is never written over: the new one is then `<name> (2).smp.json`, ….
    pub fn save(&mut self) -> Result<PathBuf, DocumentError> {
        // Before anything is written (the sample's photo, a plan that would not load again).
        self.plan.validate()?;
        if let Some(path) = &self.plan_path
            && self.disk_stamp.is_some()
            && file_stamp(path) != self.disk_stamp
        {
            return Err(DocumentError::ChangedOnDisk(path.clone()));
        }
        if self.case.is_some() {
            let path = match (&self.plan_path, self.first_view_photo()) {
                (Some(path), _) => path.clone(),
                (None, Some(photo)) => unused_plan_path(&photo),
                (None, None) => unused_plan_path_in(Path::new(""), SAMPLE_NAME),
            };
            return self.save_case_to(&path);
        }
        let photo = match self.sample {
            Some(_) => None,
            None => self.plan.photo.clone(),
        };
        // Changed on a copy, kept only once written: a failed save leaves the plan as it was.
        let mut plan = self.plan.clone();
        let path = match (&self.plan_path, &photo) {
            (Some(path), _) => path.clone(),
            (None, Some(photo)) => {
                plan.photo = photo.file_name().map(PathBuf::from);
                unused_plan_path(photo)
            }
            (None, None) => {
                let sample = self.sample.unwrap_or_default();
                plan.photo = Some(sample_photo_in(Path::new(""), sample)?);
                unused_plan_path_in(Path::new(""), SAMPLE_NAME)
            }
        };
        plan.save(&path)?;
        self.disk_stamp = file_stamp(&path);
        self.plan = plan;
        self.plan_path = Some(path.clone());
        self.name = display_name(&path);
        self.sample = None;
        self.saved_plan = Some(self.plan.clone());
        self.undoer.set_photo_everywhere(&self.plan.photo);
        Ok(path)
    }

    /// Saves over a plan file that changed on disk since it was opened (the consultant chose
    /// to overwrite the other change).
    pub fn save_overwriting(&mut self) -> Result<PathBuf, DocumentError> {
        // What is on disk now is what the save replaces (a file gone: nothing to compare).
        self.disk_stamp = self.plan_path.as_deref().and_then(file_stamp);
        self.save()
    }

    /// Saves the plan to `path` (a new file), its photo referred to relative to the new
    /// folder where possible; the sample's photo is written beside it. From now on the
    /// document is that file.
    pub fn save_as(&mut self, path: &Path) -> Result<PathBuf, DocumentError> {
        self.plan.validate()?;
        if self.case.is_some() {
            return self.save_case_to(path);
        }
        let plan_dir = plan_dir_absolute(path);
        let photo = match self.photo_path_absolute() {
            Some(photo) => crate::io::files::photo_reference(&photo, &plan_dir),
            None => sample_photo_in(&plan_dir, self.sample.unwrap_or_default())?,
        };
        let mut plan = self.plan.clone();
        plan.photo = Some(photo);
        plan.save(path)?;
        self.disk_stamp = file_stamp(path);
        self.plan = plan;
        self.plan_path = Some(path.to_owned());
        self.name = display_name(path);
        self.sample = None;
        self.saved_plan = Some(self.plan.clone());
        self.undoer.set_photo_everywhere(&self.plan.photo);
        Ok(path.to_owned())
    }

    /// The plan's revision: it changes whenever the plan does (noted by [`Self::refresh`]).
    /// Caches of what is derived from the plan key on it.
    pub fn plan_revision(&self) -> u64 {
        self.revision
    }

    /// Gives the plan a new revision if it was edited since the last call: the one place the
    /// plan is compared with what it was.
    fn note_edits(&mut self) {
        if self.revised_plan != self.plan {
            self.revision = next_generation();
            self.revised_plan = self.plan.clone();
            self.absorb_case_edit();
        }
    }

    /// Notes edits, then recomputes the impressions if the plan, the session shown or the
    /// look changed since the last call.
    pub fn refresh(&mut self) {
        self.note_edits();
        self.shown_session = self.shown_session.within(self.plan.sessions.count());
        let key = (self.revision, self.shown_session, self.age);
        if self.sampled == Some(key) || self.is_rejected() {
            return;
        }
        let impressions = self.engine.update(&self.plan, self.shown_session).to_vec();
        self.impressions.set(impressions);
        self.refresh_scalp_area();
        self.sampled = Some(key);
    }

    /// Whether the plan as it stands is not valid (then it is not sampled): checked once per
    /// revision.
    fn is_rejected(&mut self) -> bool {
        if let Some((revision, _)) = &self.rejected
            && *revision == self.revision
        {
            return true;
        }
        self.rejected = match self.plan.validate() {
            Ok(()) => None,
            Err(e) => Some((self.revision, e.to_string())),
        };
        self.rejected.is_some()
    }

    /// Why the plan as last refreshed is not shown (nor can be saved), if it is not valid.
    pub fn plan_problem(&self) -> Option<&str> {
        let (revision, why) = self.rejected.as_ref()?;
        (*revision == self.revision).then_some(why.as_str())
    }

    /// The treatment area on the fitted head's scalp, cm² (`None` without a head model), taken
    /// again only when the area, the head or the scale changed.
    pub fn scalp_area_cm2(&self) -> Option<f32> {
        self.scalp_area.as_ref().and_then(|(_, _, a)| *a)
    }

    fn refresh_scalp_area(&mut self) {
        let revision = self.revision;
        match &mut self.scalp_area {
            Some((r, _, _)) if *r == revision => return,
            Some((r, key, _)) if *key == scalp_key(&self.plan) => return *r = revision,
            _ => {}
        }
        let area = crate::core::numbers::scalp_area_cm2(&self.plan);
        self.scalp_area = Some((revision, scalp_key(&self.plan), area));
    }

    /// The patient's scalp skin (mean linear colour of the treatment area on the photo), or a
    /// mid skin tone if the area shows none of the photo. Sampled again only when a new plan
    /// revision (noted by [`Self::refresh`]) moved the area; the photo of a document never
    /// changes.
    pub fn skin_linear(&mut self) -> [f32; 3] {
        let revision = self.revision;
        match &mut self.skin {
            Some((r, _, skin)) if *r == revision => *skin,
            Some((r, area, skin)) if *area == self.plan.area => {
                *r = revision;
                *skin
            }
            _ => {
                let skin = crate::core::color::mean_skin_linear(&self.photo, &self.plan.area)
                    .unwrap_or(crate::core::color::MID_SKIN_LINEAR);
                self.skin = Some((revision, self.plan.area.clone(), skin));
                skin
            }
        }
    }

    pub fn photo(&self) -> &Versioned<RgbaImage> {
        &self.photo
    }

    /// What the photo's metadata says (e.g. the focal length, from EXIF).
    pub fn photo_info(&self) -> PhotoInfo {
        self.photo_info
    }

    /// The impressions shown; a new generation each time they are taken again.
    pub fn impressions(&self) -> &Versioned<Vec<Impression>> {
        &self.impressions
    }
}
