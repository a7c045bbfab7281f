//! The visitor profile: sessions, bounded behaviour aggregates, affinities and feature counts,
//! all updated by each event and small enough to store in the browser forever.
//!
//! The profile is data: it knows nothing of the compiled config. What recording needs from the
//! shop's settings comes in as [`Rules`]; the engine joins the two.

pub mod codec;
pub mod counts;
pub mod related;
mod session;
pub mod snapshot;
pub mod stats;
pub mod writes;

use crate::cat;
use crate::core::event::{looks_like_email, Event};
use crate::core::gather::Gather;
use crate::core::item::{prefixes, Item, ItemFilter};
use crate::core::json::Obj;
use crate::core::keymap::KeyMap;
use crate::core::parts::{FeatureSet, Parts};
use counts::{round2, Counts, Window};
pub use session::Session;
use stats::{Action, Stats};
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

/// Upper bounds of the default price bands.
pub const DEFAULT_PRICE_BANDS: [f64; 4] = [25.0, 50.0, 100.0, 250.0];

/// What a feature adds up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    /// Number of matching events.
    Count,
    /// Money: price × quantity of matching items (or the event value without a filter).
    Value,
    /// Quantity of matching items.
    Quantity,
}

/// A named aggregate over the visitor's events.
#[derive(Clone, Debug, PartialEq)]
pub struct FeatureDef {
    /// Its name; conditions read it as `features.<id>`.
    pub id: String,
    /// Event names it counts; empty means all.
    pub events: Vec<String>,
    /// Which items count; `None` means any event counts whole.
    pub filter: Option<ItemFilter>,
    /// How far back it looks.
    pub window: Window,
    /// What it adds up.
    pub measure: Measure,
    /// A digest of the definition: stored counts are dropped when the definition changes.
    pub signature: u32,
}

/// What recording needs from the shop's settings.
#[derive(Clone, Debug, PartialEq)]
pub struct Rules {
    /// Inactivity after which a new session starts, in ms.
    pub session_timeout_ms: i64,
    /// Affinity points per action (`Action` order).
    pub weights: [f64; 5],
    /// Affinity half-life in ms.
    pub half_life_ms: f64,
    /// Upper bounds of price bands, ascending.
    pub price_bands: Vec<f64>,
    /// Whether search terms are kept.
    pub keep_search_terms: bool,
    /// How long anything is kept, in days.
    pub retention_days: u32,
    /// The config's features, in config order.
    pub features: Vec<FeatureDef>,
}

impl Rules {
    /// How long anything is kept, in ms.
    pub fn retention_ms(&self) -> i64 {
        i64::from(self.retention_days) * counts::DAY
    }
}

impl Default for Rules {
    fn default() -> Rules {
        Rules {
            session_timeout_ms: 30 * 60_000,
            weights: [1.0, 2.0, 5.0, 3.0, 8.0],
            half_life_ms: 30.0 * 86_400_000.0,
            price_bands: DEFAULT_PRICE_BANDS.to_vec(),
            keep_search_terms: true,
            retention_days: 90,
            features: Vec::new(),
        }
    }
}

/// One line of the current cart: `[item id, quantity, unit price, category path, brand, further
/// category paths]`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CartLine(
    pub String,
    pub f64,
    pub f64,
    pub String,
    pub String,
    pub Vec<String>,
);

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
    pub features: KeyMap<Counts>,
    /// Preferences the shopper stated (customization).
    pub prefs: Obj,
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
    /// The parts of the profile it changed.
    pub touched: Parts,
    /// The features it counted.
    pub features: FeatureSet,
}

/// The label of the price band `price` falls in, e.g. `"50-100"` or `"250+"`.
pub fn price_band(price: f64, bands: &[f64]) -> String {
    let mut lo = 0.0;
    for hi in bands {
        if price < *hi {
            return cat!(lo, '-', *hi);
        }
        lo = *hi;
    }
    cat!(lo, '+')
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
    pub fn record(&mut self, e: &Event, now: i64, rules: &Rules) -> Recorded {
        if e.name == "purchase" {
            if let Some(tx) = &e.transaction_id {
                if self.orders.iter().any(|o| o.2 == *tx) {
                    return Recorded::default();
                }
            }
        }
        let mut touched = Parts::SESSION;
        let new_session = self.touch(now, e.page.as_ref(), rules.session_timeout_ms);
        if new_session {
            touched |= Parts::SESSION_START;
        }
        if self.first == 0 {
            self.first = now;
        }
        self.session.events += 1;
        if let Some(a) = Action::of(&e.name) {
            let points = rules.weights[a as usize];
            for item in &e.items {
                self.count_item(item, a, points, now, rules);
            }
            if !e.items.is_empty() {
                touched |= Parts::STATS;
            }
        }
        match e.name.as_str() {
            "page_view" => self.session.pages += 1,
            "view_item" => {
                for item in &e.items {
                    push_recent(&mut self.viewed, &item.id, now, VIEWED_CAP);
                }
                touched |= Parts::VIEWED;
            }
            "add_to_cart" => {
                e.items.iter().for_each(|i| self.cart_add(i));
                touched |= Parts::CART;
            }
            "remove_from_cart" => {
                e.items.iter().for_each(|i| self.cart_remove(i));
                touched |= Parts::CART;
            }
            "purchase" => {
                self.purchase(e, now);
                touched |= Parts::ORDERS | Parts::PURCHASED | Parts::CART;
            }
            "search" if rules.keep_search_terms => {
                // A search for an email address is personal data: counted, never kept.
                if let Some(t) = e.search_term.as_ref().filter(|t| !looks_like_email(t)) {
                    push_recent(&mut self.searches, t, now, SEARCH_CAP);
                    touched |= Parts::SEARCHES;
                }
            }
            _ => {}
        }
        if e.name == "view_item" || e.name == "add_to_cart" {
            for (id, ids) in &e.related {
                if e.items.iter().any(|i| i.id == *id) {
                    self.keep_related(id, ids);
                    touched |= Parts::RELATED;
                }
            }
        }
        if self.prune_related() {
            touched |= Parts::RELATED;
        }
        let features = self.count_features(e, now, rules);
        if !features.is_empty() {
            touched |= Parts::FEATURES;
        }
        Recorded {
            counted: true,
            new_session,
            touched,
            features,
        }
    }

    fn count_item(&mut self, item: &Item, a: Action, points: f64, now: i64, rules: &Rules) {
        let h = rules.half_life_ms;
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
            let band = price_band(p, &rules.price_bands);
            self.bands.add(&band, a, points, now, h, BAND_CAP);
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
                    item.more_categories.iter().map(|p| p.join("/")).gather(),
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

    /// Counts the event towards the features it matches; the features that counted it.
    fn count_features(&mut self, e: &Event, now: i64, rules: &Rules) -> FeatureSet {
        let mut counted = FeatureSet::default();
        for (i, f) in rules.features.iter().enumerate() {
            if !f.events.is_empty() && !f.events.contains(&e.name) {
                continue;
            }
            let amount = match &f.filter {
                None => match f.measure {
                    Measure::Count => 1.0,
                    Measure::Value => e.amount(),
                    Measure::Quantity => e.items.iter().map(|i| i.quantity).sum::<f64>().max(1.0),
                },
                Some(filter) => {
                    let mut hits = e.items.iter().filter(|i| filter.matches(i)).peekable();
                    if hits.peek().is_none() {
                        continue;
                    }
                    match f.measure {
                        Measure::Count => 1.0,
                        Measure::Value => hits.map(|i| i.price.unwrap_or(0.0) * i.quantity).sum(),
                        Measure::Quantity => hits.map(|i| i.quantity).sum(),
                    }
                }
            };
            let c = self.features.get_or_insert_with(&f.id, Counts::default);
            if c.sig != f.signature {
                *c = Counts {
                    sig: f.signature,
                    ..Counts::default()
                };
            }
            c.add(f.window, rules.retention_days, now, self.session.n, amount);
            counted.add(i);
        }
        counted
    }

    /// The value of feature `f` as of `now`.
    pub fn feature(&self, f: &FeatureDef, now: i64, rules: &Rules) -> f64 {
        match self.features.get(&f.id) {
            Some(c) if c.sig == f.signature => {
                c.value(f.window, rules.retention_days, now, self.session.n)
            }
            _ => 0.0,
        }
    }

    /// The earliest time anything kept was recorded at, as [`Profile::purge`] measures age
    /// (`i64::MAX` when nothing is): until that time is older than the retention, purging
    /// changes nothing.
    pub fn oldest(&self, rules: &Rules) -> i64 {
        let mut t = i64::MAX;
        for s in [
            &self.items,
            &self.categories,
            &self.brands,
            &self.tags,
            &self.bands,
        ] {
            for st in s.0.values() {
                t = t.min(st.time());
            }
        }
        for l in [&self.viewed, &self.purchased, &self.searches] {
            for (_, at) in l {
                t = t.min(*at);
            }
        }
        for o in &self.orders {
            t = t.min(o.0);
        }
        for at in &self.starts {
            t = t.min(*at);
        }
        for f in &rules.features {
            if let Some(at) = self
                .features
                .get(&f.id)
                .and_then(|c| c.oldest(f.window, rules.retention_days))
            {
                t = t.min(at);
            }
        }
        for at in [self.first, self.last, self.session.prev] {
            if at != 0 {
                t = t.min(at);
            }
        }
        t
    }

    /// Forgets everything older than the retention, and features the config no longer has;
    /// returns the parts that changed.
    pub fn purge(&mut self, now: i64, rules: &Rules) -> Parts {
        let mut changed = Parts::NONE;
        let cutoff = now - rules.retention_ms();
        for (s, part) in [
            (&mut self.items, Parts::ITEMS),
            (&mut self.categories, Parts::CATEGORIES),
            (&mut self.brands, Parts::BRANDS),
            (&mut self.tags, Parts::TAGS),
            (&mut self.bands, Parts::BANDS),
        ] {
            let n = s.0.len();
            s.purge(cutoff);
            if s.0.len() != n {
                changed |= part;
            }
        }
        for (l, part) in [
            (&mut self.viewed, Parts::VIEWED),
            (&mut self.purchased, Parts::PURCHASED),
            (&mut self.searches, Parts::SEARCHES),
        ] {
            let n = l.len();
            l.retain(|(_, t)| *t >= cutoff);
            if l.len() != n {
                changed |= part;
            }
        }
        let n = self.orders.len();
        self.orders.retain(|o| o.0 >= cutoff);
        if self.orders.len() != n {
            changed |= Parts::ORDERS;
        }
        let n = self.starts.len();
        self.starts.retain(|t| *t >= cutoff);
        if self.starts.len() != n {
            changed |= Parts::SESSION_START;
        }
        if self.prune_related() {
            changed |= Parts::RELATED;
        }
        let buckets = |f: &KeyMap<Counts>| -> usize { f.values().map(|c| c.b.len() + 1).sum() };
        let n = buckets(&self.features);
        self.features.retain(|id, c| {
            rules
                .features
                .iter()
                .find(|f| f.id == id && f.signature == c.sig)
                .map(|f| c.purge(f.window, rules.retention_days, cutoff))
                .is_some()
        });
        if buckets(&self.features) != n {
            changed |= Parts::FEATURES;
        }
        if !rules.keep_search_terms && !self.searches.is_empty() {
            self.searches.clear();
            changed |= Parts::SEARCHES;
        }
        if self.last != 0 && self.last < cutoff {
            // Nothing left is younger than the retention: the visitor starts afresh, stated
            // preferences included (they were stated before the last activity). The random id
            // and the exposure counters stay, so the visitor keeps their holdout group.
            let id = std::mem::take(&mut self.id);
            let report = std::mem::take(&mut self.report);
            *self = Profile::new(&id);
            self.report = report;
            changed = Parts::ALL;
        }
        // No date older than the retention stays either: first seen becomes the oldest visit left.
        if self.first != 0 && self.first < cutoff {
            let oldest = self.starts.iter().copied().min();
            self.first = oldest.unwrap_or(self.session.start).max(cutoff);
            changed |= Parts::SESSION_START;
        }
        if self.session.prev != 0 && self.session.prev < cutoff {
            self.session.prev = 0;
            changed |= Parts::SESSION_START;
        }
        changed
    }

    /// Total quantity and value of the cart.
    pub fn cart_totals(&self) -> (f64, f64) {
        self.cart
            .iter()
            .fold((0.0, 0.0), |(q, v), l| (q + l.1, round2(v + l.1 * l.2)))
    }

    /// Every category level of what is in the cart (`["Shoes", "Shoes/Running"]`), first added
    /// first.
    pub fn cart_categories(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for line in &self.cart {
            for path in std::iter::once(&line.3).chain(line.5.iter()) {
                for p in prefixes(&crate::core::item::split_path(path)) {
                    if !out.contains(&p) {
                        out.push(p);
                    }
                }
            }
        }
        out
    }
}
