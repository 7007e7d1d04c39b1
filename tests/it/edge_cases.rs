//! Degenerate plans and interrupted writes: nothing panics, nothing is half-written.

use crate::common;

use std::process::Command;
use std::time::Duration;

use glam::Vec2;
use smp_preview::core::numbers::PlanNumbers;
use smp_preview::core::plan::MAX_DENSITY_PER_CM2;
use smp_preview::core::sampling::impressions_for;

#[test]
fn degenerate_areas_and_extreme_densities_place_sensible_impressions() {
    // A zero-area outline (collinear points), a one-pixel triangle, zero and maximum density.
    let mut flat = common::square_plan(50.0, 4.0, 100.0);
    flat.area = vec![Vec2::ZERO, Vec2::new(100.0, 0.0), Vec2::new(200.0, 0.0)];
    assert!(impressions_for(&flat).is_empty());
    let numbers = PlanNumbers::compute(&flat, &[]);
    assert_eq!(
        (numbers.treated_area_cm2, numbers.mean_density_per_cm2),
        (0.0, 0.0)
    );

    let mut pixel = common::square_plan(50.0, 4.0, 400.0);
    pixel.area = vec![
        Vec2::new(10.0, 10.0),
        Vec2::new(11.0, 10.0),
        Vec2::new(10.0, 11.0),
    ];
    assert!(impressions_for(&pixel).len() <= 1);

    let none = common::square_plan(50.0, 4.0, 0.0);
    assert!(impressions_for(&none).is_empty());

    let full = common::square_plan(50.0, 4.0, MAX_DENSITY_PER_CM2);
    let expected = 25.0 * MAX_DENSITY_PER_CM2;
    let placed = impressions_for(&full).len() as f32;
    assert!(
        (placed / expected - 1.0).abs() < 0.05,
        "{placed} vs {expected}"
    );
    let numbers = PlanNumbers::compute(&full, &impressions_for(&full));
    assert!(numbers.mean_density_per_cm2.is_finite());
    assert!(
        numbers
            .sessions
            .iter()
            .all(|s| s.estimated_hours.is_finite())
    );
}

/// Killed while the new PNG is being written (its temporary file has data), the render leaves
/// the previous output as it was.
#[test]
fn killing_a_render_midway_leaves_the_previous_output_whole() {
    let dir = tempfile::tempdir().unwrap();
    // Large enough that writing the output takes a while (48 MP, streamed in bands).
    let photo = dir.path().join("big.png");
    common::write_flat_photo(&photo, 8000, 6000);
    let out = dir.path().join("out.png");
    common::write_flat_photo(&out, 8, 8);
    let before = std::fs::read(&out).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_smp-preview"))
        .args(["render", "--photo"])
        .arg(&photo)
        .args(["--px-per-mm", "20", "--out"])
        .arg(&out)
        .spawn()
        .unwrap();
    // Its temporary: `.out.png.{pid}.{n}.tmp`.
    let prefix = format!(".out.png.{}.", child.id());
    let temporaries = |dir: &std::path::Path| -> Vec<std::path::PathBuf> {
        std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.file_name().is_some_and(|n| {
                    let n = n.to_string_lossy();
                    n.starts_with(".out.png.") && n.ends_with(".tmp")
                })
            })
            .collect()
    };
    let writing = || {
        temporaries(dir.path()).iter().any(|t| {
            t.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(&prefix))
                && std::fs::metadata(t).is_ok_and(|m| m.len() > 0)
        })
    };
    let started = std::time::Instant::now();
    while !writing() && child.try_wait().unwrap().is_none() && started.elapsed().as_secs() < 120 {
        std::thread::sleep(Duration::from_millis(5));
    }
    let caught_writing = writing();
    let finished_early = child.try_wait().unwrap().is_some();
    let _ = child.kill();
    let status = child.wait().unwrap();
    assert!(
        caught_writing && !finished_early && !status.success(),
        "the render was not killed while writing (writing seen: {caught_writing}, ended: {finished_early})"
    );
    assert_eq!(
        std::fs::read(&out).unwrap(),
        before,
        "the previous output was changed"
    );
    // The killed render's temporary goes at the next write of that output.
    let small = dir.path().join("small.png");
    common::write_flat_photo(&small, 64, 48);
    let again = Command::new(env!("CARGO_BIN_EXE_smp-preview"))
        .args(["render", "--photo"])
        .arg(&small)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    if common::gpu_ok(&again, "render") {
        assert!(
            temporaries(dir.path()).is_empty(),
            "{:?}",
            temporaries(dir.path())
        );
    }
}

/// A lost GPU device (here: destroyed) is noticed, and rendering with it reports an error
/// instead of panicking. Another device (the window's, while an export's is lost) is not
/// taken for lost.
#[test]
fn a_lost_device_is_reported_and_rendering_fails_cleanly() {
    let Some(ctx) = common::gpu() else { return };
    let Some(other) = common::gpu() else { return };
    let mut renderer = smp_preview::render::gpu::SceneRenderer::new(&ctx.device, None);
    let photo = image::RgbaImage::from_pixel(32, 32, image::Rgba([200, 160, 140, 255]));
    renderer.set_photo(&ctx.device, &ctx.queue, &photo);
    assert!(!ctx.lost.is_lost());
    ctx.device.destroy();
    let _ = ctx.device.poll(wgpu::PollType::wait_indefinitely());
    assert!(ctx.lost.is_lost(), "the device-lost callback ran");
    let _ = other.device.poll(wgpu::PollType::wait_indefinitely());
    assert!(!other.lost.is_lost(), "only the destroyed device is lost");
    let params = smp_preview::render::scene::SceneParams {
        view: smp_preview::render::scene::ViewTransform::IDENTITY,
        target_size_px: glam::UVec2::new(32, 32),
        split_x_px: f32::NEG_INFINITY,
        optics: smp_preview::core::optics::DotOptics::sharp([0.5; 3]),
    };
    let rendered = smp_preview::render::gpu::render_to_image(&ctx, &renderer, &params);
    assert!(rendered.is_err(), "a dead device cannot have rendered");
}

/// Runs `f` on another thread; `None` if it has not returned within `limit` (it hangs).
fn within<T: Send + 'static>(limit: Duration, f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(limit).ok()
}

/// A plan or photo path that names a device, a pipe or a folder is refused with one line,
/// at once: `/dev/zero` panicked the decoder and a FIFO waited forever for a writer.
#[test]
fn devices_pipes_and_folders_are_refused_as_photos_and_plans() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("p.jpg");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    let mut paths = vec![dir.path().to_path_buf()];
    if std::path::Path::new("/dev/zero").exists() {
        paths.push("/dev/zero".into());
    }
    if made {
        paths.push(fifo.clone());
    }
    for path in paths {
        let p = path.clone();
        let photo = within(Duration::from_secs(10), move || {
            smp_preview::io::photo::load_photo(&p)
                .map(|_| ())
                .map_err(|e| e.to_string())
        })
        .unwrap_or_else(|| panic!("loading {} as a photo hangs", path.display()));
        let message = photo.expect_err("refused");
        assert!(
            message.contains("not a regular file") || message.contains("a folder"),
            "{message}"
        );
        let p = path.clone();
        let plan = within(Duration::from_secs(10), move || {
            smp_preview::core::plan::Plan::load(&p)
                .map(|_| ())
                .map_err(|e| format!("{e:#}"))
        })
        .unwrap_or_else(|| panic!("loading {} as a plan hangs", path.display()));
        assert!(plan.is_err(), "{}", path.display());
    }
}

/// Windows Notepad saves UTF-8 with a byte-order mark: such a plan opens.
#[test]
fn a_plan_with_a_byte_order_mark_opens() {
    let plan = common::square_plan(20.0, 8.0, 100.0);
    let json = format!("\u{feff}{}", plan.to_json().unwrap());
    assert_eq!(
        smp_preview::core::plan::Plan::from_json(&json).unwrap(),
        plan
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notepad.smp.json");
    std::fs::write(&path, json.as_bytes()).unwrap();
    assert_eq!(smp_preview::core::plan::Plan::load(&path).unwrap(), plan);
}
