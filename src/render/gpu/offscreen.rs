//! Offscreen rendering with readback: one frame of the scene into an `RgbaImage`.

use image::RgbaImage;

use super::{GpuContext, GpuError, SCENE_FORMAT, SceneRenderer};
use crate::render::scene::SceneParams;

/// Renders the renderer's current photo and impressions with `params` and reads the pixels back.
/// Validation errors during the frame are returned, not panicked on.
pub fn render_to_image(
    ctx: &GpuContext,
    renderer: &SceneRenderer,
    params: &SceneParams,
) -> Result<RgbaImage, GpuError> {
    let (width, height) = (params.target_size_px.x, params.target_size_px.y);
    let max = renderer.max_texture_side();
    if width == 0 || height == 0 || width > max || height > max {
        return Err(GpuError::TooLarge { width, height, max });
    }
    let device = &ctx.device;
    let scope = device.push_error_scope(wgpu::ErrorFilter::Validation);
    renderer.set_params(&ctx.queue, params);
    let target = device.create_texture(&wgpu::TextureDescriptor {
        label: Some("offscreen target"),
        size: wgpu::Extent3d {
            width,
            height,
            depth_or_array_layers: 1,
        },
        mip_level_count: 1,
        sample_count: 1,
        dimension: wgpu::TextureDimension::D2,
        format: SCENE_FORMAT,
        usage: wgpu::TextureUsages::RENDER_ATTACHMENT | wgpu::TextureUsages::COPY_SRC,
        view_formats: &[],
    });
    let view = target.create_view(&wgpu::TextureViewDescriptor {
        label: Some("offscreen view"),
        ..Default::default()
    });
    let mut encoder = device.create_command_encoder(&wgpu::CommandEncoderDescriptor {
        label: Some("offscreen encoder"),
    });
    renderer.draw_scene(&mut encoder, &view);
    let pixels = read_texture(device, &ctx.queue, encoder, &target);
    if let Some(error) = pollster::block_on(scope.pop()) {
        return Err(GpuError::Render(error.to_string()));
    }
    RgbaImage::from_raw(width, height, pixels?)
        .ok_or_else(|| GpuError::Readback("short buffer".into()))
}

/// Submits `encoder` followed by a copy of `texture` (4 bytes a texel, mip level 0) into a
/// readback buffer, waits, and returns the texels row after row without padding.
pub(crate) fn read_texture(
    device: &wgpu::Device,
    queue: &wgpu::Queue,
    mut encoder: wgpu::CommandEncoder,
    texture: &wgpu::Texture,
) -> Result<Vec<u8>, GpuError> {
    let size = texture.size();
    let size = wgpu::Extent3d {
        depth_or_array_layers: 1,
        ..size
    };
    // Rows of a texture-to-buffer copy must start at multiples of 256 bytes.
    let row = 4 * size.width;
    let padded_row = row.next_multiple_of(wgpu::COPY_BYTES_PER_ROW_ALIGNMENT);
    let readback = device.create_buffer(&wgpu::BufferDescriptor {
        label: Some("texture readback"),
        size: u64::from(padded_row) * u64::from(size.height),
        usage: wgpu::BufferUsages::COPY_DST | wgpu::BufferUsages::MAP_READ,
        mapped_at_creation: false,
    });
    encoder.copy_texture_to_buffer(
        texture.as_image_copy(),
        wgpu::TexelCopyBufferInfo {
            buffer: &readback,
            layout: wgpu::TexelCopyBufferLayout {
                offset: 0,
                bytes_per_row: Some(padded_row),
                rows_per_image: None,
            },
        },
        size,
    );
    queue.submit([encoder.finish()]);
    let bytes = map_and_read(device, &readback)?;
    let mut pixels = Vec::with_capacity(row as usize * size.height as usize);
    for padded in bytes.chunks_exact(padded_row as usize) {
        pixels.extend_from_slice(&padded[..row as usize]);
    }
    Ok(pixels)
}

pub(crate) fn map_and_read(
    device: &wgpu::Device,
    buffer: &wgpu::Buffer,
) -> Result<Vec<u8>, GpuError> {
    let (sender, receiver) = std::sync::mpsc::channel();
    buffer.map_async(wgpu::MapMode::Read, .., move |result| {
        let _ = sender.send(result);
    });
    device
        .poll(wgpu::PollType::wait_indefinitely())
        .map_err(|e| GpuError::Readback(e.to_string()))?;
    match receiver.recv() {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return Err(GpuError::Readback(e.to_string())),
        Err(e) => return Err(GpuError::Readback(e.to_string())),
    }
    let bytes = buffer
        .get_mapped_range(..)
        .map_err(|e| GpuError::Readback(e.to_string()))?
        .to_vec();
    buffer.unmap();
    Ok(bytes)
}
