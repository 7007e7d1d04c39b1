//! CPU drawing on exported pictures: text (ab_glyph with egui's bundled Ubuntu Light), filled
//! rectangles, anti-aliased polylines and scaled image placement. Pure Rust on `RgbaImage`.

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use glam::Vec2;
use image::{Rgba, RgbaImage, imageops};

/// A rectangle in output pixels: left, top, width, height.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Box2 {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl Box2 {
    pub fn new(x: f32, y: f32, w: f32, h: f32) -> Self {
        Box2 { x, y, w, h }
    }

    pub fn right(&self) -> f32 {
        self.x + self.w
    }

    pub fn bottom(&self) -> f32 {
        self.y + self.h
    }
}

/// A line of text set on a picture: where (its top left), how large and in which colour,
/// in the picture's pixels. Recorded instead of drawn for a PDF, which sets it as real text.
#[derive(Clone, Debug, PartialEq)]
pub struct TextRun {
    pub text: String,
    pub x_px: f32,
    pub y_px: f32,
    pub size_px: f32,
    pub colour: [u8; 3],
}

thread_local! {
    /// While [`with_text_recorded`] runs on this thread: the text set so far.
    static RECORDED: std::cell::RefCell<Option<Vec<TextRun>>> = const { std::cell::RefCell::new(None) };
}

/// Runs `draw` with every [`draw_text`] on this thread recorded (and laid out as usual)
/// instead of rasterised: the picture gets the graphics, the runs are the text. Scoped to the
/// call; nested calls keep their own runs.
pub fn with_text_recorded<R>(draw: impl FnOnce() -> R) -> (R, Vec<TextRun>) {
    let outer = RECORDED.with(|r| r.replace(Some(Vec::new())));
    let result = draw();
    let runs = RECORDED.with(|r| r.replace(outer)).unwrap_or_default();
    (result, runs)
}

/// The typeface's file (egui's bundled Ubuntu Light, whose licence allows embedding).
pub fn font_bytes() -> &'static [u8] {
    epaint_default_fonts::UBUNTU_LIGHT
}

/// The typeface of every exported picture (the one egui shows in the window).
pub fn font() -> Option<FontRef<'static>> {
    FontRef::try_from_slice(font_bytes()).ok()
}

/// Width in pixels of `text` set at `size_px`.
pub fn text_width(text: &str, size_px: f32) -> f32 {
    let Some(font) = font() else { return 0.0 };
    let scaled = font.as_scaled(PxScale::from(size_px));
    let mut width = 0.0;
    let mut previous = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(prev) = previous {
            width += scaled.kern(prev, id);
        }
        width += scaled.h_advance(id);
        previous = Some(id);
    }
    width
}

/// Draws `text` with its top-left corner at `(x, y)`; returns the box it occupies.
pub fn draw_text(
    image: &mut RgbaImage,
    text: &str,
    x: f32,
    y: f32,
    size_px: f32,
    colour: [u8; 3],
) -> Box2 {
    let Some(font) = font() else {
        return Box2::new(x, y, 0.0, 0.0);
    };
    let scaled = font.as_scaled(PxScale::from(size_px));
    let recorded = RECORDED.with(|r| {
        let mut r = r.borrow_mut();
        let runs = r.as_mut()?;
        let (text, colour) = (text.to_owned(), colour);
        runs.push(TextRun {
            text,
            x_px: x,
            y_px: y,
            size_px,
            colour,
        });
        Some(())
    });
    if recorded.is_some() {
        return Box2::new(x, y, text_width(text, size_px), scaled.height());
    }
    let baseline = y + scaled.ascent();
    let mut pen = x;
    let mut previous = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(prev) = previous {
            pen += scaled.kern(prev, id);
        }
        let glyph = id.with_scale_and_position(size_px, point(pen, baseline));
        pen += scaled.h_advance(id);
        previous = Some(id);
        let Some(outline) = font.outline_glyph(glyph) else {
            continue;
        };
        let bounds = outline.px_bounds();
        outline.draw(|gx, gy, coverage| {
            let px = bounds.min.x as i64 + i64::from(gx);
            let py = bounds.min.y as i64 + i64::from(gy);
            blend(image, px, py, colour, coverage);
        });
    }
    Box2::new(x, y, pen - x, scaled.height())
}

/// Blends `colour` over the pixel at `(x, y)` with the given coverage (0..1); outside: nothing.
pub fn blend(image: &mut RgbaImage, x: i64, y: i64, colour: [u8; 3], coverage: f32) {
    if x < 0 || y < 0 || x >= i64::from(image.width()) || y >= i64::from(image.height()) {
        return;
    }
    let a = coverage.clamp(0.0, 1.0);
    let pixel = image.get_pixel_mut(x as u32, y as u32);
    for (c, &target) in pixel.0.iter_mut().zip(colour.iter()) {
        *c = (f32::from(*c) * (1.0 - a) + f32::from(target) * a).round() as u8;
    }
    pixel.0[3] = 255;
}

/// Fills a rectangle (pixel-aligned) with an opaque colour.
pub fn fill_rect(image: &mut RgbaImage, rect: Box2, colour: [u8; 3]) {
    let x0 = rect.x.round().max(0.0) as u32;
    let y0 = rect.y.round().max(0.0) as u32;
    let x1 = (rect.right().round().max(0.0) as u32).min(image.width());
    let y1 = (rect.bottom().round().max(0.0) as u32).min(image.height());
    for y in y0..y1 {
        for x in x0..x1 {
            image.put_pixel(x, y, Rgba([colour[0], colour[1], colour[2], 255]));
        }
    }
}

/// Draws a polyline `width_px` wide, anti-aliased by distance to the segments.
pub fn stroke_polyline(
    image: &mut RgbaImage,
    points: &[Vec2],
    closed: bool,
    width_px: f32,
    colour: [u8; 3],
) {
    let n = points.len();
    let segments = if closed && n > 2 {
        n
    } else {
        n.saturating_sub(1)
    };
    let half = 0.5 * width_px;
    for i in 0..segments {
        let (a, b) = (points[i], points[(i + 1) % n]);
        // Clipped to the image: outline points may lie far outside it.
        let size = Vec2::new(image.width() as f32, image.height() as f32);
        let lo = (a.min(b) - half - 1.0).floor().max(Vec2::ZERO);
        let hi = (a.max(b) + half + 1.0).ceil().min(size);
        for y in lo.y as i64..=hi.y as i64 {
            for x in lo.x as i64..=hi.x as i64 {
                let p = Vec2::new(x as f32 + 0.5, y as f32 + 0.5);
                let d = crate::core::geometry::distance_to_segment(a, b, p);
                let coverage = (half + 0.5 - d).clamp(0.0, 1.0);
                if coverage > 0.0 {
                    blend_max(image, x, y, colour, coverage);
                }
            }
        }
    }
}

/// Like [`blend`], but a pixel already covered by the same stroke is not darkened twice where
/// segments overlap: coverage is applied only when it raises the pixel towards `colour`.
fn blend_max(image: &mut RgbaImage, x: i64, y: i64, colour: [u8; 3], coverage: f32) {
    if x < 0 || y < 0 || x >= i64::from(image.width()) || y >= i64::from(image.height()) {
        return;
    }
    let before = *image.get_pixel(x as u32, y as u32);
    blend(image, x, y, colour, coverage);
    let after = image.get_pixel_mut(x as u32, y as u32);
    let distance = |p: &Rgba<u8>| {
        (0..3)
            .map(|i| (i32::from(p.0[i]) - i32::from(colour[i])).abs())
            .sum::<i32>()
    };
    if distance(&before) < distance(after) {
        *after = before;
    }
}

/// Scales `source` to fit inside `slot` (keeping its aspect), centres it there, and returns the
/// scale (output px per source px) and the box it fills.
pub fn place_image(canvas: &mut RgbaImage, source: &RgbaImage, slot: Box2) -> (f32, Box2) {
    let (sw, sh) = (source.width().max(1) as f32, source.height().max(1) as f32);
    let scale = (slot.w / sw).min(slot.h / sh);
    let (w, h) = ((sw * scale).round().max(1.0), (sh * scale).round().max(1.0));
    let x = (slot.x + 0.5 * (slot.w - w)).round();
    let y = (slot.y + 0.5 * (slot.h - h)).round();
    let scaled = if (w as u32, h as u32) == source.dimensions() {
        source.clone()
    } else if scale < 1.0 {
        downscale_linear(source, w as u32, h as u32)
    } else {
        imageops::resize(source, w as u32, h as u32, imageops::FilterType::Triangle)
    };
    imageops::overlay(canvas, &scaled, x as i64, y as i64);
    (scale, Box2::new(x, y, w, h))
}

/// `source` shrunk to `width` × `height` by averaging, in linear light, the source pixels that
/// fall in each output pixel: the mean tone is kept (averaging sRGB bytes instead would show a
/// dotted area lighter than it is, the pigment of the dots partly lost).
pub fn downscale_linear(source: &RgbaImage, width: u32, height: u32) -> RgbaImage {
    let codec = crate::core::color::Srgb8Codec::shared();
    let (sw, sh) = source.dimensions();
    let (w, h) = (width.max(1) as usize, height.max(1) as usize);
    let column: Vec<usize> = (0..sw as usize)
        .map(|x| (x * w / sw.max(1) as usize).min(w - 1))
        .collect();
    let mut out = RgbaImage::new(w as u32, h as u32);
    let mut sums = vec![[0.0f32; 4]; w];
    let mut y = 0usize;
    for oy in 0..h {
        sums.iter_mut().for_each(|s| *s = [0.0; 4]);
        let end = ((oy + 1) * sh as usize).div_ceil(h).min(sh as usize);
        while y < end {
            let row = &source.as_raw()[y * 4 * sw as usize..(y + 1) * 4 * sw as usize];
            for (x, p) in row.chunks_exact(4).enumerate() {
                let s = &mut sums[column[x]];
                (0..3).for_each(|c| s[c] += codec.decode(p[c]));
                s[3] += 1.0;
            }
            y += 1;
        }
        for (ox, s) in sums.iter().enumerate() {
            let n = s[3].max(1.0);
            let [r, g, b] = [0, 1, 2].map(|c| codec.encode(s[c] / n));
            out.put_pixel(ox as u32, oy as u32, Rgba([r, g, b, 255]));
        }
    }
    out
}

/// A blank opaque canvas.
pub fn canvas(width_px: u32, height_px: u32, colour: [u8; 3]) -> RgbaImage {
    RgbaImage::from_pixel(
        width_px,
        height_px,
        Rgba([colour[0], colour[1], colour[2], 255]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dark_pixels(image: &RgbaImage, rect: Box2) -> usize {
        let (x0, y0) = (rect.x.max(0.0) as u32, rect.y.max(0.0) as u32);
        let x1 = (rect.right().ceil() as u32).min(image.width());
        let y1 = (rect.bottom().ceil() as u32).min(image.height());
        (y0..y1)
            .flat_map(|y| (x0..x1).map(move |x| (x, y)))
            .filter(|&(x, y)| image.get_pixel(x, y).0[0] < 128)
            .count()
    }

    #[test]
    fn text_is_drawn_inside_its_box_and_width_matches() {
        let mut image = canvas(400, 60, [255, 255, 255]);
        let drawn = draw_text(&mut image, "Before", 10.0, 10.0, 30.0, [0, 0, 0]);
        assert!((drawn.w - text_width("Before", 30.0)).abs() < 0.5);
        assert!(drawn.w > 60.0 && drawn.w < 150.0, "{drawn:?}");
        let inside = dark_pixels(&image, drawn);
        let everywhere = dark_pixels(&image, Box2::new(0.0, 0.0, 400.0, 60.0));
        assert!(inside > 100, "text left {inside} dark pixels");
        assert_eq!(inside, everywhere, "ink outside the text box");
    }

    #[test]
    fn polyline_covers_its_path_only() {
        let mut image = canvas(50, 50, [255, 255, 255]);
        let line = [Vec2::new(5.0, 25.0), Vec2::new(45.0, 25.0)];
        stroke_polyline(&mut image, &line, false, 3.0, [0, 0, 0]);
        assert_eq!(image.get_pixel(25, 25).0[0], 0);
        assert_eq!(image.get_pixel(25, 10).0[0], 255);
    }

    #[test]
    fn far_away_outline_points_are_clipped_not_walked() {
        // A plan may put points a million pixels away; only the image is visited.
        let mut image = canvas(50, 50, [255, 255, 255]);
        let line = [Vec2::new(5.0, 5.0), Vec2::new(1.0e6, 1.0e6)];
        let started = std::time::Instant::now();
        stroke_polyline(&mut image, &line, false, 2.0, [0, 0, 0]);
        assert!(started.elapsed().as_secs_f32() < 1.0);
        assert_eq!(image.get_pixel(20, 20).0[0], 0);
    }

    #[test]
    fn placed_image_keeps_aspect_and_is_centred() {
        let mut target = canvas(200, 100, [0, 0, 0]);
        let source = canvas(100, 100, [255, 255, 255]);
        let (scale, placed) = place_image(&mut target, &source, Box2::new(0.0, 0.0, 200.0, 100.0));
        assert_eq!(scale, 1.0);
        assert_eq!(placed, Box2::new(50.0, 0.0, 100.0, 100.0));
        assert_eq!(target.get_pixel(10, 50).0[0], 0);
        assert_eq!(target.get_pixel(100, 50).0[0], 255);
    }
}
