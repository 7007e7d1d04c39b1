//! Painting zones with a brush on the preview: brush size in mm and a feathered edge, paint
//! or erase; the painted zones drawn as a tint over the photo, and the brush's outline under
//! the pointer. An outlined zone becomes a painted one at its first brush stroke.

use egui::{Color32, ColorImage, Pos2, Rect, Stroke, TextureHandle, TextureOptions};
use glam::Vec2;

use super::edit::{EditTarget, ScreenMap, ZONE_COLOUR};
use crate::mask::PaintMask;
use crate::plan::{Plan, Zone};

/// Brush sizes offered, mm (diameter).
pub const BRUSH_SIZE_RANGE_MM: (f32, f32) = (2.0, 60.0);
/// Opacity of a fully painted cell's tint over the photo.
const TINT_ALPHA: f32 = 0.35;

/// The brush, shared by every painted zone.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Brush {
    /// Diameter, mm.
    pub size_mm: f32,
    /// Share of the radius that feathers out (0 hard … 1 all soft).
    pub softness: f32,
}

impl Default for Brush {
    fn default() -> Self {
        Brush {
            size_mm: 12.0,
            softness: 0.5,
        }
    }
}

/// Makes `zone` a painted zone over a photo of `photo_size_px`: its outline, if any, becomes
/// the first paint.
pub fn ensure_painted(zone: &mut Zone, photo_size_px: Vec2) -> &mut PaintMask {
    let polygon = std::mem::take(&mut zone.polygon);
    zone.mask.get_or_insert_with(|| {
        let mut mask = PaintMask::for_photo(photo_size_px);
        if polygon.len() >= 3 {
            mask.fill_polygon(&polygon);
        }
        mask
    })
}

/// One step of a brush stroke on zone `zone` from `from_px` to `to_px` (photo pixels).
pub fn paint_stroke(
    plan: &mut Plan,
    zone: usize,
    erase: bool,
    brush: Brush,
    (from_px, to_px): (Vec2, Vec2),
    photo_size_px: Vec2,
) {
    let radius_px = 0.5 * brush.size_mm * plan.px_per_mm;
    if let Some(zone) = plan.zones.get_mut(zone) {
        ensure_painted(zone, photo_size_px).stroke(
            from_px,
            to_px,
            radius_px,
            brush.softness,
            erase,
        );
    }
}

/// A new zone with nothing painted yet, at the plan's density.
pub fn new_painted_zone(plan: &Plan, photo_size_px: Vec2) -> Zone {
    Zone {
        name: format!("zone {}", plan.zones.len() + 1),
        polygon: Vec::new(),
        density_per_cm2: plan.density_per_cm2,
        dilution_ratio: None,
        mask: Some(PaintMask::for_photo(photo_size_px)),
    }
}

/// The painted zones' tints, re-made only when a mask changes.
#[derive(Default)]
pub struct PaintOverlay {
    layers: Vec<(PaintMask, TextureHandle)>,
}

impl PaintOverlay {
    /// Draws the painted zones that are shown (all with `show`, else the one being painted).
    pub fn paint(
        &mut self,
        ui: &egui::Ui,
        rect: Rect,
        map: &ScreenMap,
        plan: &Plan,
        target: EditTarget,
        show: bool,
    ) {
        let painter = ui.painter_at(rect);
        let masks = plan.zones.iter().map(|z| z.mask.as_ref());
        for (i, mask) in masks.enumerate() {
            let editing =
                matches!(target, EditTarget::Zone(z) | EditTarget::Paint { zone: z, .. } if z == i);
            let Some(mask) = mask.filter(|_| show || editing) else {
                continue;
            };
            let texture = self.texture(ui.ctx(), i, mask);
            let (w, h) = mask.size_cells();
            let size_px = Vec2::new(w as f32, h as f32) * mask.cell_px();
            let on_screen = Rect::from_min_max(
                map.screen_from_image(Vec2::ZERO),
                map.screen_from_image(size_px),
            );
            let uv = Rect::from_min_max(Pos2::ZERO, Pos2::new(1.0, 1.0));
            painter.image(texture.id(), on_screen, uv, Color32::WHITE);
        }
    }

    fn texture(&mut self, ctx: &egui::Context, i: usize, mask: &PaintMask) -> TextureHandle {
        if let Some((made_from, texture)) = self.layers.get(i)
            && made_from == mask
        {
            return texture.clone();
        }
        let image = tint_image(mask);
        let texture = ctx.load_texture(format!("painted zone {i}"), image, TextureOptions::LINEAR);
        if i >= self.layers.len() {
            self.layers
                .resize_with(i + 1, || (mask.clone(), texture.clone()));
        }
        self.layers[i] = (mask.clone(), texture.clone());
        texture
    }
}

fn tint_image(mask: &PaintMask) -> ColorImage {
    let (w, h) = mask.size_cells();
    let [r, g, b, _] = ZONE_COLOUR.to_array();
    let pixels = mask
        .weights()
        .iter()
        .map(|&weight| {
            let alpha = (f32::from(weight) * TINT_ALPHA).round() as u8;
            Color32::from_rgba_unmultiplied(r, g, b, alpha)
        })
        .collect();
    ColorImage::new([w as usize, h as usize], pixels)
}

/// The brush's outline (and its feathered core) under the pointer.
pub fn paint_cursor(ui: &egui::Ui, rect: Rect, map: &ScreenMap, plan: &Plan, brush: Brush) {
    let Some(pointer) = ui.ctx().pointer_hover_pos().filter(|p| rect.contains(*p)) else {
        return;
    };
    let painter = ui.painter_at(rect);
    let radius_px = 0.5 * brush.size_mm * plan.px_per_mm;
    let centre = map.image_from_screen(pointer);
    let radius_pt = map
        .screen_from_image(centre + Vec2::new(radius_px, 0.0))
        .distance(pointer);
    painter.circle_stroke(pointer, radius_pt, Stroke::new(1.5, Color32::WHITE));
    if brush.softness > 0.0 {
        let core = radius_pt * (1.0 - brush.softness);
        painter.circle_stroke(
            pointer,
            core,
            Stroke::new(1.0, Color32::from_white_alpha(120)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_outlined_zone_keeps_its_shape_when_it_becomes_painted() {
        let mut plan = Plan::for_whole_photo(400, 300);
        plan.zones.push(super::super::edit::new_zone(&plan));
        let centre = crate::geometry::bounding_box(&plan.zones[0].polygon)
            .map(|(lo, hi)| (lo + hi) * 0.5)
            .unwrap();
        let size = Vec2::new(400.0, 300.0);
        let far = Vec2::new(5.0, 5.0);
        let brush = Brush {
            size_mm: 2.0,
            softness: 0.0,
        };
        paint_stroke(&mut plan, 0, false, brush, (far, far), size);
        let zone = &plan.zones[0];
        assert!(zone.polygon.is_empty() && zone.is_painted());
        let mask = zone.mask.as_ref().unwrap();
        assert_eq!(mask.weight_at(centre), 1.0, "the outline became paint");
        assert_eq!(mask.weight_at(far), 1.0, "and the stroke added to it");
        plan.validate().unwrap();
        paint_stroke(&mut plan, 0, true, brush, (centre, centre), size);
        assert_eq!(plan.zones[0].mask.as_ref().unwrap().weight_at(centre), 0.0);
    }
}
