//! The "Plan numbers" panel section: area, impressions and density per zone and per session,
//! estimated hours at the artist's rate, the suggested needle and the Norwood-style hint.
//! The numbers come from the pure core and are recomputed only when the impressions change.

use egui::{Grid, RichText};

use super::Document;
use crate::core::numbers::PlanNumbers;
use crate::core::numbers::advice::{height_reading, hours_text};
use crate::core::plan::{IMPRESSIONS_PER_HOUR_RANGE, ShownSession};
use crate::core::sampling::ImpressionEngine;

/// The last numbers and what they were computed from.
#[derive(Default)]
pub struct NumbersCache {
    /// The impressions' generation (one per sampled plan revision) and the session shown.
    made_from: Option<(u64, ShownSession)>,
    numbers: Option<PlanNumbers>,
    /// The finished plan's impressions while an earlier session is shown: kept, so that a
    /// slider tick only re-selects them (as the preview's engine does) instead of building
    /// the candidate set again on the UI thread.
    finished: ImpressionEngine,
}

impl NumbersCache {
    /// The numbers of the finished plan (all sessions), whatever session the view shows.
    pub fn get(&mut self, doc: &Document) -> &PlanNumbers {
        let shown = doc.impressions();
        let key = (shown.generation(), doc.shown_session);
        if self.made_from != Some(key) || self.numbers.is_none() {
            let finished =
                doc.shown_session.within(doc.plan.sessions.count()) == ShownSession::Finished;
            let numbers = if finished {
                PlanNumbers::compute(&doc.plan, shown)
            } else {
                PlanNumbers::compute(
                    &doc.plan,
                    self.finished.update(&doc.plan, ShownSession::Finished),
                )
            };
            self.made_from = Some(key);
            self.numbers = Some(numbers);
        }
        self.numbers
            .get_or_insert_with(|| PlanNumbers::compute(&doc.plan, &[]))
    }
}

/// The collapsible section.
pub fn numbers_section(ui: &mut egui::Ui, doc: &mut Document, cache: &mut NumbersCache) {
    egui::CollapsingHeader::new(RichText::new("Plan numbers").strong())
        .default_open(false)
        .show(ui, |ui| {
            if doc.case().is_some() {
                ui.label(
                    RichText::new(
                        "This photo's own numbers. The whole head's, each part counted once, \
                         are under Views.",
                    )
                    .small(),
                );
            }
            ui.horizontal(|ui| {
                let label = ui.label("rate");
                let (lo, hi) = IMPRESSIONS_PER_HOUR_RANGE;
                ui.add(
                    egui::DragValue::new(&mut doc.plan.sessions.impressions_per_hour)
                        .range(lo..=hi)
                        .clamp_existing_to_range(false)
                        .speed(10.0)
                        .suffix(" /h"),
                )
                .labelled_by(label.id)
                .on_hover_text(
                    "Your working rate in impressions per hour, for the time estimates.",
                );
                if doc.plan.sessions.rate_is_default() {
                    ui.label(RichText::new("default estimate").small().weak());
                }
            });
            let numbers = cache.get(doc);
            totals(ui, numbers);
            regions(ui, numbers);
            sessions(ui, numbers);
        });
}

fn totals(ui: &mut egui::Ui, n: &PlanNumbers) {
    if n.scale_is_estimate {
        ui.label(
            RichText::new("Scale is an estimate: calibrate before trusting cm² and counts.")
                .small()
                .color(super::palette::caution(ui.visuals())),
        );
    }
    ui.label(format!(
        "{:.1} cm² · {} impressions · {} h",
        n.treated_area_cm2,
        n.impressions,
        hours_text(n.estimated_total_hours)
    ));
    let area_kind = match n.surface_area_cm2 {
        Some(_) => format!(
            "of scalp, on the fitted head ({:.1} cm² in the flat photo)",
            n.projected_area_cm2
        ),
        None => "in the flat photo: too low where the head turns away (no head model)".into(),
    };
    ui.label(RichText::new(area_kind).small());
    ui.label(format!(
        "density mean {:.0}, planned {:.0}–{:.0} /cm²",
        n.mean_density_per_cm2, n.min_density_per_cm2, n.max_density_per_cm2
    ));
    ui.label(format!(
        "{:.2} mm dots: {} {:.2} mm heals to ≈ {:.2} mm",
        n.dot_diameter_mm, n.suggested_grouping, n.suggested_needle_mm, n.suggested_needle_heals_to_mm
    ))
    .on_hover_text("The closest needle preset: a single needle's hole heals to about half its diameter, a 3RL cluster's to about half the cluster's width.");
    hairline(ui, n);
    ui.label(RichText::new(&n.extent_hint).small())
        .on_hover_text("Projected area on the photo; the curved scalp is somewhat larger.");
    for note in &n.notes {
        ui.label(
            RichText::new(format!("check: {note}"))
                .small()
                .color(super::palette::caution(ui.visuals())),
        );
    }
}

/// The hairline's finer dots, their single needle and the line's height.
fn hairline(ui: &mut egui::Ui, n: &PlanNumbers) {
    let Some(h) = &n.hairline else {
        return;
    };
    ui.label(format!(
        "hairline {:.2} mm dots: 1RL {:.2} mm heals to ≈ {:.2} mm",
        h.dot_at_line_mm, h.needle_1rl_mm, h.needle_heals_to_mm
    ))
    .on_hover_text("The dot at the line (dots at line × dot size) and the single needle closest to it: the hairline is worked with 1RL.");
    if let Some(height) = h.height_above_glabella_mm {
        ui.label(format!(
            "mid-front {height:.0} mm above the glabella ({})",
            height_reading(height)
        ));
    }
}

fn regions(ui: &mut egui::Ui, n: &PlanNumbers) {
    Grid::new("numbers regions").striped(true).show(ui, |ui| {
        for head in ["zone", "cm²", "/cm²", "dots"] {
            ui.label(RichText::new(head).small().weak());
        }
        ui.end_row();
        for r in &n.regions {
            ui.label(&r.name);
            ui.label(format!("{:.1}", r.area_cm2));
            ui.label(format!("{:.0}", r.measured_density_per_cm2))
                .on_hover_text(format!(
                    "placed; planned {:.0} /cm² before the hairline fade",
                    r.planned_density_per_cm2
                ));
            ui.label(format!("{}", r.impressions));
            ui.end_row();
        }
    });
}

fn sessions(ui: &mut egui::Ui, n: &PlanNumbers) {
    Grid::new("numbers sessions").striped(true).show(ui, |ui| {
        for head in ["session", "new dots", "hours"] {
            ui.label(RichText::new(head).small().weak());
        }
        ui.end_row();
        for s in &n.sessions {
            ui.label(format!("{} ({:.0} %)", s.session, s.cumulative_percent));
            ui.label(format!("{}", s.impressions));
            ui.label(hours_text(s.estimated_hours));
            ui.end_row();
        }
    });
}
