//! The preview's GPU side: what a frame needs, the renderer state kept in egui-wgpu's callback
//! resources, and the paint callback (`prepare` renders the view target, `paint` presents it:
//! the "after" scene, and beside it the photo layer in the side-by-side view).

use super::versioned::Versioned;

use glam::UVec2;
use image::RgbaImage;

use crate::core::sampling::Impression;
use crate::render::gpu::{SceneRenderer, ViewTarget};
use crate::render::scene::SceneParams;
use crate::render::view_compositor::{CompositeBasis, FrameUpdate, ViewCompositor};

/// Everything the GPU needs for one frame of the preview.
#[derive(Clone)]
pub(super) struct FrameData {
    pub photo: Versioned<RgbaImage>,
    pub impressions: Versioned<Vec<Impression>>,
    pub params: SceneParams,
}

/// Renderer state kept in egui-wgpu's callback resources across frames.
pub struct GpuPreview {
    renderer: SceneRenderer,
    target: Option<ViewTarget>,
    photo_generation: u64,
    impressions_generation: u64,
    last_params: Option<SceneParams>,
    /// Composite the dots on the CPU over the read-back photo layer: on software GPUs
    /// (llvmpipe) that is many times faster than rasterising every dot.
    cpu_dots: bool,
    compositor: ViewCompositor,
    /// Benchmarks only (`SMP_PREVIEW_BENCH_REDRAW=1`): re-render the whole scene every frame,
    /// as dragging a slider that changes every dot (dot size, shade) does, so that its cost can
    /// be measured without driving the mouse.
    always_redraw: bool,
}

impl GpuPreview {
    pub fn new(device: &wgpu::Device, present_format: wgpu::TextureFormat, cpu_dots: bool) -> Self {
        GpuPreview {
            cpu_dots,
            compositor: ViewCompositor::default(),
            renderer: SceneRenderer::new(device, Some(present_format)),
            target: None,
            photo_generation: 0,
            impressions_generation: 0,
            last_params: None,
            always_redraw: std::env::var_os("SMP_PREVIEW_BENCH_REDRAW").is_some(),
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
        let mut changed = self.always_redraw || self.last_params != Some(frame.params);
        if self.photo_generation != frame.photo.generation() {
            if self.renderer.set_photo(device, queue, &frame.photo) {
                log::warn!("photo downscaled to fit this GPU's texture limit");
            }
            self.photo_generation = frame.photo.generation();
            changed = true;
        }
        if self.impressions_generation != frame.impressions.generation() {
            // Composited on the CPU, the GPU's instance buffer would go unused.
            if !self.cpu_dots {
                self.renderer
                    .set_impressions(device, queue, &frame.impressions);
            }
            self.impressions_generation = frame.impressions.generation();
            changed = true;
        }
        let size = frame.params.target_size_px.to_array();
        let previous_size = self.target.as_ref().map(ViewTarget::size_px);
        let mut target = self.renderer.view_target(device, self.target.take(), size);
        changed |= previous_size != Some(target.size_px());
        if changed {
            self.renderer.set_params(queue, &frame.params);
            let drawn = if self.cpu_dots {
                self.composite_on_cpu(device, queue, &mut target, frame)
            } else {
                self.renderer.draw_view(encoder, &mut target, &frame.params);
                true
            };
            // A frame that could not be drawn is tried again on the next one.
            self.last_params = drawn.then_some(frame.params);
        }
        self.target = Some(target);
    }

    /// The frame composited on the CPU over the photo layer, uploaded for presenting. If the
    /// photo layer cannot be read back, the error is logged, the previous frame stays on
    /// screen and false is returned.
    fn composite_on_cpu(
        &mut self,
        device: &wgpu::Device,
        queue: &wgpu::Queue,
        target: &mut ViewTarget,
        frame: &FrameData,
    ) -> bool {
        let params = &frame.params;
        let size_px = UVec2::from_array(target.size_px());
        let photo = match self
            .renderer
            .photo_layer_bytes(device, queue, target, params)
        {
            Ok(photo) => photo,
            Err(error) => {
                log::error!("{error}");
                return false;
            }
        };
        let basis = CompositeBasis {
            view: params.view,
            size_px,
            split_x_px: params.split_x_px,
            optics: params.optics,
            photo_key: self.photo_generation,
        };
        if self.always_redraw {
            self.compositor.invalidate();
        }
        let impressions = frame.impressions.shared();
        let (bytes, update) = self.compositor.frame_and_update(basis, impressions, photo);
        if update != FrameUpdate::Unchanged {
            self.renderer.show_view_bytes(queue, target, bytes);
        }
        true
    }
}

/// One frame of the preview; side by side, the "before" pane is the left half of the rect.
pub(super) struct PreviewCallback {
    pub frame: FrameData,
    pub side_by_side: bool,
}

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
            preview.prepare(device, queue, encoder, &self.frame);
        }
        Vec::new()
    }

    fn paint(
        &self,
        info: egui::PaintCallbackInfo,
        pass: &mut wgpu::RenderPass<'static>,
        resources: &egui_wgpu::CallbackResources,
    ) {
        let Some(preview) = resources.get::<GpuPreview>() else {
            return;
        };
        let Some(target) = &preview.target else {
            return;
        };
        if !self.side_by_side {
            preview.renderer.present(pass, target);
            return;
        }
        // Each pane is the target's size: "before" at the left edge, "after" at the right.
        let rect = info.viewport_in_pixels();
        let [w, h] = target.size_px();
        let (w, h) = (
            w.min(rect.width_px.max(0) as u32),
            h.min(rect.height_px.max(0) as u32),
        );
        let (left, top) = (rect.left_px as f32, rect.top_px as f32);
        let right = (rect.left_px + rect.width_px) as f32 - w as f32;
        pass.set_viewport(left, top, w as f32, h as f32, 0.0, 1.0);
        preview.renderer.present_before(pass, target);
        pass.set_viewport(right, top, w as f32, h as f32, 0.0, 1.0);
        preview.renderer.present(pass, target);
    }
}
