//! Editing the plan's outlines on the preview: the hairline, the treatment area and the zones
//! are control points you drag; double-click adds a point on the nearest segment, right-click
//! deletes one. Only the plan changes; the impressions follow on the next frame.

use egui::{Color32, Pos2, Rect, Shape, Stroke};
use glam::Vec2;

use crate::core::geometry::nearest_segment;
use crate::core::plan::{Hairline, Plan, Ruler, Zone};
use crate::render::scene::ViewTransform;

/// What the pointer edits on the preview.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EditTarget {
    #[default]
    Nothing,
    Hairline,
    Area,
    Zone(usize),
    Ruler,
    /// A click places the glabella for the hairline height guide.
    Glabella,
    /// A click samples the patient's hair colour to suggest a shade.
    Eyedropper,
    /// Dragging a rectangle over the shaved fringe measures it to match its shade.
    MatchStubble,
    /// Dragging paints (or erases) a layer with the brush.
    Paint {
        layer: PaintLayer,
        erase: bool,
    },
    /// Dragging the head outline's handles refits the head model.
    HeadOutline,
}

/// What the brush paints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaintLayer {
    /// Zone `i` of the plan.
    Zone(usize),
    /// The patient's own hair.
    Hair,
}

/// A button that turns the pointer mode `mode` on, or back off when it is already on.
pub fn mode_button(
    ui: &mut egui::Ui,
    edit: &mut EditTarget,
    mode: EditTarget,
    text: &str,
    hint: &str,
) {
    if ui
        .selectable_label(*edit == mode, text)
        .on_hover_text(hint)
        .clicked()
    {
        *edit = if *edit == mode {
            EditTarget::Nothing
        } else {
            mode
        };
    }
}

/// Hit radius of a control point, in screen points.
const HANDLE_HIT_PT: f32 = 10.0;
const HAIRLINE_COLOUR: Color32 = Color32::from_rgb(255, 170, 60);
const AREA_COLOUR: Color32 = Color32::from_rgb(235, 235, 235);
pub(super) const ZONE_COLOUR: Color32 = Color32::from_rgb(90, 200, 230);
const RULER_COLOUR: Color32 = Color32::from_rgb(120, 230, 120);
/// How strongly the outlines not being edited are drawn meanwhile.
const FAINT: f32 = 0.35;

/// The glabella mark and dashed lines where 7, 8 and 10 cm above it fall (the photo upright).
fn paint_hairline_guide(painter: &egui::Painter, map: &ScreenMap, plan: &Plan, glabella: Vec2) {
    let colour = Color32::from_rgb(250, 120, 200);
    let centre = map.screen_from_image(glabella);
    painter.circle_stroke(centre, 6.0, Stroke::new(2.0, colour));
    let half_width_px = 60.0 * plan.px_per_mm;
    let estimate = if plan.px_per_mm_is_estimate {
        " (scale is an estimate)"
    } else {
        ""
    };
    for (y_px, label) in crate::core::plan::hairline_guide_rows_px(glabella, plan.px_per_mm) {
        let a = map.screen_from_image(Vec2::new(glabella.x - half_width_px, y_px));
        let b = map.screen_from_image(Vec2::new(glabella.x + half_width_px, y_px));
        painter.add(Shape::dashed_line(
            &[a, b],
            Stroke::new(1.5, colour),
            8.0,
            6.0,
        ));
        painter.text(
            b + egui::vec2(6.0, 0.0),
            egui::Align2::LEFT_CENTER,
            format!("{label}{estimate}"),
            egui::FontId::proportional(13.0),
            colour,
        );
    }
}

/// Maps between screen points (egui) and photo pixels for a view drawn in a rect.
#[derive(Clone, Copy, Debug)]
pub struct ScreenMap {
    pub rect_min: Pos2,
    pub pixels_per_point: f32,
    pub view: ViewTransform,
}

impl ScreenMap {
    pub fn image_from_screen(&self, p: Pos2) -> Vec2 {
        let target =
            Vec2::new(p.x - self.rect_min.x, p.y - self.rect_min.y) * self.pixels_per_point;
        self.view.image_from_target(target)
    }

    pub fn screen_from_image(&self, p: Vec2) -> Pos2 {
        let t = self.view.target_from_image(p) / self.pixels_per_point;
        Pos2::new(self.rect_min.x + t.x, self.rect_min.y + t.y)
    }
}

/// The points being edited and whether they close into a polygon (moved, not added to).
pub fn target_points(plan: &mut Plan, target: EditTarget) -> Option<(&mut [Vec2], bool)> {
    match target {
        EditTarget::Ruler => plan.ruler.as_mut().map(|r| (&mut r.points[..], false)),
        _ => target_point_list(plan, target).map(|(points, closed, _)| (&mut points[..], closed)),
    }
}

/// The points being edited when points can be added and removed (not the ruler's two ends):
/// the list, whether it closes into a polygon, and the fewest allowed.
fn target_point_list(plan: &mut Plan, target: EditTarget) -> Option<(&mut Vec<Vec2>, bool, usize)> {
    match target {
        EditTarget::Hairline => plan.hairline.as_mut().map(|h| (&mut h.points, false, 2)),
        EditTarget::Area => Some((&mut plan.area, true, 3)),
        EditTarget::Zone(i) => plan.zones.get_mut(i).map(|z| (&mut z.polygon, true, 3)),
        EditTarget::Nothing
        | EditTarget::Ruler
        | EditTarget::HeadOutline
        | EditTarget::Glabella
        | EditTarget::Eyedropper
        | EditTarget::MatchStubble
        | EditTarget::Paint { .. } => None,
    }
}

/// The control points being edited, read-only (drawn every frame: no copy of the plan).
fn target_points_ref(plan: &Plan, target: EditTarget) -> Option<&[Vec2]> {
    match target {
        EditTarget::Hairline => plan.hairline.as_ref().map(|h| h.points.as_slice()),
        EditTarget::Area => Some(&plan.area),
        EditTarget::Zone(i) => plan.zones.get(i).map(|z| z.polygon.as_slice()),
        EditTarget::Ruler => plan.ruler.as_ref().map(|r| &r.points[..]),
        _ => None,
    }
}

/// The handles a drag can start on, photo px: the control points being edited, or the head
/// outline's five.
pub fn handles_px(plan: &Plan, target: EditTarget) -> Option<Vec<Vec2>> {
    match (target, &plan.head) {
        (EditTarget::HeadOutline, Some(head)) => {
            Some(super::head_outline::handles_px(head).to_vec())
        }
        _ => target_points_ref(plan, target).map(<[Vec2]>::to_vec),
    }
}

/// Moves handle `i` of `target` to `to_px`; true if the plan changed.
pub fn move_handle(plan: &mut Plan, target: EditTarget, i: usize, to_px: Vec2) -> bool {
    if target == EditTarget::HeadOutline {
        let moved = plan
            .head
            .and_then(|h| super::head_outline::drag_handle(&h, i, to_px));
        let changed = moved.is_some() && moved != plan.head;
        if changed {
            plan.set_head(moved);
        }
        return changed;
    }
    match target_points(plan, target).and_then(|(points, _)| points.get_mut(i)) {
        Some(point) if *point != to_px => {
            *point = to_px;
            true
        }
        _ => false,
    }
}

/// The control point under `pointer`, if any (the nearest within the hit radius).
pub fn handle_at(points: &[Vec2], map: &ScreenMap, pointer: Pos2) -> Option<usize> {
    points
        .iter()
        .enumerate()
        .map(|(i, &p)| (i, map.screen_from_image(p).distance(pointer)))
        .filter(|(_, d)| *d <= HANDLE_HIT_PT)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}

/// Double-click: a new point on the nearest segment, where the pointer is.
pub fn insert_point(plan: &mut Plan, target: EditTarget, at_px: Vec2) {
    if let Some((points, closed, _)) = target_point_list(plan, target)
        && let Some(segment) = nearest_segment(points, closed, at_px)
    {
        points.insert(segment + 1, at_px);
    }
}

/// Right-click: removes the point under the pointer unless the shape would become too small.
pub fn delete_point(plan: &mut Plan, target: EditTarget, map: &ScreenMap, pointer: Pos2) {
    if let Some((points, _, min)) = target_point_list(plan, target)
        && points.len() > min
        && let Some(i) = handle_at(points, map, pointer)
    {
        points.remove(i);
    }
}

/// A hairline for a plan that has none: a gentle arc across the front third of the area.
pub fn default_hairline(plan: &Plan) -> Hairline {
    let (lo, hi) =
        crate::core::geometry::bounding_box(&plan.area).unwrap_or((Vec2::ZERO, Vec2::ONE));
    let size = hi - lo;
    let y = lo.y + 0.7 * size.y;
    Hairline {
        points: vec![
            Vec2::new(lo.x + 0.15 * size.x, y + 0.05 * size.y),
            Vec2::new(lo.x + 0.5 * size.x, y - 0.03 * size.y),
            Vec2::new(lo.x + 0.85 * size.x, y + 0.05 * size.y),
        ],
        fade_depth_mm: 15.0,
        macro_irregularity_mm: 1.5,
        micro_irregularity_mm: 0.5,
        edge_dot_scale: 0.75,
    }
}

pub use crate::core::plan::starting_area;

/// A ruler across the middle third of the photo, a third of the way down (clear of the split
/// handle's grip), to be dragged onto a known length: it sets no scale until confirmed.
pub fn new_ruler(photo_size_px: Vec2) -> Ruler {
    let c = photo_size_px * Vec2::new(0.5, 0.33);
    let half = photo_size_px.x / 6.0;
    Ruler {
        points: [c - Vec2::new(half, 0.0), c + Vec2::new(half, 0.0)],
        length_mm: 50.0,
        confirmed: false,
    }
}

/// A new square zone in the middle of the area, at the plan's density.
pub fn new_zone(plan: &Plan) -> Zone {
    let (lo, hi) =
        crate::core::geometry::bounding_box(&plan.area).unwrap_or((Vec2::ZERO, Vec2::ONE));
    let (c, h) = ((lo + hi) * 0.5, (hi - lo).min_element() * 0.12);
    Zone {
        name: format!("zone {}", plan.zones.len() + 1),
        polygon: vec![
            c + Vec2::new(-h, -h),
            c + Vec2::new(h, -h),
            c + Vec2::new(h, h),
            c + Vec2::new(-h, h),
        ],
        density_per_cm2: plan.density_per_cm2,
        dilution_ratio: None,
        mask: None,
    }
}

/// Draws the outlines (when `show`) and the handles of what is being edited.
pub fn paint_outlines(
    ui: &egui::Ui,
    rect: Rect,
    map: &ScreenMap,
    plan: &Plan,
    target: EditTarget,
    show: bool,
) {
    let painter = ui.painter_at(rect);
    let line = |points: &[Vec2], closed: bool, colour: Color32, width: f32| {
        let mut screen: Vec<Pos2> = points.iter().map(|&p| map.screen_from_image(p)).collect();
        if closed && let Some(&first) = screen.first() {
            screen.push(first);
        }
        painter.add(Shape::line(screen, Stroke::new(width, colour)));
    };
    // While one outline is edited the others stay in view, faint; `show` draws them all.
    let editing = target != EditTarget::Nothing;
    let alpha = |edited: bool| match (show || edited, editing) {
        (true, _) => Some(1.0),
        (false, true) => Some(FAINT),
        (false, false) => None,
    };
    if let Some(a) = alpha(target == EditTarget::Area) {
        line(&plan.area, true, AREA_COLOUR.gamma_multiply(0.7 * a), 1.5);
    }
    for (i, zone) in plan.zones.iter().enumerate() {
        if let Some(a) = alpha(target == EditTarget::Zone(i)) {
            line(&zone.polygon, true, ZONE_COLOUR.gamma_multiply(a), 1.5);
        }
    }
    if let Some(h) = &plan.hairline
        && let Some(a) = alpha(target == EditTarget::Hairline)
    {
        line(&h.curve(), false, HAIRLINE_COLOUR.gamma_multiply(a), 2.0);
    }
    if let Some(ruler) = &plan.ruler
        && (show || target == EditTarget::Ruler)
    {
        line(&ruler.points, false, RULER_COLOUR, 2.0);
        {
            let [a, b] = ruler.points;
            // Beside the left end, not at the middle, where the split line and its grip are.
            let left = if a.x <= b.x { a } else { b };
            let at = map.screen_from_image(left);
            let label = match ruler.confirmed {
                true => format!("{:.0} mm", ruler.length_mm),
                false => format!("{:.0} mm? place both ends", ruler.length_mm),
            };
            painter.text(
                at + egui::vec2(0.0, -10.0),
                egui::Align2::LEFT_BOTTOM,
                label,
                egui::FontId::proportional(14.0),
                RULER_COLOUR,
            );
        }
    }
    let guide = show || matches!(target, EditTarget::Glabella | EditTarget::Hairline);
    if let (Some(glabella), true) = (plan.glabella, guide) {
        paint_hairline_guide(&painter, map, plan, glabella);
    }
    if let Some(points) = target_points_ref(plan, target) {
        for &p in points {
            let s = map.screen_from_image(p);
            painter.circle(
                s,
                5.0,
                Color32::WHITE,
                Stroke::new(1.5, Color32::from_black_alpha(200)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn screen_and_image_coordinates_round_trip() {
        let map = ScreenMap {
            rect_min: Pos2::new(280.0, 10.0),
            pixels_per_point: 1.5,
            view: ViewTransform {
                scale: 0.4,
                offset_px: Vec2::new(30.0, -12.0),
            },
        };
        let p = Vec2::new(812.0, 455.5);
        let back = map.image_from_screen(map.screen_from_image(p));
        assert!((back - p).length() < 1e-3, "{back}");
    }

    #[test]
    fn points_are_added_on_the_nearest_segment_and_deleted_down_to_the_minimum() {
        let mut plan = Plan::for_whole_photo(100, 100);
        insert_point(&mut plan, EditTarget::Area, Vec2::new(50.0, -1.0));
        assert_eq!(plan.area[1], Vec2::new(50.0, -1.0));
        let map = ScreenMap {
            rect_min: Pos2::ZERO,
            pixels_per_point: 1.0,
            view: ViewTransform::IDENTITY,
        };
        for _ in 0..5 {
            let p = plan.area[0];
            delete_point(&mut plan, EditTarget::Area, &map, Pos2::new(p.x, p.y));
        }
        assert_eq!(plan.area.len(), 3, "a polygon keeps three points");
        plan.hairline = Some(default_hairline(&plan));
        plan.validate().unwrap();
        plan.zones.push(new_zone(&plan));
        plan.validate().unwrap();
    }
}
