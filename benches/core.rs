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
    use serde_json::Value;
    use shelfwise::core::attributes::Context;
    use shelfwise::core::config;
    use shelfwise::core::engine::Engine;
    use shelfwise::core::event::Event;
    use shelfwise::core::json::{Json, Obj};
    use shelfwise::core::profile::{snapshot, Profile};
    use shelfwise::core::program::Program;
    use shelfwise::core::rank::{parse_items, ItemRef, RankItem};
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

        fn config(&self, key: &str) -> Program {
            let text = match &self.v[key] {
                Value::String(path) => std::fs::read_to_string(path)
                    .unwrap_or_else(|e| fail(&format!("cannot read {path}: {e}"))),
                other => other.to_string(),
            };
            config::compile(&text, &NativeRegex)
                .unwrap_or_else(|e| fail(&format!("config {key} has errors: {e}")))
        }

        /// Events of stream `key` with their times (ms relative to the end, ≤ 0).
        fn events(&self, key: &str) -> Vec<(Event, i64)> {
            let Some(list) = self.v[key].as_array() else {
                fail(&format!("the fixtures have no event list {key}"))
            };
            list.iter()
                .map(|e| {
                    let event = Event::parse(&Json::from(&e["name"]), &Json::from(&e["params"]))
                        .unwrap_or_else(|err| fail(&format!("{key}: {err}")));
                    (event, e["t"].as_i64().unwrap_or(0))
                })
                .collect()
        }

        fn object(&self, key: &str) -> Obj {
            match Json::from(&self.v[key]) {
                Json::Obj(m) => m,
                _ => fail(&format!("the fixtures have no object {key}")),
            }
        }

        fn items(&self, key: &str) -> Vec<RankItem> {
            parse_items(&Json::from(&self.v[key])).unwrap_or_else(|e| fail(&format!("{key}: {e}")))
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
                fail(&e.message());
            }
            if let Err(e) = engine.set_attributes(self.object("attributes"), END) {
                fail(&e.message());
            }
            engine
        }
    }

    fn segments(c: &mut Criterion) {
        let fx = Fixtures::load();
        let mut all = fx.primed("benchConfig");
        let mut none = fx.primed("emptyConfig");
        let attrs = fx.object("attributes");
        let n = all.program().segments.len();
        // The attribute values the conditions read, computed once.
        let slots = all.slot_values().to_vec();
        c.bench_function("segments/eval", |b| {
            b.iter(|| {
                // Every segment's compiled condition over ready attribute values.
                let p = all.program();
                let held = p
                    .segments
                    .iter()
                    .filter(|s| p.conds.eval(s.cond, &slots))
                    .count();
                black_box(held)
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
        // The whole event as the shell sees it: JSON text in, checked, recorded, segments.
        let texts: Vec<(String, String)> = fx.v["ingest"]
            .as_array()
            .map(|l| {
                l.iter()
                    .map(|e| (e["name"].to_string(), e["params"].to_string()))
                    .collect()
            })
            .unwrap_or_default();
        let mut engine = fx.primed("benchConfig");
        c.bench_function("ingest/track_json", |b| {
            b.iter(|| {
                let (name, params) = &texts[next % texts.len()];
                next += 1;
                now += 1_000;
                let name = Json::parse(name).unwrap_or_default();
                let params = Json::parse(params).unwrap_or_default();
                if let Ok(mut e) = Event::parse(&name, &params) {
                    if e.name == "purchase" {
                        e.transaction_id = Some(format!("B-{next}"));
                    }
                    black_box(engine.track(e, now));
                }
            })
        });
    }

    fn page(c: &mut Criterion) {
        // One event on a page with a 200-item grid: the event is recorded, the segments it may
        // move re-evaluated, and the grid re-ordered only when its strategy reads what changed.
        let fx = Fixtures::load();
        let mut engine = fx.primed("benchConfig");
        let items = fx.items("rankItems200");
        let refs: Vec<ItemRef> = items.iter().map(|i| engine.put_item(i)).collect();
        let stream = fx.events("ingest");
        let mut next = 0usize;
        let mut now = END;
        let mut reordered = 0usize;
        c.bench_function("page/event200", |b| {
            b.iter_batched(
                || {
                    let (mut e, _) = stream[next % stream.len()].clone();
                    if e.name == "purchase" {
                        e.transaction_id = Some(format!("P-{next}"));
                    }
                    next += 1;
                    now += 1_000;
                    (e, now)
                },
                |(e, t)| {
                    let u = engine.track(e, t);
                    if engine.may_reorder("bench-rank", &u) {
                        reordered += 1;
                        black_box(engine.order("bench-rank", &refs, t));
                    }
                },
                BatchSize::SmallInput,
            )
        });
        println!("page/event200: re-ordered after {reordered} of {next} events");
    }

    fn ranking(c: &mut Criterion) {
        let fx = Fixtures::load();
        let engine = fx.primed("benchConfig");
        let items = fx.items("rankItems");
        let items200 = fx.items("rankItems200");
        // The items as the page's catalog holds them (read once per element).
        let refs: Vec<ItemRef> = items.iter().map(|i| engine.put_item(i)).collect();
        let refs200: Vec<ItemRef> = items200.iter().map(|i| engine.put_item(i)).collect();
        c.bench_function("rank/items1000", |b| {
            b.iter(|| black_box(engine.order("bench-rank", &refs, END)))
        });
        c.bench_function("rank/items200", |b| {
            b.iter(|| black_box(engine.order("bench-rank", &refs200, END)))
        });
        c.bench_function("rank/plain1000", |b| {
            b.iter(|| black_box(engine.order("bench-plain", &refs, END)))
        });
        c.bench_function("rank/explain1000", |b| {
            b.iter(|| black_box(engine.rank("bench-rank", &items, END)))
        });
        // What the browser shell does around ranking: items JSON text in, the order JSON out.
        let text = fx.v["rankItems"].to_string();
        c.bench_function("rank/json1000", |b| {
            b.iter(|| {
                let v = Json::parse(&text).unwrap_or_default();
                let items = parse_items(&v).unwrap_or_default();
                let refs: Vec<ItemRef> = items.iter().map(|i| engine.put_item(i)).collect();
                let order = engine.order("bench-plain", &refs, END);
                let out = Json::Arr(order.order.iter().map(|i| Json::from(*i)).collect());
                black_box(out.to_text())
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
            b.iter(|| black_box(snapshot::decode(&text, END, &engine.program().rules)))
        });
        // A flush whose storage still holds this tab's last write: nothing to decode.
        let mut own = Engine::new(
            fx.config("demoConfig"),
            Profile::new("bench-visitor"),
            fx.ctx.clone(),
            END,
        );
        let mut stored = own.snapshot();
        own.saved();
        let view = fx.events("storage");
        let mut k = 0usize;
        c.bench_function("profile/flush_own", |b| {
            b.iter(|| {
                let (e, _) = view[k % view.len()].clone();
                k += 1;
                own.track(e, END + k as i64);
                black_box(own.rebase(&stored, END + k as i64)).ok();
                stored = own.snapshot();
                own.saved();
            })
        });
    }

    criterion_group!(benches, segments, ingest, page, ranking, profile);
}
