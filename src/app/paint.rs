//! Painting zones with a brush on the preview: brush size in mm and a feathered edge, paint
//! or erase; the painted zones drawn as a tint over the photo, and the brush's outline under
//! the pointer. An outlined zone becomes a painted one at its first brush stroke.

use egui::{Color32, ColorImage, Pos2, Rect, Stroke, TextureHandle, TextureOptions};
use glam::Vec2;

use super::edit::{EditTarget, PaintLayer, ScreenMap, ZONE_COLOUR};
use crate::core::head::HeadModel;
use crate::core::mask::{Footprint, PaintMask};
use crate::core::plan::{Plan, Zone};

/// Brush sizes offered, mm (diameter).
pub const BRUSH_SIZE_RANGE_MM: (f32, f32) = (2.0, 60.0);
/// Opacity of a fully painted cell's tint over the photo.
const TINT_ALPHA: f32 = 0.35;
/// Tint of the hair mask.
const HAIR_COLOUR: Color32 = Color32::from_rgb(240, 140, 40);

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

/// One step of a brush stroke on `layer` from `from_px` to `to_px` (photo pixels).
pub fn paint_stroke(
    plan: &mut Plan,
    layer: PaintLayer,
    erase: bool,
    brush: Brush,
    (from_px, to_px): (Vec2, Vec2),
    photo_size_px: Vec2,
) {
    let head = plan.head_model();
    let flat_radius_px = 0.5 * brush.size_mm * plan.px_per_mm;
    let footprint_at = |p| footprint(head.as_ref(), p, 0.5 * brush.size_mm, flat_radius_px);
    let mask = match layer {
        PaintLayer::Zone(i) => match plan.zones.get_mut(i) {
            Some(zone) => ensure_painted(zone, photo_size_px),
            None => return,
        },
        PaintLayer::Hair => plan
            .hair_mask
            .get_or_insert_with(|| PaintMask::for_photo(photo_size_px)),
    };
    mask.stroke(from_px, to_px, footprint_at, brush.softness, erase);
}

/// The brush's footprint at `p`: a circle of `radius_mm` on the scalp with a head model
/// (smaller and squashed where the head turns away), else `flat_radius_px` round.
fn footprint(head: Option<&HeadModel>, p: Vec2, radius_mm: f32, flat_radius_px: f32) -> Footprint {
    match head.and_then(|h| h.footprint_px(p, radius_mm)) {
        Some((radius_px, tilt_dir, squash)) => Footprint {
            radius_px,
            tilt_dir,
            squash,
        },
        None => flat_radius_px.into(),
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

/// The painted zones' and the hair mask's tints, re-made only when a mask changes.
#[derive(Default)]
pub struct PaintOverlay {
    /// Slot 0: the hair; slot i + 1: zone i.
    layers: Vec<Option<(PaintMask, TextureHandle)>>,
}

impl PaintOverlay {
    /// Draws the painted layers that are shown: all with `show`, else the one being edited.
    pub fn paint(
        &mut self,
        ui: &egui::Ui,
        rect: Rect,
        map: &ScreenMap,
        plan: &Plan,
        target: EditTarget,
        show: bool,
    ) {
        let editing = |layer: PaintLayer| match (target, layer) {
            (EditTarget::Paint { layer: l, .. }, _) => l == layer,
            (EditTarget::Zone(z), PaintLayer::Zone(i)) => z == i,
            _ => false,
        };
        let hair = plan.hair_mask.as_ref().map(|m| (PaintLayer::Hair, m));
        let zones = plan.zones.iter().enumerate();
        let zones = zones.filter_map(|(i, z)| z.mask.as_ref().map(|m| (PaintLayer::Zone(i), m)));
        let painter = ui.painter_at(rect);
        for (layer, mask) in hair.into_iter().chain(zones) {
            if !(show || editing(layer)) {
                continue;
            }
            let texture = self.texture(ui.ctx(), layer, mask);
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

    fn texture(
        &mut self,
        ctx: &egui::Context,
        layer: PaintLayer,
        mask: &PaintMask,
    ) -> TextureHandle {
        let (slot, colour) = match layer {
            PaintLayer::Hair => (0, HAIR_COLOUR),
            PaintLayer::Zone(i) => (i + 1, ZONE_COLOUR),
        };
        if slot >= self.layers.len() {
            self.layers.resize_with(slot + 1, || None);
        }
        if let Some((made_from, texture)) = &self.layers[slot]
            && made_from == mask
        {
            return texture.clone();
        }
        let image = tint_image(mask, colour);
        let name = format!("painted layer {slot}");
        let texture = ctx.load_texture(name, image, TextureOptions::LINEAR);
        self.layers[slot] = Some((mask.clone(), texture.clone()));
        texture
    }
}

fn tint_image(mask: &PaintMask, colour: Color32) -> ColorImage {
    let (w, h) = mask.size_cells();
    let [r, g, b, _] = colour.to_array();
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
    let centre = map.image_from_screen(pointer);
    let flat_radius_px = 0.5 * brush.size_mm * plan.px_per_mm;
    let f = footprint(
        plan.head_model().as_ref(),
        centre,
        0.5 * brush.size_mm,
        flat_radius_px,
    );
    // The footprint's edge (and its feathered core), an ellipse where the scalp turns away.
    let outline = |scale: f32| -> Vec<Pos2> {
        (0..=48)
            .map(|i| {
                let a = std::f32::consts::TAU * i as f32 / 48.0;
                let (along, across) = (a.cos() * f.squash, a.sin());
                let offset =
                    (f.tilt_dir * along + f.tilt_dir.perp() * across) * f.radius_px * scale;
                map.screen_from_image(centre + offset)
            })
            .collect()
    };
    painter.add(egui::Shape::line(
        outline(1.0),
        Stroke::new(1.5, Color32::WHITE),
    ));
    if brush.softness > 0.0 {
        let stroke = Stroke::new(1.0, Color32::from_white_alpha(120));
        painter.add(egui::Shape::line(outline(1.0 - brush.softness), stroke));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_outlined_zone_keeps_its_shape_when_it_becomes_painted() {
        let mut plan = Plan::for_whole_photo(400, 300);
        plan.zones.push(super::super::edit::new_zone(&plan));
        let centre = crate::core::geometry::bounding_box(&plan.zones[0].polygon)
            .map(|(lo, hi)| (lo + hi) * 0.5)
            .unwrap();
        let size = Vec2::new(400.0, 300.0);
        let far = Vec2::new(5.0, 5.0);
        let brush = Brush {
            size_mm: 2.0,
            softness: 0.0,
        };
        let layer = PaintLayer::Zone(0);
        paint_stroke(&mut plan, layer, false, brush, (far, far), size);
        let zone = &plan.zones[0];
        assert!(zone.polygon.is_empty() && zone.is_painted());
        let mask = zone.mask.as_ref().unwrap();
        assert_eq!(mask.weight_at(centre), 1.0, "the outline became paint");
        assert_eq!(mask.weight_at(far), 1.0, "and the stroke added to it");
        plan.validate().unwrap();
        paint_stroke(&mut plan, layer, true, brush, (centre, centre), size);
        assert_eq!(plan.zones[0].mask.as_ref().unwrap().weight_at(centre), 0.0);
    }
}
