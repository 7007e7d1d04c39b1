//! Painted masks: a zone drawn with a brush is a grid of weights (0 outside … 1 inside, soft
//! at a brush's feathered edge) over the photo. Pure: painting, erasing, filling from an
//! outline, reading a weight, and a compact run-length form for plan files.

use std::sync::Arc;

use glam::Vec2;
use serde::{Deserialize, Serialize};

/// Most cells along a mask's longer side (about 0.3–0.5 mm per cell on a phone photo of a
/// head: finer than any brush an artist would use).
pub const MAX_CELLS_PER_SIDE: u32 = 512;

/// A grid of weights covering the photo: cell (i, j) spans photo pixels
/// `[i·cell_px, (i+1)·cell_px) × [j·cell_px, (j+1)·cell_px)`. The weights are shared between
/// copies (a plan's undo steps, the sampler's geometry, caches) and copied only when a copy is
/// painted: an undo step costs the masks it changed, not all of them.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(try_from = "MaskFile", into = "MaskFile")]
pub struct PaintMask {
    cell_px: f32,
    width: u32,
    height: u32,
    /// Row-major, 0 = not in the zone, 255 = fully in it.
    weights: Arc<Vec<u8>>,
}

impl PartialEq for PaintMask {
    /// Copies that share their weights are equal at once (the plan is compared every frame).
    fn eq(&self, other: &Self) -> bool {
        self.cell_px == other.cell_px
            && self.width == other.width
            && self.height == other.height
            && (Arc::ptr_eq(&self.weights, &other.weights) || self.weights == other.weights)
    }
}

/// How a mask is stored in a plan: its grid and its weights as (value, run length) pairs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct MaskFile {
    cell_px: f32,
    width: u32,
    height: u32,
    /// Flattened pairs: weight, how many cells in a row (row-major) have it.
    runs: Vec<u32>,
}

/// Why a stored mask cannot be used.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum MaskError {
    #[error("mask grid {width}×{height} with cells of {cell_px} px is out of range")]
    BadGrid {
        cell_px: f32,
        width: u32,
        height: u32,
    },
    #[error("mask runs cover {found} cells, the grid has {expected}")]
    WrongLength { found: u64, expected: u64 },
    #[error("mask weight {0} is over 255")]
    BadWeight(u32),
}

impl TryFrom<MaskFile> for PaintMask {
    type Error = MaskError;

    fn try_from(file: MaskFile) -> Result<Self, MaskError> {
        // Cells are never finer than a photo pixel (see `for_photo`), and a grid never covers
        // more than the largest photo: anything else would only multiply the work.
        let extent_px = file.cell_px * file.width.max(file.height) as f32;
        let grid_ok = file.cell_px.is_finite()
            && file.cell_px >= 1.0
            && extent_px <= crate::core::plan::MAX_PHOTO_SIDE_PX as f32 * 2.0
            && (1..=MAX_CELLS_PER_SIDE * 2).contains(&file.width)
            && (1..=MAX_CELLS_PER_SIDE * 2).contains(&file.height);
        if !grid_ok {
            return Err(MaskError::BadGrid {
                cell_px: file.cell_px,
                width: file.width,
                height: file.height,
            });
        }
        let expected = u64::from(file.width) * u64::from(file.height);
        let found: u64 = file.runs.chunks(2).map(|r| u64::from(r[r.len() - 1])).sum();
        if found != expected || !file.runs.len().is_multiple_of(2) {
            return Err(MaskError::WrongLength { found, expected });
        }
        let mut weights = Vec::with_capacity(expected as usize);
        for run in file.runs.chunks_exact(2) {
            let value = u8::try_from(run[0]).map_err(|_| MaskError::BadWeight(run[0]))?;
            weights.extend(std::iter::repeat_n(value, run[1] as usize));
        }
        Ok(PaintMask {
            cell_px: file.cell_px,
            width: file.width,
            height: file.height,
            weights: Arc::new(weights),
        })
    }
}

impl From<PaintMask> for MaskFile {
    fn from(mask: PaintMask) -> Self {
        let mut runs = Vec::new();
        for chunk in mask.weights.chunk_by(|a, b| a == b) {
            runs.extend([u32::from(chunk[0]), chunk.len() as u32]);
        }
        MaskFile {
            cell_px: mask.cell_px,
            width: mask.width,
            height: mask.height,
            runs,
        }
    }
}

impl PaintMask {
    /// An empty mask over a photo of `photo_size_px`, with square cells fine enough for
    /// [`MAX_CELLS_PER_SIDE`] along the longer side (at least one photo pixel each).
    pub fn for_photo(photo_size_px: Vec2) -> Self {
        let longest = photo_size_px.max_element().max(1.0);
        let cell_px = (longest / MAX_CELLS_PER_SIDE as f32).max(1.0);
        let cells =
            |side: f32| ((side.max(1.0) / cell_px).ceil() as u32).clamp(1, MAX_CELLS_PER_SIDE);
        let (width, height) = (cells(photo_size_px.x), cells(photo_size_px.y));
        PaintMask {
            cell_px,
            width,
            height,
            weights: Arc::new(vec![0; (width * height) as usize]),
        }
    }

    pub fn cell_px(&self) -> f32 {
        self.cell_px
    }

    pub fn size_cells(&self) -> (u32, u32) {
        (self.width, self.height)
    }

    /// The weights, row-major, 0–255.
    pub fn weights(&self) -> &[u8] {
        &self.weights
    }

    /// Replaces the weights (row-major); ignored unless there is one per cell.
    pub fn set_weights(&mut self, weights: &[u8]) {
        if weights.len() == self.weights.len() {
            Arc::make_mut(&mut self.weights).copy_from_slice(weights);
        }
    }

    /// Whether nothing is painted.
    pub fn is_empty(&self) -> bool {
        self.weights.iter().all(|&w| w == 0)
    }

    /// The weight (0–1) at a photo point: the cell it falls in; 0 off the grid.
    pub fn weight_at(&self, p_px: Vec2) -> f32 {
        let c = (p_px / self.cell_px).floor();
        if c.x < 0.0 || c.y < 0.0 || c.x >= self.width as f32 || c.y >= self.height as f32 {
            return 0.0;
        }
        let i = c.y as usize * self.width as usize + c.x as usize;
        f32::from(self.weights[i]) / 255.0
    }

    /// The centre of cell (x, y), photo pixels.
    pub fn cell_centre_px(&self, x: u32, y: u32) -> Vec2 {
        (Vec2::new(x as f32, y as f32) + 0.5) * self.cell_px
    }

    /// One brush dab: full strength within `(1 − softness)·radius` of `centre_px`, falling
    /// smoothly to nothing at `radius` (a radius in px, or a [`Footprint`] squashed where the
    /// scalp turns away). Painting raises weights to the dab's, erasing lowers them to its
    /// complement. Returns whether anything changed.
    pub fn dab(
        &mut self,
        centre_px: Vec2,
        footprint: impl Into<Footprint>,
        softness: f32,
        erase: bool,
    ) -> bool {
        let footprint: Footprint = footprint.into();
        let radius = footprint.radius_px.max(0.5 * self.cell_px);
        let core = radius * (1.0 - softness.clamp(0.0, 1.0));
        let lo = ((centre_px - radius) / self.cell_px)
            .floor()
            .max(Vec2::ZERO);
        let hi = ((centre_px + radius) / self.cell_px).ceil();
        let (x1, y1) = (
            (hi.x.max(0.0) as u32).min(self.width),
            (hi.y.max(0.0) as u32).min(self.height),
        );
        let mut changed = false;
        let (width, cell_px) = (self.width, self.cell_px);
        let weights = Arc::make_mut(&mut self.weights);
        for y in lo.y as u32..y1 {
            for x in lo.x as u32..x1 {
                let centre = Vec2::new(x as f32 + 0.5, y as f32 + 0.5) * cell_px;
                let d = footprint.distance_px(centre - centre_px);
                let strength = falloff(d, core, radius);
                if strength <= 0.0 {
                    continue;
                }
                let cell = &mut weights[(y * width + x) as usize];
                let dab = (strength * 255.0).round() as u8;
                let new = if erase {
                    (*cell).min(255 - dab)
                } else {
                    (*cell).max(dab)
                };
                changed |= new != *cell;
                *cell = new;
            }
        }
        changed
    }

    /// Dabs along the segment from `from_px` to `to_px`, spaced a quarter radius apart, so a
    /// fast stroke leaves no gaps.
    /// The brush's footprint comes from `footprint_at` at each dab.
    pub fn stroke(
        &mut self,
        from_px: Vec2,
        to_px: Vec2,
        footprint_at: impl Fn(Vec2) -> Footprint,
        softness: f32,
        erase: bool,
    ) -> bool {
        let smallest = footprint_at(from_px)
            .smallest_px()
            .min(footprint_at(to_px).smallest_px());
        let step = (0.25 * smallest).max(0.5 * self.cell_px);
        let dabs = (from_px.distance(to_px) / step).ceil().max(1.0) as u32;
        let mut changed = false;
        for i in 0..=dabs {
            let p = from_px.lerp(to_px, i as f32 / dabs as f32);
            changed |= self.dab(p, footprint_at(p), softness, erase);
        }
        changed
    }

    /// Sets every cell whose centre lies inside `polygon` to full weight.
    pub fn fill_polygon(&mut self, polygon: &[Vec2]) {
        let (width, height) = (self.width, self.height);
        let centres: Vec<usize> = (0..height)
            .flat_map(|y| (0..width).map(move |x| (x, y)))
            .filter(|&(x, y)| {
                crate::core::geometry::polygon_contains(polygon, self.cell_centre_px(x, y))
            })
            .map(|(x, y)| (y * width + x) as usize)
            .collect();
        let weights = Arc::make_mut(&mut self.weights);
        for i in centres {
            weights[i] = 255;
        }
    }

    /// Sum of weights × cell area inside the cells whose centre `inside` accepts, px².
    pub fn weighted_area_px2(&self, inside: impl Fn(Vec2) -> bool) -> f64 {
        let cell_area = f64::from(self.cell_px * self.cell_px);
        let mut total = 0.0;
        for y in 0..self.height {
            for x in 0..self.width {
                let w = self.weights[(y * self.width + x) as usize];
                if w > 0 && inside(self.cell_centre_px(x, y)) {
                    total += f64::from(w) / 255.0 * cell_area;
                }
            }
        }
        total
    }
}

/// Brush strength at distance `d`: 1 within `core`, smoothstep down to 0 at `radius`.
/// A brush's footprint on the photo: a circle of `radius_px`, squashed by `squash` along
/// `tilt_dir` where the scalp turns away from the camera (a round brush on the scalp).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Footprint {
    pub radius_px: f32,
    pub tilt_dir: Vec2,
    pub squash: f32,
}

impl From<f32> for Footprint {
    /// A round footprint.
    fn from(radius_px: f32) -> Self {
        Footprint {
            radius_px,
            tilt_dir: Vec2::X,
            squash: 1.0,
        }
    }
}

impl Footprint {
    /// How far `offset_px` reaches in the footprint's measure: equal to `radius_px` on its
    /// edge in every direction.
    fn distance_px(&self, offset_px: Vec2) -> f32 {
        let along = offset_px.dot(self.tilt_dir) / self.squash.max(0.05);
        let across = offset_px.perp_dot(self.tilt_dir);
        Vec2::new(along, across).length()
    }

    /// The footprint's smallest radius, px.
    pub fn smallest_px(&self) -> f32 {
        self.radius_px * self.squash.clamp(0.05, 1.0)
    }
}

fn falloff(d: f32, core: f32, radius: f32) -> f32 {
    if d >= radius {
        0.0
    } else if d <= core {
        1.0
    } else {
        let t = (radius - d) / (radius - core);
        t * t * (3.0 - 2.0 * t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mask() -> PaintMask {
        PaintMask::for_photo(Vec2::new(400.0, 300.0))
    }

    #[test]
    fn copies_share_their_weights_until_one_is_painted() {
        let mut a = PaintMask::for_photo(Vec2::new(400.0, 300.0));
        a.dab(Vec2::new(100.0, 100.0), 20.0, 0.0, false);
        let mut b = a.clone();
        assert!(
            Arc::ptr_eq(&a.weights, &b.weights),
            "a copy shares the weights"
        );
        assert_eq!(a, b);
        b.dab(Vec2::new(300.0, 200.0), 20.0, 0.0, false);
        assert!(
            !Arc::ptr_eq(&a.weights, &b.weights),
            "painting the copy copied them"
        );
        assert_eq!(
            a.weight_at(Vec2::new(300.0, 200.0)),
            0.0,
            "the original is unchanged"
        );
        assert!(b.weight_at(Vec2::new(300.0, 200.0)) > 0.9);
        assert_ne!(a, b);
    }

    #[test]
    fn grids_stay_within_the_cell_budget() {
        let big = PaintMask::for_photo(Vec2::new(8000.0, 6000.0));
        assert_eq!(big.size_cells(), (512, 384));
        assert!((big.cell_px() - 15.625).abs() < 1e-4);
        let small = mask();
        assert_eq!((small.cell_px(), small.size_cells()), (1.0, (400, 300)));
    }

    #[test]
    fn a_hard_dab_covers_its_disc_and_a_soft_one_feathers() {
        let mut m = mask();
        assert!(m.dab(Vec2::new(100.0, 100.0), 20.0, 0.0, false));
        assert_eq!(m.weight_at(Vec2::new(100.0, 100.0)), 1.0);
        assert_eq!(m.weight_at(Vec2::new(118.0, 100.0)), 1.0);
        assert_eq!(m.weight_at(Vec2::new(122.0, 100.0)), 0.0);
        // Area of the disc: π r² within a few cells.
        let area = m.weighted_area_px2(|_| true);
        assert!((area - std::f64::consts::PI * 400.0).abs() < 40.0, "{area}");
        let mut soft = mask();
        soft.dab(Vec2::new(100.0, 100.0), 20.0, 1.0, false);
        let mid = soft.weight_at(Vec2::new(110.0, 100.0));
        assert!(mid > 0.3 && mid < 0.7, "{mid}");
        assert!(soft.weight_at(Vec2::new(100.5, 100.5)) > 0.99);
    }

    #[test]
    fn erasing_removes_paint_and_a_stroke_has_no_gaps() {
        let mut m = mask();
        m.stroke(
            Vec2::new(20.0, 150.0),
            Vec2::new(380.0, 150.0),
            |_| 6.0.into(),
            0.0,
            false,
        );
        for x in (20..380).step_by(3) {
            assert_eq!(m.weight_at(Vec2::new(x as f32, 150.0)), 1.0, "gap at {x}");
        }
        m.dab(Vec2::new(200.0, 150.0), 10.0, 0.0, true);
        assert_eq!(m.weight_at(Vec2::new(200.0, 150.0)), 0.0);
        assert_eq!(m.weight_at(Vec2::new(100.0, 150.0)), 1.0);
        assert!(
            !m.dab(Vec2::new(200.0, 150.0), 10.0, 0.0, true),
            "nothing left to erase"
        );
    }

    #[test]
    fn a_filled_polygon_has_its_area() {
        let mut m = mask();
        let square = [
            Vec2::new(50.0, 50.0),
            Vec2::new(150.0, 50.0),
            Vec2::new(150.0, 130.0),
            Vec2::new(50.0, 130.0),
        ];
        m.fill_polygon(&square);
        assert_eq!(m.weighted_area_px2(|_| true), 8000.0);
        assert!(m.weighted_area_px2(|p| p.x < 100.0) == 4000.0);
    }

    #[test]
    fn masks_round_trip_through_json_compactly_and_bad_ones_are_refused() {
        let mut m = PaintMask::for_photo(Vec2::new(1600.0, 1200.0));
        m.dab(Vec2::new(800.0, 600.0), 200.0, 0.5, false);
        let json = serde_json::to_string(&m).unwrap();
        // 196 608 cells; as a plain JSON array ~400 KB. The runs collapse the flat parts; the
        // feathered ring (~8 000 cells of changing weight) costs about 6 bytes a cell.
        assert!(json.len() < 64_000, "{} bytes", json.len());
        let back: PaintMask = serde_json::from_str(&json).unwrap();
        assert_eq!(back, m);
        for bad in [
            r#"{"cell_px":1.0,"width":2,"height":2,"runs":[255,3]}"#,
            r#"{"cell_px":1.0,"width":2,"height":2,"runs":[300,4]}"#,
            r#"{"cell_px":0.0,"width":2,"height":2,"runs":[0,4]}"#,
            r#"{"cell_px":1.0,"width":99999,"height":2,"runs":[0,199998]}"#,
            r#"{"cell_px":1.0,"width":2,"height":2,"runs":[0,4,1]}"#,
            // Finer than a pixel, or covering more than any photo: only more work.
            r#"{"cell_px":1e-6,"width":1,"height":1,"runs":[0,1]}"#,
            r#"{"cell_px":500.0,"width":1000,"height":1,"runs":[0,1000]}"#,
        ] {
            assert!(serde_json::from_str::<PaintMask>(bad).is_err(), "{bad}");
        }
    }
}
