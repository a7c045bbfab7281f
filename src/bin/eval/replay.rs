//! Replays test sessions through the engine: after each view, a shelf of candidates in the
//! shop's default order is ranked by every strategy, and the place of the item the shopper
//! actually viewed next is recorded.

use super::learn::Learned;
use super::log::{Facts, Session};
use super::stats::Rng;
use super::Rel;
use serde_json::{json, Map, Value};
use shelfwise::core::attributes::Context;
use shelfwise::core::config::Config;
use shelfwise::core::engine::Engine;
use shelfwise::core::event::Event;
use shelfwise::core::profile::Profile;
use shelfwise::core::rank::{parse_items, RankItem};
use shelfwise::core::regex::NativeRegex;
use std::collections::{BTreeMap, HashMap, HashSet};

/// One way of ranking the shelf: a widget strategy of the config, with the relations it ships.
#[derive(Clone, Debug, PartialEq)]
pub struct Variant {
    /// Widget id in the config (letters, digits, `-`).
    pub id: String,
    /// What it is, in a few words.
    pub label: String,
    /// The widget's `rules`, as a shop writes them.
    pub rules: Value,
    /// Which relations the config's `related` key carries.
    pub rel: Rel,
    /// Part of the sweep rather than the headline comparison.
    pub sweep: bool,
}

/// How shelves are built.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Shelves {
    /// Items on a shelf (the next item plus this many minus one others).
    pub size: usize,
    /// The others are drawn from this many most viewed items of the learning days.
    pub pool: usize,
    /// Seed of the draws.
    pub seed: u64,
}

/// One test case: a session after `step` views, and where the next item landed.
#[derive(Clone, Debug, PartialEq)]
pub struct Case {
    /// Index of the session among the test sessions.
    pub session: usize,
    /// Views fed to the engine before ranking (k ≥ 1).
    pub step: usize,
    /// The item viewed next.
    pub target: String,
    /// The shelf, in the shop's default order (the target's place there is `pos[0]`).
    pub shelf: Vec<String>,
    /// 0-based place of the target: `[default, variant 0, variant 1, …]`.
    pub pos: Vec<usize>,
    /// Where the target is among the distinct items viewed so far, most recent first
    /// (0 = the item just viewed); None for an item not yet viewed in the session.
    pub seen_at: Option<usize>,
    /// The target was never viewed in the learning days.
    pub cold: bool,
    /// Some item viewed so far has a shipped relation to the target.
    pub covered: bool,
    /// The item just viewed is on the shelf but is not the target.
    pub current_on_shelf: bool,
    /// Time from the latest view to the next one (ms).
    pub gap_ms: i64,
}

/// The distinct items of `views`, most recent first (as the engine's recently viewed list).
pub fn recent_distinct(views: &[super::log::View]) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for v in views.iter().rev() {
        if !out.contains(&v.item.as_str()) {
            out.push(&v.item);
        }
    }
    out
}

fn draw_shelf(target: &str, learned: &Learned, s: &Shelves, rng: &mut Rng) -> Vec<String> {
    let pool = &learned.by_popularity[..s.pool.min(learned.by_popularity.len())];
    let available = pool.iter().filter(|i| *i != target).count();
    let want = s.size.saturating_sub(1).min(available);
    let mut chosen: Vec<&str> = Vec::with_capacity(want + 1);
    while chosen.len() < want {
        let c = pool[rng.below(pool.len())].as_str();
        if c != target && !chosen.contains(&c) {
            chosen.push(c);
        }
    }
    chosen.push(target);
    // The shop's default order: most viewed first; equal counts in random (seeded) order.
    let mut keyed: Vec<(u32, u64, &str)> = chosen
        .into_iter()
        .map(|i| (learned.views(i), rng.next_u64(), i))
        .collect();
    keyed.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    keyed.into_iter().map(|(_, _, i)| i.to_string()).collect()
}

/// Builds every test case (shelves drawn once, shared by all variants).
pub fn cases(
    test: &[&Session],
    learned: &Learned,
    relations: &BTreeMap<String, Vec<(String, u32)>>,
    shelves: &Shelves,
) -> Vec<Case> {
    let mut rng = Rng::new(shelves.seed);
    let mut out = Vec::new();
    for (si, s) in test.iter().enumerate() {
        for step in 1..s.views.len() {
            let target = s.views[step].item.clone();
            let seen = recent_distinct(&s.views[..step]);
            let covered = seen.iter().any(|v| {
                relations
                    .get(*v)
                    .is_some_and(|l| l.iter().any(|(o, _)| *o == target))
            });
            let shelf = draw_shelf(&target, learned, shelves, &mut rng);
            let default_pos = shelf.iter().position(|i| *i == target).unwrap_or(0);
            let current = seen.first().copied().unwrap_or_default();
            let current_on_shelf = current != target && shelf.iter().any(|i| i == current);
            out.push(Case {
                session: si,
                step,
                seen_at: seen.iter().position(|v| *v == target),
                cold: learned.views(&target) == 0,
                covered,
                current_on_shelf,
                gap_ms: s.views[step].time - s.views[step - 1].time,
                target,
                shelf,
                pos: vec![default_pos],
            });
        }
    }
    out
}

fn item_event(item: &str, facts: Option<&Facts>) -> Value {
    let mut o = Map::new();
    o.insert("item_id".into(), json!(item));
    if let Some(f) = facts {
        if let Some(c) = &f.category {
            o.insert("item_category".into(), json!(c));
        }
        if let Some(b) = &f.brand {
            o.insert("item_brand".into(), json!(b));
        }
    }
    json!({ "items": [Value::Object(o)] })
}

fn shelf_items(
    shelf: &[String],
    catalog: &HashMap<String, Facts>,
) -> Result<Vec<RankItem>, String> {
    let list: Vec<Value> = shelf
        .iter()
        .map(|id| {
            let f = catalog.get(id);
            json!({
                "id": id,
                "category": f.and_then(|f| f.category.clone()),
                "brand": f.and_then(|f| f.brand.clone()),
            })
        })
        .collect();
    parse_items(&Value::Array(list)).map_err(|e| format!("the engine refused a shelf: {e}"))
}

/// The config a shop would ship for these variants: one widget each, plus the relations.
pub fn config_json(variants: &[&Variant], related: Value) -> Value {
    let widgets: Map<String, Value> = variants
        .iter()
        .map(|v| (v.id.clone(), json!({ "rules": v.rules, "minItems": 0 })))
        .collect();
    json!({ "version": 1, "widgets": widgets, "related": related })
}

/// Ranks every case's shelf with every variant; appends each variant's place to `Case::pos`.
/// `sets` are the relations learned by `shelfwise relations` that variants may name.
pub fn replay(
    test: &[&Session],
    cases: &mut [Case],
    variants: &[Variant],
    learned: &Learned,
    sets: &[super::shipped::Learned],
    catalog: &HashMap<String, Facts>,
) -> Result<(), String> {
    for c in cases.iter_mut() {
        c.pos.resize(1 + variants.len(), usize::MAX);
    }
    let mut first_case = vec![0usize; test.len()];
    for (i, c) in cases.iter().enumerate().rev() {
        first_case[c.session] = i;
    }
    let mut groups: BTreeMap<Rel, Vec<usize>> = BTreeMap::new();
    for (i, v) in variants.iter().enumerate() {
        groups.entry(v.rel).or_default().push(i);
    }
    let name = json!("view_item");
    for (rel, members) in groups {
        let chosen: Vec<&Variant> = members.iter().map(|i| &variants[*i]).collect();
        let related = match rel {
            Rel::CoViews(p) => learned.related_json(p),
            Rel::Learned(i) => sets.get(i).map_or(Value::Null, |s| s.related_json()),
        };
        let text = config_json(&chosen, related);
        let config = Config::from_value(&text, &NativeRegex).map_err(|errs| {
            let list: Vec<String> = errs.iter().map(ToString::to_string).collect();
            format!(
                "the engine refused the evaluation config: {}",
                list.join("; ")
            )
        })?;
        let mut engine = Engine::new(config, Profile::new("replay"), Context::default(), 0);
        let mut rejected: HashSet<String> = HashSet::new();
        for (si, s) in test.iter().enumerate() {
            let Some(start) = s.views.first().map(|v| v.time) else {
                continue;
            };
            engine.forget(&format!("visitor-{}", s.id), start);
            for (k, view) in s.views.iter().enumerate() {
                match Event::parse(&name, &item_event(&view.item, catalog.get(&view.item))) {
                    Ok(e) => {
                        engine.track(e, view.time);
                    }
                    Err(e) => {
                        rejected.insert(format!("session {}: {e}", s.id));
                    }
                }
                engine.saved();
                if k + 1 >= s.views.len() {
                    continue;
                }
                let case = &mut cases[first_case[si] + k];
                let items = shelf_items(&case.shelf, catalog)?;
                for &vi in &members {
                    let order = engine.rank(&variants[vi].id, &items, view.time).order;
                    case.pos[1 + vi] = order
                        .iter()
                        .position(|i| *i == case.target)
                        .unwrap_or(order.len());
                }
            }
        }
        if let Some(first) = rejected.iter().next() {
            return Err(format!(
                "{} view events were refused by the engine, e.g. {first}",
                rejected.len()
            ));
        }
    }
    Ok(())
}
