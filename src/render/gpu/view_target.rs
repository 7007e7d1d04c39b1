//! The window's view: a window-sized scene texture shown 1:1 in egui's render pass, and a
//! cached "photo layer" (the photo as the view shows it, without impressions). While only the
//! impressions or the pigment change — every slider but zoom and pan — a frame copies the
//! cached layer instead of sampling the photo again, then draws the dots over it. On software
//! GPUs the frame is composited on the CPU instead (`cpu_render::composite_view`) over the
//! photo layer read back once per view, and uploaded straight into the texture shown.

use super::pipelines::view_texture_as;
use super::renderer::SceneRenderer;
use super::{GpuError, SCENE_FORMAT, read_texture};
use crate::render::scene::{SceneParams, ViewTransform};

/// The textures of the window's view.
pub struct ViewTarget {
    scene: wgpu::Texture,
    scene_view: wgpu::TextureView,
    photo_layer: wgpu::Texture,
    photo_layer_view: wgpu::TextureView,
    /// How the scene ("after") and the photo layer ("before", side by side) reach the screen.
    present_scene: Presentable,
    present_photo: Presentable,
    size_px: [u32; 2],
    /// The photo upload and view the photo layer holds.
    photo_layer_of: Option<(u64, ViewTransform)>,
    /// The photo layer's RGBA sRGB bytes, for frames composited on the CPU, and what it holds.
    photo_bytes: Vec<u8>,
    photo_bytes_of: Option<(u64, ViewTransform)>,
}

impl ViewTarget {
    pub fn size_px(&self) -> [u32; 2] {
        self.size_px
    }
}

/// A texture as the present pass reads it: directly, or through a non-sRGB copy of its bytes
/// for non-sRGB framebuffers (see `SceneRenderer::present`).
struct Presentable {
    bind_group: wgpu::BindGroup,
    raw_copy: Option<wgpu::Texture>,
}

impl Presentable {
    fn new(
        renderer: &SceneRenderer,
        device: &wgpu::Device,
        source: &wgpu::TextureView,
        size_px: [u32; 2],
        label: &str,
    ) -> Self {
        let raw_copy = renderer.present_needs_raw_bytes.then(|| {
            view_texture_as(
                device,
                &format!("{label} present copy"),
                size_px,
                wgpu::TextureUsages::TEXTURE_BINDING | wgpu::TextureUsages::COPY_DST,
                wgpu::TextureFormat::Rgba8Unorm,
            )
        });
        let shown = raw_copy.as_ref().map_or(source, |(_, view)| view);
        let bind_group =
            renderer.blit_bind_group(device, shown, &format!("{label} present bind group"));
        Presentable {
            bind_group,
            raw_copy: raw_copy.map(|(texture, _)| texture),
        }
    }

    /// The texture the present pass reads: the raw copy, else `source` itself.
    fn shown<'a>(&'a self, source: &'a wgpu::Texture) -> &'a wgpu::Texture {
        self.raw_copy.as_ref().unwrap_or(source)
    }

    /// Refreshes the raw copy (if any) from `source` after it was drawn.
    fn update(&self, encoder: &mut wgpu::CommandEncoder, source: &wgpu::Texture) {
        if let Some(raw) = &self.raw_copy {
            encoder.copy_texture_to_texture(
                source.as_image_copy(),
                raw.as_image_copy(),
                source.size(),
            );
        }
    }
}

fn view_texture(
    device: &wgpu::Device,
    label: &str,
    size_px: [u32; 2],
    usage: wgpu::TextureUsages,
) -> (wgpu::Texture, wgpu::TextureView) {
    view_texture_as(device, label, size_px, usage, SCENE_FORMAT)
}

impl SceneRenderer {
    /// A view target of `size_px`, reusing `current` when the size matches.
    pub fn view_target(
        &self,
        device: &wgpu::Device,
        current: Option<ViewTarget>,
        size_px: [u32; 2],
    ) -> ViewTarget {
        let size_px = size_px.map(|s| s.clamp(1, self.max_texture_side()));
        if let Some(target) = current.filter(|t| t.size_px == size_px) {
            return target;
        }
        use wgpu::TextureUsages as U;
        let drawn = U::RENDER_ATTACHMENT;
        let (scene, scene_view) = view_texture(
            device,
            "view scene",
            size_px,
            drawn | U::TEXTURE_BINDING | U::COPY_DST | U::COPY_SRC,
        );
        let (photo_layer, photo_layer_view) = view_texture(
            device,
            "view photo layer",
            size_px,
            drawn | U::COPY_SRC | U::TEXTURE_BINDING,
        );
        let present_scene = Presentable::new(self, device, &scene_view, size_px, "scene");
        let present_photo = Presentable::new(self, device, &photo_layer_view, size_px, "photo");
        ViewTarget {
            scene,
            scene_view,
            photo_layer,
            photo_layer_view,
            present_scene,
            present_photo,
            size_px,
            photo_layer_of: None,
            photo_bytes: Vec::new(),
            photo_bytes_of: None,
        }
    }

    /// Renders the frame into the view target (uniforms must already hold `params`): the
    /// cached photo layer with the GPU's dots drawn over it.
    pub fn draw_view(
        &self,
        encoder: &mut wgpu::CommandEncoder,
        target: &mut ViewTarget,
        params: &SceneParams,
    ) {
        self.refresh_photo_layer(encoder, target, params);
        let [width, height] = target.size_px;
        encoder.copy_texture_to_texture(
            target.photo_layer.as_image_copy(),
            target.scene.as_image_copy(),
            wgpu::Extent3d {
                width,
                height,
                depth_or_array_layers: 1,
            },
        );
        self.draw_dots_over(encoder, &target.scene_view);
        target.present_scene.update(encoder, &target.scene);
    }

    /// Draws the photo layer for `params.view` unless it already holds it.
    fn refresh_photo_layer(
        &self,
        encoder: &mut wgpu::CommandEncoder,
        target: &mut ViewTarget,
        params: &SceneParams,
    ) {
        let key = (self.photo_serial, params.view);
        if target.photo_layer_of != Some(key) {
            self.draw_photo(encoder, &target.photo_layer_view);
            target.present_photo.update(encoder, &target.photo_layer);
            target.photo_layer_of = Some(key);
        }
    }

    /// The photo layer for `params.view` as RGBA sRGB bytes (uniforms must already hold
    /// `params`): drawn and read back when the photo or the view changed, else the cached copy.
    pub fn photo_layer_bytes<'t>(
        &self,
        device: &wgpu::Device,
        queue: &wgpu::Queue,
        target: &'t mut ViewTarget,
        params: &SceneParams,
    ) -> Result<&'t [u8], GpuError> {
        let key = (self.photo_serial, params.view);
        if target.photo_bytes_of != Some(key) {
            target.photo_bytes_of = None;
            let scope = device.push_error_scope(wgpu::ErrorFilter::Validation);
            let mut encoder = device.create_command_encoder(&wgpu::CommandEncoderDescriptor {
                label: Some("photo layer readback encoder"),
            });
            self.refresh_photo_layer(&mut encoder, target, params);
            let bytes = read_texture(device, queue, encoder, &target.photo_layer);
            if let Some(error) = pollster::block_on(scope.pop()) {
                target.photo_layer_of = None;
                return Err(GpuError::Render(error.to_string()));
            }
            target.photo_bytes = bytes?;
            target.photo_bytes_of = Some(key);
        }
        Ok(&target.photo_bytes)
    }

    /// Shows a frame composited on the CPU: `frame` (RGBA sRGB bytes at the target's size) is
    /// uploaded into the texture the present pass reads. A frame of the wrong size is ignored.
    pub fn show_view_bytes(&self, queue: &wgpu::Queue, target: &ViewTarget, frame: &[u8]) {
        let [width, height] = target.size_px;
        if frame.len() != 4 * width as usize * height as usize {
            return;
        }
        queue.write_texture(
            target.present_scene.shown(&target.scene).as_image_copy(),
            frame,
            wgpu::TexelCopyBufferLayout {
                offset: 0,
                bytes_per_row: Some(4 * width),
                rows_per_image: None,
            },
            wgpu::Extent3d {
                width,
                height,
                depth_or_array_layers: 1,
            },
        );
    }

    /// Copies the view target's scene ("after") into the window's render pass (its viewport
    /// set to where it goes, the target's size).
    pub fn present(&self, pass: &mut wgpu::RenderPass<'static>, target: &ViewTarget) {
        self.present_with(pass, &target.present_scene.bind_group);
    }

    /// Copies the view target's photo layer ("before", for the side-by-side view).
    pub fn present_before(&self, pass: &mut wgpu::RenderPass<'static>, target: &ViewTarget) {
        self.present_with(pass, &target.present_photo.bind_group);
    }

    fn present_with(&self, pass: &mut wgpu::RenderPass<'static>, bind_group: &wgpu::BindGroup) {
        if let Some(pipeline) = &self.present_pipeline {
            pass.set_pipeline(pipeline);
            pass.set_bind_group(0, bind_group, &[]);
            pass.draw(0..3, 0..1);
        }
    }
}
