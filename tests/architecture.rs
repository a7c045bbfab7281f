//! The shape ARCHITECTURE.md promises: `src/core` is pure Rust (no browser types), and its
//! modules do not import each other in circles (the compiled program depends on the config
//! reader's output, the profile is data that depends on no program).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

const CORE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/core");

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("src/core is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file without its comments and its unit tests (a test may use anything).
fn code(path: &Path) -> String {
    let text = fs::read_to_string(path).expect("a source file");
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => &text[..],
    };
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level module of `src/core` a file belongs to (`config` for src/core/config/strategy.rs).
fn module_of(path: &Path) -> String {
    let rel = path.strip_prefix(CORE).expect("under src/core");
    let first = rel.components().next().expect("a path");
    let name = first.as_os_str().to_string_lossy();
    name.trim_end_matches(".rs").to_string()
}

/// The core's modules, each with the other core modules its code names.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    sources(Path::new(CORE), &mut files);
    let modules: BTreeSet<String> = files
        .iter()
        .map(|f| module_of(f))
        .filter(|m| m != "mod")
        .collect();
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in &files {
        let from = module_of(f);
        if from == "mod" {
            continue;
        }
        let text = code(f);
        let nested = f.parent() != Some(Path::new(CORE));
        for (i, _) in text.match_indices("crate::core::") {
            let rest = &text[i + "crate::core::".len()..];
            let to: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if to != from && modules.contains(&to) {
                g.entry(from.clone()).or_default().insert(to);
            }
        }
        // `super::x` in a top-level file names a sibling module of the core.
        if !nested {
            for (i, _) in text.match_indices("super::") {
                let to: String = text[i + "super::".len()..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if to != from && modules.contains(&to) {
                    g.entry(from.clone()).or_default().insert(to);
                }
            }
        }
        g.entry(from).or_default();
    }
    g
}

/// A path `from` → … → `to` in `g`, if there is one.
fn path(
    g: &BTreeMap<String, BTreeSet<String>>,
    from: &str,
    to: &str,
    seen: &mut BTreeSet<String>,
) -> Option<Vec<String>> {
    if from == to {
        return Some(vec![to.to_string()]);
    }
    if !seen.insert(from.to_string()) {
        return None;
    }
    for next in g.get(from).into_iter().flatten() {
        if let Some(mut p) = path(g, next, to, seen) {
            p.insert(0, from.to_string());
            return Some(p);
        }
    }
    None
}

#[test]
fn core_modules_do_not_import_each_other_in_circles() {
    let g = graph();
    assert!(
        g.len() > 10,
        "the core's modules were found: {:?}",
        g.keys()
    );
    for (from, tos) in &g {
        for to in tos {
            if let Some(back) = path(&g, to, from, &mut BTreeSet::new()) {
                panic!("{from} imports {to}, and {}", back.join(" → "));
            }
        }
    }
}

#[test]
fn the_core_names_no_browser_type() {
    let mut files = Vec::new();
    sources(Path::new(CORE), &mut files);
    for f in files {
        let text = code(&f);
        for browser in ["web_sys", "js_sys", "wasm_bindgen"] {
            assert!(
                !text.contains(browser),
                "{} names {browser}: the core is pure Rust, the browser shell is src/web",
                f.display()
            );
        }
    }
}

#[test]
fn a_circle_would_be_found() {
    // The check itself: a graph with a circle is refused.
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    g.entry("a".into()).or_default().insert("b".into());
    g.entry("b".into()).or_default().insert("c".into());
    g.entry("c".into()).or_default().insert("a".into());
    assert_eq!(
        path(&g, "b", "a", &mut BTreeSet::new()),
        Some(vec!["b".into(), "c".into(), "a".into()])
    );
}
