//! A visitor on an injected clock, a tiny catalog, and lookups into the attributes document.

use serde_json::{json, Value};
use shelfwise::core::attributes::Context;
use shelfwise::core::condition::eval_condition;
use shelfwise::core::config;
use shelfwise::core::engine::{Engine, Update};
use shelfwise::core::event::{Event, PageFacts};
use shelfwise::core::json::{Json, Obj};
use shelfwise::core::profile::snapshot::decode;
use shelfwise::core::profile::Profile;
use shelfwise::core::program::Program;
use shelfwise::core::regex::NativeRegex;

/// One minute in ms.
pub const MIN: i64 = 60_000;
/// One hour in ms.
pub const HOUR: i64 = 60 * MIN;
/// One day in ms.
pub const DAY: i64 = 24 * HOUR;
/// 2023-11-14 22:13:20 UTC, a Tuesday: when every test begins.
pub const T0: i64 = 1_700_000_000_000;

/// Reads a config the way the engine does; panics with every error if it is invalid.
pub fn config(v: Value) -> Program {
    config::compile_json(&Json::from(&v), &NativeRegex)
        .unwrap_or_else(|e| panic!("invalid test config: {e:?}"))
}

/// A GA4 item of the test catalog.
pub fn item(id: &str) -> Value {
    let (cat, sub, brand, price) = match id {
        "SH-RUN-1" => ("Shoes", "Running", "Stridewell", 129.95),
        "SH-TRL-1" => ("Shoes", "Trail", "Stridewell", 89.0),
        "AP-JKT-1" => ("Apparel", "Jackets", "Northpeak", 289.0),
        "AC-SCK-1" => ("Accessories", "Socks", "Cushy", 14.5),
        other => panic!("{other} is not in the test catalog"),
    };
    let mut it = json!({
        "item_id": id, "item_name": format!("{brand} {sub}"), "item_brand": brand,
        "item_category": cat, "item_category2": sub, "price": price,
    });
    if id == "SH-RUN-1" {
        it["item_tags"] = json!(["cushioned", "road"]);
        it["item_variant"] = json!("blue/44");
    }
    it
}

/// A checked event, as `track` would make it.
pub fn event(name: &str, params: Value) -> Event {
    Event::parse(&Json::str(name), &Json::from(params)).unwrap_or_else(|e| panic!("{e}"))
}

/// A page view with the facts the browser shell reads from the URL and the referrer.
pub fn page_view(path: &str, referrer: Option<&str>, utm: Value) -> Event {
    Event {
        name: "page_view".into(),
        page: Some(PageFacts {
            path: path.into(),
            referrer: referrer.map(Into::into),
            utm: Json::from(utm).as_object().cloned().unwrap_or_default(),
        }),
        ..Event::default()
    }
}

/// One visitor's engine and the time it is for them.
pub struct Visitor {
    pub engine: Engine,
    pub now: i64,
}

impl Visitor {
    /// A first-time visitor at `T0` under `config`.
    pub fn new(cfg: Value) -> Visitor {
        Visitor::with_context(cfg, Context::default())
    }

    /// A first-time visitor at `T0` on a page described by `ctx`.
    pub fn with_context(cfg: Value, ctx: Context) -> Visitor {
        Visitor {
            engine: Engine::new(config(cfg), Profile::new("test"), ctx, T0),
            now: T0,
        }
    }

    /// Lets `ms` pass.
    pub fn after(&mut self, ms: i64) -> &mut Visitor {
        self.now += ms;
        self
    }

    /// Tracks a GA4 event now.
    pub fn track(&mut self, name: &str, params: Value) -> Update {
        self.engine.track(event(name, params), self.now)
    }

    /// Views a page now.
    pub fn page(&mut self, path: &str, referrer: Option<&str>, utm: Value) -> Update {
        self.engine.track(page_view(path, referrer, utm), self.now)
    }

    /// The attribute at a dotted path now (null when absent).
    pub fn get(&self, path: &str) -> Json {
        let doc = self.engine.attributes(self.now);
        path.split('.')
            .try_fold(&doc, |v, k| v.get(k))
            .cloned()
            .unwrap_or(Json::Null)
    }

    /// The same visitor on their next page: the stored profile read back under `cfg`.
    pub fn reload(&self, cfg: Value) -> Visitor {
        let cfg = config(cfg);
        let stored = self.engine.snapshot();
        let profile = decode(&stored, self.now, &cfg.rules).unwrap_or_else(|e| panic!("{e}"));
        Visitor {
            engine: Engine::new(cfg, profile, Context::default(), self.now),
            now: self.now,
        }
    }

    /// Whether a segment condition holds for this visitor now.
    pub fn segment_holds(&self, condition: Value) -> bool {
        let doc = self.engine.attributes(self.now);
        eval_condition(&Json::from(condition), &doc, &Obj::new(), &NativeRegex)
    }
}
