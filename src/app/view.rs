//! The central preview: zoom (wheel), pan (drag), the before/after split handle or the
//! side-by-side panes, the overlays, and the frame handed to the shared renderer (see
//! `preview_gpu`).

use egui::{Pos2, Rect, Sense};
use glam::{UVec2, Vec2};

use super::Document;
use super::edit::{self, EditTarget, ScreenMap};
use super::heatmap::HeatMapLayer;
use super::labels::{
    GRIP_RADIUS_PT, HELD_BEFORE, label_chip, paint_split_handle, pane_labels, split_grip,
};
use super::paint::{self, Brush, PaintOverlay};
use super::preview_gpu::{FrameData, PreviewCallback};
use super::zoom::wheel_zoom;
use crate::core::plan::Plan;
use crate::render::scene::{SceneParams, ViewTransform};

/// How the photo sits in the view. The transform is in physical pixels relative to the view's
/// top-left corner; `None` means "fit on the next frame".
pub struct ViewState {
    pub view: Option<ViewTransform>,
    /// Before/after split as a fraction of the view width (0: all "after").
    pub split: f32,
    /// What the pointer edits on the preview.
    pub edit: EditTarget,
    /// Draw the area, zone and hairline outlines.
    pub show_outlines: bool,
    /// Draw the planned density in colour over the area.
    pub show_heat_map: bool,
    /// Space is held: show all "before".
    pub hold_before: bool,
    /// Show "before" and "after" side by side (same zoom and pan) instead of the split wipe.
    pub side_by_side: bool,
    /// The hair colour picked with the eyedropper (linear RGB) and the dilution it suggests.
    pub picked_hair: Option<([f32; 3], f32)>,
    /// The brush for painting zones.
    pub brush: Brush,
    /// Match stubble: the fringe's rectangle and the proposal.
    pub stubble: super::stubble::StubbleTool,
    /// The view the head model is (or will be) fitted for.
    pub head_view: crate::core::head::HeadView,
    /// The view a photo added to the case shows (Views section).
    pub new_view: crate::core::head::HeadView,
    /// The case's view shown beside the preview, with its outlines.
    pub beside: Option<usize>,
    /// Why the last head fit failed.
    pub head_problem: Option<String>,
    /// The lens the consultant set for the head fit, 35 mm-equivalent mm (`None`: the head
    /// model's, else the photo's EXIF, else the default).
    pub head_focal_mm_35: Option<f32>,
    /// Draw the head model's wireframe over the photo.
    pub show_head: bool,
    /// Which of a new ruler's ends the consultant has dragged into place.
    pub ruler_ends_placed: [bool; 2],
    heat_map: HeatMapLayer,
    paint_overlay: PaintOverlay,
    /// Where the brush was at the last frame of a stroke, photo pixels.
    last_brush_px: Option<Vec2>,
    /// Size of the preview at the last frame, physical pixels.
    last_size_px: Vec2,
    /// The after pane's top left (points) and the points-to-pixels ratio at the last frame.
    last_pane: Option<(Pos2, f32)>,
    /// The preview's input changed the plan in this pass (see [`preview`]).
    plan_edited: bool,
    drag: Drag,
}

/// What the current drag on the preview moves.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Drag {
    Pan,
    Split,
    Point(usize),
}

impl Default for ViewState {
    /// Fit on the first frame, split in the middle: before and after side by side.
    fn default() -> Self {
        ViewState {
            view: None,
            split: 0.5,
            edit: EditTarget::Nothing,
            show_outlines: false,
            show_heat_map: false,
            hold_before: false,
            side_by_side: false,
            picked_hair: None,
            brush: Brush::default(),
            stubble: Default::default(),
            head_view: Default::default(),
            new_view: crate::core::head::HeadView::Top,
            beside: None,
            head_problem: None,
            head_focal_mm_35: None,
            show_head: true,
            ruler_ends_placed: [false; 2],
            heat_map: HeatMapLayer::default(),
            paint_overlay: PaintOverlay::default(),
            last_brush_px: None,
            last_size_px: Vec2::ZERO,
            last_pane: None,
            plan_edited: false,
            drag: Drag::Pan,
        }
    }
}

impl ViewState {
    /// Screen pixels per photo pixel, in percent, once the view has been laid out.
    pub fn zoom_percent(&self) -> Option<f32> {
        self.view.map(|v| v.scale * 100.0)
    }

    /// Where a photo pixel is on screen (points) in the after pane, as last drawn.
    pub fn screen_from_image(&self, image_px: Vec2) -> Option<Pos2> {
        self.last_map().map(|map| map.screen_from_image(image_px))
    }

    /// The photo pixel under a screen point (points) in the after pane, as last drawn.
    pub fn image_from_screen(&self, screen: Pos2) -> Option<Vec2> {
        self.last_map().map(|map| map.image_from_screen(screen))
    }

    fn last_map(&self) -> Option<ScreenMap> {
        let ((rect_min, pixels_per_point), view) = (self.last_pane?, self.view?);
        Some(ScreenMap {
            rect_min,
            pixels_per_point,
            view,
        })
    }

    pub fn request_fit(&mut self) {
        self.view = None;
    }

    /// Shows photo pixels 1:1 around the view's centre.
    pub fn actual_size(&mut self) {
        let centre = self.last_size_px * 0.5;
        if let Some(v) = &mut self.view {
            *v = v.zoomed_about(centre, 1.0 / v.scale);
        }
    }

    /// The view for a pane of `size_px`: fitted to the photo if there is none yet. A view still
    /// at its fit (not zoomed or panned since) follows the window's size.
    fn fitted_view(&mut self, image_size: Vec2, size_px: Vec2) -> ViewTransform {
        if size_px != self.last_size_px
            && self.view == Some(ViewTransform::fit(image_size, self.last_size_px))
        {
            self.view = None;
        }
        self.last_size_px = size_px;
        *self
            .view
            .get_or_insert_with(|| ViewTransform::fit(image_size, size_px))
    }
}

/// How much larger the photo must show for the side-by-side panes to be stacked instead.
const STACK_GAIN: f32 = 1.1;

/// Where the preview is drawn: one pane (split wipe), or "before" and "after" panes side by
/// side (or stacked), both showing the photo through the same view transform (relative to
/// each pane).
#[derive(Clone, Copy, Debug)]
struct Panes {
    after: Rect,
    before: Option<Rect>,
}

impl Panes {
    /// The panes for a photo of `image_size`: side by side, or one above the other when that
    /// shows the photo at least [`STACK_GAIN`] times larger (a wide photo in a wide preview).
    fn of(rect: Rect, side_by_side: bool, image_size: Vec2) -> Self {
        if !side_by_side {
            return Panes {
                after: rect,
                before: None,
            };
        }
        let fit = |w: f32, h: f32| (w / image_size.x.max(1.0)).min(h / image_size.y.max(1.0));
        let (half_w, half_h) = ((rect.width() * 0.5).floor(), (rect.height() * 0.5).floor());
        let stacked = fit(rect.width(), half_h) >= STACK_GAIN * fit(half_w, rect.height());
        let (before, after) = if stacked {
            (
                Rect::from_min_size(rect.min, egui::vec2(rect.width(), half_h)),
                Rect::from_min_max(Pos2::new(rect.left(), rect.bottom() - half_h), rect.max),
            )
        } else {
            (
                Rect::from_min_size(rect.min, egui::vec2(half_w, rect.height())),
                Rect::from_min_max(Pos2::new(rect.right() - half_w, rect.top()), rect.max),
            )
        };
        Panes {
            after,
            before: Some(before),
        }
    }

    /// The pane at `p` (the "after" pane when `p` is in neither).
    fn at(&self, p: Option<Pos2>) -> Rect {
        let in_before = |b: &Rect| p.is_some_and(|p| b.contains(p));
        self.before.filter(in_before).unwrap_or(self.after)
    }

    fn all(&self) -> impl Iterator<Item = Rect> {
        self.before.into_iter().chain(std::iter::once(self.after))
    }
}

/// The smallest preview drawn, points a side; a smaller one is left empty.
const MIN_PREVIEW_SIDE_PT: f32 = 8.0;

/// Draws the preview into the remaining space and handles its input.
pub fn preview(ui: &mut egui::Ui, doc: &mut Document, state: &mut ViewState) {
    let rect = ui.available_rect_before_wrap();
    let response = ui.allocate_rect(rect, Sense::click_and_drag());
    if rect.width() < MIN_PREVIEW_SIDE_PT || rect.height() < MIN_PREVIEW_SIDE_PT {
        // A window narrowed to the panel leaves no room: show nothing until it widens.
        return;
    }
    super::labels::clear_labels(ui.ctx());
    let ppp = ui.ctx().pixels_per_point();
    let photo = doc.photo();
    let image_size = Vec2::new(photo.width() as f32, photo.height() as f32);
    let panes = Panes::of(rect, state.side_by_side, image_size);
    let size_px = Vec2::new(panes.after.width(), panes.after.height()) * ppp;
    let view = state.fitted_view(image_size, size_px);
    // Input goes to the pane the pointer went down in (or is over).
    let pointer = ui.input(|i| i.pointer.press_origin().or(i.pointer.hover_pos()));
    let pane = panes.at(pointer);
    let map_for = |pane: Rect, view| ScreenMap {
        rect_min: pane.min,
        pixels_per_point: ppp,
        view,
    };
    // Input first (a second pass of the frame has none: it only redraws).
    let view = if ui.ctx().current_pass_index() == 0 {
        let view = handle_input(ui, &response, pane, ppp, state, view, &mut doc.plan);
        keep_dragged_point_on_photo(&response, &mut doc.plan, state, image_size);
        brush_input(&response, pane, ppp, state, view, &mut doc.plan, image_size);
        pointer_tools(&response, &map_for(pane, view), doc, state);
        view
    } else {
        view
    };
    // Then the impressions follow the edit, then the paint: the dots shown are this frame's.
    // The panel, drawn before the preview, showed numbers from before the edit, so the frame
    // is drawn again at once (one more pass, without input).
    if std::mem::take(&mut state.plan_edited) {
        doc.refresh();
        ui.ctx()
            .request_discard("the preview edited the plan: the panel's numbers follow it");
    }
    let map_for = |pane: Rect| map_for(pane, view);
    state.view = Some(view);
    state.last_pane = Some((panes.after.min, ppp));
    let split_pt = match (state.hold_before, state.side_by_side) {
        (true, _) => panes.after.right(),
        (false, true) => f32::NEG_INFINITY,
        (false, false) => rect.left() + state.split * rect.width(),
    };
    paint_scene(ui, rect, &panes, size_px, split_pt, view, doc, state);
    paint_overlays(ui, &panes, &map_for, doc, state);
    match panes.before {
        Some(before) => pane_labels(ui, before, panes.after, state.hold_before),
        None if !state.hold_before => {
            paint_split_handle(ui, rect, split_pt, state.split > 0.0);
        }
        // Space hides the handle: the label says what is shown instead.
        None => {
            let at = Pos2::new(rect.center().x, rect.top() + 12.0);
            label_chip(
                &ui.painter_at(rect),
                at,
                egui::Align2::CENTER_TOP,
                HELD_BEFORE,
            );
        }
    }
}

/// Asks the renderer for the scene: the photo with the impressions, split at `split_pt`.
#[expect(
    clippy::too_many_arguments,
    reason = "one frame's layout, computed by the caller"
)]
fn paint_scene(
    ui: &egui::Ui,
    rect: Rect,
    panes: &Panes,
    size_px: Vec2,
    split_pt: f32,
    view: ViewTransform,
    doc: &Document,
    state: &ViewState,
) {
    let ppp = ui.ctx().pixels_per_point();
    let frame = FrameData {
        photo: doc.photo().clone(),
        impressions: doc.impressions().clone(),
        params: SceneParams {
            view,
            target_size_px: UVec2::new(size_px.x.round() as u32, size_px.y.round() as u32),
            split_x_px: (split_pt - panes.after.left()) * ppp,
            optics: crate::core::optics::DotOptics::for_plan(&doc.plan, doc.age),
        },
    };
    ui.painter().add(egui_wgpu::Callback::new_paint_callback(
        rect,
        PreviewCallback {
            frame,
            side_by_side: state.side_by_side,
        },
    ));
}

/// The heat map, painted zones, outlines and the brush over each pane.
fn paint_overlays(
    ui: &egui::Ui,
    panes: &Panes,
    map_for: &dyn Fn(Rect) -> ScreenMap,
    doc: &Document,
    state: &mut ViewState,
) {
    if state.show_heat_map {
        state.heat_map.paint(
            ui,
            panes.after,
            &map_for(panes.after),
            &doc.plan,
            doc.plan_revision(),
        );
    }
    let (target, show) = (state.edit, state.show_outlines);
    for pane in panes.all() {
        let map = map_for(pane);
        state
            .paint_overlay
            .paint(ui, pane, &map, &doc.plan, target, show);
        edit::paint_outlines(ui, pane, &map, &doc.plan, target, show);
        if matches!(target, EditTarget::Paint { .. }) {
            paint::paint_cursor(ui, pane, &map, &doc.plan, state.brush);
        }
        if target == EditTarget::MatchStubble || state.stubble.proposal.is_some() {
            state.stubble.paint(ui, pane, &map);
        }
        if let Some(head) = &doc.plan.head {
            let editing = target == EditTarget::HeadOutline;
            let to_screen = |p| map.screen_from_image(p);
            super::head_outline::paint(ui, pane, to_screen, head, editing, state.show_head);
        }
    }
}

fn handle_input(
    ui: &egui::Ui,
    response: &egui::Response,
    rect: Rect,
    ppp: f32,
    state: &mut ViewState,
    mut view: ViewTransform,
    plan: &mut Plan,
) -> ViewTransform {
    let map = ScreenMap {
        rect_min: rect.min,
        pixels_per_point: ppp,
        view,
    };
    state.plan_edited |= edit_clicks(response, &map, state.edit, plan);
    if let Some(p) = response.hover_pos() {
        view = wheel_zoom(ui, view, (p - rect.min) * ppp, ppp);
    }
    let split = if state.hold_before { 1.0 } else { state.split };
    // Side by side there is no split handle to grab.
    let split_pt = if state.side_by_side {
        f32::NAN
    } else {
        rect.left() + split * rect.width()
    };
    if matches!(
        state.edit,
        EditTarget::Paint { .. } | EditTarget::MatchStubble
    ) {
        // The brush (or the stubble rectangle) owns the primary button; the others pan.
        if response.dragged_by(egui::PointerButton::Secondary)
            || response.dragged_by(egui::PointerButton::Middle)
        {
            let d = response.drag_delta() * ppp;
            view.offset_px += Vec2::new(d.x, d.y);
        }
        return view;
    }
    if response.drag_started() {
        // Where the button went down, not where the drag was recognised.
        let start = ui.input(|i| i.pointer.press_origin()).unwrap_or_default();
        let handle = edit::handles_px(plan, state.edit)
            .and_then(|points| edit::handle_at(&points, &map, start));
        let on_grip = start.distance(split_grip(rect, split_pt)) <= GRIP_RADIUS_PT;
        state.drag = match handle {
            Some(i) => Drag::Point(i),
            None if (start.x - split_pt).abs() < 12.0 || on_grip => Drag::Split,
            None => Drag::Pan,
        };
    }
    drag_update(response, &map, rect, state, &mut view, plan);
    view
}

/// A point of the area or a zone being dragged stays on the photo: an outline reaching off it
/// would count skin that is not there, and a point under the panel could not be grabbed
/// again. (A hairline may run past the photo's edge.)
fn keep_dragged_point_on_photo(
    response: &egui::Response,
    plan: &mut Plan,
    state: &ViewState,
    image_size: Vec2,
) {
    if let (Drag::Point(i), true) = (state.drag, response.dragged())
        && let Some((points, true)) = edit::target_points(plan, state.edit)
        && let Some(point) = points.get_mut(i)
    {
        *point = point.clamp(Vec2::ZERO, image_size);
    }
}

/// A drag moves what it started on: a control point, the split handle, else the view.
fn drag_update(
    response: &egui::Response,
    map: &ScreenMap,
    rect: Rect,
    state: &mut ViewState,
    view: &mut ViewTransform,
    plan: &mut Plan,
) {
    let ppp = map.pixels_per_point;
    if response.dragged() {
        let pointer = response.interact_pointer_pos();
        match (state.drag, pointer) {
            (Drag::Split, Some(p)) => {
                state.split = ((p.x - rect.left()) / rect.width()).clamp(0.0, 1.0)
            }
            (Drag::Point(i), Some(p)) => {
                let moved = map.image_from_screen(p);
                state.plan_edited |= edit::move_handle(plan, state.edit, i, moved);
                if state.edit == EditTarget::Ruler && i < 2 {
                    state.ruler_ends_placed[i] = true;
                }
            }
            _ => {
                let d = response.drag_delta() * ppp;
                view.offset_px += Vec2::new(d.x, d.y);
            }
        }
    }
    if response.drag_stopped() {
        state.drag = Drag::Pan;
    }
}

/// While painting: a press dabs, a drag strokes from where the brush was last frame.
fn brush_input(
    response: &egui::Response,
    rect: Rect,
    ppp: f32,
    state: &mut ViewState,
    view: ViewTransform,
    plan: &mut Plan,
    photo_size_px: Vec2,
) {
    let EditTarget::Paint { layer, erase } = state.edit else {
        state.last_brush_px = None;
        return;
    };
    let map = ScreenMap {
        rect_min: rect.min,
        pixels_per_point: ppp,
        view,
    };
    let primary = response.ctx.input(|i| i.pointer.primary_down());
    let down = (primary && response.is_pointer_button_down_on()) || response.clicked();
    let Some(pointer) = response.interact_pointer_pos().filter(|_| down) else {
        state.last_brush_px = None;
        return;
    };
    let at = map.image_from_screen(pointer);
    let from = state.last_brush_px.unwrap_or(at);
    paint::paint_stroke(plan, layer, erase, state.brush, (from, at), photo_size_px);
    state.last_brush_px = Some(at);
    state.plan_edited = true;
}

/// The eyedropper's click and the stubble rectangle's drag.
fn pointer_tools(
    response: &egui::Response,
    map: &ScreenMap,
    doc: &mut Document,
    state: &mut ViewState,
) {
    if state.edit == EditTarget::MatchStubble {
        state.stubble.input(response, map, doc);
    }
    if state.edit == EditTarget::Eyedropper
        && response.clicked()
        && let Some(pointer) = response.interact_pointer_pos()
    {
        pick_hair(doc, state, map.image_from_screen(pointer));
    }
}

/// Samples the hair colour at `at_px` and the skin of the treatment area, and keeps the
/// dilution whose dots would match.
fn pick_hair(doc: &Document, state: &mut ViewState, at_px: Vec2) {
    let photo = doc.photo();
    let hair = crate::core::color::mean_linear(photo, at_px, 3);
    let skin = crate::core::color::mean_skin_linear(photo, &doc.plan.area);
    if let (Some(hair), Some(skin)) = (hair, skin) {
        state.picked_hair = Some((hair, crate::core::color::dilution_matching(hair, skin)));
    }
    state.edit = EditTarget::Nothing;
}

/// Double-click adds a control point, right-click deletes one, while editing an outline; a
/// click places the glabella.
/// Returns whether the plan may have changed.
fn edit_clicks(
    response: &egui::Response,
    map: &ScreenMap,
    target: EditTarget,
    plan: &mut Plan,
) -> bool {
    let Some(pointer) = response.interact_pointer_pos() else {
        return false;
    };
    if target == EditTarget::Glabella {
        if response.clicked() {
            plan.glabella = Some(map.image_from_screen(pointer));
            return true;
        }
        return false;
    }
    if response.double_clicked() {
        edit::insert_point(plan, target, map.image_from_screen(pointer));
        true
    } else if response.secondary_clicked() {
        edit::delete_point(plan, target, map, pointer);
        true
    } else {
        false
    }
}

/// The head model's meridians and parallels over the photo, faint: a wrong fit shows at once.
#[cfg(test)]
mod pane_tests {
    use super::*;

    #[test]
    fn side_by_side_panes_stack_when_that_shows_the_photo_larger() {
        let preview = Rect::from_min_size(Pos2::ZERO, egui::vec2(1600.0, 700.0));
        // A wide photo in a wide preview: stacked panes show it larger.
        let wide = Panes::of(preview, true, Vec2::new(3000.0, 1000.0));
        let before = wide.before.expect("two panes");
        assert!(
            before.bottom() <= wide.after.top(),
            "stacked: {before:?} {:?}",
            wide.after
        );
        // A 4:3 photo: side by side.
        let usual = Panes::of(preview, true, Vec2::new(1600.0, 1200.0));
        assert!(usual.before.expect("two panes").right() <= usual.after.left());
    }
}
