//! A one-page A4 PDF that holds one picture (the plan sheet) filling the page.
//!
//! The picture is embedded as a JPEG (`/DCTDecode`, which every PDF reader decodes natively);
//! the file has no `/Info` dictionary, so it carries no metadata. Written by hand because the
//! format needed here is five objects long; a PDF crate would bring far more than it earns.

use image::RgbaImage;
use image::codecs::jpeg::JpegEncoder;

use super::ExportError;

/// A4 in PDF points (1/72 inch).
const A4_PT: (f32, f32) = (595.28, 841.89);
/// JPEG quality of the embedded page: high enough that 8-point text stays crisp at 300 dpi.
const JPEG_QUALITY: u8 = 92;

/// The bytes of a PDF with `page` scaled to fill one A4 page.
pub fn a4_page_with_image(page: &RgbaImage) -> Result<Vec<u8>, ExportError> {
    let rgb = image::DynamicImage::ImageRgba8(page.clone()).into_rgb8();
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, JPEG_QUALITY)
        .encode_image(&rgb)
        .map_err(|cause| ExportError::Encode {
            what: "JPEG",
            cause,
        })?;
    let content = format!("q {} 0 0 {} 0 0 cm /Im0 Do Q\n", A4_PT.0, A4_PT.1);
    let image_dict = format!(
        "<< /Type /XObject /Subtype /Image /Width {} /Height {} /ColorSpace /DeviceRGB \
         /BitsPerComponent 8 /Filter /DCTDecode /Length {} >>",
        rgb.width(),
        rgb.height(),
        jpeg.len()
    );
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {} {}] \
             /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>",
            A4_PT.0, A4_PT.1
        )
        .into_bytes(),
        stream(image_dict.as_bytes(), &jpeg),
        stream(
            format!("<< /Length {} >>", content.len()).as_bytes(),
            content.as_bytes(),
        ),
    ];
    Ok(assemble(&objects))
}

fn stream(dict: &[u8], data: &[u8]) -> Vec<u8> {
    [dict, b"\nstream\n", data, b"\nendstream"].concat()
}

/// Numbers the objects from 1, and writes the header, the cross-reference table and trailer.
fn assemble(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref_at = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref_at}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
        haystack.windows(needle.len()).position(|w| w == needle)
    }

    #[test]
    fn cross_references_point_at_their_objects_and_the_image_decodes() {
        let page = RgbaImage::from_pixel(62, 88, image::Rgba([200, 100, 50, 255]));
        let pdf = a4_page_with_image(&page).expect("pdf");
        assert!(pdf.starts_with(b"%PDF-1.4\n"));
        assert!(pdf.ends_with(b"%%EOF\n"));
        let tail = String::from_utf8_lossy(&pdf[pdf.len() - 40..]).to_string();
        let xref_at: usize = tail
            .split("startxref\n")
            .nth(1)
            .and_then(|t| t.lines().next())
            .and_then(|n| n.parse().ok())
            .expect("startxref");
        assert!(pdf[xref_at..].starts_with(b"xref\n0 6\n"));
        let table = String::from_utf8_lossy(&pdf[xref_at..]).to_string();
        for (i, line) in table.lines().skip(3).take(5).enumerate() {
            let offset: usize = line[..10].parse().expect("offset");
            let expected = format!("{} 0 obj\n", i + 1);
            assert!(
                pdf[offset..].starts_with(expected.as_bytes()),
                "object {}",
                i + 1
            );
        }
        let start = find(&pdf, b"stream\n").expect("stream") + b"stream\n".len();
        let jpeg_end = find(&pdf[start..], b"\nendstream").expect("end") + start;
        let decoded = image::load_from_memory(&pdf[start..jpeg_end])
            .expect("jpeg")
            .to_rgb8();
        assert_eq!(decoded.dimensions(), (62, 88));
        assert!(find(&pdf, b"/Info").is_none(), "no metadata dictionary");
    }
}
