//! The `smp-preview` binary end to end: render the sample, CSV consistency, errors and help.

use crate::common;
use smp_preview::io::sample::Sample;

use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_smp-preview"))
}

#[test]
fn renders_the_sample_with_a_darker_treated_area_and_consistent_csv() {
    let dir = tempfile::tempdir().unwrap();
    let (png, csv) = (dir.path().join("x.png"), dir.path().join("d.csv"));
    let out = bin()
        .args(["render", "--plan"])
        .arg(common::fringe_sample_plan_path())
        .arg("--out")
        .arg(&png)
        .arg("--dots-out")
        .arg(&csv)
        .output()
        .unwrap();
    if !common::gpu_ok(&out, "render") {
        return;
    }
    let rendered = image::open(&png).unwrap().to_rgba8();
    let photo = Sample::Fringe.photo().unwrap();
    assert_eq!(rendered.dimensions(), photo.dimensions());
    let plan = Sample::Fringe.plan().unwrap();
    // Mean luminance over a block inside the treated area (beyond the fade) drops; outside it doesn't.
    let mean = |img: &image::RgbaImage, x0: u32, y0: u32| {
        let mut s = 0u64;
        for y in y0..y0 + 60 {
            for x in x0..x0 + 60 {
                s += u64::from(img.get_pixel(x, y)[1]);
            }
        }
        s as f64 / 3600.0
    };
    let (inside, outside) = ((770, 250), (770, 900));
    assert!(mean(&rendered, inside.0, inside.1) < mean(&photo, inside.0, inside.1) - 2.0);
    assert!(
        (mean(&rendered, outside.0, outside.1) - mean(&photo, outside.0, outside.1)).abs() < 0.01
    );

    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines = text.lines();
    assert!(lines.next().unwrap().starts_with("x_px,y_px,diameter_px"));
    let rows: Vec<Vec<f32>> = lines
        .map(|l| l.split(',').map(|v| v.parse().unwrap()).collect())
        .collect();
    // The fade and zone make the exact count plan-specific; bounds: between the count at the
    // base density over the area outside the 18 mm fade and at the highest density over all.
    let area = plan.area_cm2();
    let max = area
        * plan
            .zones
            .iter()
            .map(|z| z.density_per_cm2)
            .fold(plan.density_per_cm2, f32::max);
    assert!((rows.len() as f32) < max, "{} rows > {max}", rows.len());
    assert!(
        (rows.len() as f32) > 0.6 * area * plan.density_per_cm2,
        "{} rows",
        rows.len()
    );
    for row in &rows {
        assert!(
            row[0] >= 0.0 && row[0] < 1600.0 && row[1] >= 0.0 && row[1] < 1200.0 && row[2] > 0.0
        );
    }
}

#[test]
fn csv_count_matches_density_times_area_for_a_uniform_photo() {
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("flat skin é.png");
    common::write_flat_photo(&photo, 400, 300);
    let (png, csv) = (dir.path().join("o.png"), dir.path().join("d.csv"));
    let out = bin()
        .args(["render", "--photo"])
        .arg(&photo)
        .args([
            "--density",
            "100",
            "--px-per-mm",
            "5",
            "--dot-mm",
            "0.3",
            "--seed",
            "9",
            "--out",
        ])
        .arg(&png)
        .arg("--dots-out")
        .arg(&csv)
        .output()
        .unwrap();
    if !common::gpu_ok(&out, "render") {
        return;
    }
    let rows = std::fs::read_to_string(&csv).unwrap().lines().count() - 1;
    let expected = (400.0 / 5.0) * (300.0 / 5.0) / 100.0 * 100.0; // 48 cm² × 100/cm²
    assert!(
        (rows as f32 / expected - 1.0).abs() < 0.1,
        "{rows} rows vs {expected}"
    );
}

#[test]
fn errors_are_one_line_and_non_zero() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<Vec<std::ffi::OsString>> = vec![
        vec![
            "render".into(),
            "--photo".into(),
            "/no/such/photo.jpg".into(),
            "--out".into(),
            dir.path().join("a.png").into(),
        ],
        vec![
            "render".into(),
            "--plan".into(),
            "/no/such/plan.json".into(),
            "--out".into(),
            dir.path().join("b.png").into(),
        ],
        vec![
            "render".into(),
            "--density".into(),
            "9000".into(),
            "--out".into(),
            dir.path().join("c.png").into(),
        ],
    ];
    for args in cases {
        let out = bin().args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?} succeeded");
        assert!(!stderr.contains("panicked"), "{stderr}");
        let error_lines: Vec<_> = stderr.lines().filter(|l| l.contains("error")).collect();
        assert_eq!(error_lines.len(), 1, "{args:?}: {stderr}");
        // The cause appears once, not again as a separate link of the error chain.
        assert!(stderr.matches("No such file").count() <= 1, "{stderr}");
    }
    let garbage = dir.path().join("garbage.jpg");
    std::fs::write(&garbage, b"\xff\xd8\xff garbage").unwrap();
    let out = bin()
        .args(["render", "--photo"])
        .arg(&garbage)
        .arg("--out")
        .arg(dir.path().join("g.png"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read photo"));
}

#[test]
fn help_explains_flags_with_units() {
    let out = bin().args(["render", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "--density",
        "per cm²",
        "--dot-mm",
        "millimetres",
        "--px-per-mm",
        "--seed",
        "--dots-out",
        "--photo",
        "--plan",
    ] {
        assert!(
            help.contains(needle),
            "render --help lacks {needle}:\n{help}"
        );
    }
    let out = bin().arg("--help").output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("render"));
}

#[test]
fn fresh_is_darker_and_faded_lighter_than_healed() {
    let dir = tempfile::tempdir().unwrap();
    let render = |name: &str, extra: &[&str]| -> Option<image::RgbaImage> {
        let png = dir.path().join(name);
        let out = bin()
            .args(["render", "--plan"])
            .arg(common::fringe_sample_plan_path())
            .arg("--out")
            .arg(&png)
            .args(extra)
            .output()
            .unwrap();
        if !common::gpu_ok(&out, name) {
            return None;
        }
        Some(image::open(&png).unwrap().to_rgba8())
    };
    let (Some(fresh), Some(healed), Some(faded)) = (
        render("fresh.png", &["--fresh"]),
        render("healed.png", &[]),
        render("faded.png", &["--age-years", "8"]),
    ) else {
        return;
    };
    // Mean green over a treated block of the sample, beyond the hairline fade.
    let mean = |img: &image::RgbaImage| {
        let mut sum = 0u64;
        for y in 250..310 {
            for x in 770..830 {
                sum += u64::from(img.get_pixel(x, y)[1]);
            }
        }
        sum as f64 / 3600.0
    };
    let (f, h, a) = (mean(&fresh), mean(&healed), mean(&faded));
    println!("mean green: fresh {f:.2}, healed {h:.2}, faded 8 y {a:.2}");
    assert!(
        f < h - 0.3 && h < a - 0.3,
        "fresh {f}, healed {h}, faded {a}"
    );
    let out = bin()
        .args(["render", "--fresh", "--age-years", "2", "--out", "x.png"])
        .output()
        .unwrap();
    assert!(!out.status.success(), "--fresh and --age-years conflict");
    let out = bin()
        .args(["render", "--age-years", "40", "--out"])
        .arg(dir.path().join("y.png"))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("0 to 15"));
}

/// Runs the binary with `args`; returns (success, stderr).
fn run(args: &[&std::ffi::OsStr]) -> (bool, String) {
    let out = bin().args(args).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// No output may be written over the patient's photo, the plan, or another output: each is
/// refused with one line before anything is written, and the inputs stay byte for byte.
#[test]
fn outputs_never_overwrite_the_photo_the_plan_or_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("head.png");
    common::write_flat_photo(&photo, 200, 150);
    let mut plan = smp_preview::core::plan::Plan::for_whole_photo(200, 150);
    plan.photo = Some("head.png".into());
    let plan_path = dir.path().join("head.smp.json");
    plan.save(&plan_path).unwrap();
    let (photo_bytes, plan_bytes) = (
        std::fs::read(&photo).unwrap(),
        std::fs::read(&plan_path).unwrap(),
    );
    let p = |path: &std::path::Path| path.as_os_str().to_owned();
    let s = |text: &str| std::ffi::OsString::from(text);
    let other = dir.path().join("other.png");
    let cases: Vec<(Vec<std::ffi::OsString>, &str)> = vec![
        (
            vec![s("render"), s("--photo"), p(&photo), s("--out"), p(&photo)],
            "is an input",
        ),
        (
            vec![
                s("render"),
                s("--plan"),
                p(&plan_path),
                s("--out"),
                p(&other),
                s("--dots-out"),
                p(&plan_path),
            ],
            "is an input",
        ),
        (
            vec![
                s("render"),
                s("--plan"),
                p(&plan_path),
                s("--out"),
                p(&other),
                s("--dots-out"),
                p(&other),
            ],
            "two outputs",
        ),
        (
            vec![
                s("render"),
                s("--plan"),
                p(&plan_path),
                s("--out"),
                p(&dir.path().join("after.jpg")),
            ],
            "end it in .png",
        ),
        (
            vec![
                s("render"),
                s("--plan"),
                p(&plan_path),
                s("--out-dir"),
                p(dir.path()),
            ],
            "is an input",
        ),
        (
            vec![
                s("export"),
                s("--plan"),
                p(&plan_path),
                s("--after"),
                p(&photo),
            ],
            "is an input",
        ),
        (
            vec![
                s("export"),
                s("--plan"),
                p(&plan_path),
                s("--after"),
                p(&other),
                s("--compare"),
                p(&other),
            ],
            "two outputs",
        ),
    ];
    for (args, expected) in cases {
        let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_os_str()).collect();
        let (ok, stderr) = run(&args);
        assert!(!ok && stderr.contains(expected), "{args:?}: {stderr}");
        assert_eq!(
            std::fs::read(&photo).unwrap(),
            photo_bytes,
            "{args:?} changed the photo"
        );
        assert_eq!(
            std::fs::read(&plan_path).unwrap(),
            plan_bytes,
            "{args:?} changed the plan"
        );
        assert!(!other.exists(), "{args:?} wrote an output");
    }
}

/// A negative number is a value, so the message gives the range rather than clap's
/// "unexpected argument '-5'".
#[test]
fn a_negative_density_is_explained_by_its_range() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.png");
    let (ok, stderr) = run(&[
        "render".as_ref(),
        "--density".as_ref(),
        "-5".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert!(
        !ok && stderr.contains("must be between 0 and 400"),
        "{stderr}"
    );
    assert!(!out.exists());
}
