//! The density field: the target impressions/cm² at every point of the photo.
//!
//! Split in two so that sliders stay cheap: [`FieldGeometry`] (area, zones, hairline: where
//! things are) is evaluated once per candidate point when the drawing changes;
//! [`DensityParams`] (densities, fade depth, multiplier) is applied at selection time.

use glam::Vec2;

use crate::core::geometry::{polygon_contains, polyline_nearest, polyline_signed_distance};
use crate::core::mask::PaintMask;
use crate::core::noise::value_noise;
use crate::core::plan::{Hairline, Plan, ShownSession};

/// Lattice size of the broad waves of an irregular hairline, mm.
const MACRO_CELL_MM: f32 = 12.0;
/// Lattice size of the fine raggedness of an irregular hairline, mm.
const MICRO_CELL_MM: f32 = 1.5;

/// Zone index meaning "in the treatment area, outside every named zone".
pub const BASE_ZONE: u16 = 0;

/// Where a zone lies: inside an outline, or where it was painted (soft at a feathered edge).
#[derive(Clone, Debug, PartialEq)]
pub enum ZoneShape {
    Outline(Vec<Vec2>),
    Painted(PaintMask),
}

impl ZoneShape {
    /// How much of the zone is at `p`: 0 or 1 for an outline, 0–1 for paint.
    pub fn weight_at(&self, p_px: Vec2) -> f32 {
        match self {
            ZoneShape::Outline(polygon) => f32::from(u8::from(polygon_contains(polygon, p_px))),
            ZoneShape::Painted(mask) => mask.weight_at(p_px),
        }
    }
}

/// The zones at a point: the topmost zone present (`weight` of it, 0–1) over the zone beneath
/// it (the topmost lower zone at least half present, or [`BASE_ZONE`]). Densities and shades
/// blend between them, so a feathered brush edge gives a gradual change.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ZoneBlend {
    pub top: u16,
    pub under: u16,
    pub weight: f32,
}

/// Where the area, zones and hairline lie, in photo pixels.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldGeometry {
    area: Vec<Vec2>,
    zones: Vec<ZoneShape>,
    hairline: Option<Vec<Vec2>>,
    /// +1 or −1: which side of the hairline polyline is the treated side.
    hairline_side: f32,
    /// Macro and micro irregularity of the hairline front, mm.
    irregularity_mm: (f32, f32),
    seed: u32,
    px_per_mm: f32,
    /// The patient's own hair, hiding the impressions under it.
    hair: Option<PaintMask>,
    /// The head behind the photo: densities are per cm² of its scalp.
    head: Option<crate::core::head::HeadModel>,
}

/// The most scalp one projected mm may stand for (about 76° from facing the camera): beyond
/// it the photo shows too little of the scalp to place impressions on.
pub const MAX_SURFACE_FACTOR: f32 = 4.0;

impl FieldGeometry {
    pub fn from_plan(plan: &Plan) -> Self {
        let hairline = plan.hairline.as_ref().map(Hairline::curve);
        let centroid = plan.area.iter().copied().sum::<Vec2>() / plan.area.len().max(1) as f32;
        let hairline_side = hairline
            .as_deref()
            .and_then(|line| polyline_signed_distance(line, centroid))
            .map_or(1.0, |d| if d < 0.0 { -1.0 } else { 1.0 });
        FieldGeometry {
            area: plan.area.clone(),
            zones: plan
                .zones
                .iter()
                .map(|z| match &z.mask {
                    Some(mask) => ZoneShape::Painted(mask.clone()),
                    None => ZoneShape::Outline(z.polygon.clone()),
                })
                .collect(),
            hairline,
            hairline_side,
            irregularity_mm: plan.hairline.as_ref().map_or((0.0, 0.0), |h| {
                (h.macro_irregularity_mm, h.micro_irregularity_mm)
            }),
            seed: plan.seed as u32,
            px_per_mm: plan.px_per_mm,
            hair: plan.hair_mask.clone(),
            head: plan.head_model(),
        }
    }

    /// Scalp mm² per projected mm² at `p_px` (1 without a head model; 0 off the head or where
    /// it turns away more than [`MAX_SURFACE_FACTOR`] allows).
    pub fn surface_factor(&self, p_px: Vec2) -> f32 {
        self.scalp_at(p_px).0
    }

    /// [`Self::surface_factor`] at `p_px` and how a dot there is foreshortened (direction and
    /// cosine; round without a head), from one ray cast.
    pub fn scalp_at(&self, p_px: Vec2) -> (f32, (Vec2, f32)) {
        let round = crate::core::sampling::Impression::ROUND;
        let Some(head) = &self.head else {
            return (1.0, round);
        };
        match head.hit(p_px) {
            Some(hit) => {
                let f = hit.mm2_per_px2 * self.px_per_mm * self.px_per_mm;
                let f = if f > MAX_SURFACE_FACTOR { 0.0 } else { f };
                (f, head.tilt(&hit))
            }
            None => (0.0, round),
        }
    }

    /// Whether densities and areas are the scalp's (a head model is fitted).
    pub fn has_head(&self) -> bool {
        self.head.is_some()
    }

    pub fn area(&self) -> &[Vec2] {
        &self.area
    }

    /// The zones in plan order.
    pub fn zones(&self) -> &[ZoneShape] {
        &self.zones
    }

    /// The outlines of the zones that have one.
    pub fn zone_outlines(&self) -> impl Iterator<Item = &[Vec2]> {
        self.zones.iter().filter_map(|z| match z {
            ZoneShape::Outline(polygon) => Some(polygon.as_slice()),
            ZoneShape::Painted(_) => None,
        })
    }

    /// The finest cell of any painted zone, photo pixels; `None` without painted zones.
    pub fn finest_paint_cell_px(&self) -> Option<f32> {
        self.zones
            .iter()
            .filter_map(|z| match z {
                ZoneShape::Painted(mask) => Some(mask.cell_px()),
                ZoneShape::Outline(_) => None,
            })
            .reduce(f32::min)
    }

    pub fn px_per_mm(&self) -> f32 {
        self.px_per_mm
    }

    /// The zone at `p`: `None` outside the treatment area, [`BASE_ZONE`] in the area outside every
    /// zone, `i + 1` in zone `i` (the last listed zone wins where they overlap).
    pub fn zone_at(&self, p_px: Vec2) -> Option<u16> {
        if !polygon_contains(&self.area, p_px) {
            return None;
        }
        Some(self.zone_below(self.zones.len(), p_px))
    }

    /// The topmost of the first `count` zones at least half present at `p`, or [`BASE_ZONE`].
    fn zone_below(&self, count: usize, p_px: Vec2) -> u16 {
        let zone = self.zones[..count]
            .iter()
            .rposition(|z| z.weight_at(p_px) >= 0.5);
        zone.map_or(BASE_ZONE, |i| i as u16 + 1)
    }

    /// How much of the scalp at `p` the patient's own hair covers (0 bare … 1 covered).
    pub fn hair_cover_at(&self, p_px: Vec2) -> f32 {
        self.hair.as_ref().map_or(0.0, |hair| hair.weight_at(p_px))
    }

    /// The zones at `p` for blending densities; `None` outside the treatment area.
    pub fn zone_blend_at(&self, p_px: Vec2) -> Option<ZoneBlend> {
        if !polygon_contains(&self.area, p_px) {
            return None;
        }
        for (i, zone) in self.zones.iter().enumerate().rev() {
            let weight = zone.weight_at(p_px);
            if weight > 0.0 {
                let top = i as u16 + 1;
                let under = if weight >= 1.0 {
                    top
                } else {
                    self.zone_below(i, p_px)
                };
                return Some(ZoneBlend { top, under, weight });
            }
        }
        Some(ZoneBlend {
            top: BASE_ZONE,
            under: BASE_ZONE,
            weight: 1.0,
        })
    }

    /// How far behind the hairline front `p` lies, in mm, on the treated side (negative: in
    /// front of it, on the face). The front is the drawn line moved by the seeded irregularity.
    /// With a head model the distance is the scalp's (from the surface point at `p` to the one
    /// at the nearest point of the line), so a fade keeps its depth where the head turns away.
    /// Infinite when the plan has no hairline.
    pub fn depth_behind_hairline_mm(&self, p_px: Vec2) -> f32 {
        let Some((d_px, foot_px)) = self
            .hairline
            .as_deref()
            .and_then(|line| polyline_nearest(line, p_px))
        else {
            return f32::INFINITY;
        };
        let flat_mm = d_px.abs() / self.px_per_mm;
        let on_scalp_mm = self.head.as_ref().and_then(|head| {
            let (a, b) = (head.hit(p_px)?, head.hit(foot_px)?);
            Some(a.point_mm.distance(b.point_mm))
        });
        let side = (d_px * self.hairline_side).signum();
        side * on_scalp_mm.unwrap_or(flat_mm) - self.front_offset_mm(p_px / self.px_per_mm)
    }

    /// How far the front is pushed back (positive) or forward at a point, mm: smooth noise
    /// reaching ± the irregularity at its extremes.
    fn front_offset_mm(&self, p_mm: Vec2) -> f32 {
        let (macro_mm, micro_mm) = self.irregularity_mm;
        let wave = |amplitude: f32, cell_mm: f32, salt: u32| {
            if amplitude > 0.0 {
                amplitude * (2.0 * value_noise(p_mm, cell_mm, self.seed ^ salt) - 1.0)
            } else {
                0.0
            }
        };
        wave(macro_mm, MACRO_CELL_MM, 0x51) + wave(micro_mm, MICRO_CELL_MM, 0xA7)
    }
}

/// The adjustable numbers of the field: what a slider move changes.
#[derive(Clone, Debug, PartialEq)]
pub struct DensityParams {
    /// Density of the area outside every zone, impressions/cm².
    pub base_density_per_cm2: f32,
    /// Density of each zone, in plan order, impressions/cm².
    pub zone_density_per_cm2: Vec<f32>,
    /// Depth of the hairline transition, mm.
    pub fade_depth_mm: f32,
    /// Overall factor on every density (1 = as planned).
    pub multiplier: f32,
    /// Share of the final density in place after each session, percent (the plan's sessions).
    pub session_cumulative_percent: Vec<f32>,
    /// The session whose result is shown.
    pub shown_session: ShownSession,
    /// Pigment concentration of each zone relative to the plan's shade (1 = the plan's).
    pub zone_pigment_strength: Vec<f32>,
    /// Dot size at the hairline as a share of full size (1 = no change).
    pub edge_dot_scale: f32,
    /// The needle depth's effect on every dot (its healed mark's size).
    pub depth: crate::core::plan::DepthEffect,
}

impl DensityParams {
    pub fn from_plan(plan: &Plan) -> Self {
        DensityParams {
            base_density_per_cm2: plan.density_per_cm2,
            zone_density_per_cm2: plan.zones.iter().map(|z| z.density_per_cm2).collect(),
            fade_depth_mm: plan.hairline.as_ref().map_or(0.0, |h| h.fade_depth_mm),
            multiplier: 1.0,
            session_cumulative_percent: plan.sessions.cumulative_percent.clone(),
            shown_session: ShownSession::Finished,
            zone_pigment_strength: plan
                .zones
                .iter()
                .map(|z| pigment_strength(plan.dilution_ratio, z.dilution_ratio))
                .collect(),
            edge_dot_scale: plan.hairline.as_ref().map_or(1.0, |h| h.edge_dot_scale),
            depth: plan.depth.effect(),
        }
    }

    /// Pigment strength of a zone index as returned by [`FieldGeometry::zone_at`].
    pub fn pigment_strength(&self, zone: u16) -> f32 {
        match zone {
            BASE_ZONE => 1.0,
            z => self
                .zone_pigment_strength
                .get(usize::from(z) - 1)
                .copied()
                .unwrap_or(1.0),
        }
    }

    /// Dot size factor at a point whose hairline fade is `fade` (0 at the line, 1 behind it).
    pub fn dot_scale(&self, fade: f32) -> f32 {
        self.edge_dot_scale + (1.0 - self.edge_dot_scale) * fade
    }

    /// Fraction of the final density in place after the session being shown.
    pub fn through_fraction(&self) -> f32 {
        let c = &self.session_cumulative_percent;
        let shown = self.shown_session.number(c.len());
        shown
            .checked_sub(1)
            .and_then(|i| c.get(i))
            .map_or(1.0, |p| p / 100.0)
    }

    /// The session (1-based) that places an impression whose rank sits at `rank_fraction` of
    /// its local final density (0..1).
    pub fn session_of(&self, rank_fraction: f32) -> u32 {
        let c = &self.session_cumulative_percent;
        let index = c
            .iter()
            .position(|p| rank_fraction < p / 100.0)
            .unwrap_or(c.len().saturating_sub(1));
        index as u32 + 1
    }

    /// Density of a zone index as returned by [`FieldGeometry::zone_at`], before the fade.
    pub fn zone_density(&self, zone: u16) -> f32 {
        let planned = match zone {
            BASE_ZONE => self.base_density_per_cm2,
            z => self
                .zone_density_per_cm2
                .get(usize::from(z) - 1)
                .copied()
                .unwrap_or(0.0),
        };
        planned * self.multiplier
    }

    /// The highest final density any point can get (all sessions).
    pub fn max_density(&self) -> f32 {
        let zones = self.zone_density_per_cm2.iter().copied();
        zones.fold(self.base_density_per_cm2, f32::max) * self.multiplier
    }

    /// Density where zones blend as `blend`, before the hairline fade.
    pub fn blended_density(&self, blend: &ZoneBlend) -> f32 {
        blended(blend, |zone| self.zone_density(zone))
    }

    /// Pigment strength where zones blend as `blend`.
    pub fn blended_pigment_strength(&self, blend: &ZoneBlend) -> f32 {
        blended(blend, |zone| self.pigment_strength(zone))
    }

    /// Density at a point with the given zone and depth behind the hairline.
    pub fn density(&self, zone: u16, depth_mm: f32) -> f32 {
        self.zone_density(zone) * hairline_fade(depth_mm, self.fade_depth_mm)
    }
}

/// A zone value where zones blend: the top zone's, mixed by its weight with the one under it.
fn blended(blend: &ZoneBlend, value: impl Fn(u16) -> f32) -> f32 {
    let top = value(blend.top);
    if blend.weight >= 1.0 {
        return top;
    }
    let under = value(blend.under);
    under + (top - under) * blend.weight
}

/// Concentration of a zone's pigment relative to the plan's: pigment is 1 part in
/// (1 + water parts), so a zone at `zone_dilution` has (1 + plan) / (1 + zone) of the plan's.
pub fn pigment_strength(plan_dilution: f32, zone_dilution: Option<f32>) -> f32 {
    zone_dilution.map_or(1.0, |zone| (1.0 + plan_dilution) / (1.0 + zone.max(0.0)))
}

/// Fraction of full density at `depth_mm` behind the hairline: 0 at and in front of the line,
/// rising smoothly (smoothstep) to 1 at the fade depth.
pub fn hairline_fade(depth_mm: f32, fade_depth_mm: f32) -> f32 {
    if depth_mm <= 0.0 {
        0.0
    } else if depth_mm >= fade_depth_mm {
        1.0
    } else {
        let t = depth_mm / fade_depth_mm;
        t * t * (3.0 - 2.0 * t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::plan::{Hairline, Zone};

    fn plan_with_hairline() -> Plan {
        let mut plan = Plan::for_whole_photo(1000, 1000);
        plan.px_per_mm = 10.0;
        plan.hairline = Some(Hairline {
            points: vec![Vec2::new(0.0, 800.0), Vec2::new(1000.0, 800.0)],
            fade_depth_mm: 20.0,
            macro_irregularity_mm: 0.0,
            micro_irregularity_mm: 0.0,
            edge_dot_scale: 1.0,
        });
        plan.zones.push(Zone {
            name: "crown".into(),
            polygon: vec![Vec2::ZERO, Vec2::new(100.0, 0.0), Vec2::new(100.0, 100.0)],
            density_per_cm2: 150.0,
            dilution_ratio: None,
            mask: None,
        });
        plan
    }

    #[test]
    fn treated_side_is_the_side_of_the_area() {
        let geometry = FieldGeometry::from_plan(&plan_with_hairline());
        // The area's centroid (500, 500) is above the line: above is treated.
        assert!((geometry.depth_behind_hairline_mm(Vec2::new(500.0, 700.0)) - 10.0).abs() < 1e-4);
        assert!(geometry.depth_behind_hairline_mm(Vec2::new(500.0, 900.0)) < 0.0);
    }

    #[test]
    fn zones_override_base_density() {
        let plan = plan_with_hairline();
        let geometry = FieldGeometry::from_plan(&plan);
        let params = DensityParams::from_plan(&plan);
        assert_eq!(geometry.zone_at(Vec2::new(90.0, 10.0)), Some(1));
        assert_eq!(geometry.zone_at(Vec2::new(500.0, 10.0)), Some(BASE_ZONE));
        assert_eq!(geometry.zone_at(Vec2::new(-5.0, 10.0)), None);
        assert_eq!(params.density(1, 100.0), 150.0);
        assert_eq!(params.max_density(), 150.0);
    }

    #[test]
    fn fade_is_monotone_from_zero_to_one() {
        assert_eq!(hairline_fade(-1.0, 10.0), 0.0);
        assert_eq!(hairline_fade(0.0, 10.0), 0.0);
        assert_eq!(hairline_fade(5.0, 10.0), 0.5);
        assert_eq!(hairline_fade(10.0, 10.0), 1.0);
        assert_eq!(hairline_fade(0.1, 0.0), 1.0);
        let mut last = 0.0;
        for i in 0..=100 {
            let f = hairline_fade(i as f32 * 0.1, 10.0);
            assert!(f >= last);
            last = f;
        }
    }
}
