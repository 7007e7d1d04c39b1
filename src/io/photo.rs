//! Loading patient photos: any common format, upright per EXIF, decoded to 8-bit sRGB RGBA,
//! with limits that refuse decompression bombs and absurd sizes with a clear message.

use std::io::{BufRead, Cursor, Seek};
use std::path::{Path, PathBuf};

use image::{DynamicImage, ImageDecoder, ImageReader, Limits, RgbaImage};

#[cfg(feature = "heic")]
mod heif;

/// Widest or tallest photo accepted, in pixels (a limit of the plan's, in the core).
pub use crate::core::plan::MAX_PHOTO_SIDE_PX;
/// Most memory the decoder may allocate, in bytes.
const MAX_DECODE_BYTES: u64 = 1 << 30;

/// Why a photo could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum PhotoError {
    #[error("cannot open photo {path}: {cause}")]
    Open {
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error("cannot read photo {name}: {}", one_line(.cause))]
    Decode {
        name: String,
        cause: image::ImageError,
    },
    #[error("photo {name} is empty (0 pixels wide or high)")]
    Empty { name: String },
    #[error(
        "cannot read photo {name}: the file is cut short (its JPEG data stops before the end of \
         the picture); copy it again from the camera or phone"
    )]
    Truncated { name: String },
    #[error(
        "cannot read photo {name}: it is a HEIC/HEIF (iPhone) or AVIF photo, and this build \
         was made without the `heic` feature; install the Debian package, or rebuild with \
         `apt install cmake g++ pkg-config libde265-dev libdav1d-dev` then \
         `cargo build --release --features heic`; or export the photo as JPEG (Photos: Export \
         or share as JPEG, or iPhone Settings → Camera → Formats → Most Compatible)"
    )]
    Heic { name: String },
    #[error("cannot read photo {name}: {cause}")]
    Heif { name: String, cause: String },
}

/// Whether `head` (a file's first bytes) starts an ISO-BMFF HEIF file: an `ftyp` box with a
/// HEIF, HEIC or AVIF brand.
fn is_heif(head: &[u8]) -> bool {
    let brand = head.get(8..12).unwrap_or_default();
    head.get(4..8) == Some(b"ftyp")
        && [
            &b"heic"[..],
            b"heix",
            b"hevc",
            b"hevx",
            b"heim",
            b"heis",
            b"mif1",
            b"msf1",
            b"avif",
            b"avis",
        ]
        .contains(&brand)
}

/// A decoder's message on one line: some put line breaks (and trailing ones) in theirs.
pub(super) fn one_line(error: &impl std::fmt::Display) -> String {
    error
        .to_string()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// What a photo's metadata says about how it was taken.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PhotoInfo {
    /// The camera's 35 mm-equivalent focal length, from EXIF.
    pub focal_mm_35: Option<f32>,
}

/// Loads a photo file, rotated upright according to its EXIF orientation. Only a regular file
/// is opened: a device (`/dev/zero`), a pipe (which would wait forever for a writer) or a
/// folder is refused before it is read.
pub fn load_photo(path: &Path) -> Result<RgbaImage, PhotoError> {
    load_photo_with_info(path).map(|(image, _)| image)
}

/// [`load_photo`], with what the photo's metadata says.
pub fn load_photo_with_info(path: &Path) -> Result<(RgbaImage, PhotoInfo), PhotoError> {
    let open_err = |cause| PhotoError::Open {
        path: path.to_owned(),
        cause,
    };
    crate::io::files::require_regular_file(path).map_err(open_err)?;
    let mut file = std::io::BufReader::new(std::fs::File::open(path).map_err(open_err)?);
    let name = path.display().to_string();
    // A JPEG is read whole first (a few MB) to check it is complete, as is a HEIF (libheif
    // reads from memory); others stream.
    let head = file.fill_buf().map_err(open_err)?;
    if head.starts_with(&JPEG_SOI) || is_heif(head) {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut file, &mut bytes).map_err(open_err)?;
        return decode_photo_bytes_with_info(&bytes, &name);
    }
    decode(file, &name)
}

/// Decodes a photo held in memory (e.g. the bundled sample).
pub fn decode_photo_bytes(bytes: &[u8], name: &str) -> Result<RgbaImage, PhotoError> {
    decode_photo_bytes_with_info(bytes, name).map(|(image, _)| image)
}

/// [`decode_photo_bytes`], with what the photo's metadata says.
pub fn decode_photo_bytes_with_info(
    bytes: &[u8],
    name: &str,
) -> Result<(RgbaImage, PhotoInfo), PhotoError> {
    if is_heif(bytes) {
        return decode_heif(bytes, name);
    }
    if bytes.starts_with(&JPEG_SOI) && !jpeg_is_complete(bytes) {
        return Err(PhotoError::Truncated {
            name: name.to_owned(),
        });
    }
    decode(Cursor::new(bytes), name)
}

const JPEG_SOI: [u8; 2] = [0xFF, 0xD8];

#[cfg(feature = "heic")]
fn decode_heif(bytes: &[u8], name: &str) -> Result<(RgbaImage, PhotoInfo), PhotoError> {
    heif::decode(bytes, name)
}

/// Without the `heic` feature a HEIF is refused with what to do instead.
#[cfg(not(feature = "heic"))]
fn decode_heif(_bytes: &[u8], name: &str) -> Result<(RgbaImage, PhotoInfo), PhotoError> {
    Err(PhotoError::Heic {
        name: name.to_owned(),
    })
}

/// False for JPEG data that ends before its end-of-image marker: a file cut short (an
/// interrupted copy) decodes with the missing part filled in grey, which must not pass for the
/// patient's photo. The header segments are walked to the first scan (an EXIF thumbnail, with
/// its own markers, is skipped inside its segment); after it, 0xFF 0xD9 can only be the end.
/// Data it cannot follow is left to the decoder to judge.
fn jpeg_is_complete(bytes: &[u8]) -> bool {
    let mut at = 2;
    while let Some(&[0xFF, marker]) = bytes.get(at..at + 2) {
        if marker == 0xFF {
            at += 1; // fill byte
            continue;
        }
        let Some(&[hi, lo]) = bytes.get(at + 2..at + 4) else {
            return true;
        };
        let next = at + 2 + usize::from(u16::from_be_bytes([hi, lo]));
        if marker == 0xDA {
            let scan = bytes.get(next..).unwrap_or_default();
            return scan.windows(2).any(|w| w == [0xFF, 0xD9]);
        }
        at = next;
    }
    true
}

fn decode(reader: impl BufRead + Seek, name: &str) -> Result<(RgbaImage, PhotoInfo), PhotoError> {
    let decode_err = |cause| PhotoError::Decode {
        name: name.to_owned(),
        cause,
    };
    let mut reader = ImageReader::new(reader)
        .with_guessed_format()
        .map_err(|e| decode_err(e.into()))?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_PHOTO_SIDE_PX);
    limits.max_image_height = Some(MAX_PHOTO_SIDE_PX);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(decode_err)?;
    let orientation = decoder.orientation().map_err(decode_err)?;
    let icc = decoder.icc_profile().ok().flatten();
    // Unreadable metadata is no reason to refuse the photo: it then says nothing.
    let info = PhotoInfo {
        focal_mm_35: decoder
            .exif_metadata()
            .ok()
            .flatten()
            .and_then(crate::io::exif::focal_mm_35),
    };
    let mut image = DynamicImage::from_decoder(decoder).map_err(decode_err)?;
    image.apply_orientation(orientation);
    let mut rgba = image.into_rgba8();
    if let Some(icc) = icc
        && let Err(e) = crate::io::color_profile::convert_to_srgb(&mut rgba, &icc)
    {
        log::warn!("{name}: {e}; taken as sRGB");
    }
    if rgba.width() == 0 || rgba.height() == 0 {
        return Err(PhotoError::Empty {
            name: name.to_owned(),
        });
    }
    Ok((rgba, info))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A HEIC cut short after its file type box: with the `heic` feature, libheif's reason on
    /// one line; without it, what to install or do instead. Either way no panic, and listed.
    #[test]
    fn a_broken_or_undecodable_heic_is_refused_with_a_clear_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("IMG_0001.HEIC");
        // An ISO-BMFF file type box with the HEIC brand, as an iPhone writes it.
        let mut bytes = vec![0, 0, 0, 24];
        bytes.extend(b"ftypheic\0\0\0\0mif1heic");
        bytes.extend([0u8; 64]);
        std::fs::write(&path, bytes).unwrap();
        let err = load_photo(&path).unwrap_err();
        let message = err.to_string();
        assert!(!message.contains('\n'), "{message}");
        if cfg!(feature = "heic") {
            assert!(matches!(err, PhotoError::Heif { .. }), "{err}");
        } else {
            assert!(matches!(err, PhotoError::Heic { .. }), "{err}");
            for advice in [
                "libde265-dev",
                "--features heic",
                "export the photo as JPEG",
            ] {
                assert!(message.contains(advice), "{message}");
            }
        }
        assert!(
            crate::io::files::Purpose::Open.accepts(&path),
            "listed in the open dialog"
        );
    }

    #[test]
    fn garbage_is_a_clear_error() {
        let err = decode_photo_bytes(b"not an image at all", "junk.jpg").unwrap_err();
        assert!(
            err.to_string().starts_with("cannot read photo junk.jpg"),
            "{err}"
        );
        let err = load_photo(Path::new("/definitely/not/here.png")).unwrap_err();
        assert!(matches!(err, PhotoError::Open { .. }));
    }

    #[test]
    fn a_jpeg_cut_short_is_refused_but_trailing_data_is_fine() {
        let noise = RgbaImage::from_fn(160, 120, |x, y| {
            image::Rgba([
                (x * 7 % 251) as u8,
                (y * 13 % 241) as u8,
                ((x ^ y) % 239) as u8,
                255,
            ])
        });
        let mut bytes = Vec::new();
        image::DynamicImage::ImageRgba8(noise)
            .into_rgb8()
            .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Jpeg)
            .unwrap();
        assert!(decode_photo_bytes(&bytes, "whole.jpg").is_ok());
        let cut = &bytes[..bytes.len() * 9 / 10];
        let err = decode_photo_bytes(cut, "cut.jpg").unwrap_err();
        assert!(matches!(err, PhotoError::Truncated { .. }), "{err}");
        // A phone's appended data (e.g. a motion photo's video) after the end is no problem.
        let mut trailing = bytes.clone();
        trailing.extend_from_slice(b"ftypmp42 appended video");
        assert!(decode_photo_bytes(&trailing, "motion.jpg").is_ok());
    }

    #[test]
    fn png_round_trip() {
        let img = RgbaImage::from_pixel(3, 2, image::Rgba([1, 2, 3, 255]));
        let mut bytes = Vec::new();
        img.write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
            .unwrap();
        assert_eq!(decode_photo_bytes(&bytes, "t.png").unwrap(), img);
    }
}
