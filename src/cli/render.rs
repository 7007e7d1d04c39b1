//! `smp-preview render`: one plan, photo or the sample to a PNG; or a batch of plans into a
//! folder with a progress line per plan.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::{CliError, RenderArgs, session_to_show};
use crate::core::plan::Plan;
use crate::core::sampling::{Impression, impressions_through};
use crate::error_line::one_line;
use crate::export::headless::Headless;
use crate::io::files::plan_stem;
use crate::io::inputs::{LoadedPlan, input_files, load_inputs};

/// `smp-preview render`.
pub fn render(args: &RenderArgs) -> Result<(), CliError> {
    if let Some(case) = &args.case {
        return super::case::render_case(args, case);
    }
    match (&args.out_dir, args.plan.len()) {
        (Some(dir), _) => render_batch(args, dir),
        (None, n) if n > 1 => Err(CliError::usage(
            "several --plan need --out-dir DIR (one PNG per plan)",
        )),
        (None, _) => {
            let out = args
                .out
                .as_deref()
                .ok_or_else(|| CliError::usage("--out OUT.png is needed"))?;
            if crate::export::extension(out) != "png" {
                return Err(CliError::usage(format!(
                    "--out {}: the picture is written as PNG, so end it in .png",
                    out.display()
                )));
            }
            let mut headless = None;
            let summary = render_one(
                &mut headless,
                args,
                args.plan.first().map(PathBuf::as_path),
                out,
            )?;
            println!("{summary}");
            Ok(())
        }
    }
}

/// Renders every plan into `dir`, keeping on after a failure; fails at the end if any did.
fn render_batch(args: &RenderArgs, dir: &Path) -> Result<(), CliError> {
    if args.plan.is_empty() {
        return Err(CliError::usage(
            "--out-dir renders plans: give one or more --plan",
        ));
    }
    let outputs = batch_outputs(&args.plan, dir)?;
    std::fs::create_dir_all(dir).map_err(|cause| CliError::CreateDir {
        path: dir.to_owned(),
        cause,
    })?;
    let mut headless = None;
    let total = args.plan.len();
    let mut failed = 0;
    for (i, (plan, out)) in args.plan.iter().zip(&outputs).enumerate() {
        let started = Instant::now();
        match render_one(&mut headless, args, Some(plan), out) {
            Ok(summary) => eprintln!(
                "[{}/{total}] {summary} in {:.1} s",
                i + 1,
                started.elapsed().as_secs_f32()
            ),
            Err(error) => {
                failed += 1;
                eprintln!(
                    "[{}/{total}] {}: error: {}",
                    i + 1,
                    plan.display(),
                    one_line(&error)
                );
            }
        }
    }
    if failed > 0 {
        return Err(CliError::BatchFailed { failed, total });
    }
    println!("rendered {total} plans into {}", dir.display());
    Ok(())
}

/// `DIR/<plan name>.png` for each plan; refuses two plans that would write the same file.
pub fn batch_outputs(plans: &[PathBuf], dir: &Path) -> Result<Vec<PathBuf>, CliError> {
    let mut seen = HashSet::new();
    plans
        .iter()
        .map(|plan| {
            let out = dir.join(format!("{}.png", plan_stem(plan)));
            if !seen.insert(out.clone()) {
                return Err(CliError::usage(format!(
                    "two plans would both write {}; rename one",
                    out.display()
                )));
            }
            Ok(out)
        })
        .collect()
}

/// Renders one plan (or the photo / sample of `args`) to `out`; returns a one-line summary.
fn render_one(
    headless: &mut Option<Headless>,
    args: &RenderArgs,
    plan_path: Option<&Path>,
    out: &Path,
) -> Result<String, CliError> {
    let LoadedPlan {
        mut plan,
        photo,
        photo_info,
    } = load_inputs(plan_path, args.photo.as_deref())?;
    let inputs = input_files(plan_path, &plan, args.photo.as_deref());
    let outputs: Vec<&Path> = std::iter::once(out)
        .chain(args.dots_out.as_deref())
        .collect();
    crate::io::files::check_outputs(&inputs, &outputs)?;
    apply_overrides(&mut plan, args)?;
    args.head.apply(&mut plan, &photo, photo_info.focal_mm_35)?;
    args.matching.apply(&mut plan, &photo)?;
    let shown = session_to_show(&plan, args.session)?;
    let through = shown.number(plan.sessions.count());
    let impressions = impressions_through(&plan, shown);
    let age = args.look.age()?;
    Headless::get(headless)?.render_to_png(&plan, &photo, &impressions, out, age)?;
    let (width, height) = photo.dimensions();
    drop(photo);
    if let Some(csv_path) = &args.dots_out {
        let csv = dots_csv(&impressions, plan.px_per_mm, plan.head_model().as_ref());
        crate::export::write_file(csv_path, csv.as_bytes())?;
    }
    Ok(format!(
        "wrote {} ({}×{} px): {} impressions after session {through} of {}, over {} at {:.2} px/mm{}",
        out.display(),
        width,
        height,
        impressions.len(),
        plan.sessions.count(),
        area_text(&plan),
        plan.px_per_mm,
        if plan.px_per_mm_is_estimate {
            " (estimated scale)"
        } else {
            ""
        }
    ))
}

/// The treated area: of the scalp where a head model is fitted (with the photo's flat area
/// beside it), else the photo's, said to be projected.
fn area_text(plan: &Plan) -> String {
    let projected = plan.area_cm2();
    match crate::core::numbers::scalp_area_cm2(plan) {
        Some(surface) => format!("{surface:.1} cm² of scalp ({projected:.1} cm² projected)"),
        None => format!("{projected:.1} cm² (projected: no head model)"),
    }
}

/// Applies the command-line overrides and re-validates.
fn apply_overrides(plan: &mut Plan, args: &RenderArgs) -> Result<(), CliError> {
    if let Some(d) = args.density {
        plan.density_per_cm2 = d;
    }
    if let Some(mm) = args.dot_mm {
        plan.dot_diameter_mm = mm;
    }
    if let Some(k) = args.px_per_mm {
        plan.px_per_mm = k;
        plan.px_per_mm_is_estimate = false;
    }
    if let Some(seed) = args.seed {
        plan.seed = seed;
    }
    plan.validate().map_err(CliError::InvalidOption)
}

/// The impressions as CSV, one per line after a header, in photo pixels; with a head model,
/// also each impression's point on the fitted scalp in the head's frame, mm.
pub fn dots_csv(
    impressions: &[Impression],
    px_per_mm: f32,
    head: Option<&crate::core::head::HeadModel>,
) -> String {
    let mut out = Vec::with_capacity(60 * (impressions.len() + 1));
    let surface_columns = if head.is_some() {
        ",surface_x_mm,surface_y_mm,surface_z_mm"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "x_px,y_px,diameter_px,diameter_mm,opacity,session{surface_columns}"
    );
    for imp in impressions {
        let _ = write!(
            out,
            "{:.2},{:.2},{:.3},{:.4},{:.3},{}",
            imp.pos_px.x,
            imp.pos_px.y,
            imp.diameter_px,
            imp.diameter_px / px_per_mm,
            imp.opacity,
            imp.session
        );
        if let Some(head) = head {
            match head.hit(imp.pos_px) {
                Some(h) => {
                    let p = h.point_mm;
                    let _ = write!(out, ",{:.2},{:.2},{:.2}", p.x, p.y, p.z);
                }
                None => {
                    let _ = write!(out, ",,,");
                }
            }
        }
        let _ = writeln!(out);
    }
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_outputs_are_named_after_plans_and_never_collide() {
        let dir = Path::new("out");
        let plans = [
            PathBuf::from("a/Smith.smp.json"),
            PathBuf::from("b/jones.json"),
        ];
        let outs = batch_outputs(&plans, dir).expect("distinct");
        assert_eq!(outs, vec![dir.join("Smith.png"), dir.join("jones.png")]);
        let clash = [PathBuf::from("a/x.smp.json"), PathBuf::from("b/x.smp.json")];
        assert!(batch_outputs(&clash, dir).is_err());
        assert_eq!(plan_stem(Path::new("plan")), "plan");
    }
}
