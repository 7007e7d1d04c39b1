//! The head's outline on the preview, drawn and dragged by hand: where the background is not
//! plain enough for *Fit to outline*, or the found outline is off, the consultant drags its
//! five handles (the centre and the four sides) onto the head's silhouette and the head model
//! is fitted again at once. The model's wireframe shows the fit.

use egui::{Color32, Pos2, Rect, Stroke};
use glam::Vec2;

use crate::core::head::{HeadModel, HeadView};
use crate::core::plan::Plan;

/// The outline's handles: the centre, then the right, left, bottom and top of the outline.
pub fn handles_px(head: &HeadModel) -> [Vec2; 5] {
    let (c, r) = head.outline_px();
    [
        c,
        c + Vec2::new(r.x, 0.0),
        c - Vec2::new(r.x, 0.0),
        c + Vec2::new(0.0, r.y),
        c - Vec2::new(0.0, r.y),
    ]
}

/// The head refitted with handle `handle` dragged to `to_px`: the centre moves the outline, a
/// side sets that semi-axis (the outline stays symmetric about its centre). `None` if no head
/// fits the outline (e.g. dragged to nothing).
pub fn drag_handle(head: &HeadModel, handle: usize, to_px: Vec2) -> Option<HeadModel> {
    let (mut centre, mut radii) = head.outline_px();
    match handle {
        0 => centre = to_px,
        1 | 2 => radii.x = (to_px.x - centre.x).abs(),
        _ => radii.y = (to_px.y - centre.y).abs(),
    }
    if radii.min_element() < 4.0 {
        return None;
    }
    head.refit((centre, radii))
}

/// A head to start from by hand, for a photo whose outline is not found: an outline round
/// the treatment area (half as large again), at the plan's scale.
pub fn hand_placed(
    plan: &Plan,
    photo_size_px: Vec2,
    view: HeadView,
    focal_mm_35: f32,
) -> Option<HeadModel> {
    let (lo, hi) = crate::core::geometry::bounding_box(&plan.area)?;
    let centre = (0.5 * (lo + hi)).clamp(Vec2::ZERO, photo_size_px);
    let radii = (0.75 * (hi - lo)).max(Vec2::splat(20.0));
    HeadModel::fit(
        view,
        focal_mm_35,
        photo_size_px,
        (centre, radii),
        plan.px_per_mm,
    )
}

/// The outline (and, while it is edited, its handles) and the model's wireframe;
/// `screen_from_image` maps photo px to the pane's points.
pub fn paint(
    ui: &egui::Ui,
    pane: Rect,
    screen_from_image: impl Fn(Vec2) -> Pos2,
    head: &HeadModel,
    editing: bool,
    wireframe: bool,
) {
    let painter = ui.painter_at(pane);
    if wireframe {
        let stroke = Stroke::new(1.0, Color32::from_rgba_unmultiplied(120, 220, 255, 90));
        for line in head.wireframe(12, 48) {
            let points: Vec<Pos2> = line.iter().map(|&p| screen_from_image(p)).collect();
            painter.add(egui::Shape::line(points, stroke));
        }
    }
    if !editing {
        return;
    }
    let (c, r) = head.outline_px();
    let outline: Vec<Pos2> = (0..=72)
        .map(|i| {
            let a = std::f32::consts::TAU * i as f32 / 72.0;
            screen_from_image(c + r * Vec2::new(a.cos(), a.sin()))
        })
        .collect();
    let colour = Color32::from_rgb(120, 220, 255);
    painter.add(egui::Shape::line(outline, Stroke::new(2.0, colour)));
    for p in handles_px(head) {
        let s = screen_from_image(p);
        painter.circle(
            s,
            6.0,
            colour,
            Stroke::new(1.5, Color32::from_black_alpha(200)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head() -> HeadModel {
        let size = Vec2::new(1600.0, 1200.0);
        let outline = (Vec2::new(800.0, 600.0), Vec2::new(400.0, 480.0));
        HeadModel::fit(HeadView::Top, 26.0, size, outline, 5.0).unwrap()
    }

    #[test]
    fn the_handles_sit_on_the_outline_and_dragging_one_refits_the_head() {
        let head = head();
        let [c, right, left, bottom, top] = handles_px(&head);
        assert!((c - Vec2::new(800.0, 600.0)).length() < 0.01);
        assert!(
            (right.x - 1200.0).abs() < 0.5 && (left.x - 400.0).abs() < 0.5,
            "{right} {left}"
        );
        assert!((bottom.y - 1080.0).abs() < 0.5 && (top.y - 120.0).abs() < 0.5);
        // The right side dragged out: a broader head, the same length, the same scale.
        let wider = drag_handle(&head, 1, Vec2::new(1260.0, 640.0)).unwrap();
        let (_, r) = wider.outline_px();
        assert!(
            (r.x - 460.0).abs() < 0.5 && (r.y - 480.0).abs() < 0.5,
            "{r}"
        );
        assert!(wider.semi_axes_mm[0] > head.semi_axes_mm[0]);
        assert!((wider.px_per_mm() - 5.0).abs() < 1e-3);
        // The centre moves the whole outline.
        let moved = drag_handle(&head, 0, Vec2::new(700.0, 650.0)).unwrap();
        assert_eq!(moved.outline_px().0, Vec2::new(700.0, 650.0));
        // Collapsed onto its centre: no head.
        assert!(drag_handle(&head, 3, Vec2::new(800.0, 601.0)).is_none());
    }
}
