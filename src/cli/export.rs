//! `smp-preview export`: the after-picture, the before/after comparison, the plan sheet and
//! the numbers of one plan, rendered once and written atomically. The window's Export button
//! uses the same [`write_exports`].

use std::path::{Path, PathBuf};

use anyhow::bail;
use image::RgbaImage;

use super::{ExportArgs, Headless, LoadedPlan, load_inputs, session_to_show};
use crate::export::{
    CompareOptions, SheetInputs, compose, render_sheet, write_numbers, write_png, write_sheet,
};
use crate::look::Age;
use crate::numbers::{DensityGrid, PlanNumbers};
use crate::plan::Plan;
use crate::sampling::{DensityParams, FieldGeometry, impressions_through};

/// Cells across the longer side of the heat-map on the sheet.
const SHEET_HEAT_CELLS: usize = 160;

/// Which files to write; `None` skips one.
#[derive(Clone, Debug, Default)]
pub struct ExportTargets {
    pub after: Option<PathBuf>,
    pub compare: Option<PathBuf>,
    pub compare_options: CompareOptions,
    pub sheet: Option<PathBuf>,
    pub numbers: Option<PathBuf>,
    /// The after-picture and comparison show the result after this session (1-based).
    pub through_session: usize,
    /// How long after the session the pictures show the impressions.
    pub age: Age,
}

impl ExportTargets {
    /// The four files beside a plan file: `<stem>-after.png`, `-compare.png`, `-sheet.pdf`,
    /// `-numbers.csv`.
    pub fn beside(plan_path: &Path, through_session: usize) -> Self {
        let stem = super::render::plan_stem(plan_path);
        let file = |suffix: &str| Some(plan_path.with_file_name(format!("{stem}-{suffix}")));
        ExportTargets {
            after: file("after.png"),
            compare: file("compare.png"),
            compare_options: CompareOptions::default(),
            sheet: file("sheet.pdf"),
            numbers: file("numbers.csv"),
            through_session,
            age: Age::Healed,
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

/// `smp-preview export`.
pub fn export(args: &ExportArgs) -> anyhow::Result<()> {
    if args.after.is_none()
        && args.compare.is_none()
        && args.sheet.is_none()
        && args.numbers.is_none()
    {
        bail!("nothing to export: give --after, --compare, --sheet and/or --numbers");
    }
    check_extensions(args)?;
    let LoadedPlan { plan, photo } = load_inputs(args.plan.as_deref(), None)?;
    let inputs = super::input_files(args.plan.as_deref(), &plan, None);
    let targets = ExportTargets {
        after: args.after.clone(),
        compare: args.compare.clone(),
        compare_options: CompareOptions {
            layout: args.compare_layout,
            clinic_name: args.clinic.clone(),
            ..CompareOptions::default()
        },
        sheet: args.sheet.clone(),
        numbers: args.numbers.clone(),
        through_session: session_to_show(&plan, args.session)?,
        age: args.look.age()?,
    };
    let title = args
        .plan
        .as_deref()
        .map_or_else(|| "sample".to_owned(), super::render::plan_stem);
    crate::files::check_outputs(&inputs, &targets.outputs())?;
    for written in write_exports(&plan, &photo, &title, &targets)? {
        println!("wrote {}", written.display());
    }
    Ok(())
}

/// Writes every target of `targets` for `plan` over `photo`; returns the files written.
pub fn write_exports(
    plan: &Plan,
    photo: &RgbaImage,
    title: &str,
    targets: &ExportTargets,
) -> anyhow::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    let all = impressions_through(plan, 0);
    let numbers = PlanNumbers::compute(plan, &all);
    if let Some(path) = &targets.numbers {
        write_numbers(path, &numbers)?;
        written.push(path.clone());
    }
    if !targets.needs_render() {
        return Ok(written);
    }
    let mut headless = Headless::new()?;
    let last = plan.sessions.count();
    let through = targets.through_session.clamp(1, last);
    let after_all = headless.render(plan, photo, &all, targets.age)?;
    // An earlier session's picture only when asked for: a full-size copy is ~4 bytes a pixel.
    let after_earlier = (through != last)
        .then(|| {
            let shown = impressions_through(plan, through);
            headless.render(plan, photo, &shown, targets.age)
        })
        .transpose()?;
    let after = after_earlier.as_ref().unwrap_or(&after_all);
    if let Some(path) = &targets.after {
        write_png(path, after)?;
        written.push(path.clone());
    }
    if let Some(path) = &targets.compare {
        write_png(path, &compose(photo, after, &targets.compare_options).image)?;
        written.push(path.clone());
    }
    if let Some(path) = &targets.sheet {
        let geometry = FieldGeometry::from_plan(plan);
        let params = DensityParams::from_plan(plan);
        let density = DensityGrid::with_square_cells(&geometry, &params, SHEET_HEAT_CELLS);
        let sheet = render_sheet(&SheetInputs {
            title,
            plan,
            numbers: &numbers,
            photo,
            after: &after_all,
            density: &density,
        });
        write_sheet(path, &sheet)?;
        written.push(path.clone());
    }
    Ok(written)
}

/// Fails before any work when an output's extension is not one that can be written.
fn check_extensions(args: &ExportArgs) -> anyhow::Result<()> {
    let check = |path: &Option<PathBuf>, flag: &str, allowed: &[&str]| -> anyhow::Result<()> {
        if let Some(p) = path.as_deref() {
            let ext = crate::export::extension(p);
            if !allowed.contains(&ext.as_str()) {
                bail!(
                    "{flag} {}: must end in .{}",
                    p.display(),
                    allowed.join(" or .")
                );
            }
        }
        Ok(())
    };
    check(&args.after, "--after", &["png"])?;
    check(&args.compare, "--compare", &["png"])?;
    check(&args.sheet, "--sheet", &["pdf", "png"])?;
    check(&args.numbers, "--numbers", &["json", "csv"])
}
