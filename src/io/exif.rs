//! What a photo's EXIF says about its camera: the 35 mm-equivalent focal length, which the
//! head model's pinhole camera needs (docs/domain.md, "Curved heads in flat photos").

use exif::{In, Reader, Tag, Value};

/// Focal lengths outside this range, mm (35 mm equivalent), are taken as a bad tag.
const PLAUSIBLE_FOCAL_MM_35: (f32, f32) = (8.0, 600.0);

/// The 35 mm-equivalent focal length in raw EXIF data (a TIFF structure, as the decoder
/// hands it over): the FocalLengthIn35mmFilm tag, else the focal length scaled by the sensor
/// width the focal-plane resolution gives. `None` when neither is there or plausible.
pub fn focal_mm_35(raw_exif: Vec<u8>) -> Option<f32> {
    let exif = Reader::new().read_raw(raw_exif).ok()?;
    let number = |tag| {
        exif.get_field(tag, In::PRIMARY)
            .and_then(|f| first_number(&f.value))
    };
    let tagged = number(Tag::FocalLengthIn35mmFilm).filter(|f| *f > 0.0);
    let from_sensor = || {
        let focal_mm = number(Tag::FocalLength)?;
        let width_px = number(Tag::PixelXDimension)?;
        let px_per_unit = number(Tag::FocalPlaneXResolution)?;
        let unit_mm = match number(Tag::FocalPlaneResolutionUnit)? as u32 {
            2 => 25.4,
            3 => 10.0,
            4 => 1.0,
            _ => return None,
        };
        let sensor_width_mm = width_px / px_per_unit * unit_mm;
        Some(focal_mm * 36.0 / sensor_width_mm)
    };
    tagged
        .or_else(from_sensor)
        .filter(|f| (PLAUSIBLE_FOCAL_MM_35.0..=PLAUSIBLE_FOCAL_MM_35.1).contains(f))
}

fn first_number(value: &Value) -> Option<f32> {
    match value {
        Value::Rational(v) => v.first().map(|r| r.to_f64() as f32),
        Value::SRational(v) => v.first().map(|r| r.to_f64() as f32),
        other => other.get_uint(0).map(|u| u as f32),
    }
    .filter(|x| x.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;
    use exif::Field;

    fn tiff(fields: &[Field]) -> Vec<u8> {
        let mut writer = exif::experimental::Writer::new();
        for f in fields {
            writer.push_field(f);
        }
        let mut out = std::io::Cursor::new(Vec::new());
        writer.write(&mut out, false).unwrap();
        out.into_inner()
    }

    fn field(tag: Tag, value: Value) -> Field {
        Field {
            tag,
            ifd_num: In::PRIMARY,
            value,
        }
    }

    #[test]
    fn reads_the_35mm_tag_else_the_sensor_size_else_nothing() {
        let tagged = tiff(&[field(Tag::FocalLengthIn35mmFilm, Value::Short(vec![52]))]);
        assert_eq!(focal_mm_35(tagged), Some(52.0));
        // A 6.0 mm lens on a sensor 4000 px at 555.6 px/mm wide (7.2 mm): 30 mm equivalent.
        let sensor = tiff(&[
            field(Tag::FocalLength, Value::Rational(vec![(60, 10).into()])),
            field(Tag::PixelXDimension, Value::Long(vec![4000])),
            field(
                Tag::FocalPlaneXResolution,
                Value::Rational(vec![(5556, 10).into()]),
            ),
            field(Tag::FocalPlaneResolutionUnit, Value::Short(vec![4])),
        ]);
        let f = focal_mm_35(sensor).unwrap();
        assert!((f - 30.0).abs() < 0.1, "{f}");
        let absurd = tiff(&[field(Tag::FocalLengthIn35mmFilm, Value::Short(vec![2]))]);
        assert_eq!(focal_mm_35(absurd), None);
        assert_eq!(focal_mm_35(b"not exif".to_vec()), None);
    }
}
