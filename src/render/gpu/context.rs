//! A wgpu adapter, device and queue without a window, for the CLI and tests.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::GpuError;

/// The device the headless renderer draws with.
pub struct GpuContext {
    pub device: wgpu::Device,
    pub queue: wgpu::Queue,
    pub adapter_info: wgpu::AdapterInfo,
    /// Set if this device is lost.
    pub lost: DeviceLost,
}

/// Asks for the adapter's real limits (not the portable defaults) and no optional features.
pub fn device_descriptor(adapter: &wgpu::Adapter) -> wgpu::DeviceDescriptor<'static> {
    wgpu::DeviceDescriptor {
        label: Some("smp-preview device"),
        required_limits: adapter.limits(),
        ..Default::default()
    }
}

impl GpuContext {
    /// Finds the best adapter (a real GPU, else a software one such as llvmpipe) and opens it.
    /// `WGPU_BACKEND` and `WGPU_POWER_PREF` override the choice.
    pub fn headless() -> Result<Self, GpuError> {
        let adapter = request_adapter()?;
        let (device, queue) =
            pollster::block_on(adapter.request_device(&device_descriptor(&adapter)))?;
        let lost = install_error_logging(&device);
        Ok(GpuContext {
            device,
            queue,
            adapter_info: adapter.get_info(),
            lost,
        })
    }
}

/// Tries the native APIs (Vulkan, Metal, DX12) first and OpenGL only if none has an adapter,
/// so a headless run does not probe window-system GL platforms it does not need.
fn request_adapter() -> Result<wgpu::Adapter, GpuError> {
    let attempts = match wgpu::Backends::from_env() {
        Some(chosen) => vec![chosen],
        None => vec![wgpu::Backends::PRIMARY, wgpu::Backends::GL],
    };
    let options = wgpu::RequestAdapterOptions {
        power_preference: wgpu::PowerPreference::from_env()
            .unwrap_or(wgpu::PowerPreference::HighPerformance),
        ..Default::default()
    };
    let mut last_error = String::from("no graphics API available");
    for backends in attempts {
        let mut descriptor = wgpu::InstanceDescriptor::new_without_display_handle_from_env();
        descriptor.backends = backends;
        let instance = wgpu::Instance::new(descriptor);
        match pollster::block_on(instance.request_adapter(&options)) {
            Ok(adapter) => return Ok(adapter),
            Err(e) => last_error = e.to_string(),
        }
    }
    Err(GpuError::NoAdapter(last_error))
}

/// Replaces wgpu's default (panicking) handlers: errors outside an error scope and device loss
/// are logged; the operation that caused them reports its own failure. Returns the flag that
/// tells whether this device was lost.
pub fn install_error_logging(device: &wgpu::Device) -> DeviceLost {
    device.on_uncaptured_error(Arc::new(|error| {
        log::error!("GPU error: {error}");
    }));
    let lost = DeviceLost::default();
    let flag = Arc::clone(&lost.0);
    device.set_device_lost_callback(move |reason, message| {
        log::error!("GPU device lost ({reason:?}): {message}");
        flag.store(true, Ordering::Relaxed);
    });
    lost
}

/// Set once its device was lost (driver reset, GPU removed): the window then keeps the plan
/// safe and says so. One per device: the export thread's own device losing does not stop the
/// window's preview.
#[derive(Clone, Debug, Default)]
pub struct DeviceLost(Arc<AtomicBool>);

impl DeviceLost {
    pub fn is_lost(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}
