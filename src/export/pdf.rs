//! The plan sheet as a PDF page with real text: the sheet's pictures and graphics as one
//! image under the page, and every line of its text set on top in the embedded typeface
//! (egui's Ubuntu Light, as a Type 0 font with a ToUnicode map), so the text can be selected,
//! searched and copied. Written with `pdf-writer`. The file has no `/Info` dictionary nor
//! XMP, so it carries no metadata beyond what the sheet shows.

use ab_glyph::Font;
use image::RgbaImage;
use image::codecs::jpeg::JpegEncoder;
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str};

use super::ExportError;
use super::draw::TextRun;

/// JPEG quality of the page's picture layer (its text is not in it).
const JPEG_QUALITY: u8 = 92;
const FONT_NAME: Name<'static> = Name(b"UbuntuLight");

/// The paper a sheet is printed on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

impl Paper {
    /// Width and height in PDF points (1/72 inch).
    pub fn size_pt(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }
}

/// A page of the sheet: its picture (the page without its text) and its text.
pub struct SheetPage {
    pub picture: RgbaImage,
    pub text: Vec<TextRun>,
}

/// The bytes of a PDF of `pages` (each drawn for A4 at `px_per_pt` pixels a point, fitted to
/// `paper`), their text set over their pictures in one embedded font.
pub fn sheet_pdf(
    pages: &[SheetPage],
    px_per_pt: f32,
    paper: Paper,
) -> Result<Vec<u8>, ExportError> {
    let mut pdf = SheetPdf::new(px_per_pt, paper)?;
    for page in pages {
        pdf.add_page(page)?;
    }
    Ok(pdf.finish())
}

/// A sheet PDF written a page at a time, so that a long sheet (a case's, a page or more per
/// view) never holds more than one page's picture: each is compressed into the file as it is
/// added, and only its text is kept (for the font's glyphs).
pub struct SheetPdf {
    pdf: Pdf,
    font: ab_glyph::FontRef<'static>,
    /// The catalog's, page tree's and font objects' numbers.
    tree: Ref,
    fonts: [Ref; 5],
    next_id: i32,
    pages: Vec<Ref>,
    text: Vec<TextRun>,
    px_per_pt: f32,
    paper: Paper,
}

impl SheetPdf {
    pub fn new(px_per_pt: f32, paper: Paper) -> Result<Self, ExportError> {
        let font = super::draw::font().ok_or(ExportError::Font)?;
        let mut pdf = Pdf::new();
        let (catalog, tree) = (Ref::new(1), Ref::new(2));
        pdf.catalog(catalog).pages(tree);
        Ok(SheetPdf {
            pdf,
            font,
            tree,
            fonts: std::array::from_fn(|k| Ref::new(3 + k as i32)),
            next_id: 8,
            pages: Vec::new(),
            text: Vec::new(),
            px_per_pt,
            paper,
        })
    }

    fn next_ref(&mut self) -> Ref {
        self.next_id += 1;
        Ref::new(self.next_id - 1)
    }

    /// Writes `sheet` as the next page.
    pub fn add_page(&mut self, sheet: &SheetPage) -> Result<(), ExportError> {
        let ids = [self.next_ref(), self.next_ref(), self.next_ref()];
        write_page(
            &mut self.pdf,
            [self.tree, ids[0], ids[1], ids[2], self.fonts[0]],
            sheet,
            &self.font,
            (self.px_per_pt, self.paper),
        )?;
        self.pages.push(ids[0]);
        self.text.extend(sheet.text.iter().cloned());
        Ok(())
    }

    /// The file's bytes: the page tree and the font (the glyphs the pages use) written last.
    pub fn finish(mut self) -> Vec<u8> {
        let count = self.pages.len() as i32;
        self.pdf
            .pages(self.tree)
            .kids(self.pages.iter().copied())
            .count(count);
        let text: Vec<&TextRun> = self.text.iter().collect();
        let glyphs = used_glyphs(&self.font, &text);
        write_font(&mut self.pdf, self.fonts, &self.font, &glyphs);
        self.pdf.finish()
    }
}

/// One page: its picture fitted to the paper (the A4 layout centred on Letter) and its text.
fn write_page(
    pdf: &mut Pdf,
    [tree, page, image, content, font_ref]: [Ref; 5],
    sheet: &SheetPage,
    font: &ab_glyph::FontRef<'_>,
    (px_per_pt, paper): (f32, Paper),
) -> Result<(), ExportError> {
    let picture = &sheet.picture;
    let (page_w, page_h) = paper.size_pt();
    let (drawn_w, drawn_h) = (
        picture.width() as f32 / px_per_pt,
        picture.height() as f32 / px_per_pt,
    );
    let fit = (page_w / drawn_w).min(page_h / drawn_h);
    let origin = (
        0.5 * (page_w - drawn_w * fit),
        0.5 * (page_h - drawn_h * fit),
    );
    let place = Placement {
        scale: fit / px_per_pt,
        origin,
        top: origin.1 + drawn_h * fit,
    };
    let mut p = pdf.page(page);
    p.media_box(Rect::new(0.0, 0.0, page_w, page_h));
    p.parent(tree);
    p.contents(content);
    let mut resources = p.resources();
    resources.x_objects().pair(Name(b"Im0"), image);
    resources.fonts().pair(Name(b"F0"), font_ref);
    resources.finish();
    p.finish();
    let jpeg = encode_jpeg(picture)?;
    let mut xobject = pdf.image_xobject(image, &jpeg);
    xobject.filter(Filter::DctDecode);
    xobject.width(picture.width() as i32);
    xobject.height(picture.height() as i32);
    xobject.color_space().device_rgb();
    xobject.bits_per_component(8);
    xobject.finish();
    let stream = page_content(font, &sheet.text, &place, (drawn_w * fit, drawn_h * fit));
    pdf.stream(content, &stream);
    Ok(())
}

/// Where the A4 layout lands on the paper: points per layout pixel, its bottom-left corner
/// and its top, in points.
struct Placement {
    scale: f32,
    origin: (f32, f32),
    top: f32,
}

fn encode_jpeg(picture: &RgbaImage) -> Result<Vec<u8>, ExportError> {
    let rgb = image::DynamicImage::ImageRgba8(picture.clone()).into_rgb8();
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, JPEG_QUALITY)
        .encode_image(&rgb)
        .map_err(|cause| ExportError::Encode {
            what: "JPEG",
            cause,
        })?;
    Ok(jpeg)
}

/// The picture under the page, then each line of text at its place.
fn page_content(
    font: &ab_glyph::FontRef<'_>,
    text: &[TextRun],
    place: &Placement,
    (w, h): (f32, f32),
) -> Vec<u8> {
    let mut content = Content::new();
    content.save_state();
    content.transform([w, 0.0, 0.0, h, place.origin.0, place.origin.1]);
    content.x_object(Name(b"Im0"));
    content.restore_state();
    let units = font.units_per_em().unwrap_or(1000.0);
    for run in text {
        let size_pt = run.size_px * place.scale;
        // draw_text puts the run's top at y, its baseline one ascent below.
        let ascent_px = font.ascent_unscaled() / units * run.size_px;
        let x = place.origin.0 + run.x_px * place.scale;
        let y = place.top - (run.y_px + ascent_px) * place.scale;
        let [r, g, b] = run.colour.map(|c| f32::from(c) / 255.0);
        let codes: Vec<u8> = run
            .text
            .chars()
            .flat_map(|c| font.glyph_id(c).0.to_be_bytes())
            .collect();
        content.begin_text();
        content.set_fill_rgb(r, g, b);
        content.set_font(Name(b"F0"), size_pt);
        content.next_line(x, y);
        content.show(Str(&codes));
        content.end_text();
    }
    content.finish().into_vec()
}

/// Every glyph the text uses, with a character it stands for.
fn used_glyphs(font: &ab_glyph::FontRef<'_>, text: &[&TextRun]) -> Vec<(u16, char)> {
    let mut glyphs: Vec<(u16, char)> = text
        .iter()
        .flat_map(|run| run.text.chars())
        .map(|c| (font.glyph_id(c).0, c))
        .collect();
    glyphs.sort_unstable();
    glyphs.dedup_by_key(|(g, _)| *g);
    glyphs
}

/// The Type 0 font: its CID font (glyph ids as CIDs, their widths), its descriptor, the
/// ToUnicode map (for search and copy) and the font file, compressed.
fn write_font(
    pdf: &mut Pdf,
    [type0, cid, descriptor, cmap, file]: [Ref; 5],
    font: &ab_glyph::FontRef<'_>,
    glyphs: &[(u16, char)],
) {
    let units = font.units_per_em().unwrap_or(1000.0);
    let per_mille = |v: f32| v / units * 1000.0;
    pdf.type0_font(type0)
        .base_font(FONT_NAME)
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid)
        .to_unicode(cmap);
    let info = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };
    let mut cid_font = pdf.cid_font(cid);
    cid_font
        .subtype(CidFontType::Type2)
        .base_font(FONT_NAME)
        .system_info(info)
        .font_descriptor(descriptor)
        .default_width(per_mille(font.h_advance_unscaled(ab_glyph::GlyphId(0))))
        .cid_to_gid_map_predefined(Name(b"Identity"));
    let mut widths = cid_font.widths();
    for &(glyph, _) in glyphs {
        let advance = font.h_advance_unscaled(ab_glyph::GlyphId(glyph));
        widths.consecutive(glyph, [per_mille(advance)]);
    }
    widths.finish();
    cid_font.finish();
    let (ascent, descent) = (font.ascent_unscaled(), font.descent_unscaled());
    pdf.font_descriptor(descriptor)
        .name(FONT_NAME)
        .flags(FontFlags::NON_SYMBOLIC)
        .bbox(Rect::new(
            -200.0,
            per_mille(descent),
            1200.0,
            per_mille(ascent),
        ))
        .italic_angle(0.0)
        .ascent(per_mille(ascent))
        .descent(per_mille(descent))
        .cap_height(per_mille(0.7 * ascent))
        .stem_v(80.0)
        .font_file2(file);
    let mut unicode = UnicodeCmap::new(Name(b"Custom"), info);
    for &(glyph, c) in glyphs {
        unicode.pair(glyph, c);
    }
    pdf.cmap(cmap, &unicode.finish());
    let bytes = super::draw::font_bytes();
    let compressed = miniz_oxide::deflate::compress_to_vec_zlib(bytes, 8);
    pdf.stream(file, &compressed)
        .filter(Filter::FlateDecode)
        .pair(Name(b"Length1"), bytes.len() as i32);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
        haystack.windows(needle.len()).position(|w| w == needle)
    }

    fn run(text: &str) -> TextRun {
        TextRun {
            text: text.into(),
            x_px: 100.0,
            y_px: 200.0,
            size_px: 40.0,
            colour: [20, 20, 20],
        }
    }

    #[test]
    fn the_page_picture_decodes_the_font_is_embedded_and_nothing_else_is_said() {
        let page = RgbaImage::from_pixel(62, 88, image::Rgba([200, 100, 50, 255]));
        for paper in [Paper::A4, Paper::Letter] {
            let pages = [SheetPage {
                picture: page.clone(),
                text: vec![run("Crown 95/cm²")],
            }];
            let pdf = sheet_pdf(&pages, 62.0 / 595.28, paper).unwrap();
            assert!(pdf.starts_with(b"%PDF-"));
            let start = find(&pdf, b"\xFF\xD8").expect("the JPEG");
            let decoded = image::load_from_memory(&pdf[start..])
                .expect("jpeg")
                .to_rgb8();
            assert_eq!(decoded.dimensions(), (62, 88));
            for key in [
                &b"/FontFile2"[..],
                b"/ToUnicode",
                b"/Identity-H",
                b"/Length1",
            ] {
                assert!(
                    find(&pdf, key).is_some(),
                    "{}",
                    String::from_utf8_lossy(key)
                );
            }
            let (w, h) = paper.size_pt();
            let media_box = format!("/MediaBox [0 0 {} {}]", w, h);
            assert!(find(&pdf, media_box.as_bytes()).is_some(), "{media_box}");
            assert!(find(&pdf, b"/Info").is_none(), "no metadata dictionary");
            assert!(find(&pdf, b"/Metadata").is_none(), "no XMP");
        }
    }
}
