//! The head behind a flat photo: an ellipsoid scalp seen through a pinhole camera, fitted to
//! the head's outline in the photo (docs/domain.md, "Curved heads in flat photos"). Where the
//! head turns away from the camera one pixel covers more scalp; the model gives, for every
//! pixel of the head, the surface point, its normal and the scalp mm² the pixel covers, so
//! that areas, counts and hours are those of the scalp, not of its projection.
//!
//! - **Camera**: a pinhole at the origin looking along +z of its own frame, the principal
//!   point at the photo's centre; the focal length from the 35 mm-equivalent focal length
//!   (`f_px = f35 / 36 mm × image width`), from EXIF where the photo has it, else
//!   [`DEFAULT_FOCAL_MM_35`] (a phone's main camera, est.).
//! - **Head**: an axis-aligned ellipsoid in the head's frame (x towards the patient's left, y
//!   towards the back, z up), its semi-axes in mm; [`HeadView`] sets how the camera sees it.
//! - **Fit**: from the outline's ellipse in the photo (centre and semi-axes, px) and the scale
//!   at the scalp facing the camera (the plan's px/mm, its nearest point): for each seen axis
//!   the outline of an ellipsoid at distance `D` has `r = f·a / √(D² − a²)`, and the nearest
//!   point is at `D − a_depth`, where `px/mm = f / (D − a_depth)`. The unseen (depth) axis
//!   follows the seen ones by the head's usual proportions ([`PROPORTIONS`], est.).

use glam::{Vec2, Vec3};
use serde::{Deserialize, Serialize};

/// The 35 mm-equivalent focal length assumed when the photo does not say (a phone's main
/// camera: est. 26 mm).
pub const DEFAULT_FOCAL_MM_35: f32 = 26.0;
/// Width of a 35 mm frame, mm.
const FRAME_35_WIDTH_MM: f32 = 36.0;
/// Semi-axes of an average head relative to its length (x breadth, y length, z height of the
/// vault above the ears): est. from a cephalic index of ~0.79.
pub const PROPORTIONS: [f32; 3] = [0.79, 1.0, 0.9];

/// How the camera sees the head.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HeadView {
    /// From above (the vertex), the front of the head at the top of the photo.
    #[default]
    Top,
    /// From the front, level.
    Front,
    /// The patient's left side.
    Left,
    /// The patient's right side.
    Right,
    /// From behind, level.
    Back,
    /// Front-left, 45° round and 20° above.
    ThreeQuarter,
    /// Any other direction: the camera `azimuth_deg` round from the front towards the
    /// patient's left and `elevation_deg` above level (90: from above).
    Free {
        azimuth_deg: i16,
        elevation_deg: i16,
    },
}

impl HeadView {
    pub const ALL: [HeadView; 6] = [
        HeadView::Top,
        HeadView::Front,
        HeadView::Left,
        HeadView::Right,
        HeadView::Back,
        HeadView::ThreeQuarter,
    ];

    pub fn name(self) -> &'static str {
        match self {
            HeadView::Top => "top",
            HeadView::Front => "front",
            HeadView::Left => "left",
            HeadView::Right => "right",
            HeadView::Back => "back",
            HeadView::ThreeQuarter => "three-quarter",
            HeadView::Free { .. } => "free",
        }
    }

    /// The camera's direction from the head's centre as azimuth (round from the front towards
    /// the patient's left) and elevation (above level), degrees.
    pub fn angles_deg(self) -> (f32, f32) {
        match self {
            HeadView::Top => (0.0, 90.0),
            HeadView::Front => (0.0, 0.0),
            HeadView::Left => (90.0, 0.0),
            HeadView::Right => (-90.0, 0.0),
            HeadView::Back => (180.0, 0.0),
            HeadView::ThreeQuarter => (45.0, 20.0),
            HeadView::Free {
                azimuth_deg,
                elevation_deg,
            } => (f32::from(azimuth_deg), f32::from(elevation_deg)),
        }
    }

    /// The camera's right, down and forward axes in the head's frame (forward: from the
    /// camera towards the head; down: the photo's rows).
    pub fn camera_axes(self) -> [Vec3; 3] {
        let (forward, up) = match self {
            HeadView::Top => (Vec3::NEG_Z, Vec3::NEG_Y),
            HeadView::Front => (Vec3::Y, Vec3::Z),
            HeadView::Back => (Vec3::NEG_Y, Vec3::Z),
            HeadView::Left => (Vec3::NEG_X, Vec3::Z),
            HeadView::Right => (Vec3::X, Vec3::Z),
            HeadView::ThreeQuarter | HeadView::Free { .. } => {
                let (az, el) = self.angles_deg();
                let (az, el) = (az.to_radians(), el.to_radians().clamp(-1.5, 1.5));
                // From the azimuth and elevation, looking at the head; the head's top (or,
                // seen from nearly straight above or below, its front) up in the photo.
                let towards_camera = Vec3::new(az.sin() * el.cos(), -az.cos() * el.cos(), el.sin());
                let up = if el.abs() > 1.4 { Vec3::NEG_Y } else { Vec3::Z };
                (-towards_camera, up)
            }
        };
        let right = forward.cross(up).normalize();
        let up = right.cross(forward).normalize();
        [right, -up, forward]
    }

    /// The two head axes (0 x, 1 y, 2 z) a fit to this view measures (those along the
    /// photo's columns and rows); the third, depth, follows them by [`PROPORTIONS`].
    pub fn seen_axes(self) -> [usize; 2] {
        let [col, row, _] = self.axes();
        [col, row]
    }

    /// Which head axis (0 x, 1 y, 2 z) lies along the photo's columns, its rows, and depth:
    /// for an oblique view, the axis nearest to each.
    fn axes(self) -> [usize; 3] {
        match self {
            HeadView::Top => [0, 1, 2],
            HeadView::Front | HeadView::Back | HeadView::ThreeQuarter => [0, 2, 1],
            HeadView::Left | HeadView::Right => [1, 2, 0],
            HeadView::Free { .. } => {
                let [right, _, forward] = self.camera_axes();
                let strongest = |v: Vec3, skip: usize| {
                    (0..3)
                        .filter(|&i| i != skip)
                        .max_by(|&a, &b| v[a].abs().total_cmp(&v[b].abs()))
                        .unwrap_or(0)
                };
                let depth = strongest(forward, 3);
                let col = strongest(right, depth);
                [col, 3 - col - depth, depth]
            }
        }
    }
}

/// A head fitted to a photo, as saved in a plan.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct HeadModel {
    pub view: HeadView,
    pub focal_mm_35: f32,
    /// The photo's size, px (the camera's principal point is its centre).
    pub image_size_px: Vec2,
    /// Where the head's centre is seen, px.
    pub centre_px: Vec2,
    /// Distance from the camera to the head's centre, mm.
    pub distance_mm: f32,
    /// Semi-axes in the head's frame (x, y, z), mm.
    pub semi_axes_mm: [f32; 3],
}

/// Why no head model could be fitted to a photo.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FitError {
    #[error("no head outline found against a plain background")]
    NoOutline,
    #[error("the head's outline gives no head at this scale")]
    NoHead,
}

/// Fits a head seen from `view` through a `focal_mm_35` lens to the head's outline in
/// `photo` (`crate::core::silhouette`), at `px_per_mm`; with the outline found.
pub fn fit_to_photo(
    photo: &image::RgbaImage,
    view: HeadView,
    focal_mm_35: f32,
    px_per_mm: f32,
) -> Result<(HeadModel, (Vec2, Vec2)), FitError> {
    let outline = crate::core::silhouette::fit_outline(photo, view == HeadView::Top)
        .ok_or(FitError::NoOutline)?;
    let size = Vec2::new(photo.width() as f32, photo.height() as f32);
    let head =
        HeadModel::fit(view, focal_mm_35, size, outline, px_per_mm).ok_or(FitError::NoHead)?;
    Ok((head, outline))
}

/// What a pixel of the head sees.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SurfaceHit {
    /// The surface point in the head's frame (origin at its centre), mm.
    pub point_mm: Vec3,
    /// The outward normal in the head's frame.
    pub normal: Vec3,
    /// Scalp area one pixel covers there, mm².
    pub mm2_per_px2: f32,
    /// Cosine of the angle between the normal and the direction to the camera.
    pub facing: f32,
}

impl HeadModel {
    /// The camera's focal length in pixels.
    pub fn focal_px(&self) -> f32 {
        self.focal_mm_35 / FRAME_35_WIDTH_MM * self.image_size_px.x
    }

    /// Fits the head to its outline in the photo: an ellipse centred at `centre_px` with
    /// semi-axes `radii_px` along the photo's columns and rows, seen from `view`, with
    /// `px_per_mm` the scale at the scalp nearest the camera.
    pub fn fit(
        view: HeadView,
        focal_mm_35: f32,
        image_size_px: Vec2,
        (centre_px, radii_px): (Vec2, Vec2),
        px_per_mm: f32,
    ) -> Option<Self> {
        let mut model = HeadModel {
            view,
            focal_mm_35,
            image_size_px,
            centre_px,
            distance_mm: 0.0,
            semi_axes_mm: [0.0; 3],
        };
        let f = model.focal_px();
        if !(f > 0.0 && px_per_mm > 0.0 && radii_px.min_element() > 0.0) {
            return None;
        }
        let [col, row, depth] = view.axes();
        let mut distance = f / px_per_mm;
        let mut axes = [0.0f32; 3];
        for _ in 0..50 {
            let seen = |r: f32| r * distance / (f * f + r * r).sqrt();
            axes[col] = seen(radii_px.x);
            axes[row] = seen(radii_px.y);
            // The depth axis by the usual proportions of the two seen ones.
            let scale = 0.5 * (axes[col] / PROPORTIONS[col] + axes[row] / PROPORTIONS[row]);
            axes[depth] = scale * PROPORTIONS[depth];
            distance = f / px_per_mm + axes[depth];
        }
        model.distance_mm = distance;
        model.semi_axes_mm = axes;
        axes.iter()
            .all(|a| a.is_finite() && *a > 0.0)
            .then_some(model)
    }

    /// The scale the head was fitted at: photo px per mm of scalp at the point nearest the
    /// camera.
    pub fn px_per_mm(&self) -> f32 {
        let depth = self.view.axes()[2];
        self.focal_px() / (self.distance_mm - self.semi_axes_mm[depth])
    }

    /// The same head at another scale (a ruler confirmed after the fit): the whole scene
    /// scales with 1 / px_per_mm, so its outline in the photo stays where it is.
    pub fn at_scale(&self, px_per_mm: f32) -> Self {
        let k = self.px_per_mm() / px_per_mm;
        if !(k.is_finite() && k > 0.0) {
            return *self;
        }
        HeadModel {
            distance_mm: self.distance_mm * k,
            semi_axes_mm: self.semi_axes_mm.map(|a| a * k),
            ..*self
        }
    }

    /// The outline this head was fitted to: its centre and semi-axes along the photo's
    /// columns and rows, px (what [`HeadModel::fit`] takes).
    pub fn outline_px(&self) -> (Vec2, Vec2) {
        let [col, row, _] = self.view.axes();
        let (f, d) = (self.focal_px(), self.distance_mm);
        let seen = |a: f32| f * a / (d * d - a * a).max(1e-6).sqrt();
        let radii = Vec2::new(seen(self.semi_axes_mm[col]), seen(self.semi_axes_mm[row]));
        (self.centre_px, radii)
    }

    /// The head refitted to another outline (dragged by hand), at the same scale and lens.
    pub fn refit(&self, outline_px: (Vec2, Vec2)) -> Option<Self> {
        self.refit_as(self.view, self.focal_mm_35, outline_px)
    }

    /// The head refitted to `outline_px` seen from `view` through a `focal_mm_35` lens, at the
    /// same scale (the view or the lens changed, or the outline was dragged).
    pub fn refit_as(
        &self,
        view: HeadView,
        focal_mm_35: f32,
        outline_px: (Vec2, Vec2),
    ) -> Option<Self> {
        let (size, scale) = (self.image_size_px, self.px_per_mm());
        HeadModel::fit(view, focal_mm_35, size, outline_px, scale)
    }

    /// The length on the scalp under the photo's straight line from `a_px` to `b_px`, mm
    /// (the surface curve summed in short chords); `None` if part of it is off the head.
    pub fn scalp_length_mm(&self, a_px: Vec2, b_px: Vec2) -> Option<f32> {
        const STEPS: usize = 48;
        let points: Option<Vec<Vec3>> = (0..=STEPS)
            .map(|i| self.hit(a_px.lerp(b_px, i as f32 / STEPS as f32)))
            .map(|h| h.map(|h| h.point_mm))
            .collect();
        let points = points?;
        Some(points.windows(2).map(|w| w[0].distance(w[1])).sum())
    }

    /// How a circle of `radius_mm` on the scalp at `p` is seen: its radius across the tilt,
    /// px, the direction the scalp turns away in, and the cosine it is squashed by along it.
    pub fn footprint_px(&self, p: Vec2, radius_mm: f32) -> Option<(f32, Vec2, f32)> {
        let hit = self.hit(p)?;
        let (dir, squash) = self.tilt(&hit);
        // mm²/px² = (mm/px across) × (mm/px along) and along = across / squash.
        let mm_per_px_across = (hit.mm2_per_px2 * squash.max(1e-3)).sqrt();
        Some((radius_mm / mm_per_px_across, dir, squash))
    }

    /// The head's centre in the camera's frame, mm.
    fn centre_camera(&self) -> Vec3 {
        self.ray(self.centre_px) * self.distance_mm
    }

    /// The unit ray from the camera through photo pixel `p`, in the camera's frame.
    fn ray(&self, p: Vec2) -> Vec3 {
        let c = 0.5 * self.image_size_px;
        Vec3::new(p.x - c.x, p.y - c.y, self.focal_px()).normalize()
    }

    /// A head-frame direction in the camera's frame.
    fn camera_from_head(&self, v: Vec3) -> Vec3 {
        let [right, down, forward] = self.view.camera_axes();
        Vec3::new(v.dot(right), v.dot(down), v.dot(forward))
    }

    /// A camera-frame direction in the head's frame.
    fn head_from_camera(&self, v: Vec3) -> Vec3 {
        let [right, down, forward] = self.view.camera_axes();
        right * v.x + down * v.y + forward * v.z
    }

    /// What photo pixel `p` sees of the head, if it sees the head.
    pub fn hit(&self, p: Vec2) -> Option<SurfaceHit> {
        let a = Vec3::from_array(self.semi_axes_mm);
        let d = self.head_from_camera(self.ray(p));
        let o = self.head_from_camera(-self.centre_camera()); // the camera, from the head's centre
        // |(o + t d) / a|² = 1
        let (os, ds) = (o / a, d / a);
        let (qa, qb, qc) = (ds.dot(ds), 2.0 * os.dot(ds), os.dot(os) - 1.0);
        let disc = qb * qb - 4.0 * qa * qc;
        if disc < 0.0 || qa <= 0.0 {
            return None;
        }
        let t = (-qb - disc.sqrt()) / (2.0 * qa);
        if t <= 0.0 {
            return None;
        }
        let point_mm = o + d * t;
        let normal = (point_mm / (a * a)).normalize();
        let facing = (-d).dot(normal);
        let cos_axis = self.ray(p).z;
        let f = self.focal_px();
        let mm2_per_px2 = t * t * cos_axis.powi(3) / (f * f * facing.max(1e-3));
        Some(SurfaceHit {
            point_mm,
            normal,
            mm2_per_px2,
            facing,
        })
    }

    /// How a round spot on the scalp is seen where `hit` meets it: the photo direction in
    /// which the scalp turns away there (its normal, projected) and the cosine it is squashed
    /// by along it.
    pub fn tilt(&self, hit: &SurfaceHit) -> (Vec2, f32) {
        let n = self.camera_from_head(hit.normal);
        let dir = Vec2::new(n.x, n.y).try_normalize().unwrap_or(Vec2::X);
        (dir, hit.facing.clamp(0.0, 1.0))
    }

    /// The camera's position in the head's frame, mm.
    pub fn camera_position_mm(&self) -> Vec3 {
        self.head_from_camera(-self.centre_camera())
    }

    /// Cosine of the angle between the outward normal at the surface point `point_mm` and the
    /// direction to the camera: above 0 where the camera sees the point, below 0 where the
    /// head faces away from it.
    pub fn facing_mm(&self, point_mm: Vec3) -> f32 {
        let a = Vec3::from_array(self.semi_axes_mm);
        let normal = (point_mm / (a * a)).normalize_or_zero();
        (self.camera_position_mm() - point_mm)
            .normalize_or_zero()
            .dot(normal)
    }

    /// Whether photo pixel `px` lies within the photo's frame.
    pub fn in_frame(&self, px: Vec2) -> bool {
        px.cmpge(Vec2::ZERO).all() && px.cmple(self.image_size_px).all()
    }

    /// Where a head-frame point is seen in the photo, px (if in front of the camera).
    pub fn project(&self, point_mm: Vec3) -> Option<Vec2> {
        let v = self.centre_camera() + self.camera_from_head(point_mm);
        (v.z > 0.0).then(|| {
            let f = self.focal_px();
            0.5 * self.image_size_px + Vec2::new(v.x, v.y) * f / v.z
        })
    }

    /// Scalp mm² per projected mm² at pixel `p` for a photo of `px_per_mm` (1 facing the
    /// camera at the calibrated distance, more where the head turns away); 0 off the head.
    pub fn surface_factor(&self, p: Vec2, px_per_mm: f32) -> f32 {
        self.hit(p)
            .map_or(0.0, |h| h.mm2_per_px2 * px_per_mm * px_per_mm)
    }

    /// Points of the ellipsoid's meridians and parallels, projected, for a wireframe over
    /// the photo (only the parts facing the camera).
    pub fn wireframe(&self, lines: usize, points_per_line: usize) -> Vec<Vec<Vec2>> {
        let a = Vec3::from_array(self.semi_axes_mm);
        let camera = self.head_from_camera(-self.centre_camera());
        let visible = |p: Vec3| {
            let n = (p / (a * a)).normalize();
            (camera - p).dot(n) > 0.0
        };
        let mut out = Vec::new();
        let point = |lat: f32, lon: f32| {
            Vec3::new(lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()) * a
        };
        for k in 0..lines {
            let lat = std::f32::consts::PI * ((k as f32 + 0.5) / lines as f32 - 0.5);
            let lon_line = std::f32::consts::TAU * k as f32 / lines as f32;
            for curve in [0, 1] {
                let mut segment = Vec::new();
                for i in 0..=points_per_line {
                    let s = i as f32 / points_per_line as f32;
                    let p = match curve {
                        0 => point(lat, std::f32::consts::TAU * s),
                        _ => point(std::f32::consts::PI * (s - 0.5), lon_line),
                    };
                    match (visible(p), self.project(p)) {
                        (true, Some(px)) => segment.push(px),
                        _ if segment.len() > 1 => out.push(std::mem::take(&mut segment)),
                        _ => segment.clear(),
                    }
                }
                if segment.len() > 1 {
                    out.push(segment);
                }
            }
        }
        out
    }
}
