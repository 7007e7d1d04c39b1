//! Command line: the window by default, `render` for headless previews.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Args, Parser, Subcommand};
use image::RgbaImage;

use crate::gpu::{GpuContext, SceneRenderer, render_to_image};
use crate::plan::Plan;
use crate::sampling::{Impression, impressions_through};
use crate::scene::{SceneParams, ViewTransform};

/// Scalp micropigmentation preview: draw the plan on a patient's photo and see the impressions.
#[derive(Debug, Parser)]
#[command(name = "smp-preview", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Photo (JPEG, PNG, WebP, TIFF) or plan (.smp.json) to open in the window; the bundled sample if omitted.
    pub path: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render a preview to a PNG without opening a window (no display needed).
    Render(RenderArgs),
}

/// `smp-preview render`: with neither --plan nor --photo, the bundled sample is rendered.
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// Plan file (.smp.json); its photo path is relative to the plan file.
    #[arg(long, conflicts_with = "photo")]
    pub plan: Option<PathBuf>,
    /// Photo to treat as one whole treatment zone with no hairline (scale estimated unless --px-per-mm).
    #[arg(long)]
    pub photo: Option<PathBuf>,
    /// Target density in impressions per cm² (overrides the plan's base density; 0–400).
    #[arg(long, value_name = "PER_CM2")]
    pub density: Option<f32>,
    /// Healed dot diameter in millimetres (0.03–1.0; typical 0.1–0.25).
    #[arg(long = "dot-mm", value_name = "MM")]
    pub dot_mm: Option<f32>,
    /// Photo scale at the scalp in pixels per millimetre.
    #[arg(long = "px-per-mm", value_name = "PX_PER_MM")]
    pub px_per_mm: Option<f32>,
    /// Seed of the impression pattern (same plan + seed = same impressions).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Show the result after this session (1 = first; default: after the plan's last session).
    #[arg(long, value_name = "K")]
    pub session: Option<usize>,
    /// Output PNG, the photo's size.
    #[arg(long, value_name = "OUT.png")]
    pub out: PathBuf,
    /// Also write the impressions as CSV: x_px,y_px,diameter_px,diameter_mm,opacity,session (photo pixels).
    #[arg(long = "dots-out", value_name = "DOTS.csv")]
    pub dots_out: Option<PathBuf>,
}

/// A plan with its decoded photo, ready to render.
pub struct LoadedPlan {
    pub plan: Plan,
    pub photo: RgbaImage,
}

/// Loads what `render` was asked for: a plan, a bare photo, or the bundled sample.
pub fn load_inputs(plan: Option<&Path>, photo: Option<&Path>) -> anyhow::Result<LoadedPlan> {
    if let Some(plan_path) = plan {
        let plan = Plan::load(plan_path)?;
        let Some(photo_path) = plan.photo_path(plan_path) else {
            bail!("plan {} names no photo", plan_path.display());
        };
        let photo = crate::photo::load_photo(&photo_path)?;
        return Ok(LoadedPlan { plan, photo });
    }
    if let Some(photo_path) = photo {
        let photo = crate::photo::load_photo(photo_path)?;
        let mut plan = Plan::for_whole_photo(photo.width(), photo.height());
        plan.photo = Some(photo_path.to_owned());
        return Ok(LoadedPlan { plan, photo });
    }
    Ok(LoadedPlan {
        plan: crate::sample::sample_plan()?,
        photo: crate::sample::sample_photo()?,
    })
}

/// Applies the command-line overrides and re-validates.
fn apply_overrides(plan: &mut Plan, args: &RenderArgs) -> anyhow::Result<()> {
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
    plan.validate().context("invalid option")?;
    Ok(())
}

/// Renders `impressions` over `photo` at the photo's size on a headless GPU.
pub fn render_headless(
    plan: &Plan,
    photo: &RgbaImage,
    impressions: &[Impression],
) -> anyhow::Result<RgbaImage> {
    let ctx = GpuContext::headless()?;
    let mut renderer = SceneRenderer::new(&ctx.device, None);
    renderer.set_photo(&ctx.device, &ctx.queue, photo);
    renderer.set_impressions(&ctx.device, &ctx.queue, impressions);
    let params = SceneParams {
        view: ViewTransform::IDENTITY,
        target_size_px: glam::UVec2::new(photo.width(), photo.height()),
        split_x_px: f32::NEG_INFINITY,
        pigment_transmittance: crate::color::pigment_transmittance(plan.dilution_ratio),
    };
    Ok(render_to_image(&ctx, &renderer, &params)?)
}

/// `smp-preview render`.
pub fn render(args: &RenderArgs) -> anyhow::Result<()> {
    let LoadedPlan { mut plan, photo } = load_inputs(args.plan.as_deref(), args.photo.as_deref())?;
    apply_overrides(&mut plan, args)?;
    let sessions = plan.sessions.count();
    let through = match args.session {
        Some(k) if k == 0 || k > sessions => {
            bail!("--session {k}: the plan has sessions 1 to {sessions}")
        }
        Some(k) => k,
        None => sessions,
    };
    let impressions = impressions_through(&plan, through);
    let image = render_headless(&plan, &photo, &impressions)?;
    let mut png = Vec::new();
    image
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .context("encoding PNG")?;
    crate::plan::write_atomically(&args.out, &png)
        .with_context(|| format!("writing {}", args.out.display()))?;
    if let Some(csv_path) = &args.dots_out {
        let csv = dots_csv(&impressions, plan.px_per_mm);
        crate::plan::write_atomically(csv_path, csv.as_bytes())
            .with_context(|| format!("writing {}", csv_path.display()))?;
    }
    println!(
        "wrote {} ({}×{} px): {} impressions after session {through} of {sessions}, over {:.1} cm² at {:.2} px/mm{}",
        args.out.display(),
        image.width(),
        image.height(),
        impressions.len(),
        plan.area_cm2(),
        plan.px_per_mm,
        if plan.px_per_mm_is_estimate {
            " (estimated scale)"
        } else {
            ""
        }
    );
    Ok(())
}

/// The impressions as CSV, one per line after a header, in photo pixels.
pub fn dots_csv(impressions: &[Impression], px_per_mm: f32) -> String {
    let mut out = Vec::with_capacity(40 * (impressions.len() + 1));
    let _ = writeln!(out, "x_px,y_px,diameter_px,diameter_mm,opacity,session");
    for imp in impressions {
        let _ = writeln!(
            out,
            "{:.2},{:.2},{:.3},{:.4},{:.3},{}",
            imp.pos_px.x,
            imp.pos_px.y,
            imp.diameter_px,
            imp.diameter_px / px_per_mm,
            imp.opacity,
            imp.session
        );
    }
    String::from_utf8(out).unwrap_or_default()
}
