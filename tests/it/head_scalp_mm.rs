//! With a head model, lengths the consultant gives are the scalp's: the ruler, the hairline
//! fade and the brush are measured on the fitted surface, not on the flat photo. Checked on
//! a synthetic sphere against great-circle distances; and the view may be any direction.

use glam::Vec2;
use smp_preview::core::head::{HeadModel, HeadView};
use smp_preview::core::plan::{Hairline, Plan, Ruler};
use smp_preview::core::sampling::FieldGeometry;

const SIZE: Vec2 = Vec2::new(1600.0, 1200.0);
const RADIUS_MM: f32 = 85.0;

fn sphere(view: HeadView) -> HeadModel {
    HeadModel {
        view,
        focal_mm_35: 26.0,
        image_size_px: SIZE,
        centre_px: SIZE * 0.5,
        distance_mm: 420.0,
        semi_axes_mm: [RADIUS_MM; 3],
    }
}

/// The great-circle distance on the sphere between what pixels `a` and `b` see, mm.
fn arc_mm(head: &HeadModel, a: Vec2, b: Vec2) -> f32 {
    let (ha, hb) = (head.hit(a).unwrap(), head.hit(b).unwrap());
    RADIUS_MM * ha.normal.dot(hb.normal).clamp(-1.0, 1.0).acos()
}

fn plan_with(head: HeadModel, px_per_mm: f32) -> Plan {
    let mut plan = Plan::for_whole_photo(SIZE.x as u32, SIZE.y as u32);
    plan.px_per_mm = px_per_mm;
    plan.px_per_mm_is_estimate = false;
    plan.set_head(Some(head));
    plan
}

#[test]
fn a_ruler_over_the_heads_curve_is_read_along_the_scalp() {
    let truth = sphere(HeadView::Top);
    let true_scale = truth.px_per_mm();
    let (c, r_px) = (truth.outline_px().0, truth.outline_px().1.x);
    // From the crown to 85 % of the way to the outline, where the scalp turns away ~60°.
    let (a, b) = (c, c + Vec2::new(0.85 * r_px, 0.0));
    let length_mm = arc_mm(&truth, a, b);
    // The head fitted before the ruler, at a guessed scale 25 % off.
    let mut plan = plan_with(truth.at_scale(0.75 * true_scale), 0.75 * true_scale);
    plan.ruler = Some(Ruler {
        points: [a, b],
        length_mm,
        confirmed: true,
    });
    let flat = plan.ruler.as_ref().unwrap().scale_px_per_mm().unwrap();
    let on_scalp = plan.ruler_scale_px_per_mm().unwrap();
    println!("true {true_scale:.3} px/mm, on the scalp {on_scalp:.3}, flat {flat:.3}");
    assert!(
        (on_scalp / true_scale - 1.0).abs() < 0.01,
        "{on_scalp} vs {true_scale}"
    );
    assert!(
        flat / true_scale < 0.85,
        "read flat, the ruler's curve is lost: {flat}"
    );
    // Applied, it is a fixed point: the head follows the scale and reads the same again.
    plan.px_per_mm = on_scalp;
    let again = plan.ruler_scale_px_per_mm().unwrap();
    assert!(
        (again / on_scalp - 1.0).abs() < 1e-3,
        "{again} vs {on_scalp}"
    );
    // Off the head (one end past the outline), the ruler is read flat.
    plan.ruler.as_mut().unwrap().points[1] = c + Vec2::new(1.2 * r_px, 0.0);
    assert_eq!(
        plan.ruler_scale_px_per_mm(),
        plan.ruler.as_ref().unwrap().scale_px_per_mm()
    );
}

#[test]
fn the_hairline_fade_is_measured_on_the_scalp() {
    // Seen from the front, a hairline high on the forehead where the head turns away: the
    // depth behind it is the scalp's distance (the photo shortens it).
    let head = sphere(HeadView::Front);
    let scale = head.px_per_mm();
    let (c, r_px) = (head.outline_px().0, head.outline_px().1.y);
    let y_line = c.y - 0.6 * r_px;
    let mut plan = plan_with(head, scale);
    plan.area = vec![
        Vec2::new(c.x - 300.0, y_line + 40.0),
        Vec2::new(c.x + 300.0, y_line + 40.0),
        Vec2::new(c.x + 300.0, c.y - r_px),
        Vec2::new(c.x - 300.0, c.y - r_px),
    ];
    plan.hairline = Some(Hairline {
        points: vec![
            Vec2::new(c.x - 250.0, y_line),
            Vec2::new(c.x, y_line),
            Vec2::new(c.x + 250.0, y_line),
        ],
        fade_depth_mm: 15.0,
        macro_irregularity_mm: 0.0,
        micro_irregularity_mm: 0.0,
        edge_dot_scale: 1.0,
    });
    let geometry = FieldGeometry::from_plan(&plan);
    for behind_px in [20.0, 50.0] {
        let p = Vec2::new(c.x, y_line - behind_px);
        let depth = geometry.depth_behind_hairline_mm(p);
        let arc = arc_mm(&head, p, Vec2::new(c.x, y_line));
        let flat = behind_px / scale;
        println!(
            "{behind_px} px behind: {depth:.2} mm on the scalp (arc {arc:.2}, flat {flat:.2})"
        );
        assert!((depth / arc - 1.0).abs() < 0.01, "{depth} vs {arc}");
        assert!(
            flat < 0.85 * depth,
            "the photo shortens it: {flat} vs {depth}"
        );
    }
    let in_front = geometry.depth_behind_hairline_mm(Vec2::new(c.x, y_line + 20.0));
    assert!(in_front < 0.0, "in front of the line: {in_front}");
}

#[test]
fn a_brush_is_a_circle_on_the_scalp() {
    // At ~55° from facing the camera, a 12 mm brush spans 12 mm of scalp both across the
    // tilt and along it (where the photo shows it squashed).
    let head = sphere(HeadView::Top);
    let (c, r_px) = head.outline_px();
    let p = c + Vec2::new(0.0, 0.8 * r_px.y);
    let (across_px, dir, squash) = head.footprint_px(p, 6.0).unwrap();
    let span = |d: Vec2| arc_mm(&head, p - d, p + d);
    let across = span(dir.perp() * across_px);
    let along = span(dir * across_px * squash);
    println!("squash {squash:.3}: across {across:.2} mm, along {along:.2} mm");
    assert!(squash < 0.7, "{squash}");
    assert!((across / 12.0 - 1.0).abs() < 0.03, "{across}");
    assert!((along / 12.0 - 1.0).abs() < 0.03, "{along}");
    // Painted with it, the mask's patch is squashed by the same cosine.
    let mut mask = smp_preview::core::mask::PaintMask::for_photo(SIZE);
    let footprint = smp_preview::core::mask::Footprint {
        radius_px: across_px,
        tilt_dir: dir,
        squash,
    };
    mask.dab(p, footprint, 0.0, false);
    let extent = |d: Vec2| {
        (0..400)
            .map(|k| k as f32 * 0.25)
            .take_while(|&t| mask.weight_at(p + d * t) > 0.5)
            .last()
            .unwrap_or(0.0)
    };
    let ratio = extent(dir) / extent(dir.perp());
    assert!((ratio - squash).abs() < 0.12, "{ratio} vs {squash}");
}

#[test]
fn a_free_view_is_any_direction_and_the_named_views_are_among_them() {
    let close = |a: HeadView, b: HeadView| {
        a.camera_axes()
            .iter()
            .zip(b.camera_axes())
            .all(|(u, v)| u.distance(v) < 1e-4)
    };
    let free = |azimuth_deg, elevation_deg| HeadView::Free {
        azimuth_deg,
        elevation_deg,
    };
    assert!(close(free(0, 0), HeadView::Front));
    assert!(close(free(90, 0), HeadView::Left));
    assert!(close(free(-90, 0), HeadView::Right));
    assert!(close(free(180, 0), HeadView::Back));
    assert!(close(free(45, 20), HeadView::ThreeQuarter));
    // From nearly straight above, the front of the head is up in the photo, as in Top.
    let above = free(0, 89);
    let [_, down, forward] = above.camera_axes();
    assert!(forward.z < -0.99 && down.y > 0.99, "{forward} {down}");
    // Fitted and saved like any view; its outline comes back.
    let outline = (SIZE * 0.5, Vec2::new(420.0, 380.0));
    let head = HeadModel::fit(free(30, 60), 26.0, SIZE, outline, 4.0).unwrap();
    let back = head.outline_px();
    assert!((back.1 - outline.1).length() < 0.5, "{:?}", back);
    let mut plan = plan_with(head, 4.0);
    plan.area = vec![
        Vec2::new(700.0, 500.0),
        Vec2::new(900.0, 500.0),
        Vec2::new(800.0, 700.0),
    ];
    let json = plan.to_json().unwrap();
    assert!(json.contains("\"free\""), "{json}");
    assert_eq!(Plan::from_json(&json).unwrap().head, Some(head));
}

#[test]
fn a_head_fitted_at_one_scale_follows_a_later_one() {
    // The outline stays put; the head and its distance scale with 1 / px_per_mm, so the scalp
    // area per pixel follows the square of the scale.
    let head = sphere(HeadView::Top);
    let s = head.px_per_mm();
    let half = head.at_scale(0.5 * s);
    assert!((half.px_per_mm() - 0.5 * s).abs() < 1e-4);
    assert!((half.outline_px().1 - head.outline_px().1).length() < 1e-2);
    let p = SIZE * 0.5 + Vec2::new(100.0, 50.0);
    let ratio = half.hit(p).unwrap().mm2_per_px2 / head.hit(p).unwrap().mm2_per_px2;
    assert!((ratio - 4.0).abs() < 1e-3, "{ratio}");
    let plan = plan_with(head, 0.5 * s);
    assert_eq!(plan.head_model(), Some(half));
}

/// A JPEG of `image` whose EXIF says it was taken with a `focal_mm_35` lens.
fn jpeg_with_focal(image: &image::RgbaImage, focal_mm_35: u16) -> Vec<u8> {
    use exif::{Field, In, Tag, Value};
    let field = Field {
        tag: Tag::FocalLengthIn35mmFilm,
        ifd_num: In::PRIMARY,
        value: Value::Short(vec![focal_mm_35]),
    };
    let mut writer = exif::experimental::Writer::new();
    writer.push_field(&field);
    let mut tiff = std::io::Cursor::new(Vec::new());
    writer.write(&mut tiff, false).unwrap();
    let tiff = tiff.into_inner();
    let mut jpeg = Vec::new();
    image::DynamicImage::ImageRgba8(image.clone())
        .to_rgb8()
        .write_to(
            &mut std::io::Cursor::new(&mut jpeg),
            image::ImageFormat::Jpeg,
        )
        .unwrap();
    let length = u16::try_from(2 + 6 + tiff.len()).unwrap().to_be_bytes();
    let mut out = jpeg[..2].to_vec(); // SOI
    out.extend([0xFF, 0xE1, length[0], length[1]]);
    out.extend(b"Exif\0\0");
    out.extend(tiff);
    out.extend(&jpeg[2..]);
    out
}

#[test]
fn the_lens_comes_from_the_photos_exif_unless_given() {
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("crown.jpg");
    let truth = HeadModel {
        focal_mm_35: 52.0,
        distance_mm: 800.0,
        ..sphere(HeadView::Top)
    };
    std::fs::write(&photo, jpeg_with_focal(&crate::head::photo_of(&truth), 52)).unwrap();
    let (_, info) = smp_preview::io::photo::load_photo_with_info(&photo).unwrap();
    assert_eq!(info.focal_mm_35, Some(52.0));
    let document = smp_preview::app::Document::open(&photo).unwrap();
    assert_eq!(
        document.photo_info().focal_mm_35,
        Some(52.0),
        "the window's lens too"
    );

    let render = |view: &str, extra: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_smp-preview"))
            .args(["render", "--view", view, "--photo"])
            .arg(&photo)
            .arg("--out")
            .arg(dir.path().join("after.png"))
            .arg("--dots-out")
            .arg(dir.path().join("dots.csv"))
            .args(extra)
            .output()
            .unwrap();
        (
            out.clone(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (out, stderr) = render("top", &[]);
    if !crate::common::gpu_ok(&out, "render --view") {
        return;
    }
    assert!(
        stderr.contains("f = 52 mm (35 mm eq., the photo's EXIF)"),
        "{stderr}"
    );
    let csv = std::fs::read_to_string(dir.path().join("dots.csv")).unwrap();
    let header = csv.lines().next().unwrap();
    assert!(
        header.contains("surface_x_mm,surface_y_mm,surface_z_mm"),
        "{header}"
    );
    let (out, stderr) = render("top", &["--focal-mm-35", "26"]);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("f = 26 mm (35 mm eq., --focal-mm-35)"),
        "{stderr}"
    );
    // Any direction, as free:AZ,EL; out of range, a usage error naming the form.
    let (out, stderr) = render("free:0,88", &[]);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("head model: free view"), "{stderr}");
    let (out, stderr) = render("free:400,0", &[]);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("free:AZ,EL"), "{stderr}");
}
