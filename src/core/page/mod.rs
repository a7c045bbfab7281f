//! One page load: the engine with what this page has shown and counted, and the visitor's say
//! over storage.
//!
//! The rules that depend on the page live here, so that the browser shell only carries facts in
//! and orders out: the page view and the page's declared product are recorded when it opens; a
//! product view counts once per page and a click reported twice counts once; every widget
//! is exposed once per page, when the shopper sees it (see [`shelves`]); a click on or an
//! add-to-cart of an item of a widget seen counts for the report;
//! held-out visitors see original orders and default variants; consent and Global Privacy
//! Control decide whether storage is read or written, and how long widgets wait for the
//! visitor's decision (see [`privacy`]); a single-page app's route is a page of its own (see
//! [`route`]); what may change where the shopper can see it (see [`screen`]).

pub mod context;
mod ids;
mod kept;
mod privacy;
mod route;
pub mod screen;
mod shelves;
mod shop;
// The tests read configs with the native regular expressions.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

use crate::core::gather::Gather;
pub use context::Place;
pub use ids::Ids;
pub use privacy::{Load, StorageState, Store, Unreadable};
#[cfg(feature = "tooling")]
pub use shelves::facts_from_json;
pub use shelves::fill_bare;
pub use shop::shop_order;

use crate::core::datalayer::{read_entry, Entry};
use crate::core::engine::{Engine, Update};
use crate::core::error::{Error, EventError};
use crate::core::event::{Event, PageFacts};
use crate::core::item::Item;
use crate::core::json::{Json, Obj};
use crate::core::parts::Parts;
use crate::core::rank::{ItemRef, Order, RankItem, Ranking};

/// Reports of one item's click this close together (ms) are the same click.
pub const SAME_CLICK_MS: i64 = 2_000;

/// Outcomes the exposure report counts.
pub(crate) const EXPOSURE: usize = 0;
const CLICK: usize = 1;
const ADD_TO_CART: usize = 2;

/// What the page tells the engine when it starts.
#[derive(Clone, Debug, Default)]
pub struct Start {
    /// The visitor's decision on storage known at start (`start({ consent })`).
    pub consent: Option<bool>,
    /// Global Privacy Control is on in this browser.
    pub gpc: bool,
    /// Entries already in `window.dataLayer`; its Consent Mode commands apply before storage
    /// is touched (its events are read after the page is ordered, through [`Page::data_layer`]).
    pub data_layer: Vec<Json>,
    /// How the visitor arrived: recorded as this page's `page_view`.
    pub facts: PageFacts,
    /// The product the page declares (`data-sw-product`), recorded as a `view_item`; its
    /// relations (`data-sw-related`) are noted for the profile.
    pub product: Option<RankItem>,
    /// Which page this is ([`context::route`]).
    pub route: String,
    /// Milliseconds since the page started loading (`performance.now()`): waits for consent
    /// count from the start of the load, as Consent Mode's `wait_for_update` does.
    pub since_load: i64,
    /// The page already shows its widgets (the first-paint guard has let go): nothing shown may
    /// be hidden again to wait for anything.
    pub shown: bool,
}

/// A page just opened, what happened to storage, and the events recorded on opening.
pub struct Opened {
    /// The page.
    pub page: Page,
    /// What happened when it looked at storage.
    pub load: Load,
    /// The page view and the product view, as recorded.
    pub recorded: Vec<Pushed>,
}

/// What a `window.dataLayer` entry did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pushed {
    /// Not for the engine (another tool's entry, or dataLayer tracking is off).
    Ignored,
    /// A GA4 event, recorded.
    Event {
        /// The event's name.
        name: String,
        /// How many items it carried.
        items: usize,
        /// What recording it changed.
        update: Update,
    },
    /// A Consent Mode command, applied.
    Consent {
        /// It grants storage.
        granted: bool,
        /// It is the visitor's decision (`update`), not the page's default.
        decision: bool,
        /// The segment change.
        update: Update,
        /// What happened when storage was read.
        load: Load,
    },
}

/// The engine living in one page load.
pub struct Page {
    engine: Engine,
    /// The visitor's decision on storage: a `consent()` call, the start option or a Consent
    /// Mode `update` (None: not said).
    consent: Option<bool>,
    /// The page's starting state from a Consent Mode `default` (None: none given).
    consent_default: Option<bool>,
    gpc: bool,
    /// Storage holds a newer engine's profile: never overwrite it.
    read_only: bool,
    /// Memory holds what storage held (read or written on this page).
    from_storage: bool,
    /// The last attempt to use storage failed (blocked, missing, throwing or full).
    storage_failed: bool,
    /// What the shop last supplied through `setAttributes` (kept across a consent withdrawal).
    attrs: Option<Obj>,
    /// Item ids of the widgets seen on this page (to attribute clicks and add-to-carts).
    page_items: Ids,
    /// Widgets already exposed (seen) on this page.
    exposed: Ids,
    /// Widgets already ordered on this page (a single-page app's new route orders its own).
    ordered: Ids,
    /// Widget ids of this page: ordered from markup or ranked with `rank()`.
    widgets: Vec<String>,
    /// The item ids last ranked with `rank()`, by widget id.
    ranked: Vec<(String, Vec<String>)>,
    /// The facts of items this page's events carried (for items ranked by id alone), by id.
    facts: shelves::Facts,
    /// Items given to `rank()`, parsed once, by the numbers the caller keeps them under.
    kept: Vec<Option<kept::Kept>>,
    /// Items whose view was counted on this page (the markup, the shop's dataLayer and a
    /// `track` call may all report the same product view: it counts once).
    viewed_here: Ids,
    /// When each item's click was last counted (the markup and the shop's own `select_item`
    /// report the same click: reports within [`SAME_CLICK_MS`] count once); only those of the
    /// last [`SAME_CLICK_MS`].
    clicked_at: Vec<(String, i64)>,
    /// What changed since the shell last took the changes ([`Page::take_changes`]): only the
    /// widgets whose ranking reads it are ordered again.
    changes: Update,
    /// The route whose context the engine has ([`context::route`]).
    route: String,
    /// This route's page view has been recorded.
    route_viewed: bool,
    /// Until when widgets wait for the visitor's decision on storage (ms), if they do.
    wait_until: Option<i64>,
}

impl Page {
    /// Opens a page: applies what is known of consent, loads the stored profile where allowed
    /// (erasing it first when the visitor refused), and records the page view and the page's
    /// product.
    pub fn open(engine: Engine, start: Start, store: &mut dyn Store, now: i64) -> Opened {
        let mut page = Page {
            engine,
            consent: start.consent,
            consent_default: None,
            gpc: start.gpc,
            read_only: false,
            from_storage: false,
            storage_failed: false,
            attrs: None,
            page_items: Ids::default(),
            exposed: Ids::default(),
            ordered: Ids::default(),
            widgets: Vec::new(),
            ranked: Vec::new(),
            facts: shelves::Facts::default(),
            kept: Vec::new(),
            viewed_here: Ids::default(),
            clicked_at: Vec::new(),
            changes: Update::default(),
            route: start.route.clone(),
            route_viewed: true,
            wait_until: None,
        };
        for e in &start.data_layer {
            if let Entry::Consent { granted, update } = read_entry(e) {
                if update {
                    page.consent = Some(granted);
                } else {
                    page.consent_default = Some(granted);
                }
            }
        }
        if page.consent == Some(false) {
            // The visitor refused: nothing of theirs is kept.
            store.erase();
        }
        page.keep_id();
        let load = if page.storage_allowed() {
            page.load(store, now)
        } else {
            Load::NotAllowed
        };
        page.wait_until = page.consent_deadline(&start, now);
        let mut events = vec![Event {
            name: "page_view".into(),
            page: Some(start.facts),
            ..Event::default()
        }];
        if let Some(product) = start
            .product
            .filter(|_| page.engine.program().track_product_page)
        {
            // Should the visitor keep the product (the cart, recently viewed), its relations
            // go with it to later pages: the catalog holds them.
            page.engine.put_item(&product);
            events.push(Event {
                name: "view_item".into(),
                items: vec![product.item],
                ..Event::default()
            });
        }
        let recorded = events
            .into_iter()
            .map(|e| {
                let (name, items) = (e.name.clone(), e.items.len());
                let update = page.record(e, now);
                Pushed::Event {
                    name,
                    items,
                    update,
                }
            })
            .gather();
        Opened {
            page,
            load,
            recorded,
        }
    }

    /// The engine (config, profile, segments, attributes).
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The segment ids the page shows on `<html data-sw-segments>`: None unless the config
    /// opts in (`segmentsAttribute`), since every script of the page can read that attribute.
    pub fn shown_segments(&self) -> Option<&[String]> {
        self.engine
            .program()
            .segments_attribute
            .then(|| self.engine.segments())
    }

    /// Whether this visitor sees personalized orders (false when held out).
    pub fn personalized(&self) -> bool {
        !self.engine.in_holdout()
    }

    /// What changed since the last call: the shell orders again only the widgets whose
    /// ranking reads it ([`Engine::may_reorder`]).
    pub fn take_changes(&mut self) -> Update {
        std::mem::take(&mut self.changes)
    }

    /// Gives back changes taken but not acted on (widgets outside the part of the page ordered).
    pub fn keep_changes(&mut self, u: &Update) {
        self.changes.merge(u);
    }

    /// Notes what an update changed, and returns it.
    pub(super) fn note(&mut self, u: Update) -> Update {
        self.changes.merge(&u);
        u
    }

    /// The visitor's id is kept from page to page exactly when storage may be used: only then
    /// may the visitor be held out (a holdout drawn afresh on every page would mix the groups).
    fn keep_id(&mut self) {
        let allowed = self.storage_allowed();
        if self.engine.set_id_kept(allowed) {
            self.note(Update {
                changed: Parts::ID,
                ..Update::default()
            });
        }
    }

    /// Records an event at `now` as given: a product already viewed on this page and a click
    /// reported again within [`SAME_CLICK_MS`] are not counted again. A `select_item` or
    /// `add_to_cart` of an item of a widget seen on this page counts in the report. (Events from
    /// the page go through [`Page::record_at`], where a `page_view` may be a single-page app's
    /// new route.)
    pub fn record(&mut self, mut e: Event, now: i64) -> Update {
        // Whatever has outlived the retention goes as the page stays open.
        let purged = self.engine.purge(now);
        self.note(purged);
        self.learn_facts(&e);
        if e.name == "view_item" {
            e.items.retain(|i| self.viewed_here.insert(&i.id));
            if e.items.is_empty() {
                return Update::default();
            }
        }
        if e.name == "select_item" {
            let clicked = &mut self.clicked_at;
            // A click reported longer ago than that counts as new anyway: only recent ones are kept.
            clicked.retain(|(_, t)| now - *t < SAME_CLICK_MS);
            e.items.retain(|i| {
                let at = clicked.iter().position(|(id, _)| *id == i.id);
                let again = at.is_some_and(|k| now - clicked[k].1 < SAME_CLICK_MS);
                match at {
                    Some(k) => clicked[k].1 = now,
                    None => clicked.push((i.id.clone(), now)),
                }
                !again
            });
            if e.items.is_empty() {
                return Update::default();
            }
        }
        let outcome = match e.name.as_str() {
            "select_item" => Some(CLICK),
            "add_to_cart" => Some(ADD_TO_CART),
            _ => None,
        }
        .filter(|_| e.items.iter().any(|i| self.page_items.contains(&i.id)));
        let u = self.engine.track(e, now);
        if let Some(outcome) = outcome {
            let personalized = self.personalized();
            self.engine.count_exposure(personalized, outcome);
        }
        self.note(u)
    }

    /// Checks an event given as a name and GA4 parameters, as the config reads item categories.
    pub fn parse_event(&self, name: &Json, params: &Json) -> Result<Event, EventError> {
        Event::parse_with(name, params, self.engine.program().categories)
    }

    /// Checks and records an event given as a name and GA4 parameters (`track()`); `here` reads
    /// where the browser is, should the event be a `page_view` (see [`Page::record_at`]).
    pub fn track(
        &mut self,
        name: &Json,
        params: &Json,
        here: &dyn Fn() -> Place,
        now: i64,
    ) -> Result<Update, EventError> {
        self.parse_event(name, params)
            .map(|e| self.record_at(e, here, now))
    }

    /// Reads one `window.dataLayer` entry: a GA4 event (unless the config turns dataLayer
    /// tracking off) or a Consent Mode command; `here` as for [`Page::track`].
    pub fn data_layer(
        &mut self,
        entry: &Json,
        store: &mut dyn Store,
        new_id: &str,
        here: &dyn Fn() -> Place,
        now: i64,
    ) -> Result<Pushed, EventError> {
        Ok(match read_entry(entry) {
            Entry::Event(name, params) if self.engine.program().track_data_layer => {
                let e = self.parse_event(&name, &params)?;
                let (name, items) = (e.name.clone(), e.items.len());
                let update = self.record_at(e, here, now);
                Pushed::Event {
                    name,
                    items,
                    update,
                }
            }
            Entry::Consent { granted, update } => {
                let (change, load) = self.consent(granted, update, store, new_id, now);
                Pushed::Consent {
                    granted,
                    decision: update,
                    update: change,
                    load,
                }
            }
            _ => Pushed::Ignored,
        })
    }

    /// A click on an item of a widget (which the shopper has seen: tell [`Page::seen`] first): a
    /// `select_item`, and a click in the report. None when the config does not track clicks.
    pub fn click(&mut self, item: Item, now: i64) -> Option<Update> {
        if !self.engine.program().track_clicks {
            return None;
        }
        Some(self.record(
            Event {
                name: "select_item".into(),
                items: vec![item],
                ..Event::default()
            },
            now,
        ))
    }

    /// Puts an item of the page in the engine's catalog (its facts parsed once, kept by id).
    pub fn put_item(&self, item: &RankItem) -> ItemRef {
        self.engine.put_item(item)
    }

    /// The order of a widget of this page whose items are `items` (from [`Page::put_item`]) in
    /// the shop's order: places in `items`. Once the widget has been seen, its items count as
    /// shown. The flag says whether this was the widget's first order on this page.
    pub fn order(&mut self, widget: &str, items: &[ItemRef], now: i64) -> (Order, bool) {
        self.note_widget(widget);
        if self.exposed.contains(widget) {
            for r in items {
                let id = self.engine.item_id(*r);
                self.page_items.insert(&id);
            }
        }
        let r = self.engine.order(widget, items, now);
        (r, self.ordered.insert(widget))
    }

    /// Ranks items for a widget without touching the page (`rank()`; explanations are tooling's,
    /// `src/web/tools.rs`). The items join the catalog, so their relations are kept for the
    /// profile as a widget's markup relations are (a framework page passes them here).
    pub fn rank(&mut self, widget: &str, items: &[RankItem], now: i64) -> Ranking {
        self.engine.order_items(widget, items, now)
    }

    /// The variant a content slot shows, among the variants its markup `offers`: the
    /// highest-priority segment's, else the slot's default (`default` for a slot the config does
    /// not mention); held-out visitors see defaults; a variant the markup lacks shows `default`.
    pub fn variant(&self, slot: &str, offers: &[String]) -> String {
        let chosen = if self.personalized() {
            self.engine.variant(slot)
        } else {
            self.engine
                .program()
                .content(slot)
                .map(|s| s.default.as_str())
        };
        chosen
            .filter(|v| offers.iter().any(|o| o == v))
            .unwrap_or("default")
            .to_string()
    }

    /// Replaces what the shop supplies about the visitor (`attrs.*`; memory only).
    pub fn set_attributes(&mut self, attrs: Obj, now: i64) -> Result<Update, Error> {
        let u = self.engine.set_attributes(attrs.clone(), now)?;
        self.attrs = Some(attrs);
        Ok(self.note(u))
    }

    /// Replaces the shopper's stated preferences (`prefs.*`; stored with the profile).
    pub fn set_preferences(&mut self, prefs: Obj, now: i64) -> Result<Update, Error> {
        let u = self.engine.set_preferences(prefs, now)?;
        Ok(self.note(u))
    }

    /// The page's context changed (the shell re-read it): time-of-day, device or page type.
    pub fn set_context(&mut self, ctx: crate::core::attributes::Context, now: i64) -> Update {
        let u = self.engine.set_context(ctx, now);
        self.note(u)
    }

    /// Time passed with nothing recorded: slots reading the clock are computed again.
    pub fn refresh(&mut self, now: i64) -> Update {
        let purged = self.engine.purge(now);
        self.note(purged);
        let u = self.engine.refresh(now);
        self.note(u)
    }

    /// Whether the order of `widget` may differ after the changes `u`.
    /// Whether the page may show something else after `u`: segments entered or left (a content
    /// slot's variant, a targeted rule), a configured widget's or the default strategy's ranking
    /// reads what changed, or the page moved to another route (its widgets are ordered for it).
    pub fn reorders(&self, u: &Update) -> bool {
        if !u.entered.is_empty() || !u.left.is_empty() || u.changed.meets(Parts::CONTEXT) {
            return true;
        }
        let (ids, default) = self.engine.rankings_changed(u);
        default || !ids.is_empty()
    }

    /// A widget not yet ordered on this page (a single-page app's new route is a new page) is
    /// ordered whatever changed.
    pub fn may_reorder(&self, widget: &str, u: &Update) -> bool {
        !self.ordered.contains(widget) || self.engine.may_reorder(widget, u)
    }

    /// Counts an exposure, click or add-to-cart for the report (see the engine).
    pub fn count_exposure(&mut self, outcome: usize) {
        let personalized = self.personalized();
        self.engine.count_exposure(personalized, outcome);
    }
}
