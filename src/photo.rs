//! Loading patient photos: any common format, upright per EXIF, decoded to 8-bit sRGB RGBA,
//! with limits that refuse decompression bombs and absurd sizes with a clear message.

use std::io::{BufRead, Cursor, Seek};
use std::path::{Path, PathBuf};

use image::{DynamicImage, ImageDecoder, ImageReader, Limits, RgbaImage};

/// Widest or tallest photo accepted, in pixels.
pub const MAX_PHOTO_SIDE_PX: u32 = 24_000;
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
}

/// A decoder's message on one line: some put line breaks (and trailing ones) in theirs.
fn one_line(error: &impl std::fmt::Display) -> String {
    error
        .to_string()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Loads a photo file, rotated upright according to its EXIF orientation.
pub fn load_photo(path: &Path) -> Result<RgbaImage, PhotoError> {
    let open_err = |cause| PhotoError::Open {
        path: path.to_owned(),
        cause,
    };
    let file = std::fs::File::open(path).map_err(open_err)?;
    decode(std::io::BufReader::new(file), &path.display().to_string())
}

/// Decodes a photo held in memory (e.g. the bundled sample).
pub fn decode_photo_bytes(bytes: &[u8], name: &str) -> Result<RgbaImage, PhotoError> {
    decode(Cursor::new(bytes), name)
}

fn decode(reader: impl BufRead + Seek, name: &str) -> Result<RgbaImage, PhotoError> {
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
    let mut image = DynamicImage::from_decoder(decoder).map_err(decode_err)?;
    image.apply_orientation(orientation);
    let rgba = image.into_rgba8();
    if rgba.width() == 0 || rgba.height() == 0 {
        return Err(PhotoError::Empty {
            name: name.to_owned(),
        });
    }
    Ok(rgba)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn png_round_trip() {
        let img = RgbaImage::from_pixel(3, 2, image::Rgba([1, 2, 3, 255]));
        let mut bytes = Vec::new();
        img.write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
            .unwrap();
        assert_eq!(decode_photo_bytes(&bytes, "t.png").unwrap(), img);
    }
}
