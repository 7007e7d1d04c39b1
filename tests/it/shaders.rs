//! The shaders the renderer embeds, and every WGSL file in `shaders/`, parse and validate with
//! naga; no GPU needed.

/// Parses and validates `source`, panicking with naga's message (named `what`) if it fails.
fn validate(what: &str, source: &str) {
    let module = naga::front::wgsl::parse_str(source)
        .unwrap_or_else(|e| panic!("{what}: {}", e.emit_to_string(source)));
    naga::valid::Validator::new(
        naga::valid::ValidationFlags::all(),
        naga::valid::Capabilities::default(),
    )
    .validate(&module)
    .unwrap_or_else(|e| panic!("{what}: {e:?}"));
}

#[test]
fn the_embedded_shaders_validate() {
    validate(
        "embedded scene shader",
        smp_preview::render::gpu::SCENE_WGSL,
    );
    validate("embedded blit shader", smp_preview::render::gpu::BLIT_WGSL);
}

/// Also a shader file not (yet) embedded anywhere.
#[test]
fn every_wgsl_file_validates() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("shaders");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).expect("shaders/ exists") {
        let path = entry.expect("readable entry").path();
        if path.extension().is_none_or(|e| e != "wgsl") {
            continue;
        }
        let source = std::fs::read_to_string(&path).expect("readable shader");
        validate(&path.display().to_string(), &source);
        checked += 1;
    }
    assert!(
        checked >= 2,
        "expected scene.wgsl and blit.wgsl, validated {checked}"
    );
}
