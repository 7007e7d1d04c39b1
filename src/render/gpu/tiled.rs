//! Full-resolution output of any size in bounded memory: the photo is rendered in tiles
//! (bands of rows, split into columns when wider than a texture may be). Each tile's texture
//! is filled with the photo's own pixels — at 1:1 the photo pass of the scene is an exact copy —
//! then only the impressions that reach that band are drawn on, and the band is read
//! back and handed to a sink (e.g. a streaming PNG encoder) before the next one is drawn.

use glam::UVec2;
use image::RgbaImage;

use super::{GpuContext, GpuError, SCENE_FORMAT, SceneRenderer, map_and_read};
use crate::core::optics::{DotOptics, MIN_EDGE_PX};
use crate::core::sampling::Impression;
use crate::render::scene::{SceneParams, ViewTransform, largest_reach_image_px};

/// Pixels per tile at most (16 MiB of RGBA): small enough to keep memory flat, large enough
/// that the per-tile round trip is a small share of the time.
const TILE_PIXELS: u32 = 4 << 20;

/// Tile size for a `width` × `height` output on a GPU whose textures are at most `max_side`.
pub fn tile_size(width: u32, height: u32, max_side: u32) -> UVec2 {
    let tile_w = width.min(max_side).max(1);
    let tile_h = (TILE_PIXELS / tile_w).clamp(1, max_side).min(height.max(1));
    UVec2::new(tile_w, tile_h)
}

/// Renders `impressions` over `photo` at 1:1 as `optics` draws them, and calls `sink` with each
/// band of finished RGBA rows, top to bottom (`rows` holds `band_height` rows of
/// `4 × width` bytes). `impressions` need not be sorted. `tile` overrides the tile size (tests).
pub fn render_tiled(
    ctx: &GpuContext,
    renderer: &mut SceneRenderer,
    photo: &RgbaImage,
    impressions: &[Impression],
    optics: DotOptics,
    tile: Option<UVec2>,
    sink: &mut dyn FnMut(&[u8]) -> Result<(), GpuError>,
) -> Result<(), GpuError> {
    let (width, height) = photo.dimensions();
    let tile = tile.unwrap_or_else(|| tile_size(width, height, renderer.max_texture_side()));
    let mut sorted = impressions.to_vec();
    sorted.sort_by(|a, b| a.pos_px.y.total_cmp(&b.pos_px.y));
    let reach = reach_px(&sorted, &optics);
    let placeholder = RgbaImage::from_pixel(1, 1, image::Rgba([255; 4]));
    renderer.set_photo(&ctx.device, &ctx.queue, &placeholder);
    let target = TileTarget::new(&ctx.device, tile);
    let mut band = vec![0u8; (4 * width * tile.y) as usize];
    for y0 in (0..height).step_by(tile.y as usize) {
        let band_h = tile.y.min(height - y0);
        let (lo, hi) = (y0 as f32 - reach, (y0 + band_h) as f32 + reach);
        let first = sorted.partition_point(|i| i.pos_px.y < lo);
        let last = sorted.partition_point(|i| i.pos_px.y < hi);
        renderer.set_impressions(&ctx.device, &ctx.queue, &sorted[first..last]);
        for x0 in (0..width).step_by(tile.x as usize) {
            let size = UVec2::new(tile.x.min(width - x0), band_h);
            let origin = UVec2::new(x0, y0);
            let pixels = target.render(ctx, renderer, photo, origin, size, optics)?;
            copy_tile_into_band(&pixels, size, x0, width, &mut band);
        }
        sink(&band[..(4 * width * band_h) as usize])?;
    }
    Ok(())
}

/// How far beyond its centre an impression can mark the output, in pixels (the dot quad's
/// half extent in `vs_dot`, plus a pixel of margin).
fn reach_px(impressions: &[Impression], optics: &DotOptics) -> f32 {
    largest_reach_image_px(impressions, optics) + MIN_EDGE_PX + 2.0
}

fn copy_tile_into_band(tile: &[u8], size: UVec2, x0: u32, width: u32, band: &mut [u8]) {
    let row_bytes = (4 * size.x) as usize;
    for (y, row) in tile.chunks_exact(row_bytes).enumerate() {
        let start = (4 * (y as u32 * width + x0)) as usize;
        band[start..start + row_bytes].copy_from_slice(row);
    }
}

/// One tile texture and its readback buffer, reused for every tile.
struct TileTarget {
    texture: wgpu::Texture,
    view: wgpu::TextureView,
    readback: wgpu::Buffer,
    size: UVec2,
}

impl TileTarget {
    fn new(device: &wgpu::Device, size: UVec2) -> Self {
        let texture = device.create_texture(&wgpu::TextureDescriptor {
            label: Some("tile target"),
            size: extent(size),
            mip_level_count: 1,
            sample_count: 1,
            dimension: wgpu::TextureDimension::D2,
            format: SCENE_FORMAT,
            usage: wgpu::TextureUsages::RENDER_ATTACHMENT
                | wgpu::TextureUsages::COPY_SRC
                | wgpu::TextureUsages::COPY_DST,
            view_formats: &[],
        });
        let view = texture.create_view(&wgpu::TextureViewDescriptor {
            label: Some("tile view"),
            ..Default::default()
        });
        let readback = device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("tile readback"),
            size: u64::from(padded_row(size.x)) * u64::from(size.y),
            usage: wgpu::BufferUsages::COPY_DST | wgpu::BufferUsages::MAP_READ,
            mapped_at_creation: false,
        });
        TileTarget {
            texture,
            view,
            readback,
            size,
        }
    }

    /// The output pixels of the tile at `origin` (`size` ≤ the tile), RGBA rows, unpadded.
    fn render(
        &self,
        ctx: &GpuContext,
        renderer: &SceneRenderer,
        photo: &RgbaImage,
        origin: UVec2,
        size: UVec2,
        optics: DotOptics,
    ) -> Result<Vec<u8>, GpuError> {
        let scope = ctx.device.push_error_scope(wgpu::ErrorFilter::Validation);
        ctx.queue.write_texture(
            self.texture.as_image_copy(),
            photo.as_raw(),
            wgpu::TexelCopyBufferLayout {
                offset: 4 * (u64::from(origin.y) * u64::from(photo.width()) + u64::from(origin.x)),
                bytes_per_row: Some(4 * photo.width()),
                rows_per_image: None,
            },
            extent(size),
        );
        renderer.set_params(
            &ctx.queue,
            &SceneParams {
                view: ViewTransform {
                    scale: 1.0,
                    offset_px: -origin.as_vec2(),
                },
                target_size_px: self.size,
                split_x_px: f32::NEG_INFINITY,
                optics,
            },
        );
        let mut encoder = ctx
            .device
            .create_command_encoder(&wgpu::CommandEncoderDescriptor {
                label: Some("tile encoder"),
            });
        renderer.draw_dots_over(&mut encoder, &self.view);
        let padded = padded_row(size.x);
        encoder.copy_texture_to_buffer(
            self.texture.as_image_copy(),
            wgpu::TexelCopyBufferInfo {
                buffer: &self.readback,
                layout: wgpu::TexelCopyBufferLayout {
                    offset: 0,
                    bytes_per_row: Some(padded),
                    rows_per_image: None,
                },
            },
            extent(size),
        );
        ctx.queue.submit([encoder.finish()]);
        if let Some(error) = pollster::block_on(scope.pop()) {
            return Err(GpuError::Render(error.to_string()));
        }
        let bytes = map_and_read(&ctx.device, &self.readback)?;
        let row_bytes = (4 * size.x) as usize;
        let rows = bytes.chunks_exact(padded as usize).take(size.y as usize);
        Ok(rows.flat_map(|row| &row[..row_bytes]).copied().collect())
    }
}

/// Rows of a texture-to-buffer copy must start at multiples of 256 bytes.
fn padded_row(width: u32) -> u32 {
    (4 * width).next_multiple_of(wgpu::COPY_BYTES_PER_ROW_ALIGNMENT)
}

fn extent(size: UVec2) -> wgpu::Extent3d {
    wgpu::Extent3d {
        width: size.x,
        height: size.y,
        depth_or_array_layers: 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiles_respect_the_texture_limit_and_the_pixel_budget() {
        let t = tile_size(8160, 6120, 16384);
        assert!(t.x == 8160 && t.x * t.y <= TILE_PIXELS && t.x * (t.y + 1) > TILE_PIXELS);
        assert_eq!(tile_size(30000, 100, 16384), UVec2::new(16384, 100));
        assert_eq!(tile_size(100, 50, 16384), UVec2::new(100, 50));
        let t = tile_size(2000, 3000, 1024);
        assert!(t.x <= 1024 && t.y <= 1024 && t.x * t.y <= TILE_PIXELS);
    }

    #[test]
    fn reach_covers_the_largest_dot_quad() {
        let dot = |d| Impression {
            pos_px: glam::Vec2::ZERO,
            diameter_px: d,
            opacity: 1.0,
            session: 1,
            pigment_strength: 1.0,
            tilt_dir: glam::Vec2::X,
            squash: 1.0,
        };
        let optics = DotOptics {
            spread_px: 3.0,
            edge_px: [4.0, 2.0, 1.0],
            deposit_per_mark: 2.0,
            ..DotOptics::sharp([0.3; 3])
        };
        let grow = 1.0 + crate::render::scene::DOT_IRREGULARITY;
        // A 10 px mark: a 23 px deposit, its widest edge 4 px.
        assert!(reach_px(&[dot(2.0), dot(10.0)], &optics) >= 11.5 * grow + 4.0 + 1.0);
        assert!(reach_px(&[], &optics) >= 1.5 * grow + 4.0 + 1.0);
    }
}
