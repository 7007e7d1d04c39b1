//! What the eye sees of a healed impression: the optical model of a pigment deposit under the
//! skin, and the numbers both renderers need to draw it (pure Rust, no GPU types).
//!
//! docs/domain.md, "What the eye sees": the needle's healed mark is ~0.1–0.2 mm, but what a
//! patient sees is a soft grey spot several times wider, and at one impression per mm² only
//! spots of ~0.5–0.6 mm across darken the scalp by the 10–15 % of a shaved head. The model,
//! step by step (every constant below is an estimate, marked "est.", chosen within the ranges of
//! docs/domain.md; none is a measurement):
//!
//! 1. **Deposit.** The plan's dot (`dot_diameter_mm`) is the healed mark, about half the
//!    needle's width (domain: healed hole vs needle). The pigment fills the wound the needle
//!    made, the needle's whole width ([`DEPOSIT_PER_MARK`] = 2 marks), and is drawn sideways as
//!    the wound heals and the water is taken up ([`HEALING_SPREAD_MM`], est. 0.23 mm; domain:
//!    "spreads slightly … over 6–12 months"). A 3RL 0.20 mark (0.22 mm) gives a 0.66 mm
//!    deposit; a 1RL 0.25 mark (0.125 mm) a 0.48 mm one.
//! 2. **Core.** Inside the deposit, carbon absorbs by Beer–Lambert
//!    ([`crate::core::color::pigment_transmittance`]: the dilution sets the concentration).
//! 3. **Depth blur.** The deposit lies [`STANDARD_DEPTH_MM`] (est. 0.4 mm) under the surface.
//!    Light returning to the eye has wandered sideways in the skin above and around it, so the
//!    absorption pattern is blurred by a point-spread function whose width grows with depth and
//!    is wider for red, which skin scatters less so that it travels further, than for blue
//!    ([`BLUR_PER_DEPTH`], est. σ = 0.35 / 0.26 / 0.18 × depth for R / G / B).
//! 4. **Cool cast.** Part of the light is scattered back by the tissue above the pigment before
//!    it reaches it, blue most (the Tyndall effect that makes tattoos blue-grey): only
//!    `exp(−depth × BACKSCATTER_PER_MM)` of the core's absorption shows at the surface
//!    ([`BACKSCATTER_PER_MM`], est. 0.25 / 0.45 / 0.9 per mm). So a dot reads as a cool grey.
//! 5. **Sum.** Deposits a dot apart each take away their share of the diffusely returned light,
//!    so at the surface their darkenings add (to first order): the photo's light × (1 − Σ
//!    darkening). A sum is linear, so the mean tone over any patch does not depend on how
//!    finely it is drawn: the fit view, the 100 % view and an export agree (pigment conserved).
//!
//! Drawn, a dot is a disc of the deposit's radius whose edge is softened per channel by a
//! smoothstep of half-width [`EDGE_PER_SIGMA`] × σ (a smoothstep edge matches a Gaussian edge's
//! 10–90 % width at ≈ 2.2 σ), scaled so that each channel removes exactly the light the deposit
//! absorbs ([`profile_area`]). The look (fresh / healed / faded) and the needle depth act on
//! these physical parameters: concentration, spread, depth.

use crate::core::look::Age;
use crate::core::plan::Plan;

/// Deposit width per healed mark: the pigment fills the needle's whole wound, and the mark
/// heals to about half the needle (`numbers::HEALED_FRACTION_OF_NEEDLE`).
pub const DEPOSIT_PER_MARK: f32 = 2.0;
/// How much wider the deposit grows as the wound heals, mm (est.).
pub const HEALING_SPREAD_MM: f32 = 0.23;
/// Depth of the pigment under the skin surface at the standard depth, mm (est.).
pub const STANDARD_DEPTH_MM: f32 = 0.4;
/// Width (σ) of the depth blur per mm of depth, red / green / blue (est.).
pub const BLUR_PER_DEPTH: [f32; 3] = [0.35, 0.26, 0.18];
/// Light scattered back above the pigment per mm of depth, red / green / blue (est.).
pub const BACKSCATTER_PER_MM: [f32; 3] = [0.25, 0.45, 0.9];
/// Half-width of a smoothstep edge that matches a Gaussian edge of width σ.
pub const EDGE_PER_SIGMA: f32 = 2.2;
/// A dot's edge is never drawn narrower than this (target pixels): a footprint sampled at pixel
/// centres then removes the light it should on average, however small the dot is drawn.
pub const MIN_EDGE_PX: f32 = 0.75;

/// Fresh dots (the first days): part of the pigment still sits in the epidermis and scab,
/// nearer the surface and more of it (est.: 40 % more pigment, `look`, at 60 % of the depth);
/// the pigment smeared around the wound stands in for the spread still to come. Darker and
/// sharper: "fresh dots look darker for about a week".
const FRESH_DEPTH: f32 = 0.6;
/// Faded: the deposit keeps spreading as the body draws the pigment away, mm a year (est.).
const SPREAD_MM_PER_YEAR: f32 = 0.02;

/// How a frame draws every impression: the physical model above, reduced to the numbers the
/// renderers need, in photo pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DotOptics {
    /// Linear transmittance of a deposit's core per channel at the plan's shade (a dot of
    /// pigment strength `s` transmits `t^s`).
    pub core_transmittance: [f32; 3],
    /// Share of the core's absorption that shows at the surface, per channel.
    pub surface_share: [f32; 3],
    /// Deposit diameter = impression diameter × this + `spread_px`.
    pub deposit_per_mark: f32,
    pub spread_px: f32,
    /// Half-width of each channel's soft edge, photo pixels.
    pub edge_px: [f32; 3],
}

impl DotOptics {
    /// Flat discs exactly the size of the impressions, with no blur and no cast: the drawing
    /// of the model with the skin taken away (tests, diagrams).
    pub fn sharp(core_transmittance: [f32; 3]) -> Self {
        DotOptics {
            core_transmittance,
            surface_share: [1.0; 3],
            deposit_per_mark: 1.0,
            spread_px: 0.0,
            edge_px: [0.0; 3],
        }
    }

    /// The plan's impressions seen at `age`, on a photo of the plan's scale.
    pub fn for_plan(plan: &Plan, age: Age) -> Self {
        let layer = SkinLayer::of(plan, age);
        let px_per_mm = plan.px_per_mm.max(0.0);
        DotOptics {
            core_transmittance: layer.core_transmittance,
            surface_share: layer.surface_share(),
            deposit_per_mark: DEPOSIT_PER_MARK,
            spread_px: layer.spread_mm * px_per_mm,
            edge_px: layer
                .blur_sigma_mm()
                .map(|s| EDGE_PER_SIGMA * s * px_per_mm),
        }
    }

    /// The share of the light a dot of `pigment_strength` removes where its profile is full,
    /// per channel, before the profile's scaling.
    pub fn darkening(&self, pigment_strength: f32) -> [f32; 3] {
        let t = dot_pigment(self.core_transmittance, pigment_strength);
        [0, 1, 2].map(|c| (1.0 - t[c]) * self.surface_share[c])
    }

    /// Diameter of the deposit of an impression `diameter_px` wide (photo pixels).
    pub fn deposit_px(&self, diameter_px: f32) -> f32 {
        diameter_px * self.deposit_per_mark + self.spread_px
    }

    /// The widest edge, photo pixels.
    pub fn widest_edge_px(&self) -> f32 {
        self.edge_px.iter().copied().fold(0.0, f32::max)
    }
}

/// Mirrors `vs_dot`'s per-dot pigment: the transmittance of a dot's core for a dot of
/// `pigment_strength` (relative concentration) under the plan's `pigment` transmittance.
#[inline]
pub fn dot_pigment(pigment: [f32; 3], pigment_strength: f32) -> [f32; 3] {
    if pigment_strength == 1.0 {
        pigment
    } else {
        pigment.map(|t| t.powf(pigment_strength))
    }
}

/// The physical parameters of a plan's deposits (mm), before they are turned into pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SkinLayer {
    pub core_transmittance: [f32; 3],
    pub depth_mm: f32,
    pub spread_mm: f32,
}

impl SkinLayer {
    pub fn of(plan: &Plan, age: Age) -> Self {
        let depth = plan.depth.effect();
        let (depth_factor, years) = match age {
            Age::Fresh => (FRESH_DEPTH, 0.0),
            Age::Healed => (1.0, 0.0),
            Age::Faded { years } => (1.0, years),
        };
        let healed_spread = HEALING_SPREAD_MM + depth.extra_spread_mm;
        let spread_mm = healed_spread + SPREAD_MM_PER_YEAR * years;
        // Spreading keeps the pigment: a deposit grown wider is thinner by the area ratio
        // (for the plan's own dot; jittered and hairline dots are close to it).
        let mark = DEPOSIT_PER_MARK * plan.dot_diameter_mm.max(0.0) * depth.diameter_scale;
        let thinning = ((mark + healed_spread) / (mark + spread_mm)).powi(2);
        let transmittance = age.plan_transmittance(plan);
        SkinLayer {
            core_transmittance: transmittance.map(|t| t.powf(depth.retained_share * thinning)),
            depth_mm: depth.pigment_depth_mm * depth_factor,
            spread_mm,
        }
    }

    /// `exp(−depth × BACKSCATTER_PER_MM)` per channel.
    pub fn surface_share(&self) -> [f32; 3] {
        BACKSCATTER_PER_MM.map(|k| (-self.depth_mm * k).exp())
    }

    /// σ of the depth blur per channel, mm.
    pub fn blur_sigma_mm(&self) -> [f32; 3] {
        BLUR_PER_DEPTH.map(|k| k * self.depth_mm)
    }
}

/// ∫ 2πρ q(ρ) dρ of the drawn profile q: 1 inside `radius − edge`, a smoothstep down to 0 at
/// `radius + edge` (any `edge` > 0, also wider than the radius). Mirrors `profile_area` in
/// `shaders/scene.wgsl`. With u = (ρ − a) / 2e and a = radius − edge, the smoothstep part is
/// ∫ (a + 2e·u)(1 − 3u² + 2u³) 2e du from u₀ = max(0, −a / 2e) to 1.
pub fn profile_area(radius: f32, edge: f32) -> f32 {
    let a = radius - edge;
    let antiderivative = |u: f32| {
        let (u2, u3) = (u * u, u * u * u);
        a * (u - u3 + 0.5 * u2 * u2) + 2.0 * edge * (0.5 * u2 - 0.75 * u2 * u2 + 0.4 * u3 * u2)
    };
    let u0 = (-a / (2.0 * edge)).max(0.0);
    let flat = a.max(0.0);
    std::f32::consts::PI * (flat * flat + 4.0 * edge * (antiderivative(1.0) - antiderivative(u0)))
}

/// The mean darkening (share of the light removed, per channel) of a flat patch covered at
/// `per_mm2` impressions per mm² of deposits `deposit_mm` wide whose darkening is `darkening`,
/// without overlaps: the coverage check of docs/domain.md.
pub fn mean_darkening(per_mm2: f32, deposit_mm: f32, darkening: [f32; 3]) -> [f32; 3] {
    let area_mm2 = std::f32::consts::FRAC_PI_4 * deposit_mm * deposit_mm;
    darkening.map(|d| per_mm2 * area_mm2 * d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numeric_area(radius: f32, edge: f32) -> f32 {
        let steps = 20_000;
        let outer = radius + edge;
        (0..steps)
            .map(|i| {
                let rho = (i as f32 + 0.5) / steps as f32 * outer;
                let t = ((rho - (radius - edge)) / (2.0 * edge)).clamp(0.0, 1.0);
                let q = 1.0 - t * t * (3.0 - 2.0 * t);
                std::f32::consts::TAU * rho * q * outer / steps as f32
            })
            .sum()
    }

    #[test]
    fn the_profile_area_is_exact_for_narrow_and_wide_edges() {
        for (r, e) in [(3.0, 0.5), (2.0, 2.0), (1.0, 3.0), (0.0, 1.0), (0.2, 0.75)] {
            let (exact, numeric) = (profile_area(r, e), numeric_area(r, e));
            assert!(
                (exact / numeric - 1.0).abs() < 1e-3,
                "{r} {e}: {exact} {numeric}"
            );
        }
        // A narrow edge leaves the disc's own area, plus 0.2·π·edge².
        let a = profile_area(5.0, 1.0);
        assert!((a - std::f32::consts::PI * 25.2).abs() < 1e-3);
    }

    #[test]
    fn blue_shows_least_and_red_blurs_most() {
        let plan = Plan::for_whole_photo(800, 600);
        let optics = DotOptics::for_plan(&plan, Age::Healed);
        let [r, g, b] = optics.surface_share;
        assert!(r > g && g > b && b > 0.5, "{:?}", optics.surface_share);
        let [er, eg, eb] = optics.edge_px;
        assert!(er > eg && eg > eb && eb > 0.0);
        let d = optics.darkening(1.0);
        assert!(d[0] > d[2], "red is taken more than blue: a cool dot {d:?}");
    }

    #[test]
    fn deep_work_blurs_and_cools_and_fresh_is_sharper_and_darker() {
        let mut plan = Plan::for_whole_photo(800, 600);
        let standard = SkinLayer::of(&plan, Age::Healed);
        let fresh = SkinLayer::of(&plan, Age::Fresh);
        assert!(fresh.depth_mm < standard.depth_mm);
        assert!(fresh.core_transmittance[1] < standard.core_transmittance[1]);
        let faded = SkinLayer::of(&plan, Age::faded(8.0));
        assert!(faded.spread_mm > standard.spread_mm);
        assert!(faded.core_transmittance[1] > standard.core_transmittance[1]);
        plan.depth = crate::core::plan::NeedleDepth::Deep;
        let deep = SkinLayer::of(&plan, Age::Healed);
        assert!(deep.depth_mm > standard.depth_mm && deep.spread_mm > standard.spread_mm);
        let cool = |l: &SkinLayer| l.surface_share()[2] / l.surface_share()[0];
        assert!(cool(&deep) < cool(&standard));
    }

    #[test]
    fn the_colour_module_sees_cores_through_the_standard_skin() {
        let plan = Plan::for_whole_photo(800, 600);
        let share = SkinLayer::of(&plan, Age::Healed).surface_share();
        for (s, kept) in share.iter().zip(crate::core::color::SURFACE_SHARE_STANDARD) {
            assert!((s - kept).abs() < 1e-3);
        }
    }

    #[test]
    fn the_coverage_check_of_the_domain_notes_holds() {
        // 100/cm² of 0.5–0.6 mm spots at a mid-grey (transmittance ≈ 0.5) darken 10–15 %.
        for deposit in [0.5, 0.6] {
            let d = mean_darkening(1.0, deposit, [0.5; 3])[1];
            assert!((0.09..=0.15).contains(&d), "{deposit} mm: {d}");
        }
    }
}
