//! Validation of a loaded or edited plan: every value against its documented range, the
//! treatment area's extent at the plan's scale, and the points of every outline.

use glam::Vec2;

use super::{
    DILUTION_RANGE, DOT_DIAMETER_RANGE_MM, EDGE_DOT_SCALE_RANGE, MAX_AREA_SIDE_MM,
    MAX_DENSITY_PER_CM2, MAX_FADE_DEPTH_MM, MAX_IRREGULARITY_MM, MAX_VERTICES, MAX_ZONES,
    PX_PER_MM_RANGE, Plan, PlanError,
};

impl Plan {
    /// Checks every value against its documented range.
    pub fn validate(&self) -> Result<(), PlanError> {
        check_range("px_per_mm", self.px_per_mm, PX_PER_MM_RANGE)?;
        check_range(
            "density_per_cm2",
            self.density_per_cm2,
            (0.0, MAX_DENSITY_PER_CM2),
        )?;
        check_range(
            "dot_diameter_mm",
            self.dot_diameter_mm,
            DOT_DIAMETER_RANGE_MM,
        )?;
        check_range("dilution_ratio", self.dilution_ratio, DILUTION_RANGE)?;
        check_points("area", &self.area, 3)?;
        self.check_area_extent()?;
        if let Some(head) = &self.head {
            check_head(head)?;
        }
        if let Some(hairline) = &self.hairline {
            check_points("hairline.points", &hairline.points, 2)?;
            check_range(
                "hairline.fade_depth_mm",
                hairline.fade_depth_mm,
                (0.0, MAX_FADE_DEPTH_MM),
            )?;
            for (what, value) in [
                ("macro", hairline.macro_irregularity_mm),
                ("micro", hairline.micro_irregularity_mm),
            ] {
                let what = format!("hairline.{what}_irregularity_mm");
                check_range(&what, value, (0.0, MAX_IRREGULARITY_MM))?;
            }
            check_range(
                "hairline.edge_dot_scale",
                hairline.edge_dot_scale,
                EDGE_DOT_SCALE_RANGE,
            )?;
        }
        self.sessions.validate()?;
        if let Some(g) = self.glabella {
            check_points("glabella", &[g], 1)?;
        }
        if let Some(ruler) = &self.ruler {
            check_points("ruler", &ruler.points, 2)?;
            check_range("ruler.length_mm", ruler.length_mm, (0.1, 2000.0))?;
        }
        if self.zones.len() > MAX_ZONES {
            return Err(PlanError::Invalid(format!(
                "{} zones, at most {MAX_ZONES}",
                self.zones.len()
            )));
        }
        for zone in &self.zones {
            if zone.mask.is_none() || !zone.polygon.is_empty() {
                check_points(&format!("zone '{}'", zone.name), &zone.polygon, 3)?;
            }
            let what = format!("zone '{}' density_per_cm2", zone.name);
            check_range(&what, zone.density_per_cm2, (0.0, MAX_DENSITY_PER_CM2))?;
            if let Some(dilution) = zone.dilution_ratio {
                let what = format!("zone '{}' dilution_ratio", zone.name);
                check_range(&what, dilution, DILUTION_RANGE)?;
            }
        }
        Ok(())
    }
}

/// A head model's numbers: a camera between a fisheye and a long telephoto, a head of human
/// size at most a few metres away.
fn check_head(head: &crate::core::head::HeadModel) -> Result<(), PlanError> {
    check_range("head.focal_mm_35", head.focal_mm_35, (8.0, 300.0))?;
    check_range("head.distance_mm", head.distance_mm, (50.0, 5000.0))?;
    for (i, a) in head.semi_axes_mm.iter().enumerate() {
        check_range(&format!("head.semi_axes_mm[{i}]"), *a, (20.0, 300.0))?;
    }
    let size = head.image_size_px;
    check_range("head.image_size_px.x", size.x, (1.0, 1.0e6))?;
    check_range("head.image_size_px.y", size.y, (1.0, 1.0e6))?;
    check_range(
        "head.centre_px.x",
        head.centre_px.x,
        (-size.x, 2.0 * size.x),
    )?;
    check_range(
        "head.centre_px.y",
        head.centre_px.y,
        (-size.y, 2.0 * size.y),
    )
}

pub(super) fn check_range(what: &str, value: f32, (lo, hi): (f32, f32)) -> Result<(), PlanError> {
    if value.is_finite() && (lo..=hi).contains(&value) {
        Ok(())
    } else {
        Err(PlanError::Invalid(format!(
            "{what} is {value}, must be between {lo} and {hi}"
        )))
    }
}

impl Plan {
    /// Refuses a treatment area wider than [`MAX_AREA_SIDE_MM`] at the plan's scale.
    fn check_area_extent(&self) -> Result<(), PlanError> {
        let Some((lo, hi)) = crate::core::geometry::bounding_box(&self.area) else {
            return Ok(());
        };
        let side_mm = (hi - lo).max_element() / self.px_per_mm;
        if side_mm > MAX_AREA_SIDE_MM {
            return Err(PlanError::Invalid(format!(
                "the treatment area spans {side_mm:.0} mm at {:.2} px/mm; at most \
                 {MAX_AREA_SIDE_MM:.0} mm (a whole scalp is about 400 mm): check the scale",
                self.px_per_mm
            )));
        }
        Ok(())
    }
}

fn check_points(what: &str, points: &[Vec2], min_count: usize) -> Result<(), PlanError> {
    if points.len() < min_count || points.len() > MAX_VERTICES {
        return Err(PlanError::Invalid(format!(
            "{what} has {} points, needs {min_count} to {MAX_VERTICES}",
            points.len()
        )));
    }
    if points
        .iter()
        .any(|p| !p.is_finite() || p.abs().max_element() > 1.0e6)
    {
        return Err(PlanError::Invalid(format!(
            "{what} has a point that is not a finite pixel position"
        )));
    }
    Ok(())
}
