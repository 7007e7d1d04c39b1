//! The layers of `src/` (see `src/lib.rs`) as a rule that can fail: each layer uses only those
//! below it and names no type of a layer above (the core no GPU or UI type), and no two
//! modules of one folder use each other (shared pieces go into a leaf module).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The file's code lines, comments left out.
fn code(path: &Path) -> Vec<(usize, String)> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.split("//").next().unwrap_or("").to_string()))
        .collect()
}

/// Whether `line` names `word` as a whole word (`wireframe` does not name `eframe`).
fn names(line: &str, word: &str) -> bool {
    line.match_indices(word).any(|(i, _)| {
        let before = line[..i].chars().next_back();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

#[test]
fn each_layer_uses_only_the_layers_below_it() {
    // layer folder → what its code must not name.
    let rules: [(&str, &[&str]); 4] = [
        (
            "core",
            &[
                "crate::render",
                "crate::io",
                "crate::export",
                "crate::app",
                "crate::cli",
                "wgpu",
                "egui",
                "eframe",
                "winit",
            ],
        ),
        (
            "render",
            &[
                "crate::io",
                "crate::export",
                "crate::app",
                "crate::cli",
                "egui",
                "eframe",
                "winit",
            ],
        ),
        (
            "io",
            &[
                "crate::render",
                "crate::export",
                "crate::app",
                "crate::cli",
                "wgpu",
                "egui",
                "eframe",
                "winit",
            ],
        ),
        (
            "export",
            &["crate::app", "crate::cli", "egui", "eframe", "winit"],
        ),
    ];
    let mut broken = Vec::new();
    for (layer, forbidden) in rules {
        let files = rust_files(&src().join(layer));
        assert!(!files.is_empty(), "src/{layer} holds the {layer} layer");
        for file in files {
            for (n, line) in code(&file) {
                for word in forbidden {
                    if names(&line, word) {
                        broken.push(format!(
                            "{}:{n} names {word}: {}",
                            file.display(),
                            line.trim()
                        ));
                    }
                }
            }
        }
    }
    assert!(
        broken.is_empty(),
        "layer rule broken:\n{}",
        broken.join("\n")
    );
}

#[test]
fn the_top_of_src_holds_only_the_layers_and_at_most_two_more_files() {
    let mut files: Vec<String> = std::fs::read_dir(src())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".rs"))
        .collect();
    files.sort();
    files.retain(|n| n != "lib.rs" && n != "main.rs");
    assert!(files.len() <= 2, "{files:?}");
}

/// The sibling modules a file uses: `super::name` and `crate::…::name` paths that name another
/// file of its folder.
fn sibling_uses(file: &Path, siblings: &BTreeSet<String>, folder_path: &str) -> BTreeSet<String> {
    let text: String = code(file).into_iter().map(|(_, l)| l + "\n").collect();
    let me = file.file_stem().unwrap().to_string_lossy().into_owned();
    let mut uses = BTreeSet::new();
    for name in siblings {
        if *name == me {
            continue;
        }
        let by_super = format!("super::{name}");
        let by_crate = format!("{folder_path}::{name}");
        let grouped = |prefix: &str| {
            // `use super::{a, b::c}`
            text.match_indices(&format!("{prefix}::{{")).any(|(i, m)| {
                let rest = &text[i + m.len()..];
                let group = &rest[..rest.find('}').unwrap_or(rest.len())];
                group
                    .split(',')
                    .any(|item| item.trim().split("::").next() == Some(name.as_str()))
            })
        };
        let named = |pattern: &str| {
            text.match_indices(pattern).any(|(i, m)| {
                !text[i + m.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
            })
        };
        if named(&by_super) || named(&by_crate) || grouped("super") || grouped(folder_path) {
            uses.insert(name.clone());
        }
    }
    uses
}

/// A cycle among `graph`'s nodes, if there is one.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|n| visit(n, graph, &mut Vec::new(), &mut done))
}

#[test]
fn no_two_modules_of_a_folder_use_each_other() {
    let mut folders: BTreeSet<PathBuf> = BTreeSet::new();
    for file in rust_files(&src()) {
        folders.insert(file.parent().unwrap().to_path_buf());
    }
    let mut loops = Vec::new();
    for folder in folders {
        let files: Vec<PathBuf> = rust_files(&folder)
            .into_iter()
            .filter(|f| f.parent() == Some(folder.as_path()))
            .filter(|f| {
                !["mod.rs", "lib.rs", "main.rs"].contains(&f.file_name().unwrap().to_str().unwrap())
            })
            .collect();
        let siblings: BTreeSet<String> = files
            .iter()
            .map(|f| f.file_stem().unwrap().to_string_lossy().into_owned())
            .collect();
        let relative = folder
            .strip_prefix(src())
            .unwrap()
            .to_string_lossy()
            .replace('/', "::");
        let folder_path = if relative.is_empty() {
            "crate".to_string()
        } else {
            format!("crate::{relative}")
        };
        let graph: BTreeMap<String, BTreeSet<String>> = files
            .iter()
            .map(|f| {
                let name = f.file_stem().unwrap().to_string_lossy().into_owned();
                (name, sibling_uses(f, &siblings, &folder_path))
            })
            .collect();
        if let Some(cycle) = find_cycle(&graph) {
            loops.push(format!("{}: {}", folder.display(), cycle.join(" → ")));
        }
    }
    assert!(loops.is_empty(), "import loops:\n{}", loops.join("\n"));
}

#[test]
fn the_loop_finder_finds_a_loop() {
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("a", vec!["b"]),
        ("b", vec!["c"]),
        ("c", vec!["a"]),
        ("d", vec![]),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.into_iter().map(String::from).collect()))
    .collect();
    assert_eq!(find_cycle(&graph).map(|c| c.len()), Some(4));
}
