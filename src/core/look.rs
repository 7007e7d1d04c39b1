//! How impressions look over time — fresh, healed, or faded after some years — for touch-up
//! conversations (docs/domain.md, "Pigment and shade"). Pure Rust: a look changes the pigment's
//! concentration here, and its depth and spread in [`crate::core::optics`].
//!
//! Model (estimates, in step with the domain notes, not measurements):
//! - *fresh* (first days): pigment still near the surface, darker — as if the ink were 40 %
//!   more concentrated — sharper and not yet spread (`optics`);
//! - *healed* (~1 month): the plan as set; every other look is relative to it;
//! - *faded after N years* (up to 15): pigment breaks down (~8 % of the concentration a year)
//!   and keeps spreading (`optics`), and the remaining carbon reads cooler — red is absorbed
//!   more than blue, the blue-green cast the notes warn of.

use crate::core::color::{CHANNEL_ABSORPTION, OPTICAL_DENSITY_PER_CONCENTRATION};

/// Longest fading time offered, years.
pub const MAX_FADED_YEARS: f32 = 15.0;
/// Concentration multiplier of fresh pigment.
const FRESH_CONCENTRATION: f32 = 1.4;
/// Share of the concentration lost per year of fading.
const FADE_PER_YEAR: f32 = 0.08;
/// Extra relative absorption of red (and less of blue) per year of fading.
const CAST_PER_YEAR: f32 = 0.015;

/// When the impressions are seen.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum Age {
    /// The first days after a session.
    Fresh,
    /// About a month after the session: the look the plan describes.
    #[default]
    Healed,
    /// This many years after healing.
    Faded { years: f32 },
}

impl Age {
    /// Faded after `years` (clamped to 0..=[`MAX_FADED_YEARS`]); 0 is healed.
    pub fn faded(years: f32) -> Self {
        let years = if years.is_finite() {
            years.clamp(0.0, MAX_FADED_YEARS)
        } else {
            0.0
        };
        if years == 0.0 {
            Age::Healed
        } else {
            Age::Faded { years }
        }
    }

    /// Multiplier on the pigment concentration.
    fn concentration(self) -> f32 {
        match self {
            Age::Fresh => FRESH_CONCENTRATION,
            Age::Healed => 1.0,
            Age::Faded { years } => (1.0 - FADE_PER_YEAR).powf(years),
        }
    }

    /// Per-channel absorption of the carbon at this age (healed: the plan's). A deep pass's
    /// cooler look comes from the skin above it (`optics`), not from the carbon.
    fn channel_absorption(self) -> [f32; 3] {
        let shift = match self {
            Age::Faded { years } => CAST_PER_YEAR * years,
            _ => 0.0,
        };
        let [r, g, b] = CHANNEL_ABSORPTION;
        [r * (1.0 + shift), g, b * (1.0 - shift)]
    }

    /// Fraction of light passing a dot's core (linear, per channel) at this age.
    pub fn pigment_transmittance(self, water_parts_per_pigment: f32) -> [f32; 3] {
        let concentration = self.concentration() / (1.0 + water_parts_per_pigment.max(0.0));
        self.channel_absorption()
            .map(|k| (-OPTICAL_DENSITY_PER_CONCENTRATION * concentration * k).exp())
    }

    /// The transmittance of a dot's core for `plan` seen at this age: its dilution (the needle
    /// depth acts in `optics`).
    pub fn plan_transmittance(self, plan: &crate::core::plan::Plan) -> [f32; 3] {
        self.pigment_transmittance(plan.dilution_ratio)
    }

    /// Short name for labels and file names.
    pub fn label(self) -> String {
        match self {
            Age::Fresh => "fresh".into(),
            Age::Healed => "healed".into(),
            Age::Faded { years } => format!("faded {years:.0} y"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn luma(t: [f32; 3]) -> f32 {
        0.2126 * t[0] + 0.7152 * t[1] + 0.0722 * t[2]
    }

    #[test]
    fn fresh_is_darker_than_healed_and_fading_lightens_year_by_year() {
        let fresh = luma(Age::Fresh.pigment_transmittance(10.0));
        let healed = luma(Age::Healed.pigment_transmittance(10.0));
        assert!(fresh < healed, "{fresh} {healed}");
        let mut last = healed;
        for years in [1.0, 2.0, 5.0, 10.0] {
            let t = luma(Age::faded(years).pigment_transmittance(10.0));
            assert!(t > last, "{years} years: {t} after {last}");
            last = t;
        }
        assert_eq!(
            Age::Healed.pigment_transmittance(8.0),
            crate::core::color::pigment_transmittance(8.0)
        );
    }

    #[test]
    fn faded_pigment_turns_cooler() {
        // Blue passes relatively more than red as the years go by.
        let ratio = |age: Age| {
            let t = age.pigment_transmittance(8.0);
            t[2] / t[0]
        };
        assert!(ratio(Age::faded(8.0)) > ratio(Age::Healed) * 1.02);
    }

    #[test]
    fn ages_are_clamped() {
        assert_eq!(Age::faded(0.0), Age::Healed);
        assert_eq!(
            Age::faded(99.0),
            Age::Faded {
                years: MAX_FADED_YEARS
            }
        );
        assert_eq!(Age::faded(f32::NAN), Age::Healed);
    }
}
