// The preview scene: the photo, then every impression multiplied onto it in linear light.
// The maths of `vs_dot`/`fs_dot` is mirrored by `scene::dot_footprint` and
// `scene::dot_coverage` / `scene::dot_pigment` in Rust (the CPU reference); keep them in step.

struct Scene {
    image_size_px: vec2<f32>,
    target_size_px: vec2<f32>,
    // target_px = image_px * scale + offset_px
    offset_px: vec2<f32>,
    scale: f32,
    // Fragments left of this target x show the photo without pigment ("before").
    split_x_px: f32,
    softness: f32,
    min_radius_px: f32,
    // How far a dot's outline wanders from a circle, as a share of its radius.
    irregularity: f32,
    _pad: f32,
    // Linear transmittance of a dot's core, per channel.
    pigment: vec4<f32>,
};

@group(0) @binding(0) var<uniform> scene: Scene;
@group(0) @binding(1) var photo: texture_2d<f32>;
@group(0) @binding(2) var photo_sampler: sampler;

fn clip_from_target(p: vec2<f32>) -> vec4<f32> {
    let ndc = p / scene.target_size_px * 2.0 - 1.0;
    return vec4<f32>(ndc.x, -ndc.y, 0.0, 1.0);
}

fn corner(vertex_index: u32) -> vec2<f32> {
    // Triangle strip: (0,0) (1,0) (0,1) (1,1)
    return vec2<f32>(f32(vertex_index & 1u), f32(vertex_index >> 1u));
}

struct PhotoOut {
    @builtin(position) position: vec4<f32>,
    @location(0) uv: vec2<f32>,
};

@vertex
fn vs_photo(@builtin(vertex_index) vertex_index: u32) -> PhotoOut {
    let uv = corner(vertex_index);
    var out: PhotoOut;
    out.position = clip_from_target(uv * scene.image_size_px * scene.scale + scene.offset_px);
    out.uv = uv;
    return out;
}

@fragment
fn fs_photo(in: PhotoOut) -> @location(0) vec4<f32> {
    // The texture is sRGB: sampling returns linear light.
    return vec4<f32>(textureSample(photo, photo_sampler, in.uv).rgb, 1.0);
}

struct Dot {
    @location(0) pos_px: vec2<f32>,
    @location(1) diameter_px: f32,
    @location(2) opacity: f32,
    // Pigment concentration relative to the plan's shade (a zone's own dilution).
    @location(3) pigment_strength: f32,
};

struct DotOut {
    @builtin(position) position: vec4<f32>,
    // Offset from the dot's centre in target pixels.
    @location(0) offset_px: vec2<f32>,
    @location(1) @interpolate(flat) radius_px: f32,
    @location(2) @interpolate(flat) opacity: f32,
    // Transmittance of this dot's core: the plan's, raised to the dot's pigment strength.
    @location(3) @interpolate(flat) pigment: vec3<f32>,
    // Outline irregularity applied to this dot, and its two phases (radians).
    @location(4) @interpolate(flat) shape: vec3<f32>,
};

// Mirrors `scene::dot_phases`: two angles from the bits of the dot's position.
fn shape_phases(pos_px: vec2<f32>) -> vec2<f32> {
    var h = (bitcast<u32>(pos_px.x) * 0x9E3779B1u) ^ bitcast<u32>(pos_px.y);
    h = (h ^ (h >> 16u)) * 0x85EBCA6Bu;
    h = h ^ (h >> 13u);
    let to_angle = 6.2831855 / 65536.0;
    return vec2<f32>(f32(h & 0xFFFFu) * to_angle, f32(h >> 16u) * to_angle);
}

@vertex
fn vs_dot(@builtin(vertex_index) vertex_index: u32, dot: Dot) -> DotOut {
    let radius = 0.5 * dot.diameter_px * scene.scale;
    // Dots smaller than a pixel are widened and made fainter by the same area ratio, so a
    // zoomed-out view keeps the same amount of pigment instead of flickering.
    let radius_eff = max(radius, scene.min_radius_px);
    let ratio = radius / radius_eff;
    // The square circumscribing the footprint's outer edge: it covers every pixel centre
    // the dot can reach, and no more.
    let half_extent = radius_eff * (1.0 + scene.irregularity) * (1.0 + scene.softness);
    let offset = (corner(vertex_index) * 2.0 - 1.0) * half_extent;
    let centre = dot.pos_px * scene.scale + scene.offset_px;
    var out: DotOut;
    out.position = clip_from_target(centre + offset);
    out.offset_px = offset;
    out.radius_px = radius_eff;
    out.opacity = dot.opacity * ratio * ratio;
    out.pigment = pow(scene.pigment.rgb, vec3<f32>(dot.pigment_strength));
    let irregularity = scene.irregularity * smoothstep(1.5, 3.0, radius_eff);
    out.shape = vec3<f32>(irregularity, shape_phases(dot.pos_px));
    return out;
}

@fragment
fn fs_dot(in: DotOut) -> @location(0) vec4<f32> {
    if (in.position.x < scene.split_x_px) {
        discard;
    }
    let d = length(in.offset_px);
    var radius = in.radius_px;
    if (in.shape.x > 0.0) {
        let a = atan2(in.offset_px.y, in.offset_px.x);
        let wander = 0.6 * sin(2.0 * a + in.shape.y) + 0.4 * sin(3.0 * a + in.shape.z);
        radius = radius * (1.0 + in.shape.x * wander);
    }
    let edge0 = radius * (1.0 - scene.softness);
    let edge1 = radius * (1.0 + scene.softness);
    let coverage = in.opacity * (1.0 - smoothstep(edge0, edge1, d));
    // Blended as a multiply: destination × this.
    return vec4<f32>(mix(vec3<f32>(1.0), in.pigment, coverage), 1.0);
}
