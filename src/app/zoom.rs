//! Zooming the preview with the wheel or a pinch, about the pointer; the steps stop at 25, 50,
//! 100, 200 and 400 % on their way past, so those are reachable without the keyboard.

use glam::Vec2;

use crate::render::scene::ViewTransform;

/// The wheel (or a pinch) zooms about `anchor_px`, the pointer in the pane.
pub(super) fn wheel_zoom(
    ui: &egui::Ui,
    view: ViewTransform,
    anchor_px: egui::Vec2,
) -> ViewTransform {
    // The wheel's own steps, not egui's smoothed scroll (which would carry a step on past a
    // zoom stop over the next frames).
    let (scroll, zoom) = ui.input(|i| (wheel_points(&i.events), i.zoom_delta()));
    let factor = snapped_zoom(view.scale, (scroll * 0.002).exp() * zoom);
    if (factor - 1.0).abs() <= 1e-4 {
        return view;
    }
    let mut view = view.zoomed_about(Vec2::new(anchor_px.x, anchor_px.y), factor);
    view.scale = view.scale.clamp(0.01, 64.0);
    view
}

/// The vertical wheel movement of this frame's events, in points (a line counted as 40, a
/// page as 400).
fn wheel_points(events: &[egui::Event]) -> f32 {
    events
        .iter()
        .map(|e| match e {
            egui::Event::MouseWheel { unit, delta, .. } => {
                delta.y
                    * match unit {
                        egui::MouseWheelUnit::Point => 1.0,
                        egui::MouseWheelUnit::Line => 40.0,
                        egui::MouseWheelUnit::Page => 400.0,
                    }
            }
            _ => 0.0,
        })
        .sum()
}

/// Zooms that a wheel or pinch stops at on its way past: 25, 50, 100, 200 and 400 %.
const ZOOM_STOPS: [f32; 5] = [0.25, 0.5, 1.0, 2.0, 4.0];

/// The zoom factor from `scale`: `factor`, shortened to land on a stop it would pass over (the
/// next wheel step goes on from there).
fn snapped_zoom(scale: f32, factor: f32) -> f32 {
    let target = scale * factor;
    let passed = ZOOM_STOPS
        .into_iter()
        .filter(|&stop| (scale - stop) * (target - stop) < 0.0)
        .min_by(|a, b| (a - scale).abs().total_cmp(&(b - scale).abs()));
    passed.map_or(factor, |stop| stop / scale)
}

#[cfg(test)]
mod zoom_tests {
    use super::*;

    #[test]
    fn wheel_steps_land_on_100_50_and_200_percent() {
        // Steps of ×1.17 from 42 %: they stop at 50 %, 100 % and 200 % on the way.
        let mut scale = 0.42f32;
        let mut seen = Vec::new();
        for _ in 0..20 {
            scale *= snapped_zoom(scale, 1.17);
            seen.push((scale * 1000.0).round() / 10.0);
        }
        for stop in [50.0, 100.0, 200.0] {
            assert!(seen.contains(&stop), "{stop} % in {seen:?}");
        }
        // And on the way down; from a stop, the next step goes on.
        assert_eq!(snapped_zoom(1.1, 1.0 / 1.17) * 1.1, 1.0);
        assert_eq!(snapped_zoom(1.0, 1.0 / 1.17), 1.0 / 1.17);
    }
}
