//! A corpus of the photos clinics will feed in, made fresh by the test: every case either loads
//! upright at the right size or fails with one clear line; the CLI exits non-zero and never
//! panics. Cases that need ImageMagick (CMYK JPEG, EXIF rotation) are made with `convert`,
//! which CI installs.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use image::{ImageBuffer, ImageFormat, Luma, LumaA, Rgb, Rgba, RgbaImage};
use smp_preview::io::photo::load_photo;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_smp-preview"))
}

fn skin(w: u32, h: u32) -> RgbaImage {
    RgbaImage::from_fn(w, h, |x, y| {
        Rgba([200 - (x % 40) as u8, 160 + (y % 30) as u8, 140, 255])
    })
}

/// JPEG has no alpha: the RGB part of a picture.
fn rgb(image: RgbaImage) -> image::RgbImage {
    image::DynamicImage::ImageRgba8(image).to_rgb8()
}

fn save(dir: &Path, name: &str, f: impl FnOnce(&Path)) -> PathBuf {
    let path = dir.join(name);
    f(&path);
    path
}

fn imagemagick() -> bool {
    let ok = Command::new("convert")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok || std::env::var_os("CI").is_none(),
        "CI must provide ImageMagick"
    );
    ok
}

/// Files that must load, with the size they must load at (width, height).
fn good_cases(dir: &Path) -> Vec<(PathBuf, (u32, u32))> {
    let mut cases = vec![
        (
            save(dir, "plain.jpg", |p| rgb(skin(64, 48)).save(p).unwrap()),
            (64, 48),
        ),
        (
            save(dir, "png saved as.jpg", |p| {
                skin(40, 30).save_with_format(p, ImageFormat::Png).unwrap()
            }),
            (40, 30),
        ),
        (
            save(dir, "sixteen bit.png", |p| {
                ImageBuffer::<Rgb<u16>, _>::from_pixel(33, 21, Rgb([50_000, 40_000, 30_000]))
                    .save(p)
                    .unwrap()
            }),
            (33, 21),
        ),
        (
            save(dir, "grey.png", |p| {
                ImageBuffer::<Luma<u8>, _>::from_pixel(20, 10, Luma([128]))
                    .save(p)
                    .unwrap()
            }),
            (20, 10),
        ),
        (
            save(dir, "grey alpha.png", |p| {
                ImageBuffer::<LumaA<u8>, _>::from_pixel(20, 10, LumaA([128, 10]))
                    .save(p)
                    .unwrap()
            }),
            (20, 10),
        ),
        (
            save(dir, "alpha.png", |p| {
                RgbaImage::from_pixel(16, 16, Rgba([200, 150, 120, 0]))
                    .save(p)
                    .unwrap()
            }),
            (16, 16),
        ),
        (
            save(dir, "lossless.webp", |p| skin(30, 20).save(p).unwrap()),
            (30, 20),
        ),
        (
            save(dir, "scan.tiff", |p| skin(30, 20).save(p).unwrap()),
            (30, 20),
        ),
        (
            save(dir, "fotó ñ con espacios.png", |p| {
                skin(12, 8).save(p).unwrap()
            }),
            (12, 8),
        ),
    ];
    // A phone photo stored sideways with EXIF orientation 6 ("rotate 90° clockwise to view"):
    // shown upright, so 48 × 64.
    let plain = std::fs::read(&cases[0].0).unwrap();
    let rotated = with_exif_orientation(&plain, 6);
    cases.push((
        save(dir, "phone rotated.jpg", |p| {
            std::fs::write(p, rotated).unwrap()
        }),
        (48, 64),
    ));
    if imagemagick() {
        let source = cases[0].0.clone();
        let convert = |args: &[&str], out: &Path| {
            let status = Command::new("convert")
                .arg(&source)
                .args(args)
                .arg(out)
                .status()
                .unwrap();
            assert!(status.success());
        };
        cases.push((
            save(dir, "cmyk.jpg", |p| convert(&["-colorspace", "CMYK"], p)),
            (64, 48),
        ));
    }
    cases
}

#[test]
fn every_common_format_loads_upright_at_its_size() {
    let dir = tempfile::tempdir().unwrap();
    for (path, (w, h)) in good_cases(dir.path()) {
        let photo = load_photo(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(photo.dimensions(), (w, h), "{}", path.display());
        assert!(
            photo
                .pixels()
                .all(|p| p[3] == 255 || path.to_string_lossy().contains("alpha"))
        );
    }
}

#[test]
fn cmyk_jpeg_keeps_its_colours() {
    if !imagemagick() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let cases = good_cases(dir.path());
    let (rgb, cmyk) = (
        load_photo(&cases[0].0).unwrap(),
        load_photo(&cases[10].0).unwrap(),
    );
    let mean =
        |img: &RgbaImage, c: usize| img.pixels().map(|p| f64::from(p[c])).sum::<f64>() / 3072.0;
    for c in 0..3 {
        assert!(
            (mean(&rgb, c) - mean(&cmyk, c)).abs() < 12.0,
            "channel {c}: CMYK decoded to other colours"
        );
    }
}

/// `jpeg` with an EXIF APP1 segment holding only the orientation tag, right after SOI.
fn with_exif_orientation(jpeg: &[u8], orientation: u8) -> Vec<u8> {
    let tiff: [u8; 26] = [
        b'M',
        b'M',
        0,
        42,
        0,
        0,
        0,
        8, // big-endian TIFF header, first IFD at 8
        0,
        1, // one entry
        0x01,
        0x12,
        0,
        3,
        0,
        0,
        0,
        1,
        0,
        orientation,
        0,
        0, // Orientation, SHORT, 1 value
        0,
        0,
        0,
        0, // no next IFD
    ];
    let mut app1 = vec![0xFF, 0xE1];
    app1.extend_from_slice(&((2 + 6 + tiff.len()) as u16).to_be_bytes());
    app1.extend_from_slice(b"Exif\0\0");
    app1.extend_from_slice(&tiff);
    [&jpeg[..2], &app1[..], &jpeg[2..]].concat()
}

/// A PNG whose header declares `w` × `h` pixels, followed by a tiny body.
fn declared_png(w: u32, h: u32) -> Vec<u8> {
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    let mut out = Vec::new();
    out.extend_from_slice(&[0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n']);
    out.extend_from_slice(&13u32.to_be_bytes());
    let mut chunk = b"IHDR".to_vec();
    chunk.extend_from_slice(&ihdr);
    out.extend_from_slice(&chunk);
    out.extend_from_slice(&crc32(&chunk).to_be_bytes());
    out.extend_from_slice(&[0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xAE, 0x42, 0x60, 0x82]);
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Files that must be refused with one line each.
fn bad_cases(dir: &Path) -> Vec<(PathBuf, &'static str)> {
    let jpeg = dir.join("whole.jpg");
    rgb(skin(64, 48)).save(&jpeg).unwrap();
    let bytes = std::fs::read(&jpeg).unwrap();
    let write = |name: &str, data: &[u8]| {
        let path = dir.join(name);
        std::fs::write(&path, data).unwrap();
        path
    };
    vec![
        (write("empty.jpg", b""), "cannot read photo"),
        (
            write("truncated.jpg", &bytes[..bytes.len() / 2]),
            "cannot read photo",
        ),
        (
            write("text.png", b"this is not a picture"),
            "cannot read photo",
        ),
        (
            write("bomb.png", &declared_png(100_000, 100_000)),
            "cannot read photo",
        ),
        (
            write("absurd.png", &declared_png(30_000, 10)),
            "cannot read photo",
        ),
        (dir.join("missing.jpg"), "cannot open photo"),
    ]
}

#[test]
fn hostile_files_are_refused_with_one_line_and_no_panic() {
    let dir = tempfile::tempdir().unwrap();
    for (path, expected) in bad_cases(dir.path()) {
        let err = load_photo(&path)
            .map(|_| ())
            .expect_err(&path.display().to_string());
        let message = err.to_string();
        assert!(
            message.starts_with(expected),
            "{}: {message}",
            path.display()
        );
        assert!(!message.contains('\n'), "{message}");
        let out = bin()
            .args(["render", "--photo"])
            .arg(&path)
            .arg("--out")
            .arg(dir.path().join("o.png"))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{}", path.display());
        assert!(!stderr.contains("panicked"), "{stderr}");
        let lines: Vec<_> = stderr
            .lines()
            .filter(|l| l.starts_with("smp-preview: error"))
            .collect();
        assert_eq!(lines.len(), 1, "{stderr}");
        assert!(
            !dir.path().join("o.png").exists(),
            "no output for a refused photo"
        );
    }
}

#[test]
fn cli_renders_the_odd_but_valid_ones() {
    let dir = tempfile::tempdir().unwrap();
    let cases = good_cases(dir.path());
    for (path, (w, h)) in cases.iter().filter(|(p, _)| {
        let name = p.to_string_lossy();
        name.contains("sixteen")
            || name.contains("fotó")
            || name.contains("rotated")
            || name.contains("webp")
    }) {
        let out_png = dir.path().join("out.png");
        let out = bin()
            .args(["render", "--photo"])
            .arg(path)
            .arg("--out")
            .arg(&out_png)
            .output()
            .unwrap();
        if !common::gpu_ok(&out, &path.display().to_string()) {
            return;
        }
        assert_eq!(
            image::image_dimensions(&out_png).unwrap(),
            (*w, *h),
            "{}",
            path.display()
        );
    }
}

/// sRGB-encoded value of an Adobe RGB (1998) colour, by the colour spaces' published matrices
/// (both white points D65) and transfer curves: independent of the colour engine under test.
fn adobe_rgb_in_srgb(c: [u8; 3]) -> [f64; 3] {
    let linear = c.map(|v| (f64::from(v) / 255.0).powf(563.0 / 256.0));
    let to_xyz = [
        [0.576_730_9, 0.185_554_0, 0.188_185_2],
        [0.297_376_9, 0.627_349_1, 0.075_274_1],
        [0.027_034_3, 0.070_687_2, 0.991_108_5],
    ];
    let to_srgb = [
        [3.240_454_2, -1.537_138_5, -0.498_531_4],
        [-0.969_266_0, 1.876_010_8, 0.041_556_0],
        [0.055_643_4, -0.204_025_9, 1.057_225_2],
    ];
    let mul =
        |m: [[f64; 3]; 3], v: [f64; 3]| m.map(|row| row.iter().zip(v).map(|(a, b)| a * b).sum());
    mul(to_srgb, mul(to_xyz, linear)).map(crate::common::srgb_encoded_255)
}

#[test]
fn an_adobe_rgb_photo_is_converted_to_srgb_and_an_untagged_one_taken_as_srgb() {
    use image::ImageEncoder;
    // Two flat blocks (a skin tone and a green Adobe RGB reaches further than sRGB), each a
    // whole number of JPEG blocks, tagged with an Adobe RGB profile the test builds.
    let colours = [[200u8, 150, 120], [60, 140, 90]];
    let image = image::RgbImage::from_fn(128, 64, |x, _| image::Rgb(colours[(x / 64) as usize]));
    let profile = moxcms::ColorProfile::new_adobe_rgb().encode().unwrap();
    let encode = |icc: Option<&[u8]>| {
        let mut bytes = Vec::new();
        let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 98);
        if let Some(icc) = icc {
            encoder.set_icc_profile(icc.to_vec()).unwrap();
        }
        encoder
            .write_image(image.as_raw(), 128, 64, image::ExtendedColorType::Rgb8)
            .unwrap();
        bytes
    };
    let dir = tempfile::tempdir().unwrap();
    let (tagged, untagged) = (dir.path().join("adobe.jpg"), dir.path().join("plain.jpg"));
    std::fs::write(&tagged, encode(Some(&profile))).unwrap();
    std::fs::write(&untagged, encode(None)).unwrap();
    let converted = load_photo(&tagged).unwrap();
    let plain = load_photo(&untagged).unwrap();
    for (block, colour) in colours.into_iter().enumerate() {
        let x = 32 + 64 * block as u32;
        let expected = adobe_rgb_in_srgb(colour);
        let got = converted.get_pixel(x, 32).0;
        let as_is = plain.get_pixel(x, 32).0;
        for c in 0..3 {
            assert!(
                (f64::from(got[c]) - expected[c]).abs() <= 3.0,
                "{colour:?}: {got:?} vs {expected:?}"
            );
            assert!(
                as_is[c].abs_diff(colour[c]) <= 2,
                "untagged: as it is, {as_is:?}"
            );
        }
    }
    // The skin tone's red moves by ~17 levels: read as sRGB it would shift the skin mean.
    assert!(converted.get_pixel(32, 32)[0] >= plain.get_pixel(32, 32)[0] + 12);
}
