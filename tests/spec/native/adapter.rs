//! The one place where the specification's steps become calls into the engine's Rust API
//! (`shelfwise::core`), and what the engine shows becomes plain JSON to compare. When the core's
//! API changes, this file is the one to rewrite.
//!
//! It does what the browser shell and the JS entry do around the core, and nothing more: a page
//! load opens a `Page` (consent, storage, the page view and the product view), orders every
//! widget, then reads what was already in `window.dataLayer`; the shopper sees a widget when a
//! step says so (the browser's widgets sit below the fold); leaving a page writes pending changes
//! (`pagehide`); storage is one text kept across page loads. A route change reports the history
//! navigation when the config follows it, and the new route's widgets as they appear; items
//! appended to a widget are reported as they arrive.

use super::case::Step;
use serde_json::{json, Map, Value};
use shelfwise::core::config;
use shelfwise::core::engine::Engine;
use shelfwise::core::error::Error;
use shelfwise::core::json::{Json, Obj};
use shelfwise::core::page::context::{self, Place, Surroundings};
use shelfwise::core::page::{Page, Start, Store, Unreadable};
use shelfwise::core::profile::Profile;
use shelfwise::core::rank::{from_markup, parse_items, ItemRef, RankItem};
use shelfwise::core::regex::NativeRegex;
use std::collections::HashMap;

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
    /// Widgets whose items arrived since the last change, as they stand: `(order, hidden)`.
    arrived: HashMap<String, (Vec<String>, Vec<String>)>,
}

/// The widgets of a page's markup (`{ id: [items] }`), in page order.
fn widgets_of(p: &Map<String, Value>) -> Vec<(String, Vec<RankItem>)> {
    p.get("widgets")
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
        .collect()
}

/// The order of a widget whose items are `items` (in the shop's order), as item ids: `(order,
/// hidden)`.
fn order(
    page: &mut Page,
    widget: &str,
    items: &[RankItem],
    now: i64,
) -> (Vec<String>, Vec<String>) {
    let refs: Vec<ItemRef> = items.iter().map(|i| page.put_item(i)).collect();
    let (r, _) = page.order(widget, &refs, now);
    let ids = |places: &[u32]| -> Vec<String> {
        places
            .iter()
            .map(|i| items[*i as usize].item.id.clone())
            .collect()
    };
    (ids(&r.order), ids(&r.hidden))
}

/// The slots of a page's markup (`{ id: [variant names] }`).
fn slots_of(p: &Map<String, Value>) -> Map<String, Value> {
    p.get("slots")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
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

fn object(v: &Value, what: &str) -> Result<Obj, String> {
    v.as_object()
        .cloned()
        .map(Obj::from)
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

    /// Where the browser is: the current page's address and markup, as the shell reads them.
    fn place(&self) -> Place {
        let p = &self.page;
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
        Place {
            route: context::route(&path, &params),
            ctx,
            facts: context::page_facts(&path, &params, &referrer, HOST),
            product,
        }
    }

    /// A page load: `start({ config, consent })` on the current page.
    fn load(&mut self) -> Result<(), String> {
        let config = config::compile_json(&Json::from(&self.config), &NativeRegex)
            .map_err(|e| format!("the config has errors: {}", e.message()))?;
        let p = self.page.clone();
        let place = self.place();
        let id = self.id();
        let mut engine = Engine::new(config, Profile::new(&id), place.ctx, self.now);
        let writer = self.id();
        engine.set_writer(&writer);
        let data_layer: Vec<Json> = p
            .get("dataLayer")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(Json::from)
            .collect();
        let start = Start {
            consent: p.get("consent").and_then(Value::as_bool),
            gpc: p.get("gpc").and_then(Value::as_bool).unwrap_or(false),
            data_layer: data_layer.clone(),
            facts: place.facts,
            product: place.product,
            route: place.route,
            since_load: 0,
            shown: false,
        };
        let mut page = Page::open(engine, start, &mut self.store, self.now).page;
        let widgets = widgets_of(&p);
        // `start()` orders every widget of the page, then reads the dataLayer.
        for (id, items) in &widgets {
            order(&mut page, id, items, self.now);
        }
        let here = self.place();
        for entry in &data_layer {
            let id = self.id();
            let _ = page.data_layer(entry, &mut self.store, &id, &|| here.clone(), self.now);
        }
        self.open = Some(Open {
            page,
            widgets,
            slots: slots_of(&p),
            arrived: HashMap::new(),
        });
        Ok(())
    }

    /// Runs one step (not `expect`); returns the answer of `track`, if any.
    pub fn step(&mut self, step: &Step) -> Result<Option<Value>, String> {
        let now = self.now;
        let id = self.id();
        let here = self.place();
        let here = || here.clone();
        if let Step::Navigate(route) = step {
            // `history.pushState` (with `tracking.history`, a page view of the new address while
            // the old route's markup is still there), then the router renders the new route's.
            const MARKUP: [&str; 4] = ["pageType", "product", "widgets", "slots"];
            let had_markup = MARKUP.iter().any(|k| self.page.contains_key(*k));
            let mut address = self.page.clone();
            address.insert("url".into(), route["url"].clone());
            let before = std::mem::replace(&mut self.page, address);
            let pushed = self.place();
            self.page = before;
            for k in MARKUP {
                self.page.remove(k);
            }
            self.page.extend(route.clone());
            let place = self.place();
            let o = self.open.as_mut().ok_or("no page is open")?;
            o.arrived.clear();
            if o.page.engine().program().track_history {
                o.page.navigated(pushed, now);
            }
            o.widgets = widgets_of(&self.page);
            o.slots = slots_of(&self.page);
            if had_markup || MARKUP.iter().any(|k| route.contains_key(*k)) {
                // The markup changed: the page follows the browser, then orders the new widgets.
                let _ = o.page.follow(place, now);
                for (id, items) in &o.widgets {
                    order(&mut o.page, id, items, now);
                }
            }
            return Ok(None);
        }
        let store = &mut self.store;
        let o = self.open.as_mut().ok_or("no page is open")?;
        if !matches!(
            step,
            Step::Expect(_) | Step::Advance(_) | Step::Append { .. }
        ) {
            // Any change orders the widgets again from the shop's order.
            o.arrived.clear();
        }
        match step {
            Step::Track { name, params, .. } => {
                let (name, params) = (Json::from(name), Json::from(params));
                return Ok(Some(match o.page.track(&name, &params, &here, now) {
                    Ok(_) => json!({ "ok": true }),
                    Err(e) => json!({ "ok": false, "error": Error::Event(e).message() }),
                }));
            }
            Step::DataLayer(entry) => {
                let _ = o
                    .page
                    .data_layer(&Json::from(entry), store, &id, &here, now);
            }
            Step::SetAttributes(v) => {
                o.page
                    .set_attributes(object(v, "setAttributes")?, now)
                    .map_err(|e| e.message())?;
            }
            Step::SetPreferences(v) => {
                o.page
                    .set_preferences(object(v, "setPreferences")?, now)
                    .map_err(|e| e.message())?;
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
            Step::Append { widget, items } => {
                let (w, list) = o
                    .widgets
                    .iter_mut()
                    .find(|(w, _)| w == widget)
                    .ok_or(format!("no widget {widget} on the page"))?;
                // What the widget shows now, then the new items after it.
                let (order, hidden) = match o.arrived.get(w.as_str()) {
                    Some(shown) => shown.clone(),
                    None => order(&mut o.page, w, list, now),
                };
                let known: Vec<String> = list.iter().map(|it| it.item.id.clone()).collect();
                list.extend(items.iter().filter_map(|v| markup_item(v, "data-sw-item")));
                let mut current: Vec<(String, bool)> =
                    order.into_iter().map(|i| (i, false)).collect();
                current.extend(hidden.into_iter().map(|i| (i, true)));
                current.extend(
                    list[known.len()..]
                        .iter()
                        .map(|it| (it.item.id.clone(), false)),
                );
                let (w, list) = (w.clone(), list.clone());
                let _ = o.page.follow(here(), now);
                let placed = o.page.arrived(&w, &list, &current, &known, now);
                if let Some(placed) = placed {
                    o.arrived.insert(w, placed);
                }
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
            Step::Navigate(_) | Step::Expect(_) => {}
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
                        let (order, hidden) = match o.arrived.get(id) {
                            Some(shown) => shown.clone(),
                            None => order(&mut o.page, id, items, now),
                        };
                        m.insert(id.clone(), json!({ "order": order, "hidden": hidden }));
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
                    out.insert(
                        "attributes".into(),
                        Value::from(o.page.engine().attributes(now)),
                    );
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
                        let mut items = parse_items(&Json::from(&r["items"]))?;
                        o.page.shelf(widget, &mut items);
                        let ranked = o.page.rank(widget, &items, now);
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
