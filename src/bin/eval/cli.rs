//! The command line: reads options and files, runs the evaluation, writes the figures.

use super::log::{self, Columns};
use super::{report, Options};
use std::path::PathBuf;

/// How to call the program.
pub const USAGE: &str = "usage: eval --data LOG.csv [--columns MAPPING] [--catalog ITEMS.csv]
            [--json OUT.json] [--report REPORT.md] [--shelf 20] [--pool 1000]
            [--top-n 20] [--min-count 1] [--learn-share 0.8] [--seed N]
            [--bootstrap 1000] [--weights recent=5,related=5,affinity=10] [--no-sweep]
            [--export-learn LEARN.csv] [--learned MANIFEST.json]

MAPPING is a JSON object (inline or a file) naming the log's columns, e.g.
  {\"session\": \"visit\", \"item\": \"sku\", \"time\": \"ts\", \"category\": \"cat\", \"brand\": \"brand\"}
Keys: session, item, time, date, category, brand, delimiter. With \"date\", \"time\" is ms
within the day's session (the Diginetica layout, the default); without it, \"time\" is an
instant (epoch seconds or ms, or ISO 8601). A catalog file (item facts) is read with the same
mapping: its item column is the mapping's item column or else its first column, e.g. for the
Diginetica catalog: --catalog product-categories.csv --columns '{\"category\": \"categoryId\"}'

--export-learn writes the learning days' sessions as a CSV log (session,item,time) and stops:
`shelfwise relations` learns from it. --learned reads back what it learned: a JSON manifest
{\"sets\": [{\"id\", \"label\", \"args\", \"csv\", \"primary\"}]} naming each per-item CSV.
`npm run eval` does both.";

/// Files a run reads and writes, with its options.
#[derive(Debug, Default)]
pub struct Args {
    /// The log.
    pub data: PathBuf,
    /// An optional catalog of item facts.
    pub catalog: Option<PathBuf>,
    /// Where the raw figures go.
    pub json: Option<PathBuf>,
    /// The report whose marked block is replaced.
    pub report: Option<PathBuf>,
    /// Where the learning sessions go (then the run stops).
    pub export_learn: Option<PathBuf>,
    /// The evaluation options.
    pub options: Options,
}

fn number<T: std::str::FromStr>(flag: &str, v: &str) -> Result<T, String> {
    v.parse()
        .map_err(|_| format!("{flag} needs a number, got \"{v}\""))
}

fn columns(v: &str) -> Result<Columns, String> {
    let text = if v.trim_start().starts_with('{') {
        v.to_string()
    } else {
        std::fs::read_to_string(v)
            .map_err(|e| format!("cannot read the column mapping {v}: {e}"))?
    };
    let json = serde_json::from_str(&text)
        .map_err(|e| format!("the column mapping is not valid JSON: {e}"))?;
    Columns::from_json(&json)
}

fn weights(v: &str, o: &mut Options) -> Result<(), String> {
    for pair in v.split(',').filter(|p| !p.is_empty()) {
        let (k, x) = pair
            .split_once('=')
            .ok_or_else(|| format!("--weights takes name=number pairs, got \"{pair}\""))?;
        let x: f64 = number("--weights", x)?;
        match k.trim() {
            "recent" => o.weights.recent = x,
            "related" => o.weights.related = x,
            "affinity" => o.weights.affinity = x,
            other => {
                return Err(format!(
                    "--weights knows recent, related and affinity, not \"{other}\""
                ))
            }
        }
    }
    Ok(())
}

/// Reads the command line (without the program name).
pub fn parse(argv: &[String]) -> Result<Args, String> {
    let mut a = Args::default();
    let mut data = None;
    let mut it = argv.iter();
    while let Some(flag) = it.next() {
        if flag == "--no-sweep" {
            a.options.sweep = false;
            continue;
        }
        let v = it
            .next()
            .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        let o = &mut a.options;
        match flag.as_str() {
            "--data" => data = Some(PathBuf::from(v)),
            "--columns" => o.columns = columns(v)?,
            "--catalog" => a.catalog = Some(PathBuf::from(v)),
            "--json" => a.json = Some(PathBuf::from(v)),
            "--report" => a.report = Some(PathBuf::from(v)),
            "--shelf" => o.shelves.size = number(flag, v)?,
            "--pool" => o.shelves.pool = number(flag, v)?,
            "--seed" => o.shelves.seed = number(flag, v)?,
            "--top-n" => o.rel.top_n = number(flag, v)?,
            "--min-count" => o.rel.min_count = number(flag, v)?,
            "--learn-share" => o.learn_share = number(flag, v)?,
            "--bootstrap" => o.bootstrap = number(flag, v)?,
            "--weights" => weights(v, o)?,
            "--export-learn" => a.export_learn = Some(PathBuf::from(v)),
            "--learned" => {
                let text = std::fs::read_to_string(v)
                    .map_err(|e| format!("cannot read the manifest {v}: {e}"))?;
                o.learned = super::shipped::read_manifest(&text)
                    .map_err(|e| format!("the manifest {v}: {e}"))?;
            }
            other => return Err(format!("unknown option {other}\n{USAGE}")),
        }
    }
    a.data = data.ok_or_else(|| format!("--data is required\n{USAGE}"))?;
    let o = &a.options;
    if o.shelves.size < 2 || o.shelves.pool < 1 || o.rel.top_n < 1 {
        return Err("--shelf needs at least 2, --pool and --top-n at least 1".into());
    }
    if !(0.0 < o.learn_share && o.learn_share < 1.0) {
        return Err("--learn-share is a share of the days between 0 and 1, e.g. 0.8".into());
    }
    Ok(a)
}

/// Runs with the given command line; prints the figures; returns the exit code.
pub fn main(argv: &[String]) -> i32 {
    if argv.iter().any(|a| a == "--help" || a == "-h") {
        println!("{USAGE}");
        return 0;
    }
    match run(argv) {
        Ok(summary) => {
            println!("{summary}");
            0
        }
        Err(e) => {
            eprintln!("[shelfwise] eval: {e}");
            1
        }
    }
}

fn run(argv: &[String]) -> Result<String, String> {
    let a = parse(argv)?;
    let read = |p: &PathBuf, what: &str| {
        std::fs::read_to_string(p).map_err(|e| {
            format!(
                "cannot read the {what} {}: {e}; pass its path with --{what}",
                p.display()
            )
        })
    };
    let text = read(&a.data, "data")?;
    let log = match &a.catalog {
        None => log::read_log(&text, &a.options.columns),
        Some(c) => log::read_with_catalog(&text, &read(c, "catalog")?, &a.options.columns),
    }
    .map_err(|e| format!("{}: {e}", a.data.display()))?;
    if let Some(p) = &a.export_learn {
        let split = super::learn::split(&log.sessions, a.options.learn_share);
        write(p, &super::shipped::learning_csv(&split))?;
        return Ok(format!(
            "wrote the {} learning sessions ({} .. {}) to {}",
            split.learn.len(),
            super::log::civil_from_days(split.learn_days.0),
            super::log::civil_from_days(split.learn_days.1),
            p.display()
        ));
    }
    let outcome = super::evaluate(&log, &a.options)?;
    let source = a.data.file_name().map_or_else(
        || a.data.display().to_string(),
        |f| f.to_string_lossy().into_owned(),
    );
    if let Some(p) = &a.json {
        let text = serde_json::to_string_pretty(&report::to_json(&outcome, &source))
            .map_err(|e| e.to_string())?;
        write(p, &(text + "\n"))?;
    }
    let block = report::markdown(&outcome, &source);
    if let Some(p) = &a.report {
        let existing = std::fs::read_to_string(p).ok();
        write(p, &report::splice(existing.as_deref(), &block))?;
    }
    Ok(report::summary(&outcome))
}

fn write(p: &PathBuf, text: &str) -> Result<(), String> {
    if let Some(dir) = p.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::write(p, text).map_err(|e| format!("cannot write {}: {e}", p.display()))
}
