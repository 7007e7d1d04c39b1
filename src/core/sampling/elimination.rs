//! Progressive weighted sample elimination (after Yuksel 2015) on a torus: orders a dense random
//! point set so that every prefix is a Poisson-disk set of its own density.
//!
//! Points are removed one at a time, always the one most crowded by its neighbours (weight
//! Σ (1 − d/d_max)^8 over neighbours closer than d_max). A point's rank is the number of points
//! still present after its removal, so the last survivor has rank 0. The neighbourhood radius
//! d_max follows the shrinking set: it is re-derived, and all weights recomputed, every time the
//! set has shrunk by [`STAGE_RATIO`], so each prefix was thinned with a radius matched to its own
//! density. Unlike farthest-point ordering, which refines one lattice level after another and so
//! leaves the whole ranking locally crystalline, elimination from a random set keeps every
//! prefix amorphous, like hand-placed impressions.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use glam::Vec2;

use super::{hex_spacing_on, torus_distance_sq};
use crate::core::buckets::Buckets;

/// The set shrinks by this factor between recomputations of d_max and of all weights.
pub const STAGE_RATIO: f32 = 1.05;
/// A removal is put off (once per stage) if it would leave a spot farther than this × d_max
/// from every point: plain elimination leaves holes up to 1.19 × the spacing, this keeps them
/// near 1.06 (`cargo run --release --example tile_quality`).
const HOLE_LIMIT: f32 = 0.9;

/// Unit vectors at multiples of 60°, written out so that the ordering needs no `sin`/`cos`
/// (whose last bit may differ between platforms' maths libraries).
const HEXAGON: [Vec2; 6] = [
    Vec2::new(1.0, 0.0),
    Vec2::new(0.5, 0.866_025_4),
    Vec2::new(-0.5, 0.866_025_4),
    Vec2::new(-1.0, 0.0),
    Vec2::new(-0.5, -0.866_025_4),
    Vec2::new(0.5, -0.866_025_4),
];

/// Returns the `keep` lowest-ranked points of `points` (positions in `[0, side_mm)²`, a torus),
/// in rank order.
pub fn ranked_prefix(points: &[Vec2], side_mm: f32, keep: usize) -> Vec<Vec2> {
    let points = row_major(points, side_mm);
    let keep = keep.min(points.len());
    let mut out = vec![Vec2::ZERO; keep];
    let mut set = Torus::new(&points, side_mm);
    let mut alive = points.len();
    while alive > 1 {
        let target = ((alive as f32 / STAGE_RATIO) as usize).min(alive - 1);
        let d_max = hex_spacing_on(side_mm, target);
        let mut stage = Stage::new(&mut set, d_max);
        while alive > target {
            let Some(i) = stage.pop_most_crowded() else {
                break;
            };
            alive -= 1;
            if alive < keep {
                out[alive] = points[i];
            }
        }
    }
    if let (Some(slot), Some(i)) = (out.first_mut(), set.alive.iter().position(|&a| a)) {
        *slot = points[i];
    }
    out
}

/// The points sorted by rows of small cells, so that neighbours lie close in memory (the
/// neighbour loops are otherwise bound by cache misses). Ties keep the input order.
fn row_major(points: &[Vec2], side_mm: f32) -> Vec<Vec2> {
    let cells = ((points.len() as f32 / 4.0).sqrt() as u32).max(1);
    let cell = |v: f32| ((v / side_mm * cells as f32) as u32).min(cells - 1);
    let mut sorted = points.to_vec();
    sorted.sort_by_key(|p| (cell(p.y), cell(p.x)));
    sorted
}

/// The points and which of them are still present.
struct Torus<'a> {
    points: &'a [Vec2],
    side_mm: f32,
    alive: Vec<bool>,
    weight: Vec<f32>,
}

impl<'a> Torus<'a> {
    fn new(points: &'a [Vec2], side_mm: f32) -> Self {
        Torus {
            points,
            side_mm,
            alive: vec![true; points.len()],
            weight: vec![0.0; points.len()],
        }
    }

    /// Squared distance on the torus.
    fn dist2(&self, a: Vec2, b: Vec2) -> f32 {
        torus_distance_sq(a, b, self.side_mm)
    }
}

/// One stage: a bucket grid of the present points with cells at least d_max wide, and a
/// max-heap of weights (stale entries are skipped when popped).
struct Stage<'s, 'a> {
    set: &'s mut Torus<'a>,
    d_max: f32,
    cells_per_side: usize,
    /// The present points (index, position) of each cell.
    cells: Buckets<(u32, Vec2)>,
    heap: BinaryHeap<(u32, Reverse<u32>)>,
    /// Points whose removal was put off this stage because it would leave a hole.
    deferred: Vec<bool>,
}

impl<'s, 'a> Stage<'s, 'a> {
    fn new(set: &'s mut Torus<'a>, d_max: f32) -> Self {
        // Fewer than three cells a side would visit a cell twice through the wrap: use one.
        let fit = (set.side_mm / d_max) as usize;
        let cells_per_side = if fit >= 3 { fit } else { 1 };
        let set_len = set.points.len();
        let mut stage = Stage {
            set,
            d_max,
            cells_per_side,
            cells: Buckets::default(),
            heap: BinaryHeap::new(),
            deferred: vec![false; set_len],
        };
        stage.bucket_present_points();
        for i in 0..stage.set.points.len() {
            if stage.set.alive[i] {
                let mut w = 0.0f32;
                stage.for_each_neighbour(i, |_, contribution| w += contribution);
                stage.set.weight[i] = w;
                stage.heap.push((w.to_bits(), Reverse(i as u32)));
            }
        }
        stage
    }

    /// Groups the present points by their cell.
    fn bucket_present_points(&mut self) {
        let n = self.cells_per_side;
        let keyed = (0..self.set.points.len())
            .filter(|&i| self.set.alive[i])
            .map(|i| {
                let p = self.set.points[i];
                let (cx, cy) = self.cell_of(p);
                (cy * n + cx, (i as u32, p))
            })
            .collect();
        self.cells = Buckets::sort(keyed, n * n);
    }

    fn cell_of(&self, p: Vec2) -> (usize, usize) {
        let n = self.cells_per_side;
        let cell = |v: f32| ((v / self.set.side_mm * n as f32) as usize).min(n - 1);
        (cell(p.x), cell(p.y))
    }

    /// Calls `visit(j, weight contribution)` for every present neighbour j ≠ i closer than d_max.
    fn for_each_neighbour(&self, i: usize, mut visit: impl FnMut(usize, f32)) {
        let p = self.set.points[i];
        let (d_max2, inv_d_max) = (self.d_max * self.d_max, 1.0 / self.d_max);
        self.for_each_present_near(p, 1, |j, q| {
            let d2 = self.set.dist2(p, q);
            if j != i && d2 < d_max2 {
                visit(j, crowding(d2.sqrt() * inv_d_max));
            }
        });
    }

    /// Calls `visit(j, position)` for every present point in the cells within `reach` cells of
    /// `p`'s (every cell once when the grid is too small for that).
    fn for_each_present_near(&self, p: Vec2, reach: i64, mut visit: impl FnMut(usize, Vec2)) {
        let n = self.cells_per_side as i64;
        let (cx, cy) = self.cell_of(p);
        let offsets = if 2 * reach < n {
            -reach..=reach
        } else {
            0..=n - 1
        };
        for dy in offsets.clone() {
            let row = (cy as i64 + dy).rem_euclid(n) as usize * self.cells_per_side;
            for dx in offsets.clone() {
                let c = row + (cx as i64 + dx).rem_euclid(n) as usize;
                for &(j, q) in self.cells.bucket(c) {
                    if self.set.alive[j as usize] {
                        visit(j as usize, q);
                    }
                }
            }
        }
    }

    /// Whether removing point i would leave a spot near it farther than [`HOLE_LIMIT`] × d_max
    /// from every other point: probed at i and at six points half a d_max around it.
    fn removal_leaves_hole(&self, i: usize) -> bool {
        let p = self.set.points[i];
        let mut others = Vec::with_capacity(32);
        self.for_each_present_near(p, 2, |j, q| {
            if j != i {
                others.push(q);
            }
        });
        let limit = HOLE_LIMIT * self.d_max;
        let probes = std::iter::once(p).chain(HEXAGON.iter().map(|&u| p + 0.5 * self.d_max * u));
        probes.into_iter().any(|probe| {
            others
                .iter()
                .all(|&q| self.set.dist2(probe, q) > limit * limit)
        })
    }

    /// Removes the present point with the largest weight (lowest index on ties) and returns it.
    fn pop_most_crowded(&mut self) -> Option<usize> {
        while let Some((bits, Reverse(i))) = self.heap.pop() {
            let i = i as usize;
            if !self.set.alive[i] || self.set.weight[i].to_bits() != bits {
                continue;
            }
            if !self.deferred[i] && self.removal_leaves_hole(i) {
                self.deferred[i] = true;
                self.set.weight[i] = 0.0;
                self.heap.push((0, Reverse(i as u32)));
                continue;
            }
            self.set.alive[i] = false;
            let mut changed = Vec::new();
            self.for_each_neighbour(i, |j, contribution| changed.push((j, contribution)));
            for (j, contribution) in changed {
                let w = (self.set.weight[j] - contribution).max(0.0);
                self.set.weight[j] = w;
                self.heap.push((w.to_bits(), Reverse(j as u32)));
            }
            return Some(i);
        }
        None
    }
}

/// Weight of a neighbour at `t` = d / d_max < 1: (1 − t)^8, by multiplications only so the
/// result is bit-identical on every platform.
fn crowding(t: f32) -> f32 {
    let a = 1.0 - t;
    let a2 = a * a;
    let a4 = a2 * a2;
    a4 * a4
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    fn random_points(count: usize, side: f32, seed: u64) -> Vec<Vec2> {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        (0..count)
            .map(|_| Vec2::new(rng.random::<f32>(), rng.random::<f32>()) * side)
            .collect()
    }

    #[test]
    fn ranks_every_point_once() {
        let pts = random_points(500, 10.0, 1);
        let ranked = ranked_prefix(&pts, 10.0, 500);
        let mut sorted: Vec<_> = ranked
            .iter()
            .map(|p| (p.x.to_bits(), p.y.to_bits()))
            .collect();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 500);
    }

    #[test]
    fn prefixes_are_more_evenly_spread_than_random_ones() {
        let pts = random_points(4000, 20.0, 2);
        let ranked = ranked_prefix(&pts, 20.0, 1000);
        let torus = Torus::new(&pts, 20.0);
        let min_nn = |set: &[Vec2]| {
            let mut m = f32::MAX;
            for (i, &a) in set.iter().enumerate() {
                for &b in &set[i + 1..] {
                    m = m.min(torus.dist2(a, b).sqrt());
                }
            }
            m
        };
        for k in [100, 400, 1000] {
            let spacing = hex_spacing_on(20.0, k);
            let ordered = min_nn(&ranked[..k]) / spacing;
            let random = min_nn(&pts[..k]) / spacing;
            assert!(ordered > 0.6, "prefix {k}: min NN {ordered} × spacing");
            assert!(random < 0.3, "prefix {k}: random min NN {random}");
        }
    }

    #[test]
    fn crowding_falls_from_one_to_zero() {
        assert_eq!(crowding(0.0), 1.0);
        assert_eq!(crowding(1.0), 0.0);
        assert!(crowding(0.25) > crowding(0.5));
    }
}
