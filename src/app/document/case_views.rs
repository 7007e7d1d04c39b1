//! A document that is a case (several photos of one patient, one plan on the head): the plan
//! the window edits is always the shown view's, derived from the case; each edit is taken
//! into the case at the refresh that notes it, so the other views follow; switching view
//! derives that view's plan and shows its photo; *Add view* turns a plan with a fitted head
//! into a case and fits the new photo's head.

use std::path::{Path, PathBuf};

use image::RgbaImage;

use super::case_undo::CaseUndo;
use super::{Document, DocumentError, display_name, file_stamp, plan_dir_absolute};
use crate::app::versioned::{Versioned, next_generation};
use crate::core::case::{Case, ViewProjection, WholeHead};
use crate::core::head::{DEFAULT_FOCAL_MM_35, HeadModel, HeadView, fit_to_photo};
use crate::io::files::photo_reference;
use crate::io::photo::PhotoInfo;

/// A decoded photo of a view, kept once shown.
type ViewPhoto = (Versioned<RgbaImage>, PhotoInfo);

/// The case behind a document, and which of its views the document shows.
pub(in crate::app) struct CaseState {
    pub(super) case: Case,
    pub(super) view: usize,
    /// The shown view's plan as last taken into the case: what the next edit is told from.
    shown: ViewProjection,
    /// The case as last loaded or saved.
    saved: Option<Case>,
    /// Each view's photo, absolute (none: the bundled sample's, not yet written).
    photo_paths: Vec<Option<PathBuf>>,
    photos: Vec<Option<ViewPhoto>>,
    /// Views whose photo could not be read (not tried again for the strip).
    unreadable: Vec<bool>,
    /// The whole head's numbers and the plan revision they were taken at.
    whole: Option<(u64, usize, WholeHead)>,
    /// The case's undo history (across views).
    pub(super) undo: CaseUndo,
}

/// Why a view could not be added.
#[derive(Debug, thiserror::Error)]
pub enum ViewError {
    #[error(
        "fit the head outline on this photo first (Head section): a new view's plan is placed \
         through the head"
    )]
    NoHead,
    #[error("a case holds at most {} views", crate::core::case::MAX_VIEWS)]
    TooMany,
    #[error("no head fits that photo at this scale")]
    NoFit,
    #[error("save the sample as a plan of your own first (Save as…), then add views to it")]
    SampleFirst,
}

impl Document {
    /// The case this document shows a view of, if it is one.
    pub fn case(&self) -> Option<&Case> {
        self.case.as_ref().map(|s| &s.case)
    }

    /// Which view of the case is shown.
    pub fn case_view(&self) -> Option<usize> {
        self.case.as_ref().map(|s| s.view)
    }

    /// Opens a case file on its first view.
    pub(super) fn open_case(path: &Path, case: Case) -> Result<Self, DocumentError> {
        let mut doc = Self::from_case(case, Some(path))?;
        if let Some(state) = &mut doc.case {
            state.saved = Some(state.case.clone());
        }
        doc.disk_stamp = file_stamp(path);
        Ok(doc)
    }

    /// The case at `path` with `photo` in place of its first view's photo (which has moved):
    /// the case refers to it once saved.
    pub(super) fn case_with_first_photo(
        path: &Path,
        mut case: Case,
        photo: &Path,
    ) -> Result<Self, DocumentError> {
        let saved = case.clone();
        let (image, _) = crate::io::photo::load_photo_with_info(photo)?;
        super::check_photo_fits(&case.view_plan(0).plan, photo, image.dimensions())?;
        let absolute = std::path::absolute(photo).unwrap_or_else(|_| photo.to_owned());
        if let Some(view) = case.views.first_mut() {
            view.photo = Some(photo_reference(&absolute, &plan_dir_absolute(path)));
        }
        let mut doc = Self::from_case(case, Some(path))?;
        if let Some(state) = &mut doc.case {
            state.saved = Some(saved);
        }
        doc.disk_stamp = file_stamp(path);
        Ok(doc)
    }

    /// A case left by a crashed session (its file, if it had one), on view `view`, unsaved.
    pub(in crate::app) fn recovered_case(
        case: Case,
        path: Option<&Path>,
        view: usize,
    ) -> Result<Self, DocumentError> {
        let mut doc = Self::from_case(case, path)?;
        // A view whose photo cannot be read now is no reason to lose the case: stay on the
        // first view.
        if let Err(e) = doc.switch_view(view) {
            log::warn!("recovered case: view {}: {e}", view + 1);
        }
        Ok(doc)
    }

    /// A document on the case's first view, its photos found from `path` (the case file; none:
    /// the photos' paths are as they are), not marked saved.
    fn from_case(case: Case, path: Option<&Path>) -> Result<Self, DocumentError> {
        let base = path.unwrap_or(Path::new("case"));
        let photo_paths: Vec<Option<PathBuf>> = (0..case.views.len())
            .map(|i| {
                case.photo_path(i, base)
                    .map(|p| std::path::absolute(&p).unwrap_or(p))
            })
            .collect();
        let first = photo_paths.first().cloned().flatten();
        let photo_path = first.ok_or_else(|| super::InputError::NoPhoto(base.to_owned()))?;
        if !photo_path.exists() {
            return Err(super::MissingPhoto {
                plan_path: base.to_owned(),
                photo_path,
            }
            .into());
        }
        let (photo, info) = crate::io::photo::load_photo_with_info(&photo_path)?;
        let shown = case.view_plan(0);
        let name = display_name(base);
        let mut doc = Self::new(shown.plan.clone(), photo, path.map(Path::to_owned), name);
        doc.photo_info = info;
        doc.saved_plan = Some(doc.plan.clone());
        let mut photos = vec![None; case.views.len()];
        photos[0] = Some((doc.photo.clone(), info));
        doc.case = Some(CaseState {
            saved: None,
            case,
            view: 0,
            shown,
            unreadable: vec![false; photos.len()],
            photo_paths,
            photos,
            whole: None,
            undo: CaseUndo::new(),
        });
        Ok(doc)
    }

    /// Takes the edit noted at this refresh into the case. A new head for the view (its
    /// outline dragged, its view or lens changed) places the case's outlines afresh: they are
    /// points on the head, shown where the new head puts them.
    pub(super) fn absorb_case_edit(&mut self) {
        let Some(state) = &mut self.case else {
            return;
        };
        let new_head = state.shown.plan.head_model() != self.plan.head_model();
        state.case.absorb_view_edit(&state.shown, &self.plan);
        // A hairline added where the case's is on the far side of the head is not taken (the
        // case keeps its own): the view shows the case again.
        // (Placing painted zones through the head is not done on every edit: only then.)
        let shows_hairline = state.case.shows_hairline(state.view);
        if new_head || shows_hairline != self.plan.hairline.is_some() {
            state.shown = state.case.view_plan(state.view);
            self.plan = state.shown.plan.clone();
            self.revised_plan = self.plan.clone();
        } else {
            // The run of the hairline shown starts at the same point of the case's.
            state.shown.plan = self.plan.clone();
        }
    }

    /// Whether the case differs from its file (`None`: the document is no case).
    pub(super) fn case_unsaved(&self) -> Option<bool> {
        let state = self.case.as_ref()?;
        Some(state.saved.as_ref() != Some(&state.case) || self.revised_plan != self.plan)
    }

    /// Shows view `index` of the case: its plan and its photo. The case's undo history goes
    /// on (it is the case's, across views; see `case_undo`).
    pub fn switch_view(&mut self, index: usize) -> Result<(), DocumentError> {
        self.note_edits();
        let Some(state) = &self.case else {
            return Ok(());
        };
        if index == state.view || index >= state.case.views.len() {
            return Ok(());
        }
        let (photo, info) = self.view_photo(index)?;
        let Some(state) = &mut self.case else {
            return Ok(());
        };
        let shown = state.case.view_plan(index);
        state.view = index;
        self.plan = shown.plan.clone();
        state.shown = shown;
        self.photo = photo;
        self.photo_info = info;
        self.start_over_for_new_plan();
        Ok(())
    }

    /// Shows view `index` derived afresh from the case, which changed under it (an undo); on
    /// the view shown if `index`'s photo cannot be read now (the case has changed all the
    /// same: the view shown and every number follow it).
    pub(super) fn show_case_view_again(&mut self, index: usize) {
        let other = self.case.as_ref().is_some_and(|s| s.view != index);
        if other {
            match self.switch_view(index) {
                Ok(()) => return,
                Err(e) => log::warn!("undo: view {} cannot be shown: {e}", index + 1),
            }
        }
        let Some(state) = &mut self.case else {
            return;
        };
        state.shown = state.case.view_plan(state.view);
        self.plan = state.shown.plan.clone();
        self.revised_plan = self.plan.clone();
        self.revision = next_generation();
    }

    /// Every cache of the old plan dropped, and a new undo history.
    fn start_over_for_new_plan(&mut self) {
        self.revised_plan = self.plan.clone();
        self.revision = next_generation();
        self.sampled = None;
        self.rejected = None;
        self.skin = None;
        self.scalp_area = None;
        self.undoer = crate::app::undo::UndoHistory::new(200, super::UNDO_STABLE_S, 10.0);
    }

    /// View `index`'s photo for its picture in the strip: `None` if it cannot be read (tried
    /// once; switching to the view says why).
    pub fn case_view_photo(&mut self, index: usize) -> Option<Versioned<RgbaImage>> {
        let state = self.case.as_ref()?;
        if state.unreadable.get(index).copied().unwrap_or(true) {
            return None;
        }
        match self.view_photo(index) {
            Ok((photo, _)) => Some(photo),
            Err(e) => {
                log::warn!("view {}: {e}", index + 1);
                if let Some(flag) = self.case.as_mut().and_then(|s| s.unreadable.get_mut(index)) {
                    *flag = true;
                }
                None
            }
        }
    }

    /// View `index`'s photo, decoded once.
    fn view_photo(&mut self, index: usize) -> Result<ViewPhoto, DocumentError> {
        let Some(state) = &mut self.case else {
            return Ok((self.photo.clone(), self.photo_info));
        };
        if let Some(Some(kept)) = state.photos.get(index) {
            return Ok(kept.clone());
        }
        let path = state.photo_paths.get(index).cloned().flatten();
        let path = path.ok_or(DocumentError::NoViewPhoto(index + 1))?;
        if !path.exists() {
            let plan_path = self.plan_path.clone().unwrap_or_else(|| "case".into());
            return Err(super::MissingPhoto {
                plan_path,
                photo_path: path,
            }
            .into());
        }
        let (photo, info) = crate::io::photo::load_photo_with_info(&path)?;
        if let Some(flag) = state.unreadable.get_mut(index) {
            *flag = false;
        }
        let loaded = (Versioned::new(photo), info);
        if let Some(slot) = state.photos.get_mut(index) {
            *slot = Some(loaded.clone());
        }
        Ok(loaded)
    }

    /// Takes `photo` as view `index`'s photo, which has moved, and shows the view: the case
    /// refers to it once saved. It must be the size the view's head was fitted on.
    pub fn locate_view_photo(&mut self, index: usize, photo: &Path) -> Result<(), DocumentError> {
        let absolute = std::path::absolute(photo).unwrap_or_else(|_| photo.to_owned());
        let reference = self.photo_reference_from_file(&absolute);
        let Some(state) = &mut self.case else {
            return Ok(());
        };
        let Some(view) = state.case.views.get(index) else {
            return Ok(());
        };
        let (image, info) = crate::io::photo::load_photo_with_info(photo)?;
        let drawn = view.head.image_size_px.round();
        let drawn = (drawn.x as u32, drawn.y as u32);
        if image.dimensions() != drawn {
            return Err(DocumentError::NotTheViewsPhoto {
                photo: photo.to_owned(),
                view: view.name.clone(),
                size: image.dimensions(),
                drawn,
            });
        }
        state.case.views[index].photo = Some(reference);
        state.photo_paths[index] = Some(absolute);
        state.photos[index] = Some((Versioned::new(image), info));
        state.unreadable[index] = false;
        state.undo.take_views_of(&state.case);
        if state.view == index {
            return Ok(());
        }
        self.switch_view(index)
    }

    /// Adds the photo at `path`, showing the head from `view`, and shows it: its head fitted
    /// to its outline (or, where none is found, an oval to drag onto the head) and its scale
    /// set by the head's size. A plan becomes a case first (it needs a fitted head).
    pub fn add_view(&mut self, path: &Path, view: HeadView) -> Result<usize, DocumentError> {
        if self.sample.is_some() {
            return Err(ViewError::SampleFirst.into());
        }
        let views = self.case().map_or(1, |c| c.views.len());
        if views >= crate::core::case::MAX_VIEWS {
            return Err(ViewError::TooMany.into());
        }
        if self.case.is_none() && self.plan.head.is_none() {
            return Err(ViewError::NoHead.into());
        }
        let (image, info) = crate::io::photo::load_photo_with_info(path)?;
        let focal = info.focal_mm_35.unwrap_or(DEFAULT_FOCAL_MM_35);
        let scale = self
            .case()
            .map_or(self.plan.px_per_mm, |c| c.views[0].px_per_mm);
        let head = fitted_or_oval(&image, view, focal, scale).ok_or(ViewError::NoFit)?;
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
        let reference = self.photo_reference_from_file(&absolute);
        self.ensure_case()?;
        let Some(state) = &mut self.case else {
            return Err(ViewError::NoHead.into());
        };
        let name = state.case.free_view_name(view.name());
        let index = state.case.add_view(&name, Some(reference), head);
        state.photo_paths.push(Some(absolute));
        state.photos.push(Some((Versioned::new(image), info)));
        state.unreadable.push(false);
        state.undo.take_views_of(&state.case);
        self.switch_view(index)?;
        Ok(index)
    }

    /// How the case file refers to the photo at `absolute`: relative to the file's folder,
    /// or as it is while the case has no file yet.
    fn photo_reference_from_file(&self, absolute: &Path) -> PathBuf {
        match &self.plan_path {
            Some(p) => photo_reference(absolute, &plan_dir_absolute(p)),
            None => absolute.to_owned(),
        }
    }

    /// Makes the plan a one-view case (its head fitted), if it is not one yet.
    fn ensure_case(&mut self) -> Result<(), DocumentError> {
        if self.case.is_some() {
            return Ok(());
        }
        self.note_edits();
        let head = self.plan.head_model().ok_or(ViewError::NoHead)?;
        let case = Case::from_plan(&self.plan, head.view.name()).ok_or(ViewError::NoHead)?;
        self.case = Some(CaseState {
            case,
            view: 0,
            shown: ViewProjection {
                view: 0,
                plan: self.plan.clone(),
                hairline_from: 0,
            },
            saved: None,
            photo_paths: vec![self.photo_path_absolute()],
            photos: vec![Some((self.photo.clone(), self.photo_info))],
            unreadable: vec![false],
            whole: None,
            undo: CaseUndo::new(),
        });
        Ok(())
    }

    /// The first view's photo, absolute (where a case saved for the first time goes).
    pub(super) fn first_view_photo(&self) -> Option<PathBuf> {
        self.case.as_ref()?.photo_paths.first().cloned().flatten()
    }

    /// The whole head's numbers, taken again when the plan's revision or the views changed.
    pub fn whole_head(&mut self) -> Option<&WholeHead> {
        let revision = self.revision;
        let state = self.case.as_mut()?;
        let views = state.case.views.len();
        let fresh = matches!(&state.whole, Some((r, v, _)) if *r == revision && *v == views);
        if !fresh {
            state.whole = Some((revision, views, state.case.whole_head()));
        }
        state.whole.as_ref().map(|(_, _, whole)| whole)
    }

    /// Saves the case at `path`, its photos referred to from there (the sample's photo
    /// written beside it); from now on the document is that file.
    pub(super) fn save_case_to(&mut self, path: &Path) -> Result<PathBuf, DocumentError> {
        self.note_edits();
        let dir = plan_dir_absolute(path);
        let sample = self.sample;
        let Some(state) = &mut self.case else {
            return Ok(path.to_owned());
        };
        let mut case = state.case.clone();
        for (i, view) in case.views.iter_mut().enumerate() {
            view.photo = match (state.photo_paths.get(i).cloned().flatten(), sample) {
                (Some(abs), _) => Some(photo_reference(&abs, &dir)),
                (None, Some(sample)) => Some(super::sample_photo_in(&dir, sample)?),
                (None, None) => view.photo.clone(),
            };
        }
        case.save(path)?;
        for (i, view) in case.views.iter().enumerate() {
            if let (Some(slot), Some(photo)) = (state.photo_paths.get_mut(i), &view.photo) {
                *slot = Some(dir.join(photo));
            }
        }
        state.case = case;
        state.undo.take_views_of(&state.case);
        state.saved = Some(state.case.clone());
        // Only the photo reference changed: the shown run of the hairline stays where it
        // starts in the case's (a fresh projection could start it elsewhere after an edit).
        let view = state.case.views.get(state.view);
        self.plan.photo = view.and_then(|v| v.photo.clone());
        state.shown.plan = self.plan.clone();
        self.revised_plan = self.plan.clone();
        self.disk_stamp = file_stamp(path);
        self.plan_path = Some(path.to_owned());
        self.name = display_name(path);
        self.sample = None;
        self.saved_plan = Some(self.plan.clone());
        Ok(path.to_owned())
    }
}

/// The head fitted to the photo's outline, else an oval over the photo's middle to be dragged
/// onto the head (no plain background).
fn fitted_or_oval(image: &RgbaImage, view: HeadView, focal: f32, scale: f32) -> Option<HeadModel> {
    if let Ok((head, _)) = fit_to_photo(image, view, focal, scale) {
        return Some(head);
    }
    let size = glam::Vec2::new(image.width() as f32, image.height() as f32);
    let oval = (size * 0.5, size * glam::Vec2::new(0.25, 0.3));
    HeadModel::fit(view, focal, size, oval, scale)
}
