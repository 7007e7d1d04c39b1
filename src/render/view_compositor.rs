//! The window's frame on software GPUs, kept from one frame to the next. Dragging a density
//! slider adds or removes a few percent of the impressions per frame and leaves the others as
//! they were (the ranked tile's coherence), so instead of splatting every dot and compositing
//! every pixel again, the compositor finds the impressions that changed, adds the new ones'
//! darkening to the kept sum and takes the removed ones' out, and re-composites only their
//! footprints. Anything else (view, size, split, shade, photo) recomposes the whole
//! frame, as does every [`MAX_INCREMENTAL_STEPS`]th step, so rounding cannot build up.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use glam::UVec2;

use crate::core::optics::DotOptics;
use crate::core::sampling::Impression;
use crate::render::cpu_render::{PixelRect, Splat, composite_rows, composite_view};
use crate::render::scene::ViewTransform;

/// Incremental steps before the frame is recomposed from scratch.
pub const MAX_INCREMENTAL_STEPS: u32 = 64;

/// Everything the frame depends on besides the impressions.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CompositeBasis {
    pub view: ViewTransform,
    pub size_px: UVec2,
    pub split_x_px: f32,
    /// How the dots look.
    pub optics: DotOptics,
    /// Identifies the photo layer's contents for this view (e.g. the photo's generation).
    pub photo_key: u64,
}

/// How the last frame was made (for benchmarks and tests).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FrameUpdate {
    Unchanged,
    /// Only the footprints of this many added or removed impressions were redone.
    Incremental(usize),
    Full,
}

/// The CPU compositor's state: darkening and frame bytes of the last frame.
#[derive(Default)]
pub struct ViewCompositor {
    darkening: Vec<[f32; 3]>,
    frame: Vec<u8>,
    basis: Option<CompositeBasis>,
    shown: Arc<Vec<Impression>>,
    /// The positions of `shown`, built when first needed and then kept up to date.
    shown_positions: Option<PositionSet>,
    steps_since_full: u32,
    last_update: Option<FrameUpdate>,
}

impl ViewCompositor {
    /// The frame (RGBA sRGB bytes) of `impressions` over `photo_srgb` (the view's photo layer,
    /// RGBA sRGB bytes at `basis.size_px`), updated from the previous frame where it can be.
    pub fn frame(
        &mut self,
        basis: CompositeBasis,
        impressions: &Arc<Vec<Impression>>,
        photo_srgb: &[u8],
    ) -> &[u8] {
        self.frame_and_update(basis, impressions, photo_srgb).0
    }

    /// [`Self::frame`], and how it was made.
    pub fn frame_and_update(
        &mut self,
        basis: CompositeBasis,
        impressions: &Arc<Vec<Impression>>,
        photo_srgb: &[u8],
    ) -> (&[u8], FrameUpdate) {
        let update = self.update(basis, impressions, photo_srgb);
        self.last_update = Some(update);
        self.basis = Some(basis);
        self.shown = Arc::clone(impressions);
        (&self.frame, update)
    }

    /// Makes the next frame a full recompose.
    pub fn invalidate(&mut self) {
        self.basis = None;
    }

    pub fn last_update(&self) -> Option<FrameUpdate> {
        self.last_update
    }

    fn update(
        &mut self,
        basis: CompositeBasis,
        impressions: &Arc<Vec<Impression>>,
        photo_srgb: &[u8],
    ) -> FrameUpdate {
        let pixels = (basis.size_px.x * basis.size_px.y) as usize;
        let same_basis = self.basis == Some(basis)
            && self.frame.len() == 4 * pixels
            && photo_srgb.len() == 4 * pixels;
        if same_basis && Arc::ptr_eq(&self.shown, impressions) {
            return FrameUpdate::Unchanged;
        }
        if same_basis && self.steps_since_full < MAX_INCREMENTAL_STEPS {
            let limit = impressions.len() / 4 + 64;
            let shown = &self.shown;
            let positions = self
                .shown_positions
                .get_or_insert_with(|| PositionSet::of(shown));
            if let Some(changes) = Changes::between(shown, impressions, positions, limit)
                && positions.update(&changes)
            {
                self.apply(&basis, &changes, photo_srgb);
                self.steps_since_full += 1;
                return FrameUpdate::Incremental(changes.len());
            }
        }
        // Rebuilt from the new list when next needed (it may also be stale after a refusal).
        self.shown_positions = None;
        composite_view(
            &basis.view,
            basis.size_px,
            impressions,
            basis.split_x_px,
            basis.optics,
            photo_srgb,
            &mut self.darkening,
            &mut self.frame,
        );
        self.steps_since_full = 0;
        FrameUpdate::Full
    }

    /// Takes the removed dots' darkening out, adds the added ones' and re-composites the
    /// pixels they reach.
    fn apply(&mut self, basis: &CompositeBasis, changes: &Changes, photo_srgb: &[u8]) {
        let width = basis.size_px.x as usize;
        let splat = Splat {
            view: &basis.view,
            width,
            first_row: 0,
            split_x_px: basis.split_x_px,
            optics: basis.optics,
        };
        let t = &mut self.darkening;
        let removed = changes.removed.iter().map(|imp| splat.dot::<true>(t, imp));
        let mut rects: Vec<PixelRect> = removed.collect();
        rects.extend(changes.added.iter().map(|imp| splat.dot::<false>(t, imp)));
        for rect in rects {
            for y in rect.y0..rect.y1 {
                let (start, end) = (y * width + rect.x0, y * width + rect.x1);
                if start >= end {
                    continue;
                }
                let (Some(photo), Some(out)) = (
                    photo_srgb.get(4 * start..4 * end),
                    self.frame.get_mut(4 * start..4 * end),
                ) else {
                    continue;
                };
                composite_rows(&self.darkening[start..end], photo, out);
            }
        }
    }
}

/// The impressions removed and added between two frames (a changed one is both).
struct Changes {
    removed: Vec<Impression>,
    added: Vec<Impression>,
}

impl Changes {
    /// What changed from `old` to `new`, or `None` when more than `limit` changed. Both lists
    /// are normally selections, in order, from the same candidate sequence (the ranked tile
    /// laid over the area), so one walk finds the changes: where they differ, the new
    /// impression was either already shown (then the old one was removed) or is added. Only
    /// those mismatches query `old_positions`, the positions of `old`. Whatever the lists,
    /// every old impression ends up kept or removed and every new one kept or added, so the
    /// result is right; lists in another order merely show many changes.
    fn between(
        old: &[Impression],
        new: &[Impression],
        old_positions: &PositionSet,
        limit: usize,
    ) -> Option<Self> {
        let mut changes = Changes {
            removed: Vec::new(),
            added: Vec::new(),
        };
        let (mut i, mut j) = (0, 0);
        while let Some(imp) = new.get(j) {
            match old.get(i) {
                Some(shown) if shown.pos_px == imp.pos_px => {
                    if !looks_the_same(shown, imp) {
                        changes.removed.push(*shown);
                        changes.added.push(*imp);
                    }
                    (i, j) = (i + 1, j + 1);
                }
                Some(shown) if old_positions.contains(&position_key(imp)) => {
                    changes.removed.push(*shown);
                    i += 1;
                }
                _ => {
                    changes.added.push(*imp);
                    j += 1;
                }
            }
            if changes.len() > limit {
                return None;
            }
        }
        changes.removed.extend_from_slice(&old[i.min(old.len())..]);
        (changes.len() <= limit).then_some(changes)
    }

    fn len(&self) -> usize {
        self.removed.len() + self.added.len()
    }
}

/// Whether two impressions at the same place draw the same dot (the session is not drawn).
fn looks_the_same(a: &Impression, b: &Impression) -> bool {
    a.diameter_px == b.diameter_px
        && a.opacity == b.opacity
        && a.pigment_strength == b.pigment_strength
}

fn position_key(imp: &Impression) -> u64 {
    (u64::from(imp.pos_px.x.to_bits()) << 32) | u64::from(imp.pos_px.y.to_bits())
}

/// The positions of the impressions shown, to tell added impressions from kept ones.
struct PositionSet(HashSet<u64, BuildHasherDefault<PositionHasher>>);

impl PositionSet {
    fn of(impressions: &[Impression]) -> Self {
        let mut set = HashSet::with_capacity_and_hasher(impressions.len(), Default::default());
        let unique = impressions.iter().all(|imp| set.insert(position_key(imp)));
        // With a repeated position the set would be wrong after the first removal; an empty
        // one only makes the walk count more changes (its result is right either way).
        PositionSet(if unique { set } else { HashSet::default() })
    }

    fn contains(&self, key: &u64) -> bool {
        self.0.contains(key)
    }

    /// Applies `changes`; false if an added position was already there (the set is then
    /// stale and must be rebuilt).
    fn update(&mut self, changes: &Changes) -> bool {
        for imp in &changes.removed {
            self.0.remove(&position_key(imp));
        }
        changes
            .added
            .iter()
            .all(|imp| self.0.insert(position_key(imp)))
    }
}

/// A multiplicative hash for position keys: the default SipHash costs more than the rest of
/// an incremental frame, and keys here are not attacker-chosen.
#[derive(Default)]
struct PositionHasher(u64);

impl Hasher for PositionHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, key: u64) {
        self.0 = (self.0 ^ key)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(29);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::plan::Plan;
    use crate::core::sampling::impressions_for;
    use glam::Vec2;

    const SIZE: UVec2 = UVec2::new(160, 120);

    /// A textured photo layer and a plan over a 640 × 480 photo seen at half size.
    fn scene() -> (Vec<u8>, Plan, CompositeBasis) {
        let photo = (0..SIZE.x * SIZE.y)
            .flat_map(|i| {
                [
                    120 + (i % 97) as u8,
                    90 + (i % 53) as u8,
                    70 + (i % 31) as u8,
                    255,
                ]
            })
            .collect();
        let mut plan = Plan::for_whole_photo(640, 480);
        plan.px_per_mm = 6.0;
        let basis = CompositeBasis {
            view: ViewTransform::fit(Vec2::new(640.0, 480.0), SIZE.as_vec2()),
            size_px: SIZE,
            split_x_px: 40.0,
            optics: DotOptics::for_plan(&plan, crate::core::look::Age::Healed),
            photo_key: 1,
        };
        (photo, plan, basis)
    }

    fn fresh(basis: &CompositeBasis, impressions: &[Impression], photo: &[u8]) -> Vec<u8> {
        let (mut scratch, mut out) = (Vec::new(), Vec::new());
        let (view, size, split) = (&basis.view, basis.size_px, basis.split_x_px);
        composite_view(
            view,
            size,
            impressions,
            split,
            basis.optics,
            photo,
            &mut scratch,
            &mut out,
        );
        out
    }

    fn max_level_diff(a: &[u8], b: &[u8]) -> u8 {
        assert_eq!(a.len(), b.len());
        a.iter()
            .zip(b)
            .map(|(x, y)| x.abs_diff(*y))
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn density_steps_update_only_what_changed_and_match_a_fresh_frame() {
        let (photo, mut plan, basis) = scene();
        let mut compositor = ViewCompositor::default();
        let mut changed_total = 0;
        for (step, density) in [100.0, 104.0, 111.0, 107.0, 95.0, 96.0, 120.0]
            .into_iter()
            .enumerate()
        {
            plan.density_per_cm2 = density;
            let impressions = Arc::new(impressions_for(&plan));
            let frame = compositor.frame(basis, &impressions, &photo).to_vec();
            let update = compositor.last_update();
            match (step, update) {
                (0, Some(FrameUpdate::Full)) => {}
                (_, Some(FrameUpdate::Incremental(n))) if step > 0 => {
                    assert!(
                        n > 0 && n < impressions.len() / 4,
                        "step {step}: {n} changed"
                    );
                    changed_total += n;
                }
                _ => panic!("step {step}: unexpected update {update:?}"),
            }
            // f32 sums with terms taken out and added again differ from a fresh sum by a few
            // ulps, which can move an encoded value across a rounding edge: at most one level.
            let diff = max_level_diff(&frame, &fresh(&basis, &impressions, &photo));
            assert!(
                diff <= 1,
                "step {step} (density {density}): {diff} levels off"
            );
        }
        assert!(
            changed_total > 100,
            "the steps changed impressions ({changed_total})"
        );
    }

    #[test]
    fn anything_but_the_impressions_recomposes_the_whole_frame() {
        let (photo, plan, basis) = scene();
        let impressions = Arc::new(impressions_for(&plan));
        let mut compositor = ViewCompositor::default();
        compositor.frame(basis, &impressions, &photo);
        compositor.frame(basis, &impressions, &photo);
        assert_eq!(compositor.last_update(), Some(FrameUpdate::Unchanged));
        let darker = CompositeBasis {
            optics: DotOptics {
                core_transmittance: crate::core::color::pigment_transmittance(6.0),
                ..basis.optics
            },
            ..basis
        };
        let frame = compositor.frame(darker, &impressions, &photo).to_vec();
        assert_eq!(compositor.last_update(), Some(FrameUpdate::Full));
        assert_eq!(frame, fresh(&darker, &impressions, &photo));
        let moved = CompositeBasis {
            split_x_px: 90.0,
            ..darker
        };
        compositor.frame(moved, &impressions, &photo);
        assert_eq!(compositor.last_update(), Some(FrameUpdate::Full));
    }

    #[test]
    fn lists_in_another_order_still_give_the_right_frame() {
        let (photo, plan, basis) = scene();
        let impressions = impressions_for(&plan);
        let mut compositor = ViewCompositor::default();
        compositor.frame(basis, &Arc::new(impressions.clone()), &photo);
        // The same dots, a few dropped, and the first twenty moved to the end.
        let mut shuffled: Vec<_> = impressions.iter().copied().skip(3).collect();
        shuffled.retain(|imp| imp.pos_px.x > 30.0);
        shuffled.rotate_left(20);
        let frame = compositor
            .frame(basis, &Arc::new(shuffled.clone()), &photo)
            .to_vec();
        assert!(
            matches!(compositor.last_update(), Some(FrameUpdate::Incremental(_))),
            "{:?}",
            compositor.last_update()
        );
        let diff = max_level_diff(&frame, &fresh(&basis, &shuffled, &photo));
        assert!(diff <= 1, "{diff} levels off");
    }

    #[test]
    fn a_short_photo_layer_leaves_black_not_an_earlier_frame() {
        let (photo, plan, basis) = scene();
        let impressions = Arc::new(impressions_for(&plan));
        let mut compositor = ViewCompositor::default();
        compositor.frame(basis, &impressions, &photo);
        let half = &photo[..photo.len() / 2];
        let frame = compositor.frame(basis, &impressions, half).to_vec();
        assert_eq!(compositor.last_update(), Some(FrameUpdate::Full));
        assert_eq!(frame.len(), photo.len());
        assert!(frame[half.len()..].iter().all(|&b| b == 0));
        assert_eq!(
            frame[..half.len()],
            fresh(&basis, &impressions, &photo)[..half.len()]
        );
    }

    #[test]
    fn large_changes_and_many_steps_recompose_from_scratch() {
        let (photo, mut plan, basis) = scene();
        let mut compositor = ViewCompositor::default();
        compositor.frame(basis, &Arc::new(impressions_for(&plan)), &photo);
        plan.density_per_cm2 = 40.0;
        compositor.frame(basis, &Arc::new(impressions_for(&plan)), &photo);
        assert_eq!(
            compositor.last_update(),
            Some(FrameUpdate::Full),
            "60 % removed"
        );
        let mut fulls = 0;
        for i in 0..=MAX_INCREMENTAL_STEPS {
            plan.density_per_cm2 = 40.0 + (i % 2) as f32;
            compositor.frame(basis, &Arc::new(impressions_for(&plan)), &photo);
            fulls += usize::from(compositor.last_update() == Some(FrameUpdate::Full));
        }
        assert_eq!(
            fulls, 1,
            "one full recompose after {MAX_INCREMENTAL_STEPS} steps"
        );
    }
}
