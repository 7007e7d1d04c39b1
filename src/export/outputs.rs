//! One plan's exported files: which to write ([`ExportTargets`]: the after-picture, the
//! before/after comparison, the plan sheet and the numbers) and writing them, rendered once
//! and each written atomically; a failure names the files already written. Shared by
//! `smp-preview export` and the window's Export button.

use std::path::{Path, PathBuf};

use image::RgbaImage;

use crate::core::look::Age;
use crate::core::numbers::{DensityGrid, PlanNumbers};
use crate::core::plan::{Plan, ShownSession};
use crate::core::sampling::{DensityParams, FieldGeometry, impressions_through};
use crate::export::headless::{Headless, HeadlessError};
use crate::export::{
    CompareOptions, ExportError, SheetInputs, compose, write_numbers, write_png, write_sheet,
};
use crate::io::files::{OutputClash, check_outputs, plan_stem};
use crate::io::inputs::input_files;

/// Cells across the longer side of the heat-map on the sheet.
const SHEET_HEAT_CELLS: usize = 160;

/// What stopped an export.
#[derive(Debug, thiserror::Error)]
pub enum ExportFilesError {
    #[error(transparent)]
    Outputs(#[from] OutputClash),
    #[error(transparent)]
    Render(#[from] HeadlessError),
    #[error(transparent)]
    Write(#[from] ExportError),
    #[error(transparent)]
    Cancelled(#[from] super::progress::Cancelled),
}

/// An export that stopped, and the files it had written by then: they stay, each one whole,
/// and the message names them so that nobody takes them for the complete set.
#[derive(Debug, thiserror::Error)]
#[error("{cause}{}", written_before(.written))]
pub struct ExportFailed {
    // In the message, not a `source`, so that a chain printed with `{:#}` shows it once.
    pub cause: ExportFilesError,
    pub written: Vec<PathBuf>,
}

fn written_before(written: &[PathBuf]) -> String {
    if written.is_empty() {
        return String::new();
    }
    let names: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
    format!(" (written before it stopped: {})", names.join(", "))
}

/// Which files to write; `None` skips one.
#[derive(Clone, Debug, Default)]
pub struct ExportTargets {
    pub after: Option<PathBuf>,
    pub compare: Option<PathBuf>,
    pub compare_options: CompareOptions,
    pub sheet: Option<PathBuf>,
    pub numbers: Option<PathBuf>,
    /// The session whose result the after-picture and comparison show.
    pub shown_session: ShownSession,
    /// How long after the session the pictures show the impressions.
    pub age: Age,
    /// The paper the PDF sheet is set on.
    pub paper: super::pdf::Paper,
    /// The clinic's logo for the sheet.
    pub clinic_logo: Option<std::sync::Arc<RgbaImage>>,
    /// Where the export reports its steps and is asked to stop.
    pub progress: std::sync::Arc<super::progress::ExportProgress>,
}

impl ExportTargets {
    /// The four files beside a plan file: `<stem>-after.png`, `-compare.png`, `-sheet.pdf`,
    /// `-numbers.csv`.
    pub fn beside(plan_path: &Path, shown_session: ShownSession) -> Self {
        let stem = crate::io::files::plan_stem(plan_path);
        let file = |suffix: &str| Some(plan_path.with_file_name(format!("{stem}-{suffix}")));
        ExportTargets {
            after: file("after.png"),
            compare: file("compare.png"),
            compare_options: CompareOptions::default(),
            sheet: file("sheet.pdf"),
            numbers: file("numbers.csv"),
            shown_session,
            age: Age::Healed,
            paper: super::pdf::Paper::default(),
            clinic_logo: None,
            progress: Default::default(),
        }
    }

    /// The files to be written.
    pub fn outputs(&self) -> Vec<&Path> {
        [&self.after, &self.compare, &self.sheet, &self.numbers]
            .into_iter()
            .filter_map(|p| p.as_deref())
            .collect()
    }

    fn needs_render(&self) -> bool {
        self.after.is_some() || self.compare.is_some() || self.sheet.is_some()
    }
}

/// Writes every target of `targets` for `plan` (saved at `plan_path`; `None` for the sample)
/// over `photo`; returns the files written. Before anything is written, a target that would
/// land on the plan or its photo, or on another target, stops the export.
pub fn write_exports(
    plan: &Plan,
    plan_path: Option<&Path>,
    photo: &RgbaImage,
    targets: &ExportTargets,
) -> Result<Vec<PathBuf>, ExportFailed> {
    let failed = |cause| ExportFailed {
        cause,
        written: Vec::new(),
    };
    let inputs = input_files(plan_path, plan, None);
    check_outputs(&inputs, &targets.outputs()).map_err(|e| failed(e.into()))?;
    let title = plan_path.map_or_else(|| "sample".to_owned(), plan_stem);
    let mut written = Vec::new();
    match write_each(plan, photo, &title, targets, &mut written) {
        Ok(()) => Ok(written),
        Err(cause) => Err(ExportFailed { cause, written }),
    }
}

/// Writes the targets in order (numbers first: they need no render), adding each file to
/// `written` once it is complete.
fn write_each(
    plan: &Plan,
    photo: &RgbaImage,
    title: &str,
    targets: &ExportTargets,
    written: &mut Vec<PathBuf>,
) -> Result<(), ExportFilesError> {
    let progress = &targets.progress;
    let renders = usize::from(targets.needs_render());
    progress.start(targets.outputs().len() + renders);
    progress.check()?;
    // Each file counts once whole; the export stops, if asked to, before the next step.
    let wrote = |path: &PathBuf, written: &mut Vec<PathBuf>| {
        written.push(path.clone());
        progress.step_done();
    };
    let all = impressions_through(plan, ShownSession::Finished);
    let numbers = PlanNumbers::compute(plan, &all);
    if let Some(path) = &targets.numbers {
        write_numbers(path, &numbers)?;
        wrote(path, written);
    }
    if !targets.needs_render() {
        return Ok(());
    }
    progress.check()?;
    let mut headless = Headless::new()?;
    let after_all = headless.render(plan, photo, &all, targets.age)?;
    let after_earlier = earlier_session_picture(&mut headless, plan, photo, targets)?;
    let after = after_earlier.as_ref().unwrap_or(&after_all);
    progress.step_done();
    if let Some(path) = &targets.after {
        progress.check()?;
        write_png(path, after)?;
        wrote(path, written);
    }
    if let Some(path) = &targets.compare {
        progress.check()?;
        let mut options = targets.compare_options.clone();
        // The 100 % detail shows the middle of the treatment area unless told otherwise.
        options.detail_centre_px = options.detail_centre_px.or(area_centre(plan));
        write_png(path, &compose(photo, after, &options).image)?;
        wrote(path, written);
    }
    if let Some(path) = &targets.sheet {
        progress.check()?;
        let pictures = (photo, &after_all);
        write_plan_sheet(path, plan, title, &numbers, pictures, targets)?;
        wrote(path, written);
    }
    Ok(())
}

/// The after-picture of an earlier session than the last, rendered only when one is asked
/// for: a full-size picture is ~4 bytes a pixel.
fn earlier_session_picture(
    headless: &mut Headless,
    plan: &Plan,
    photo: &RgbaImage,
    targets: &ExportTargets,
) -> Result<Option<RgbaImage>, HeadlessError> {
    let shown = targets.shown_session.within(plan.sessions.count());
    if shown == ShownSession::Finished {
        return Ok(None);
    }
    let shown = impressions_through(plan, shown);
    headless.render(plan, photo, &shown, targets.age).map(Some)
}

/// The middle of the treatment area, where the comparison's 100 % detail looks (none when
/// the area's centroid falls outside it).
pub(super) fn area_centre(plan: &Plan) -> Option<glam::Vec2> {
    crate::core::geometry::polygon_centroid(&plan.area)
        .filter(|&c| crate::core::geometry::polygon_contains(&plan.area, c))
}

/// The planned-density heat-map the plan sheet shows.
pub(super) fn sheet_density(plan: &Plan) -> DensityGrid {
    let geometry = FieldGeometry::from_plan(plan);
    let params = DensityParams::from_plan(plan);
    DensityGrid::with_square_cells(&geometry, &params, SHEET_HEAT_CELLS)
}

/// The printable plan sheet, with the density heat-map, at `path` (PDF or PNG).
fn write_plan_sheet(
    path: &Path,
    plan: &Plan,
    title: &str,
    numbers: &PlanNumbers,
    (photo, after): (&RgbaImage, &RgbaImage),
    targets: &ExportTargets,
) -> Result<(), ExportError> {
    let density = sheet_density(plan);
    let inputs = SheetInputs {
        title,
        plan,
        numbers,
        photo,
        after,
        density: &density,
        clinic: targets.compare_options.clinic_name.as_deref(),
        logo: targets.clinic_logo.as_deref(),
    };
    write_sheet(path, &inputs, targets.paper)
}
