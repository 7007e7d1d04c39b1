//! A case's exports: for every view its after-picture and before/after comparison, one plan
//! sheet (a first page with the whole head's numbers, then each view's own pages: its photo
//! with the outlines, its after-picture and what that photo shows) and one numbers file (the
//! whole head, then each view). Shared by `smp-preview export --case`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use image::RgbaImage;

use super::draw::{TextRun, with_text_recorded};
use super::page::{INK, MARGIN_MM, MUTED, PAGE_MM, WARNING, Writer, line_height_px, mm};
use super::{ExportError, compose, pdf, write_file, write_png};
use crate::core::case::{Case, WholeHead};
use crate::core::look::Age;
use crate::core::numbers::PlanNumbers;
use crate::core::plan::ShownSession;
use crate::export::CompareOptions;
use crate::export::headless::{Headless, HeadlessError};
use crate::io::photo::PhotoError;

/// Why a case's export stopped.
#[derive(Debug, thiserror::Error)]
pub enum CaseExportError {
    #[error(transparent)]
    Photo(#[from] PhotoError),
    #[error("view '{0}' names no photo")]
    NoPhoto(String),
    #[error(transparent)]
    Render(#[from] HeadlessError),
    #[error(transparent)]
    Write(#[from] ExportError),
}

/// What a case's export writes and how.
pub struct CaseExport<'a> {
    pub case: &'a Case,
    pub case_path: &'a Path,
    /// Shown in titles (the case file's name).
    pub title: &'a str,
    pub dir: &'a Path,
    pub compare_options: CompareOptions,
    pub clinic_logo: Option<Arc<RgbaImage>>,
    pub paper: pdf::Paper,
    pub age: Age,
}

/// The numbers file of a case: the whole head, then each view's own.
#[derive(serde::Serialize)]
struct CaseNumbers<'a> {
    whole_head: &'a WholeHead,
    views: Vec<ViewNumbers<'a>>,
}

#[derive(serde::Serialize)]
struct ViewNumbers<'a> {
    name: &'a str,
    numbers: PlanNumbers,
}

/// Writes `DIR/<view>-after.png` and `DIR/<view>-compare.png` for every view, then
/// `DIR/sheet.pdf` and `DIR/numbers.json`; returns the files written.
pub fn write_case_exports(export: &CaseExport) -> Result<Vec<PathBuf>, CaseExportError> {
    let case = export.case;
    let whole = case.whole_head();
    let mut written = Vec::new();
    // Each page goes into the PDF as it is drawn: a page's picture is ~35 MB at 300 dpi.
    let mut sheet = pdf::SheetPdf::new(super::page::SHEET_DPI / 72.0, export.paper)?;
    let (picture, text) = summary_page(export, &whole);
    sheet.add_page(&pdf::SheetPage { picture, text })?;
    let mut views = Vec::new();
    let mut headless = Headless::new()?;
    // The same physical impressions in every view (see `core::case::dots`).
    let every_view = case.every_view_impressions(ShownSession::Finished);
    for ((i, view), all) in case.views.iter().enumerate().zip(&every_view) {
        let plan = case.view_plan(i).plan;
        let path = case
            .photo_path(i, export.case_path)
            .ok_or_else(|| CaseExportError::NoPhoto(view.name.clone()))?;
        let photo = crate::io::photo::load_photo(&path)?;
        let after = headless.render(&plan, &photo, all, export.age)?;
        let after_path = export.dir.join(format!("{}-after.png", view.name));
        write_png(&after_path, &after)?;
        written.push(after_path);
        let mut options = export.compare_options.clone();
        options.detail_centre_px = super::outputs::area_centre(&plan);
        let compare_path = export.dir.join(format!("{}-compare.png", view.name));
        write_png(&compare_path, &compose(&photo, &after, &options).image)?;
        written.push(compare_path);
        let numbers = PlanNumbers::compute(&plan, all);
        let title = format!(
            "{} — {} view (this photo's own numbers)",
            export.title, view.name
        );
        let density = super::outputs::sheet_density(&plan);
        let inputs = super::page::SheetInputs {
            title: &title,
            plan: &plan,
            numbers: &numbers,
            photo: &photo,
            after: &after,
            density: &density,
            clinic: export.compare_options.clinic_name.as_deref(),
            logo: export.clinic_logo.as_deref(),
        };
        super::sheet::for_each_sheet_page_with_text(&inputs, |picture, text| {
            sheet.add_page(&pdf::SheetPage { picture, text })
        })?;
        views.push(ViewNumbers {
            name: &view.name,
            numbers,
        });
    }
    let sheet_path = export.dir.join("sheet.pdf");
    write_file(&sheet_path, &sheet.finish())?;
    written.push(sheet_path);
    let numbers_path = export.dir.join("numbers.json");
    let numbers = CaseNumbers {
        whole_head: &whole,
        views,
    };
    let json = serde_json::to_string_pretty(&numbers).map_err(|e| ExportError::Format {
        path: numbers_path.clone(),
        reason: format!("cannot write the numbers as JSON: {e}"),
    })?;
    write_file(&numbers_path, json.as_bytes())?;
    written.push(numbers_path);
    Ok(written)
}

/// The sheet's first page: the whole head's numbers, with what no photo covers and where two
/// views' fits disagree.
fn summary_page(export: &CaseExport, whole: &WholeHead) -> (RgbaImage, Vec<TextRun>) {
    with_text_recorded(|| {
        let mut page = super::sheet::blank_page();
        let mut w = Writer {
            page: &mut page,
            x: mm(MARGIN_MM),
            y: mm(MARGIN_MM),
        };
        summary_header(&mut w, export);
        summary_numbers(&mut w, export.case, whole);
        super::sheet::footer(&mut w, mm(PAGE_MM.1 - MARGIN_MM) - line_height_px(8.0));
        page
    })
}

fn summary_header(w: &mut Writer, export: &CaseExport) {
    let case = export.case;
    if let Some(clinic) = &export.compare_options.clinic_name {
        w.line(clinic, 11.0, MUTED);
    }
    let views: Vec<&str> = case.views.iter().map(|v| v.name.as_str()).collect();
    w.line(
        &format!("SMP plan — {}: the whole head", export.title),
        16.0,
        INK,
    );
    let patient = [
        case.settings
            .patient
            .as_deref()
            .map(|p| format!("Patient: {p}")),
        case.settings
            .consultation_date
            .as_deref()
            .map(|d| format!("Date: {d}")),
    ];
    let patient: Vec<String> = patient.into_iter().flatten().collect();
    if !patient.is_empty() {
        w.line(&patient.join("    "), 10.0, INK);
    }
    w.line(
        &format!("{} views: {}", views.len(), views.join(", ")),
        10.0,
        MUTED,
    );
    w.gap(4.0);
}

fn summary_numbers(w: &mut Writer, case: &Case, whole: &WholeHead) {
    w.line(
        &format!(
            "Treatment area on the scalp the photos cover: {:.1} cm² (each part counted once)",
            whole.treated_cm2
        ),
        11.0,
        INK,
    );
    if whole.not_covered_cm2 > 0.05 {
        w.line(
            &format!(
                "Not covered by any photo: {:.1} cm² of the treatment area — not counted below; \
                 add a photo of that part of the head",
                whole.not_covered_cm2
            ),
            10.0,
            WARNING,
        );
    }
    let columns = [0.0, 70.0, 110.0, 145.0];
    w.gap(3.0);
    let head = ["Region", "Area cm²", "Density /cm²", "Impressions"].map(String::from);
    w.row(&head, &columns, 9.0, MUTED);
    for r in &whole.regions {
        let cells = [
            r.name.clone(),
            format!("{:.1}", r.area_cm2),
            format!("{:.0}", r.planned_density_per_cm2),
            r.impressions.to_string(),
        ];
        w.row(&cells, &columns, 9.0, INK);
    }
    w.gap(3.0);
    let rate = case.settings.sessions.impressions_per_hour;
    w.line(
        &format!(
            "Impressions: {} in all, about {:.1} hours at {rate:.0} an hour",
            whole.impressions, whole.estimated_total_hours
        ),
        10.0,
        INK,
    );
    for (k, n) in whole.impressions_per_session.iter().enumerate() {
        w.line(&format!("Session {}: {n} impressions", k + 1), 9.0, INK);
    }
    w.gap(3.0);
    w.line("What each photo covers of the treatment area:", 9.0, MUTED);
    for (name, cm2) in &whole.per_view_cm2 {
        w.line(&format!("{name}: {cm2:.1} cm²"), 9.0, INK);
    }
    for d in &whole.disagreements {
        w.line(
            &format!(
                "The {} and {} photos' head outlines put the {} {:.0} mm apart: refit them",
                d.views[0], d.views[1], d.landmark, d.apart_mm
            ),
            9.0,
            WARNING,
        );
    }
    w.gap(3.0);
    w.line(
        "The pages that follow are each photo's own: its outlines, its after-picture and the \
         numbers of what that photo shows.",
        9.0,
        MUTED,
    );
}
