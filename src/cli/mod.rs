//! Command line: the window by default, `render` for headless previews (one plan or a batch),
//! `export` for the patient's pictures and the artist's sheet and numbers.

mod case;
mod export;
mod render;

mod error;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::core::look::{Age, MAX_FADED_YEARS};
use crate::core::plan::{Plan, ShownSession};
use crate::export::CompareLayout;

pub use case::make_case;
pub use error::CliError;
pub use export::export;
pub use render::{dots_csv, render};

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
    /// Render previews to PNG without opening a window (no display needed).
    Render(RenderArgs),
    /// Write a plan's after-picture, before/after comparison, plan sheet and numbers.
    Export(ExportArgs),
    /// Make a case: a plan drawn on one photo, plus more photos of the same patient from other
    /// views, sharing one plan on the head (areas and totals then cover the whole head).
    Case(CaseArgs),
}

/// `smp-preview case --plan PLAN --add VIEW=PHOTO … --out CASE.smp.json`.
#[derive(Debug, Args)]
pub struct CaseArgs {
    /// The plan drawn on the first photo (.smp.json), or a case to add views to.
    #[arg(long)]
    pub plan: PathBuf,
    /// Another photo of the same patient and the view it shows (top, front, left, right, back,
    /// three-quarter, free:AZ,EL), e.g. `top=IMG_2.jpg`; its head is fitted to its outline
    /// (against a plain background) and its scale set by the head's size. Repeat it.
    #[arg(long, value_name = "VIEW=PHOTO")]
    pub add: Vec<String>,
    /// The case file to write (.smp.json).
    #[arg(long, value_name = "CASE.smp.json")]
    pub out: PathBuf,
    #[command(flatten)]
    pub head: HeadArgs,
}

/// `smp-preview render`: with neither --plan nor --photo, the bundled sample is rendered.
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// Plan file (.smp.json); its photo path is relative to the plan file. Repeat it, with
    /// --out-dir, to render several plans in one run.
    #[arg(long, conflicts_with = "photo")]
    pub plan: Vec<PathBuf>,
    /// A case (several views of one patient, see `smp-preview case`): renders the view
    /// --view-name to --out, or every view into --out-dir (one PNG per view, named after it).
    #[arg(long, value_name = "CASE.smp.json", conflicts_with_all = ["plan", "photo", "dots_out"])]
    pub case: Option<PathBuf>,
    /// With --case: the view to render (its name in the case, e.g. front or top).
    #[arg(long = "view-name", value_name = "NAME", requires = "case")]
    pub view_name: Option<String>,
    /// Photo to treat as one whole treatment zone with no hairline (scale estimated unless --px-per-mm).
    #[arg(long)]
    pub photo: Option<PathBuf>,
    /// Target density in impressions per cm² (overrides the plan's base density; 0–400).
    // Negative values parse, so that validation explains the range (not "unexpected argument").
    #[arg(long, value_name = "PER_CM2", allow_negative_numbers = true)]
    pub density: Option<f32>,
    /// Healed dot diameter in millimetres (0.03–1.0; typical 0.1–0.25).
    #[arg(long = "dot-mm", value_name = "MM", allow_negative_numbers = true)]
    pub dot_mm: Option<f32>,
    /// Photo scale at the scalp in pixels per millimetre.
    #[arg(
        long = "px-per-mm",
        value_name = "PX_PER_MM",
        allow_negative_numbers = true
    )]
    pub px_per_mm: Option<f32>,
    /// Seed of the impression pattern (same plan + seed = same impressions).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Show the result after this session (1 = first; default: after the plan's last session).
    #[arg(long, value_name = "K")]
    pub session: Option<usize>,
    /// Output PNG, the photo's size.
    #[arg(
        long,
        value_name = "OUT.png",
        required_unless_present = "out_dir",
        conflicts_with = "out_dir"
    )]
    pub out: Option<PathBuf>,
    /// Folder for the outputs of a batch: each plan's PNG is named after the plan file.
    #[arg(long = "out-dir", value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Also write the impressions as CSV: x_px,y_px,diameter_px,diameter_mm,opacity,session (photo pixels).
    #[arg(long = "dots-out", value_name = "DOTS.csv", conflicts_with = "out_dir")]
    pub dots_out: Option<PathBuf>,
    #[command(flatten)]
    pub look: LookArgs,
    #[command(flatten)]
    pub matching: MatchArgs,
    #[command(flatten)]
    pub head: HeadArgs,
}

/// Fitting a head model to the photo, so that areas and densities are the scalp's.
#[derive(Debug, Args)]
pub struct HeadArgs {
    /// The photo's view (top, front, left, right, back, three-quarter, or free:AZ,EL in
    /// degrees round from the front towards the patient's left and above level): fits a head model to
    /// the head's outline (found against a plain background), for a plan without one or a
    /// --photo. Areas, impressions and hours are then the scalp's, not the flat photo's.
    #[arg(long, value_name = "VIEW", value_parser = parse_view)]
    pub view: Option<crate::core::head::HeadView>,
    /// The camera's 35 mm-equivalent focal length, mm (default: the photo's EXIF, else 26, a
    /// phone's main camera).
    #[arg(long = "focal-mm-35", value_name = "MM", allow_negative_numbers = true)]
    pub focal_mm_35: Option<f32>,
}

impl HeadArgs {
    /// Fits the head model asked for, and says on stderr what it found. `exif_focal_mm_35` is
    /// what the photo's EXIF says, if anything.
    pub fn apply(
        &self,
        plan: &mut Plan,
        photo: &image::RgbaImage,
        exif_focal_mm_35: Option<f32>,
    ) -> Result<(), CliError> {
        use crate::core::head::DEFAULT_FOCAL_MM_35;
        let Some(view) = self.view else {
            return match self.focal_mm_35 {
                Some(_) => Err(CliError::usage("--focal-mm-35 needs --view")),
                None => Ok(()),
            };
        };
        let (focal, source) = match (self.focal_mm_35, exif_focal_mm_35) {
            (Some(f), _) => (f, "--focal-mm-35"),
            (None, Some(f)) => (f, "the photo's EXIF"),
            (None, None) => (DEFAULT_FOCAL_MM_35, "default"),
        };
        let (head, outline) =
            crate::core::head::fit_to_photo(photo, view, focal, plan.px_per_mm)
                .map_err(|e| CliError::usage(format!("--view {}: {e}", view.name())))?;
        let [ax, ay, az] = head.semi_axes_mm;
        eprintln!(
            "head model: {} view, outline centre {:.0},{:.0} px, radii {:.0}×{:.0} px; head \
             {:.0}×{:.0}×{:.0} mm (semi-axes), {:.0} mm from the camera, f = {focal} mm (35 mm \
             eq., {source})",
            view.name(),
            outline.0.x,
            outline.0.y,
            outline.1.x,
            outline.1.y,
            ax,
            ay,
            az,
            head.distance_mm
        );
        plan.set_head(Some(head));
        plan.validate().map_err(CliError::InvalidOption)
    }
}

fn parse_paper(text: &str) -> Result<crate::export::pdf::Paper, String> {
    match text.to_ascii_lowercase().as_str() {
        "a4" => Ok(crate::export::pdf::Paper::A4),
        "letter" => Ok(crate::export::pdf::Paper::Letter),
        _ => Err(format!("'{text}': a4 or letter")),
    }
}

/// A view's name as `--view` takes it, or `free:AZ,EL` (degrees round from the front
/// towards the patient's left, and above level).
fn parse_view(text: &str) -> Result<crate::core::head::HeadView, String> {
    use crate::core::head::HeadView;
    if let Some(angles) = text.strip_prefix("free:") {
        let parsed = angles.split_once(',').and_then(|(a, e)| {
            let (a, e) = (a.trim().parse::<i16>().ok()?, e.trim().parse::<i16>().ok()?);
            ((-180..=180).contains(&a) && (-90..=90).contains(&e)).then_some((a, e))
        });
        return parsed
            .map(|(azimuth_deg, elevation_deg)| HeadView::Free {
                azimuth_deg,
                elevation_deg,
            })
            .ok_or_else(|| {
                format!("'{text}': free:AZ,EL with AZ in -180..180 and EL in -90..90 degrees")
            });
    }
    HeadView::ALL
        .into_iter()
        .find(|v| v.name() == text)
        .ok_or_else(|| {
            let names: Vec<&str> = HeadView::ALL.iter().map(|v| v.name()).collect();
            format!("'{text}': one of {}, or free:AZ,EL", names.join(", "))
        })
}

/// Matching the shade to the patient's own shaved fringe before rendering.
#[derive(Debug, Args)]
pub struct MatchArgs {
    /// Match the treated area's shade to the shaved fringe inside this rectangle of the photo
    /// (pixels: left, top, width, height): sets dilution, density and dot size, and says on
    /// stderr what it chose.
    #[arg(long = "match-stubble", value_name = "X,Y,W,H", value_parser = parse_rect)]
    pub match_stubble: Option<[f32; 4]>,
}

impl MatchArgs {
    /// Applies the match to `plan` (measured on `photo`), if one was asked for, and tells
    /// stderr what it chose.
    pub fn apply(&self, plan: &mut Plan, photo: &image::RgbaImage) -> Result<(), CliError> {
        let Some([x, y, w, h]) = self.match_stubble else {
            return Ok(());
        };
        let (min, max) = (glam::Vec2::new(x, y), glam::Vec2::new(x + w, y + h));
        let fringe = crate::render::tone::measure_fringe(photo, min, max).ok_or_else(|| {
            CliError::usage(format!(
                "--match-stubble {x},{y},{w},{h}: the rectangle holds too little of the photo"
            ))
        })?;
        let skin = crate::core::color::mean_skin_linear(photo, &plan.area).ok_or_else(|| {
            CliError::usage("--match-stubble: the treatment area holds none of the photo")
        })?;
        let proposal = crate::render::tone::propose_stubble_match(plan, fringe, skin);
        proposal.apply_to(plan);
        eprintln!("match stubble: {}", proposal.summary());
        plan.validate().map_err(CliError::InvalidOption)
    }
}

/// `X,Y,W,H` in photo pixels, with a positive width and height.
fn parse_rect(text: &str) -> Result<[f32; 4], String> {
    let values: Vec<f32> = text
        .split(',')
        .map(|v| v.trim().parse::<f32>())
        .collect::<Result<_, _>>()
        .map_err(|_| format!("'{text}': give four numbers X,Y,W,H (photo pixels)"))?;
    match values[..] {
        [x, y, w, h] if [x, y, w, h].iter().all(|v| v.is_finite()) && w > 0.0 && h > 0.0 => {
            Ok([x, y, w, h])
        }
        _ => Err(format!(
            "'{text}': give four numbers X,Y,W,H (photo pixels) with a positive width and height"
        )),
    }
}

/// When the impressions are shown: healed (default), fresh, or faded after some years.
#[derive(Debug, Args)]
pub struct LookArgs {
    /// Show the impressions as in the first days after a session (darker and sharper).
    #[arg(long, conflicts_with = "age_years")]
    pub fresh: bool,
    /// Show the impressions faded this many years after healing (lighter, softer, cooler; 0–15).
    #[arg(long = "age-years", value_name = "YEARS")]
    pub age_years: Option<f32>,
}

impl LookArgs {
    pub fn age(&self) -> Result<Age, CliError> {
        match self.age_years {
            _ if self.fresh => Ok(Age::Fresh),
            Some(y) if !(0.0..=MAX_FADED_YEARS).contains(&y) => Err(CliError::usage(format!(
                "--age-years {y}: give 0 to {MAX_FADED_YEARS} years"
            ))),
            Some(y) => Ok(Age::faded(y)),
            None => Ok(Age::Healed),
        }
    }
}

/// `smp-preview export`: with no --plan, the bundled sample is exported.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Plan file (.smp.json).
    #[arg(long, conflicts_with = "case")]
    pub plan: Option<PathBuf>,
    /// A case (several views of one patient): writes into --out-dir every view's after and
    /// compare pictures (`<view>-after.png`, `<view>-compare.png`), one sheet (`sheet.pdf`:
    /// the whole head's numbers, then each view) and one numbers file (`numbers.json`).
    #[arg(long, value_name = "CASE.smp.json", conflicts_with_all = ["after", "compare", "sheet", "numbers"])]
    pub case: Option<PathBuf>,
    /// The folder a --case export writes into.
    #[arg(long = "out-dir", value_name = "DIR", requires = "case")]
    pub out_dir: Option<PathBuf>,
    /// Full-resolution "after" picture (PNG, the photo's size).
    #[arg(long, value_name = "A.png")]
    pub after: Option<PathBuf>,
    /// Before/after comparison with labels and the caption "Simulation — actual results vary" (PNG).
    #[arg(long, value_name = "C.png")]
    pub compare: Option<PathBuf>,
    /// How the comparison is laid out.
    #[arg(long = "compare-layout", value_enum, default_value_t = CompareLayout::SideBySide)]
    pub compare_layout: CompareLayout,
    /// Clinic name printed under the comparison and at the head of the plan sheet.
    #[arg(long, value_name = "NAME")]
    pub clinic: Option<String>,
    /// Printable plan sheet: A4 as PNG at 300 dpi, or as a one-page PDF with real text.
    #[arg(long, value_name = "S.pdf|S.png")]
    pub sheet: Option<PathBuf>,
    /// The clinic's logo (a picture file) at the top right of the plan sheet.
    #[arg(long = "clinic-logo", value_name = "FILE")]
    pub clinic_logo: Option<PathBuf>,
    /// The PDF sheet's paper: a4 (default) or letter.
    #[arg(long, value_name = "a4|letter", value_parser = parse_paper, default_value = "a4")]
    pub paper: crate::export::pdf::Paper,
    /// The plan's numbers per zone and session, as JSON or CSV.
    #[arg(long, value_name = "N.json|N.csv")]
    pub numbers: Option<PathBuf>,
    /// Show the after-picture and comparison after this session (default: the last).
    #[arg(long, value_name = "K")]
    pub session: Option<usize>,
    #[command(flatten)]
    pub look: LookArgs,
    #[command(flatten)]
    pub matching: MatchArgs,
    #[command(flatten)]
    pub head: HeadArgs,
}

/// The session to show: `requested` (1-based) checked against the plan, or the last.
fn session_to_show(plan: &Plan, requested: Option<usize>) -> Result<ShownSession, CliError> {
    let sessions = plan.sessions.count();
    match requested {
        Some(k) if k == 0 || k > sessions => Err(CliError::usage(format!(
            "--session {k}: the plan has sessions 1 to {sessions}"
        ))),
        Some(k) => Ok(ShownSession::after(k, sessions)),
        None => Ok(ShownSession::Finished),
    }
}
