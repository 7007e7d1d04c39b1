//! The Sessions section: how many, the share of the density after each, which one to show,
//! and the look (fresh, healed, faded).

use egui::Slider;

use super::widgets::plan_slider;
use crate::app::Document;
use crate::core::look::{Age, MAX_FADED_YEARS};
use crate::core::plan::{MAX_SESSIONS, Sessions, ShownSession};

pub(super) fn sessions_section(ui: &mut egui::Ui, doc: &mut Document) {
    let mut count = doc.plan.sessions.count();
    ui.horizontal(|ui| {
        let label = ui.label("sessions");
        let r = ui
            .add(egui::DragValue::new(&mut count).range(1..=MAX_SESSIONS))
            .labelled_by(label.id);
        if r.changed() {
            // A new build-up for the new count; the artist's working rate stays.
            let rate = doc.plan.sessions.impressions_per_hour;
            doc.plan.sessions = Sessions::typical(count);
            doc.plan.sessions.impressions_per_hour = rate;
        }
    })
    .response
    .on_hover_text(
        "Most clients need 3 sessions, 10–30 days apart; each adds dots between the earlier ones.",
    );
    let percents = &mut doc.plan.sessions.cumulative_percent;
    let n = percents.len();
    for i in 0..n.saturating_sub(1) {
        let lo = if i == 0 { 5.0 } else { percents[i - 1] + 1.0 };
        let hi = percents[i + 1] - 1.0;
        ui.add(plan_slider(
            &mut percents[i],
            lo..=hi.max(lo),
            format!("after session {}", i + 1),
            " %",
            0,
        ))
        .on_hover_text("Share of the final density in place after this session.");
    }
    if n > 1 {
        ui.horizontal(|ui| {
            ui.label("show after");
            for k in 1..=n {
                let shown = doc.shown_session.number(n) == k;
                if ui.selectable_label(shown, format!("{k}")).clicked() {
                    doc.shown_session = ShownSession::after(k, n);
                }
            }
        });
    }
    look_row(ui, doc);
}

/// Fresh / healed / faded after N years: how long after the session the dots are shown.
fn look_row(ui: &mut egui::Ui, doc: &mut Document) {
    ui.horizontal(|ui| {
        ui.label("look");
        let faded = matches!(doc.age, Age::Faded { .. });
        if ui
            .selectable_label(doc.age == Age::Fresh, "fresh")
            .on_hover_text("The first days: darker and slightly wider dots.")
            .clicked()
        {
            doc.age = Age::Fresh;
        }
        if ui
            .selectable_label(doc.age == Age::Healed, "healed")
            .on_hover_text("About a month after the session: the plan as set.")
            .clicked()
        {
            doc.age = Age::Healed;
        }
        if ui
            .selectable_label(faded, "faded")
            .on_hover_text(
                "Years later: lighter, softer and cooler (blue-green) dots, for touch-up talks.",
            )
            .clicked()
            && !faded
        {
            doc.age = Age::faded(5.0);
        }
    });
    if let Age::Faded { mut years } = doc.age {
        let slider = Slider::new(&mut years, 1.0..=MAX_FADED_YEARS)
            .text("years later")
            .fixed_decimals(0);
        if ui.add(slider).changed() {
            doc.age = Age::faded(years);
        }
    }
}
