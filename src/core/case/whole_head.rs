//! The whole head's numbers: the treatment area, its zones, impressions and hours over the
//! scalp the case's views cover, each square millimetre counted once however many views see
//! it, and the part no view sees reported as not covered (never guessed). Also where two
//! views' fits disagree about the same landmark.
//!
//! The scalp is sampled at [`SURFACE_SAMPLES`] points spread evenly over the unit sphere
//! (a Fibonacci lattice) and mapped onto the case's ellipsoid, each weighted by the area it
//! stands for there. A point is in an outline when it is inside it in an azimuthal
//! (equidistant) map centred on the outline, which keeps the outline's shape on the head.

use glam::{Vec2, Vec3};
use serde::Serialize;

use super::{Case, HeadPoint};
use crate::core::geometry::{open_segment_foot, polygon_contains};
use crate::core::plan::Hairline;
use crate::core::sampling::field::hairline_fade;

/// Surface points the head is measured at (±0.5 % of a 100 cm² area, measured in tests).
pub const SURFACE_SAMPLES: usize = 60_000;
/// A view covers the scalp it sees at most this far from face on (cosine: 75°): beyond it
/// the photo is too foreshortened to draw or judge on.
pub const COVER_MIN_FACING: f32 = 0.26;
/// Two views' fits disagree when a landmark lies more than this far apart on them, mm.
pub const DISAGREE_MM: f32 = 5.0;

/// One region of the treatment area over the whole head.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WholeRegion {
    pub name: String,
    /// Scalp area the views cover, cm².
    pub area_cm2: f32,
    pub planned_density_per_cm2: f32,
    /// Impressions over all sessions, with the hairline's fade.
    pub impressions: u32,
}

/// Two views whose fitted heads put the same landmark apart.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Disagreement {
    pub landmark: &'static str,
    pub views: [String; 2],
    pub apart_mm: f32,
}

/// The case's numbers for the whole head.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WholeHead {
    /// The treatment area on the scalp that at least one view covers, cm².
    pub treated_cm2: f32,
    /// The treatment area on the scalp that no view covers, cm²: not counted below.
    pub not_covered_cm2: f32,
    /// Of the treated area, what each view covers, cm² (their sum exceeds `treated_cm2` where
    /// views overlap).
    pub per_view_cm2: Vec<(String, f32)>,
    /// The named zones in plan order, then the rest of the area.
    pub regions: Vec<WholeRegion>,
    pub impressions: u32,
    /// Impressions placed in each session (session 1 first).
    pub impressions_per_session: Vec<u32>,
    pub estimated_total_hours: f32,
    pub disagreements: Vec<Disagreement>,
}

/// An outline on the head, mapped flat around its own centre.
pub(super) struct FlatOutline {
    centre: Vec3,
    basis: [Vec3; 2],
    polygon: Vec<Vec2>,
    /// Cosine of the angle from the centre to the farthest point of the outline: a direction
    /// farther than that is outside without testing the polygon.
    reach_cos: f32,
}

impl FlatOutline {
    /// The outline's map, centred on its inside: the normal of its mean plane (the sum of
    /// its edges' cross products), turned towards the outline's own points while they lie
    /// well within a hemisphere, else towards the vertex: an outline reaching round the head
    /// holds the crown (the scalp is on top), never the face and neck, whichever way it was
    /// drawn and from whichever view.
    pub(super) fn new(points: &[HeadPoint]) -> Option<Self> {
        let dirs: Vec<Vec3> = points.iter().map(|p| p.direction()).collect();
        let mean = dirs.iter().sum::<Vec3>() / dirs.len().max(1) as f32;
        let normal: Vec3 = (0..dirs.len())
            .map(|i| dirs[i].cross(dirs[(i + 1) % dirs.len()]))
            .sum();
        let towards = if mean.length() > 0.5 { mean } else { Vec3::Z };
        let centre = match normal.try_normalize() {
            Some(n) if n.dot(towards) < 0.0 => -n,
            Some(n) => n,
            None => mean.try_normalize()?,
        };
        let e1 = centre.any_orthonormal_vector();
        let basis = [e1, centre.cross(e1)];
        let reach_cos = dirs.iter().map(|u| u.dot(centre)).fold(1.0, f32::min);
        let mut outline = FlatOutline {
            centre,
            basis,
            polygon: Vec::new(),
            reach_cos: reach_cos - 1e-4,
        };
        outline.polygon = dirs.iter().map(|&u| outline.flat(u)).collect();
        (outline.polygon.len() >= 3).then_some(outline)
    }

    /// Azimuthal equidistant coordinates of unit direction `u` about the centre.
    fn flat(&self, u: Vec3) -> Vec2 {
        let angle = self.centre.dot(u).clamp(-1.0, 1.0).acos();
        let t = Vec2::new(self.basis[0].dot(u), self.basis[1].dot(u));
        t.try_normalize().unwrap_or(Vec2::ZERO) * angle
    }

    pub(super) fn contains(&self, u: Vec3) -> bool {
        u.dot(self.centre) >= self.reach_cos && polygon_contains(&self.polygon, self.flat(u))
    }
}

/// Unit direction `i` of `n` spread evenly over the sphere.
fn fibonacci_direction(i: usize, n: usize) -> Vec3 {
    let golden = std::f32::consts::PI * (3.0 - 5f32.sqrt());
    let z = 1.0 - (2.0 * i as f32 + 1.0) / n as f32;
    let r = (1.0 - z * z).max(0.0).sqrt();
    let phi = golden * i as f32;
    Vec3::new(r * phi.cos(), r * phi.sin(), z)
}

/// Area on the ellipsoid `a` that a unit-sphere patch of 1 at `u` maps to (the cofactor of
/// the axes' scaling applied to the normal).
fn area_scale(u: Vec3, a: Vec3) -> f32 {
    Vec3::new(a.y * a.z * u.x, a.x * a.z * u.y, a.x * a.y * u.z).length()
}

impl Case {
    /// The whole head's numbers (see the module's notes).
    pub fn whole_head(&self) -> WholeHead {
        let a = Vec3::from_array(self.head_semi_axes_mm());
        let Some(area) = FlatOutline::new(&self.outlines.area) else {
            return self.totals(0.0, 0.0, vec![0.0; self.views.len()], Vec::new());
        };
        let zones: Vec<Option<FlatOutline>> = (self.outlines.zones.iter())
            .map(|z| FlatOutline::new(z))
            .collect();
        let hairline = self.hairline_on_head(a, area.centre * a);
        let fade_mm = self
            .settings
            .hairline
            .as_ref()
            .map_or(0.0, |h| h.fade_depth_mm);
        let patch_mm2 = 4.0 * std::f32::consts::PI / SURFACE_SAMPLES as f32;
        // Per region (zones, then the base): covered mm², and mm² weighted by the fade.
        let mut regions = vec![(0.0f64, 0.0f64); zones.len() + 1];
        let (mut not_covered, mut per_view) = (0.0f64, vec![0.0f64; self.views.len()]);
        for i in 0..SURFACE_SAMPLES {
            let u = fibonacci_direction(i, SURFACE_SAMPLES);
            if !area.contains(u) {
                continue;
            }
            let mm2 = f64::from(area_scale(u, a) * patch_mm2);
            let seen = self.covering_views(u);
            if seen.is_empty() {
                not_covered += mm2;
                continue;
            }
            for v in seen {
                per_view[v] += mm2;
            }
            let region = (0..zones.len())
                .rev()
                .find(|&k| match &zones[k] {
                    Some(outline) => outline.contains(u),
                    None => self.painted_at(k, u),
                })
                .unwrap_or(zones.len());
            let fade = hairline
                .as_ref()
                .map_or(1.0, |line| hairline_fade(line.depth_mm(u * a), fade_mm));
            regions[region].0 += mm2;
            regions[region].1 += mm2 * f64::from(fade);
        }
        let cm2 = |mm2: f64| (mm2 / 100.0) as f32;
        self.totals(
            cm2(regions.iter().map(|r| r.0).sum()),
            cm2(not_covered),
            per_view.into_iter().map(cm2).collect(),
            regions.into_iter().map(|(c, f)| (cm2(c), cm2(f))).collect(),
        )
    }

    /// Whether painted zone `k` (painted in the first view's grid) holds the scalp at `u`:
    /// where the first view sees it and its paint is at least half on.
    fn painted_at(&self, k: usize, u: Vec3) -> bool {
        let (Some(view), Some(mask)) = (
            self.views.first(),
            self.settings.zones.get(k).and_then(|z| z.mask.as_ref()),
        ) else {
            return false;
        };
        let p = u * Vec3::from_array(view.head.semi_axes_mm);
        view.head.facing_mm(p) > 0.0
            && view
                .head
                .project(p)
                .is_some_and(|px| mask.weight_at(px) >= 0.5)
    }

    /// The views that cover the scalp at unit direction `u` (see [`COVER_MIN_FACING`]).
    fn covering_views(&self, u: Vec3) -> Vec<usize> {
        (0..self.views.len())
            .filter(|&v| {
                let head = &self.views[v].head;
                let p = u * Vec3::from_array(head.semi_axes_mm);
                head.facing_mm(p) >= COVER_MIN_FACING
                    && head.project(p).is_some_and(|px| head.in_frame(px))
            })
            .collect()
    }

    /// The hairline on the case's head (semi-axes `a`), as the engine fades it: the smooth
    /// curve through its points, the area's side (at `inside_mm`) behind it.
    fn hairline_on_head(&self, a: Vec3, inside_mm: Vec3) -> Option<HeadHairline> {
        let dirs: Vec<Vec3> = (self.outlines.hairline.as_ref()?.iter())
            .map(|p| p.direction())
            .collect();
        let curve = crate::core::geometry::smooth_curve(&dirs, Hairline::SAMPLES_PER_SPAN);
        let mut line = HeadHairline {
            curve_mm: curve.iter().map(|u| u.normalize_or_zero() * a).collect(),
            inverse_a2: 1.0 / (a * a),
            behind: 1.0,
        };
        let side = line.nearest(inside_mm)?.0;
        line.behind = if side < 0.0 { -1.0 } else { 1.0 };
        Some(line)
    }

    /// The numbers from each region's (covered, faded) cm², the zones first.
    fn totals(
        &self,
        treated_cm2: f32,
        not_covered_cm2: f32,
        per_view: Vec<f32>,
        regions_cm2: Vec<(f32, f32)>,
    ) -> WholeHead {
        let settings = &self.settings;
        let names = settings
            .zones
            .iter()
            .map(|z| (z.name.clone(), z.density_per_cm2));
        let base = std::iter::once(("Rest of the area".to_owned(), settings.density_per_cm2));
        let regions: Vec<WholeRegion> = names
            .chain(base)
            .zip(regions_cm2)
            .map(|((name, density), (area_cm2, faded_cm2))| WholeRegion {
                name,
                area_cm2,
                planned_density_per_cm2: density,
                impressions: (faded_cm2 * density).round() as u32,
            })
            .collect();
        let impressions: u32 = regions.iter().map(|r| r.impressions).sum();
        let per_session = per_session(impressions, &settings.sessions.cumulative_percent);
        let rate = settings.sessions.impressions_per_hour.max(1.0);
        WholeHead {
            treated_cm2,
            not_covered_cm2,
            per_view_cm2: self
                .views
                .iter()
                .map(|v| v.name.clone())
                .zip(per_view)
                .collect(),
            regions,
            impressions,
            impressions_per_session: per_session,
            estimated_total_hours: impressions as f32 / rate,
            disagreements: self.disagreements(),
        }
    }

    /// Landmarks that two views' fits put more than [`DISAGREE_MM`] apart, along the head's
    /// axes both views measure: the vertex, and the glabella (the plan's, else the forehead).
    pub fn disagreements(&self) -> Vec<Disagreement> {
        let glabella = self
            .outlines
            .glabella
            .map_or(Vec3::NEG_Y, |g| g.direction());
        let landmarks = [("vertex", Vec3::Z), ("glabella", glabella)];
        let mut out = Vec::new();
        for (i, a) in self.views.iter().enumerate() {
            for b in &self.views[i + 1..] {
                let common: Vec<usize> = a
                    .head
                    .view
                    .seen_axes()
                    .into_iter()
                    .filter(|k| b.head.view.seen_axes().contains(k))
                    .collect();
                for (landmark, u) in landmarks {
                    let apart_mm = common
                        .iter()
                        .map(|&k| {
                            (u[k] * (a.head.semi_axes_mm[k] - b.head.semi_axes_mm[k])).powi(2)
                        })
                        .sum::<f32>()
                        .sqrt();
                    if apart_mm > DISAGREE_MM {
                        out.push(Disagreement {
                            landmark,
                            views: [a.name.clone(), b.name.clone()],
                            apart_mm,
                        });
                    }
                }
            }
        }
        out
    }
}

/// `total` impressions split over sessions by their cumulative percentages.
fn per_session(total: u32, cumulative_percent: &[f32]) -> Vec<u32> {
    let mut before = 0.0;
    cumulative_percent
        .iter()
        .map(|&c| {
            let share = ((c - before) / 100.0).max(0.0);
            before = c;
            (total as f32 * share).round() as u32
        })
        .collect()
}

/// The hairline on the head, and which of its sides is behind it (the area's).
struct HeadHairline {
    curve_mm: Vec<Vec3>,
    /// 1 / a² per axis: the ellipsoid's normal at p is along p × this.
    inverse_a2: Vec3,
    /// +1 or −1: the sign of [`Self::nearest`]'s side behind the line.
    behind: f32,
}

impl HeadHairline {
    /// How far `p` (on the head, mm) lies behind the line: negative in front. As the engine's
    /// depth, it is the distance to the nearest point of the curve, past an open end to the
    /// extended end segment, and the side is the one the area lies on.
    fn depth_mm(&self, p: Vec3) -> f32 {
        self.nearest(p)
            .map_or(f32::INFINITY, |(side, d)| side * self.behind * d)
    }

    /// The side of the curve `p` lies on (+1 on the left walking along it, seen from outside
    /// the head, else −1) and its distance, mm; `None` for a curve without length.
    fn nearest(&self, p: Vec3) -> Option<(f32, f32)> {
        let last = self.curve_mm.len().checked_sub(2)?;
        let mut best: Option<(f32, f32)> = None; // (distance², side)
        for (i, seg) in self.curve_mm.windows(2).enumerate() {
            let (a, b) = (seg[0], seg[1]);
            let Some(foot) = open_segment_foot(a, b, p, i, last) else {
                continue;
            };
            let d2 = (p - foot).length_squared();
            if best.is_none_or(|(bd2, _)| d2 < bd2) {
                let normal = foot * self.inverse_a2;
                let side = normal.cross(b - a).dot(p - foot);
                best = Some((d2, if side < 0.0 { -1.0 } else { 1.0 }));
            }
        }
        best.map(|(d2, side)| (side, d2.sqrt()))
    }
}
