// Copies a texture to the bound target with a full-screen triangle: used to build mip levels
// of the photo and to show the rendered scene inside the window.

@group(0) @binding(0) var source: texture_2d<f32>;
@group(0) @binding(1) var source_sampler: sampler;

struct BlitOut {
    @builtin(position) position: vec4<f32>,
    @location(0) uv: vec2<f32>,
};

@vertex
fn vs_fullscreen(@builtin(vertex_index) vertex_index: u32) -> BlitOut {
    let uv = vec2<f32>(f32((vertex_index << 1u) & 2u), f32(vertex_index & 2u));
    var out: BlitOut;
    out.position = vec4<f32>(uv.x * 2.0 - 1.0, 1.0 - uv.y * 2.0, 0.0, 1.0);
    out.uv = uv;
    return out;
}

// For targets that encode sRGB themselves (or linear ones): write linear light.
@fragment
fn fs_copy(in: BlitOut) -> @location(0) vec4<f32> {
    return vec4<f32>(textureSample(source, source_sampler, in.uv).rgb, 1.0);
}

fn srgb_encode(linear: vec3<f32>) -> vec3<f32> {
    let l = clamp(linear, vec3<f32>(0.0), vec3<f32>(1.0));
    let low = l * 12.92;
    let high = 1.055 * pow(l, vec3<f32>(1.0 / 2.4)) - 0.055;
    return select(high, low, l <= vec3<f32>(0.0031308));
}

// For non-sRGB targets that hold sRGB-encoded bytes (egui's usual framebuffer).
@fragment
fn fs_copy_encode(in: BlitOut) -> @location(0) vec4<f32> {
    return vec4<f32>(srgb_encode(textureSample(source, source_sampler, in.uv).rgb), 1.0);
}
