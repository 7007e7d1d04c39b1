//! The real window under Xvfb, driven with xdotool: it opens the sample, shows the panel and
//! the preview, and the picture changes when the split handle is dragged, a slider moved, the
//! heat-map shown, Space held, and the side-by-side view chosen.
//! Needs `xvfb-run`, ImageMagick's `import` and `xdotool` (installed by `.ci/run`); without them
//! the test fails under CI and is skipped elsewhere.

use std::path::Path;
use std::process::Command;

use image::RgbaImage;

fn tools_present() -> bool {
    ["xvfb-run", "import", "xdotool"].iter().all(|t| {
        Command::new("sh")
            .args(["-c", &format!("command -v {t}")])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// Mean absolute difference of the green channel over a rectangle.
fn region_diff(a: &RgbaImage, b: &RgbaImage, (x0, y0, x1, y1): (u32, u32, u32, u32)) -> f64 {
    let mut sum = 0u64;
    for y in y0..y1 {
        for x in x0..x1 {
            sum += u64::from(a.get_pixel(x, y)[1].abs_diff(b.get_pixel(x, y)[1]));
        }
    }
    sum as f64 / f64::from((x1 - x0) * (y1 - y0))
}

fn std_dev(img: &RgbaImage, (x0, y0, x1, y1): (u32, u32, u32, u32)) -> f64 {
    let values: Vec<f64> = (y0..y1)
        .flat_map(|y| (x0..x1).map(move |x| (x, y)))
        .map(|(x, y)| f64::from(img.get_pixel(x, y)[1]))
        .collect();
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / values.len() as f64).sqrt()
}

/// A copy of the bundled scalp-with-fringe sample (whose layout the regions below follow) in
/// `dir`, to open by its path.
fn fringe_sample_copy(dir: &Path) -> std::path::PathBuf {
    let assets = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
    for name in ["sample.smp.json", "sample_scalp.jpg"] {
        std::fs::copy(assets.join(name), dir.join(name)).unwrap();
    }
    dir.join("sample.smp.json")
}

#[test]
fn window_opens_and_reacts_to_split_drag_and_slider() {
    if !tools_present() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must provide xvfb-run, import and xdotool"
        );
        eprintln!("skipping: xvfb-run, import or xdotool missing");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let shot = |name: &str| dir.path().join(name);
    let script = format!(
        "{bin} {plan} >{log} 2>&1 & app=$!; sleep 10; import -window root {a}; \
         xdotool mousemove 780 400 mousedown 1 sleep 0.3 mousemove 900 400 sleep 0.3 mousemove 1010 400 sleep 0.3 mouseup 1; sleep 3; \
         import -window root {b}; xdotool mousemove 100 166 sleep 0.3 mousedown 1 sleep 0.3 mouseup 1; sleep 3; import -window root {c}; \
         xdotool windowfocus $(xdotool search --name smp-preview | head -1); sleep 0.3; xdotool mousemove 640 700 key h; sleep 3; import -window root {d}; \
         xdotool key h; sleep 1; xdotool keydown space; sleep 3; import -window root {e}; xdotool keyup space; \
         sleep 1; xdotool key s; sleep 3; import -window root {f}; kill $app",
        bin = env!("CARGO_BIN_EXE_smp-preview"),
        plan = fringe_sample_copy(dir.path()).display(),
        log = shot("app.log").display(),
        a = shot("a.png").display(),
        b = shot("b.png").display(),
        c = shot("c.png").display(),
        d = shot("d.png").display(),
        e = shot("e.png").display(),
        f = shot("f.png").display(),
    );
    let status = Command::new("xvfb-run")
        .args(["-a", "-s", "-screen 0 1280x800x24", "sh", "-c", &script])
        .env("XDG_RUNTIME_DIR", dir.path())
        .env("SMP_PREVIEW_RECOVERY_DIR", dir.path().join("recovery"))
        .status()
        .unwrap();
    assert!(status.success());
    let log = std::fs::read_to_string(shot("app.log")).unwrap_or_default();
    let load = |name: &str| {
        image::open(shot(name))
            .unwrap_or_else(|e| panic!("{name}: {e}; app log:\n{log}"))
            .to_rgba8()
    };
    let (a, b, c) = (load("a.png"), load("b.png"), load("c.png"));
    let (d, e, f) = (load("d.png"), load("e.png"), load("f.png"));
    let keep = |img: &RgbaImage, name: &str| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("window-{name}"));
        let _ = img.save(out);
    };
    keep(&a, "a.png");
    keep(&b, "b.png");
    keep(&c, "c.png");
    keep(&d, "d.png");
    keep(&e, "e.png");
    keep(&f, "f.png");
    assert!(!log.contains("panicked"), "{log}");
    // Panel (text on dark grey) and preview (shaded skin) are both there, not blank.
    assert!(std_dev(&a, (0, 0, 270, 400)) > 10.0, "panel looks blank");
    assert!(
        std_dev(&a, (300, 50, 1270, 780)) > 10.0,
        "preview looks blank"
    );
    // Dragging the split from the middle to x≈1010 turns 790..1000 into "before": it changes.
    let split_change = region_diff(&a, &b, (790, 120, 1000, 330));
    let elsewhere = region_diff(&a, &b, (300, 120, 760, 330));
    println!("split drag: changed {split_change:.3}, elsewhere {elsewhere:.3}");
    assert!(
        split_change > 0.2 && split_change > 5.0 * elsewhere,
        "split drag did not change the picture"
    );
    // Clicking the density slider near its right end adds impressions on the "after" side.
    let slider_change = region_diff(&b, &c, (1020, 120, 1250, 330));
    println!("density slider: changed {slider_change:.3}");
    assert!(
        slider_change > 0.2,
        "density slider did not change the picture"
    );
    // H lays the density heat-map over the treated area (both sides of the split).
    let heat_change = region_diff(&c, &d, (500, 150, 1000, 300));
    println!("heat-map: changed {heat_change:.3}");
    assert!(heat_change > 0.2, "H did not show the density map");
    // Holding Space shows "before" everywhere: the impressions right of the split go.
    let hold_change = region_diff(&c, &e, (1020, 120, 1250, 330));
    let left_change = region_diff(&c, &e, (300, 120, 760, 330));
    println!("hold Space: right changed {hold_change:.3}, left {left_change:.3}");
    assert!(
        hold_change > 0.2 && hold_change > 5.0 * left_change,
        "holding Space did not show the photo before"
    );
    // S shows before (left) and after (right) side by side through the same view: the two
    // panes match on the backdrop and differ where the impressions are.
    let pane_width = 500;
    let dotted = shifted_diff(&f, (400, 230, 700, 400), pane_width);
    let backdrop = shifted_diff(&f, (285, 210, 335, 330), pane_width);
    println!("side by side: panes differ {dotted:.3} on the scalp, {backdrop:.3} on the backdrop");
    assert!(
        dotted > 0.3 && dotted > 5.0 * backdrop,
        "side by side does not show before and after of the same view"
    );
}

/// Mean absolute green difference between a rectangle and the same rectangle `dx` to the right.
fn shifted_diff(img: &RgbaImage, (x0, y0, x1, y1): (u32, u32, u32, u32), dx: u32) -> f64 {
    let mut sum = 0u64;
    for y in y0..y1 {
        for x in x0..x1 {
            sum += u64::from(img.get_pixel(x, y)[1].abs_diff(img.get_pixel(x + dx, y)[1]));
        }
    }
    sum as f64 / f64::from((x1 - x0) * (y1 - y0))
}
