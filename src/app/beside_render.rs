//! The "after" of the case's view shown beside the preview, rendered on a background thread
//! (its impressions sampled for that view's plan, composited on the CPU at the size it is
//! shown), so that editing the view in front stays live while the other one follows. One
//! render at a time; the newest request wins, and the last finished picture stays up while
//! the next is made.

use std::sync::Arc;
use std::thread::JoinHandle;

use image::RgbaImage;

use crate::core::look::Age;
use crate::core::optics::DotOptics;
use crate::core::plan::{Plan, ShownSession};
use crate::core::sampling::impressions_through;
use crate::render::cpu_render::render_fitted;

/// What a beside picture shows: the plan revision, the view, the session and age, the size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct BesideKey {
    pub revision: u64,
    pub view: usize,
    pub photo_generation: u64,
    pub session: ShownSession,
    pub age: Age,
    pub max_side_px: u32,
}

/// A request: the key and what it is rendered from.
pub(super) struct BesideRequest {
    pub key: BesideKey,
    pub plan: Arc<Plan>,
    pub photo: Arc<RgbaImage>,
}

impl BesideRequest {
    pub fn new(key: BesideKey, plan: &Arc<Plan>, photo: &Arc<RgbaImage>) -> Self {
        BesideRequest {
            key,
            plan: plan.clone(),
            photo: photo.clone(),
        }
    }
}

/// The background render of the view beside, and its last finished picture.
#[derive(Default)]
pub(super) struct BesideRender {
    running: Option<(BesideKey, JoinHandle<RgbaImage>)>,
    done: Option<(BesideKey, RgbaImage)>,
    /// A picture that could not be made (its plan not valid, or the render failed): not
    /// tried again until what it shows changes.
    failed: Option<BesideKey>,
}

impl BesideRender {
    /// Whether the picture for `key` is finished (nothing to request).
    pub fn is_current(&self, key: &BesideKey) -> bool {
        matches!(&self.done, Some((k, _)) if k == key)
    }

    /// Whether a picture for `key` is still to be made: not finished, nor failed.
    pub fn wants(&self, key: &BesideKey) -> bool {
        !self.is_current(key) && self.failed.as_ref() != Some(key)
    }

    /// `key`'s picture cannot be made (its plan is not valid).
    pub fn give_up(&mut self, key: BesideKey) {
        self.failed = Some(key);
    }

    /// Collects a finished render; starts `request` when nothing is running and it is not
    /// what is shown. Returns the newly finished picture (to upload) once.
    pub fn poll(&mut self, request: Option<BesideRequest>) -> Option<&(BesideKey, RgbaImage)> {
        let mut finished = false;
        if self
            .running
            .as_ref()
            .is_some_and(|(_, job)| job.is_finished())
            && let Some((key, job)) = self.running.take()
        {
            match job.join() {
                Ok(picture) => {
                    self.done = Some((key, picture));
                    finished = true;
                }
                Err(_) => {
                    log::error!("the view beside could not be rendered");
                    self.failed = Some(key);
                }
            }
        }
        if self.running.is_none()
            && let Some(request) = request.filter(|r| self.wants(&r.key))
        {
            self.start(request);
        }
        finished.then_some(self.done.as_ref()).flatten()
    }

    /// Whether a render is under way (the window polls again soon).
    pub fn busy(&self) -> bool {
        self.running.is_some()
    }

    fn start(&mut self, request: BesideRequest) {
        let BesideRequest { key, plan, photo } = request;
        let spawned = std::thread::Builder::new()
            .name("beside view".into())
            .spawn(move || {
                let impressions = impressions_through(&plan, key.session);
                let optics = DotOptics::for_plan(&plan, key.age);
                render_fitted(&photo, &impressions, optics, key.max_side_px)
            });
        match spawned {
            Ok(job) => self.running = Some((key, job)),
            Err(e) => {
                log::error!("cannot start rendering the view beside: {e}");
                self.failed = Some(key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(revision: u64, plan: &Arc<Plan>, photo: &Arc<RgbaImage>) -> BesideRequest {
        let key = BesideKey {
            revision,
            view: 1,
            photo_generation: 1,
            session: ShownSession::Finished,
            age: Age::Healed,
            max_side_px: 200,
        };
        BesideRequest::new(key, plan, photo)
    }

    /// Polls until nothing runs, returning each picture that finished.
    fn settle(render: &mut BesideRender, mut next: Option<BesideRequest>) -> Vec<BesideKey> {
        let mut finished = Vec::new();
        for _ in 0..2000 {
            if let Some((key, _)) = render.poll(next.take()) {
                finished.push(*key);
            }
            if !render.busy() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        finished
    }

    #[test]
    fn the_view_beside_is_rendered_after_in_the_background_newest_first() {
        let photo = Arc::new(RgbaImage::from_pixel(
            800,
            600,
            image::Rgba([200, 170, 150, 255]),
        ));
        let mut plan = Plan::for_whole_photo(800, 600);
        plan.px_per_mm = 4.0;
        let plan = Arc::new(plan);
        let mut render = BesideRender::default();
        let (first, second) = (request(1, &plan, &photo), request(2, &plan, &photo));
        let (first_key, second_key) = (first.key, second.key);
        assert!(render.poll(Some(first)).is_none());
        assert!(render.busy());
        assert_eq!(settle(&mut render, None), vec![first_key]);
        // What is shown is not rendered again; a newer revision is, once.
        assert!(render.poll(Some(request(1, &plan, &photo))).is_none());
        assert!(!render.busy(), "a current picture is not rendered again");
        assert_eq!(settle(&mut render, Some(second)), vec![second_key]);
        assert!(render.is_current(&second_key) && !render.is_current(&first_key));
        // A picture that cannot be made is not asked for again until what it shows changes.
        let third = request(3, &plan, &photo).key;
        render.give_up(third);
        assert!(!render.wants(&third) && render.wants(&request(4, &plan, &photo).key));
        assert!(render.poll(Some(request(3, &plan, &photo))).is_none());
        assert!(!render.busy());
        let (_, picture) = render.done.as_ref().unwrap();
        assert_eq!(picture.dimensions(), (200, 150));
        let mean = picture.pixels().map(|p| f64::from(p[0])).sum::<f64>() / (200.0 * 150.0);
        assert!(
            mean < 195.0,
            "the after is darker than the photo: {mean:.1}"
        );
    }
}
