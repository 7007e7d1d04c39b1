//! Memory while painting (issue #23): the resident memory of a document on a 12 MP photo with
//! five painted zones, before and after 300 brush strokes, each of which becomes an undo step.
//! Masks are shared between the undo steps and copied only when painted, so a step costs the
//! one mask it changed. `cargo bench --bench paint_memory`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark stops at the first surprise"
)]

use glam::Vec2;
use smp_preview::app::Document;
use smp_preview::core::mask::PaintMask;
use smp_preview::core::plan::Zone;

/// Resident memory of this process, bytes (Linux).
fn rss_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("photo12.png");
    let (w, h) = (4000u32, 3000u32);
    image::RgbaImage::from_fn(w, h, |x, y| {
        image::Rgba([190 + (x % 7) as u8, 150 + (y % 5) as u8, 130, 255])
    })
    .save(&photo)
    .unwrap();
    let mut doc = Document::open(&photo).unwrap();
    let size = Vec2::new(w as f32, h as f32);
    for k in 0..5 {
        let mut mask = PaintMask::for_photo(size);
        let c = Vec2::new(600.0 + 700.0 * k as f32, 1200.0);
        mask.stroke(c, c + Vec2::new(0.0, 600.0), |_| 200.0.into(), 0.3, false);
        doc.plan.zones.push(Zone {
            name: format!("zone {}", k + 1),
            polygon: Vec::new(),
            density_per_cm2: 110.0,
            dilution_ratio: None,
            mask: Some(mask),
        });
    }
    let mut t = 0.0;
    let mut settle = |doc: &mut Document| {
        doc.refresh();
        for _ in 0..3 {
            doc.feed_undo(t);
            t += 0.5;
        }
    };
    settle(&mut doc);
    let before = rss_bytes().unwrap_or(0);
    for i in 0..300u32 {
        let zone = (i % 5) as usize;
        let x = 300.0 + 11.0 * i as f32;
        let from = Vec2::new(x, 400.0 + 3.0 * i as f32);
        if let Some(mask) = doc.plan.zones[zone].mask.as_mut() {
            mask.stroke(
                from,
                from + Vec2::new(120.0, 900.0),
                |_| 60.0.into(),
                0.3,
                false,
            );
        }
        settle(&mut doc);
    }
    let after = rss_bytes().unwrap_or(0);
    let photo_bytes = u64::from(w) * u64::from(h) * 4;
    let goal = 1.5 * before as f64 + photo_bytes as f64;
    println!(
        "RSS before painting {:.0} MiB, after 300 strokes {:.0} MiB (+{:.0} MiB); goal <= 1.5 x before + the photo ({:.0} MiB) = {:.0} MiB: {}",
        mib(before),
        mib(after),
        mib(after.saturating_sub(before)),
        mib(photo_bytes),
        goal / (1024.0 * 1024.0),
        if (after as f64) <= goal {
            "met"
        } else {
            "missed"
        }
    );
    println!(
        "undo steps available: {}",
        (0..).take_while(|_| doc.undo()).take(400).count()
    );
}
