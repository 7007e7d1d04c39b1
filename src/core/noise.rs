//! Deterministic value noise (integer hashing and basic float operations only, so it gives the
//! same values on every machine): hairline irregularity and the procedural sample photo.

use glam::Vec2;

/// A hash of a lattice point and a seed to 0..=1.
pub fn lattice_hash(x: i32, y: i32, seed: u32) -> f32 {
    let mut h = (x as u32).wrapping_mul(0x8da6_b343)
        ^ (y as u32).wrapping_mul(0xd816_3841)
        ^ seed.wrapping_mul(0xcb1a_b31f);
    h ^= h >> 13;
    h = h.wrapping_mul(0x5bd1_e995);
    h ^= h >> 15;
    (h & 0xffff) as f32 / 65535.0
}

/// Smooth value noise in 0..=1 with lattice cells of `cell` units.
pub fn value_noise(p: Vec2, cell: f32, seed: u32) -> f32 {
    let q = p / cell;
    let (i, f) = (q.floor(), q - q.floor());
    let s = f * f * (Vec2::splat(3.0) - 2.0 * f);
    let (x, y) = (i.x as i32, i.y as i32);
    let h = |dx, dy| lattice_hash(x + dx, y + dy, seed);
    let top = h(0, 0) + (h(1, 0) - h(0, 0)) * s.x;
    let bottom = h(0, 1) + (h(1, 1) - h(0, 1)) * s.x;
    top + (bottom - top) * s.y
}

/// Four octaves of value noise, 0..=1, the coarsest with cells of `cell` units.
pub fn fbm(p: Vec2, cell: f32, seed: u32) -> f32 {
    let octave = |o: u32| value_noise(p, cell / (1 << o) as f32, seed + o) / (1 << o) as f32;
    (0..4).map(octave).sum::<f32>() / 1.875
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noise_is_bounded_smooth_and_seeded() {
        let mut last = value_noise(Vec2::new(0.0, 3.3), 10.0, 1);
        for i in 1..1000 {
            let v = value_noise(Vec2::new(i as f32 * 0.05, 3.3), 10.0, 1);
            assert!((0.0..=1.0).contains(&v));
            assert!((v - last).abs() < 0.05, "jump at {i}");
            last = v;
        }
        assert_ne!(
            value_noise(Vec2::new(5.5, 5.5), 10.0, 1),
            value_noise(Vec2::new(5.5, 5.5), 10.0, 2)
        );
    }
}
