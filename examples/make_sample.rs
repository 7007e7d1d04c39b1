//! Generates the bundled assets: the ranked blue-noise tile cache `assets/ranked_tile.bin`, and
//! the sample photo `assets/sample_scalp.jpg`: a procedurally shaded, shaved,
//! thinning scalp (front view from above) with skin tone, shine, pores, a stubble fringe and
//! brows. Deterministic; run with `cargo run --release --example make_sample`.

use glam::{Vec2, Vec3};
use image::{Rgb, RgbImage};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use smp_preview::core::color::linear_to_srgb8;
use smp_preview::core::noise::{fbm, lattice_hash, value_noise};

const WIDTH: u32 = 1600;
const HEIGHT: u32 = 1200;
const CENTRE: Vec2 = Vec2::new(800.0, 700.0);
const SEMI_AXES: Vec2 = Vec2::new(600.0, 620.0);

fn hash(x: i32, y: i32, seed: u32) -> f32 {
    lattice_hash(x, y, seed)
}

/// Head coordinates: u across, v down, both −1..1 over the skull's outline.
fn head_uv(p: Vec2) -> Vec2 {
    (p - CENTRE) / SEMI_AXES
}

/// Coverage of the head (anti-aliased outline): an ellipse on top, straight sides below.
fn head_coverage(uv: Vec2) -> f32 {
    let r = Vec2::new(uv.x, uv.y.min(0.0)).length();
    ((1.0 - r) * SEMI_AXES.x + 0.5).clamp(0.0, 1.0)
}

fn normal(uv: Vec2) -> Vec3 {
    // The forehead (v > 0) is flatter than the crown.
    let v = if uv.y > 0.0 { uv.y * 0.35 } else { uv.y };
    let z = (1.0 - uv.x * uv.x - v * v).max(0.0).sqrt();
    Vec3::new(uv.x, v, z).normalize_or(Vec3::Z)
}

fn skin_albedo(p: Vec2, uv: Vec2) -> Vec3 {
    let base = Vec3::new(0.60, 0.39, 0.29);
    let blotch = fbm(p, 140.0, 1) - 0.5;
    let redness = (fbm(p, 60.0, 9) - 0.5) * 0.08 + (uv.y.max(0.0) * 0.05);
    let grain = (hash(p.x as i32, p.y as i32, 3) - 0.5) * 0.05;
    let pore = if hash(p.x as i32 / 2, p.y as i32 / 2, 5) > 0.985 {
        0.93
    } else {
        1.0
    };
    base * (1.0 + blotch * 0.14 + grain) * pore * Vec3::new(1.0 + redness, 1.0, 1.0 - redness * 0.5)
}

fn shade(uv: Vec2, albedo: Vec3) -> Vec3 {
    let n = normal(uv);
    let light = Vec3::new(-0.35, -0.55, 0.75).normalize();
    let half = (light + Vec3::Z).normalize();
    let diffuse = n.dot(light).max(0.0);
    let ambient = 0.22 + 0.12 * n.z;
    let specular = 0.20 * n.dot(half).max(0.0).powf(38.0);
    albedo * (ambient + 0.85 * diffuse) + Vec3::splat(specular)
}

/// How much short hair remains: a fringe at the sides (a thinning top), 0..1.
fn fringe(uv: Vec2, p: Vec2) -> f32 {
    let edge = 0.80 + 0.12 * (-uv.y).max(0.0) + 0.05 * (fbm(p, 45.0, 17) - 0.5);
    let side = ((uv.x.abs() - edge) / 0.10).clamp(0.0, 1.0);
    let low = ((uv.y + 0.45) / 0.45).clamp(0.0, 1.0) * ((1.05 - uv.y) / 0.3).clamp(0.0, 1.0);
    let ragged = fbm(p, 30.0, 21) * 0.6 + 0.4;
    (side * low * ragged * 1.6).min(1.0)
}

/// Brows near the bottom edge: darkening 0..1.
fn brow(p: Vec2) -> f32 {
    [Vec2::new(590.0, 1150.0), Vec2::new(1010.0, 1150.0)]
        .iter()
        .map(|c| {
            let d = p - *c;
            let arch =
                d.y - 0.0011 * d.x * d.x + 0.05 * d.x * c.x.signum() * (c.x - 800.0).signum();
            let thickness = 15.0 * (1.0 - (d.x / 190.0).powi(2)).max(0.2);
            let e = (d.x / 170.0).powi(2) + (arch / thickness).powi(2);
            ((1.0 - e) * 3.0).clamp(0.0, 1.0)
                * (0.45 + 0.55 * value_noise(p * Vec2::new(1.0, 0.25), 3.0, 31))
        })
        .fold(0.0, f32::max)
}

fn background(p: Vec2) -> Vec3 {
    let t = p.y / HEIGHT as f32;
    let vignette = 1.0 - 0.35 * ((p - Vec2::new(800.0, 600.0)).length() / 1000.0).powi(2);
    Vec3::new(0.040, 0.046, 0.055).lerp(Vec3::new(0.018, 0.020, 0.026), t) * vignette
}

fn stubble_dots(rng: &mut ChaCha8Rng, linear: &mut [Vec3]) {
    for _ in 0..180_000 {
        let p = Vec2::new(
            rng.random::<f32>() * WIDTH as f32,
            rng.random::<f32>() * HEIGHT as f32,
        );
        let uv = head_uv(p);
        if head_coverage(uv) < 1.0 || rng.random::<f32>() > fringe(uv, p) {
            continue;
        }
        let darkness = 0.35 + 0.25 * rng.random::<f32>();
        let radius = 0.8 + 0.7 * rng.random::<f32>();
        for y in (p.y - 2.0) as u32..=(p.y + 2.0) as u32 {
            for x in (p.x - 2.0) as u32..=(p.x + 2.0) as u32 {
                if x >= WIDTH || y >= HEIGHT {
                    continue;
                }
                let d = (Vec2::new(x as f32 + 0.5, y as f32 + 0.5) - p).length();
                let cover = (radius + 0.5 - d).clamp(0.0, 1.0);
                let px = &mut linear[(y * WIDTH + x) as usize];
                *px *= 1.0 - cover * (1.0 - darkness);
            }
        }
    }
}

fn main() -> anyhow::Result<()> {
    let mut linear = vec![Vec3::ZERO; (WIDTH * HEIGHT) as usize];
    for y in 0..HEIGHT {
        for x in 0..WIDTH {
            let p = Vec2::new(x as f32 + 0.5, y as f32 + 0.5);
            let uv = head_uv(p);
            let cover = head_coverage(uv);
            let mut skin = shade(uv, skin_albedo(p, uv));
            skin *= 1.0 - 0.25 * fringe(uv, p); // hair shadow under the fringe
            skin *= 1.0 - 0.75 * brow(p);
            linear[(y * WIDTH + x) as usize] = background(p).lerp(skin, cover);
        }
    }
    stubble_dots(&mut ChaCha8Rng::seed_from_u64(42), &mut linear);
    let image = RgbImage::from_fn(WIDTH, HEIGHT, |x, y| {
        let c = linear[(y * WIDTH + x) as usize];
        Rgb([
            linear_to_srgb8(c.x),
            linear_to_srgb8(c.y),
            linear_to_srgb8(c.z),
        ])
    });
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample_scalp.jpg");
    let file = std::io::BufWriter::new(std::fs::File::create(&path)?);
    image::codecs::jpeg::JpegEncoder::new_with_quality(file, 90).encode_image(&image)?;
    println!("wrote {}", path.display());
    let tile = smp_preview::core::sampling::RankedTile::build_shared_uncached();
    let tile_path = path.with_file_name("ranked_tile.bin");
    std::fs::write(&tile_path, tile.to_cache_bytes())?;
    println!("wrote {}", tile_path.display());
    Ok(())
}
