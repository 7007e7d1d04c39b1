//! The preview renderer: its pipelines and layouts (made by `pipelines`, once per device),
//! the photo texture with its mips, and the per-frame buffers. A slider move only writes the
//! uniform and instance buffers. Dots are drawn in two passes: their darkening is summed into
//! a float texture of the target's size (kept between frames), then multiplied onto the photo.

use std::sync::Mutex;

use bytemuck::{Pod, Zeroable};
use image::RgbaImage;

use super::pipelines::{
    ADD, DARKENING_FORMAT, DOT_INSTANCE_LAYOUT, DarkeningTarget, MULTIPLY, PipelineSpec,
    begin_pass, begin_pass_with, blit_bind_group_layout, instance_buffer, linear_sampler,
    photo_texture, pipeline_layout, scene_bind_group_layout, shader,
};
use super::{BLIT_WGSL, SCENE_WGSL};
use crate::core::optics::MIN_EDGE_PX;
use crate::core::sampling::Impression;
use crate::render::scene::{DOT_IRREGULARITY, SceneParams};

/// Format the scene is composited in: 8-bit sRGB, so blending happens in linear light.
pub const SCENE_FORMAT: wgpu::TextureFormat = wgpu::TextureFormat::Rgba8UnormSrgb;

/// Mirrors `Scene` in `shaders/scene.wgsl`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Pod, Zeroable)]
struct SceneUniforms {
    image_size_px: [f32; 2],
    target_size_px: [f32; 2],
    offset_px: [f32; 2],
    scale: f32,
    split_x_px: f32,
    min_edge_px: f32,
    irregularity: f32,
    deposit_per_mark: f32,
    spread_px: f32,
    core_transmittance: [f32; 4],
    surface_share: [f32; 4],
    edge_px: [f32; 4],
}

/// The photo on the GPU, with a full mip chain for zoomed-out views.
struct PhotoTexture {
    bind_group: wgpu::BindGroup,
    /// Size of the photo the plan refers to (the texture may be smaller if the GPU limits it).
    image_size_px: [u32; 2],
}

/// The preview renderer: photo, impressions and view in; composited frame out.
pub struct SceneRenderer {
    scene_layout: wgpu::BindGroupLayout,
    blit_layout: wgpu::BindGroupLayout,
    photo_pipeline: wgpu::RenderPipeline,
    dot_pipeline: wgpu::RenderPipeline,
    darken_pipeline: wgpu::RenderPipeline,
    mip_pipeline: wgpu::RenderPipeline,
    pub(super) present_pipeline: Option<wgpu::RenderPipeline>,
    /// The window's framebuffer stores sRGB-encoded bytes without being an sRGB format.
    pub(super) present_needs_raw_bytes: bool,
    sampler: wgpu::Sampler,
    uniforms: wgpu::Buffer,
    instances: wgpu::Buffer,
    instance_count: u32,
    photo: Option<PhotoTexture>,
    /// Changes with every photo upload, so cached photo layers know when they are stale.
    pub(super) photo_serial: u64,
    max_texture_side: u32,
    device: wgpu::Device,
    /// The size of the target the uniforms were last written for, and the dots' summed
    /// darkening at that size (made again when it changes). Behind a lock only because egui's
    /// callback resources must be `Sync`; one thread draws.
    darkening: Mutex<([u32; 2], Option<DarkeningTarget>)>,
}

impl SceneRenderer {
    /// Builds every pipeline. `present_format` is the window's framebuffer format, if any.
    pub fn new(device: &wgpu::Device, present_format: Option<wgpu::TextureFormat>) -> Self {
        let scene_shader = shader(device, "scene shader", SCENE_WGSL);
        let blit_shader = shader(device, "blit shader", BLIT_WGSL);
        let scene_layout = scene_bind_group_layout(device);
        let blit_layout = blit_bind_group_layout(device);
        let scene_pl = pipeline_layout(device, "scene pipeline layout", &scene_layout);
        let blit_pl = pipeline_layout(device, "blit pipeline layout", &blit_layout);
        let photo_pipeline = PipelineSpec::new(
            "photo pipeline",
            &scene_shader,
            "vs_photo",
            "fs_photo",
        )
        .build(device, &scene_pl, SCENE_FORMAT, None, &[]);
        let dot_pipeline = PipelineSpec::new("dot pipeline", &scene_shader, "vs_dot", "fs_dot")
            .build(
                device,
                &scene_pl,
                DARKENING_FORMAT,
                Some(ADD),
                &[DOT_INSTANCE_LAYOUT],
            );
        let copy = PipelineSpec::new("mip pipeline", &blit_shader, "vs_fullscreen", "fs_copy");
        let darken_pipeline = PipelineSpec {
            label: "darken pipeline",
            fs_entry: "fs_darken",
            ..copy.clone()
        }
        .build(device, &blit_pl, SCENE_FORMAT, Some(MULTIPLY), &[]);
        let mip_pipeline = copy
            .clone()
            .build(device, &blit_pl, SCENE_FORMAT, None, &[]);
        // The view is shown 1:1 with a plain load. Into a non-sRGB framebuffer (egui's usual)
        // it is loaded from a byte-for-byte copy in a non-sRGB format, so the sRGB-encoded
        // bytes pass through unchanged with no per-pixel encoding.
        let present_pipeline = present_format.map(|format| {
            PipelineSpec {
                label: "present pipeline",
                fs_entry: "fs_load",
                ..copy
            }
            .build(device, &blit_pl, format, None, &[])
        });
        SceneRenderer {
            scene_layout,
            blit_layout,
            photo_pipeline,
            dot_pipeline,
            darken_pipeline,
            mip_pipeline,
            present_pipeline,
            present_needs_raw_bytes: present_format.is_some_and(|f| !f.is_srgb()),
            sampler: linear_sampler(device),
            uniforms: device.create_buffer(&wgpu::BufferDescriptor {
                label: Some("scene uniforms"),
                size: std::mem::size_of::<SceneUniforms>() as u64,
                usage: wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST,
                mapped_at_creation: false,
            }),
            instances: instance_buffer(device, 1024),
            instance_count: 0,
            photo: None,
            photo_serial: 0,
            max_texture_side: device.limits().max_texture_dimension_2d,
            device: device.clone(),
            darkening: Mutex::new(([1, 1], None)),
        }
    }

    /// Largest texture side this device accepts.
    pub fn max_texture_side(&self) -> u32 {
        self.max_texture_side
    }

    /// Uploads the photo (downscaled to the GPU's limit if needed; returns true then) and
    /// builds its mip chain. Impression positions stay in the original photo's pixels.
    pub fn set_photo(
        &mut self,
        device: &wgpu::Device,
        queue: &wgpu::Queue,
        photo: &RgbaImage,
    ) -> bool {
        let image_size_px = [photo.width(), photo.height()];
        let fitted = fit_to_side(photo, self.max_texture_side);
        let downscaled = fitted.is_some();
        let (texture, mip_level_count) =
            photo_texture(device, queue, fitted.as_ref().unwrap_or(photo));
        self.generate_mips(device, queue, &texture, mip_level_count);
        let view = texture.create_view(&wgpu::TextureViewDescriptor {
            label: Some("photo view"),
            ..Default::default()
        });
        let bind_group = self.scene_bind_group(device, &view);
        self.photo = Some(PhotoTexture {
            bind_group,
            image_size_px,
        });
        self.photo_serial += 1;
        downscaled
    }

    fn generate_mips(
        &self,
        device: &wgpu::Device,
        queue: &wgpu::Queue,
        texture: &wgpu::Texture,
        levels: u32,
    ) {
        let mut encoder = device.create_command_encoder(&wgpu::CommandEncoderDescriptor {
            label: Some("mip encoder"),
        });
        let level_view = |level| {
            texture.create_view(&wgpu::TextureViewDescriptor {
                label: Some("photo mip view"),
                base_mip_level: level,
                mip_level_count: Some(1),
                ..Default::default()
            })
        };
        for level in 1..levels {
            let source = level_view(level - 1);
            let bind_group = self.blit_bind_group(device, &source, "mip bind group");
            let target = level_view(level);
            let mut pass = begin_pass(&mut encoder, &target, "mip pass");
            pass.set_pipeline(&self.mip_pipeline);
            pass.set_bind_group(0, &bind_group, &[]);
            pass.draw(0..3, 0..1);
        }
        queue.submit([encoder.finish()]);
    }

    /// The uniforms, `photo` and the sampler, as the scene pipelines read them.
    fn scene_bind_group(
        &self,
        device: &wgpu::Device,
        photo: &wgpu::TextureView,
    ) -> wgpu::BindGroup {
        device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some("scene bind group"),
            layout: &self.scene_layout,
            entries: &[
                wgpu::BindGroupEntry {
                    binding: 0,
                    resource: self.uniforms.as_entire_binding(),
                },
                wgpu::BindGroupEntry {
                    binding: 1,
                    resource: wgpu::BindingResource::TextureView(photo),
                },
                wgpu::BindGroupEntry {
                    binding: 2,
                    resource: wgpu::BindingResource::Sampler(&self.sampler),
                },
            ],
        })
    }

    pub(super) fn blit_bind_group(
        &self,
        device: &wgpu::Device,
        source: &wgpu::TextureView,
        label: &str,
    ) -> wgpu::BindGroup {
        device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some(label),
            layout: &self.blit_layout,
            entries: &[
                wgpu::BindGroupEntry {
                    binding: 0,
                    resource: wgpu::BindingResource::TextureView(source),
                },
                wgpu::BindGroupEntry {
                    binding: 1,
                    resource: wgpu::BindingResource::Sampler(&self.sampler),
                },
            ],
        })
    }

    /// Size of the photo last set, in its own pixels.
    pub fn photo_size_px(&self) -> Option<[u32; 2]> {
        self.photo.as_ref().map(|p| p.image_size_px)
    }

    /// Replaces the impressions; the buffer grows by doubling and is never rebuilt otherwise.
    pub fn set_impressions(
        &mut self,
        device: &wgpu::Device,
        queue: &wgpu::Queue,
        impressions: &[Impression],
    ) {
        let bytes: &[u8] = bytemuck::cast_slice(impressions);
        if bytes.len() as u64 > self.instances.size() {
            let capacity = impressions.len().next_power_of_two();
            self.instances = instance_buffer(device, capacity);
        }
        queue.write_buffer(&self.instances, 0, bytes);
        self.instance_count = impressions.len() as u32;
    }

    /// Writes the frame's uniforms.
    pub fn set_params(&self, queue: &wgpu::Queue, params: &SceneParams) {
        let [w, h] = self.photo_size_px().unwrap_or([1, 1]);
        let optics = &params.optics;
        let rgb0 = |[r, g, b]: [f32; 3]| [r, g, b, 0.0];
        let uniforms = SceneUniforms {
            image_size_px: [w as f32, h as f32],
            target_size_px: params.target_size_px.as_vec2().to_array(),
            offset_px: params.view.offset_px.to_array(),
            scale: params.view.scale,
            split_x_px: params.split_x_px.max(-1.0e9),
            min_edge_px: MIN_EDGE_PX,
            irregularity: DOT_IRREGULARITY,
            deposit_per_mark: optics.deposit_per_mark,
            spread_px: optics.spread_px,
            core_transmittance: rgb0(optics.core_transmittance),
            surface_share: rgb0(optics.surface_share),
            edge_px: rgb0(optics.edge_px),
        };
        queue.write_buffer(&self.uniforms, 0, bytemuck::bytes_of(&uniforms));
        let size = params.target_size_px.max(glam::UVec2::ONE).to_array();
        self.darkening_state().0 = size.map(|s| s.min(self.max_texture_side));
    }

    /// Clears `target` and draws the photo and the impressions into it (format [`SCENE_FORMAT`]).
    pub fn draw_scene(&self, encoder: &mut wgpu::CommandEncoder, target: &wgpu::TextureView) {
        self.draw_photo(encoder, target);
        self.draw_dots_over(encoder, target);
    }

    /// Clears `target` to the background and draws the photo (no impressions) into it.
    pub fn draw_photo(&self, encoder: &mut wgpu::CommandEncoder, target: &wgpu::TextureView) {
        let mut pass = begin_pass(encoder, target, "photo pass");
        let Some(photo) = &self.photo else { return };
        pass.set_bind_group(0, &photo.bind_group, &[]);
        pass.set_pipeline(&self.photo_pipeline);
        pass.draw(0..4, 0..1);
    }

    fn darkening_state(&self) -> std::sync::MutexGuard<'_, ([u32; 2], Option<DarkeningTarget>)> {
        // A panic while the lock was held left nothing half-written worth refusing.
        self.darkening.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Draws only the impressions over what `target` already holds (the photo, written there
    /// by the caller), at the target size of the last [`Self::set_params`]: their darkening
    /// summed into the darkening texture, then multiplied onto `target`. Needs a photo set
    /// (any size) for its bind group.
    pub fn draw_dots_over(&self, encoder: &mut wgpu::CommandEncoder, target: &wgpu::TextureView) {
        let (Some(photo), true) = (&self.photo, self.instance_count > 0) else {
            return;
        };
        let mut state = self.darkening_state();
        let (size, darkening) = &mut *state;
        let size = *size;
        let darkening = match darkening.take() {
            Some(d) if d.size_px == size => darkening.insert(d),
            _ => darkening.insert(DarkeningTarget::new(&self.device, size, |view| {
                self.blit_bind_group(&self.device, view, "darkening bind group")
            })),
        };
        {
            let clear = wgpu::LoadOp::Clear(wgpu::Color::TRANSPARENT);
            let mut pass = begin_pass_with(encoder, &darkening.view, "dots pass", clear);
            pass.set_bind_group(0, &photo.bind_group, &[]);
            pass.set_pipeline(&self.dot_pipeline);
            pass.set_vertex_buffer(0, self.instances.slice(..));
            pass.draw(0..4, 0..self.instance_count);
        }
        let mut pass = begin_pass_with(encoder, target, "darken pass", wgpu::LoadOp::Load);
        pass.set_pipeline(&self.darken_pipeline);
        pass.set_bind_group(0, &darkening.bind_group, &[]);
        pass.draw(0..3, 0..1);
    }
}

/// Returns a copy of `photo` shrunk to fit `max_side`, or `None` when it already fits.
fn fit_to_side(photo: &RgbaImage, max_side: u32) -> Option<RgbaImage> {
    let (w, h) = photo.dimensions();
    if w <= max_side && h <= max_side {
        return None;
    }
    let factor = max_side as f64 / w.max(h) as f64;
    let (nw, nh) = (
        ((w as f64 * factor) as u32).max(1),
        ((h as f64 * factor) as u32).max(1),
    );
    Some(image::imageops::resize(
        photo,
        nw,
        nh,
        image::imageops::FilterType::Triangle,
    ))
}
