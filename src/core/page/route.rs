//! A single-page app's routes: each route is a page of its own, without a page load.
//!
//! The page follows the browser to another route (another path or query string, campaign tags
//! aside: [`super::context::route`]) when a `page_view` arrives (tracked, or pushed to the
//! dataLayer), when the config's `tracking.history` counts history navigation as one, and when
//! the page's markup changes (a route renders its own widgets, product and page type; widgets
//! must be ordered for the route they are on). Following a route replaces the page's context
//! (`page.path`, `page.type`) and makes what counts once per page count again (a product view, a
//! widget's exposure, the items shown for the report); the product the route declares is viewed
//! when its `page_view` comes or when it appears (not at a history navigation, which comes before
//! the app renders the route: the product then on the page is the previous route's). A `page_view` is counted once per route: reported
//! again for the route already counted (the page load's own, a tag manager's, the app's after
//! the history's), it is the same page view. A route's page view brings its campaign tags
//! (`utm_*`: a new campaign starts a new session, as on a page load) and no referring site (the
//! visitor came from the shop itself).

use super::{Page, Place};
use crate::core::engine::Update;
use crate::core::event::Event;
use crate::core::parts::Parts;
use crate::core::rank::RankItem;

impl Page {
    /// Records an event from the page at `now`: a `page_view` follows the browser to where it is
    /// now (`here`) and counts once per route; any other event as [`Page::record`] does.
    pub fn record_at(&mut self, e: Event, here: &dyn Fn() -> Place, now: i64) -> Update {
        if e.name == "page_view" {
            self.page_view(e, here(), now)
        } else {
            self.record(e, now)
        }
    }

    /// The browser shows `place` now, which may be another route than the page's (checked when
    /// the markup changes: a route renders its own). Returns the change; None when the browser
    /// is still on the same page, as the engine knew it.
    pub fn follow(&mut self, place: Place, now: i64) -> Option<Update> {
        if self.still_at(&place) {
            return None;
        }
        let before = self.engine.segments().to_vec();
        let product = place.product.clone();
        let mut changed = self.go(place, now)?;
        if let Some(viewed) = self.route_product(product, now) {
            changed.merge(&viewed);
        }
        Some(self.since(&before, &changed))
    }

    /// The app navigated through the browser's history (`pushState`, `replaceState`, back or
    /// forward), before rendering the route: with the config's `tracking.history`, a page view
    /// of the address the browser shows now; otherwise only followed. The product on the page is
    /// still the previous route's: it is not viewed again.
    pub fn navigated(&mut self, place: Place, now: i64) -> Update {
        let place = Place {
            product: None,
            ..place
        };
        if self.engine.program().track_history {
            let e = Event {
                name: "page_view".into(),
                ..Event::default()
            };
            self.page_view(e, place, now)
        } else {
            self.follow(place, now).unwrap_or_default()
        }
    }

    fn page_view(&mut self, mut e: Event, place: Place, now: i64) -> Update {
        if self.route_viewed && self.still_at(&place) {
            // This route's page view is counted already, and nothing changed since.
            return Update::default();
        }
        let before = self.engine.segments().to_vec();
        let mut facts = place.facts.clone();
        let product = place.product.clone();
        let mut changed = self.go(place, now).unwrap_or_default();
        if self.route_viewed {
            // This route's page view is counted already.
            let u = self.since(&before, &changed);
            return Update {
                counted: false,
                ..u
            };
        }
        self.route_viewed = true;
        facts.referrer = None;
        e.page = Some(facts);
        let viewed = self.record(e, now);
        changed.merge(&viewed);
        if let Some(u) = self.route_product(product, now) {
            changed.merge(&u);
        }
        Update {
            counted: viewed.counted,
            new_session: viewed.new_session,
            ..self.since(&before, &changed)
        }
    }

    /// The segments entered and left since `before`, with the parts of the visitor's data that
    /// `changed` says changed.
    fn since(&self, before: &[String], changed: &Update) -> Update {
        Update {
            changed: changed.changed,
            ..Update::between(before, self.engine.segments())
        }
    }

    /// Whether the page is at `place` as the engine knows it: the same route, the same context.
    fn still_at(&self, place: &Place) -> bool {
        place.route == self.route && *self.engine.context() == place.ctx
    }

    /// Moves the page to `place`: another route is another page (its context, and what counts
    /// once per page counts again: its widgets are ordered for it, and exposed once seen there); the same route
    /// with other markup only updates the context. Returns what changed (the context: the
    /// segments and widgets reading `page.*` and `device.*`); None when nothing did.
    fn go(&mut self, place: Place, now: i64) -> Option<Update> {
        let new_route = place.route != self.route;
        if new_route {
            self.route = place.route;
            self.route_viewed = false;
            self.viewed_here.clear();
            self.exposed.clear();
            self.ordered.clear();
            self.page_items.clear();
        }
        let new_context = *self.engine.context() != place.ctx;
        let mut u = Update::default();
        if new_context {
            u = self.engine.set_context(place.ctx, now);
        }
        if new_route {
            // Another page: whatever reads the page may differ, even where its facts look alike.
            u.changed |= Parts::CONTEXT;
        }
        (new_route || new_context).then(|| self.note(u))
    }

    /// The product a route declares is viewed (once per route, as on a page load); returns
    /// the update when the view counted.
    fn route_product(&mut self, product: Option<RankItem>, now: i64) -> Option<Update> {
        let product = product.filter(|_| self.engine.program().track_product_page)?;
        // As on a page load, the product's relations go with it should the visitor keep it: the
        // catalog holds them.
        self.engine.put_item(&product);
        let e = Event {
            name: "view_item".into(),
            items: vec![product.item],
            ..Event::default()
        };
        let u = self.record(e, now);
        u.counted.then_some(u)
    }
}
