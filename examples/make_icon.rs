//! Draws the app's icon, `assets/icon.png`: a shaved head's crown seen from above, dotted as
//! after SMP. `cargo run --example make_icon` writes it again (the dots are seeded).

#![allow(clippy::unwrap_used, reason = "a one-off asset script")]

use image::{Rgba, RgbaImage};

const SIZE: u32 = 256;
const SUPERSAMPLE: u32 = 4;

fn main() {
    let dots = dots();
    let image = RgbaImage::from_fn(SIZE, SIZE, |x, y| {
        let (mut rgb, mut covered) = ([0.0f32; 3], 0u32);
        for (a, b) in (0..SUPERSAMPLE).flat_map(|a| (0..SUPERSAMPLE).map(move |b| (a, b))) {
            let p = [
                x as f32 + (a as f32 + 0.5) / SUPERSAMPLE as f32,
                y as f32 + (b as f32 + 0.5) / SUPERSAMPLE as f32,
            ];
            if let Some(c) = colour(p, &dots) {
                covered += 1;
                (0..3).for_each(|k| rgb[k] += c[k]);
            }
        }
        let n = (SUPERSAMPLE * SUPERSAMPLE) as f32;
        match covered {
            0 => Rgba([0, 0, 0, 0]),
            c => {
                let c = c as f32;
                Rgba([
                    (rgb[0] / c) as u8,
                    (rgb[1] / c) as u8,
                    (rgb[2] / c) as u8,
                    (255.0 * c / n) as u8,
                ])
            }
        }
    });
    image.save("assets/icon.png").unwrap();
}

/// Dots at least 9.5 px apart over the crown, from a fixed seed.
fn dots() -> Vec<[f32; 2]> {
    let mut state = 0x2545_f491_u32;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        state as f32 / u32::MAX as f32
    };
    let mut dots: Vec<[f32; 2]> = Vec::new();
    for _ in 0..20_000 {
        let (x, y) = (30.0 + 196.0 * next(), 28.0 + 172.0 * next());
        let on_crown = (x - 128.0).powi(2) + (y - 136.0).powi(2) < 100.0f32.powi(2)
            && y < 118.0 + 0.2 * (x - 128.0).abs();
        let free = dots
            .iter()
            .all(|d| (d[0] - x).powi(2) + (d[1] - y).powi(2) > 9.5f32.powi(2));
        if on_crown && free {
            dots.push([x, y]);
        }
    }
    dots
}

fn colour(p: [f32; 2], dots: &[[f32; 2]]) -> Option<[f32; 3]> {
    let r = ((p[0] - 128.0).powi(2) + (p[1] - 136.0).powi(2)).sqrt();
    if r > 108.0 {
        return None;
    }
    if dots
        .iter()
        .any(|d| (d[0] - p[0]).powi(2) + (d[1] - p[1]).powi(2) < 2.8f32.powi(2))
    {
        return Some([70.0, 74.0, 82.0]);
    }
    let light = ((p[0] - 100.0).powi(2) + (p[1] - 100.0).powi(2)).sqrt() / 140.0;
    let shade = 1.0 - 0.18 * light;
    Some([233.0 * shade, 195.0 * shade, 166.0 * shade])
}
