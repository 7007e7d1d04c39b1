//! The one wgpu renderer of the preview, used by the window and the headless CLI alike.
//!
//! `context` finds an adapter and device without a window; `renderer` owns the pipelines
//! (built once) and per-frame buffers; `offscreen` renders a frame to an image.

pub mod context;
pub mod offscreen;
mod pipelines;
pub mod renderer;
pub mod tiled;
pub mod view_target;

pub use context::{GpuContext, device_descriptor};
pub use offscreen::render_to_image;
pub(crate) use offscreen::{map_and_read, read_texture};
pub use renderer::{SCENE_FORMAT, SceneRenderer};
pub use tiled::render_tiled;
pub use view_target::ViewTarget;

/// The WGSL sources, embedded so the binary needs no files at run time.
pub const SCENE_WGSL: &str = include_str!("../../../shaders/scene.wgsl");
pub const BLIT_WGSL: &str = include_str!("../../../shaders/blit.wgsl");

impl From<wgpu::RequestDeviceError> for GpuError {
    fn from(e: wgpu::RequestDeviceError) -> Self {
        GpuError::Device(e)
    }
}

/// Why the GPU could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum GpuError {
    #[error(
        "no graphics adapter found ({0}); install a GPU driver, or Mesa's software Vulkan \
         (Debian/Ubuntu: apt install mesa-vulkan-drivers libvulkan1)"
    )]
    NoAdapter(String),
    #[error("the graphics device could not be opened: {0}")]
    Device(wgpu::RequestDeviceError),
    #[error("the GPU reported an error while rendering: {0}")]
    Render(String),
    #[error("reading the rendered image back from the GPU failed: {0}")]
    Readback(String),
    #[error(
        "the output of {width}×{height} pixels is larger than this GPU can render ({max} pixels per side)"
    )]
    TooLarge { width: u32, height: u32, max: u32 },
}
