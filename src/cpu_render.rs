//! CPU reference renderer: the same compositing maths as the GPU, at the photo's own
//! resolution (identity view), in plain Rust. Used as the oracle in render tests.

use glam::Vec2;
use image::RgbaImage;

use crate::color::{linear_to_srgb8, srgb8_to_linear_table};
use crate::sampling::Impression;
use crate::scene::{ViewTransform, dot_footprint, dot_transmittance};

/// Composites `impressions` onto `photo` in linear light; pixels with x < `split_x_px` stay "before".
pub fn render_reference(
    photo: &RgbaImage,
    impressions: &[Impression],
    split_x_px: f32,
    pigment: [f32; 3],
) -> RgbaImage {
    let (w, h) = photo.dimensions();
    let mut transmittance = vec![[1.0f32; 3]; (w as usize) * (h as usize)];
    for imp in impressions {
        let fp = dot_footprint(
            &ViewTransform::IDENTITY,
            imp.pos_px,
            imp.diameter_px,
            imp.opacity,
        );
        let lo = (fp.centre_px - fp.half_extent_px).floor().max(Vec2::ZERO);
        let hi = (fp.centre_px + fp.half_extent_px)
            .ceil()
            .min(Vec2::new(w as f32, h as f32));
        for y in lo.y as u32..hi.y as u32 {
            for x in lo.x as u32..hi.x as u32 {
                let centre = Vec2::new(x as f32 + 0.5, y as f32 + 0.5);
                if centre.x < split_x_px {
                    continue;
                }
                let t = dot_transmittance(&fp, (centre - fp.centre_px).length(), pigment);
                let acc = &mut transmittance[(y * w + x) as usize];
                for c in 0..3 {
                    acc[c] *= t[c];
                }
            }
        }
    }
    let to_linear = srgb8_to_linear_table();
    let mut out = photo.clone();
    for (pixel, t) in out.pixels_mut().zip(&transmittance) {
        for c in 0..3 {
            pixel[c] = linear_to_srgb8(to_linear[pixel[c] as usize] * t[c]);
        }
        pixel[3] = 255;
    }
    out
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
        };
        let out = render_reference(&photo, &[dot], f32::NEG_INFINITY, [0.25, 0.25, 0.25]);
        assert!(out.get_pixel(8, 8)[0] < 120);
        assert_eq!(out.get_pixel(1, 1), photo.get_pixel(1, 1));
        let before = render_reference(&photo, &[dot], 100.0, [0.25, 0.25, 0.25]);
        assert_eq!(before, photo);
    }
}
