//! The patient's existing hair: where it covers the scalp, impressions are hidden beneath it
//! (they are still placed and counted: SMP under thinning hair reduces the contrast between
//! hair and scalp). A first mask is suggested from the photo, where it is clearly darker than
//! the patient's skin, and then edited with the brush.

use glam::Vec2;
use image::RgbaImage;

use crate::core::color::{luminance, srgb8_to_linear_table};
use crate::core::mask::PaintMask;

/// Cells darker than this share of the skin's luminance start to count as hair…
const HAIR_START: f32 = 0.7;
/// …and cells this dark or darker are fully hair.
const HAIR_FULL: f32 = 0.45;
/// Which luminance percentile of the area stands for the skin: hair is the darker minority
/// in a treatment area, so an upper percentile ignores it.
const SKIN_PERCENTILE: f32 = 0.75;

/// A hair mask suggested from `photo`: cells clearly darker than the skin of the treatment
/// `area` are hair (fully below 45 % of the skin's luminance, partly up to 70 %).
pub fn suggest_hair_mask(photo: &RgbaImage, area: &[Vec2]) -> PaintMask {
    let size = Vec2::new(photo.width() as f32, photo.height() as f32);
    let mut mask = PaintMask::for_photo(size);
    let lum = cell_luminance(photo, &mask);
    let (w, h) = mask.size_cells();
    let in_area: Vec<f32> = (0..h)
        .flat_map(|y| (0..w).map(move |x| (x, y)))
        .filter(|&(x, y)| crate::core::geometry::polygon_contains(area, mask.cell_centre_px(x, y)))
        .map(|(x, y)| lum[(y * w + x) as usize])
        .collect();
    let Some(skin) = percentile(in_area, SKIN_PERCENTILE).filter(|s| *s > 0.0) else {
        return mask;
    };
    // Only inside the treatment area: hair elsewhere hides nothing, and shadows beyond the
    // scalp (eye sockets, neck) would only clutter the overlay.
    let weights: Vec<u8> = (lum.iter().enumerate())
        .map(|(i, &l)| {
            let (x, y) = (i as u32 % w, i as u32 / w);
            if !crate::core::geometry::polygon_contains(area, mask.cell_centre_px(x, y)) {
                return 0;
            }
            let t = ((HAIR_START * skin - l) / ((HAIR_START - HAIR_FULL) * skin)).clamp(0.0, 1.0);
            (t * t * (3.0 - 2.0 * t) * 255.0).round() as u8
        })
        .collect();
    mask.set_weights(&weights);
    mask
}

/// Mean linear luminance of the photo over each mask cell (up to 4 × 4 samples a cell).
fn cell_luminance(photo: &RgbaImage, mask: &PaintMask) -> Vec<f32> {
    let to_linear = srgb8_to_linear_table();
    let (w, h) = mask.size_cells();
    let cell = mask.cell_px();
    let samples = (cell.ceil() as u32).clamp(1, 4);
    let (pw, ph) = photo.dimensions();
    let mut out = Vec::with_capacity((w * h) as usize);
    for y in 0..h {
        for x in 0..w {
            let (mut sum, mut n) = (0.0, 0u32);
            for j in 0..samples {
                for i in 0..samples {
                    let offset = (Vec2::new(i as f32, j as f32) + 0.5) / samples as f32;
                    let p = (Vec2::new(x as f32, y as f32) + offset) * cell;
                    let (px, py) = (p.x as u32, p.y as u32);
                    if px < pw && py < ph {
                        let c = photo.get_pixel(px, py);
                        sum += luminance([0, 1, 2].map(|k| to_linear[c[k] as usize]));
                        n += 1;
                    }
                }
            }
            out.push(if n > 0 { sum / n as f32 } else { 0.0 });
        }
    }
    out
}

fn percentile(mut values: Vec<f32>, q: f32) -> Option<f32> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f32::total_cmp);
    let i = ((values.len() - 1) as f32 * q).round() as usize;
    values.get(i).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(lo: f32, hi: f32) -> Vec<Vec2> {
        vec![
            Vec2::new(lo, lo),
            Vec2::new(hi, lo),
            Vec2::new(hi, hi),
            Vec2::new(lo, hi),
        ]
    }

    #[test]
    fn dark_hair_on_skin_is_suggested_and_bare_skin_is_not() {
        // Skin everywhere; a patch of dense dark strands (every other column) at top left.
        let photo = RgbaImage::from_fn(200, 200, |x, y| {
            let hair = x < 80 && y < 80 && x % 2 == 0;
            if hair {
                image::Rgba([40, 30, 25, 255])
            } else {
                image::Rgba([205, 165, 145, 255])
            }
        });
        let mask = suggest_hair_mask(&photo, &square(0.0, 200.0));
        assert!(mask.weight_at(Vec2::new(40.0, 40.0)) > 0.9, "hair");
        assert_eq!(mask.weight_at(Vec2::new(150.0, 150.0)), 0.0, "skin");
        assert_eq!(mask.weight_at(Vec2::new(40.0, 150.0)), 0.0, "skin");
        let bare = RgbaImage::from_pixel(100, 100, image::Rgba([205, 165, 145, 255]));
        assert!(suggest_hair_mask(&bare, &square(0.0, 100.0)).is_empty());
        // Outside the treatment area nothing is marked.
        let left_half = suggest_hair_mask(&photo, &square(100.0, 200.0));
        assert_eq!(left_half.weight_at(Vec2::new(40.0, 40.0)), 0.0);
    }

    #[test]
    fn dark_skin_is_not_mistaken_for_hair() {
        // A dark skin tone with darker hair: judged against the patient's own skin.
        let photo = RgbaImage::from_fn(100, 100, |x, _| {
            if x < 30 {
                image::Rgba([20, 14, 12, 255])
            } else {
                image::Rgba([95, 65, 50, 255])
            }
        });
        let mask = suggest_hair_mask(&photo, &square(0.0, 100.0));
        assert!(mask.weight_at(Vec2::new(10.0, 50.0)) > 0.9);
        assert_eq!(mask.weight_at(Vec2::new(70.0, 50.0)), 0.0);
    }
}
