//! Named presets of a plan: hairline styles (which set the transition, irregularity and dot
//! size at the line) and needle depths (which change each dot's size, strength and cast).

use serde::{Deserialize, Serialize};

use super::Hairline;

/// Hairline styles artists name (docs/domain.md, "Hairline design"), as starting values for
/// the transition depth and the irregularity of the front.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HairlineStyle {
    /// Sharp, crisp front.
    Defined,
    /// Soft / feathered: a long, even transition.
    Soft,
    /// Broken / jagged: a clearly irregular front.
    Broken,
    /// Dusted: a very long, sparse, scattered transition.
    Dusted,
}

impl HairlineStyle {
    pub const ALL: [HairlineStyle; 4] = [Self::Defined, Self::Soft, Self::Broken, Self::Dusted];

    pub fn name(self) -> &'static str {
        match self {
            Self::Defined => "defined",
            Self::Soft => "soft",
            Self::Broken => "broken",
            Self::Dusted => "dusted",
        }
    }

    /// (fade depth mm, macro irregularity mm, micro irregularity mm, edge dot scale). The dot
    /// scales are estimates: "finer, sparser dots" at the line (docs/domain.md), finest for
    /// the softest styles, least reduced for a crisp defined line.
    fn values(self) -> (f32, f32, f32, f32) {
        match self {
            Self::Defined => (5.0, 0.5, 0.2, 0.85),
            Self::Soft => (20.0, 1.5, 0.5, 0.7),
            Self::Broken => (12.0, 3.5, 1.5, 0.8),
            Self::Dusted => (30.0, 2.0, 1.0, 0.6),
        }
    }

    /// Sets the hairline's transition and irregularity to this style's values.
    pub fn apply(self, hairline: &mut Hairline) {
        let (fade, macro_mm, micro_mm, edge_scale) = self.values();
        hairline.fade_depth_mm = fade;
        hairline.macro_irregularity_mm = macro_mm;
        hairline.micro_irregularity_mm = micro_mm;
        hairline.edge_dot_scale = edge_scale;
    }
}

/// How deep the needle places the pigment (set by depth and pressure, which shape a dot more
/// than the needle does: docs/domain.md, "what sets dot size").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NeedleDepth {
    /// Too shallow: part of the pigment is lost as the epidermis renews; smaller, lighter dots.
    Shallow,
    /// In the upper dermis, as intended: the plan's dots as set.
    #[default]
    Standard,
    /// Too deep: the pigment spreads (a "blowout"): larger, softer, cooler dots and a flat
    /// "helmet" look.
    Deep,
}

/// What a needle depth does to a deposit: the physical parameters `optics` draws it with.
/// Estimates in step with docs/domain.md ("too deep → larger, blurred spots"), not measurements.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DepthEffect {
    /// Multiplier on the healed mark at the surface (a shallow pass leaves a smaller one).
    pub diameter_scale: f32,
    /// Depth of the pigment under the skin surface, mm: sets the blur and the cool cast.
    pub pigment_depth_mm: f32,
    /// Share of the pigment that stays (a shallow pass loses some as the epidermis renews).
    pub retained_share: f32,
    /// Extra sideways spread of the deposit, mm (a blowout spreads along the deeper tissue).
    pub extra_spread_mm: f32,
}

impl NeedleDepth {
    pub const ALL: [NeedleDepth; 3] = [Self::Shallow, Self::Standard, Self::Deep];

    pub fn name(self) -> &'static str {
        match self {
            Self::Shallow => "shallow",
            Self::Standard => "standard",
            Self::Deep => "deep",
        }
    }

    pub fn effect(self) -> DepthEffect {
        let standard = crate::core::optics::STANDARD_DEPTH_MM;
        let (diameter_scale, depth_factor, retained_share, extra_spread_mm) = match self {
            // Half as deep: ~20 % of the pigment lost with the epidermis, a smaller mark.
            Self::Shallow => (0.85, 0.5, 0.8, 0.0),
            Self::Standard => (1.0, 1.0, 1.0, 0.0),
            // Twice as deep, and the pigment spreads sideways by another 0.3 mm: a larger,
            // blurred, cooler spot (the "helmet" look).
            Self::Deep => (1.0, 2.0, 1.0, 0.3),
        };
        DepthEffect {
            diameter_scale,
            pigment_depth_mm: standard * depth_factor,
            retained_share,
            extra_spread_mm,
        }
    }
}
