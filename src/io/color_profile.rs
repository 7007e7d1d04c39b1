//! Photos tagged with a colour profile other than sRGB (a phone's Display P3, a camera's
//! Adobe RGB) are converted to sRGB as they are decoded, so that the skin mean, the hair
//! colour's dilution match and the stubble match read the colours the camera saw. A photo
//! with no profile is taken as sRGB. Conversion by `moxcms`, the colour engine `image` uses.

use image::RgbaImage;
use moxcms::{
    CicpColorPrimaries, CicpProfile, ColorProfile, DataColorSpace, Layout, MatrixCoefficients,
    TransferCharacteristics, TransformOptions,
};

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
    let source = ColorProfile::new_from_slice(icc).map_err(unreadable)?;
    if source.color_space != DataColorSpace::Rgb {
        return Err(ProfileError::NotRgb(source.color_space));
    }
    convert_profile_to_srgb(image, &source)
}

/// Converts `image` from the colour space its coding-independent code points (ITU-T H.273,
/// a HEIF or AVIF file's nclx box) name to sRGB, in place. BT.709 or unspecified primaries are
/// taken as sRGB and left alone; an unknown transfer curve is taken as sRGB's.
pub fn convert_cicp_to_srgb(
    image: &mut RgbaImage,
    primaries: u8,
    transfer: u8,
) -> Result<(), ProfileError> {
    let primaries = CicpColorPrimaries::try_from(primaries)
        .map_err(|_| ProfileError::Unreadable(format!("unknown colour primaries {primaries}")))?;
    if matches!(
        primaries,
        CicpColorPrimaries::Bt709 | CicpColorPrimaries::Unspecified
    ) {
        return Ok(());
    }
    let transfer_characteristics =
        TransferCharacteristics::try_from(transfer).unwrap_or(TransferCharacteristics::Srgb);
    let source = ColorProfile::new_from_cicp(CicpProfile {
        color_primaries: primaries,
        transfer_characteristics,
        matrix_coefficients: MatrixCoefficients::Identity,
        full_range: true,
    });
    convert_profile_to_srgb(image, &source)
}

fn unreadable(e: moxcms::CmsError) -> ProfileError {
    ProfileError::Unreadable(e.to_string())
}

fn convert_profile_to_srgb(
    image: &mut RgbaImage,
    source: &ColorProfile,
) -> Result<(), ProfileError> {
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

    /// Display P3 (H.273 primaries 12, sRGB's transfer curve 13) to sRGB, checked against
    /// the published P3-D65 → sRGB matrix in linear light; BT.709 primaries change nothing.
    #[test]
    fn display_p3_code_points_convert_like_the_published_matrix() {
        let p3 = [180u8, 120, 90];
        let mut image = RgbaImage::from_pixel(4, 2, image::Rgba([p3[0], p3[1], p3[2], 255]));
        let mut untouched = image.clone();
        convert_cicp_to_srgb(&mut untouched, 1, 13).unwrap();
        assert_eq!(untouched, image);
        convert_cicp_to_srgb(&mut image, 12, 13).unwrap();
        let decode = |v: u8| {
            let c = f64::from(v) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let encode = |l: f64| {
            let c = if l <= 0.003_130_8 {
                12.92 * l
            } else {
                1.055 * l.powf(1.0 / 2.4) - 0.055
            };
            (c.clamp(0.0, 1.0) * 255.0).round()
        };
        let m = [
            [1.224_940_2, -0.224_940_2, 0.0],
            [-0.042_056_9, 1.042_056_9, 0.0],
            [-0.019_637_6, -0.078_636_1, 1.098_273_7],
        ];
        let linear = p3.map(decode);
        let got = image.get_pixel(1, 1).0;
        for (c, row) in m.iter().enumerate() {
            let want = encode(row.iter().zip(linear).map(|(a, b)| a * b).sum());
            assert!(
                (f64::from(got[c]) - want).abs() <= 2.0,
                "channel {c}: {got:?} vs {want}"
            );
        }
        assert!(convert_cicp_to_srgb(&mut image, 200, 13).is_err());
    }
}
