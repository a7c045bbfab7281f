//! The one place where the specification's steps become calls into the engine's Rust API
//! (`shelfwise::core`), and what the engine shows becomes plain JSON to compare. When the core's
//! API changes, this file is the one to rewrite.
//!
//! It does what the browser shell and the JS entry do around the core, and nothing more: a page
//! load opens a `Page` (consent, storage, the page view and the product view), orders every
//! widget, then reads what was already in `window.dataLayer`; the shopper sees a widget when a
//! step says so (the browser's widgets sit below the fold); leaving a page
//! writes pending changes (`pagehide`); storage is one text kept across page loads.

use super::case::Step;
use serde_json::{json, Map, Value};
use shelfwise::core::config::Config;
use shelfwise::core::engine::Engine;
use shelfwise::core::page::context::{self, Surroundings};
use shelfwise::core::page::{Page, Start, Store, Unreadable};
use shelfwise::core::profile::Profile;
use shelfwise::core::rank::{from_markup, parse_items, RankItem};
use shelfwise::core::regex::NativeRegex;

/// The host name of the shop in native runs (a referrer with this host is the shop itself).
const HOST: &str = "shop.test";
/// The language of the browser in every run.
const LOCALE: &str = "en-US";

/// localStorage, as the engine sees it: the stored profile, kept across page loads.
#[derive(Default)]
struct Memory(Option<String>);

impl Store for Memory {
    fn read(&mut self) -> Result<Option<String>, Unreadable> {
        Ok(self.0.clone())
    }
    fn write(&mut self, text: &str) -> bool {
        self.0 = Some(text.to_string());
        true
    }
    fn erase(&mut self) {
        self.0 = None;
    }
}

/// One open page: the engine's page and what its markup holds.
struct Open {
    page: Page,
    widgets: Vec<(String, Vec<RankItem>)>,
    slots: Map<String, Value>,
}

/// The ids of the items of widget `widget` (as the browser reads them from its markup).
fn shown(o: &Open, widget: &str) -> Result<Vec<String>, String> {
    let (_, items) = o
        .widgets
        .iter()
        .find(|(w, _)| w == widget)
        .ok_or(format!("no widget {widget}"))?;
    Ok(items.iter().map(|it| it.item.id.clone()).collect())
}

/// One visitor's browser: storage, a clock, and the page open in it.
pub struct Browser {
    store: Memory,
    now: i64,
    ids: u32,
    config: Value,
    page: Map<String, Value>,
    open: Option<Open>,
}

/// The item a `data-sw-*` element of the page describes.
fn markup_item(v: &Value, id_attr: &str) -> Option<RankItem> {
    let text = |k: &str| match v.get(k) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    from_markup(id_attr, |attr| match attr.strip_prefix("data-sw-") {
        Some("item") | Some("product") => text("id"),
        Some(k) => text(k),
        None => None,
    })
}

/// `(path, decoded query parameters)` of a page URL such as `/product.html?utm_source=x`.
fn split_url(url: &str) -> (String, Vec<(String, String)>) {
    let url = url.split('#').next().unwrap_or_default();
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let decode = |s: &str| {
        let s = s.replace('+', " ");
        let mut out = Vec::new();
        let b = s.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let hex = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            match (b[i], hex) {
                (b'%', Some(x)) => {
                    out.push(x);
                    i += 3;
                }
                (c, _) => {
                    out.push(c);
                    i += 1;
                }
            }
        }
        String::from_utf8_lossy(&out).into_owned()
    };
    let params = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect();
    (if path.is_empty() { "/" } else { path }.to_string(), params)
}

fn object(v: &Value, what: &str) -> Result<Map<String, Value>, String> {
    v.as_object()
        .cloned()
        .ok_or_else(|| format!("{what} takes an object in this suite, got {v}"))
}

impl Browser {
    /// A browser with empty storage whose clock reads `now`; it opens `page` with `config`.
    pub fn new(config: Value, page: Map<String, Value>, now: i64) -> Result<Browser, String> {
        let mut b = Browser {
            store: Memory::default(),
            now,
            ids: 0,
            config,
            page,
            open: None,
        };
        b.load()?;
        Ok(b)
    }

    /// A fresh random-looking id (deterministic: the holdout draw only matters at 0 and 100 %).
    fn id(&mut self) -> String {
        self.ids += 1;
        format!("spec-visitor-{}", self.ids)
    }

    /// A page load: `start({ config, consent })` on the current page.
    fn load(&mut self) -> Result<(), String> {
        let config = Config::from_value(&self.config, &NativeRegex).map_err(|errors| {
            let lines: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
            format!("the config has errors: {}", lines.join("; "))
        })?;
        let p = self.page.clone();
        let text = |k: &str| p.get(k).and_then(Value::as_str).unwrap_or_default();
        let (path, params) = split_url(p.get("url").and_then(Value::as_str).unwrap_or("/"));
        let referrer = match text("referrer") {
            r if r.starts_with('/') => format!("http://{HOST}{r}"),
            r => r.to_string(),
        };
        let product = p
            .get("product")
            .and_then(|v| markup_item(v, "data-sw-product"));
        let ctx = context::context(&Surroundings {
            path: &path,
            declared_type: p.get("pageType").and_then(Value::as_str),
            has_product: product.is_some(),
            width: p.get("width").and_then(Value::as_f64).unwrap_or(1280.0),
            user_agent: text("userAgent"),
            locale: LOCALE,
            tz_offset_min: p.get("timezoneOffset").and_then(Value::as_i64).unwrap_or(0),
        });
        let id = self.id();
        let mut engine = Engine::new(config, Profile::new(&id), ctx, self.now);
        let writer = self.id();
        engine.set_writer(&writer);
        let data_layer: Vec<Value> = p
            .get("dataLayer")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let start = Start {
            consent: p.get("consent").and_then(Value::as_bool),
            gpc: p.get("gpc").and_then(Value::as_bool).unwrap_or(false),
            data_layer: data_layer.clone(),
            facts: context::page_facts(&path, &params, &referrer, HOST),
            product,
        };
        let mut page = Page::open(engine, start, &mut self.store, self.now).page;
        let widgets: Vec<(String, Vec<RankItem>)> = p
            .get("widgets")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(id, items)| {
                let items = items.as_array().into_iter().flatten();
                (
                    id.clone(),
                    items
                        .filter_map(|v| markup_item(v, "data-sw-item"))
                        .collect(),
                )
            })
            .collect();
        // `start()` orders every widget of the page, then reads the dataLayer.
        for (id, items) in &widgets {
            page.order(id, items, self.now);
        }
        for entry in &data_layer {
            let id = self.id();
            let _ = page.data_layer(entry, &mut self.store, &id, self.now);
        }
        let slots = p
            .get("slots")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        self.open = Some(Open {
            page,
            widgets,
            slots,
        });
        Ok(())
    }

    /// Runs one step (not `expect`); returns the answer of `track`, if any.
    pub fn step(&mut self, step: &Step) -> Result<Option<Value>, String> {
        let now = self.now;
        let id = self.id();
        let store = &mut self.store;
        let o = self.open.as_mut().ok_or("no page is open")?;
        match step {
            Step::Track { name, params, .. } => {
                return Ok(Some(match o.page.track(name, params, now) {
                    Ok(_) => json!({ "ok": true }),
                    Err(e) => json!({ "ok": false, "error": e.to_string() }),
                }));
            }
            Step::DataLayer(entry) => {
                let _ = o.page.data_layer(entry, store, &id, now);
            }
            Step::SetAttributes(v) => {
                o.page.set_attributes(object(v, "setAttributes")?, now)?;
            }
            Step::SetPreferences(v) => {
                o.page.set_preferences(object(v, "setPreferences")?, now)?;
            }
            Step::Consent(granted) => {
                o.page.consent(*granted, true, store, &id, now);
            }
            Step::Forget => {
                o.page.forget(store, &id, now);
            }
            Step::See(widget) => {
                let items = shown(o, widget)?;
                o.page.seen(widget, Some(items));
            }
            Step::Click { widget, item } => {
                let it = o
                    .widgets
                    .iter()
                    .find(|(w, _)| w == widget)
                    .and_then(|(_, items)| items.iter().find(|i| i.item.id == *item))
                    .ok_or(format!("no item {item} in widget {widget}"))?
                    .item
                    .clone();
                // A widget clicked in has been seen.
                let items = shown(o, widget)?;
                o.page.seen(widget, Some(items));
                o.page.click(it, now);
            }
            Step::Advance(ms) => self.now += ms,
            Step::Reload { page, config } => {
                // Leaving the page writes what is pending (`pagehide`).
                let _ = o.page.flush(store, now);
                self.page.extend(page.clone());
                if let Some(c) = config {
                    self.config = c.clone();
                }
                self.load()?;
            }
            Step::Expect(_) => {}
        }
        Ok(None)
    }

    /// What the page shows now, for the keys of `expect`.
    pub fn observe(&mut self, expect: &Map<String, Value>) -> Result<Value, String> {
        let now = self.now;
        let o = self.open.as_mut().ok_or("no page is open")?;
        let mut out = Map::new();
        for key in expect.keys() {
            let v = match key.as_str() {
                "segments" => json!(o.page.engine().segments()),
                "widgets" => {
                    let mut m = Map::new();
                    for (id, items) in &o.widgets {
                        let r = o.page.order(id, items, now);
                        m.insert(id.clone(), json!({ "order": r.order, "hidden": r.hidden }));
                    }
                    Value::Object(m)
                }
                "slots" => {
                    let mut m = Map::new();
                    for (id, offers) in &o.slots {
                        let offers: Vec<String> = offers
                            .as_array()
                            .into_iter()
                            .flatten()
                            .filter_map(|x| x.as_str().map(String::from))
                            .collect();
                        m.insert(id.clone(), Value::from(o.page.variant(id, &offers)));
                    }
                    Value::Object(m)
                }
                "attributes" | "absent" => {
                    out.insert("attributes".into(), o.page.engine().attributes(now));
                    continue;
                }
                "storage" => Value::from(o.page.storage_state().as_str()),
                "stored" => {
                    let _ = o.page.flush(&mut self.store, now);
                    Value::from(self.store.0.is_some())
                }
                "report" => {
                    let r = &o.page.engine().profile().report;
                    let side = |c: &[u32; 3]| json!({ "exposures": c[0], "clicks": c[1], "addToCarts": c[2] });
                    json!({ "inHoldout": !o.page.personalized(), "personalized": side(&r.p), "holdout": side(&r.h) })
                }
                "rank" => {
                    let mut list = Vec::new();
                    for r in expect[key].as_array().into_iter().flatten() {
                        let widget = r["widget"].as_str().unwrap_or_default();
                        let mut items = parse_items(&r["items"])?;
                        o.page.shelf(widget, &mut items);
                        let ranked = o.page.rank(widget, &items, now, false);
                        list.push(json!({ "order": ranked.order, "hidden": ranked.hidden, "personalized": o.page.personalized() }));
                    }
                    Value::Array(list)
                }
                other => return Err(format!("unknown expectation \"{other}\"")),
            };
            out.insert(key.clone(), v);
        }
        Ok(Value::Object(out))
    }
}
