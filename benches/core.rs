//! Native benchmarks of the engine core (criterion): segment conditions, ingest
//! (`Engine::track`), ranking, and the stored profile's encode/decode.
//!
//! Inputs are the generated fixtures `npm run bench` writes to `target/bench/fixtures.json`
//! (`SHELFWISE_BENCH_FIXTURES` names another path): the same config of 50 segments over 30
//! features, visitor history, items and event streams the browser benchmarks use.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(native::benches);

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use criterion::{criterion_group, BatchSize, Criterion};
    use serde_json::{json, Map, Value};
    use shelfwise::core::attributes::Context;
    use shelfwise::core::config::Config;
    use shelfwise::core::engine::Engine;
    use shelfwise::core::event::Event;
    use shelfwise::core::profile::{snapshot, Profile};
    use shelfwise::core::rank::{parse_items, RankItem};
    use shelfwise::core::regex::NativeRegex;
    use std::hint::black_box;
    use std::path::PathBuf;

    /// A fixed "now" (September 2026), so every run sees the same windows and decay.
    const END: i64 = 1_790_000_000_000;
    const HOUR: i64 = 3_600_000;

    /// Stops the benchmark with a message saying what is missing and how to get it.
    fn fail(msg: &str) -> ! {
        eprintln!("benches/core.rs: {msg}");
        std::process::exit(1)
    }

    /// The generated inputs, parsed.
    struct Fixtures {
        v: Value,
        ctx: Context,
    }

    impl Fixtures {
        fn load() -> Fixtures {
            let path = std::env::var_os("SHELFWISE_BENCH_FIXTURES").map_or_else(
                || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench/fixtures.json"),
                PathBuf::from,
            );
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
                fail(&format!(
                    "cannot read the fixtures at {} ({e}); `npm run bench` writes them",
                    path.display()
                ))
            });
            let v: Value = serde_json::from_str(&text)
                .unwrap_or_else(|e| fail(&format!("{} is not JSON: {e}", path.display())));
            Fixtures {
                v,
                ctx: Context {
                    path: "/bench.html".into(),
                    page_type: "other".into(),
                    device: "desktop".into(),
                    width: 1280.0,
                    locale: "en-US".into(),
                    tz_offset_min: 0,
                },
            }
        }

        fn config(&self, key: &str) -> Config {
            let text = match &self.v[key] {
                Value::String(path) => std::fs::read_to_string(path)
                    .unwrap_or_else(|e| fail(&format!("cannot read {path}: {e}"))),
                other => other.to_string(),
            };
            Config::parse(&text, &NativeRegex).unwrap_or_else(|errors| {
                let lines: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
                fail(&format!("config {key} has errors: {}", lines.join("; ")))
            })
        }

        /// Events of stream `key` with their times (ms relative to the end, ≤ 0).
        fn events(&self, key: &str) -> Vec<(Event, i64)> {
            let Some(list) = self.v[key].as_array() else {
                fail(&format!("the fixtures have no event list {key}"))
            };
            list.iter()
                .map(|e| {
                    let event = Event::parse(&e["name"], &e["params"])
                        .unwrap_or_else(|err| fail(&format!("{key}: {err}")));
                    (event, e["t"].as_i64().unwrap_or(0))
                })
                .collect()
        }

        fn object(&self, key: &str) -> Map<String, Value> {
            match &self.v[key] {
                Value::Object(m) => m.clone(),
                _ => fail(&format!("the fixtures have no object {key}")),
            }
        }

        fn items(&self, key: &str) -> Vec<RankItem> {
            parse_items(&self.v[key]).unwrap_or_else(|e| fail(&format!("{key}: {e}")))
        }

        /// An engine under config `key` whose visitor has the primer history (last visit an
        /// hour before END), stated preferences and the shop's attributes.
        fn primed(&self, key: &str) -> Engine {
            let primer = self.events("primer");
            let first = primer.first().map_or(0, |(_, t)| *t);
            let end = END - HOUR;
            let mut engine = Engine::new(
                self.config(key),
                Profile::new("bench-visitor"),
                self.ctx.clone(),
                end + first - 60_000,
            );
            for (e, t) in primer {
                engine.track(e, end + t);
            }
            if let Err(e) = engine.set_preferences(self.object("preferences"), END) {
                fail(&e);
            }
            if let Err(e) = engine.set_attributes(self.object("attributes"), END) {
                fail(&e);
            }
            engine
        }
    }

    fn segments(c: &mut Criterion) {
        let fx = Fixtures::load();
        let mut all = fx.primed("benchConfig");
        let mut none = fx.primed("emptyConfig");
        let attrs = fx.object("attributes");
        let mut doc = all.attributes(END);
        let n = all.config().segments.len();
        c.bench_function("segments/eval", |b| {
            b.iter(|| {
                // What Engine::evaluate does per segment, on a document already built.
                let mut current: Vec<String> = Vec::new();
                for seg in &all.config().segments {
                    doc["segments"] = json!(current);
                    if seg.condition.eval(&doc) {
                        current.push(seg.id.clone());
                    }
                }
                black_box(current)
            })
        });
        c.bench_function("segments/attributes", |b| {
            b.iter(|| black_box(all.attributes(END)))
        });
        c.bench_function("segments/set_attributes", |b| {
            b.iter(|| black_box(all.set_attributes(attrs.clone(), END)))
        });
        c.bench_function("segments/set_attributes_none", |b| {
            b.iter(|| black_box(none.set_attributes(attrs.clone(), END)))
        });
        println!("segments evaluated: {n}");
    }

    fn ingest(c: &mut Criterion) {
        let fx = Fixtures::load();
        let mut engine = fx.primed("benchConfig");
        let stream = fx.events("ingest");
        let mut next = 0usize;
        let mut now = END;
        c.bench_function("ingest/track", |b| {
            b.iter_batched(
                || {
                    let (mut e, _) = stream[next % stream.len()].clone();
                    if e.name == "purchase" {
                        e.transaction_id = Some(format!("B-{next}"));
                    }
                    next += 1;
                    now += 1_000;
                    (e, now)
                },
                |(e, t)| black_box(engine.track(e, t)),
                BatchSize::SmallInput,
            )
        });
    }

    fn ranking(c: &mut Criterion) {
        let fx = Fixtures::load();
        let engine = fx.primed("benchConfig");
        let items = fx.items("rankItems");
        let items200 = fx.items("rankItems200");
        c.bench_function("rank/items1000", |b| {
            b.iter(|| black_box(engine.rank("bench-rank", &items, END)))
        });
        c.bench_function("rank/items200", |b| {
            b.iter(|| black_box(engine.rank("bench-rank", &items200, END)))
        });
        c.bench_function("rank/plain1000", |b| {
            b.iter(|| black_box(engine.rank("bench-plain", &items, END)))
        });
        // What the browser shell does around ranking: items JSON text in, the order JSON out.
        let text = fx.v["rankItems"].to_string();
        c.bench_function("rank/json1000", |b| {
            b.iter(|| {
                let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
                let items = parse_items(&v).unwrap_or_default();
                black_box(
                    engine
                        .rank("bench-plain", &items, END)
                        .to_json(false)
                        .to_string(),
                )
            })
        });
    }

    fn profile(c: &mut Criterion) {
        let fx = Fixtures::load();
        let stream = fx.events("storage");
        let start = END + stream.first().map_or(0, |(_, t)| *t) - 1_000;
        let mut engine = Engine::new(
            fx.config("demoConfig"),
            Profile::new("bench-visitor"),
            fx.ctx.clone(),
            start,
        );
        let n = stream.len();
        for (e, t) in stream {
            engine.track(e, END + t);
        }
        let text = engine.snapshot();
        println!(
            "profile after {n} events over 90 days: {} bytes",
            text.len()
        );
        c.bench_function("profile/encode", |b| {
            b.iter(|| black_box(snapshot::encode(engine.profile())))
        });
        c.bench_function("profile/decode", |b| {
            b.iter(|| black_box(snapshot::decode(&text, END, engine.config())))
        });
    }

    criterion_group!(benches, segments, ingest, ranking, profile);
}
