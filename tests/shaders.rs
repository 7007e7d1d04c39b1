//! Every WGSL file in `shaders/` parses and validates with naga; no GPU needed.

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
        let module = naga::front::wgsl::parse_str(&source)
            .unwrap_or_else(|e| panic!("{}: {}", path.display(), e.emit_to_string(&source)));
        naga::valid::Validator::new(
            naga::valid::ValidationFlags::all(),
            naga::valid::Capabilities::default(),
        )
        .validate(&module)
        .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
        checked += 1;
    }
    assert!(
        checked >= 2,
        "expected scene.wgsl and blit.wgsl, validated {checked}"
    );
}

#[test]
fn embedded_sources_are_the_files() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("shaders");
    assert_eq!(
        std::fs::read_to_string(dir.join("scene.wgsl")).unwrap(),
        smp_preview::gpu::SCENE_WGSL
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("blit.wgsl")).unwrap(),
        smp_preview::gpu::BLIT_WGSL
    );
}
