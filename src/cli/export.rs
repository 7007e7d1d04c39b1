//! `smp-preview export`: the after-picture, the before/after comparison, the plan sheet and
//! the numbers of one plan, written by [`write_exports`] as the window's Export button does.

use std::path::PathBuf;

use super::{CliError, ExportArgs, session_to_show};
use crate::export::CompareOptions;
use crate::export::outputs::{ExportTargets, write_exports};
use crate::io::inputs::{LoadedPlan, load_inputs};

/// `smp-preview export`.
pub fn export(args: &ExportArgs) -> Result<(), CliError> {
    if let Some(case) = &args.case {
        return super::case::export_case(args, case);
    }
    if args.after.is_none()
        && args.compare.is_none()
        && args.sheet.is_none()
        && args.numbers.is_none()
    {
        return Err(CliError::usage(
            "nothing to export: give --after, --compare, --sheet and/or --numbers",
        ));
    }
    check_extensions(args)?;
    let LoadedPlan {
        mut plan,
        photo,
        photo_info,
    } = load_inputs(args.plan.as_deref(), None)?;
    args.head.apply(&mut plan, &photo, photo_info.focal_mm_35)?;
    args.matching.apply(&mut plan, &photo)?;
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
        shown_session: session_to_show(&plan, args.session)?,
        age: args.look.age()?,
        paper: args.paper,
        progress: Default::default(),
        clinic_logo: match &args.clinic_logo {
            Some(path) => Some(std::sync::Arc::new(
                crate::io::photo::load_photo(path).map_err(crate::io::inputs::InputError::from)?,
            )),
            None => None,
        },
    };
    for written in write_exports(&plan, args.plan.as_deref(), &photo, &targets)? {
        println!("wrote {}", written.display());
    }
    Ok(())
}

/// Fails before any work when an output's extension is not one that can be written.
fn check_extensions(args: &ExportArgs) -> Result<(), CliError> {
    let check = |path: &Option<PathBuf>, flag: &str, allowed: &[&str]| {
        let Some(p) = path.as_deref() else {
            return Ok(());
        };
        let ext = crate::export::extension(p);
        if allowed.contains(&ext.as_str()) {
            return Ok(());
        }
        Err(CliError::usage(format!(
            "{flag} {}: must end in .{}",
            p.display(),
            allowed.join(" or .")
        )))
    };
    check(&args.after, "--after", &["png"])?;
    check(&args.compare, "--compare", &["png"])?;
    check(&args.sheet, "--sheet", &["pdf", "png"])?;
    check(&args.numbers, "--numbers", &["json", "csv"])
}
