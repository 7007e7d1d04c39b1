//! The printable plan sheet: an A4 page at 300 dpi with the photo and its outlines, the
//! after-picture, the planned-density heat-map with its legend, the shade and needles, and the
//! numbers per zone and per session.

use glam::Vec2;
use image::RgbaImage;

use super::draw::{Box2, TextRun, canvas, draw_text, fill_rect, place_image, stroke_polyline};
use super::page::{
    AREA, HAIRLINE, INK, MARGIN_MM, MUTED, PAGE_MM, WARNING, Writer, ZONE_COLOURS,
    content_width_px, line_height_px, mm, pt,
};
use super::sheet_notes::{hairline_and_time, notes_block};
use super::sheet_tables::{
    depth_note, planned_text, ratio_text, sessions_table, zone_rows_that_fit, zones_table,
};
use crate::core::color::{heat_colour, shade_on_skin};

pub use super::page::SheetInputs;

/// Renders the sheet's first page.
pub fn render_sheet(inputs: &SheetInputs) -> RgbaImage {
    first_page(inputs).0
}

/// Renders every page of the sheet: the first, then, when its zone rows or notes did not all
/// fit, pages that continue the zones table and the notes.
pub fn render_sheet_pages(inputs: &SheetInputs) -> Vec<RgbaImage> {
    let mut pages = Vec::new();
    let kept: Result<(), std::convert::Infallible> = sheet_pages(
        inputs,
        |draw| (draw(), ()),
        |page, ()| {
            pages.push(page);
            Ok(())
        },
    );
    let Ok(()) = kept;
    pages
}

/// [`render_sheet_pages`] with each page's text recorded rather than drawn (for a PDF), each
/// page given to `emit` as soon as it is drawn (so that only one is held at a time).
pub fn for_each_sheet_page_with_text<E>(
    inputs: &SheetInputs,
    emit: impl FnMut(RgbaImage, Vec<TextRun>) -> Result<(), E>,
) -> Result<(), E> {
    sheet_pages(inputs, |draw| super::draw::with_text_recorded(draw), emit)
}

/// A page drawn, and how many zone rows and notes are done once it is.
type Drawn = (RgbaImage, usize, usize);

/// The pages, each drawn through `draw_page` (which may record its text) and given to `emit`.
fn sheet_pages<T, E>(
    inputs: &SheetInputs,
    draw_page: impl Fn(&mut dyn FnMut() -> Drawn) -> (Drawn, T),
    mut emit: impl FnMut(RgbaImage, T) -> Result<(), E>,
) -> Result<(), E> {
    let ((first, mut zones_done, mut notes_done), extra) = draw_page(&mut || first_page(inputs));
    emit(first, extra)?;
    let mut count = 1;
    let n = inputs.numbers;
    while zones_done < n.regions.len() || notes_done < n.notes.len() {
        let number = count + 1;
        let ((page, zones, notes), extra) =
            draw_page(&mut || continuation_page(inputs, zones_done, notes_done, number));
        if zones == zones_done && notes == notes_done {
            break; // nothing more fits on a page: never loop
        }
        (zones_done, notes_done) = (zones, notes);
        emit(page, extra)?;
        count += 1;
    }
    Ok(())
}

pub(super) fn blank_page() -> RgbaImage {
    canvas(
        mm(PAGE_MM.0).round() as u32,
        mm(PAGE_MM.1).round() as u32,
        [255, 255, 255],
    )
}

/// A page continuing the zones from `zones_from` and the notes from `notes_from`; with how far
/// each got.
fn continuation_page(
    inputs: &SheetInputs,
    zones_from: usize,
    notes_from: usize,
    number: usize,
) -> (RgbaImage, usize, usize) {
    let n = inputs.numbers;
    let mut page = blank_page();
    let mut w = Writer {
        page: &mut page,
        x: mm(MARGIN_MM),
        y: mm(MARGIN_MM),
    };
    w.line(
        &format!("SMP plan — {} (page {number})", inputs.title),
        14.0,
        INK,
    );
    w.gap(4.0);
    let footer_y = mm(PAGE_MM.1 - MARGIN_MM) - line_height_px(8.0);
    let mut zones_done = zones_from;
    if zones_from < n.regions.len() {
        let room = ((footer_y - w.y) / line_height_px(9.0)) as usize;
        let rows = room.saturating_sub(6).max(1);
        zones_done = (zones_from + rows).min(n.regions.len());
        zones_table(&mut w, n, zones_from..zones_done);
        w.gap(4.0);
    }
    let notes_done = if zones_done == n.regions.len() {
        notes_block(&mut w, n, footer_y - mm(2.0), notes_from)
    } else {
        notes_from
    };
    footer(&mut w, footer_y);
    (page, zones_done, notes_done)
}

/// The line at the foot of every page of the sheet, at `footer_y`.
pub(super) fn footer(w: &mut Writer, footer_y: f32) {
    w.y = footer_y;
    w.line(
        &format!(
            "Simulation — actual results vary.  smp-preview {}",
            env!("CARGO_PKG_VERSION")
        ),
        8.0,
        MUTED,
    );
}

/// The first page, and how many zone rows and notes it holds.
fn first_page(inputs: &SheetInputs) -> (RgbaImage, usize, usize) {
    let mut page = blank_page();
    let content_w = content_width_px();
    let mut w = Writer {
        page: &mut page,
        x: mm(MARGIN_MM),
        y: mm(MARGIN_MM),
    };
    header(&mut w, inputs);
    let slot_w = 0.5 * (content_w - mm(6.0));
    let slot_h = mm(68.0);
    let (x0, x1) = (w.x, w.x + slot_w + mm(6.0));
    w.line("Plan: area, zones and hairline", 9.0, MUTED);
    let top = w.y;
    plan_picture(w.page, inputs, Box2::new(x0, top, slot_w, slot_h));
    draw_text(
        w.page,
        "After all sessions",
        x1,
        top - line_height_px(9.0),
        pt(9.0),
        MUTED,
    );
    place_image(w.page, inputs.after, Box2::new(x1, top, slot_w, slot_h));
    w.y = top + slot_h + mm(4.0);
    w.line("Planned density, impressions/cm²", 9.0, MUTED);
    let top = w.y;
    let thumbnail = heat_picture(
        w.page,
        inputs,
        Box2::new(x0, top, slot_w, slot_h - mm(10.0)),
    );
    // The legend is as wide as the thumbnail it explains.
    legend(
        w.page,
        inputs.numbers.max_density_per_cm2,
        legend_box(thumbnail, top + slot_h - mm(8.0)),
    );
    let mut right = Writer {
        page: w.page,
        x: x1,
        y: top,
    };
    shade_and_needles(&mut right, inputs);
    w.y = top + slot_h + mm(8.0);
    let footer_y = mm(PAGE_MM.1 - MARGIN_MM) - line_height_px(8.0);
    let zone_rows = zone_rows_that_fit(inputs.numbers, footer_y - mm(2.0) - w.y);
    let zones = zone_rows.min(inputs.numbers.regions.len());
    zones_table(&mut w, inputs.numbers, 0..zones);
    w.gap(4.0);
    sessions_table(&mut w, inputs.numbers);
    w.gap(4.0);
    let notes = notes_block(&mut w, inputs.numbers, footer_y - mm(2.0), 0);
    footer(&mut w, footer_y);
    (page, zones, notes)
}

/// The clinic's logo's place: the top right corner inside the margins, mm.
const LOGO_BOX_MM: (f32, f32) = (40.0, 16.0);

fn header(w: &mut Writer, inputs: &SheetInputs) {
    let n = inputs.numbers;
    if let Some(logo) = inputs.logo {
        let (lw, lh) = LOGO_BOX_MM;
        let slot = Box2::new(
            mm(PAGE_MM.0 - MARGIN_MM - lw),
            mm(MARGIN_MM),
            mm(lw),
            mm(lh),
        );
        place_image(w.page, logo, slot);
    }
    w.line(&format!("SMP plan — {}", inputs.title), 18.0, INK);
    let plan = inputs.plan;
    let filed: Vec<String> = [
        plan.patient.as_deref().map(|p| format!("Patient {p}")),
        plan.consultation_date
            .as_deref()
            .map(|d| format!("Date {d}")),
        inputs.clinic.map(str::to_owned),
    ]
    .into_iter()
    .flatten()
    .filter(|s| !s.trim().is_empty())
    .collect();
    if !filed.is_empty() {
        w.line(&filed.join(" · "), 11.0, INK);
    }
    let scale = format!("Scale {:.2} px/mm", n.px_per_mm);
    if n.scale_is_estimate {
        w.line(
            &format!(
                "{scale} — ESTIMATE: calibrate with the ruler before relying on mm, cm² or counts"
            ),
            9.0,
            WARNING,
        );
    } else {
        w.line(&format!("{scale} (calibrated)"), 9.0, MUTED);
    }
    w.line(
        &format!(
            "Treated area {:.1} cm²{} · {} impressions · mean {:.0}/cm² ({})",
            n.treated_area_cm2,
            match n.surface_area_cm2 {
                Some(_) => format!(" of scalp ({:.1} cm² in the photo)", n.projected_area_cm2),
                None => " (projected, no head model)".to_string(),
            },
            n.impressions,
            n.mean_density_per_cm2,
            planned_text(inputs)
        ),
        10.0,
        INK,
    );
    w.line(
        &format!("Extent: {} (projected area; est.)", n.extent_hint),
        10.0,
        INK,
    );
    w.gap(3.0);
}

/// Tints the page where a painted zone lies (its weight as the tint's strength); returns the
/// painted part's centre on the page (NaN when nothing is painted).
fn tint_painted(
    page: &mut RgbaImage,
    mask: &crate::core::mask::PaintMask,
    placed: Box2,
    scale: f32,
    colour: [u8; 3],
) -> Vec2 {
    // Clipped to the photo: a mask made for another photo size never spills onto the text.
    let (clip_lo, clip_hi) = (
        Vec2::new(placed.x, placed.y),
        Vec2::new(placed.x + placed.w, placed.y + placed.h),
    );
    let placed = clip_lo;
    let (w, h) = mask.size_cells();
    let (mut sum, mut total) = (Vec2::ZERO, 0.0);
    for y in 0..h {
        for x in 0..w {
            let weight = f32::from(mask.weights()[(y * w + x) as usize]) / 255.0;
            if weight <= 0.0 {
                continue;
            }
            let lo = placed + Vec2::new(x as f32, y as f32) * mask.cell_px() * scale;
            let hi = lo + Vec2::splat(mask.cell_px() * scale);
            let (lo, hi) = (lo.max(clip_lo), hi.min(clip_hi));
            if lo.cmpge(hi).any() {
                continue;
            }
            blend_rect(page, lo, hi, colour, 0.35 * weight);
            sum += (lo + hi) * 0.5 * weight;
            total += weight;
        }
    }
    sum / total
}

/// Mixes `colour` into the page pixels whose centres lie in [lo, hi), by `alpha`.
fn blend_rect(page: &mut RgbaImage, lo: Vec2, hi: Vec2, colour: [u8; 3], alpha: f32) {
    let x0 = (lo.x - 0.5).ceil().max(0.0) as u32;
    let y0 = (lo.y - 0.5).ceil().max(0.0) as u32;
    let x1 = ((hi.x - 0.5).ceil().max(0.0) as u32).min(page.width());
    let y1 = ((hi.y - 0.5).ceil().max(0.0) as u32).min(page.height());
    for y in y0..y1 {
        for x in x0..x1 {
            let pixel = page.get_pixel_mut(x, y);
            for c in 0..3 {
                let mixed = f32::from(pixel[c]) * (1.0 - alpha) + f32::from(colour[c]) * alpha;
                pixel[c] = mixed.round() as u8;
            }
        }
    }
}

/// The photo with the area, zones (numbered) and the hairline drawn over it.
fn plan_picture(page: &mut RgbaImage, inputs: &SheetInputs, slot: Box2) {
    let (scale, placed) = place_image(page, inputs.photo, slot);
    let to_page = |points: &[Vec2]| -> Vec<Vec2> {
        points
            .iter()
            .map(|&p| Vec2::new(placed.x, placed.y) + p * scale)
            .collect()
    };
    let width = mm(0.5);
    stroke_polyline(page, &to_page(&inputs.plan.area), true, width, AREA);
    for (i, zone) in inputs.plan.zones.iter().enumerate() {
        let colour = ZONE_COLOURS[i % ZONE_COLOURS.len()];
        let centre = match &zone.mask {
            Some(mask) => tint_painted(page, mask, placed, scale, colour),
            None => {
                let outline = to_page(&zone.polygon);
                stroke_polyline(page, &outline, true, width, colour);
                outline.iter().copied().sum::<Vec2>() / outline.len().max(1) as f32
            }
        };
        let Some(centre) = Some(centre).filter(|c| c.is_finite()) else {
            continue;
        };
        draw_text(
            page,
            &format!("{}", i + 1),
            centre.x,
            centre.y - pt(5.0),
            pt(10.0),
            colour,
        );
    }
    if let Some(hairline) = &inputs.plan.hairline {
        stroke_polyline(page, &to_page(&hairline.curve()), false, mm(0.7), HAIRLINE);
    }
}

/// The photo, greyed, under the planned density in heat-map colours.
/// Returns where the thumbnail went.
fn heat_picture(page: &mut RgbaImage, inputs: &SheetInputs, slot: Box2) -> Box2 {
    let (scale, placed) = place_image(page, inputs.photo, slot);
    let grid = inputs.density;
    let max = inputs.numbers.max_density_per_cm2.max(1.0);
    for py in placed.y as u32..placed.bottom() as u32 {
        for px in placed.x as u32..placed.right() as u32 {
            let photo_px = (Vec2::new(px as f32 + 0.5, py as f32 + 0.5)
                - Vec2::new(placed.x, placed.y))
                / scale;
            let cell = ((photo_px - grid.origin_px) / grid.cell_px).floor();
            let inside = cell.x >= 0.0
                && cell.y >= 0.0
                && (cell.x as usize) < grid.cols
                && (cell.y as usize) < grid.rows;
            let value = inside
                .then(|| grid.values[cell.y as usize * grid.cols + cell.x as usize])
                .flatten();
            let pixel = page.get_pixel_mut(px, py);
            let grey = (0.3 * f32::from(pixel[0])
                + 0.59 * f32::from(pixel[1])
                + 0.11 * f32::from(pixel[2])) as u8;
            let colour = value.map_or([grey; 3], |d| heat_colour(d / max));
            let a = if value.is_some() { 0.75 } else { 0.0 };
            for c in 0..3 {
                pixel[c] = (f32::from(grey) * (1.0 - a) + f32::from(colour[c]) * a) as u8;
            }
        }
    }
    placed
}

/// The legend's bar under a heat-map `thumbnail`, at `y`: as wide as the thumbnail.
fn legend_box(thumbnail: Box2, y: f32) -> Box2 {
    Box2::new(thumbnail.x, y, thumbnail.w, mm(3.0))
}

/// The heat-map's colour bar with its end values.
fn legend(page: &mut RgbaImage, max_density: f32, bar: Box2) {
    let steps = bar.w as u32;
    for i in 0..steps {
        let colour = heat_colour(i as f32 / steps.max(1) as f32);
        fill_rect(page, Box2::new(bar.x + i as f32, bar.y, 1.0, bar.h), colour);
    }
    let label_y = bar.bottom() + mm(0.5);
    draw_text(page, "0", bar.x, label_y, pt(8.0), MUTED);
    let text = format!("{max_density:.0}/cm²");
    let x = bar.right() - super::draw::text_width(&text, pt(8.0));
    draw_text(page, &text, x, label_y, pt(8.0), MUTED);
}

fn shade_and_needles(w: &mut Writer, inputs: &SheetInputs) {
    w.line("Pigment and needles", 11.0, INK);
    shade_swatch(w, inputs);
    needle_lines(w, inputs);
    hairline_and_time(w, inputs);
}

/// The diluted shade on this patient's skin, beside the dilution ratio.
fn shade_swatch(w: &mut Writer, inputs: &SheetInputs) {
    let n = inputs.numbers;
    let swatch = Box2::new(w.x, w.y, mm(10.0), mm(10.0));
    let skin = crate::core::color::mean_skin_linear(inputs.photo, &inputs.plan.area)
        .unwrap_or(crate::core::color::MID_SKIN_LINEAR);
    fill_rect(w.page, swatch, shade_on_skin(n.dilution_ratio, skin));
    let text_x = w.x;
    w.x += mm(13.0);
    w.line(
        &format!(
            "Dilution {} (water : pigment)",
            ratio_text(n.dilution_ratio)
        ),
        10.0,
        INK,
    );
    w.line("dot core on this patient's skin", 8.0, MUTED);
    w.x = text_x;
    w.y = swatch.bottom() + mm(2.0);
}

/// The healed dot, the closest needle preset and the needle depth.
fn needle_lines(w: &mut Writer, inputs: &SheetInputs) {
    let n = inputs.numbers;
    w.line(
        &format!(
            "Healed dot {:.3} mm{}",
            n.dot_diameter_mm,
            depth_note(inputs.plan)
        ),
        10.0,
        INK,
    );
    w.line(
        &format!(
            "Closest: {} {:.2} mm needle, heals to ≈ {:.2} mm",
            n.suggested_grouping, n.suggested_needle_mm, n.suggested_needle_heals_to_mm
        ),
        10.0,
        INK,
    );
    if let Some(h) = &n.hairline {
        w.line(
            &format!(
                "Hairline dots ≈ {:.2} mm at the line: 1RL {:.2} mm (heals ≈ {:.2} mm)",
                h.dot_at_line_mm, h.needle_1rl_mm, h.needle_heals_to_mm
            ),
            9.0,
            INK,
        );
    }
    w.line("1RL at the hairline, 3RL for filling", 9.0, MUTED);
    let depth = match inputs.plan.depth {
        crate::core::plan::NeedleDepth::Standard => None,
        crate::core::plan::NeedleDepth::Shallow => Some("Depth: shallow (lighter, smaller dots)"),
        crate::core::plan::NeedleDepth::Deep => {
            Some("Depth: deep (spread, cooler dots: blowout risk)")
        }
    };
    if let Some(depth) = depth {
        w.line(depth, 9.0, INK);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_legend_is_as_wide_as_its_thumbnail() {
        // A tall photo's thumbnail is narrower than its slot: the legend follows it.
        let mut page = RgbaImage::new(2000, 2000);
        let photo = RgbaImage::from_pixel(300, 900, image::Rgba([200, 180, 160, 255]));
        let (_, placed) = place_image(&mut page, &photo, Box2::new(100.0, 100.0, 800.0, 600.0));
        let bar = legend_box(placed, 750.0);
        assert!(placed.w < 800.0);
        assert_eq!((bar.x, bar.w), (placed.x, placed.w));
    }
}
