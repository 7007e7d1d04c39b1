//! How the preview's GPU objects are made: the pipelines (photo, dots summed into a darkening
//! texture and multiplied over it, mip and present blits), their bind group layouts, the
//! sampler, the impression instance buffer, the darkening texture and render passes. Every
//! object is labelled; `SceneRenderer` builds them once (the darkening texture per size).

use image::RgbaImage;

use super::SCENE_FORMAT;
use crate::core::sampling::Impression;

/// The dots' summed darkening: a float format that blends (additively) on every device.
pub(super) const DARKENING_FORMAT: wgpu::TextureFormat = wgpu::TextureFormat::Rgba16Float;

/// result = source + destination: the dots' darkenings add up.
pub(super) const ADD: wgpu::BlendState = wgpu::BlendState {
    color: wgpu::BlendComponent {
        src_factor: wgpu::BlendFactor::One,
        dst_factor: wgpu::BlendFactor::One,
        operation: wgpu::BlendOperation::Add,
    },
    alpha: wgpu::BlendComponent {
        src_factor: wgpu::BlendFactor::Zero,
        dst_factor: wgpu::BlendFactor::One,
        operation: wgpu::BlendOperation::Add,
    },
};

/// The texture the dots' darkening is summed in, and the bind group that reads it back.
pub(super) struct DarkeningTarget {
    pub view: wgpu::TextureView,
    pub bind_group: wgpu::BindGroup,
    pub size_px: [u32; 2],
}

impl DarkeningTarget {
    pub fn new(
        device: &wgpu::Device,
        size_px: [u32; 2],
        bind_group: impl FnOnce(&wgpu::TextureView) -> wgpu::BindGroup,
    ) -> Self {
        let usage = wgpu::TextureUsages::RENDER_ATTACHMENT | wgpu::TextureUsages::TEXTURE_BINDING;
        let (_, view) = view_texture_as(
            device,
            "darkening texture",
            size_px,
            usage,
            DARKENING_FORMAT,
        );
        DarkeningTarget {
            bind_group: bind_group(&view),
            view,
            size_px,
        }
    }
}

/// A one-level 2D texture of `size_px` and `format` with its view, both labelled `label`.
pub(super) fn view_texture_as(
    device: &wgpu::Device,
    label: &str,
    size_px: [u32; 2],
    usage: wgpu::TextureUsages,
    format: wgpu::TextureFormat,
) -> (wgpu::Texture, wgpu::TextureView) {
    let texture = device.create_texture(&wgpu::TextureDescriptor {
        label: Some(label),
        size: wgpu::Extent3d {
            width: size_px[0],
            height: size_px[1],
            depth_or_array_layers: 1,
        },
        mip_level_count: 1,
        sample_count: 1,
        dimension: wgpu::TextureDimension::D2,
        format,
        usage,
        view_formats: &[],
    });
    let view = texture.create_view(&wgpu::TextureViewDescriptor {
        label: Some(label),
        ..Default::default()
    });
    (texture, view)
}

/// result = source × destination: the photo's light times (1 − the dots' darkening).
pub(super) const MULTIPLY: wgpu::BlendState = wgpu::BlendState {
    color: wgpu::BlendComponent {
        src_factor: wgpu::BlendFactor::Dst,
        dst_factor: wgpu::BlendFactor::Zero,
        operation: wgpu::BlendOperation::Add,
    },
    alpha: wgpu::BlendComponent {
        src_factor: wgpu::BlendFactor::Zero,
        dst_factor: wgpu::BlendFactor::One,
        operation: wgpu::BlendOperation::Add,
    },
};

/// One attribute of the per-impression vertex buffer.
const fn instance_attribute(
    format: wgpu::VertexFormat,
    offset: usize,
    shader_location: u32,
) -> wgpu::VertexAttribute {
    wgpu::VertexAttribute {
        format,
        offset: offset as u64,
        shader_location,
    }
}

pub(super) const DOT_INSTANCE_LAYOUT: wgpu::VertexBufferLayout<'static> =
    wgpu::VertexBufferLayout {
        array_stride: std::mem::size_of::<Impression>() as u64,
        step_mode: wgpu::VertexStepMode::Instance,
        attributes: &[
            instance_attribute(wgpu::VertexFormat::Float32x2, 0, 0),
            instance_attribute(
                wgpu::VertexFormat::Float32,
                std::mem::offset_of!(Impression, diameter_px),
                1,
            ),
            instance_attribute(
                wgpu::VertexFormat::Float32,
                std::mem::offset_of!(Impression, opacity),
                2,
            ),
            instance_attribute(
                wgpu::VertexFormat::Float32,
                std::mem::offset_of!(Impression, pigment_strength),
                3,
            ),
            instance_attribute(
                wgpu::VertexFormat::Float32x2,
                std::mem::offset_of!(Impression, tilt_dir),
                4,
            ),
            instance_attribute(
                wgpu::VertexFormat::Float32,
                std::mem::offset_of!(Impression, squash),
                5,
            ),
        ],
    };

#[derive(Clone)]
pub(super) struct PipelineSpec<'a> {
    pub label: &'a str,
    pub module: &'a wgpu::ShaderModule,
    pub vs_entry: &'a str,
    pub fs_entry: &'a str,
}

impl<'a> PipelineSpec<'a> {
    pub fn new(
        label: &'a str,
        module: &'a wgpu::ShaderModule,
        vs_entry: &'a str,
        fs_entry: &'a str,
    ) -> Self {
        PipelineSpec {
            label,
            module,
            vs_entry,
            fs_entry,
        }
    }

    pub fn build(
        self,
        device: &wgpu::Device,
        layout: &wgpu::PipelineLayout,
        format: wgpu::TextureFormat,
        blend: Option<wgpu::BlendState>,
        buffers: &[wgpu::VertexBufferLayout<'_>],
    ) -> wgpu::RenderPipeline {
        let buffers: Vec<_> = buffers.iter().cloned().map(Some).collect();
        device.create_render_pipeline(&wgpu::RenderPipelineDescriptor {
            label: Some(self.label),
            layout: Some(layout),
            vertex: wgpu::VertexState {
                module: self.module,
                entry_point: Some(self.vs_entry),
                compilation_options: Default::default(),
                buffers: &buffers,
            },
            primitive: wgpu::PrimitiveState {
                topology: wgpu::PrimitiveTopology::TriangleStrip,
                ..Default::default()
            },
            depth_stencil: None,
            multisample: wgpu::MultisampleState::default(),
            fragment: Some(wgpu::FragmentState {
                module: self.module,
                entry_point: Some(self.fs_entry),
                compilation_options: Default::default(),
                targets: &[Some(wgpu::ColorTargetState {
                    format,
                    blend,
                    write_mask: wgpu::ColorWrites::ALL,
                })],
            }),
            multiview_mask: None,
            cache: None,
        })
    }
}

pub(super) fn shader(device: &wgpu::Device, label: &str, source: &str) -> wgpu::ShaderModule {
    device.create_shader_module(wgpu::ShaderModuleDescriptor {
        label: Some(label),
        source: wgpu::ShaderSource::Wgsl(source.into()),
    })
}

pub(super) fn pipeline_layout(
    device: &wgpu::Device,
    label: &str,
    group: &wgpu::BindGroupLayout,
) -> wgpu::PipelineLayout {
    device.create_pipeline_layout(&wgpu::PipelineLayoutDescriptor {
        label: Some(label),
        bind_group_layouts: &[Some(group)],
        immediate_size: 0,
    })
}

pub(super) fn texture_entry(binding: u32) -> wgpu::BindGroupLayoutEntry {
    wgpu::BindGroupLayoutEntry {
        binding,
        visibility: wgpu::ShaderStages::FRAGMENT,
        ty: wgpu::BindingType::Texture {
            sample_type: wgpu::TextureSampleType::Float { filterable: true },
            view_dimension: wgpu::TextureViewDimension::D2,
            multisampled: false,
        },
        count: None,
    }
}

pub(super) fn sampler_entry(binding: u32) -> wgpu::BindGroupLayoutEntry {
    wgpu::BindGroupLayoutEntry {
        binding,
        visibility: wgpu::ShaderStages::FRAGMENT,
        ty: wgpu::BindingType::Sampler(wgpu::SamplerBindingType::Filtering),
        count: None,
    }
}

pub(super) fn scene_bind_group_layout(device: &wgpu::Device) -> wgpu::BindGroupLayout {
    let uniforms = wgpu::BindGroupLayoutEntry {
        binding: 0,
        visibility: wgpu::ShaderStages::VERTEX_FRAGMENT,
        ty: wgpu::BindingType::Buffer {
            ty: wgpu::BufferBindingType::Uniform,
            has_dynamic_offset: false,
            min_binding_size: None,
        },
        count: None,
    };
    device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
        label: Some("scene bind group layout"),
        entries: &[uniforms, texture_entry(1), sampler_entry(2)],
    })
}

pub(super) fn blit_bind_group_layout(device: &wgpu::Device) -> wgpu::BindGroupLayout {
    device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
        label: Some("blit bind group layout"),
        entries: &[texture_entry(0), sampler_entry(1)],
    })
}

pub(super) fn linear_sampler(device: &wgpu::Device) -> wgpu::Sampler {
    device.create_sampler(&wgpu::SamplerDescriptor {
        label: Some("linear sampler"),
        mag_filter: wgpu::FilterMode::Linear,
        min_filter: wgpu::FilterMode::Linear,
        mipmap_filter: wgpu::MipmapFilterMode::Linear,
        ..Default::default()
    })
}

/// The photo as a texture with room for its full mip chain (level 0 uploaded); returns it
/// with its mip level count.
pub(super) fn photo_texture(
    device: &wgpu::Device,
    queue: &wgpu::Queue,
    photo: &RgbaImage,
) -> (wgpu::Texture, u32) {
    let size = wgpu::Extent3d {
        width: photo.width(),
        height: photo.height(),
        depth_or_array_layers: 1,
    };
    let mip_level_count = size.max_mips(wgpu::TextureDimension::D2);
    let texture = device.create_texture(&wgpu::TextureDescriptor {
        label: Some("photo texture"),
        size,
        mip_level_count,
        sample_count: 1,
        dimension: wgpu::TextureDimension::D2,
        format: SCENE_FORMAT,
        usage: wgpu::TextureUsages::TEXTURE_BINDING
            | wgpu::TextureUsages::COPY_DST
            | wgpu::TextureUsages::RENDER_ATTACHMENT,
        view_formats: &[],
    });
    queue.write_texture(
        texture.as_image_copy(),
        photo.as_raw(),
        wgpu::TexelCopyBufferLayout {
            offset: 0,
            bytes_per_row: Some(4 * size.width),
            rows_per_image: None,
        },
        size,
    );
    (texture, mip_level_count)
}

pub(super) fn instance_buffer(device: &wgpu::Device, capacity: usize) -> wgpu::Buffer {
    device.create_buffer(&wgpu::BufferDescriptor {
        label: Some("impression instances"),
        size: (capacity.max(1) * std::mem::size_of::<Impression>()) as u64,
        usage: wgpu::BufferUsages::VERTEX | wgpu::BufferUsages::COPY_DST,
        mapped_at_creation: false,
    })
}

pub(super) fn begin_pass<'e>(
    encoder: &'e mut wgpu::CommandEncoder,
    target: &wgpu::TextureView,
    label: &str,
) -> wgpu::RenderPass<'e> {
    begin_pass_with(encoder, target, label, wgpu::LoadOp::Clear(BACKGROUND))
}

/// A render pass into `target` that clears it or keeps (`Load`) what it holds.
pub(super) fn begin_pass_with<'e>(
    encoder: &'e mut wgpu::CommandEncoder,
    target: &wgpu::TextureView,
    label: &str,
    load: wgpu::LoadOp<wgpu::Color>,
) -> wgpu::RenderPass<'e> {
    encoder.begin_render_pass(&wgpu::RenderPassDescriptor {
        label: Some(label),
        color_attachments: &[Some(wgpu::RenderPassColorAttachment {
            view: target,
            depth_slice: None,
            resolve_target: None,
            ops: wgpu::Operations {
                load,
                store: wgpu::StoreOp::Store,
            },
        })],
        ..Default::default()
    })
}

/// Neutral dark grey around the photo (linear).
const BACKGROUND: wgpu::Color = wgpu::Color {
    r: 0.018,
    g: 0.019,
    b: 0.021,
    a: 1.0,
};
