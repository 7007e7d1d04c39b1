//! Measures the ranked tile as built from scratch: for prefixes from 5 % to 100 % prints the
//! smallest nearest-neighbour distance and the largest empty disk (both × the hexagonal spacing
//! of the prefix's density) and the power of the low-frequency rings (white noise = 1). With a
//! folder argument also writes a 30 mm corner of each prefix as dots, to look at.
//! `cargo run --release --example tile_quality [-- DIR]`.

use glam::Vec2;
use smp_preview::core::sampling::quality::{TorusBuckets, ring_spectrum};
use smp_preview::core::sampling::{RankedTile, hex_spacing_on};

const FRACTIONS: [f32; 9] = [0.05, 0.1, 0.15, 0.25, 0.4, 0.5, 0.6, 0.8, 1.0];

fn main() {
    let started = std::time::Instant::now();
    let tile = RankedTile::build_shared_uncached();
    println!("built {} points in {:.2?}", tile.len(), started.elapsed());
    let out_dir = std::env::args().nth(1);
    println!("prefix  min NN  empty disk  mean ring power  max ring");
    for f in FRACTIONS {
        let k = (f * tile.len() as f32) as usize;
        let pts = &tile.points_mm[..k];
        let spacing = hex_spacing_on(tile.side_mm, k);
        let buckets = TorusBuckets::new(pts, tile.side_mm, spacing);
        let nn = buckets.min_nearest_neighbour() / spacing;
        let empty = buckets.largest_empty_disk(0.1 * spacing) / spacing;
        let rings = ring_spectrum(pts, tile.side_mm, ((k as f32).sqrt() * 0.25) as usize);
        let mean = rings.iter().sum::<f32>() / rings.len() as f32;
        let max = rings.iter().copied().fold(0.0, f32::max);
        let percent = f * 100.0;
        println!("{percent:>4.0} %  {nn:>6.3}  {empty:>10.3}  {mean:>15.3}  {max:>8.3}");
        if let Some(dir) = &out_dir {
            draw(pts, &format!("{dir}/prefix_{percent:03.0}.png"));
        }
    }
}

/// Writes the points within 30 mm of the tile's corner as 5-pixel dots on a 600-pixel square.
fn draw(pts: &[Vec2], path: &str) {
    let (side_px, crop_mm) = (600u32, 30.0f32);
    let mut img = image::GrayImage::from_pixel(side_px, side_px, image::Luma([235]));
    let px_per_mm = side_px as f32 / crop_mm;
    for p in pts.iter().filter(|p| p.x < crop_mm && p.y < crop_mm) {
        let centre = *p * px_per_mm;
        for (dx, dy) in (-2i32..=2).flat_map(|dy| (-2i32..=2).map(move |dx| (dx, dy))) {
            let (x, y) = (centre.x as i32 + dx, centre.y as i32 + dy);
            if dx * dx + dy * dy <= 4
                && x >= 0
                && y >= 0
                && x < side_px as i32
                && y < side_px as i32
            {
                img.put_pixel(x as u32, y as u32, image::Luma([40]));
            }
        }
    }
    if let Err(e) = img.save(path) {
        eprintln!("{path}: {e}");
    }
}
