//! The density heat-map overlay: the planned impressions/cm² drawn in colour over the
//! treatment area, with a legend in the preview's corner. The grid comes from the pure core
//! ([`DensityGrid`]) and is re-sampled only when the plan's field changes.

use egui::{Color32, ColorImage, Pos2, Rect, TextureHandle, TextureOptions};
use glam::Vec2;

use super::edit::ScreenMap;
use crate::core::color::heat_colour;
use crate::core::numbers::DensityGrid;
use crate::core::plan::Plan;
use crate::core::sampling::{DensityParams, FieldGeometry};

/// Cells across the longer side of the treatment area.
const CELLS: usize = 128;
/// Opacity of the colours over the photo.
const ALPHA: f32 = 0.6;

/// The overlay's texture and what it was made from.
#[derive(Default)]
pub struct HeatMapLayer {
    made_from: Option<(FieldGeometry, DensityParams)>,
    /// The plan revision last checked: while it stays the same, not even the key is rebuilt.
    checked_revision: Option<u64>,
    texture: Option<TextureHandle>,
    /// Photo-pixel rectangle the texture covers, and the density at the top of the scale.
    extent_px: (Vec2, Vec2),
    max_density: f32,
}

impl HeatMapLayer {
    /// Draws the overlay and its legend over the preview.
    /// `revision` is the plan's revision ([`super::document::Document::plan_revision`]).
    pub fn paint(
        &mut self,
        ui: &egui::Ui,
        rect: Rect,
        map: &ScreenMap,
        plan: &Plan,
        revision: u64,
    ) {
        self.update(ui.ctx(), plan, revision);
        let Some(texture) = &self.texture else { return };
        let painter = ui.painter_at(rect);
        let (lo, hi) = self.extent_px;
        let on_screen = Rect::from_min_max(map.screen_from_image(lo), map.screen_from_image(hi));
        let uv = Rect::from_min_max(Pos2::ZERO, Pos2::new(1.0, 1.0));
        painter.image(texture.id(), on_screen, uv, Color32::WHITE);
        legend(&painter, rect, self.max_density);
    }

    fn update(&mut self, ctx: &egui::Context, plan: &Plan, revision: u64) {
        if self.checked_revision == Some(revision) {
            return;
        }
        self.checked_revision = Some(revision);
        let key = (
            FieldGeometry::from_plan(plan),
            DensityParams::from_plan(plan),
        );
        if self.made_from.as_ref() == Some(&key) {
            return;
        }
        let grid = DensityGrid::with_square_cells(&key.0, &key.1, CELLS);
        self.max_density = key.1.max_density().max(1.0);
        let image = colour_image(&grid, self.max_density);
        let options = TextureOptions::LINEAR;
        match &mut self.texture {
            Some(texture) => texture.set(image, options),
            None => self.texture = Some(ctx.load_texture("density heat-map", image, options)),
        }
        let size = grid.cell_px * Vec2::new(grid.cols as f32, grid.rows as f32);
        self.extent_px = (grid.origin_px, grid.origin_px + size);
        self.made_from = Some(key);
    }
}

fn colour_image(grid: &DensityGrid, max_density: f32) -> ColorImage {
    let alpha = (ALPHA * 255.0) as u8;
    let pixels = grid
        .values
        .iter()
        .map(|v| match v {
            Some(d) => {
                let [r, g, b] = heat_colour(d / max_density);
                Color32::from_rgba_unmultiplied(r, g, b, alpha)
            }
            None => Color32::TRANSPARENT,
        })
        .collect();
    ColorImage::new([grid.cols, grid.rows], pixels)
}

/// A colour bar with its end values, bottom-left of the preview.
fn legend(painter: &egui::Painter, rect: Rect, max_density: f32) {
    let bar = Rect::from_min_size(
        rect.left_bottom() + egui::vec2(16.0, -44.0),
        egui::vec2(200.0, 12.0),
    );
    let back = bar
        .expand2(egui::vec2(8.0, 24.0))
        .translate(egui::vec2(0.0, 8.0));
    painter.rect_filled(back, 4.0, Color32::from_black_alpha(170));
    let steps = 50;
    for i in 0..steps {
        let [r, g, b] = heat_colour(i as f32 / (steps - 1) as f32);
        let x0 = bar.left() + bar.width() * i as f32 / steps as f32;
        let cell = Rect::from_min_max(
            Pos2::new(x0, bar.top()),
            Pos2::new(x0 + bar.width() / steps as f32 + 0.5, bar.bottom()),
        );
        painter.rect_filled(cell, 0.0, Color32::from_rgb(r, g, b));
    }
    let font = egui::FontId::proportional(12.0);
    let text = Color32::from_gray(230);
    let below = bar.bottom() + 3.0;
    painter.text(
        Pos2::new(bar.left(), below),
        egui::Align2::LEFT_TOP,
        "0",
        font.clone(),
        text,
    );
    let max = format!("{max_density:.0} impressions/cm²");
    painter.text(
        Pos2::new(bar.right(), below),
        egui::Align2::RIGHT_TOP,
        max,
        font.clone(),
        text,
    );
    painter.text(
        bar.left_top() - egui::vec2(0.0, 3.0),
        egui::Align2::LEFT_BOTTOM,
        "planned density",
        font,
        text,
    );
}
