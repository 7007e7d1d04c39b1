//! HEIC/HEIF (an iPhone's photos) and AVIF, decoded by libheif, which the `heic` feature
//! compiles from the sources `libheif-sys` carries (HEVC through libde265, AV1 through dav1d).
//! The photo comes out upright (libheif applies the file's rotation and mirroring), as 8-bit
//! RGBA, converted to sRGB from its ICC profile or its nclx colour primaries (an iPhone's
//! Display P3), with the camera's focal length from its EXIF block.

use image::RgbaImage;
use libheif_rs::{ColorSpace, HeifContext, ImageHandle, LibHeif, RgbChroma, color_profile_types};

use super::{MAX_PHOTO_SIDE_PX, PhotoError, PhotoInfo, one_line};

/// Decodes the primary image of a HEIF or AVIF file held in memory.
pub(super) fn decode(bytes: &[u8], name: &str) -> Result<(RgbaImage, PhotoInfo), PhotoError> {
    let fail = |cause: String| PhotoError::Heif {
        name: name.to_owned(),
        cause,
    };
    let heif_err = |e: libheif_rs::HeifError| fail(one_line(&e));
    let context = HeifContext::read_from_bytes(bytes).map_err(heif_err)?;
    let handle = context.primary_image_handle().map_err(heif_err)?;
    let (width, height) = (handle.width(), handle.height());
    if width.max(height) > MAX_PHOTO_SIDE_PX {
        return Err(fail(format!(
            "it is {width} × {height} pixels; at most {MAX_PHOTO_SIDE_PX} a side is accepted"
        )));
    }
    let decoded = LibHeif::new()
        .decode(&handle, ColorSpace::Rgb(RgbChroma::Rgba), None)
        .map_err(heif_err)?;
    let mut rgba = interleaved_rgba(&decoded)
        .ok_or_else(|| fail("libheif gave no 8-bit RGBA picture for it".to_owned()))?;
    if rgba.width() == 0 || rgba.height() == 0 {
        return Err(PhotoError::Empty {
            name: name.to_owned(),
        });
    }
    if let Err(e) = to_srgb(&handle, &mut rgba) {
        log::warn!("{name}: {e}; taken as sRGB");
    }
    let info = PhotoInfo {
        focal_mm_35: exif_tiff(&handle).and_then(crate::io::exif::focal_mm_35),
    };
    Ok((rgba, info))
}

/// The decoded picture's interleaved 8-bit RGBA plane, copied row by row (libheif pads rows).
fn interleaved_rgba(decoded: &libheif_rs::Image) -> Option<RgbaImage> {
    let plane = decoded.planes().interleaved?;
    if plane.storage_bits_per_pixel != 32 {
        return None;
    }
    let row_bytes = 4 * plane.width as usize;
    let mut pixels = Vec::with_capacity(row_bytes * plane.height as usize);
    for row in 0..plane.height as usize {
        let start = row * plane.stride;
        pixels.extend_from_slice(plane.data.get(start..start + row_bytes)?);
    }
    RgbaImage::from_raw(plane.width, plane.height, pixels)
}

/// Converts the picture to sRGB: from its ICC profile when it has one, else from its nclx
/// colour primaries and transfer curve when they are not sRGB's (BT.709) or unspecified.
fn to_srgb(
    handle: &ImageHandle,
    rgba: &mut RgbaImage,
) -> Result<(), crate::io::color_profile::ProfileError> {
    use crate::io::color_profile::{convert_cicp_to_srgb, convert_to_srgb};
    if let Some(raw) = handle.color_profile_raw() {
        use libheif_rs::ColorProfile as _;
        let icc = [color_profile_types::PROF, color_profile_types::R_ICC];
        if icc.contains(&raw.profile_type()) {
            return convert_to_srgb(rgba, &raw.data);
        }
    }
    match handle.color_profile_nclx() {
        Some(nclx) => convert_cicp_to_srgb(
            rgba,
            nclx.color_primaries() as u8,
            nclx.transfer_characteristics() as u8,
        ),
        None => Ok(()),
    }
}

/// The photo's EXIF as the TIFF structure the EXIF reader takes: HEIF stores it after a
/// 4-byte big-endian offset to the TIFF header.
fn exif_tiff(handle: &ImageHandle) -> Option<Vec<u8>> {
    let block = handle
        .all_metadata()
        .into_iter()
        .find(|m| m.item_type.0 == *b"Exif")?;
    let offset_bytes: [u8; 4] = block.raw_data.get(..4)?.try_into().ok()?;
    let offset = usize::try_from(u32::from_be_bytes(offset_bytes)).ok()?;
    block
        .raw_data
        .get(4usize.checked_add(offset)?..)
        .map(<[u8]>::to_vec)
}
