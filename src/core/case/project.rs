//! Between the head and a view's photo: the case's outlines projected into a view as a photo
//! [`Plan`] (what the engine, renderer and editor work on), and a view's edited plan lifted
//! back onto the head. A point on the far side of the head from a view's camera is shown on
//! the head's outline in that photo (where the scalp turns out of sight) and keeps its place
//! on the head until it is dragged there. Painted zones live in the first view's grid and
//! are carried to the others through the head.

use glam::{Vec2, Vec3};

use super::{Case, HeadPoint};
use crate::core::head::HeadModel;
use crate::core::mask::PaintMask;
use crate::core::plan::Plan;

/// How close, px, an edited point must be to where it was shown to count as not moved.
const UNMOVED_PX: f32 = 1e-3;

/// One view's plan and where each outline point was shown in it (the plan's own points,
/// before any edit), so that an edit can be told from the points it left alone.
#[derive(Clone, Debug, PartialEq)]
pub struct ViewProjection {
    pub view: usize,
    pub plan: Plan,
    /// The case's hairline point the plan's hairline starts at: a view shows only the run of
    /// it that faces its camera, to where it turns out of sight.
    pub hairline_from: usize,
}

/// The head point under photo pixel `p` of `head`; a pixel just off the head is taken at the
/// head's outline on the way to its centre.
pub fn lift_px(head: &HeadModel, p: Vec2) -> Option<HeadPoint> {
    let hit = head.hit(p).or_else(|| {
        // The fitted outline is close to, not exactly, the ellipsoid's silhouette: step in.
        let (centre, radii) = head.outline_px();
        let r = ((p - centre) / radii).length();
        let inside = [0.999, 0.99, 0.97, 0.93, 0.85, 0.7, 0.5, 0.0];
        (r > 0.0).then(|| {
            (inside.iter()).find_map(|k| head.hit(centre + (p - centre) * (k / r.max(1.0))))
        })?
    })?;
    HeadPoint::from_surface_mm(hit.point_mm, head.semi_axes_mm)
}

/// Lifts every point; a point that gives none (far off the head) takes its neighbour's.
pub(super) fn lift_all(head: &HeadModel, points: &[Vec2]) -> Vec<HeadPoint> {
    let fallback = HeadPoint::from_surface_mm(Vec3::Z, [1.0; 3]);
    let mut last = None;
    points
        .iter()
        .filter_map(|&p| {
            last = lift_px(head, p).or(last).or(fallback);
            last
        })
        .collect()
}

/// Where head point `u` is shown in `head`'s photo: its projection where the camera sees it,
/// else the head's outline in the photo in the point's direction. With whether it is seen.
pub fn place(head: &HeadModel, u: HeadPoint) -> (Vec2, bool) {
    let p = u.on_mm(head.semi_axes_mm);
    let (centre, radii) = head.outline_px();
    let projected = head.project(p).unwrap_or(centre);
    if head.facing_mm(p) > 0.0 {
        return (projected, true);
    }
    let r = ((projected - centre) / radii).length();
    let on_outline = match r > 1e-6 {
        true => centre + (projected - centre) / r,
        false => centre,
    };
    (on_outline, false)
}

fn place_all(head: &HeadModel, points: &[HeadPoint]) -> Vec<Vec2> {
    points.iter().map(|&u| place(head, u).0).collect()
}

impl Case {
    /// View `index`'s plan: the settings with the outlines projected into its photo, its
    /// photo, scale, ruler, hair and head. A hairline the view does not see at all is left
    /// out of it. Panics never: an index past the views gives the first view's plan.
    pub fn view_plan(&self, index: usize) -> ViewProjection {
        self.project_view(index, true)
    }

    /// [`Case::view_plan`]'s plan without painted zones carried to the view (a check of the
    /// outlines, which need not sample every mask cell through the head).
    pub(super) fn view_plan_unpainted(&self, index: usize) -> Plan {
        self.project_view(index, false).plan
    }

    fn project_view(&self, index: usize, carry_masks: bool) -> ViewProjection {
        let index = if index < self.views.len() { index } else { 0 };
        let Some(view) = self.views.get(index) else {
            return ViewProjection {
                view: 0,
                plan: self.settings.clone(),
                hairline_from: 0,
            };
        };
        let head = &view.head;
        let mut plan = self.settings.clone();
        plan.photo = view.photo.clone();
        plan.px_per_mm = view.px_per_mm;
        plan.px_per_mm_is_estimate = view.px_per_mm_is_estimate;
        plan.ruler = view.ruler.clone();
        plan.hair_mask = view.hair_mask.clone();
        plan.set_head(Some(*head));
        plan.area = place_all(head, &self.outlines.area);
        let (hairline, hairline_from) = self.shown_hairline(head).unzip();
        plan.hairline = hairline;
        plan.glabella = self.outlines.glabella.map(|g| place(head, g).0);
        for (zone, outline) in plan.zones.iter_mut().zip(&self.outlines.zones) {
            zone.polygon = place_all(head, outline);
            if index > 0 && carry_masks {
                zone.mask = zone
                    .mask
                    .as_ref()
                    .map(|m| self.carry_mask(m, 0, index, None));
            }
        }
        ViewProjection {
            view: index,
            plan,
            hairline_from: hairline_from.unwrap_or(0),
        }
    }

    /// Whether view `index` shows the case's hairline (some of it faces its camera).
    pub fn shows_hairline(&self, index: usize) -> bool {
        self.views
            .get(index)
            .is_some_and(|v| self.shown_hairline(&v.head).is_some())
    }

    /// The hairline as `head`'s photo shows it, and the case's point it starts at: the run
    /// from its first to its last point facing the camera, and beyond each end the next point
    /// (on the head's outline there, where the line goes out of sight); the rest is hidden.
    fn shown_hairline(&self, head: &HeadModel) -> Option<(crate::core::plan::Hairline, usize)> {
        let points = self.outlines.hairline.as_ref()?;
        let placed: Vec<(Vec2, bool)> = points.iter().map(|&u| place(head, u)).collect();
        let first = placed.iter().position(|&(_, seen)| seen)?;
        let last = placed.iter().rposition(|&(_, seen)| seen)?;
        let (from, to) = (first.saturating_sub(1), (last + 2).min(placed.len()));
        let mut hairline = self.settings.hairline.clone()?;
        hairline.points = placed[from..to].iter().map(|&(p, _)| p).collect();
        Some((hairline, from))
    }

    /// Takes the edit of view `shown.view` (its plan as edited, `edited`) into the case: the
    /// settings, the view's own photo, scale, ruler and hair, and the outline points that were
    /// moved or added (lifted onto the head); points left alone keep their place on the head.
    pub fn absorb_view_edit(&mut self, shown: &ViewProjection, edited: &Plan) {
        let index = shown.view;
        let Some(head) = self.absorb_view_own(index, edited) else {
            return;
        };
        let was = &shown.plan;
        let old = std::mem::replace(&mut self.settings, super::settings_of(edited));
        let o = &mut self.outlines;
        o.area = absorb_points(&o.area, &was.area, &edited.area, &head);
        o.hairline = match (&edited.hairline, &was.hairline, o.hairline.take()) {
            (Some(e), Some(w), Some(h)) => Some(absorb_run(
                &h,
                shown.hairline_from,
                &w.points,
                &e.points,
                &head,
            )),
            // A hairline added on a view that does not see the case's: the case's stays (the
            // panel says it is on the far side; a new one is drawn where it is seen).
            (Some(_), None, Some(h)) => Some(h),
            (Some(e), _, None) => Some(lift_all(&head, &e.points)),
            (None, Some(_), _) => None,
            // Not shown on this view (it faces away) and so not touched here.
            (None, None, kept) => kept,
        };
        if o.hairline.is_some() && self.settings.hairline.is_none() {
            self.settings.hairline = old.hairline.clone();
        }
        o.glabella = match (edited.glabella, was.glabella) {
            (Some(e), Some(w)) if e.distance(w) < UNMOVED_PX => o.glabella,
            (Some(e), _) => lift_px(&head, e).or(o.glabella),
            (None, _) => None,
        };
        let zones = std::mem::take(&mut o.zones);
        for (k, zone) in edited.zones.iter().enumerate() {
            let same = matching_zone(k, was, edited);
            let outline = match same.and_then(|j| Some((zones.get(j)?, was.zones.get(j)?))) {
                Some((surface, shown)) => {
                    absorb_points(surface, &shown.polygon, &zone.polygon, &head)
                }
                None => lift_all(&head, &zone.polygon),
            };
            self.outlines.zones.push(outline);
            // Paint stays in the first view's grid: carried back there where this view sees
            // the scalp, the rest of the first view's paint kept.
            if index > 0 {
                let home = same.and_then(|j| old.zones.get(j)?.mask.as_ref());
                let unchanged = same.and_then(|j| was.zones.get(j)).map(|z| &z.mask);
                let carried = match zone.mask.as_ref() {
                    Some(_) if unchanged == Some(&zone.mask) => home.cloned(),
                    Some(m) => Some(self.carry_mask(m, index, 0, home)),
                    None => None,
                };
                if let Some(z) = self.settings.zones.get_mut(k) {
                    z.mask = carried;
                }
            }
        }
    }

    /// The view's own part of an edit (photo, scale, ruler, hair, head); its head after it.
    fn absorb_view_own(&mut self, index: usize, edited: &Plan) -> Option<HeadModel> {
        let view = self.views.get_mut(index)?;
        // Not the photo: an undo step from before a save names the photo as it was then.
        view.px_per_mm = edited.px_per_mm;
        view.px_per_mm_is_estimate = edited.px_per_mm_is_estimate;
        view.ruler = edited.ruler.clone();
        view.hair_mask = edited.hair_mask.clone();
        if let Some(head) = edited.head_model() {
            view.head = head;
        }
        Some(view.head)
    }

    /// `mask`, painted on view `from`, as view `to` sees it: each of `to`'s cells takes the
    /// weight at the same scalp in `from`, where `from` sees that scalp; elsewhere `base`'s
    /// weight (or none).
    fn carry_mask(
        &self,
        mask: &PaintMask,
        from: usize,
        to: usize,
        base: Option<&PaintMask>,
    ) -> PaintMask {
        let (Some(src), Some(dst)) = (self.views.get(from), self.views.get(to)) else {
            return mask.clone();
        };
        let mut out = base
            .cloned()
            .unwrap_or_else(|| PaintMask::for_photo(dst.head.image_size_px));
        let (w, h) = out.size_cells();
        let mut weights = out.weights().to_vec();
        for y in 0..h {
            for x in 0..w {
                let cell = out.cell_centre_px(x, y);
                let Some(u) = dst.head.hit(cell).and_then(|hit| {
                    HeadPoint::from_surface_mm(hit.point_mm, dst.head.semi_axes_mm)
                }) else {
                    continue;
                };
                let p = u.on_mm(src.head.semi_axes_mm);
                let seen = src.head.facing_mm(p) >= super::whole_head::COVER_MIN_FACING;
                let Some(p) = src.head.project(p) else {
                    continue;
                };
                if seen
                    && src.head.in_frame(p)
                    && let Some(weight) = weights.get_mut((y * w + x) as usize)
                {
                    *weight = (mask.weight_at(p) * 255.0).round() as u8;
                }
            }
        }
        out.set_weights(&weights);
        out
    }
}

/// The zone of the plan as shown that zone `k` of the edited plan is: the same position while
/// the count is unchanged, else the one of the same name (a zone added or deleted).
fn matching_zone(k: usize, was: &Plan, edited: &Plan) -> Option<usize> {
    if edited.zones.len() == was.zones.len() {
        return Some(k);
    }
    // In order, by the whole zone (names can repeat: "zone 2" deleted, another added), then
    // by name for a zone that was also edited.
    let mut next = 0;
    let mut found = None;
    for (i, zone) in edited.zones.iter().enumerate().take(k + 1) {
        found = (next..was.zones.len()).find(|&j| &was.zones[j] == zone);
        if let Some(j) = found {
            next = j + 1;
        } else if i == k {
            found = was.zones.iter().position(|z| z.name == zone.name);
        }
    }
    found
}

/// [`absorb_points`] for the run of `surface` from `from` that a view shows (as `shown`):
/// only that run is edited, the hidden ends are kept.
fn absorb_run(
    surface: &[HeadPoint],
    from: usize,
    shown: &[Vec2],
    edited: &[Vec2],
    head: &HeadModel,
) -> Vec<HeadPoint> {
    let from = from.min(surface.len());
    let to = (from + shown.len()).min(surface.len());
    let run = absorb_points(&surface[from..to], shown, edited, head);
    [&surface[..from], &run[..], &surface[to..]].concat()
}

/// The outline after an edit: points shown at `shown` on the head at `surface`, edited into
/// `edited`. Points left where they were shown keep their head point; moved and new points
/// are lifted. Works for moves (same count) and for one point added or deleted at a time.
fn absorb_points(
    surface: &[HeadPoint],
    shown: &[Vec2],
    edited: &[Vec2],
    head: &HeadModel,
) -> Vec<HeadPoint> {
    let unmoved = |a: Vec2, b: Vec2| a.distance(b) < UNMOVED_PX;
    let lift = |p: Vec2| lift_px(head, p);
    if shown.len() == edited.len() && surface.len() == shown.len() {
        return edited
            .iter()
            .zip(shown.iter().zip(surface))
            .map(|(&e, (&s, &u))| {
                if unmoved(e, s) {
                    u
                } else {
                    lift(e).unwrap_or(u)
                }
            })
            .collect();
    }
    // As many points as were edited, always: one that cannot be lifted takes the previous
    // point's place on the head, so the outline never loses a point against what is shown.
    let mut next = 0;
    let mut out: Vec<HeadPoint> = Vec::with_capacity(edited.len());
    for &e in edited {
        let found = (next..shown.len()).find(|&j| unmoved(shown[j], e));
        match found.and_then(|j| Some((j, *surface.get(j)?))) {
            Some((j, u)) => {
                out.push(u);
                next = j + 1;
            }
            None => {
                let fallback = out.last().copied().or(surface.get(next).copied());
                out.extend(lift(e).or(fallback));
            }
        }
    }
    out
}
