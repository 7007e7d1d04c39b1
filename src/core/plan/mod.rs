//! The treatment plan: what the consultant drew and chose, saved as versioned JSON (`.smp.json`).
//!
//! Owns the schema, validation of every loaded value, and atomic saving. Geometry is in the
//! photo's pixel coordinates (x right, y down); lengths are in millimetres via `px_per_mm`.

mod sessions;
mod styles;
mod validate;

use std::path::{Path, PathBuf};

use glam::Vec2;
use serde::{Deserialize, Serialize};

pub use sessions::{
    DEFAULT_IMPRESSIONS_PER_HOUR, IMPRESSIONS_PER_HOUR_RANGE, MAX_SESSIONS, Sessions, ShownSession,
};
pub use styles::{DepthEffect, HairlineStyle, NeedleDepth};

/// The plan file format version this build reads and writes.
pub const PLAN_VERSION: u32 = 2;
/// Versions this build opens: 1 (before the head model) opens unchanged, as a plan without one.
pub const READABLE_VERSIONS: std::ops::RangeInclusive<u32> = 1..=PLAN_VERSION;
/// Highest density a plan may ask for, in impressions/cm² (clinics quote up to ~195/cm²).
pub const MAX_DENSITY_PER_CM2: f32 = 400.0;
/// Widest or tallest photo accepted, in pixels.
pub const MAX_PHOTO_SIDE_PX: u32 = 24_000;
/// Plans larger than this are refused before parsing (a real plan is a few kilobytes).
pub const MAX_PLAN_BYTES: u64 = 16 * 1024 * 1024;
/// Range of healed dot diameters a plan may set, in millimetres.
pub const DOT_DIAMETER_RANGE_MM: (f32, f32) = (0.03, 1.0);
/// Range of dilution ratios (parts water per part pigment).
pub const DILUTION_RANGE: (f32, f32) = (2.0, 40.0);
/// Range of photo scales, in pixels per millimetre.
pub const PX_PER_MM_RANGE: (f32, f32) = (0.2, 200.0);
/// Longest hairline transition a plan may set, in millimetres.
pub const MAX_FADE_DEPTH_MM: f32 = 80.0;
/// Largest hairline irregularity a plan may set, in millimetres.
pub const MAX_IRREGULARITY_MM: f32 = 10.0;
/// Most vertices a polygon or polyline may have.
const MAX_VERTICES: usize = 100_000;
/// Most zones a plan may have (a real plan has a handful).
pub const MAX_ZONES: usize = 1000;
/// Widest treatment area a plan may span, mm. A whole scalp is about 400 mm across even laid
/// flat; the cap bounds the work (at most ~1M impressions at the maximum density).
pub const MAX_AREA_SIDE_MM: f32 = 500.0;

/// Why a plan could not be read, written or accepted.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error("cannot read plan {path}: {cause}")]
    Read {
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error("cannot save plan {path}: {cause}")]
    Write {
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error(
        "plan {path} is {size} bytes, larger than any real plan ({MAX_PLAN_BYTES} bytes at most)"
    )]
    TooLarge { path: PathBuf, size: u64 },
    #[error("{}", parse_message(.0))]
    Parse(serde_json::Error),
    #[error("the plan cannot be written as JSON: {0}")]
    Serialize(serde_json::Error),
    #[error(
        "plan has format version {found}, but this smp-preview reads plans up to version \
         {PLAN_VERSION} and cases (version 3); update smp-preview"
    )]
    UnsupportedVersion { found: u32 },
    #[error("plan is invalid: {0}")]
    Invalid(String),
}

/// Broken JSON (a file cut short, not a plan at all) and JSON that does not fit the format
/// (a missing field, a zone mask of the wrong length…) are told apart.
fn parse_message(e: &serde_json::Error) -> String {
    match e.classify() {
        serde_json::error::Category::Data => {
            format!("plan does not match this format: {e}")
        }
        _ => format!("plan is not valid JSON: {e}"),
    }
}

// The JSON error is part of the one-line message, not a separate cause, so an error chain
// printed with `{:#}` does not repeat it.
impl From<serde_json::Error> for PlanError {
    fn from(e: serde_json::Error) -> Self {
        PlanError::Parse(e)
    }
}

/// The hairline: an open curve on the photo and how deep the transition behind it is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Hairline {
    /// Control points in photo pixels, drawn from one temple to the other.
    pub points: Vec<Vec2>,
    /// Depth of the transition from no impressions at the line to full density, in mm.
    pub fade_depth_mm: f32,
    /// How far the front wanders from the drawn line in broad waves (~12 mm long), mm.
    #[serde(default)]
    pub macro_irregularity_mm: f32,
    /// Fine raggedness of the front (~1.5 mm scale), mm; seeded by the plan's seed.
    #[serde(default)]
    pub micro_irregularity_mm: f32,
    /// Dot size at the line as a share of the plan's dot size, growing to full size across the
    /// fade: the hairline zone uses finer dots than the fill (docs/domain.md). 1 = no change
    /// (the default, so older plans render as they did).
    #[serde(default = "full_size")]
    pub edge_dot_scale: f32,
}

fn full_size() -> f32 {
    1.0
}

/// Range of [`Hairline::edge_dot_scale`].
pub const EDGE_DOT_SCALE_RANGE: (f32, f32) = (0.3, 1.0);

impl Hairline {
    /// Curve segments drawn between two control points.
    pub const SAMPLES_PER_SPAN: usize = 12;

    /// The hairline as drawn and used for the fade: a smooth curve through the control points.
    pub fn curve(&self) -> Vec<Vec2> {
        crate::core::geometry::smooth_curve(&self.points, Self::SAMPLES_PER_SPAN)
    }
}

/// A two-point scale calibration: a known length marked on the photo.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ruler {
    /// The two end points in photo pixels.
    pub points: [Vec2; 2],
    /// The real distance between them, mm.
    pub length_mm: f32,
    /// Whether the consultant has placed both ends and given the length: only then does the
    /// ruler set the scale (a ruler just put on the photo does not).
    #[serde(default = "confirmed_by_default", skip_serializing_if = "is_true")]
    pub confirmed: bool,
}

/// Rulers saved before confirmation existed set the scale.
fn confirmed_by_default() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

impl Ruler {
    /// The scale this ruler sets, px/mm: none until it is confirmed.
    pub fn scale_px_per_mm(&self) -> Option<f32> {
        self.px_per_mm().filter(|_| self.confirmed)
    }

    /// The scale this ruler gives, px/mm, if its points are apart and its length positive.
    pub fn px_per_mm(&self) -> Option<f32> {
        let [a, b] = self.points;
        let k = a.distance(b) / self.length_mm;
        (k.is_finite() && (PX_PER_MM_RANGE.0..=PX_PER_MM_RANGE.1).contains(&k)).then_some(k)
    }
}

/// A named part of the treatment area with its own density (e.g. crown, scar).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Zone {
    pub name: String,
    /// Outline in photo pixels; where zones overlap, the later one wins. Empty for a zone
    /// painted with the brush.
    pub polygon: Vec<Vec2>,
    /// Target density inside the zone, impressions/cm².
    pub density_per_cm2: f32,
    /// The zone's own shade (parts water per part pigment); `None` uses the plan's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dilution_ratio: Option<f32>,
    /// The zone as painted with the brush (replaces the outline once painting starts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mask: Option<crate::core::mask::PaintMask>,
}

impl Zone {
    /// Whether the zone is painted (a mask) rather than an outline.
    pub fn is_painted(&self) -> bool {
        self.mask.is_some()
    }
}

/// Heights of the mid-frontal hairline above the glabella, mm, with how they read
/// (docs/domain.md, "Hairline design": 8 cm typical, 7 cm aggressive, 10 cm conservative).
pub const HAIRLINE_HEIGHTS_MM: [(f32, &str); 3] = [
    (70.0, "7 cm: aggressive"),
    (80.0, "8 cm: typical"),
    (100.0, "10 cm: conservative"),
];

/// Where the guide heights fall on an upright photo: the photo-pixel y of each of
/// [`HAIRLINE_HEIGHTS_MM`] above the glabella at `px_per_mm`.
pub fn hairline_guide_rows_px(glabella: Vec2, px_per_mm: f32) -> [(f32, &'static str); 3] {
    HAIRLINE_HEIGHTS_MM.map(|(mm, label)| (glabella.y - mm * px_per_mm, label))
}

/// A complete SMP plan for one photo.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// File format version, [`PLAN_VERSION`].
    pub version: u32,
    /// Photo path relative to the plan file (absolute paths are kept as they are).
    #[serde(default)]
    pub photo: Option<PathBuf>,
    /// Photo scale at the scalp, pixels per millimetre.
    pub px_per_mm: f32,
    /// True while `px_per_mm` is a guess that nobody has calibrated.
    #[serde(default)]
    pub px_per_mm_is_estimate: bool,
    /// Target density of the treatment area outside any zone, impressions/cm².
    pub density_per_cm2: f32,
    /// Healed dot diameter at the skin surface, mm (at the standard depth).
    pub dot_diameter_mm: f32,
    /// How deep the needle works; changes the dots' size, softness and cast.
    #[serde(default)]
    pub depth: NeedleDepth,
    /// Shade as a dilution ratio: parts water per part pigment (6 dark … 20 light).
    pub dilution_ratio: f32,
    /// Seed of the impression pattern; the same plan and seed give the same impressions.
    pub seed: u64,
    /// Outline of the treatment area in photo pixels.
    pub area: Vec<Vec2>,
    #[serde(default)]
    pub hairline: Option<Hairline>,
    #[serde(default)]
    pub zones: Vec<Zone>,
    #[serde(default)]
    pub sessions: Sessions,
    /// The calibration ruler, if the scale was measured on the photo.
    #[serde(default)]
    pub ruler: Option<Ruler>,
    /// The glabella (the point between the brows) in photo pixels, for the hairline guide.
    #[serde(default)]
    pub glabella: Option<Vec2>,
    /// Where the patient's own hair covers the scalp: impressions there are placed (and
    /// counted) but hidden under the hair in the preview.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hair_mask: Option<crate::core::mask::PaintMask>,
    /// The head fitted to the photo (version 2): areas and densities are then the scalp's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<crate::core::head::HeadModel>,
    /// Who the plan is for, as the clinic files it (a name or a patient ID), for the sheet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patient: Option<String>,
    /// The consultation's date as the clinic writes it (e.g. 2026-12-07), for the sheet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consultation_date: Option<String>,
}

/// The dot a new plan starts with: a 3RL 0.20 filling cluster's healed mark
/// (`numbers::healed_dot_3rl_mm(0.20)`, checked by a test there). With 100/cm² and 8:1 it
/// gives the shade of a #0–#1 buzz (`tone`, docs/domain.md: 10–25 % darker).
pub const DEFAULT_DOT_MM: f32 = 0.215_47;

/// The treatment area a photo opened alone starts with: an oval over the upper middle of the
/// photo, where the scalp is in the usual front and top views, to be dragged onto the scalp.
/// (The whole photo put impressions on the face and background, and a hairline drawn on the
/// scalp then faded towards the larger part below it.)
pub fn starting_area(photo_size_px: Vec2) -> Vec<Vec2> {
    let centre = photo_size_px * Vec2::new(0.5, 0.38);
    let radii = photo_size_px * Vec2::new(0.2, 0.22);
    (0..12)
        .map(|k| {
            let angle = k as f32 * std::f32::consts::TAU / 12.0;
            centre + radii * Vec2::new(angle.cos(), angle.sin())
        })
        .collect()
}

impl Plan {
    /// A plan treating the whole photo as one area with no hairline, for a photo of the given size.
    ///
    /// The scale is an estimate (the photo assumed to span 250 mm) and is marked as such.
    pub fn for_whole_photo(width_px: u32, height_px: u32) -> Self {
        let (w, h) = (width_px as f32, height_px as f32);
        Plan {
            version: PLAN_VERSION,
            photo: None,
            px_per_mm: (w.max(h) / 250.0).clamp(PX_PER_MM_RANGE.0, PX_PER_MM_RANGE.1),
            px_per_mm_is_estimate: true,
            density_per_cm2: 100.0,
            dot_diameter_mm: DEFAULT_DOT_MM,
            depth: NeedleDepth::Standard,
            dilution_ratio: 8.0,
            seed: 1,
            area: vec![
                Vec2::ZERO,
                Vec2::new(w, 0.0),
                Vec2::new(w, h),
                Vec2::new(0.0, h),
            ],
            hairline: None,
            zones: Vec::new(),
            sessions: Sessions::default(),
            ruler: None,
            glabella: None,
            hair_mask: None,
            patient: None,
            consultation_date: None,
            head: None,
        }
    }

    /// Parses and validates a plan from JSON text.
    pub fn from_json(text: &str) -> Result<Self, PlanError> {
        // A byte-order mark (Windows Notepad writes one) is not part of the JSON.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        // Read the version first, so a future file gets a version message, not a field error.
        #[derive(Deserialize)]
        struct VersionOnly {
            version: u32,
        }
        let version = serde_json::from_str::<VersionOnly>(text)?.version;
        if !READABLE_VERSIONS.contains(&version) {
            return Err(PlanError::UnsupportedVersion { found: version });
        }
        let plan: Plan = serde_json::from_str(text)?;
        plan.validate()?;
        Ok(plan)
    }

    /// Serialises the plan as pretty JSON.
    pub fn to_json(&self) -> Result<String, PlanError> {
        serde_json::to_string_pretty(self).map_err(PlanError::Serialize)
    }

    /// Sets (or removes) the head model; a plan with one is of format version 2.
    pub fn set_head(&mut self, head: Option<crate::core::head::HeadModel>) {
        if head.is_some() {
            self.version = PLAN_VERSION;
        }
        self.head = head;
    }

    /// The head model at the plan's scale: fitted at one px/mm, it follows a scale set later
    /// (a ruler) without being fitted again. Everything that uses the head takes it from here.
    pub fn head_model(&self) -> Option<crate::core::head::HeadModel> {
        self.head.map(|h| h.at_scale(self.px_per_mm))
    }

    /// The scale a confirmed ruler sets, px/mm. With a head model and both ends on the head,
    /// the ruler's length is measured along the scalp under it (a tape laid on the head), so
    /// that a ruler reaching round the head's curve is not read as a shorter flat one.
    pub fn ruler_scale_px_per_mm(&self) -> Option<f32> {
        let ruler = self.ruler.as_ref()?;
        let flat = ruler.scale_px_per_mm()?;
        let [a, b] = ruler.points;
        let Some(on_scalp_mm) = self.head_model().and_then(|h| h.scalp_length_mm(a, b)) else {
            return Some(flat);
        };
        // The head scales with 1 / px_per_mm: this is the scale at which it is length_mm.
        let k = self.px_per_mm * on_scalp_mm / ruler.length_mm;
        Some(if (PX_PER_MM_RANGE.0..=PX_PER_MM_RANGE.1).contains(&k) {
            k
        } else {
            flat
        })
    }

    /// The photo's path, resolved against the directory of the plan file.
    pub fn photo_path(&self, plan_path: &Path) -> Option<PathBuf> {
        let photo = self.photo.as_ref()?;
        let dir = plan_path.parent().unwrap_or(Path::new(""));
        Some(dir.join(photo))
    }

    /// The treatment area in cm².
    pub fn area_cm2(&self) -> f32 {
        crate::core::geometry::polygon_area_px2(&self.area)
            / (self.px_per_mm * self.px_per_mm)
            / 100.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hairline_guides_sit_7_8_and_10_cm_above_the_glabella() {
        let rows = hairline_guide_rows_px(Vec2::new(500.0, 1000.0), 5.0);
        assert_eq!(rows.map(|r| r.0), [650.0, 600.0, 500.0]);
        assert!(rows[1].1.contains("typical"));
        let mut plan = Plan::for_whole_photo(100, 100);
        plan.glabella = Some(Vec2::new(f32::NAN, 1.0));
        assert!(plan.validate().is_err());
    }

    #[test]
    fn whole_photo_plan_is_valid_and_marked_estimate() {
        let plan = Plan::for_whole_photo(2000, 1000);
        plan.validate().unwrap();
        assert!(plan.px_per_mm_is_estimate);
        assert!((plan.area_cm2() - 2000.0 * 1000.0 / 64.0 / 100.0).abs() < 0.1);
    }

    #[test]
    fn too_many_zones_are_refused() {
        let mut plan = Plan::for_whole_photo(100, 100);
        let zone = Zone {
            name: "z".into(),
            polygon: vec![Vec2::ZERO, Vec2::X, Vec2::ONE],
            density_per_cm2: 50.0,
            dilution_ratio: None,
            mask: None,
        };
        plan.zones = vec![zone; MAX_ZONES];
        plan.validate().unwrap();
        plan.zones.push(plan.zones[0].clone());
        assert!(plan.validate().unwrap_err().to_string().contains("zones"));
    }

    #[test]
    fn an_area_wider_than_a_scalp_is_refused() {
        let mut plan = Plan::for_whole_photo(4000, 3000);
        plan.validate().unwrap();
        plan.px_per_mm = 0.5; // 4000 px = 8 m
        let message = plan.validate().unwrap_err().to_string();
        assert!(message.contains("spans 8000 mm"), "{message}");
    }

    #[test]
    fn hairline_styles_are_valid_and_ordered() {
        let mut plan = Plan::for_whole_photo(100, 100);
        let mut fades = Vec::new();
        for style in HairlineStyle::ALL {
            let mut h = Hairline {
                points: vec![Vec2::ZERO, Vec2::ONE],
                fade_depth_mm: 0.0,
                macro_irregularity_mm: 0.0,
                micro_irregularity_mm: 0.0,
                edge_dot_scale: 1.0,
            };
            style.apply(&mut h);
            fades.push(h.fade_depth_mm);
            plan.hairline = Some(h);
            plan.validate().unwrap();
        }
        // defined is the sharpest, dusted the longest transition
        assert!(
            fades[0] < fades[2] && fades[2] < fades[1] && fades[1] < fades[3],
            "{fades:?}"
        );
    }

    #[test]
    fn a_ruler_calibrates_the_scale() {
        let ruler = Ruler {
            points: [Vec2::new(100.0, 100.0), Vec2::new(400.0, 500.0)],
            length_mm: 50.0,
            confirmed: true,
        };
        assert_eq!(ruler.px_per_mm(), Some(10.0));
        assert_eq!(ruler.scale_px_per_mm(), Some(10.0));
        let unconfirmed = Ruler {
            confirmed: false,
            ..ruler.clone()
        };
        assert_eq!(
            unconfirmed.scale_px_per_mm(),
            None,
            "sets no scale until confirmed"
        );
        let same_point = Ruler {
            points: [Vec2::ONE, Vec2::ONE],
            length_mm: 50.0,
            confirmed: true,
        };
        assert_eq!(same_point.px_per_mm(), None);
        // A ruler has two ends, no more and no fewer: a file with another count is refused.
        let mut plan = Plan::for_whole_photo(100, 100);
        plan.ruler = Some(ruler);
        let json = serde_json::to_string(&plan).unwrap();
        let two = "[[100.0,100.0],[400.0,500.0]]";
        assert!(json.contains(two), "{json}");
        assert!(Plan::from_json(&json).is_ok());
        for other in ["[[100.0,100.0]]", "[[1.0,1.0],[2.0,2.0],[3.0,3.0]]"] {
            let bad = json.replace(two, other);
            assert!(Plan::from_json(&bad).is_err(), "{other}");
        }
    }

    #[test]
    fn rejects_out_of_range_values() {
        let mut plan = Plan::for_whole_photo(100, 100);
        plan.density_per_cm2 = f32::NAN;
        assert!(matches!(plan.validate(), Err(PlanError::Invalid(m)) if m.contains("density")));
        let mut plan = Plan::for_whole_photo(100, 100);
        plan.area.truncate(2);
        assert!(plan.validate().is_err());
    }
}
