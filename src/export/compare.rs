//! The before/after picture a patient takes home: both photos side by side (or one split
//! photo), labelled, with the "Simulation — actual results vary" caption and the clinic's name.

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
}

impl Default for CompareOptions {
    fn default() -> Self {
        CompareOptions {
            layout: CompareLayout::SideBySide,
            clinic_name: None,
            max_panel_side_px: 2400,
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
}

/// Composes `before` and `after` (the same size) into one labelled picture.
pub fn compose(before: &RgbaImage, after: &RgbaImage, options: &CompareOptions) -> Comparison {
    let long_side = before.width().max(before.height()).max(1) as f32;
    let scale = (options.max_panel_side_px as f32 / long_side).min(1.0);
    let panel_w = (before.width() as f32 * scale).round().max(1.0);
    let panel_h = (before.height() as f32 * scale).round().max(1.0);
    let text_px = (panel_w.max(panel_h) / 28.0).clamp(14.0, 72.0);
    let margin = (text_px * 0.8).round();
    let header = (text_px * 1.5).round();
    let footer = (text_px * 1.6).round();
    let panels = match options.layout {
        CompareLayout::SideBySide => 2.0,
        CompareLayout::Split => 1.0,
    };
    let width = panels * panel_w + (panels + 1.0) * margin;
    let height = margin + header + panel_h + footer + margin;
    let mut image = canvas(width as u32, height as u32, BACKGROUND);
    let top = margin + header;
    let panel_boxes = match options.layout {
        CompareLayout::SideBySide => {
            let left = Box2::new(margin, top, panel_w, panel_h);
            let right = Box2::new(2.0 * margin + panel_w, top, panel_w, panel_h);
            place_image(&mut image, before, left);
            place_image(&mut image, after, right);
            vec![left, right]
        }
        CompareLayout::Split => {
            let panel = Box2::new(margin, top, panel_w, panel_h);
            let half = before.width() / 2;
            let mut split = after.clone();
            let left = imageops::crop_imm(before, 0, 0, half, before.height()).to_image();
            imageops::replace(&mut split, &left, 0, 0);
            place_image(&mut image, &split, panel);
            let divider_w = (text_px / 10.0).max(2.0);
            let mid = Box2::new(
                panel.x + 0.5 * panel_w - 0.5 * divider_w,
                top,
                divider_w,
                panel_h,
            );
            fill_rect(&mut image, mid, DIVIDER);
            vec![panel]
        }
    };
    let first = panel_boxes[0];
    let last = panel_boxes[panel_boxes.len() - 1];
    let label_y = margin + 0.5 * (header - text_px * 1.2);
    let before_box = draw_text(&mut image, "Before", first.x, label_y, text_px, INK);
    let after_x = match options.layout {
        CompareLayout::SideBySide => last.x,
        CompareLayout::Split => last.right() - text_width("After", text_px),
    };
    let after_box = draw_text(&mut image, "After", after_x, label_y, text_px, INK);
    let caption_px = text_px * 0.8;
    let caption_y = top + panel_h + 0.5 * (footer - caption_px * 1.2);
    let caption_box = draw_text(&mut image, CAPTION, first.x, caption_y, caption_px, INK);
    let clinic_box = options
        .clinic_name
        .as_deref()
        .filter(|n| !n.trim().is_empty())
        .map(|name| {
            let x = last.right() - text_width(name, caption_px);
            draw_text(
                &mut image,
                name,
                x.max(caption_box.right() + margin),
                caption_y,
                caption_px,
                INK,
            )
        });
    Comparison {
        image,
        label_boxes: [before_box, after_box],
        caption_box,
        clinic_box,
        panel_boxes,
    }
}
