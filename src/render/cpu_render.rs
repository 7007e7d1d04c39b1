//! CPU reference renderer: the same compositing maths as the GPU in plain Rust. The oracle of
//! the render tests, and the window's frame on software GPUs (where rasterising 100k tiny
//! quads costs far more than computing their footprints here). Each pixel sums the share of
//! the light the dots take from it (`optics` step 5), then shows the photo × (1 − that sum).

use glam::{UVec2, Vec2};
use image::RgbaImage;

use crate::core::buckets::Buckets;
use crate::core::color::Srgb8Codec;
use crate::core::optics::{DotOptics, MIN_EDGE_PX};
use crate::core::sampling::Impression;
use crate::render::scene::{ViewTransform, dot_darkening, dot_footprint, largest_reach_image_px};

/// Composites `impressions` onto `photo` in linear light; pixels with x < `split_x_px` stay "before".
pub fn render_reference(
    photo: &RgbaImage,
    impressions: &[Impression],
    split_x_px: f32,
    optics: DotOptics,
) -> RgbaImage {
    let view = ViewTransform::IDENTITY;
    composite_onto(photo, &view, impressions, split_x_px, optics)
}

/// The "after" of `photo` at most `max_side_px` on its long side (the view shown beside the
/// preview): the photo scaled down (a triangle filter, in sRGB), the impressions composited
/// on through the fitting view as the window's frame is, so their tone at this size is the
/// tone of the full-size picture seen from further away.
pub fn render_fitted(
    photo: &RgbaImage,
    impressions: &[Impression],
    optics: DotOptics,
    max_side_px: u32,
) -> RgbaImage {
    let (w, h) = photo.dimensions();
    let scale = (max_side_px as f32 / w.max(h).max(1) as f32).min(1.0);
    let size = UVec2::new(
        ((w as f32 * scale).round() as u32).max(1),
        ((h as f32 * scale).round() as u32).max(1),
    );
    let small = image::imageops::resize(photo, size.x, size.y, image::imageops::Triangle);
    let view = ViewTransform {
        scale: size.x as f32 / w.max(1) as f32,
        offset_px: Vec2::ZERO,
    };
    composite_onto(&small, &view, impressions, f32::NEG_INFINITY, optics)
}

/// `impressions` seen through `view` composited onto `layer` (the photo as the view shows it,
/// at the target's size), as a new image.
fn composite_onto(
    layer: &RgbaImage,
    view: &ViewTransform,
    impressions: &[Impression],
    split_x_px: f32,
    optics: DotOptics,
) -> RgbaImage {
    let (w, h) = layer.dimensions();
    let (mut scratch, mut out) = (Vec::new(), Vec::new());
    let size = UVec2::new(w, h);
    let bytes = layer.as_raw();
    composite_view(
        view,
        size,
        impressions,
        split_x_px,
        optics,
        bytes,
        &mut scratch,
        &mut out,
    );
    RgbaImage::from_raw(w, h, out).unwrap_or_else(|| layer.clone())
}

/// The window's frame on software GPUs: `photo_srgb` (the view's photo layer, RGBA sRGB bytes
/// at `size`, as the GPU's photo pass drew it) with the impressions seen through `view`
/// composited on, into `out` as RGBA sRGB bytes ready to show: each pixel keeps the sum of the
/// dots' darkening, as the GPU's additive pass computes it, at a fraction of the cost of
/// rasterising 100k quads in software. Dots outside the target are skipped, so the cost
/// follows what is visible. The top and bottom halves of the rows are filled, splatted and
/// composited in parallel, each from the dots that can reach it. `scratch` (the per-pixel
/// darkening) is reused between frames.
#[allow(
    clippy::too_many_arguments,
    reason = "the view, the frame and its buffers, as the GPU path has them"
)]
pub fn composite_view(
    view: &ViewTransform,
    size: UVec2,
    impressions: &[Impression],
    split_x_px: f32,
    optics: DotOptics,
    photo_srgb: &[u8],
    scratch: &mut Vec<[f32; 3]>,
    out: &mut Vec<u8>,
) {
    let w = size.x as usize;
    let pixels = w * size.y as usize;
    scratch.resize(pixels, [0.0; 3]);
    out.resize(pixels * 4, 255);
    if photo_srgb.len() < out.len() {
        // Pixels the photo does not reach show black, not an earlier frame.
        out.fill(0);
    }
    let bands = RowBands::of(view, size, impressions, &optics);
    let mid = size.y as usize / 2;
    let (top, bottom) = scratch.split_at_mut(mid * w);
    let (top_bytes, bottom_bytes) = out.split_at_mut(mid * w * 4);
    let half = |rows: &mut [[f32; 3]], bytes: &mut [u8], first_row: usize| {
        rows.fill([0.0; 3]);
        let scene = Splat {
            view,
            width: w,
            first_row,
            split_x_px,
            optics,
        };
        let last_row = first_row + rows.len() / w.max(1);
        for imp in bands.reaching(first_row, last_row) {
            scene.dot::<false>(rows, imp);
        }
        let photo = photo_srgb.get(first_row * w * 4..).unwrap_or_default();
        composite_rows(rows, photo, bytes);
    };
    std::thread::scope(|s| {
        s.spawn(|| half(top, top_bytes, 0));
        half(bottom, bottom_bytes, mid);
    });
}

/// `out` = `photo` (sRGB bytes) × (1 − `darkening`) in linear light (never below 0),
/// re-encoded; untouched pixels are copied. Stops at the shortest of the three.
pub(crate) fn composite_rows(darkening: &[[f32; 3]], photo: &[u8], out: &mut [u8]) {
    let codec = Srgb8Codec::shared();
    let pixels = out.chunks_exact_mut(4).zip(photo.chunks_exact(4));
    for ((dst, src), d) in pixels.zip(darkening) {
        if *d == [0.0; 3] {
            dst[..3].copy_from_slice(&src[..3]);
        } else {
            for c in 0..3 {
                dst[c] = codec.encode(codec.decode(src[c]) * (1.0 - d[c]).max(0.0));
            }
        }
        dst[3] = 255;
    }
}

/// Accumulates dots into a block of whole target rows starting at `first_row`.
pub(crate) struct Splat<'a> {
    pub view: &'a ViewTransform,
    pub width: usize,
    pub first_row: usize,
    pub split_x_px: f32,
    pub optics: DotOptics,
}

/// Target pixels `x0..x1` × `y0..y1`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct PixelRect {
    pub x0: usize,
    pub x1: usize,
    pub y0: usize,
    pub y1: usize,
}

impl Splat<'_> {
    /// Adds one dot's darkening (`scene::dot_darkening`, the mirror of `fs_dot`) into the rows
    /// it reaches, or with `REMOVE` takes it out again; returns the pixels visited.
    pub fn dot<const REMOVE: bool>(&self, rows: &mut [[f32; 3]], imp: &Impression) -> PixelRect {
        let fp = dot_footprint(self.view, imp, &self.optics);
        let row_count = rows.len() / self.width.max(1);
        let lo = (fp.centre_px - fp.half_extent_px).floor().max(Vec2::ZERO);
        let hi = (fp.centre_px + fp.half_extent_px).ceil().max(Vec2::ZERO);
        let (y0, y1) = (
            (lo.y as usize).max(self.first_row),
            (hi.y as usize).min(self.first_row + row_count),
        );
        let (x0, x1) = (lo.x as usize, (hi.x as usize).min(self.width));
        for y in y0..y1 {
            let dy = y as f32 + 0.5 - fp.centre_px.y;
            let row = &mut rows[(y - self.first_row) * self.width..][..self.width];
            for (x, acc) in row.iter_mut().enumerate().take(x1).skip(x0) {
                let cx = x as f32 + 0.5;
                if cx < self.split_x_px {
                    continue;
                }
                let d = dot_darkening(&fp, cx - fp.centre_px.x, dy);
                for c in 0..3 {
                    if REMOVE {
                        acc[c] -= d[c];
                    } else {
                        acc[c] += d[c];
                    }
                }
            }
        }
        PixelRect { x0, x1, y0, y1 }
    }
}

/// Rows per band when ordering dots for [`composite_view`].
const BAND_ROWS: f32 = 8.0;

/// The impressions whose centres fall near the target, ordered by band of target rows.
/// Impressions come in rank order, scattered over the photo; visiting them band by band keeps
/// the accumulation buffer in cache (several times faster for 100k dots).
struct RowBands {
    /// Copies of the dots, grouped by band, so that the splatting reads them in order.
    bands: Buckets<Impression>,
    /// How far a dot can reach beyond its centre on the target, plus a pixel.
    margin_px: f32,
}

impl RowBands {
    fn of(
        view: &ViewTransform,
        size: UVec2,
        impressions: &[Impression],
        optics: &DotOptics,
    ) -> Self {
        let reach = largest_reach_image_px(impressions, optics);
        let margin_px = reach * view.scale + MIN_EDGE_PX + 1.0;
        let bands = (size.y as f32 / BAND_ROWS).ceil() as usize + 1;
        let band_of = |imp: &Impression| {
            let p = view.target_from_image(imp.pos_px);
            let inside = p.x > -margin_px
                && p.y > -margin_px
                && p.x < size.x as f32 + margin_px
                && p.y < size.y as f32 + margin_px;
            inside.then(|| ((p.y.max(0.0) / BAND_ROWS) as usize).min(bands - 1))
        };
        let keyed = impressions
            .iter()
            .filter_map(|imp| band_of(imp).map(|b| (b, *imp)))
            .collect();
        RowBands {
            bands: Buckets::sort(keyed, bands),
            margin_px,
        }
    }

    /// The dots whose centres lie close enough to reach target rows `first..last`.
    fn reaching(&self, first: usize, last: usize) -> &[Impression] {
        let bands = self.bands.starts.len() - 1;
        let band = |y: f32| ((y.max(0.0) / BAND_ROWS) as usize).min(bands);
        let lo = band(first as f32 - self.margin_px);
        let hi = (band(last as f32 + self.margin_px) + 1).min(bands);
        self.bands.range(lo, hi)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dot_darkens_only_its_neighbourhood() {
        let photo = RgbaImage::from_pixel(16, 16, image::Rgba([200, 180, 160, 255]));
        let dot = Impression {
            pos_px: Vec2::new(8.0, 8.0),
            diameter_px: 4.0,
            opacity: 1.0,
            session: 1,
            pigment_strength: 1.0,
            tilt_dir: glam::Vec2::X,
            squash: 1.0,
        };
        let optics = DotOptics::sharp([0.25; 3]);
        let out = render_reference(&photo, &[dot], f32::NEG_INFINITY, optics);
        assert!(out.get_pixel(8, 8)[0] < 120);
        assert_eq!(out.get_pixel(1, 1), photo.get_pixel(1, 1));
        let before = render_reference(&photo, &[dot], 100.0, optics);
        assert_eq!(before, photo);
    }

    /// Mean linear red over an image.
    fn mean_linear(image: &RgbaImage) -> f64 {
        let codec = Srgb8Codec::new();
        let sum: f64 = image.pixels().map(|p| f64::from(codec.decode(p[0]))).sum();
        sum / f64::from(image.width() * image.height())
    }

    #[test]
    fn a_fitted_after_keeps_the_tone_of_the_full_size_one() {
        use rand::{RngExt, SeedableRng};
        let photo = RgbaImage::from_pixel(800, 600, image::Rgba([190, 160, 140, 255]));
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let dots: Vec<Impression> = (0..6000)
            .map(|_| Impression {
                pos_px: Vec2::new(rng.random_range(0.0..800.0), rng.random_range(0.0..600.0)),
                diameter_px: 3.0,
                opacity: 1.0,
                session: 1,
                pigment_strength: 1.0,
                tilt_dir: Vec2::X,
                squash: 1.0,
            })
            .collect();
        let optics = DotOptics::sharp([0.3; 3]);
        let full = render_reference(&photo, &dots, f32::NEG_INFINITY, optics);
        let darkening = |img: &RgbaImage| 1.0 - mean_linear(img) / mean_linear(&photo);
        let want = darkening(&full);
        assert!(want > 0.05, "the dots darken the photo: {want}");
        for side in [400, 200, 100] {
            let small = render_fitted(&photo, &dots, optics, side);
            assert_eq!(small.width(), side);
            let got = darkening(&small);
            assert!(
                (got / want - 1.0).abs() < 0.02,
                "at {side} px the after is {got:.4} darker, full size {want:.4}"
            );
        }
    }
}
