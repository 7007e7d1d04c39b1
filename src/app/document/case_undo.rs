//! A case's undo history: one history of the whole case, each step with the view its edit
//! was made on, so an undo steps back across a switch of view and shows the view the undone
//! edit was made on. Adding a view or writing new photo references is no step of its own.

use super::Document;
use crate::app::undo::UndoHistory;
use crate::core::case::Case;

/// The case after an edit, and the view that edit was made on (not compared: switching view
/// is no edit).
#[derive(Clone, Debug)]
pub(in crate::app) struct CaseStep {
    case: Case,
    view: usize,
}

impl CaseStep {
    /// The case as it stands, shown on `view`.
    fn of(case: &Case, view: usize) -> Self {
        CaseStep {
            case: case.clone(),
            view,
        }
    }
}

impl PartialEq for CaseStep {
    fn eq(&self, other: &Self) -> bool {
        self.case == other.case
    }
}

impl PartialEq<Case> for CaseStep {
    fn eq(&self, other: &Case) -> bool {
        &self.case == other
    }
}

/// A case's history and the plan revision it was last fed at.
pub(in crate::app) struct CaseUndo {
    history: UndoHistory<CaseStep>,
    fed_revision: Option<u64>,
}

impl CaseUndo {
    pub fn new() -> Self {
        CaseUndo {
            history: UndoHistory::new(200, super::UNDO_STABLE_S, 10.0),
            fed_revision: None,
        }
    }

    /// Every step shows `case`'s photo references and its views after the steps' own
    /// (a save, a photo located, a view added).
    pub fn take_views_of(&mut self, case: &Case) {
        self.history.change_every_step(|step| {
            for (kept, now) in step.case.views.iter_mut().zip(&case.views) {
                kept.photo.clone_from(&now.photo);
            }
            let known = step.case.views.len();
            step.case
                .views
                .extend(case.views.iter().skip(known).cloned());
        });
    }
}

/// Puts the edited parts of `step` into `case`: the plan on the head and each view's scale,
/// head, ruler and hair (its name and photo are not edits).
fn restore(case: &mut Case, step: &Case) {
    case.settings.clone_from(&step.settings);
    case.outlines.clone_from(&step.outlines);
    for (view, was) in case.views.iter_mut().zip(&step.views) {
        view.px_per_mm = was.px_per_mm;
        view.px_per_mm_is_estimate = was.px_per_mm_is_estimate;
        view.head = was.head;
        view.ruler.clone_from(&was.ruler);
        view.hair_mask.clone_from(&was.hair_mask);
    }
}

impl Document {
    /// Records the case in its history (only built again when the plan's revision changed).
    pub(super) fn feed_case_undo(&mut self, time_s: f64) {
        let revision = self.revision;
        let Some(state) = &mut self.case else {
            return;
        };
        let undo = &mut state.undo;
        if undo.fed_revision == Some(revision) {
            undo.history.tick(time_s);
            return;
        }
        undo.fed_revision = Some(revision);
        let step = CaseStep::of(&state.case, state.view);
        state.undo.history.feed(time_s, &step);
    }

    /// Steps the case back (or forward), showing the view the edit was made on.
    pub(super) fn case_undo_redo(&mut self, redo: bool) -> bool {
        self.note_edits();
        let Some(state) = &mut self.case else {
            return false;
        };
        let current = CaseStep::of(&state.case, state.view);
        let history = &mut state.undo.history;
        let (step, view) = if redo {
            let Some(step) = history.redo(&current) else {
                return false;
            };
            let view = step.view;
            (step, view)
        } else {
            let Some(step) = history.undo(&current) else {
                return false;
            };
            let view = history.last_undone().map_or(step.view, |s| s.view);
            (step, view)
        };
        restore(&mut state.case, &step.case);
        self.show_case_view_again(view);
        true
    }

    pub(super) fn case_can_undo(&self) -> Option<bool> {
        let state = self.case.as_ref()?;
        Some(state.undo.history.has_undo(&state.case))
    }

    pub(super) fn case_can_redo(&self) -> Option<bool> {
        let state = self.case.as_ref()?;
        Some(state.undo.history.has_redo(&state.case))
    }

    pub(super) fn case_undo_pending(&self) -> Option<bool> {
        Some(self.case.as_ref()?.undo.history.is_in_flux())
    }
}
