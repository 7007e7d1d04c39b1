//! Keeps a plan's impressions up to date: the candidate set is rebuilt only when the drawing,
//! scale or seed changes; every other edit is a fast reselection.

use super::{CandidateSet, DensityParams, FieldGeometry, Impression, RankedTile};
use crate::core::plan::{Plan, ShownSession};

/// Impressions of the current plan, recomputed incrementally.
#[derive(Default)]
pub struct ImpressionEngine {
    built_for: Option<(FieldGeometry, u64)>,
    candidates: CandidateSet,
    impressions: Vec<Impression>,
}

impl ImpressionEngine {
    /// Brings the impressions in line with `plan`, as after the session `shown`, and returns
    /// them.
    pub fn update(&mut self, plan: &Plan, shown: ShownSession) -> &[Impression] {
        let tile = RankedTile::shared();
        let geometry = FieldGeometry::from_plan(plan);
        let key = (geometry, plan.seed);
        if self.built_for.as_ref() != Some(&key) {
            self.candidates = CandidateSet::build(&key.0, plan.seed, tile);
            self.built_for = Some(key);
        }
        let mut params = DensityParams::from_plan(plan);
        params.shown_session = shown;
        self.candidates
            .select(&params, plan.dot_diameter_mm, tile, &mut self.impressions);
        &self.impressions
    }

    /// The impressions of the last update.
    pub fn impressions(&self) -> &[Impression] {
        &self.impressions
    }
}

/// The impressions of a plan after all its sessions, computed from scratch.
pub fn impressions_for(plan: &Plan) -> Vec<Impression> {
    impressions_through(plan, ShownSession::Finished)
}

/// The impressions of a plan after the session `shown`.
pub fn impressions_through(plan: &Plan, shown: ShownSession) -> Vec<Impression> {
    let mut engine = ImpressionEngine::default();
    engine.update(plan, shown);
    engine.impressions
}
