//! Files that leave the app: the after-picture, the before/after comparison, the plan sheet
//! and the plan's numbers. Pure Rust (the after-picture itself comes from the renderer).
//!
//! Every picture is written as a plain RGB PNG with no ancillary chunks, so no photo metadata
//! (EXIF, GPS, text) ever leaves with it; files are written atomically.

pub mod case_export;
pub mod compare;
pub mod draw;
pub mod headless;
pub mod outputs;
mod page;
pub mod pdf;
pub mod png_stream;
pub mod progress;
pub mod sheet;
mod sheet_notes;
mod sheet_tables;

use std::path::{Path, PathBuf};

use image::RgbaImage;

pub use compare::{CAPTION, CompareLayout, CompareOptions, Comparison, compose};
pub use sheet::{SheetInputs, render_sheet};

/// Why an export could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot encode {what}: {cause}")]
    Encode {
        what: &'static str,
        cause: image::ImageError,
    },
    #[error("cannot write {path}: {cause}")]
    Write {
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error("{path}: {reason}")]
    Format { path: PathBuf, reason: String },
    #[error("the sheet's typeface could not be read")]
    Font,
}

/// PNG bytes of an opaque picture: RGB, 8 bits, no metadata chunks.
pub fn encode_png(image: &RgbaImage) -> Result<Vec<u8>, ExportError> {
    let rgb: image::RgbImage = image::buffer::ConvertBuffer::convert(image);
    let mut bytes = Vec::new();
    rgb.write_to(
        &mut std::io::Cursor::new(&mut bytes),
        image::ImageFormat::Png,
    )
    .map_err(|cause| ExportError::Encode { what: "PNG", cause })?;
    Ok(bytes)
}

/// Writes `bytes` atomically (the previous file stays whole if this is interrupted).
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    crate::io::atomic_file::write_atomically(path, bytes).map_err(|cause| ExportError::Write {
        path: path.to_owned(),
        cause,
    })
}

/// Writes a picture as PNG.
pub fn write_png(path: &Path, image: &RgbaImage) -> Result<(), ExportError> {
    write_file(path, &encode_png(image)?)
}

/// The lower-cased extension of `path` ("" when it has none).
pub fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// Writes the plan sheet as PNG (300 dpi, A4) or PDF (one page of `paper`, its text real
/// text), by the file's extension.
pub fn write_sheet(
    path: &Path,
    inputs: &SheetInputs,
    paper: pdf::Paper,
) -> Result<(), ExportError> {
    match extension(path).as_str() {
        "png" => write_png_pages(path, &sheet::render_sheet_pages(inputs)),
        "pdf" => {
            // Each page drawn with its text recorded, so that the PDF sets it as real text, and
            // written into the file as soon as it is drawn.
            let mut pdf = pdf::SheetPdf::new(page::SHEET_DPI / 72.0, paper)?;
            sheet::for_each_sheet_page_with_text(inputs, |picture, text| {
                pdf.add_page(&pdf::SheetPage { picture, text })
            })?;
            write_file(path, &pdf.finish())
        }
        _ => Err(ExportError::Format {
            path: path.to_owned(),
            reason: "the plan sheet is written as .png or .pdf".into(),
        }),
    }
}

/// Writes a sheet's pages as PNGs: the first at `path`, the next at `<stem>-2.png`, ….
fn write_png_pages(path: &Path, pages: &[RgbaImage]) -> Result<(), ExportError> {
    for (k, page) in pages.iter().enumerate() {
        let target = match k {
            0 => path.to_owned(),
            k => {
                let stem = path.file_stem().unwrap_or_default().to_string_lossy();
                path.with_file_name(format!("{stem}-{}.png", k + 1))
            }
        };
        write_png(&target, page)?;
    }
    Ok(())
}

/// Writes the numbers as JSON or CSV, by the file's extension.
pub fn write_numbers(
    path: &Path,
    numbers: &crate::core::numbers::PlanNumbers,
) -> Result<(), ExportError> {
    let text = match extension(path).as_str() {
        "json" => numbers.to_json().map_err(|e| ExportError::Format {
            path: path.to_owned(),
            reason: format!("cannot write the numbers as JSON: {e}"),
        })?,
        "csv" => numbers.to_csv(),
        _ => {
            return Err(ExportError::Format {
                path: path.to_owned(),
                reason: "the numbers are written as .json or .csv".into(),
            });
        }
    };
    write_file(path, text.as_bytes())
}
