//! Measures of a periodic point set's blue-noise quality, used by the tests and by the
//! `tile_quality` example: smallest nearest-neighbour distance, largest empty disk and the
//! radially averaged power spectrum. All distances are on the torus of the given side.

use glam::Vec2;

use super::torus_distance_sq;

/// Points bucketed on the torus in cells of about `cell` wide.
pub struct TorusBuckets<'a> {
    points: &'a [Vec2],
    side: f32,
    cells_per_side: usize,
    cells: Vec<Vec<usize>>,
}

impl<'a> TorusBuckets<'a> {
    pub fn new(points: &'a [Vec2], side: f32, cell: f32) -> Self {
        let cells_per_side = ((side / cell) as usize).max(1);
        let mut buckets = TorusBuckets {
            points,
            side,
            cells_per_side,
            cells: vec![Vec::new(); cells_per_side * cells_per_side],
        };
        for (i, &p) in points.iter().enumerate() {
            let (cx, cy) = buckets.cell_of(p);
            buckets.cells[cy * cells_per_side + cx].push(i);
        }
        buckets
    }

    fn cell_of(&self, p: Vec2) -> (usize, usize) {
        let n = self.cells_per_side;
        let cell = |v: f32| ((v.rem_euclid(self.side) / self.side * n as f32) as usize).min(n - 1);
        (cell(p.x), cell(p.y))
    }

    /// Distance from `p` to the nearest point other than `skip` among those in the cells up to
    /// two away from `p`'s (the whole grid when it has fewer than five cells a side): exact
    /// whenever that point is within two cell widths; `f32::MAX` if there is none.
    pub fn nearest(&self, p: Vec2, skip: Option<usize>) -> f32 {
        let n = self.cells_per_side as i64;
        let (cx, cy) = self.cell_of(p);
        let offsets = if n >= 5 { -2..=2 } else { 0..=n - 1 };
        let mut best = f32::MAX;
        for dy in offsets.clone() {
            let y = (cy as i64 + dy).rem_euclid(n) as usize;
            for dx in offsets.clone() {
                let x = (cx as i64 + dx).rem_euclid(n) as usize;
                for &j in &self.cells[y * self.cells_per_side + x] {
                    if Some(j) != skip {
                        best = best.min(torus_distance_sq(self.points[j], p, self.side).sqrt());
                    }
                }
            }
        }
        best
    }

    /// Smallest distance between two of the points.
    pub fn min_nearest_neighbour(&self) -> f32 {
        (0..self.points.len())
            .map(|i| self.nearest(self.points[i], Some(i)))
            .fold(f32::MAX, f32::min)
    }

    /// Radius of the largest disk free of points, probed on a grid of step `step`.
    pub fn largest_empty_disk(&self, step: f32) -> f32 {
        let steps = (self.side / step) as usize;
        let mut largest = 0.0f32;
        for y in 0..steps {
            for x in 0..steps {
                let probe = Vec2::new(x as f32, y as f32) * step;
                largest = largest.max(self.nearest(probe, None));
            }
        }
        largest
    }
}

/// Radially averaged power spectrum of a periodic point set on a torus of side `side`, for the
/// integer frequency rings 1..=`max_ring` (cycles per side); white noise is 1.
pub fn ring_spectrum(points: &[Vec2], side: f32, max_ring: usize) -> Vec<f32> {
    let k = max_ring as i64;
    let size = 2 * max_ring + 1;
    let mut sum = vec![(0.0f64, 0.0f64); size * size];
    let (mut along_x, mut along_y) = (vec![(0.0, 0.0); size], vec![(0.0, 0.0); size]);
    for p in points {
        powers(unit_phase(p.x / side), max_ring, &mut along_x);
        powers(unit_phase(p.y / side), max_ring, &mut along_y);
        for (row, &y) in sum.chunks_exact_mut(size).zip(&along_y) {
            for (cell, &x) in row.iter_mut().zip(&along_x) {
                let term = complex_mul(x, y);
                cell.0 += term.0;
                cell.1 += term.1;
            }
        }
    }
    let mut rings = vec![(0.0f64, 0usize); max_ring + 1];
    for ky in -k..=k {
        for kx in -k..=k {
            let ring = ((kx * kx + ky * ky) as f64).sqrt().round() as usize;
            if ring == 0 || ring > max_ring {
                continue;
            }
            let (re, im) = sum[(ky + k) as usize * size + (kx + k) as usize];
            rings[ring].0 += (re * re + im * im) / points.len().max(1) as f64;
            rings[ring].1 += 1;
        }
    }
    rings[1..]
        .iter()
        .map(|&(power, count)| (power / count.max(1) as f64) as f32)
        .collect()
}

/// e^(−2πi·t).
fn unit_phase(t: f32) -> (f64, f64) {
    let angle = -2.0 * std::f64::consts::PI * f64::from(t);
    (angle.cos(), angle.sin())
}

fn complex_mul(a: (f64, f64), b: (f64, f64)) -> (f64, f64) {
    (a.0 * b.0 - a.1 * b.1, a.0 * b.1 + a.1 * b.0)
}

/// `out[i] = u^(i − k)` for i in 0..=2k, u a unit complex number.
fn powers(u: (f64, f64), k: usize, out: &mut [(f64, f64)]) {
    out[k] = (1.0, 0.0);
    for i in 1..=k {
        out[k + i] = complex_mul(out[k + i - 1], u);
        out[k - i] = complex_mul(out[k - i + 1], (u.0, -u.1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lattice_has_no_low_frequency_power_and_known_spacing() {
        // 16 × 16 square lattice on a side of 16: power only at multiples of 16 cycles.
        let pts: Vec<Vec2> = (0..256)
            .map(|i| Vec2::new((i % 16) as f32 + 0.5, (i / 16) as f32 + 0.5))
            .collect();
        assert!(ring_spectrum(&pts, 16.0, 4).iter().all(|&p| p < 1e-9));
        let buckets = TorusBuckets::new(&pts, 16.0, 1.0);
        assert!((buckets.min_nearest_neighbour() - 1.0).abs() < 1e-5);
        let hole = buckets.largest_empty_disk(0.25);
        assert!((hole - 0.5f32.sqrt()).abs() < 1e-5, "{hole}");
    }

    #[test]
    fn a_small_grid_is_searched_whole() {
        // Four cells a side: the other point is two cells away, beyond a ±1 search.
        let pts = [Vec2::new(0.5, 0.5), Vec2::new(2.5, 0.5)];
        let buckets = TorusBuckets::new(&pts, 4.0, 1.0);
        assert_eq!(buckets.min_nearest_neighbour(), 2.0);
    }

    #[test]
    fn a_single_point_is_white() {
        let spectrum = ring_spectrum(&[Vec2::new(0.3, 0.7)], 1.0, 3);
        assert!(
            spectrum.iter().all(|&p| (p - 1.0).abs() < 1e-9),
            "{spectrum:?}"
        );
    }
}
