//! Plane geometry in photo pixel coordinates: polygons (treatment zones) and polylines (hairlines).
//!
//! Pure Rust on `glam::Vec2`; x grows right, y grows down, as in the photo.

use std::ops::{Add, Mul, Sub};

use glam::Vec2;

/// Area of a simple polygon in square pixels (shoelace formula; orientation ignored).
pub fn polygon_area_px2(points: &[Vec2]) -> f32 {
    if points.len() < 3 {
        return 0.0;
    }
    let mut twice_area = 0.0f64;
    for (i, a) in points.iter().enumerate() {
        let b = points[(i + 1) % points.len()];
        twice_area += f64::from(a.x) * f64::from(b.y) - f64::from(b.x) * f64::from(a.y);
    }
    (twice_area.abs() * 0.5) as f32
}

/// Whether `p` lies inside the polygon (even-odd rule; points exactly on an edge may go either way).
/// The area-weighted centroid of a simple polygon, if it has area.
pub fn polygon_centroid(points: &[Vec2]) -> Option<Vec2> {
    let n = points.len();
    let (mut twice_area, mut sum) = (0.0f32, Vec2::ZERO);
    for i in 0..n {
        let (a, b) = (points[i], points[(i + 1) % n]);
        let cross = a.perp_dot(b);
        twice_area += cross;
        sum += (a + b) * cross;
    }
    (twice_area.abs() > f32::EPSILON).then(|| sum / (3.0 * twice_area))
}

pub fn polygon_contains(points: &[Vec2], p: Vec2) -> bool {
    if points.len() < 3 {
        return false;
    }
    let mut inside = false;
    let mut j = points.len() - 1;
    for i in 0..points.len() {
        let (a, b) = (points[i], points[j]);
        if (a.y > p.y) != (b.y > p.y) {
            let x_cross = a.x + (p.y - a.y) / (b.y - a.y) * (b.x - a.x);
            if p.x < x_cross {
                inside = !inside;
            }
        }
        j = i;
    }
    inside
}

/// The x positions where the horizontal line at `y` crosses the polygon's edges, sorted.
///
/// Uses the same half-open rule as [`polygon_contains`], so between consecutive crossings the
/// line is alternately outside and inside (even-odd).
pub fn scanline_crossings(points: &[Vec2], y: f32, out: &mut Vec<f32>) {
    if points.len() < 3 {
        return;
    }
    let mut j = points.len() - 1;
    for i in 0..points.len() {
        let (a, b) = (points[i], points[j]);
        if (a.y > y) != (b.y > y) {
            out.push(a.x + (y - a.y) / (b.y - a.y) * (b.x - a.x));
        }
        j = i;
    }
    out.sort_by(f32::total_cmp);
}

/// Axis-aligned bounding box `(min, max)` of a point set, or `None` when it is empty.
pub fn bounding_box(points: &[Vec2]) -> Option<(Vec2, Vec2)> {
    let first = *points.first()?;
    Some(
        points
            .iter()
            .fold((first, first), |(lo, hi), &p| (lo.min(p), hi.max(p))),
    )
}

/// Signed distance in pixels from `p` to an open polyline.
///
/// Positive on the left of the direction of travel (with y down: the side a clockwise turn
/// points to), negative on the right. Beyond the end points the first and last segments
/// are extended as half-planes, so every point of the plane gets a side. Returns `None`
/// for a polyline with fewer than two distinct points.
pub fn polyline_signed_distance(points: &[Vec2], p: Vec2) -> Option<f32> {
    polyline_nearest(points, p).map(|(d, _)| d)
}

/// [`polyline_signed_distance`] and the point it is measured to: the nearest point of the
/// polyline, or past an open end the foot on the extended end segment.
pub fn polyline_nearest(points: &[Vec2], p: Vec2) -> Option<(f32, Vec2)> {
    let mut best: Option<(f32, f32, Vec2)> = None; // (distance², side, foot)
    let last = points.len().checked_sub(2)?;
    for (i, seg) in points.windows(2).enumerate() {
        let (a, b) = (seg[0], seg[1]);
        let Some(foot) = open_segment_foot(a, b, p, i, last) else {
            continue;
        };
        let side = (b - a).perp_dot(p - a);
        let d2 = (foot - p).length_squared();
        if best.is_none_or(|(bd2, _, _)| d2 < bd2) {
            best = Some((d2, side, foot));
        }
    }
    best.map(|(d2, side, foot)| (if side < 0.0 { -d2.sqrt() } else { d2.sqrt() }, foot))
}

/// A point the open-polyline helpers work on: photo pixels, or millimetres on the head.
pub trait PolylinePoint:
    Copy + Add<Output = Self> + Sub<Output = Self> + Mul<f32, Output = Self>
{
    fn dot(self, other: Self) -> f32;
}

impl PolylinePoint for Vec2 {
    fn dot(self, other: Self) -> f32 {
        Vec2::dot(self, other)
    }
}

impl PolylinePoint for glam::Vec3 {
    fn dot(self, other: Self) -> f32 {
        glam::Vec3::dot(self, other)
    }
}

/// The foot of `p` on segment `i` (`a`–`b`) of an open polyline whose last segment is `last`:
/// on the segment, or past an open end on its extended line (so every point has a side);
/// `None` for a segment without length.
pub fn open_segment_foot<P: PolylinePoint>(a: P, b: P, p: P, i: usize, last: usize) -> Option<P> {
    let ab = b - a;
    let len2 = ab.dot(ab);
    if len2 <= f32::EPSILON {
        return None;
    }
    let t_raw = (p - a).dot(ab) / len2;
    let extends = (i == 0 && t_raw < 0.0) || (i == last && t_raw > 1.0);
    Some(
        a + ab
            * if extends {
                t_raw
            } else {
                t_raw.clamp(0.0, 1.0)
            },
    )
}

/// Index of the segment nearest to `p` (segment i joins point i and i + 1; when `closed`, the
/// last joins back to the first), or `None` with fewer than two points.
pub fn nearest_segment(points: &[Vec2], closed: bool, p: Vec2) -> Option<usize> {
    let n = points.len();
    if n < 2 {
        return None;
    }
    let segments = if closed { n } else { n - 1 };
    (0..segments)
        .map(|i| (i, distance_to_segment(points[i], points[(i + 1) % n], p)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}

/// Distance from `p` to the segment `a`–`b`.
pub fn distance_to_segment(a: Vec2, b: Vec2, p: Vec2) -> f32 {
    let ab = b - a;
    let len2 = ab.length_squared();
    let t = if len2 > 0.0 {
        ((p - a).dot(ab) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (a + ab * t - p).length()
}

/// A smooth curve through `points` (uniform Catmull-Rom; the end tangents mirror the
/// neighbouring span), sampled with `per_span` segments between consecutive points. It passes
/// through every point. Fewer than three points are returned as they are.
pub fn smooth_curve<P>(points: &[P], per_span: usize) -> Vec<P>
where
    P: Copy + Add<Output = P> + Sub<Output = P> + Mul<f32, Output = P>,
{
    let n = points.len();
    if n < 3 || per_span < 2 {
        return points.to_vec();
    }
    let mut curve = Vec::with_capacity((n - 1) * per_span + 1);
    for i in 0..n - 1 {
        let (p1, p2) = (points[i], points[i + 1]);
        let p0 = if i > 0 { points[i - 1] } else { p1 * 2.0 - p2 };
        let p3 = if i + 2 < n {
            points[i + 2]
        } else {
            p2 * 2.0 - p1
        };
        for k in 0..per_span {
            let t = k as f32 / per_span as f32;
            let (t2, t3) = (t * t, t * t * t);
            let c = p1 * 2.0
                + (p2 - p0) * t
                + (p0 * 2.0 - p1 * 5.0 + p2 * 4.0 - p3) * t2
                + (p1 * 3.0 - p0 - p2 * 3.0 + p3) * t3;
            curve.push(c * 0.5);
        }
    }
    curve.push(points[n - 1]);
    curve
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(size: f32) -> Vec<Vec2> {
        vec![
            Vec2::ZERO,
            Vec2::new(size, 0.0),
            Vec2::new(size, size),
            Vec2::new(0.0, size),
        ]
    }

    #[test]
    fn area_of_square_and_degenerate() {
        assert_eq!(polygon_area_px2(&square(10.0)), 100.0);
        assert_eq!(polygon_area_px2(&square(10.0)[..2]), 0.0);
    }

    #[test]
    fn nearest_segment_includes_the_closing_edge() {
        let sq = square(10.0);
        assert_eq!(nearest_segment(&sq, true, Vec2::new(-1.0, 5.0)), Some(3));
        assert_eq!(nearest_segment(&sq, false, Vec2::new(-1.0, 5.0)), Some(0));
        assert_eq!(nearest_segment(&sq[..1], false, Vec2::ZERO), None);
    }

    #[test]
    fn smooth_curve_passes_through_its_points_and_keeps_lines_straight() {
        let pts = [
            Vec2::new(0.0, 0.0),
            Vec2::new(10.0, 5.0),
            Vec2::new(20.0, 0.0),
            Vec2::new(30.0, 8.0),
        ];
        let curve = smooth_curve(&pts, 8);
        assert_eq!(curve.len(), 3 * 8 + 1);
        for (i, p) in pts.iter().enumerate() {
            assert!((curve[i * 8] - *p).length() < 1e-4, "point {i}");
        }
        let line = [Vec2::ZERO, Vec2::new(5.0, 5.0), Vec2::new(10.0, 10.0)];
        assert!(
            smooth_curve(&line, 6)
                .iter()
                .all(|p| (p.x - p.y).abs() < 1e-4)
        );
        assert_eq!(smooth_curve(&pts[..2], 8), pts[..2].to_vec());
    }

    #[test]
    fn scanline_crossings_bound_the_inside() {
        let mut xs = Vec::new();
        scanline_crossings(&square(10.0), 5.0, &mut xs);
        assert_eq!(xs, vec![0.0, 10.0]);
        xs.clear();
        scanline_crossings(&square(10.0), 11.0, &mut xs);
        assert!(xs.is_empty());
    }

    #[test]
    fn containment() {
        let sq = square(10.0);
        assert!(polygon_contains(&sq, Vec2::new(5.0, 5.0)));
        assert!(!polygon_contains(&sq, Vec2::new(15.0, 5.0)));
        assert!(!polygon_contains(&sq, Vec2::new(-0.1, 5.0)));
    }

    #[test]
    fn signed_distance_sides_and_ends() {
        let line = [Vec2::new(0.0, 0.0), Vec2::new(10.0, 0.0)];
        // y down: (5, 3) is below the line, which is the perp_dot-positive side.
        assert_eq!(
            polyline_signed_distance(&line, Vec2::new(5.0, 3.0)),
            Some(3.0)
        );
        assert_eq!(
            polyline_signed_distance(&line, Vec2::new(5.0, -2.0)),
            Some(-2.0)
        );
        // Beyond the end the line is extended: distance to the line, not to the end point.
        assert_eq!(
            polyline_signed_distance(&line, Vec2::new(20.0, 4.0)),
            Some(4.0)
        );
        assert_eq!(polyline_signed_distance(&line[..1], Vec2::ZERO), None);
    }
}
