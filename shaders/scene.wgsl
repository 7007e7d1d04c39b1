// The preview scene: the photo, then every impression's darkening summed in linear light into
// a float target (`fs_dot`), which `fs_darken` in blit.wgsl multiplies onto the photo as
// (1 − sum). The maths of `vs_dot`/`fs_dot` is mirrored by `scene::dot_footprint` and
// `scene::dot_darkening` in Rust (the CPU reference); the model is `optics.rs`. Keep them in step.

struct Scene {
    image_size_px: vec2<f32>,
    target_size_px: vec2<f32>,
    // target_px = image_px * scale + offset_px
    offset_px: vec2<f32>,
    scale: f32,
    // Fragments left of this target x show the photo without pigment ("before").
    split_x_px: f32,
    // The narrowest soft edge drawn, target pixels.
    min_edge_px: f32,
    // How far a dot's outline wanders from a circle, as a share of its radius.
    irregularity: f32,
    // Deposit diameter (photo px) = impression diameter * deposit_per_mark + spread_px.
    deposit_per_mark: f32,
    spread_px: f32,
    // Linear transmittance of a deposit's core, per channel.
    core_transmittance: vec4<f32>,
    // Share of the core's absorption seen at the surface, per channel.
    surface_share: vec4<f32>,
    // Half-width of each channel's soft edge, photo pixels.
    edge_px: vec4<f32>,
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
    // The photo direction the scalp turns away in, and the cosine the dot is squashed by.
    @location(4) tilt_dir: vec2<f32>,
    @location(5) squash: f32,
};

struct DotOut {
    @builtin(position) position: vec4<f32>,
    // Offset from the dot's centre in target pixels.
    @location(0) offset_px: vec2<f32>,
    // The deposit's radius (target pixels) and the outline irregularity applied.
    @location(1) @interpolate(flat) radius_shape: vec2<f32>,
    // Each channel's soft edge half-width (target pixels).
    @location(2) @interpolate(flat) edge_px: vec3<f32>,
    // Each channel's peak darkening.
    @location(3) @interpolate(flat) peak: vec3<f32>,
    // The outline's two phases (radians).
    @location(4) @interpolate(flat) phases: vec2<f32>,
    // The tilt direction and the squash (mirrors `scene::dot_darkening`).
    @location(5) @interpolate(flat) tilt: vec3<f32>,
};

// Mirrors `scene::dot_phases`: two angles from the bits of the dot's position.
fn shape_phases(pos_px: vec2<f32>) -> vec2<f32> {
    var h = (bitcast<u32>(pos_px.x) * 0x9E3779B1u) ^ bitcast<u32>(pos_px.y);
    h = (h ^ (h >> 16u)) * 0x85EBCA6Bu;
    h = h ^ (h >> 13u);
    let to_angle = 6.2831855 / 65536.0;
    return vec2<f32>(f32(h & 0xFFFFu) * to_angle, f32(h >> 16u) * to_angle);
}

// Mirrors `optics::profile_area`: the area under the drawn profile (1 inside radius - edge,
// a smoothstep down to 0 at radius + edge).
fn smoothstep_part(a: f32, edge: f32, u: f32) -> f32 {
    let u2 = u * u;
    let u3 = u2 * u;
    return a * (u - u3 + 0.5 * u2 * u2) + 2.0 * edge * (0.5 * u2 - 0.75 * u2 * u2 + 0.4 * u3 * u2);
}

fn profile_area(radius: f32, edge: f32) -> f32 {
    let a = radius - edge;
    let u0 = max(-a / (2.0 * edge), 0.0);
    let flat_part = max(a, 0.0);
    let ring = 4.0 * edge * (smoothstep_part(a, edge, 1.0) - smoothstep_part(a, edge, u0));
    return 3.14159265 * (flat_part * flat_part + ring);
}

@vertex
fn vs_dot(@builtin(vertex_index) vertex_index: u32, dot: Dot) -> DotOut {
    let radius = 0.5 * (dot.diameter_px * scene.deposit_per_mark + scene.spread_px) * scene.scale;
    let edge = max(scene.edge_px.rgb * scene.scale, vec3<f32>(scene.min_edge_px));
    // Mirrors `DotOptics::darkening` and `scene::dot_pigment`.
    var core = scene.core_transmittance.rgb;
    if (dot.pigment_strength != 1.0) {
        core = pow(core, vec3<f32>(dot.pigment_strength));
    }
    let darkening = (vec3<f32>(1.0) - core) * scene.surface_share.rgb;
    let disc = 3.14159265 * radius * radius * dot.opacity;
    let area = vec3<f32>(
        profile_area(radius, edge.r),
        profile_area(radius, edge.g),
        profile_area(radius, edge.b),
    );
    // The square circumscribing the footprint's outer edge: it covers every pixel centre
    // the dot can reach, and no more.
    let half_extent = radius * (1.0 + scene.irregularity) + max(max(edge.r, edge.g), edge.b);
    let offset = (corner(vertex_index) * 2.0 - 1.0) * half_extent;
    let centre = dot.pos_px * scene.scale + scene.offset_px;
    var out: DotOut;
    out.position = clip_from_target(centre + offset);
    out.offset_px = offset;
    let irregularity = scene.irregularity * smoothstep(1.5, 3.0, radius);
    out.radius_shape = vec2<f32>(radius, irregularity);
    out.edge_px = edge;
    out.peak = darkening * disc / area;
    out.phases = shape_phases(dot.pos_px);
    out.tilt = vec3<f32>(dot.tilt_dir, clamp(dot.squash, 0.05, 1.0));
    return out;
}

@fragment
fn fs_dot(in: DotOut) -> @location(0) vec4<f32> {
    if (in.position.x < scene.split_x_px) {
        discard;
    }
    // A foreshortened dot is a round one stretched back along its tilt.
    var offset = in.offset_px;
    if (in.tilt.z < 1.0) {
        let u = in.tilt.xy;
        let along = dot(offset, u) / in.tilt.z;
        let across = -offset.x * u.y + offset.y * u.x;
        offset = vec2<f32>(along * u.x - across * u.y, along * u.y + across * u.x);
    }
    let d = length(offset);
    var radius = in.radius_shape.x;
    if (in.radius_shape.y > 0.0) {
        let a = atan2(offset.y, offset.x);
        let wander = 0.6 * sin(2.0 * a + in.phases.x) + 0.4 * sin(3.0 * a + in.phases.y);
        radius = radius * (1.0 + in.radius_shape.y * wander);
    }
    let e = in.edge_px;
    let profile = vec3<f32>(1.0) - vec3<f32>(
        smoothstep(radius - e.r, radius + e.r, d),
        smoothstep(radius - e.g, radius + e.g, d),
        smoothstep(radius - e.b, radius + e.b, d),
    );
    // Added into the darkening target.
    return vec4<f32>(in.peak * profile, 0.0);
}
