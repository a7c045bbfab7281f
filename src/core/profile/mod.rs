//! The visitor profile: sessions, bounded behaviour aggregates, affinities and feature counts,
//! all updated by each event and small enough to store in the browser forever.

pub mod codec;
pub mod counts;
pub mod related;
mod session;
pub mod snapshot;
pub mod stats;
pub mod writes;

use crate::core::config::{Config, Measure};
use crate::core::event::{looks_like_email, Event, Item};
use crate::core::num::show;
use counts::{round2, Counts};
use serde_json::{Map, Value};
pub use session::Session;
use stats::{Action, Stats};
use std::collections::BTreeMap;
use writes::Writes;

/// Most items with their own counters.
pub const ITEM_CAP: usize = 64;
/// Most category paths with counters.
pub const CATEGORY_CAP: usize = 48;
/// Most brands with counters.
pub const BRAND_CAP: usize = 32;
/// Most tags with counters.
pub const TAG_CAP: usize = 32;
/// Most price bands with counters.
pub const BAND_CAP: usize = 16;
/// Length of the recently viewed list.
pub const VIEWED_CAP: usize = 20;
/// Length of the purchased items list.
pub const PURCHASED_CAP: usize = 50;
/// Length of the recent searches list.
pub const SEARCH_CAP: usize = 10;
/// Most cart lines.
pub const CART_CAP: usize = 50;
/// Most orders remembered.
pub const ORDERS_CAP: usize = 50;

/// One line of the current cart: `[item id, quantity, unit price, category path, brand]`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CartLine(pub String, pub f64, pub f64, pub String, pub String);

/// One order: `[time, value, transaction id]`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Order(pub i64, pub f64, pub String);

/// Exposure and outcome counters of personalized vs held-out widgets.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// Personalized: `[exposures, clicks, add-to-carts]`.
    pub p: [u32; 3],
    /// Held out: `[exposures, clicks, add-to-carts]`.
    pub h: [u32; 3],
}

/// Everything the engine remembers about one visitor.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Profile {
    /// Storage format version.
    pub v: u32,
    /// Random visitor id, kept locally (holdout assignment).
    pub id: String,
    /// First activity (ms).
    pub first: i64,
    /// Latest activity (ms).
    pub last: i64,
    /// The current (or latest) session.
    pub session: Session,
    /// Start times of recent sessions (ms), newest last.
    pub starts: Vec<i64>,
    /// Counters per item id.
    pub items: Stats,
    /// Counters per category path (every level).
    pub categories: Stats,
    /// Counters per brand.
    pub brands: Stats,
    /// Counters per tag.
    pub tags: Stats,
    /// Counters per price band label.
    pub bands: Stats,
    /// Recently viewed items `[id, time]`, most recent first.
    pub viewed: Vec<(String, i64)>,
    /// Purchased items `[id, time]`, most recent first.
    pub purchased: Vec<(String, i64)>,
    /// Recent searches `[term, time]`, most recent first.
    pub searches: Vec<(String, i64)>,
    /// The current cart.
    pub cart: Vec<CartLine>,
    /// Recent orders, oldest first.
    pub orders: Vec<Order>,
    /// Totals of config features, by feature id.
    pub features: BTreeMap<String, Counts>,
    /// Preferences the shopper stated (customization).
    pub prefs: Map<String, Value>,
    /// Exposure counters.
    pub report: Report,
    /// The latest write of each tab that wrote recently (merging tabs).
    pub writes: Writes,
    /// Related ids of items in the cart or recently viewed, as seen with them; most recent first.
    pub related: Vec<(String, Vec<String>)>,
}

/// What recording an event did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Recorded {
    /// The event was counted (false for a repeated purchase).
    pub counted: bool,
    /// It started a new session.
    pub new_session: bool,
}

/// The label of the price band `price` falls in, e.g. `"50-100"` or `"250+"`.
pub fn price_band(price: f64, bands: &[f64]) -> String {
    let mut lo = 0.0;
    for hi in bands {
        if price < *hi {
            return format!("{}-{}", show(lo), show(*hi));
        }
        lo = *hi;
    }
    format!("{}+", show(lo))
}

/// Puts `key` once in `list` (most recent first) at its place by time: an event replayed from
/// another tab may be older than what the list holds.
fn push_recent(list: &mut Vec<(String, i64)>, key: &str, now: i64, cap: usize) {
    let now = match list.iter().position(|(k, _)| k == key) {
        Some(i) => list.remove(i).1.max(now),
        None => now,
    };
    let at = list
        .iter()
        .position(|(_, t)| *t <= now)
        .unwrap_or(list.len());
    list.insert(at, (key.to_string(), now));
    list.truncate(cap);
}

impl Profile {
    /// A new, empty profile for visitor `id`.
    pub fn new(id: &str) -> Profile {
        Profile {
            v: snapshot::VERSION,
            id: id.to_string(),
            ..Profile::default()
        }
    }

    /// Records one event at `now` (ms); every aggregate is updated at once.
    pub fn record(&mut self, e: &Event, now: i64, cfg: &Config) -> Recorded {
        if e.name == "purchase" {
            if let Some(tx) = &e.transaction_id {
                if self.orders.iter().any(|o| o.2 == *tx) {
                    return Recorded::default();
                }
            }
        }
        let new_session = self.touch(now, e.page.as_ref(), cfg.session_timeout_ms);
        if self.first == 0 {
            self.first = now;
        }
        self.session.events += 1;
        if let Some(a) = Action::of(&e.name) {
            let points = cfg.affinity_weights.get(&e.name).copied().unwrap_or(0.0);
            for item in &e.items {
                self.count_item(item, a, points, now, cfg);
            }
        }
        match e.name.as_str() {
            "page_view" => self.session.pages += 1,
            "view_item" => {
                for item in &e.items {
                    push_recent(&mut self.viewed, &item.id, now, VIEWED_CAP);
                }
            }
            "add_to_cart" => e.items.iter().for_each(|i| self.cart_add(i)),
            "remove_from_cart" => e.items.iter().for_each(|i| self.cart_remove(i)),
            "purchase" => self.purchase(e, now),
            "search" if cfg.keep_search_terms => {
                // A search for an email address is personal data: counted, never kept.
                if let Some(t) = e.search_term.as_ref().filter(|t| !looks_like_email(t)) {
                    push_recent(&mut self.searches, t, now, SEARCH_CAP);
                }
            }
            _ => {}
        }
        if e.name == "view_item" || e.name == "add_to_cart" {
            for (id, ids) in &e.related {
                if e.items.iter().any(|i| i.id == *id) {
                    self.keep_related(id, ids);
                }
            }
        }
        self.prune_related();
        self.count_features(e, now, cfg);
        Recorded {
            counted: true,
            new_session,
        }
    }

    fn count_item(&mut self, item: &Item, a: Action, points: f64, now: i64, cfg: &Config) {
        let h = cfg.half_life_ms;
        self.items.add(&item.id, a, points, now, h, ITEM_CAP);
        for path in item.category_paths() {
            self.categories.add(&path, a, points, now, h, CATEGORY_CAP);
        }
        if let Some(b) = &item.brand {
            self.brands.add(b, a, points, now, h, BRAND_CAP);
        }
        for t in &item.tags {
            self.tags.add(t, a, points, now, h, TAG_CAP);
        }
        if let Some(p) = item.price {
            self.bands.add(
                &price_band(p, &cfg.price_bands),
                a,
                points,
                now,
                h,
                BAND_CAP,
            );
        }
    }

    fn cart_add(&mut self, item: &Item) {
        match self.cart.iter_mut().find(|l| l.0 == item.id) {
            Some(line) => {
                line.1 = (line.1 + item.quantity).min(crate::core::event::MAX_QUANTITY);
                if let Some(p) = item.price {
                    line.2 = round2(p);
                }
            }
            None => {
                self.cart.push(CartLine(
                    item.id.clone(),
                    item.quantity,
                    round2(item.price.unwrap_or(0.0)),
                    item.categories.join("/"),
                    item.brand.clone().unwrap_or_default(),
                ));
                if self.cart.len() > CART_CAP {
                    self.cart.remove(0);
                }
            }
        }
    }

    fn cart_remove(&mut self, item: &Item) {
        if let Some(line) = self.cart.iter_mut().find(|l| l.0 == item.id) {
            line.1 -= item.quantity;
        }
        self.cart.retain(|l| l.1 > 0.0);
    }

    fn purchase(&mut self, e: &Event, now: i64) {
        let tx = e.transaction_id.clone().unwrap_or_default();
        let at = self
            .orders
            .iter()
            .position(|o| o.0 > now)
            .unwrap_or(self.orders.len());
        self.orders.insert(at, Order(now, round2(e.amount()), tx));
        if self.orders.len() > ORDERS_CAP {
            self.orders.remove(0);
        }
        for item in &e.items {
            push_recent(&mut self.purchased, &item.id, now, PURCHASED_CAP);
        }
        self.cart.clear();
    }

    fn count_features(&mut self, e: &Event, now: i64, cfg: &Config) {
        for f in cfg.features_for(&e.name) {
            let amount = match &f.filter {
                None => match f.measure {
                    Measure::Count => 1.0,
                    Measure::Value => e.amount(),
                    Measure::Quantity => e.items.iter().map(|i| i.quantity).sum::<f64>().max(1.0),
                },
                Some(filter) => {
                    let hits: Vec<&Item> = e.items.iter().filter(|i| filter.matches(i)).collect();
                    if hits.is_empty() {
                        continue;
                    }
                    match f.measure {
                        Measure::Count => 1.0,
                        Measure::Value => hits
                            .iter()
                            .map(|i| i.price.unwrap_or(0.0) * i.quantity)
                            .sum(),
                        Measure::Quantity => hits.iter().map(|i| i.quantity).sum(),
                    }
                }
            };
            let c = self.features.entry(f.id.clone()).or_default();
            if c.sig != f.signature {
                *c = Counts {
                    sig: f.signature,
                    ..Counts::default()
                };
            }
            c.add(f.window, cfg.retention_days, now, self.session.n, amount);
        }
    }

    /// The value of feature `id` as of `now`.
    pub fn feature(&self, f: &crate::core::config::Feature, now: i64, cfg: &Config) -> f64 {
        match self.features.get(&f.id) {
            Some(c) if c.sig == f.signature => {
                c.value(f.window, cfg.retention_days, now, self.session.n)
            }
            _ => 0.0,
        }
    }

    /// Forgets everything older than the retention, and features the config no longer has.
    pub fn purge(&mut self, now: i64, cfg: &Config) {
        let cutoff = now - i64::from(cfg.retention_days) * counts::DAY;
        for s in [
            &mut self.items,
            &mut self.categories,
            &mut self.brands,
            &mut self.tags,
            &mut self.bands,
        ] {
            s.purge(cutoff);
        }
        for l in [&mut self.viewed, &mut self.purchased, &mut self.searches] {
            l.retain(|(_, t)| *t >= cutoff);
        }
        self.orders.retain(|o| o.0 >= cutoff);
        self.starts.retain(|t| *t >= cutoff);
        self.prune_related();
        self.features.retain(|id, c| {
            cfg.features
                .iter()
                .find(|f| f.id == *id && f.signature == c.sig)
                .map(|f| c.purge(f.window, cfg.retention_days, cutoff))
                .is_some()
        });
        if !cfg.keep_search_terms {
            self.searches.clear();
        }
        if self.last != 0 && self.last < cutoff {
            // Nothing left is younger than the retention: the visitor starts afresh, stated
            // preferences included (they were stated before the last activity). The random id
            // and the exposure counters stay, so the visitor keeps their holdout group.
            let id = std::mem::take(&mut self.id);
            let report = std::mem::take(&mut self.report);
            *self = Profile::new(&id);
            self.report = report;
        }
        // No date older than the retention stays either: first seen becomes the oldest visit left.
        if self.first != 0 && self.first < cutoff {
            let oldest = self.starts.iter().copied().min();
            self.first = oldest.unwrap_or(self.session.start).max(cutoff);
        }
        if self.session.prev < cutoff {
            self.session.prev = 0;
        }
    }

    /// Total quantity and value of the cart.
    pub fn cart_totals(&self) -> (f64, f64) {
        self.cart
            .iter()
            .fold((0.0, 0.0), |(q, v), l| (q + l.1, round2(v + l.1 * l.2)))
    }
}
