//! The renderer without a window: one GPU context and scene renderer per run, rendering a
//! plan's impressions over its photo at the photo's full size, into memory or straight into
//! a PNG file. Used by `render`, `export` and the window's Export button.

use std::path::Path;

use image::RgbaImage;

use crate::core::look::Age;
use crate::core::optics::DotOptics;
use crate::core::plan::Plan;
use crate::core::sampling::Impression;
use crate::export::ExportError;
use crate::export::png_stream::stream_png;
use crate::render::gpu::{GpuContext, GpuError, SceneRenderer, render_tiled};

/// Why a headless render failed.
#[derive(Debug, thiserror::Error)]
pub enum HeadlessError {
    #[error(transparent)]
    Gpu(#[from] GpuError),
    #[error(transparent)]
    Write(#[from] ExportError),
    #[error("the renderer returned {got} bytes for a {width}×{height} picture")]
    ShortImage { got: usize, width: u32, height: u32 },
}

/// One headless GPU renderer, reused for every picture of a run.
pub struct Headless {
    ctx: GpuContext,
    renderer: SceneRenderer,
}

impl Headless {
    pub fn new() -> Result<Self, HeadlessError> {
        let ctx = GpuContext::headless()?;
        let renderer = SceneRenderer::new(&ctx.device, None);
        Ok(Headless { ctx, renderer })
    }

    /// The renderer in `slot`, started on first use, so that input errors are reported before
    /// (and without) any GPU start-up.
    pub fn get(slot: &mut Option<Headless>) -> Result<&mut Headless, HeadlessError> {
        let headless = match slot.take() {
            Some(headless) => headless,
            None => Headless::new()?,
        };
        Ok(slot.insert(headless))
    }

    /// Renders `impressions` over `photo` at the photo's size, in tiles (any size works).
    pub fn render(
        &mut self,
        plan: &Plan,
        photo: &RgbaImage,
        impressions: &[Impression],
        age: Age,
    ) -> Result<RgbaImage, HeadlessError> {
        let (width, height) = photo.dimensions();
        let mut pixels = Vec::with_capacity(4 * width as usize * height as usize);
        let optics = DotOptics::for_plan(plan, age);
        let mut sink = |rows: &[u8]| {
            pixels.extend_from_slice(rows);
            Ok(())
        };
        let renderer = &mut self.renderer;
        render_tiled(
            &self.ctx,
            renderer,
            photo,
            impressions,
            optics,
            None,
            &mut sink,
        )?;
        let got = pixels.len();
        RgbaImage::from_raw(width, height, pixels).ok_or(HeadlessError::ShortImage {
            got,
            width,
            height,
        })
    }

    /// Renders like [`Headless::render`] straight into a PNG file, band by band, so that the
    /// output never has to be held in memory whole.
    pub fn render_to_png(
        &mut self,
        plan: &Plan,
        photo: &RgbaImage,
        impressions: &[Impression],
        path: &Path,
        age: Age,
    ) -> Result<(), HeadlessError> {
        let optics = DotOptics::for_plan(plan, age);
        let (ctx, renderer) = (&self.ctx, &mut self.renderer);
        stream_png(path, photo.width(), photo.height(), |png| {
            // A write error (disk full…) stops the render and is reported as itself.
            let mut write_error = None;
            let mut sink = |rows: &[u8]| {
                png.write_rgba_rows(rows).map_err(|e| {
                    write_error = Some(e);
                    GpuError::Render("output write failed".into())
                })
            };
            let rendered = render_tiled(ctx, renderer, photo, impressions, optics, None, &mut sink);
            if let Some(e) = write_error {
                return Err(HeadlessError::Write(e));
            }
            rendered?;
            Ok(())
        })
    }
}
