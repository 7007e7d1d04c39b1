//! A case: one patient photographed from several views (front, top, sides, back), each photo
//! with its own fitted head (its camera), and **one plan on the head** shared by all of them
//! (docs/domain.md, "Curved heads in flat photos"). The outlines (treatment area, hairline,
//! zones, glabella) are points on the scalp ([`HeadPoint`]); each view shows them projected
//! ([`Case::view_plan`]) and what is drawn on a view is lifted back onto the head
//! ([`Case::absorb_view_edit`]), so a hairline point dragged on the front photo moves on the
//! top one too. The whole head's numbers count the scalp the views cover once
//! ([`Case::whole_head`]).
//!
//! The engine, renderer and exports still work on a photo's [`Plan`]: a view's plan is
//! derived from the case, never stored. A single-photo plan file opens as it always did; a
//! case file (`.smp.json` too) is format version [`CASE_VERSION`].

mod dots;
mod project;
mod whole_head;

use std::path::{Path, PathBuf};

use glam::Vec3;
use serde::{Deserialize, Serialize};

use crate::core::head::HeadModel;
use crate::core::mask::PaintMask;
use crate::core::plan::{Plan, PlanError, Ruler};

pub use project::{ViewProjection, lift_px};
pub use whole_head::{Disagreement, WholeHead, WholeRegion};

/// File format version of a case (plans are versions 1 and 2).
pub const CASE_VERSION: u32 = 3;
/// Most views in one case.
pub const MAX_VIEWS: usize = 12;

/// A point on the scalp: a unit direction from the head's centre in the ellipsoid's
/// normalised frame (x to the patient's left, y to the back, z up); the surface point is the
/// direction scaled by the semi-axes. Views whose fits differ a little in size still agree on
/// where a point is on the head.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct HeadPoint([f32; 3]);

impl HeadPoint {
    /// The head point under `point_mm`, a point on (or near) the surface of a head with these
    /// semi-axes; `None` at the centre or for non-finite input.
    pub fn from_surface_mm(point_mm: Vec3, semi_axes_mm: [f32; 3]) -> Option<Self> {
        let u = (point_mm / Vec3::from_array(semi_axes_mm)).try_normalize()?;
        Some(HeadPoint(u.to_array()))
    }

    /// The unit direction in the normalised frame.
    pub fn direction(self) -> Vec3 {
        Vec3::from_array(self.0)
    }

    /// The point on a head with these semi-axes, mm.
    pub fn on_mm(self, semi_axes_mm: [f32; 3]) -> Vec3 {
        self.direction() * Vec3::from_array(semi_axes_mm)
    }

    fn is_valid(self) -> bool {
        let u = self.direction();
        u.is_finite() && (u.length() - 1.0).abs() < 1e-3
    }
}

/// One photo of the case: what it shows and how its camera saw the head.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseView {
    /// Shown on the view's thumbnail and used in output names ("front", "top").
    pub name: String,
    /// Photo path relative to the case file (absolute paths are kept as they are).
    pub photo: Option<PathBuf>,
    /// The photo's scale at the scalp nearest its camera, px/mm.
    pub px_per_mm: f32,
    #[serde(default)]
    pub px_per_mm_is_estimate: bool,
    /// The head fitted to this photo (its camera and the ellipsoid it saw).
    pub head: HeadModel,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruler: Option<Ruler>,
    /// Where the patient's own hair covers the scalp in this photo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hair_mask: Option<PaintMask>,
}

/// The plan's outlines on the head; their settings (fade, densities, shades) are in
/// [`Case::settings`], zone `k` here being zone `k` there.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SurfaceOutlines {
    pub area: Vec<HeadPoint>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hairline: Option<Vec<HeadPoint>>,
    #[serde(default)]
    pub zones: Vec<Vec<HeadPoint>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub glabella: Option<HeadPoint>,
}

/// Several photos of one patient and one plan on the head.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Case {
    /// [`CASE_VERSION`].
    pub version: u32,
    pub views: Vec<CaseView>,
    /// Everything of the plan that is not where it lies: densities, dot, shade, seed,
    /// sessions, the hairline's fade and irregularity, the zones' names and densities, the
    /// patient. Its photo-pixel geometry is unused (empty).
    pub settings: Plan,
    pub outlines: SurfaceOutlines,
}

impl Case {
    /// The case of a single-photo plan with a fitted head: one view named `view_name`, its
    /// outlines lifted onto the head. `None` without a head model.
    pub fn from_plan(plan: &Plan, view_name: &str) -> Option<Self> {
        let head = plan.head_model()?;
        let view = CaseView {
            name: view_name.to_owned(),
            photo: plan.photo.clone(),
            px_per_mm: plan.px_per_mm,
            px_per_mm_is_estimate: plan.px_per_mm_is_estimate,
            head,
            ruler: plan.ruler.clone(),
            hair_mask: plan.hair_mask.clone(),
        };
        let lift = |points: &[glam::Vec2]| project::lift_all(&head, points);
        let outlines = SurfaceOutlines {
            area: lift(&plan.area),
            hairline: plan.hairline.as_ref().map(|h| lift(&h.points)),
            zones: plan.zones.iter().map(|z| lift(&z.polygon)).collect(),
            glabella: plan.glabella.and_then(|g| lift_px(&head, g)),
        };
        Some(Case {
            version: CASE_VERSION,
            views: vec![view],
            settings: settings_of(plan),
            outlines,
        })
    }

    /// The view named `name`.
    pub fn view_index(&self, name: &str) -> Option<usize> {
        self.views.iter().position(|v| v.name == name)
    }

    /// A name for a new view of `view`, distinct from the case's others ("left", "left 2").
    pub fn free_view_name(&self, base: &str) -> String {
        (1..)
            .map(|k| match k {
                1 => base.to_owned(),
                k => format!("{base} {k}"),
            })
            .find(|n| self.view_index(n).is_none())
            .unwrap_or_else(|| base.to_owned())
    }

    /// Adds a photo of the same patient with its head fitted at any scale: the scale is set so
    /// that the head it measures is the case's head (the same skull in every photo), which is
    /// how a photo without a ruler gets its px/mm.
    pub fn add_view(&mut self, name: &str, photo: Option<PathBuf>, head: HeadModel) -> usize {
        let head = match self.views.is_empty() {
            true => head,
            false => head.at_scale(self.matching_scale(&head)),
        };
        self.views.push(CaseView {
            name: name.to_owned(),
            photo,
            px_per_mm: head.px_per_mm(),
            px_per_mm_is_estimate: self.views.iter().any(|v| v.px_per_mm_is_estimate),
            head,
            ruler: None,
            hair_mask: None,
        });
        self.views.len() - 1
    }

    /// The px/mm at which `head`'s measured axes match the case's head.
    fn matching_scale(&self, head: &HeadModel) -> f32 {
        let case_axes = self.head_semi_axes_mm();
        let seen = head.view.seen_axes();
        let ratio: f32 = seen
            .iter()
            .map(|&k| head.semi_axes_mm[k] / case_axes[k])
            .sum::<f32>()
            / seen.len() as f32;
        // The scene scales with 1 / px_per_mm: a head measured too large is at too low a scale.
        head.px_per_mm() * ratio
    }

    /// The case's head: each semi-axis the mean of the views that measure it (see
    /// [`crate::core::head::HeadView::seen_axes`]), else of all views (by proportions).
    pub fn head_semi_axes_mm(&self) -> [f32; 3] {
        std::array::from_fn(|k| {
            let measured: Vec<f32> = self
                .views
                .iter()
                .filter(|v| v.head.view.seen_axes().contains(&k))
                .map(|v| v.head.semi_axes_mm[k])
                .collect();
            let values = match measured.is_empty() {
                true => self.views.iter().map(|v| v.head.semi_axes_mm[k]).collect(),
                false => measured,
            };
            values.iter().sum::<f32>() / values.len().max(1) as f32
        })
    }

    /// The photo of view `index`, resolved against the case file's folder.
    pub fn photo_path(&self, index: usize, case_path: &Path) -> Option<PathBuf> {
        let photo = self.views.get(index)?.photo.as_ref()?;
        Some(case_path.parent().unwrap_or(Path::new("")).join(photo))
    }

    /// Parses and validates a case from JSON text.
    pub fn from_json(text: &str) -> Result<Self, PlanError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let case: Case = serde_json::from_str(text)?;
        if case.version != CASE_VERSION {
            return Err(PlanError::UnsupportedVersion {
                found: case.version,
            });
        }
        case.validate()?;
        Ok(case)
    }

    /// Serialises the case as pretty JSON.
    pub fn to_json(&self) -> Result<String, PlanError> {
        serde_json::to_string_pretty(self).map_err(PlanError::Serialize)
    }

    /// Refuses a case that would not open again: no view or too many, names empty or twice,
    /// a point off the unit sphere, settings and outlines that do not pair up, or a view whose
    /// plan is not a valid plan.
    pub fn validate(&self) -> Result<(), PlanError> {
        let invalid = |m: String| Err(PlanError::Invalid(m));
        if self.views.is_empty() || self.views.len() > MAX_VIEWS {
            return invalid(format!(
                "a case has 1 to {MAX_VIEWS} views, not {}",
                self.views.len()
            ));
        }
        for (i, view) in self.views.iter().enumerate() {
            if view.name.trim().is_empty() || self.view_index(&view.name) != Some(i) {
                return invalid(format!("view names must be distinct: '{}'", view.name));
            }
            // Names become output file names (`<view>-after.png`).
            let lower = view.name.to_lowercase();
            let clash = self.views[..i]
                .iter()
                .any(|v| v.name.to_lowercase() == lower);
            if !is_file_name_safe(&view.name) || clash {
                return invalid(format!(
                    "view name '{}' cannot name a file (at most 40 characters, no / \\ : or \
                     leading dot, distinct regardless of case)",
                    view.name
                ));
            }
        }
        let o = &self.outlines;
        let points = o.area.iter().chain(o.hairline.iter().flatten());
        let all_valid = points
            .chain(o.zones.iter().flatten())
            .chain(o.glabella.iter())
            .all(|p| p.is_valid());
        if !all_valid {
            return invalid("a point of the outlines is not on the head".into());
        }
        if o.zones.len() != self.settings.zones.len()
            || o.hairline.is_some() != self.settings.hairline.is_some()
        {
            return invalid("the zones or hairline do not match their settings".into());
        }
        for (i, view) in self.views.iter().enumerate() {
            let named = |e: PlanError| PlanError::Invalid(format!("view '{}': {e}", view.name));
            self.view_plan_unpainted(i).validate().map_err(named)?;
        }
        Ok(())
    }
}

/// A view name that is safe as (part of) a file name on every system.
fn is_file_name_safe(name: &str) -> bool {
    name.chars().count() <= 40
        && !name.starts_with('.')
        && !name
            .chars()
            .any(|c| c.is_control() || "/\\:*?\"<>|".contains(c))
}

/// `plan` without where things lie (its photo-pixel geometry emptied), as a case keeps it.
fn settings_of(plan: &Plan) -> Plan {
    let mut settings = plan.clone();
    settings.photo = None;
    settings.area.clear();
    if let Some(h) = settings.hairline.as_mut() {
        h.points.clear();
    }
    for zone in &mut settings.zones {
        zone.polygon.clear();
    }
    settings.glabella = None;
    settings.ruler = None;
    settings.hair_mask = None;
    settings.head = None;
    settings
}

#[cfg(test)]
mod tests;
