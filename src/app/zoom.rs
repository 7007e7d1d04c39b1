//! Zooming the preview with the wheel or a pinch, about the pointer; the steps stop at 25, 50,
//! 100, 200 and 400 % on their way past, so those are reachable without the keyboard. On a
//! laptop a two-finger trackpad scroll pans instead, and a pinch or Ctrl+wheel zooms.

use glam::Vec2;

use crate::render::scene::ViewTransform;

/// The wheel (or a pinch, or Ctrl+wheel) zooms about `anchor_px`, the pointer in the pane; a
/// trackpad's two-finger scroll pans. `ppp` is physical pixels per point.
pub(super) fn wheel_zoom(
    ui: &egui::Ui,
    view: ViewTransform,
    anchor_px: egui::Vec2,
    ppp: f32,
) -> ViewTransform {
    // The wheel's own steps, not egui's smoothed scroll (which would carry a step on past a
    // zoom stop over the next frames). Ctrl+wheel and pinches come as egui's zoom factor.
    let (wheel, zoom) = ui.input(|i| (split_wheel(&i.events), i.zoom_delta()));
    let mut view = view;
    view.offset_px += Vec2::new(wheel.pan_points.x, wheel.pan_points.y) * ppp;
    let factor = snapped_zoom(view.scale, (wheel.zoom_points * 0.002).exp() * zoom);
    if (factor - 1.0).abs() <= 1e-4 {
        return view;
    }
    let mut view = view.zoomed_about(Vec2::new(anchor_px.x, anchor_px.y), factor);
    view.scale = view.scale.clamp(0.01, 64.0);
    view
}

/// This frame's wheel events, split: a mouse wheel's notches zoom, a trackpad's precise
/// scroll pans (points, both axes); with Ctrl (⌘) held either is egui's zoom, counted there.
#[derive(Debug, Default, PartialEq)]
struct Wheel {
    zoom_points: f32,
    pan_points: egui::Vec2,
}

fn split_wheel(events: &[egui::Event]) -> Wheel {
    let mut wheel = Wheel::default();
    for e in events {
        let egui::Event::MouseWheel {
            unit,
            delta,
            source,
            modifiers,
            ..
        } = e
        else {
            continue;
        };
        if modifiers.command || modifiers.ctrl {
            continue;
        }
        use egui::{MouseWheelSource as Source, MouseWheelUnit as Unit};
        match (unit, source) {
            (_, Source::Trackpad | Source::Momentum) | (Unit::Point, Source::Unknown) => {
                wheel.pan_points += *delta;
            }
            (Unit::Point, Source::Wheel) => wheel.zoom_points += delta.y,
            (Unit::Line, _) => wheel.zoom_points += delta.y * 40.0,
            (Unit::Page, _) => wheel.zoom_points += delta.y * 400.0,
        }
    }
    wheel
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

    fn event(
        unit: egui::MouseWheelUnit,
        source: egui::MouseWheelSource,
        ctrl: bool,
    ) -> egui::Event {
        egui::Event::MouseWheel {
            unit,
            delta: egui::vec2(3.0, 2.0),
            phase: egui::TouchPhase::Move,
            source,
            modifiers: if ctrl {
                egui::Modifiers::COMMAND
            } else {
                egui::Modifiers::NONE
            },
        }
    }

    #[test]
    fn a_wheel_zooms_a_trackpad_pans_and_ctrl_leaves_it_to_egui_zoom() {
        use egui::{MouseWheelSource as Source, MouseWheelUnit as Unit};
        let notch = split_wheel(&[event(Unit::Line, Source::Unknown, false)]);
        assert_eq!(
            notch,
            Wheel {
                zoom_points: 80.0,
                pan_points: egui::Vec2::ZERO
            }
        );
        for source in [Source::Trackpad, Source::Unknown] {
            let swipe = split_wheel(&[event(Unit::Point, source, false)]);
            assert_eq!(
                swipe,
                Wheel {
                    zoom_points: 0.0,
                    pan_points: egui::vec2(3.0, 2.0)
                }
            );
        }
        // With Ctrl held egui turns the scroll into its zoom factor: not counted twice.
        let ctrl = split_wheel(&[
            event(Unit::Line, Source::Wheel, true),
            event(Unit::Point, Source::Trackpad, true),
        ]);
        assert_eq!(ctrl, Wheel::default());
    }

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
