//! The central preview: zoom (wheel), pan (drag), the before/after split handle, and the paint
//! callback that hands the frame to the shared renderer (`prepare` renders, `paint` presents).

use std::sync::Arc;

use egui::{Color32, Pos2, Rect, Sense, Stroke, StrokeKind};
use glam::{UVec2, Vec2};
use image::RgbaImage;

use super::Document;
use super::edit::{self, EditTarget, ScreenMap};
use super::heatmap::HeatMapLayer;
use super::paint::{self, Brush, PaintOverlay};
use crate::gpu::{SceneRenderer, ViewTarget};
use crate::plan::Plan;
use crate::sampling::Impression;
use crate::scene::{SceneParams, ViewTransform};

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
    /// The hair colour picked with the eyedropper (linear RGB) and the dilution it suggests.
    pub picked_hair: Option<([f32; 3], f32)>,
    /// The brush for painting zones.
    pub brush: Brush,
    heat_map: HeatMapLayer,
    paint_overlay: PaintOverlay,
    /// Where the brush was at the last frame of a stroke, photo pixels.
    last_brush_px: Option<Vec2>,
    /// Size of the preview at the last frame, physical pixels.
    last_size_px: Vec2,
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
            picked_hair: None,
            brush: Brush::default(),
            heat_map: HeatMapLayer::default(),
            paint_overlay: PaintOverlay::default(),
            last_brush_px: None,
            last_size_px: Vec2::ZERO,
            drag: Drag::Pan,
        }
    }
}

impl ViewState {
    /// Screen pixels per photo pixel, in percent, once the view has been laid out.
    pub fn zoom_percent(&self) -> Option<f32> {
        self.view.map(|v| v.scale * 100.0)
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
}

/// Draws the preview into the remaining space and handles its input.
pub fn preview(ui: &mut egui::Ui, doc: &mut Document, state: &mut ViewState) {
    let rect = ui.available_rect_before_wrap();
    let response = ui.allocate_rect(rect, Sense::click_and_drag());
    let ppp = ui.ctx().pixels_per_point();
    let size_px = Vec2::new(rect.width(), rect.height()) * ppp;
    state.last_size_px = size_px;
    let (_, photo) = doc.photo();
    let image_size = Vec2::new(photo.width() as f32, photo.height() as f32);
    let view = *state
        .view
        .get_or_insert_with(|| ViewTransform::fit(image_size, size_px));
    let view = handle_input(ui, &response, rect, ppp, state, view, &mut doc.plan);
    brush_input(&response, rect, ppp, state, view, &mut doc.plan, image_size);
    if state.edit == EditTarget::Eyedropper
        && response.clicked()
        && let Some(pointer) = response.interact_pointer_pos()
    {
        let map = ScreenMap {
            rect_min: rect.min,
            pixels_per_point: ppp,
            view,
        };
        pick_hair(doc, state, map.image_from_screen(pointer));
    }
    state.view = Some(view);
    let split = if state.hold_before { 1.0 } else { state.split };
    let split_pt = rect.left() + split * rect.width();
    let frame = FrameData {
        photo: (doc.photo().0, Arc::clone(doc.photo().1)),
        impressions: (doc.impressions().0, Arc::clone(doc.impressions().1)),
        params: SceneParams {
            view,
            target_size_px: UVec2::new(size_px.x.round() as u32, size_px.y.round() as u32),
            split_x_px: (split_pt - rect.left()) * ppp,
            pigment_transmittance: doc.age.plan_transmittance(&doc.plan),
        },
    };
    ui.painter().add(egui_wgpu::Callback::new_paint_callback(
        rect,
        PreviewCallback(frame),
    ));
    let map = ScreenMap {
        rect_min: rect.min,
        pixels_per_point: ppp,
        view,
    };
    if state.show_heat_map {
        state.heat_map.paint(ui, rect, &map, &doc.plan);
    }
    let (target, show) = (state.edit, state.show_outlines);
    state
        .paint_overlay
        .paint(ui, rect, &map, &doc.plan, target, show);
    edit::paint_outlines(ui, rect, &map, &doc.plan, target, show);
    if matches!(target, EditTarget::Paint { .. }) {
        paint::paint_cursor(ui, rect, &map, &doc.plan, state.brush);
    }
    if !state.hold_before {
        paint_split_handle(ui, rect, split_pt, state.split > 0.0);
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
    edit_clicks(response, &map, state.edit, plan);
    let pointer = response.hover_pos();
    if let Some(p) = pointer {
        let (scroll, zoom) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
        let factor = (scroll * 0.002).exp() * zoom;
        if (factor - 1.0).abs() > 1e-4 {
            let anchor = Vec2::new(p.x - rect.left(), p.y - rect.top()) * ppp;
            view = view.zoomed_about(anchor, factor);
            view.scale = view.scale.clamp(0.01, 64.0);
        }
    }
    let split = if state.hold_before { 1.0 } else { state.split };
    let split_pt = rect.left() + split * rect.width();
    if matches!(state.edit, EditTarget::Paint { .. }) {
        // The brush owns the primary button (see `brush_input`); the others pan.
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
        let handle = edit::target_points(plan, state.edit)
            .and_then(|(points, _, _)| edit::handle_at(points, &map, start));
        state.drag = match handle {
            Some(i) => Drag::Point(i),
            None if (start.x - split_pt).abs() < 12.0 => Drag::Split,
            None => Drag::Pan,
        };
    }
    if response.dragged() {
        let pointer = response.interact_pointer_pos();
        match (state.drag, pointer) {
            (Drag::Split, Some(p)) => {
                state.split = ((p.x - rect.left()) / rect.width()).clamp(0.0, 1.0)
            }
            (Drag::Point(i), Some(p)) => {
                if let Some((points, _, _)) = edit::target_points(plan, state.edit)
                    && let Some(point) = points.get_mut(i)
                {
                    *point = map.image_from_screen(p);
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
    view
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
}

/// Samples the hair colour at `at_px` and the skin of the treatment area, and keeps the
/// dilution whose dots would match.
fn pick_hair(doc: &Document, state: &mut ViewState, at_px: Vec2) {
    let (_, photo) = doc.photo();
    let hair = crate::color::mean_linear(photo, at_px, 3);
    let skin = crate::color::mean_skin_linear(photo, &doc.plan.area);
    if let (Some(hair), Some(skin)) = (hair, skin) {
        state.picked_hair = Some((hair, crate::color::dilution_matching(hair, skin)));
    }
    state.edit = EditTarget::Nothing;
}

/// Double-click adds a control point, right-click deletes one, while editing an outline; a
/// click places the glabella.
fn edit_clicks(response: &egui::Response, map: &ScreenMap, target: EditTarget, plan: &mut Plan) {
    let Some(pointer) = response.interact_pointer_pos() else {
        return;
    };
    if target == EditTarget::Glabella {
        if response.clicked() {
            plan.glabella = Some(map.image_from_screen(pointer));
        }
        return;
    }
    if response.double_clicked() {
        edit::insert_point(plan, target, map.image_from_screen(pointer));
    } else if response.secondary_clicked() {
        edit::delete_point(plan, target, map, pointer);
    }
}

/// The split line with a round grip and "Before" / "After" labels.
fn paint_split_handle(ui: &egui::Ui, rect: Rect, x: f32, show_labels: bool) {
    let painter = ui.painter_at(rect);
    let x = x.clamp(rect.left() + 1.0, rect.right() - 1.0);
    let white = Color32::from_white_alpha(220);
    painter.line_segment(
        [Pos2::new(x, rect.top()), Pos2::new(x, rect.bottom())],
        Stroke::new(2.0, white),
    );
    let grip = Pos2::new(x, rect.center().y);
    painter.circle(
        grip,
        14.0,
        Color32::from_black_alpha(160),
        Stroke::new(2.0, white),
    );
    // Two arrowheads drawn as shapes (the bundled fonts have no arrow glyphs).
    for side in [-1.0f32, 1.0] {
        let tip = grip + egui::vec2(side * 9.0, 0.0);
        let back = grip + egui::vec2(side * 3.0, 0.0);
        let points = vec![
            tip,
            back + egui::vec2(0.0, -5.0),
            back + egui::vec2(0.0, 5.0),
        ];
        painter.add(egui::Shape::convex_polygon(points, white, Stroke::NONE));
    }
    let label = |pos: Pos2, align: egui::Align2, text: &str| {
        let galley = painter.layout_no_wrap(
            text.into(),
            egui::FontId::proportional(15.0),
            Color32::WHITE,
        );
        let text_rect = align.anchor_size(pos, galley.size());
        painter.rect(
            text_rect.expand(4.0),
            4.0,
            Color32::from_black_alpha(120),
            Stroke::NONE,
            StrokeKind::Outside,
        );
        painter.galley(text_rect.min, galley, Color32::WHITE);
    };
    if show_labels {
        label(
            Pos2::new(x - 10.0, rect.top() + 12.0),
            egui::Align2::RIGHT_TOP,
            "Before",
        );
    }
    label(
        Pos2::new(x + 10.0, rect.top() + 12.0),
        egui::Align2::LEFT_TOP,
        "After",
    );
}

/// Everything the GPU needs for one frame of the preview.
#[derive(Clone)]
struct FrameData {
    photo: (u64, Arc<RgbaImage>),
    impressions: (u64, Arc<Vec<Impression>>),
    params: SceneParams,
}

/// Renderer state kept in egui-wgpu's callback resources across frames.
pub struct GpuPreview {
    renderer: SceneRenderer,
    target: Option<ViewTarget>,
    photo_generation: u64,
    impressions_generation: u64,
    last_params: Option<SceneParams>,
    /// Compute the dots on the CPU and multiply them on as one layer: on software GPUs
    /// (llvmpipe) that is many times faster than rasterising every dot.
    cpu_dots: bool,
    layer_scratch: Vec<[f32; 3]>,
    layer: Vec<u8>,
}

impl GpuPreview {
    pub fn new(device: &wgpu::Device, present_format: wgpu::TextureFormat, cpu_dots: bool) -> Self {
        GpuPreview {
            cpu_dots,
            layer_scratch: Vec::new(),
            layer: Vec::new(),
            renderer: SceneRenderer::new(device, Some(present_format)),
            target: None,
            photo_generation: 0,
            impressions_generation: 0,
            last_params: None,
        }
    }

    /// Uploads what changed and re-renders the scene texture if anything did.
    fn prepare(
        &mut self,
        device: &wgpu::Device,
        queue: &wgpu::Queue,
        encoder: &mut wgpu::CommandEncoder,
        frame: &FrameData,
    ) {
        let mut changed = self.last_params != Some(frame.params);
        if self.photo_generation != frame.photo.0 {
            if self.renderer.set_photo(device, queue, &frame.photo.1) {
                log::warn!("photo downscaled to fit this GPU's texture limit");
            }
            self.photo_generation = frame.photo.0;
            changed = true;
        }
        if self.impressions_generation != frame.impressions.0 {
            self.renderer
                .set_impressions(device, queue, &frame.impressions.1);
            self.impressions_generation = frame.impressions.0;
            changed = true;
        }
        let size = frame.params.target_size_px.to_array();
        let previous_size = self.target.as_ref().map(ViewTarget::size_px);
        let mut target = self.renderer.view_target(device, self.target.take(), size);
        changed |= previous_size != Some(target.size_px());
        if changed {
            self.renderer.set_params(queue, &frame.params);
            if self.cpu_dots {
                crate::cpu_render::transmittance_layer(
                    &frame.params.view,
                    UVec2::from_array(target.size_px()),
                    &frame.impressions.1,
                    frame.params.split_x_px,
                    frame.params.pigment_transmittance,
                    &mut self.layer_scratch,
                    &mut self.layer,
                );
            }
            let layer = self.cpu_dots.then_some(self.layer.as_slice());
            let renderer = &self.renderer;
            renderer.draw_view(queue, encoder, &mut target, &frame.params, layer);
            self.last_params = Some(frame.params);
        }
        self.target = Some(target);
    }
}

struct PreviewCallback(FrameData);

impl egui_wgpu::CallbackTrait for PreviewCallback {
    fn prepare(
        &self,
        device: &wgpu::Device,
        queue: &wgpu::Queue,
        _screen: &egui_wgpu::ScreenDescriptor,
        encoder: &mut wgpu::CommandEncoder,
        resources: &mut egui_wgpu::CallbackResources,
    ) -> Vec<wgpu::CommandBuffer> {
        if let Some(preview) = resources.get_mut::<GpuPreview>() {
            preview.prepare(device, queue, encoder, &self.0);
        }
        Vec::new()
    }

    fn paint(
        &self,
        _info: egui::PaintCallbackInfo,
        pass: &mut wgpu::RenderPass<'static>,
        resources: &egui_wgpu::CallbackResources,
    ) {
        if let Some(preview) = resources.get::<GpuPreview>()
            && let Some(target) = &preview.target
        {
            preview.renderer.present(pass, target);
        }
    }
}
