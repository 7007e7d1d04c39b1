//! iPhone HEIC and AVIF photos (the `heic` feature, on in CI): decoded upright to the
//! pixels they hold, their Display P3 profile converted to sRGB, their EXIF focal length read,
//! and a command renders on one. The files are made by `tests/photos/make.sh` with Debian's
//! own libheif encoders, so the decoder under test (libheif 1.2x, built by libheif-sys) reads
//! files it did not write.
#![cfg(feature = "heic")]

use std::path::{Path, PathBuf};

use image::RgbaImage;
use smp_preview::io::photo::{load_photo, load_photo_with_info};

fn photo(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/photos")
        .join(name)
}

fn source() -> RgbaImage {
    image::open(photo("gradient.png")).unwrap().into_rgba8()
}

/// The largest and the mean difference of two same-sized pictures' colour channels.
fn differences(a: &RgbaImage, b: &RgbaImage) -> (u8, f64) {
    assert_eq!(a.dimensions(), b.dimensions());
    let (mut max, mut sum, mut n) = (0u8, 0.0, 0.0);
    for (p, q) in a.pixels().zip(b.pixels()) {
        for c in 0..3 {
            let d = p[c].abs_diff(q[c]);
            max = max.max(d);
            sum += f64::from(d);
            n += 1.0;
        }
    }
    (max, sum / n)
}

#[test]
fn a_lossless_heic_decodes_to_the_pixels_it_holds() {
    let decoded = load_photo(&photo("gradient.heic")).unwrap();
    let (max, _) = differences(&decoded, &source());
    assert!(max <= 1, "largest difference {max} levels");
    assert!(decoded.pixels().all(|p| p[3] == 255));
}

/// sRGB-encoded value of a Display P3 colour by the published P3-D65 → sRGB matrix (both D65,
/// both with sRGB's transfer curve): independent of the colour engine under test.
fn display_p3_in_srgb(c: [u8; 3]) -> [f64; 3] {
    let decode = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    let m = [
        [1.224_940_2, -0.224_940_2, 0.0],
        [-0.042_056_9, 1.042_056_9, 0.0],
        [-0.019_637_6, -0.078_636_1, 1.098_273_7],
    ];
    let linear = c.map(decode);
    m.map(|row| {
        let v: f64 = row.iter().zip(linear).map(|(a, b)| a * b).sum();
        crate::common::srgb_encoded_255(v)
    })
}

#[test]
fn an_iphone_display_p3_heic_is_converted_to_srgb() {
    let decoded = load_photo(&photo("gradient_p3.heic")).unwrap();
    // The same bitstream untagged: the P3 values the tagged file holds, as decoded. (The
    // source PNG would do only to within a level, which the matrix amplifies up to 8 times
    // where sRGB's curve is steep, near black.)
    let source = load_photo(&photo("gradient.heic")).unwrap();
    let mut worst = 0.0f64;
    for (got, held) in decoded.pixels().zip(source.pixels()) {
        let want = display_p3_in_srgb([held[0], held[1], held[2]]);
        for c in 0..3 {
            worst = worst.max((f64::from(got[c]) - want[c]).abs());
        }
    }
    assert!(
        worst <= 2.0,
        "largest difference from the matrix: {worst:.1} levels"
    );
    // The conversion did something: P3's reds are beyond sRGB's, so the bright end moves.
    let (max, _) = differences(&decoded, &source);
    assert!(
        max >= 10,
        "the P3 photo came out as if untagged (largest change {max})"
    );
}

#[test]
fn an_avif_decodes_close_to_its_source() {
    let decoded = load_photo(&photo("gradient.avif")).unwrap();
    let (max, mean) = differences(&decoded, &source());
    // Lossy AV1 at quality 90 with 4:2:2 chroma on a smooth gradient.
    assert!(
        mean < 3.0 && max < 24,
        "mean {mean:.2}, largest {max} levels"
    );
}

#[test]
fn a_heic_exif_focal_length_reaches_the_head_model() {
    let (_, info) = load_photo_with_info(&photo("focal52.heic")).unwrap();
    assert_eq!(info.focal_mm_35, Some(52.0));
    let (_, none) = load_photo_with_info(&photo("gradient.heic")).unwrap();
    assert_eq!(none.focal_mm_35, None);
}

#[test]
fn the_command_renders_on_a_heic_photo() {
    let dir = tempfile::tempdir().unwrap();
    let out_png = dir.path().join("after.png");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_smp-preview"))
        .args(["render", "--photo"])
        .arg(photo("gradient.heic"))
        .arg("--out")
        .arg(&out_png)
        .output()
        .unwrap();
    if !crate::common::gpu_ok(&out, "render a HEIC") {
        return;
    }
    assert_eq!(image::image_dimensions(&out_png).unwrap(), (64, 48));
}
