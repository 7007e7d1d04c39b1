//! The same physical impressions in every view of a case. Each part of the treatment area on
//! the head takes its impressions from the first view whose engine places impressions there
//! (the photo sees it in frame, not too edge-on, inside that view's outline): they are sampled
//! there by the engine, as that photo's plan asks, lifted onto the head and seen from every
//! other view that faces them, where they keep their session, pigment and size on the scalp,
//! foreshortened as that camera sees the scalp there. So a dot placed on the crown is the same
//! dot in the top photo and the back photo.

use glam::{Vec2, Vec3};

use super::Case;
use super::whole_head::FlatOutline;
use crate::core::head::HeadModel;
use crate::core::plan::ShownSession;
use crate::core::sampling::{FieldGeometry, Impression, impressions_through};

/// The impressions each view places: unit directions on the head, and the dots as its photo
/// shows them.
type Owned = Vec<Vec<(Vec3, Impression)>>;

impl Case {
    /// The impressions view `k` shows after session `shown`: every view's own impressions on
    /// the scalp it is the first to cover, seen from view `k` where it faces them. An index
    /// past the views gives none.
    pub fn view_impressions(&self, k: usize, shown: ShownSession) -> Vec<Impression> {
        self.seen_in(k, &self.owned_impressions(shown))
    }

    /// [`Case::view_impressions`] of every view, each view sampled once.
    pub fn every_view_impressions(&self, shown: ShownSession) -> Vec<Vec<Impression>> {
        let owned = self.owned_impressions(shown);
        (0..self.views.len())
            .map(|k| self.seen_in(k, &owned))
            .collect()
    }

    /// Each view's impressions (sampled by the engine for its plan) on the scalp it is the
    /// first to place impressions on.
    fn owned_impressions(&self, shown: ShownSession) -> Owned {
        let plans: Vec<_> = (0..self.views.len())
            .map(|j| self.view_plan(j).plan)
            .collect();
        let placing: Vec<FieldGeometry> = plans.iter().map(FieldGeometry::from_plan).collect();
        // Only inside the area on the head: a view's outline, straight between points placed
        // on its photo's outline, may take in scalp the area does not.
        let Some(area) = FlatOutline::new(&self.outlines.area) else {
            return vec![Vec::new(); self.views.len()];
        };
        let owner = |u: Vec3| {
            let mut placing_views = 0..self.views.len();
            let first = placing_views.find(|&j| places_at(&self.views[j].head, &placing[j], u));
            first.filter(|_| area.contains(u))
        };
        let owned_by = |j: usize| {
            let head = &self.views[j].head;
            let axes = Vec3::from_array(head.semi_axes_mm);
            let dots = impressions_through(&plans[j], shown);
            dots.into_iter()
                .filter_map(|dot| {
                    let u = (head.hit(dot.pos_px)?.point_mm / axes).normalize_or_zero();
                    (owner(u) == Some(j)).then_some((u, dot))
                })
                .collect()
        };
        (0..self.views.len()).map(owned_by).collect()
    }

    /// The impressions of `owned` that view `k` sees: its own as sampled, the others' seen
    /// from its camera.
    fn seen_in(&self, k: usize, owned: &Owned) -> Vec<Impression> {
        let Some(target) = self.views.get(k) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (j, dots) in owned.iter().enumerate() {
            if j == k {
                out.extend(dots.iter().map(|(_, dot)| *dot));
                continue;
            }
            let scale = target.px_per_mm / self.views[j].px_per_mm.max(1e-6);
            let seen = dots
                .iter()
                .filter_map(|&(u, dot)| seen_from(&target.head, u, dot, scale));
            out.extend(seen);
        }
        out
    }
}

/// Whether the engine places impressions at unit direction `u` on the head in the photo of
/// `head` (whose plan's field is `field`): the camera faces it, in frame, inside the view's
/// treatment area and not too edge-on to treat.
fn places_at(head: &HeadModel, field: &FieldGeometry, u: Vec3) -> bool {
    faced_px(head, u).is_some_and(|px| {
        head.in_frame(px) && field.scalp_at(px).0 > 0.0 && field.zone_blend_at(px).is_some()
    })
}

/// Where `head`'s photo shows unit direction `u` on the head, if its camera faces it.
fn faced_px(head: &HeadModel, u: Vec3) -> Option<Vec2> {
    let point_mm = u * Vec3::from_array(head.semi_axes_mm);
    (head.facing_mm(point_mm) > 0.0).then(|| head.project(point_mm))?
}

/// `dot`, at unit direction `u` on the head, as `head`'s camera sees it (if it faces it), its
/// diameter scaled by the ratio of the photos' px/mm.
fn seen_from(head: &HeadModel, u: Vec3, dot: Impression, scale: f32) -> Option<Impression> {
    let pos_px = faced_px(head, u)?;
    let hit = head.hit(pos_px)?;
    let (tilt_dir, squash) = head.tilt(&hit);
    Some(Impression {
        pos_px,
        diameter_px: dot.diameter_px * scale,
        tilt_dir,
        squash,
        ..dot
    })
}
