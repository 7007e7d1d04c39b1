//! Sessions: how the final density is built up over 2–4 visits, the artist's working rate,
//! and which session's result is shown.

use serde::{Deserialize, Serialize};

use super::PlanError;
use super::validate::check_range;

/// Most sessions a plan may spread the treatment over.
pub const MAX_SESSIONS: usize = 4;

/// How the final density is built up over sessions: each session places impressions between
/// those of the earlier ones.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sessions {
    /// Share of the final density in place after each session, percent, rising to 100.
    pub cumulative_percent: Vec<f32>,
    /// The artist's working rate, impressions per hour, for session time estimates.
    #[serde(default = "default_impressions_per_hour")]
    pub impressions_per_hour: f32,
}

/// Default working rate, impressions/hour (est.): a full head of ~250–300 cm² at ~100/cm²
/// (~27 500 impressions) takes 20–30 hours in all (docs/domain.md, "Sessions").
pub const DEFAULT_IMPRESSIONS_PER_HOUR: f32 = 1200.0;
/// Range of working rates a plan may set, impressions/hour.
pub const IMPRESSIONS_PER_HOUR_RANGE: (f32, f32) = (100.0, 20_000.0);

fn default_impressions_per_hour() -> f32 {
    DEFAULT_IMPRESSIONS_PER_HOUR
}

impl Default for Sessions {
    fn default() -> Self {
        Sessions::typical(1)
    }
}

impl Sessions {
    /// True while the working rate is the built-in estimate rather than the artist's own.
    pub fn rate_is_default(&self) -> bool {
        self.impressions_per_hour == DEFAULT_IMPRESSIONS_PER_HOUR
    }

    /// A usual build-up for `count` sessions (1–4): session 1 light and sparse, session 2 adds
    /// most of the density, later ones fill (docs/domain.md, "Sessions").
    pub fn typical(count: usize) -> Self {
        let cumulative_percent = match count {
            0 | 1 => vec![100.0],
            2 => vec![60.0, 100.0],
            3 => vec![40.0, 80.0, 100.0],
            _ => vec![30.0, 60.0, 85.0, 100.0],
        };
        Sessions {
            cumulative_percent,
            impressions_per_hour: DEFAULT_IMPRESSIONS_PER_HOUR,
        }
    }

    pub fn count(&self) -> usize {
        self.cumulative_percent.len()
    }

    pub(super) fn validate(&self) -> Result<(), PlanError> {
        let c = &self.cumulative_percent;
        let rising = c.windows(2).all(|w| w[0] < w[1]);
        let in_range = c.iter().all(|v| v.is_finite() && *v > 0.0 && *v <= 100.0);
        if c.is_empty()
            || c.len() > MAX_SESSIONS
            || !rising
            || !in_range
            || c.last() != Some(&100.0)
        {
            return Err(PlanError::Invalid(format!(
                "sessions.cumulative_percent is {c:?}; needs 1 to {MAX_SESSIONS} rising percentages ending at 100"
            )));
        }
        check_range(
            "sessions.impressions_per_hour",
            self.impressions_per_hour,
            IMPRESSIONS_PER_HOUR_RANGE,
        )
    }
}

/// Which result is shown: the finished plan, or how it stands after an earlier session.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ShownSession {
    /// After the plan's last session, however many it has.
    #[default]
    Finished,
    /// After this session (1-based), earlier than the last.
    After(std::num::NonZeroUsize),
}

impl ShownSession {
    /// The result after session `k` (1-based) of a plan of `count` sessions: the last one, or
    /// a number outside 1..count, is the finished plan.
    pub fn after(k: usize, count: usize) -> Self {
        match std::num::NonZeroUsize::new(k) {
            Some(k) if k.get() < count => ShownSession::After(k),
            _ => ShownSession::Finished,
        }
    }

    /// The session shown (1-based) in a plan of `count` sessions.
    pub fn number(self, count: usize) -> usize {
        match self {
            ShownSession::After(k) => k.get().min(count),
            ShownSession::Finished => count,
        }
    }

    /// The same choice for a plan of `count` sessions: an earlier session that is now the
    /// last (sessions were removed) becomes the finished plan.
    pub fn within(self, count: usize) -> Self {
        ShownSession::after(self.number(count), count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shown_session_is_the_finished_plan_or_an_earlier_one() {
        assert_eq!(
            ShownSession::after(3, 3),
            ShownSession::Finished,
            "the last"
        );
        assert_eq!(ShownSession::after(0, 3), ShownSession::Finished);
        assert_eq!(ShownSession::after(9, 3), ShownSession::Finished);
        let second = ShownSession::after(2, 3);
        assert_ne!(second, ShownSession::Finished);
        assert_eq!(second.number(3), 2);
        assert_eq!(ShownSession::Finished.number(3), 3);
        // Sessions removed: session 2 of what are now 2 sessions is the finished plan.
        assert_eq!(second.within(2), ShownSession::Finished);
        assert_eq!(second.within(4), second);
    }
}
