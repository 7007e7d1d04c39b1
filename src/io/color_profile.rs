//! Photos tagged with a colour profile other than sRGB (a phone's Display P3, a camera's
//! Adobe RGB) are converted to sRGB as they are decoded, so that the skin mean, the hair
//! colour's dilution match and the stubble match read the colours the camera saw. A photo
//! with no profile is taken as sRGB. Conversion by `moxcms`, the colour engine `image` uses.

use image::RgbaImage;
use moxcms::{ColorProfile, DataColorSpace, Layout, TransformOptions};

/// Why an embedded profile was not applied (the photo is then used as sRGB).
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error("unreadable colour profile: {0}")]
    Unreadable(String),
    #[error("colour profile of a {0:?} image, not RGB")]
    NotRgb(DataColorSpace),
}

/// Converts `image` from the colour space of the ICC profile `icc` to sRGB, in place.
pub fn convert_to_srgb(image: &mut RgbaImage, icc: &[u8]) -> Result<(), ProfileError> {
    let unreadable = |e: moxcms::CmsError| ProfileError::Unreadable(e.to_string());
    let source = ColorProfile::new_from_slice(icc).map_err(unreadable)?;
    if source.color_space != DataColorSpace::Rgb {
        return Err(ProfileError::NotRgb(source.color_space));
    }
    let srgb = ColorProfile::new_srgb();
    let transform = source
        .create_transform_8bit(
            Layout::Rgba,
            &srgb,
            Layout::Rgba,
            TransformOptions::default(),
        )
        .map_err(unreadable)?;
    // Row by row through one row's buffer: a 50 MP photo gets no second full-size copy.
    let row_bytes = 4 * image.width() as usize;
    let mut converted = vec![0u8; row_bytes];
    for row in image.chunks_exact_mut(row_bytes) {
        transform
            .transform(row, &mut converted)
            .map_err(unreadable)?;
        row.copy_from_slice(&converted);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_srgb_profile_changes_nothing_and_a_broken_one_is_refused() {
        let mut image = RgbaImage::from_pixel(8, 8, image::Rgba([200, 150, 120, 255]));
        let srgb = ColorProfile::new_srgb().encode().unwrap();
        convert_to_srgb(&mut image, &srgb).unwrap();
        let p = image.get_pixel(3, 3).0;
        assert!(
            p.iter()
                .zip([200, 150, 120, 255])
                .all(|(a, b)| a.abs_diff(b) <= 1),
            "{p:?}"
        );
        assert!(convert_to_srgb(&mut image, b"not a profile").is_err());
    }
}
