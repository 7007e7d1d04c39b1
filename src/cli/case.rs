//! Cases on the command line: `case` makes one (a plan drawn on one photo, and more photos of
//! the same patient, each fitted with its head), `render --case` renders its views and
//! `export --case` writes every view's pictures, one sheet and one numbers file.

use std::path::{Path, PathBuf};

use super::{CaseArgs, CliError, ExportArgs, RenderArgs};
use crate::core::case::{Case, WholeHead};
use crate::core::head::{DEFAULT_FOCAL_MM_35, HeadView, fit_to_photo};
use crate::export::headless::Headless;
use crate::io::files::photo_reference;
use crate::io::inputs::{InputError, load_inputs};
use crate::io::plan_file::PlanFile;

/// `smp-preview case`.
pub fn make_case(args: &CaseArgs) -> Result<(), CliError> {
    let out_dir = absolute(args.out.parent().unwrap_or(Path::new("")));
    let mut case = match PlanFile::load(&args.plan).map_err(InputError::from)? {
        PlanFile::Case(case) => rebased_case(case, &args.plan, &out_dir),
        PlanFile::Plan(_) => first_view(args, &out_dir)?,
    };
    for added in &args.add {
        let (view, photo_path) = parse_added(added)?;
        let (photo, info) =
            crate::io::photo::load_photo_with_info(&photo_path).map_err(InputError::from)?;
        let focal = info.focal_mm_35.unwrap_or(DEFAULT_FOCAL_MM_35);
        let guess_px_per_mm = case.views[0].px_per_mm;
        let (head, _) = fit_to_photo(&photo, view, focal, guess_px_per_mm)
            .map_err(|e| CliError::usage(format!("--add {added}: {e}")))?;
        let name = case.free_view_name(view.name());
        let reference = photo_reference(&absolute(&photo_path), &out_dir);
        let k = case.add_view(&name, Some(reference), head);
        eprintln!(
            "view '{name}': {:.2} px/mm, set by the head's size",
            case.views[k].px_per_mm
        );
    }
    case.validate().map_err(CliError::InvalidOption)?;
    case.save(&args.out).map_err(InputError::from)?;
    println!(
        "wrote {} with {} views",
        args.out.display(),
        case.views.len()
    );
    print_whole_head(&case.whole_head());
    Ok(())
}

/// The one-view case of the plan in `--plan`, its head fitted first when it has none.
fn first_view(args: &CaseArgs, out_dir: &Path) -> Result<Case, CliError> {
    let loaded = load_inputs(Some(&args.plan), None)?;
    let mut plan = loaded.plan;
    if plan.head.is_none() || args.head.view.is_some() {
        if args.head.view.is_none() {
            return Err(CliError::usage(
                "the plan has no head model: give --view (the view its photo shows)",
            ));
        }
        args.head
            .apply(&mut plan, &loaded.photo, loaded.photo_info.focal_mm_35)?;
    }
    if let Some(photo) = plan.photo_path(&args.plan) {
        plan.photo = Some(photo_reference(&absolute(&photo), out_dir));
    }
    let name = plan.head.map_or("front", |h| h.view.name());
    Case::from_plan(&plan, name).ok_or_else(|| CliError::usage("the plan has no head model"))
}

/// A case read from `path`, its photos referred to from `out_dir` instead.
fn rebased_case(mut case: Case, path: &Path, out_dir: &Path) -> Case {
    for i in 0..case.views.len() {
        let photo = case
            .photo_path(i, path)
            .map(|p| photo_reference(&absolute(&p), out_dir));
        case.views[i].photo = photo;
    }
    case
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_owned())
}

/// `VIEW=PHOTO`, as `--add` takes it.
fn parse_added(text: &str) -> Result<(HeadView, PathBuf), CliError> {
    let (view, photo) = text
        .split_once('=')
        .ok_or_else(|| CliError::usage(format!("--add {text}: VIEW=PHOTO, e.g. top=IMG_2.jpg")))?;
    let view = super::parse_view(view).map_err(|e| CliError::usage(format!("--add: {e}")))?;
    Ok((view, PathBuf::from(photo)))
}

fn print_whole_head(whole: &WholeHead) {
    println!(
        "whole head: {:.1} cm² of scalp treated (counted once), {} impressions, about {:.1} h",
        whole.treated_cm2, whole.impressions, whole.estimated_total_hours
    );
    if whole.not_covered_cm2 > 0.05 {
        println!(
            "not covered by any photo: {:.1} cm² of the treatment area (not counted)",
            whole.not_covered_cm2
        );
    }
    for d in &whole.disagreements {
        println!(
            "warning: the {} and {} photos' head outlines put the {} {:.0} mm apart; refit them",
            d.views[0], d.views[1], d.landmark, d.apart_mm
        );
    }
}

/// `smp-preview render --case`: one view to `--out`, or every view into `--out-dir`.
pub fn render_case(args: &RenderArgs, case_path: &Path) -> Result<(), CliError> {
    let case = Case::load(case_path).map_err(InputError::from)?;
    let chosen: Vec<usize> = match (&args.view_name, &args.out_dir) {
        (Some(name), _) => vec![view_named(&case, name)?],
        (None, Some(_)) => (0..case.views.len()).collect(),
        (None, None) => {
            return Err(CliError::usage(
                "--case with --out needs --view-name NAME (or --out-dir DIR for every view)",
            ));
        }
    };
    if let Some(dir) = &args.out_dir {
        std::fs::create_dir_all(dir).map_err(|cause| CliError::CreateDir {
            path: dir.to_owned(),
            cause,
        })?;
    }
    let mut headless = None;
    // The same physical impressions in every view: every view sampled once, for all of them.
    let mut every_view: Option<Vec<Vec<crate::core::sampling::Impression>>> = None;
    for i in chosen {
        let view = &case.views[i];
        let out = match (&args.out_dir, &args.out) {
            (Some(dir), _) => dir.join(format!("{}.png", view.name)),
            (None, Some(out)) => out.clone(),
            (None, None) => return Err(CliError::usage("--out OUT.png is needed")),
        };
        let plan = case.view_plan(i).plan;
        let photo_path = case
            .photo_path(i, case_path)
            .ok_or_else(|| CliError::usage(format!("view '{}' names no photo", view.name)))?;
        let photo = crate::io::photo::load_photo(&photo_path).map_err(InputError::from)?;
        let shown = super::session_to_show(&plan, args.session)?;
        let every_view = every_view.get_or_insert_with(|| case.every_view_impressions(shown));
        let impressions = every_view.get(i).map_or(&[][..], Vec::as_slice);
        let age = args.look.age()?;
        Headless::get(&mut headless)?.render_to_png(&plan, &photo, impressions, &out, age)?;
        println!(
            "wrote {} (view '{}'): {} impressions",
            out.display(),
            view.name,
            impressions.len()
        );
    }
    Ok(())
}

fn view_named(case: &Case, name: &str) -> Result<usize, CliError> {
    case.view_index(name).ok_or_else(|| {
        let names: Vec<&str> = case.views.iter().map(|v| v.name.as_str()).collect();
        CliError::usage(format!(
            "--view-name {name}: the case's views are {}",
            names.join(", ")
        ))
    })
}

/// `smp-preview export --case CASE --out-dir DIR`.
pub fn export_case(args: &ExportArgs, case_path: &Path) -> Result<(), CliError> {
    let dir = args
        .out_dir
        .as_deref()
        .ok_or_else(|| CliError::usage("--case exports into a folder: give --out-dir DIR"))?;
    let case = Case::load(case_path).map_err(InputError::from)?;
    std::fs::create_dir_all(dir).map_err(|cause| CliError::CreateDir {
        path: dir.to_owned(),
        cause,
    })?;
    let logo = match &args.clinic_logo {
        Some(path) => Some(std::sync::Arc::new(
            crate::io::photo::load_photo(path).map_err(InputError::from)?,
        )),
        None => None,
    };
    let title = crate::io::files::plan_stem(case_path);
    let export = crate::export::case_export::CaseExport {
        case: &case,
        case_path,
        title: &title,
        dir,
        compare_options: crate::export::CompareOptions {
            layout: args.compare_layout,
            clinic_name: args.clinic.clone(),
            ..Default::default()
        },
        clinic_logo: logo,
        paper: args.paper,
        age: args.look.age()?,
    };
    for written in crate::export::case_export::write_case_exports(&export)? {
        println!("wrote {}", written.display());
    }
    print_whole_head(&case.whole_head());
    Ok(())
}
