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

// The texel under this fragment when the target has the source's size (1:1 presentation).
fn load_at(uv: vec2<f32>) -> vec3<f32> {
    let size = vec2<f32>(textureDimensions(source));
    let texel = vec2<i32>(min(uv * size, size - 1.0));
    return textureLoad(source, texel, 0).rgb;
}

// 1:1 with no filtering: linear light from an sRGB source into an sRGB target, or raw
// bytes from a non-sRGB copy into a non-sRGB target.
@fragment
fn fs_load(in: BlitOut) -> @location(0) vec4<f32> {
    return vec4<f32>(load_at(in.uv), 1.0);
}

// Multiplies the photo under it by (1 - the summed darkening of the dots), in linear light:
// blended as destination × this. Pixels no dot reached are left as they are.
@fragment
fn fs_darken(in: BlitOut) -> @location(0) vec4<f32> {
    let darkening = load_at(in.uv);
    if (all(darkening <= vec3<f32>(0.0))) {
        discard;
    }
    return vec4<f32>(max(vec3<f32>(1.0) - darkening, vec3<f32>(0.0)), 1.0);
}
