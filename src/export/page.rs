//! The plan sheet's page: its size and margins, the units (mm and points to pixels at
//! [`SHEET_DPI`]), the colours, and the [`Writer`] that sets lines of text top to bottom.
//! A leaf the sheet's parts (`sheet`, `sheet_notes`) share.

use image::RgbaImage;

use super::draw::{Box2, draw_text, text_width};
use crate::core::numbers::{DensityGrid, PlanNumbers};
use crate::core::plan::Plan;

/// Print resolution of the sheet, dots per inch.
pub const SHEET_DPI: f32 = 300.0;
/// A4 portrait, mm.
pub(super) const PAGE_MM: (f32, f32) = (210.0, 297.0);
pub(super) const MARGIN_MM: f32 = 15.0;
/// Zone rows that fit above the sessions table and the footer.
pub(super) const MAX_ZONE_ROWS: usize = 8;
/// Lines of notes the sheet makes room for (more are counted on the last line).
pub(super) const MAX_NOTE_LINES: usize = 5;
pub(super) const INK: [u8; 3] = [20, 20, 20];
pub(super) const MUTED: [u8; 3] = [90, 90, 90];
pub(super) const WARNING: [u8; 3] = [170, 40, 20];
pub(super) const HAIRLINE: [u8; 3] = [255, 150, 40];
pub(super) const AREA: [u8; 3] = [245, 245, 245];
pub(super) const ZONE_COLOURS: [[u8; 3]; 4] = [
    [80, 190, 230],
    [120, 220, 120],
    [230, 120, 200],
    [240, 220, 90],
];

/// Width between the page's margins, pixels.
pub(super) fn content_width_px() -> f32 {
    mm(PAGE_MM.0 - 2.0 * MARGIN_MM)
}

/// Pixels for a length in mm on the page.
pub(super) fn mm(length_mm: f32) -> f32 {
    length_mm * SHEET_DPI / 25.4
}

/// Pixels for a type size in points.
pub(super) fn pt(size_pt: f32) -> f32 {
    size_pt * SHEET_DPI / 72.0
}

/// The height of a line of text of `size_pt`, pixels: what [`Writer::line`] moves down.
pub(super) fn line_height_px(size_pt: f32) -> f32 {
    pt(size_pt) * 1.35
}

/// `text` broken at spaces into lines no wider than `width_px` at `size_px` (a word wider
/// than that stays whole on its own line).
fn wrapped(text: &str, size_px: f32, width_px: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split(' ') {
        match lines.last_mut() {
            Some(line) if text_width(&format!("{line} {word}"), size_px) <= width_px => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines
}

/// What a sheet shows.
pub struct SheetInputs<'a> {
    /// Shown in the title (the plan file's name).
    pub title: &'a str,
    pub plan: &'a Plan,
    pub numbers: &'a PlanNumbers,
    pub photo: &'a RgbaImage,
    pub after: &'a RgbaImage,
    pub density: &'a DensityGrid,
    /// The clinic's name, printed at the head of the sheet.
    pub clinic: Option<&'a str>,
    /// The clinic's logo, at the sheet's top right.
    pub logo: Option<&'a RgbaImage>,
}

/// Writes lines of text top to bottom.
pub(super) struct Writer<'a> {
    pub page: &'a mut RgbaImage,
    pub x: f32,
    pub y: f32,
}

impl Writer<'_> {
    /// Sets `text` from the writer's left, wrapped at spaces to stay inside the right margin;
    /// returns the box of its last line.
    pub fn line(&mut self, text: &str, size_pt: f32, colour: [u8; 3]) -> Box2 {
        let width = mm(MARGIN_MM) + content_width_px() - self.x;
        let mut drawn = Box2::new(self.x, self.y, 0.0, 0.0);
        for line in wrapped(text, pt(size_pt), width) {
            drawn = draw_text(self.page, &line, self.x, self.y, pt(size_pt), colour);
            self.y += line_height_px(size_pt);
        }
        drawn
    }

    /// One table row: cells at the given column offsets (mm from the left margin).
    pub fn row(&mut self, cells: &[String], columns_mm: &[f32], size_pt: f32, colour: [u8; 3]) {
        for (cell, col) in cells.iter().zip(columns_mm) {
            draw_text(
                self.page,
                cell,
                self.x + mm(*col),
                self.y,
                pt(size_pt),
                colour,
            );
        }
        self.y += line_height_px(size_pt);
    }

    pub fn gap(&mut self, gap_mm: f32) {
        self.y += mm(gap_mm);
    }
}
