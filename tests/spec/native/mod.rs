//! The native runner of the specification suite: reads the case files, runs each case through
//! the adapter, compares, and reports one test per case as libtest does.

mod adapter;
mod case;
mod check;

use case::{Case, Step};
use std::path::PathBuf;
use std::time::Instant;

/// The folder of the case files.
fn cases_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/spec/cases")
}

/// Runs one case; every expectation that does not hold, one line each (or why it could not run).
fn run(case: &Case) -> Vec<String> {
    let mut b = match adapter::Browser::new(case.config.clone(), case.page.clone(), case.clock) {
        Ok(b) => b,
        Err(e) => return vec![format!("start: {e}")],
    };
    let mut failures = Vec::new();
    for (i, step) in case.steps.iter().enumerate() {
        let at = |what: &str, e: &str| format!("step {} ({what}): {e}", i + 1);
        match step {
            Step::Expect(expect) => match b.observe(expect) {
                Ok(seen) => {
                    failures.extend(check::check(expect, &seen).iter().map(|e| at("expect", e)))
                }
                Err(e) => failures.push(at("expect", &e)),
            },
            Step::Track { name, result, .. } => match b.step(step) {
                Ok(Some(answer)) => {
                    if let Some(d) = check::differ(result, &answer) {
                        failures.push(at(&format!("track {name}"), &format!("result: {d}")));
                    }
                }
                Ok(None) => {}
                Err(e) => failures.push(at("track", &e)),
            },
            other => {
                if let Err(e) = b.step(other) {
                    failures.push(at("step", &e));
                    break;
                }
            }
        }
    }
    failures
}

/// The list of case files, which must match the folder (the browser runner reads the list).
fn listed_files() -> Result<Vec<String>, String> {
    let dir = cases_dir();
    let index: serde_json::Value = std::fs::read_to_string(dir.join("index.json"))
        .map_err(|e| format!("cases/index.json: {e}"))
        .and_then(|t| serde_json::from_str(&t).map_err(|e| format!("cases/index.json: {e}")))?;
    let listed: Vec<String> = index["files"]
        .as_array()
        .ok_or("cases/index.json: needs \"files\": [...]")?
        .iter()
        .filter_map(|f| f.as_str().map(String::from))
        .collect();
    let mut present: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json") && n != "index.json")
        .collect();
    present.sort();
    let mut sorted = listed.clone();
    sorted.sort();
    if sorted != present {
        return Err(format!(
            "cases/index.json lists {sorted:?} but the folder holds {present:?}: list every case file once"
        ));
    }
    Ok(listed)
}

/// Whether the case format's JSON Schema (for editors) names exactly the keys this runner reads.
fn schema_matches_runner() -> Result<(), String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/spec/case.schema.json");
    let schema: serde_json::Value = std::fs::read_to_string(&path)
        .map_err(|e| format!("{}: {e}", path.display()))
        .and_then(|t| serde_json::from_str(&t).map_err(|e| format!("case.schema.json: {e}")))?;
    let keys = |def: &str| -> Vec<String> {
        let mut k: Vec<String> = schema["$defs"][def]["properties"]
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        k.sort();
        k
    };
    for (def, want) in [
        ("page", &case::PAGE_KEYS[..]),
        ("item", &case::ITEM_KEYS[..]),
        ("expect", &case::EXPECT_KEYS[..]),
    ] {
        let mut want: Vec<String> = want.iter().map(|s| s.to_string()).collect();
        want.sort();
        if keys(def) != want {
            return Err(format!(
                "case.schema.json $defs.{def} has keys {:?}, the runner reads {want:?}",
                keys(def)
            ));
        }
    }
    Ok(())
}

/// Runs every case (or those matching the first argument) and reports like libtest.
pub fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let filter = args.iter().find(|a| !a.starts_with('-')).cloned();
    let list_only = args.iter().any(|a| a == "--list");
    let started = Instant::now();
    let mut passed = 0;
    let mut failed: Vec<(String, Vec<String>)> = Vec::new();
    let mut filtered = 0;
    let files = match listed_files() {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(101);
        }
    };
    let mut all = Vec::new();
    for f in &files {
        match case::read_file(&cases_dir().join(f)) {
            Ok(file) => all.push(file),
            Err(e) => failed.push((f.clone(), vec![format!("the file cannot be read: {e}")])),
        }
    }
    if let Err(e) = schema_matches_runner() {
        failed.push(("case.schema.json".into(), vec![e]));
    }
    let total: usize = all.iter().map(|f| f.cases.len()).sum();
    if list_only {
        for f in &all {
            for c in &f.cases {
                println!("{} › {}: test", f.name, c.name);
            }
        }
        return;
    }
    println!("\nrunning {total} specification cases");
    for file in &all {
        for c in &file.cases {
            let name = format!("{} › {}", file.name, c.name);
            if filter.as_ref().is_some_and(|f| !name.contains(f.as_str())) {
                filtered += 1;
                continue;
            }
            let failures = run(c);
            if failures.is_empty() {
                println!("test {name} ... ok");
                passed += 1;
            } else {
                println!("test {name} ... FAILED");
                failed.push((name, failures));
            }
        }
    }
    if !failed.is_empty() {
        println!("\nfailures:\n");
        for (name, lines) in &failed {
            println!("---- {name} ----");
            for l in lines {
                println!("  {l}");
            }
        }
    }
    let ok = failed.is_empty();
    println!(
        "\ntest result: {}. {passed} passed; {} failed; 0 ignored; 0 measured; {filtered} filtered out; finished in {:.2}s\n",
        if ok { "ok" } else { "FAILED" },
        failed.len(),
        started.elapsed().as_secs_f64()
    );
    if !ok {
        std::process::exit(101);
    }
}
