//! The before/after picture a patient takes home: both photos side by side (or one split
//! photo), labelled, with the "Simulation — actual results vary" caption and the clinic's name,
//! and a 100 % detail of the treated scalp in the corner of each panel: the panels show the
//! shade at arm's length (scaled in linear light, so the tone is the full picture's), the
//! detail the dots themselves.

use glam::Vec2;
use image::{RgbaImage, imageops};

use super::draw::{Box2, canvas, draw_text, fill_rect, place_image, text_width};

/// The caption every comparison carries.
pub const CAPTION: &str = "Simulation — actual results vary";
const BACKGROUND: [u8; 3] = [250, 250, 250];
const INK: [u8; 3] = [25, 25, 25];
const DIVIDER: [u8; 3] = [255, 255, 255];

/// How before and after are arranged.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum CompareLayout {
    /// Two panels, before on the left.
    #[default]
    SideBySide,
    /// One photo: its left half before, its right half after.
    Split,
}

/// Options of a comparison picture.
#[derive(Clone, Debug)]
pub struct CompareOptions {
    pub layout: CompareLayout,
    /// Printed under the picture, right-aligned.
    pub clinic_name: Option<String>,
    /// Each panel is scaled down so that its longer side is at most this many pixels.
    pub max_panel_side_px: u32,
    /// The photo point (pixels) the 100 % detail shows; none: no detail.
    pub detail_centre_px: Option<Vec2>,
}

impl Default for CompareOptions {
    fn default() -> Self {
        CompareOptions {
            layout: CompareLayout::SideBySide,
            clinic_name: None,
            max_panel_side_px: 2400,
            detail_centre_px: None,
        }
    }
}

/// A composed comparison and where its texts went (for checks).
pub struct Comparison {
    pub image: RgbaImage,
    /// "Before" and "After" labels.
    pub label_boxes: [Box2; 2],
    pub caption_box: Box2,
    pub clinic_box: Option<Box2>,
    /// Where the photo panels are.
    pub panel_boxes: Vec<Box2>,
    /// Where the 100 % details are (one per panel), and the photo pixel at their top left.
    pub detail_boxes: Vec<(Box2, (u32, u32))>,
}

/// Composes `before` and `after` (the same size) into one labelled picture.
pub fn compose(before: &RgbaImage, after: &RgbaImage, options: &CompareOptions) -> Comparison {
    let m = Metrics::new(before, options);
    let mut image = m.canvas(options.layout);
    let panel_boxes = match options.layout {
        CompareLayout::SideBySide => side_by_side(&mut image, before, after, &m),
        CompareLayout::Split => split_panel(&mut image, before, after, &m),
    };
    let first = panel_boxes[0];
    let last = panel_boxes[panel_boxes.len() - 1];
    let (text_px, label_y) = (m.text_px, m.margin + 0.5 * (m.header - m.text_px * 1.2));
    let before_box = draw_text(&mut image, "Before", first.x, label_y, text_px, INK);
    let after_x = match options.layout {
        CompareLayout::SideBySide => last.x,
        CompareLayout::Split => last.right() - text_width("After", text_px),
    };
    let after_box = draw_text(&mut image, "After", after_x, label_y, text_px, INK);
    let clinic = options.clinic_name.as_deref();
    let (caption_box, clinic_box) = draw_caption(&mut image, &m, (first, last), clinic);
    let detail_boxes = match options.detail_centre_px {
        None => Vec::new(),
        Some(centre) => {
            let sources: &[&RgbaImage] = match options.layout {
                CompareLayout::SideBySide => &[before, after],
                CompareLayout::Split => &[after],
            };
            let panels = panel_boxes.iter().rev().take(sources.len()).rev();
            let parts = panels
                .zip(sources.iter())
                .map(|(panel, source)| (*panel, *source));
            parts
                .map(|(panel, source)| draw_detail(&mut image, source, panel, centre, &m))
                .collect()
        }
    };
    Comparison {
        image,
        label_boxes: [before_box, after_box],
        caption_box,
        clinic_box,
        panel_boxes,
        detail_boxes,
    }
}

/// A 1:1 crop of `source` around `centre_px`, framed in the bottom-right corner of `panel`,
/// labelled "100 %"; returns where it went and the photo pixel at its top left.
fn draw_detail(
    image: &mut RgbaImage,
    source: &RgbaImage,
    panel: Box2,
    centre_px: Vec2,
    m: &Metrics,
) -> (Box2, (u32, u32)) {
    let side = (0.38 * panel.w.min(panel.h)).round().max(8.0) as u32;
    let (sw, sh) = source.dimensions();
    let (cw, ch) = (side.min(sw), side.min(sh));
    let x0 = (centre_px.x.round() as i64 - i64::from(cw / 2)).clamp(0, i64::from(sw - cw)) as u32;
    let y0 = (centre_px.y.round() as i64 - i64::from(ch / 2)).clamp(0, i64::from(sh - ch)) as u32;
    let crop = imageops::crop_imm(source, x0, y0, cw, ch).to_image();
    let frame = (m.text_px / 8.0).max(2.0);
    let at = Box2::new(
        (panel.right() - cw as f32 - 2.0 * frame).round(),
        (panel.y + panel.h - ch as f32 - 2.0 * frame).round(),
        cw as f32,
        ch as f32,
    );
    let border = Box2::new(
        at.x - frame,
        at.y - frame,
        at.w + 2.0 * frame,
        at.h + 2.0 * frame,
    );
    fill_rect(image, border, DIVIDER);
    imageops::overlay(image, &crop, at.x as i64, at.y as i64);
    let label_px = (m.text_px * 0.6).max(12.0);
    let label_w = text_width("100 %", label_px) + label_px * 0.6;
    let label = Box2::new(at.x, at.y, label_w, label_px * 1.4);
    fill_rect(image, label, DIVIDER);
    draw_text(
        image,
        "100 %",
        at.x + label_px * 0.3,
        at.y + label_px * 0.15,
        label_px,
        INK,
    );
    (at, (x0, y0))
}

/// Sizes of the comparison's parts, in output pixels.
struct Metrics {
    panel_w: f32,
    panel_h: f32,
    text_px: f32,
    margin: f32,
    header: f32,
    footer: f32,
}

impl Metrics {
    fn new(before: &RgbaImage, options: &CompareOptions) -> Self {
        let long_side = before.width().max(before.height()).max(1) as f32;
        let scale = (options.max_panel_side_px as f32 / long_side).min(1.0);
        let panel_w = (before.width() as f32 * scale).round().max(1.0);
        let panel_h = (before.height() as f32 * scale).round().max(1.0);
        let text_px = (panel_w.max(panel_h) / 28.0).clamp(14.0, 72.0);
        Metrics {
            panel_w,
            panel_h,
            text_px,
            margin: (text_px * 0.8).round(),
            header: (text_px * 1.5).round(),
            footer: (text_px * 1.6).round(),
        }
    }

    /// The empty picture: panels side by side (or one), with margins, labels and caption.
    fn canvas(&self, layout: CompareLayout) -> RgbaImage {
        let panels = match layout {
            CompareLayout::SideBySide => 2.0,
            CompareLayout::Split => 1.0,
        };
        let width = panels * self.panel_w + (panels + 1.0) * self.margin;
        let height = self.top() + self.panel_h + self.footer + self.margin;
        canvas(width as u32, height as u32, BACKGROUND)
    }

    /// Top edge of the panels.
    fn top(&self) -> f32 {
        self.margin + self.header
    }
}

/// "Before" on the left, "after" on the right; returns the two panels.
fn side_by_side(
    image: &mut RgbaImage,
    before: &RgbaImage,
    after: &RgbaImage,
    m: &Metrics,
) -> Vec<Box2> {
    let left = Box2::new(m.margin, m.top(), m.panel_w, m.panel_h);
    let right = Box2::new(2.0 * m.margin + m.panel_w, m.top(), m.panel_w, m.panel_h);
    place_image(image, before, left);
    place_image(image, after, right);
    vec![left, right]
}

/// One panel: the left half "before", the right half "after", with a divider between.
fn split_panel(
    image: &mut RgbaImage,
    before: &RgbaImage,
    after: &RgbaImage,
    m: &Metrics,
) -> Vec<Box2> {
    let panel = Box2::new(m.margin, m.top(), m.panel_w, m.panel_h);
    let half = before.width() / 2;
    let mut split = after.clone();
    let left = imageops::crop_imm(before, 0, 0, half, before.height()).to_image();
    imageops::replace(&mut split, &left, 0, 0);
    place_image(image, &split, panel);
    let divider_w = (m.text_px / 10.0).max(2.0);
    let mid = Box2::new(
        panel.x + 0.5 * m.panel_w - 0.5 * divider_w,
        m.top(),
        divider_w,
        m.panel_h,
    );
    fill_rect(image, mid, DIVIDER);
    vec![panel]
}

/// The caption under the first panel and the clinic's name (if any) right-aligned under the
/// last; returns where each was drawn.
fn draw_caption(
    image: &mut RgbaImage,
    m: &Metrics,
    (first, last): (Box2, Box2),
    clinic_name: Option<&str>,
) -> (Box2, Option<Box2>) {
    let caption_px = m.text_px * 0.8;
    let caption_y = m.top() + m.panel_h + 0.5 * (m.footer - caption_px * 1.2);
    let caption_box = draw_text(image, CAPTION, first.x, caption_y, caption_px, INK);
    let clinic_box = clinic_name.filter(|n| !n.trim().is_empty()).map(|name| {
        let x = last.right() - text_width(name, caption_px);
        let x = x.max(caption_box.right() + m.margin);
        draw_text(image, name, x, caption_y, caption_px, INK)
    });
    (caption_box, clinic_box)
}
