//! The offline evaluation on tiny logs: related items and recently viewed items move the next
//! item up, nothing from the test days leaks into what the shop learns, a log with categories
//! plugs in through a column mapping, and the report keeps everything outside its block.
#![cfg(not(target_arch = "wasm32"))]

#[allow(dead_code)]
#[path = "../src/bin/eval/mod.rs"]
mod eval;

use eval::learn::{self, RelParams};
use eval::log::{self, Columns};
use eval::replay::{self, Shelves, Variant};
use eval::{evaluate, Options, Outcome};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::Command;

/// A Diginetica-layout log: `(session, day of March 2016, items in view order)`.
fn diginetica(sessions: &[(u32, u32, &[&str])]) -> String {
    let mut text = String::from("session_id;user_id;item_id;timeframe;eventdate\n");
    for (id, day, items) in sessions {
        // Rows out of time order, as in the real log.
        for (i, item) in items.iter().enumerate().rev() {
            let ms = 1000 + 40_000 * i;
            text += &format!("{id};NA;{item};{ms};2016-03-{day:02}\n");
        }
    }
    text
}

/// Ten days: bestsellers viewed on each of the eight learning days (so they fill the shelves
/// and lead the default order), a single view on each test day; `extra` sessions are added.
fn shop_log(extra: &[(u32, u32, &[&str])]) -> String {
    const BEST: [&str; 10] = ["P0", "P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8", "P9"];
    let mut sessions: Vec<(u32, u32, &[&str])> = (1..=8).map(|d| (100 + d, d, &BEST[..])).collect();
    sessions.extend([(109, 9, &["P0"][..]), (110, 10, &["P0"][..])]);
    sessions.extend_from_slice(extra);
    diginetica(&sessions)
}

fn options() -> Options {
    Options {
        sweep: false,
        bootstrap: 50,
        shelves: Shelves {
            size: 8,
            ..Options::default().shelves
        },
        ..Options::default()
    }
}

fn run(text: &str) -> Outcome {
    let log = log::read_log(text, &Columns::diginetica()).expect("the log reads");
    evaluate(&log, &options()).expect("the evaluation runs")
}

/// Where ordering `id` put the next item `target` after `step` views (0-based).
fn place(o: &Outcome, id: &str, target: &str, step: usize) -> usize {
    let i = if id == "default" {
        0
    } else {
        1 + o.variants.iter().position(|v| v.id == id).expect("variant")
    };
    let case = o
        .cases
        .iter()
        .find(|c| c.target == target && c.step == step)
        .expect("the case");
    case.pos[i]
}

#[test]
fn a_strongly_co_viewed_next_item_is_ranked_first() {
    // On four learning days a shopper looks at the tent and then the groundsheet.
    let pairs: Vec<(u32, u32, &[&str])> = (1..=4).map(|d| (d, d, &["tent", "sheet"][..])).collect();
    let mut sessions = pairs;
    sessions.push((50, 10, &["tent", "sheet"]));
    let o = run(&shop_log(&sessions));
    let shelf = &o.cases[0].shelf;
    assert_eq!(o.cases.len(), 1, "one test case: the view after the tent");
    assert_eq!(
        place(&o, "default", "sheet", 1),
        shelf.len() - 1,
        "bestsellers come first in the default order: {shelf:?}"
    );
    assert_eq!(place(&o, "related", "sheet", 1), 0);
    assert_eq!(place(&o, "both", "sheet", 1), 0);
    assert!(o.cases[0].covered);
    assert!(o.overall[2].hit_rate() > o.overall[0].hit_rate());
}

#[test]
fn recently_viewed_brings_back_an_item_the_shopper_returns_to() {
    let o = run(&shop_log(&[
        (1, 2, &["lamp"]),
        (50, 10, &["lamp", "stove", "lamp"]),
    ]));
    let case = o.cases.iter().find(|c| c.step == 2).expect("the return");
    assert_eq!(case.seen_at, Some(1), "the lamp was viewed one step before");
    assert_eq!(place(&o, "recent", "lamp", 2), 0);
    assert!(place(&o, "default", "lamp", 2) > 0);
    // A stove never seen before gets nothing from having viewed the lamp.
    assert_eq!(
        place(&o, "recent", "stove", 1),
        place(&o, "default", "stove", 1)
    );
}

#[test]
fn nothing_from_the_test_days_is_learned() {
    // "cup" and "flask" are only ever viewed (together, often) on the test days.
    let mut sessions: Vec<(u32, u32, &[&str])> = vec![(1, 1, &["tent", "sheet"])];
    for s in 0..6 {
        sessions.push((60 + s, 9 + s % 2, &["cup", "flask"]));
    }
    let text = shop_log(&sessions);
    let log = log::read_log(&text, &Columns::diginetica()).expect("the log reads");
    let split = learn::split(&log.sessions, 0.8);
    assert_eq!((split.learn.len(), split.test.len()), (9, 8));
    let learned = learn::learn(&split.learn);
    for item in ["cup", "flask"] {
        assert_eq!(learned.views(item), 0, "{item} has no popularity");
        assert!(!learned.by_popularity.iter().any(|i| i == item));
        assert!(
            !learned.coviews.contains_key(item),
            "{item} has no co-views"
        );
    }
    let params = RelParams {
        top_n: 20,
        min_count: 1,
    };
    let related = learned.related_json(params);
    assert_eq!(
        related["tent"],
        json!({ "sheet": 1 }),
        "learning-day pairs ship"
    );
    assert!(related.get("cup").is_none() && related.get("flask").is_none());
    let variants = eval::variants(&options(), false, false);
    let refs: Vec<&Variant> = variants.iter().collect();
    let config = replay::config_json(&refs, learned.related_json(params));
    assert!(!config.to_string().contains("cup"));
    // So the replay cannot use the pair either: related items leave the order as it was.
    let o = evaluate(&log, &options()).expect("the evaluation runs");
    assert!(o.cases.iter().all(|c| !c.covered && c.cold));
    let related_at = 1 + variants
        .iter()
        .position(|v| v.id == "related")
        .expect("related");
    assert!(o.cases.iter().all(|c| c.pos[related_at] == c.pos[0]));
}

#[test]
fn an_engine_without_rules_keeps_the_default_order() {
    let pairs: Vec<(u32, u32, &[&str])> = (1..=4).map(|d| (d, d, &["tent", "sheet"][..])).collect();
    let mut sessions = pairs;
    sessions.push((50, 9, &["tent", "P3", "sheet", "tent"]));
    sessions.push((51, 10, &["P1", "P2", "x"]));
    let text = shop_log(&sessions);
    let log = log::read_log(&text, &Columns::diginetica()).expect("the log reads");
    let split = learn::split(&log.sessions, 0.8);
    let learned = learn::learn(&split.learn);
    let rel = options().rel;
    let mut cases = replay::cases(
        &split.test,
        &learned,
        &learned.relations(rel),
        &options().shelves,
    );
    let none = Variant {
        id: "plain".into(),
        label: "no rules".into(),
        rules: json!([]),
        rel: eval::Rel::CoViews(rel),
        sweep: false,
    };
    replay::replay(
        &split.test,
        &mut cases,
        &[none],
        &learned,
        &[],
        &log.catalog,
    )
    .expect("replays");
    assert_eq!(cases.len(), 5);
    assert!(cases.iter().all(|c| c.pos[1] == c.pos[0]), "{cases:#?}");
}

#[test]
fn the_same_seed_gives_the_same_shelves_and_figures() {
    let text = shop_log(&[
        (1, 2, &["lamp", "stove"]),
        (50, 10, &["lamp", "stove", "P2", "lamp"]),
    ]);
    let (a, b) = (run(&text), run(&text));
    assert_eq!(a.cases, b.cases);
    assert_eq!(a.overall, b.overall);
}

#[test]
fn categories_can_come_from_a_separate_catalog_file() {
    // The Diginetica layout: views in one file, `itemId;categoryId` in another.
    let mut sessions: Vec<(u32, u32, &[&str])> = (1..=4).map(|d| (d, d, &["tent"][..])).collect();
    sessions.push((50, 10, &["tent", "tarp"]));
    let text = shop_log(&sessions);
    let catalog = "itemId;categoryId\ntent;7\ntarp;7\nP0;3\nP1;3\nP2;3\nP3;3\nP4;3\n";
    let cols = Columns::from_json(&json!({ "category": "categoryId" })).expect("mapping");
    assert!(
        log::read_log(&text, &cols).is_err(),
        "without a catalog, a category column the log lacks is an error"
    );
    let log = log::read_with_catalog(&text, catalog, &cols).expect("log and catalog read");
    assert_eq!(log.catalog["tarp"].category.as_deref(), Some("7"));
    let o = evaluate(&log, &options()).expect("the evaluation runs");
    // Only the tent itself (same category, more viewed) may stay ahead of the tarp.
    let (category, default) = (
        place(&o, "category", "tarp", 1),
        place(&o, "default", "tarp", 1),
    );
    assert!(
        category <= 1 && category < default,
        "{category} vs {default}"
    );
    assert!(
        !o.variants.iter().any(|v| v.id == "brand"),
        "no brands, no brand row"
    );
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[test]
fn a_log_with_categories_and_brands_measures_affinity() {
    let dir = std::env::temp_dir().join(format!("shelfwise-eval-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let (json_path, report_path) = (dir.join("eval.json"), dir.join("REPORT.md"));
    std::fs::write(&report_path, "# Benchmarks\n\nSizes written elsewhere.\n").expect("report");
    let out = Command::new(env!("CARGO_BIN_EXE_eval"))
        .args(["--data", &fixture("eval-categories.csv").to_string_lossy()])
        .args([
            "--columns",
            &fixture("eval-categories.columns.json").to_string_lossy(),
        ])
        .args(["--shelf", "8", "--bootstrap", "100", "--no-sweep"])
        .args(["--json", &json_path.to_string_lossy()])
        .args(["--report", &report_path.to_string_lossy()])
        .output()
        .expect("the eval program runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let figures: Value =
        serde_json::from_str(&std::fs::read_to_string(&json_path).expect("json")).expect("JSON");
    let hit = |id: &str| {
        figures["orderings"]
            .as_array()
            .and_then(|a| a.iter().find(|o| o["id"] == id))
            .and_then(|o| o["hitRate4"].as_f64())
            .unwrap_or_else(|| panic!("no ordering {id} in {figures:#}"))
    };
    assert_eq!(figures["data"]["itemsWithCategory"], 20);
    assert_eq!(figures["data"]["itemsWithBrand"], 20);
    // Shoppers stay within a category; the bestsellers are kitchenware.
    assert!(hit("category") > hit("default") + 0.5, "{figures:#}");
    assert!(hit("brand") > hit("default") + 0.5, "{figures:#}");
    assert!(hit("all") >= hit("category") - 0.2, "{figures:#}");
    let report = std::fs::read_to_string(&report_path).expect("report");
    assert!(report.starts_with("# Benchmarks\n\nSizes written elsewhere.\n\n<!-- eval:start -->"));
    assert!(
        report.contains("| category affinity |")
            && report.trim_end().ends_with("<!-- eval:end -->")
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_column_the_log_lacks_is_named_in_the_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_eval"))
        .args(["--data", &fixture("eval-categories.csv").to_string_lossy()])
        .args([
            "--columns",
            r#"{"session": "visit", "item": "sku", "time": "when"}"#,
        ])
        .output()
        .expect("the eval program runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("[shelfwise] eval: ")
            && err.contains("the item column \"sku\" is not in the header (visit, product, when, section, maker)"),
        "{err}"
    );
}

#[test]
fn the_report_block_is_replaced_and_the_rest_kept() {
    let block = "<!-- eval:start -->\nnew figures\n<!-- eval:end -->\n";
    let old = "# Report\n\n<!-- eval:start -->\nold figures\n<!-- eval:end -->\n\n## Size\n1 KB\n";
    assert_eq!(
        eval::report::splice(Some(old), block),
        "# Report\n\n<!-- eval:start -->\nnew figures\n<!-- eval:end -->\n\n## Size\n1 KB\n"
    );
    assert_eq!(eval::report::splice(None, block), block);
    assert_eq!(
        eval::report::splice(Some("# Report\n"), block),
        format!("# Report\n\n{block}")
    );
}

#[test]
fn times_are_read_as_dates_plus_offsets_or_as_instants() {
    assert_eq!(log::parse_date("1970-01-02"), Some(86_400_000));
    assert_eq!(log::parse_date("2016-05-09"), Some(1_462_752_000_000));
    assert_eq!(
        log::parse_instant("2016-05-09T00:00:01.5Z"),
        Some(1_462_752_001_500)
    );
    assert_eq!(log::parse_instant("1462752000"), Some(1_462_752_000_000));
    assert_eq!(log::parse_instant("1462752000000"), Some(1_462_752_000_000));
    assert_eq!(log::civil_from_days(16_930), "2016-05-09");
    assert_eq!(log::parse_instant("yesterday"), None);
}

#[test]
fn the_log_given_to_shelfwise_relations_holds_the_learning_days_only() {
    let mut sessions: Vec<(u32, u32, &[&str])> = vec![(1, 1, &["tent", "sheet"])];
    sessions.push((60, 10, &["cup", "flask"]));
    let log = log::read_log(&shop_log(&sessions), &Columns::diginetica()).expect("the log reads");
    let split = learn::split(&log.sessions, 0.8);
    let csv = eval::shipped::learning_csv(&split);
    assert!(csv.starts_with("session,item,time\n1,tent,"), "{csv}");
    assert!(csv.contains("\n1,sheet,") && !csv.contains("cup") && !csv.contains("flask"));
    // Times are instants: the first view of session 1 is 2016-03-01 plus 1,000 ms.
    assert!(csv.contains(&format!("1,tent,{}\n", 1_456_790_400_000_i64 + 1_000)));
}

#[test]
fn relations_learned_elsewhere_are_ranked_like_shipped_ones_and_compared_with_today() {
    let dir = std::env::temp_dir().join(format!("shelfwise-learned-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    // Learned elsewhere: the tent's companion is the groundsheet (the log itself never pairs them).
    let csv = dir.join("learned.csv");
    std::fs::write(&csv, "item_id,related,strengths\ntent,sheet P3,0.9 0.2\n").expect("csv");
    let manifest = json!({ "sets": [{ "id": "x", "label": "learned x", "args": "--top 2", "csv": csv, "primary": true }] });
    let mut o = options();
    o.learned = eval::shipped::read_manifest(&manifest.to_string()).expect("manifest");
    let text = shop_log(&[(50, 10, &["tent", "sheet"])]);
    let log = log::read_log(&text, &Columns::diginetica()).expect("the log reads");
    let out = evaluate(&log, &o).expect("the evaluation runs");
    assert_eq!(place(&out, "learned-x", "sheet", 1), 0);
    assert_eq!(place(&out, "learned-x-recent", "sheet", 1), 0);
    assert!(
        place(&out, "related", "sheet", 1) > 0,
        "today's co-views do not know the pair"
    );
    let j = 1 + out
        .variants
        .iter()
        .position(|v| v.id == "learned-x")
        .expect("variant");
    let (base, lift) = out.against[j].expect("compared with today's relations");
    assert_eq!(out.variants[base - 1].id, "related");
    assert!(lift.hit_rate.abs > 0.0);
    // On a shelf made of the relations, the sheet is the first of the tent's companions.
    let shelf = out
        .related_shelf
        .iter()
        .find(|r| r.label == "learned x")
        .expect("row");
    assert_eq!(shelf.sums.hits, 1.0);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_per_item_file_with_a_bad_row_is_refused_with_its_line() {
    let e = eval::shipped::read_per_item("item_id,related,strengths\na,b c,0.5\n").unwrap_err();
    assert_eq!(e, "line 2: 2 ids but 1 strengths");
    let e = eval::shipped::read_per_item("item,related\n").unwrap_err();
    assert!(e.starts_with("the header is \"item,related\""), "{e}");
}
