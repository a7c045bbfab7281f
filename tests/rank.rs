//! Ranking as a shop sees it: every strategy rule moves the items it should, targeted rules
//! apply only to their segments, ties keep the page's order, and explanations add up.
//!
//! Each test builds an engine from a config, lets a visitor do things (views, cart adds,
//! purchases, stated preferences) and reads the order of a shelf of items.
#![cfg(not(target_arch = "wasm32"))]

#[path = "rank/companions.rs"]
mod companions;
#[path = "rank/history.rs"]
mod history;
#[path = "rank/placement.rs"]
mod placement;
#[path = "rank/scoring.rs"]
mod scoring;
#[path = "rank/targeting.rs"]
mod targeting;

use serde_json::{json, Map, Value};
use shelfwise::core::attributes::Context;
use shelfwise::core::config;
use shelfwise::core::engine::Engine;
use shelfwise::core::event::Event;
use shelfwise::core::json::Json;
use shelfwise::core::profile::Profile;
use shelfwise::core::rank::{parse_items, RankItem, Ranking};
use shelfwise::core::regex::NativeRegex;

/// A fixed "now" (ms); tests move time forward from here.
pub const NOW: i64 = 1_750_000_000_000;
/// One day in ms.
pub const DAY: i64 = 86_400_000;

/// The shelf most tests rank, in page order.
pub fn shelf() -> Vec<RankItem> {
    items(json!([
        { "id": "J1", "category": "Apparel/Jackets", "brand": "Northpeak", "price": 289, "tags": "waterproof" },
        { "id": "T1", "category": "Outdoor/Tents", "brand": "Cairnline", "price": 249, "tags": "lightweight" },
        { "id": "R1", "category": "Shoes/Running", "brand": "Stridewell", "price": 129.95, "tags": "cushioned breathable" },
        { "id": "B1", "category": "Accessories/Bottles", "brand": "Bluefjord", "price": 32, "tags": "insulated" },
        { "id": "R2", "category": "Shoes/Running", "brand": "Kestrel", "price": 144.5, "tags": "waterproof reflective" },
        { "id": "S1", "category": "Shoes/Trail", "brand": "Stridewell", "price": 124.95, "tags": "grippy" },
        { "id": "K1", "category": "Accessories/Socks", "brand": "Stridewell", "price": 24.95, "tags": "cushioned" },
        { "id": "X1" }
    ]))
}

/// Items from their JSON form (as `sw.rank` takes them).
pub fn items(v: Value) -> Vec<RankItem> {
    parse_items(&Json::from(v)).unwrap()
}

/// The ids of `items`, in order.
pub fn ids(items: &[RankItem]) -> Vec<String> {
    items.iter().map(|i| i.item.id.clone()).collect()
}

/// A visitor browsing a shop whose config is `config`.
pub struct Visitor {
    /// The visitor's engine.
    pub engine: Engine,
    /// The visitor's clock (ms).
    pub now: i64,
    /// The items the visitor's pages show (their facts feed tracked events).
    pub items: Vec<RankItem>,
}

/// A config with `extra` merged into `{ "version": 1 }`.
pub fn config(extra: Value) -> Value {
    let mut c = json!({ "version": 1 });
    if let (Value::Object(c), Value::Object(e)) = (&mut c, extra) {
        c.extend(e);
    }
    c
}

/// A config whose widget `w` is ranked by `rules` (and the other strategy keys in `more`).
pub fn rules(rules: Value, more: Value) -> Value {
    let mut strategy = json!({ "rules": rules });
    if let (Value::Object(s), Value::Object(m)) = (&mut strategy, more) {
        s.extend(m);
    }
    config(json!({ "widgets": { "w": strategy } }))
}

impl Visitor {
    /// A first-time visitor under `config`, browsing the standard shelf.
    pub fn new(config: Value) -> Visitor {
        Visitor::with_items(config, shelf())
    }

    /// A first-time visitor under `config` whose pages show `items`.
    pub fn with_items(config: Value, items: Vec<RankItem>) -> Visitor {
        let config = config::compile_json(&Json::from(&config), &NativeRegex)
            .unwrap_or_else(|e| panic!("config errors: {e:?}"));
        Visitor {
            engine: Engine::new(config, Profile::new("visitor-1"), Context::default(), NOW),
            now: NOW,
            items,
        }
    }

    fn ga4(&self, id: &str) -> Value {
        let it = self
            .items
            .iter()
            .find(|i| i.item.id == id)
            .map(|i| i.item.clone())
            .unwrap_or_else(|| panic!("no item {id} on the shelf"));
        let mut o = json!({ "item_id": it.id, "item_tags": it.tags });
        for (i, c) in it.categories.iter().enumerate() {
            let key = if i == 0 {
                "item_category".to_string()
            } else {
                format!("item_category{}", i + 1)
            };
            o[key] = json!(c);
        }
        if let Some(b) = it.brand {
            o["item_brand"] = json!(b);
        }
        if let Some(p) = it.price {
            o["price"] = json!(p);
        }
        o
    }

    /// Tracks `name` for the items `ids` (their facts taken from the shelf), a minute later.
    pub fn track(&mut self, name: &str, ids: &[&str]) -> &mut Visitor {
        self.now += 60_000;
        let items: Vec<Value> = ids.iter().map(|id| self.ga4(id)).collect();
        let mut params = json!({ "items": items });
        if name == "purchase" {
            params["transaction_id"] = json!(format!("T-{}", self.now));
        }
        let e = Event::parse(&Json::str(name), &Json::from(params)).unwrap();
        self.engine.track(e, self.now);
        self
    }

    /// Views each of `ids` in turn.
    pub fn view(&mut self, ids: &[&str]) -> &mut Visitor {
        for id in ids {
            self.track("view_item", &[id]);
        }
        self
    }

    /// Lets `days` pass.
    pub fn wait_days(&mut self, days: i64) -> &mut Visitor {
        self.now += days * DAY;
        self
    }

    /// States preferences, as `sw.setPreferences` does.
    pub fn prefer(&mut self, prefs: Value) -> &mut Visitor {
        let Value::Object(m) = prefs else {
            panic!("preferences are an object")
        };
        self.engine.set_preferences(m.into(), self.now).unwrap();
        self
    }

    /// Sets what the shop knows about the visitor, as `sw.setAttributes` does.
    pub fn attrs(&mut self, attrs: Value) -> &mut Visitor {
        let m: Map<String, Value> = attrs.as_object().cloned().unwrap();
        self.engine.set_attributes(m.into(), self.now).unwrap();
        self
    }

    /// The ranking of widget `widget` over the visitor's shelf.
    pub fn rank(&self, widget: &str) -> Ranking {
        self.engine.rank(widget, &self.items, self.now)
    }

    /// The order of widget `w`.
    pub fn order(&self) -> Vec<String> {
        self.rank("w").order
    }

    /// The explanation of widget `w`, as `sw.explainRank()` returns it.
    pub fn explain(&self) -> Json {
        self.rank("w").to_json(true)
    }

    /// The reasons given for item `id` in widget `w`.
    pub fn reasons(&self, id: &str) -> Vec<Json> {
        let e = self.explain();
        e["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == id)
            .map(|i| i["reasons"].as_array().unwrap().to_vec())
            .unwrap_or_default()
    }
}

/// `list` as owned strings, for comparisons.
pub fn s(list: &[&str]) -> Vec<String> {
    list.iter().map(|x| x.to_string()).collect()
}

/// Position of `id` in `order` (panics when absent).
pub fn pos(order: &[String], id: &str) -> usize {
    order
        .iter()
        .position(|x| x == id)
        .unwrap_or_else(|| panic!("{id} not in {order:?}"))
}
