//! A case's views in the window: a strip of small pictures of its photos under the preview
//! (click one to show and draw on it) and, when chosen, another view beside the preview: its
//! "after" (rendered in the background, following every edit) and, while outlines are shown or
//! edited, the plan's outlines as that photo sees them.

use egui::{Color32, Pos2, Rect, Stroke, TextureHandle, Vec2};
use image::RgbaImage;

use std::sync::Arc;

use super::SmpApp;
use super::beside_render::{BesideKey, BesideRequest};
use super::versioned::Versioned;
use crate::core::plan::Plan;

/// Height of a picture in the strip, points.
const THUMB_HEIGHT: f32 = 72.0;
/// Longest side of the picture beside the preview, pixels.
const BESIDE_SIDE_PX: u32 = 1400;

/// Pictures made from the views' photos, each with the photo generation it shows.
#[derive(Default)]
pub(super) struct Thumbnails {
    small: Vec<Option<(u64, TextureHandle)>>,
    beside: Option<(u64, TextureHandle)>,
    /// The view shown beside: its plan, for the document's plan revision and that view
    /// (placing painted zones through the head is not a per-frame cost).
    beside_plan: Option<(u64, usize, Arc<Plan>)>,
    /// The view beside rendered "after", and its picture.
    beside_render: super::beside_render::BesideRender,
    beside_after: Option<(BesideKey, TextureHandle)>,
}

/// `photo` scaled to fit `max_side` pixels, as an egui texture.
fn texture(ctx: &egui::Context, name: &str, photo: &RgbaImage, max_side: u32) -> TextureHandle {
    let (w, h) = photo.dimensions();
    let k = (max_side as f32 / w.max(h) as f32).min(1.0);
    let (tw, th) = (
        ((w as f32 * k) as u32).max(1),
        ((h as f32 * k) as u32).max(1),
    );
    egui_texture(ctx, name, &image::imageops::thumbnail(photo, tw, th))
}

/// `picture` as an egui texture, as it is.
fn egui_texture(ctx: &egui::Context, name: &str, picture: &RgbaImage) -> TextureHandle {
    let size = [picture.width() as usize, picture.height() as usize];
    let image = egui::ColorImage::from_rgba_unmultiplied(size, picture.as_raw());
    ctx.load_texture(name, image, egui::TextureOptions::LINEAR)
}

/// The texture in `slot` for `photo`, made again when the photo is another.
fn kept_texture(
    ctx: &egui::Context,
    slot: &mut Option<(u64, TextureHandle)>,
    photo: &Versioned<RgbaImage>,
    name: &str,
    max_side: u32,
) -> TextureHandle {
    match slot {
        Some((generation, t)) if *generation == photo.generation() => t.clone(),
        _ => {
            let t = texture(ctx, name, photo.shared(), max_side);
            *slot = Some((photo.generation(), t.clone()));
            t
        }
    }
}

impl SmpApp {
    /// The strip of views and the view beside the preview, for a case.
    pub(super) fn views_strip(&mut self, ui: &mut egui::Ui) {
        let Some(count) = self.doc.case().map(|c| c.views.len()) else {
            return;
        };
        self.thumbnails.small.resize_with(count, || None);
        let mut chosen = None;
        egui::Panel::bottom("views strip").show(ui, |ui| {
            ui.horizontal(|ui| {
                for i in 0..count {
                    if self.thumbnail(ui, i).clicked() {
                        chosen = Some(i);
                    }
                }
            });
        });
        if let Some(i) = chosen {
            self.show_view(i);
        }
        self.beside_view(ui);
    }

    /// Shows view `i` of the case, from the strip or the Views section: the preview fits a
    /// photo of another size, the view it replaces goes beside if `i` was beside, and a photo
    /// that has moved is offered to be located.
    pub(super) fn show_view(&mut self, i: usize) {
        let before = self.shown_view();
        match self.doc.switch_view(i) {
            Ok(()) => {
                self.follow_view_change(before);
                self.locate = None;
            }
            Err(e) => {
                let moved = matches!(e, crate::app::document::DocumentError::MissingPhoto(_));
                self.locate = moved.then_some(super::file_actions::Locate::View(i));
                self.error = Some(format!("{e:#}"));
            }
        }
    }

    /// The case's view shown and its photo's size, for [`Self::follow_view_change`].
    pub(super) fn shown_view(&self) -> (Option<usize>, (u32, u32)) {
        (self.doc.case_view(), self.doc.photo().shared().dimensions())
    }

    /// After the document came to show another view (clicked, or an undo): the preview fits
    /// a photo of another size, and the view left goes beside if the new one was beside.
    pub(super) fn follow_view_change(&mut self, (before, size): (Option<usize>, (u32, u32))) {
        if self.doc.photo().shared().dimensions() != size {
            self.view.request_fit();
        }
        let now = self.doc.case_view();
        if now != before && self.view.beside == now {
            self.view.beside = before;
        }
    }

    /// View `i`'s picture and name; the shown view framed.
    fn thumbnail(&mut self, ui: &mut egui::Ui, i: usize) -> egui::Response {
        let name = self
            .doc
            .case()
            .map(|c| c.views[i].name.clone())
            .unwrap_or_default();
        let shown = self.doc.case_view() == Some(i);
        let photo = self.doc.case_view_photo(i);
        let response = ui.vertical(|ui| {
            let picture = match (&photo, self.thumbnails.small.get_mut(i)) {
                (Some(photo), Some(slot)) => {
                    let t = kept_texture(ui.ctx(), slot, photo, &format!("view {i}"), 240);
                    let size = t.size_vec2() * (THUMB_HEIGHT / t.size_vec2().y.max(1.0));
                    ui.add(egui::Image::new((t.id(), size)).sense(egui::Sense::click()))
                }
                _ => ui.add(egui::Button::new("(no photo)").min_size(Vec2::splat(THUMB_HEIGHT))),
            };
            if shown {
                let stroke = Stroke::new(2.0, ui.visuals().selection.stroke.color);
                ui.painter().rect_stroke(
                    picture.rect.expand(2.0),
                    2.0,
                    stroke,
                    egui::StrokeKind::Outside,
                );
            }
            let label = ui.horizontal(|ui| {
                let label = ui.selectable_label(shown, &name);
                let beside = self.view.beside == Some(i);
                if !shown
                    && ui
                        .selectable_label(beside, "beside")
                        .on_hover_text("Show this view beside the one you draw on")
                        .clicked()
                {
                    self.view.beside = (!beside).then_some(i);
                }
                label
            });
            picture.union(label.inner)
        });
        response
            .inner
            .on_hover_text(format!("Show the {name} view and draw on it"))
    }

    /// Another view of the case beside the preview: its after picture (its photo until the
    /// first is rendered) and, while outlines are shown or edited, the plan's outlines there.
    fn beside_view(&mut self, ui: &mut egui::Ui) {
        let Some(k) = self
            .view
            .beside
            .filter(|&k| Some(k) != self.doc.case_view())
        else {
            return;
        };
        let Some(photo) = self.doc.case_view_photo(k) else {
            return;
        };
        let Some(plan) = self.beside_plan(k) else {
            self.view.beside = None;
            return;
        };
        let (t, state) = self.beside_picture(ui.ctx(), k, &photo, &plan);
        let outlines =
            self.view.show_outlines || self.view.edit != super::edit::EditTarget::Nothing;
        let name = (self.doc.case().and_then(|c| c.views.get(k)))
            .map(|v| v.name.clone())
            .unwrap_or_default();
        let width = 0.4 * ui.available_width();
        egui::Panel::right("beside")
            .resizable(true)
            .default_size(width)
            .show(ui, |ui| {
                ui.label(format!("{name} view, {state}"));
                let (w, h) = photo.shared().dimensions();
                let room = ui.available_size();
                let scale = (room.x / w as f32).min(room.y / h as f32).max(0.01);
                let size = Vec2::new(w as f32, h as f32) * scale;
                let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
                let uv = Rect::from_min_max(Pos2::ZERO, Pos2::new(1.0, 1.0));
                ui.painter().image(t.id(), rect, uv, Color32::WHITE);
                if outlines {
                    draw_outlines(ui.painter(), &plan, rect.min, scale);
                }
            });
    }

    /// View `k`'s plan, kept for the document's plan revision (placing painted zones through
    /// the head is not a per-frame cost); `None` if the case has no such view.
    fn beside_plan(&mut self, k: usize) -> Option<Arc<Plan>> {
        let revision = self.doc.plan_revision();
        let kept =
            matches!(&self.thumbnails.beside_plan, Some((r, v, _)) if *r == revision && *v == k);
        if !kept {
            let case = self.doc.case().filter(|c| k < c.views.len())?;
            let plan = Arc::new(case.view_plan(k).plan);
            self.thumbnails.beside_plan = Some((revision, k, plan));
        }
        self.thumbnails
            .beside_plan
            .as_ref()
            .map(|(_, _, p)| p.clone())
    }

    /// The picture beside and what it shows: the after once rendered, else the photo.
    fn beside_picture(
        &mut self,
        ctx: &egui::Context,
        k: usize,
        photo: &Versioned<RgbaImage>,
        plan: &Arc<Plan>,
    ) -> (TextureHandle, &'static str) {
        match self.beside_after(ctx, k, photo, plan) {
            Some((t, true)) => (t, "after"),
            Some((t, false)) => (t, "after (updating…)"),
            None => {
                let slot = &mut self.thumbnails.beside;
                let t = kept_texture(ctx, slot, photo, "beside", BESIDE_SIDE_PX);
                (t, "before (rendering the after…)")
            }
        }
    }

    /// The "after" of view `k` (showing `plan` over `photo`) for the panel beside, and whether
    /// it is up to date; a render is started for what it should show (not for a plan that is
    /// not valid), and the window polled until it is done. `None` until one has been rendered
    /// for this view and photo.
    fn beside_after(
        &mut self,
        ctx: &egui::Context,
        k: usize,
        photo: &Versioned<RgbaImage>,
        plan: &Arc<Plan>,
    ) -> Option<(TextureHandle, bool)> {
        let key = BesideKey {
            revision: self.doc.plan_revision(),
            view: k,
            photo_generation: photo.generation(),
            session: self.doc.shown_session,
            age: self.doc.age,
            max_side_px: BESIDE_SIDE_PX,
        };
        let render = &mut self.thumbnails.beside_render;
        let mut request = None;
        if !render.busy() && render.wants(&key) {
            match plan.validate() {
                Ok(()) => request = Some(BesideRequest::new(key, plan, photo.shared())),
                Err(e) => {
                    log::info!("the view beside is not rendered: {e}");
                    render.give_up(key);
                }
            }
        }
        if let Some((done, picture)) = render.poll(request) {
            let t = egui_texture(ctx, "beside after", picture);
            self.thumbnails.beside_after = Some((*done, t));
        }
        // Polled while a render runs, and once more when one finished behind the edits.
        if render.busy() || render.wants(&key) {
            ctx.request_repaint_after(std::time::Duration::from_millis(30));
        }
        let (shown, t) = self.thumbnails.beside_after.as_ref()?;
        let same_view = shown.view == k && shown.photo_generation == photo.generation();
        same_view.then(|| (t.clone(), render.is_current(&key)))
    }
}

/// The plan's area, zones and hairline over a photo drawn at `origin`, `scale` points a pixel.
fn draw_outlines(
    painter: &egui::Painter,
    plan: &crate::core::plan::Plan,
    origin: Pos2,
    scale: f32,
) {
    let screen = |p: &glam::Vec2| origin + Vec2::new(p.x, p.y) * scale;
    let closed = |points: &[glam::Vec2], colour: Color32| {
        let mut line: Vec<Pos2> = points.iter().map(screen).collect();
        if let Some(&first) = line.first() {
            line.push(first);
        }
        painter.add(egui::Shape::line(line, Stroke::new(1.5, colour)));
    };
    closed(&plan.area, Color32::from_rgb(240, 240, 240));
    for zone in plan.zones.iter().filter(|z| !z.polygon.is_empty()) {
        closed(&zone.polygon, Color32::from_rgb(80, 190, 230));
    }
    if let Some(hairline) = &plan.hairline {
        let line: Vec<Pos2> = hairline.curve().iter().map(screen).collect();
        painter.add(egui::Shape::line(
            line,
            Stroke::new(2.0, Color32::from_rgb(255, 150, 40)),
        ));
    }
}
