//! Rendering: what one frame shows (`scene`), the CPU reference and the window's CPU
//! compositor, the tone of a rendered plan (`tone`), and `gpu`, the one wgpu renderer. Uses
//! only the core.

pub mod cpu_render;
pub mod gpu;
pub mod scene;
pub mod tone;
pub mod view_compositor;
