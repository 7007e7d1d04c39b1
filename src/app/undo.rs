//! The plan's undo history. An edit becomes a step once the plan has stayed the same for
//! [`UndoHistory::stable_s`] (a slider drag is one step), or every `auto_save_s` during a long
//! edit. A step that would change nothing is skipped. The photo reference is not an edit: a
//! save that rewrites it (relative to the plan's new folder) rewrites it in every step, so an
//! undo never brings back a reference that no longer resolves, and never undoes "nothing".
//! A case keeps one history of the whole case (every view's edits, with the view each was
//! made on), so an undo crosses a switch of view.

use std::collections::VecDeque;
use std::path::PathBuf;

use crate::core::plan::Plan;

/// A change not yet settled into a step.
struct Flux<T> {
    start_s: f64,
    latest_change_s: f64,
    latest: T,
}

/// The steps of `T` (a plan, or a case and its shown view).
pub struct UndoHistory<T = Plan> {
    undos: VecDeque<T>,
    redos: Vec<T>,
    flux: Option<Flux<T>>,
    max_steps: usize,
    stable_s: f64,
    auto_save_s: f64,
}

impl<T: Clone + PartialEq> UndoHistory<T> {
    pub fn new(max_steps: usize, stable_s: f32, auto_save_s: f32) -> Self {
        UndoHistory {
            undos: VecDeque::new(),
            redos: Vec::new(),
            flux: None,
            max_steps: max_steps.max(1),
            stable_s: f64::from(stable_s),
            auto_save_s: f64::from(auto_save_s),
        }
    }

    /// Records `current` as a step once it has settled; call once a frame.
    pub fn feed(&mut self, now_s: f64, current: &T) {
        let Some(latest) = self.undos.back() else {
            self.push(current);
            return;
        };
        if latest == current {
            self.flux = None;
            return;
        }
        self.redos.clear();
        match &mut self.flux {
            None => {
                self.flux = Some(Flux {
                    start_s: now_s,
                    latest_change_s: now_s,
                    latest: current.clone(),
                });
            }
            // Unchanged since the last feed (a case step's view may differ: the one the edit
            // was made on is kept).
            Some(flux) if &flux.latest == current => self.tick(now_s),
            Some(flux) => {
                if now_s - flux.start_s >= self.auto_save_s {
                    self.push(current);
                } else {
                    flux.latest_change_s = now_s;
                    flux.latest = current.clone();
                }
            }
        }
    }

    /// [`Self::feed`] when the state is known not to have changed since the last feed: an
    /// edit that has stayed put for `stable_s` becomes a step.
    pub fn tick(&mut self, now_s: f64) {
        if let Some(flux) = &self.flux
            && now_s - flux.latest_change_s >= self.stable_s
        {
            let latest = flux.latest.clone();
            self.push(&latest);
        }
    }

    fn push(&mut self, current: &T) {
        if self.undos.back() != Some(current) {
            self.undos.push_back(current.clone());
        }
        while self.undos.len() > self.max_steps {
            self.undos.pop_front();
        }
        self.flux = None;
    }

    /// An edit is waiting to settle into a step.
    pub fn is_in_flux(&self) -> bool {
        self.flux.is_some()
    }

    /// Whether there is a step to go back to from `current` (anything a step compares with).
    pub fn has_undo<Q: ?Sized>(&self, current: &Q) -> bool
    where
        T: PartialEq<Q>,
    {
        match self.undos.len() {
            0 => false,
            1 => self.undos.back().is_some_and(|step| step != current),
            _ => true,
        }
    }

    /// Whether an undone step can be taken again from `current`.
    pub fn has_redo<Q: ?Sized>(&self, current: &Q) -> bool
    where
        T: PartialEq<Q>,
    {
        !self.redos.is_empty() && self.undos.back().is_some_and(|step| step == current)
    }

    /// The step the last undo went back past (the edit undone).
    pub fn last_undone(&self) -> Option<&T> {
        self.redos.last()
    }

    /// The plan before `current`'s step, skipping steps equal to it; `None` if there is none.
    pub fn undo(&mut self, current: &T) -> Option<T> {
        if !self.has_undo(current) {
            return None;
        }
        let flux = self.flux.take();
        if self.undos.back() == Some(current) {
            // `current` is the latest step: go back past it (and past copies of it).
            while self.undos.len() > 1 && self.undos.back() == Some(current) {
                if let Some(step) = self.undos.pop_back() {
                    self.redos.push(step);
                }
            }
        } else {
            // An edit not yet settled: it is kept for redo (as last fed, which for a case
            // names the view it was made on), the latest step comes back.
            let edit = flux.map(|f| f.latest).filter(|latest| latest == current);
            self.redos.push(edit.unwrap_or_else(|| current.clone()));
        }
        self.undos.back().filter(|p| *p != current).cloned()
    }

    /// The plan undone last, if `current` is still what the undo left.
    pub fn redo(&mut self, current: &T) -> Option<T> {
        if !self.has_redo(current) {
            self.redos.clear();
            return None;
        }
        let next = self.redos.pop()?;
        self.undos.push_back(next.clone());
        Some(next)
    }

    /// Applies `change` to every step (what is no edit of its own: a new photo reference, a
    /// view added to a case), so that it is neither undone nor taken for an edit.
    pub fn change_every_step(&mut self, mut change: impl FnMut(&mut T)) {
        let steps = self.undos.iter_mut().chain(self.redos.iter_mut());
        for step in steps.chain(self.flux.as_mut().map(|f| &mut f.latest)) {
            change(step);
        }
    }
}

impl UndoHistory<Plan> {
    /// Sets the photo reference of every step (after a save wrote a new one).
    pub fn set_photo_everywhere(&mut self, photo: &Option<PathBuf>) {
        self.change_every_step(|plan| plan.photo.clone_from(photo));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan_with(density: f32) -> Plan {
        let mut plan = Plan::for_whole_photo(100, 100);
        plan.density_per_cm2 = density;
        plan
    }

    /// Feeds `plan` long enough for it to settle into a step.
    fn settle(history: &mut UndoHistory, t: &mut f64, plan: &Plan) {
        for _ in 0..3 {
            history.feed(*t, plan);
            *t += 1.0;
        }
    }

    #[test]
    fn edits_settle_into_steps_that_undo_and_redo() {
        let mut history = UndoHistory::new(10, 0.4, 10.0);
        let mut t = 0.0;
        let (a, b, c) = (plan_with(80.0), plan_with(90.0), plan_with(100.0));
        for p in [&a, &b, &c] {
            settle(&mut history, &mut t, p);
        }
        assert_eq!(history.undo(&c), Some(b.clone()));
        assert_eq!(history.undo(&b), Some(a.clone()));
        assert_eq!(history.undo(&a), None);
        assert_eq!(history.redo(&a), Some(b.clone()));
        assert_eq!(history.redo(&b), Some(c.clone()));
        assert_eq!(history.redo(&c), None);
    }

    #[test]
    fn a_new_photo_reference_is_no_step_of_its_own() {
        let mut history = UndoHistory::new(10, 0.4, 10.0);
        let mut t = 0.0;
        let (a, mut b) = (plan_with(80.0), plan_with(90.0));
        settle(&mut history, &mut t, &a);
        settle(&mut history, &mut t, &b);
        // A save writes the photo reference relative to the plan's folder.
        b.photo = Some(PathBuf::from("head.jpg"));
        history.set_photo_everywhere(&b.photo);
        settle(&mut history, &mut t, &b);
        let undone = history.undo(&b).expect("a step");
        assert_eq!(
            undone.density_per_cm2, 80.0,
            "the first undo undoes the edit"
        );
        assert_eq!(
            undone.photo, b.photo,
            "and keeps the reference that resolves"
        );
    }
}
