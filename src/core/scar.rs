//! Scars: scar tissue is usually lighter than the skin around it, so the same dilution reads
//! lighter there. A zone over a scar can take the dilution that makes its impressions read as
//! dark as the plan's do on the surrounding skin.

use image::RgbaImage;

use crate::core::color::{mean_linear_where, scar_matching_dilution};
use crate::core::plan::Plan;
use crate::core::sampling::FieldGeometry;
use crate::core::sampling::field::BASE_ZONE;

/// The dilution for zone `zone` (0-based) measured on `photo`: the photo inside the zone is
/// the scar tissue, the rest of the treatment area outside every zone the skin. `None` if
/// either shows none of the photo.
pub fn scar_dilution_for_zone(plan: &Plan, photo: &RgbaImage, zone: usize) -> Option<f32> {
    let geometry = FieldGeometry::from_plan(plan);
    let extent = crate::core::geometry::bounding_box(&plan.area)?;
    let zone_index = u16::try_from(zone + 1).ok()?;
    let scar = mean_linear_where(photo, extent, |p| geometry.zone_at(p) == Some(zone_index))?;
    let skin = mean_linear_where(photo, extent, |p| geometry.zone_at(p) == Some(BASE_ZONE))?;
    Some(scar_matching_dilution(plan.dilution_ratio, skin, scar))
}

#[cfg(test)]
mod tests {
    use super::*;
    use glam::Vec2;

    #[test]
    fn a_pale_scar_strip_gets_a_stronger_shade_than_the_plan() {
        // Skin with a pale vertical strip (x 40..60) where the zone lies.
        let photo = RgbaImage::from_fn(100, 100, |x, _| {
            if (40..60).contains(&x) {
                image::Rgba([235, 205, 195, 255])
            } else {
                image::Rgba([200, 150, 130, 255])
            }
        });
        let mut plan = Plan::for_whole_photo(100, 100);
        plan.dilution_ratio = 12.0;
        let strip = vec![
            Vec2::new(40.0, 0.0),
            Vec2::new(60.0, 0.0),
            Vec2::new(60.0, 100.0),
            Vec2::new(40.0, 100.0),
        ];
        let zone = crate::core::plan::Zone {
            name: "scar".into(),
            polygon: strip,
            density_per_cm2: 100.0,
            dilution_ratio: None,
            mask: None,
        };
        plan.zones.push(zone);
        let d = scar_dilution_for_zone(&plan, &photo, 0).unwrap();
        assert!(d < 10.0, "{d}");
        // On even skin the zone keeps the plan's shade.
        let even = RgbaImage::from_pixel(100, 100, image::Rgba([200, 150, 130, 255]));
        assert_eq!(scar_dilution_for_zone(&plan, &even, 0), Some(12.0));
        assert_eq!(scar_dilution_for_zone(&plan, &photo, 5), None);
    }
}
