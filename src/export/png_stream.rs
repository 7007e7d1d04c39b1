//! A PNG written band by band as the renderer produces it, so the whole output never has to
//! sit in memory. RGB, 8 bits, no metadata chunks; the file replaces its target atomically,
//! and only once every row has been written.

use std::cell::RefCell;
use std::io::Write;
use std::path::Path;
use std::rc::Rc;

use super::ExportError;
use crate::io::atomic_file::AtomicFile;

/// The output file, shared between the PNG encoder (which must own its writer) and
/// [`stream_png`] (which commits the file once the encoder is done).
struct SharedFile(Rc<RefCell<AtomicFile>>);

impl Write for SharedFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.borrow_mut().flush()
    }
}

/// The rows of a PNG being written, top to bottom.
pub struct PngRows<'p> {
    stream: png::StreamWriter<'static, SharedFile>,
    width: usize,
    path: &'p Path,
}

impl PngRows<'_> {
    /// Appends whole RGBA rows (alpha is dropped).
    pub fn write_rgba_rows(&mut self, rgba: &[u8]) -> Result<(), ExportError> {
        let mut rgb = Vec::with_capacity(rgba.len() / 4 * 3);
        for pixel in rgba.chunks_exact(4) {
            rgb.extend_from_slice(&pixel[..3]);
        }
        debug_assert_eq!(rgb.len() % (3 * self.width), 0);
        self.stream
            .write_all(&rgb)
            .map_err(|cause| ExportError::Write {
                path: self.path.to_owned(),
                cause,
            })
    }
}

/// Writes a `width` × `height` PNG at `path` whose rows `fill` supplies; if `fill` fails or
/// supplies too few rows, the previous file at `path` is left as it was.
pub fn stream_png<E: From<ExportError>>(
    path: &Path,
    width: u32,
    height: u32,
    fill: impl FnOnce(&mut PngRows<'_>) -> Result<(), E>,
) -> Result<(), E> {
    let io_err = |cause| ExportError::Write {
        path: path.to_owned(),
        cause,
    };
    let png_err = |e: png::EncodingError| io_err(std::io::Error::other(e));
    let file = Rc::new(RefCell::new(AtomicFile::create(path).map_err(io_err)?));
    let mut encoder = png::Encoder::new(SharedFile(Rc::clone(&file)), width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    // The same settings as `image`'s default PNG encoder (fast deflate, adaptive filter).
    encoder.set_compression(png::Compression::Fast);
    encoder.set_filter(png::Filter::Adaptive);
    let writer = encoder.write_header().map_err(png_err)?;
    let stream = writer.into_stream_writer().map_err(png_err)?;
    let mut rows = PngRows {
        stream,
        width: width as usize,
        path,
    };
    fill(&mut rows)?;
    // Fails if rows are missing; dropping the encoder then writes the closing IEND chunk.
    rows.stream.finish().map_err(png_err)?;
    let file = Rc::try_unwrap(file)
        .map_err(|_| io_err(std::io::Error::other("PNG encoder still holds the file")))?
        .into_inner();
    file.commit().map_err(io_err)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streamed_rows_decode_to_the_same_picture_and_short_input_keeps_the_old_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("out.png");
        let rgba: Vec<u8> = (0..7 * 5 * 4).map(|i| (i * 7 % 256) as u8).collect();
        stream_png::<ExportError>(&path, 7, 5, |rows| {
            rows.write_rgba_rows(&rgba[..7 * 2 * 4])?;
            rows.write_rgba_rows(&rgba[7 * 2 * 4..])
        })
        .expect("written");
        let decoded = image::open(&path).expect("decodes").to_rgb8();
        assert_eq!(decoded.dimensions(), (7, 5));
        for (i, p) in decoded.pixels().enumerate() {
            assert_eq!(p.0, [rgba[4 * i], rgba[4 * i + 1], rgba[4 * i + 2]]);
        }
        let before = std::fs::read(&path).expect("read");
        let short =
            stream_png::<ExportError>(&path, 7, 5, |rows| rows.write_rgba_rows(&rgba[..28]));
        assert!(short.is_err());
        assert_eq!(std::fs::read(&path).expect("read"), before);
        assert_eq!(
            std::fs::read_dir(dir.path()).expect("dir").count(),
            1,
            "no temporary left"
        );
    }
}
