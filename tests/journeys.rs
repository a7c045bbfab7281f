//! Shoppers' journeys through the core's page rules (`shelfwise::core::page`): a single-page app's
//! routes, the wait for a consent banner's decision, items that arrive in a widget already in
//! order, and which events move widgets. Expectations follow docs/personalization.md (Single-page
//! apps, First paint, Real time) and docs/privacy.md (Consent banners that answer late).
#![cfg(not(target_arch = "wasm32"))]

use serde_json::{json, Value};
use shelfwise::core::config;
use shelfwise::core::engine::Engine;
use shelfwise::core::event::PageFacts;
use shelfwise::core::json::Json;
use shelfwise::core::page::context::{self, Place, Surroundings};
use shelfwise::core::page::{Page, Start, StorageState, Store, Unreadable};
use shelfwise::core::profile::Profile;
use shelfwise::core::program::Program;
use shelfwise::core::rank::{from_markup, RankItem};
use shelfwise::core::regex::NativeRegex;

const NOW: i64 = 1_772_452_800_000; // 2026-03-02T12:00:00Z

/// localStorage that counts its reads.
#[derive(Default)]
struct Memory {
    stored: Option<String>,
    reads: u32,
}

impl Store for Memory {
    fn read(&mut self) -> Result<Option<String>, Unreadable> {
        self.reads += 1;
        Ok(self.stored.clone())
    }
    fn write(&mut self, text: &str) -> bool {
        self.stored = Some(text.to_string());
        true
    }
    fn erase(&mut self) {
        self.stored = None;
    }
}

/// Where the browser is at `url` (path and query string), with `<html data-sw-page>` `declared`
/// and the page's product `product`.
fn place(url: &str, declared: Option<&str>, product: Option<&str>) -> Place {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let params: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (k.to_string(), v.to_string())
        })
        .collect();
    let ctx = context::context(&Surroundings {
        path,
        declared_type: declared,
        has_product: product.is_some(),
        width: 1280.0,
        user_agent: "",
        locale: "en-US",
        tz_offset_min: 0,
    });
    Place {
        route: context::route(path, &params),
        ctx,
        facts: context::page_facts(path, &params, "https://www.google.com/", "shop.test"),
        product: product.map(|id| item(id, "Shoes/Trail", "Ridgeback")),
    }
}

fn item(id: &str, category: &str, brand: &str) -> RankItem {
    from_markup("data-sw-item", |attr| match attr {
        "data-sw-item" => Some(id.to_string()),
        "data-sw-category" => Some(category.to_string()),
        "data-sw-brand" => Some(brand.to_string()),
        _ => None,
    })
    .expect("an item")
}

/// The program of a valid config.
fn compile(config: &Value) -> Program {
    config::compile_json(&Json::from(config), &NativeRegex).expect("a valid config")
}

/// Opens a page at `at` with `config` and the Consent Mode commands `data_layer`, `since_load`
/// ms after the start of its load.
fn open_with(
    config: Value,
    at: Place,
    data_layer: Vec<Value>,
    since_load: i64,
    store: &mut Memory,
) -> Page {
    let engine = Engine::new(compile(&config), Profile::new("v1"), at.ctx.clone(), NOW);
    let start = Start {
        data_layer: data_layer.iter().map(Json::from).collect(),
        facts: at.facts,
        product: at.product,
        route: at.route,
        since_load,
        ..Start::default()
    };
    Page::open(engine, start, store, NOW).page
}

fn open(config: Value, at: Place) -> Page {
    open_with(config, at, Vec::new(), 0, &mut Memory::default())
}

fn attr(page: &Page, path: &str) -> Value {
    let doc = page.engine().attributes(NOW + 10_000);
    path.split('.')
        .try_fold(&doc, |v, k| v.get(k))
        .cloned()
        .map_or(Value::Null, Value::from)
}

/// Orders widget `widget` of `items` on the page; whether it was its first order on the page.
fn ordered(page: &mut Page, widget: &str, items: &[RankItem], now: i64) -> bool {
    let refs: Vec<_> = items.iter().map(|i| page.put_item(i)).collect();
    page.order(widget, &refs, now).1
}

/// `track(name, params)` where the browser shows `here`.
fn tracked(
    page: &mut Page,
    name: &str,
    params: &Value,
    here: &Place,
    now: i64,
) -> shelfwise::core::engine::Update {
    let (name, params) = (Json::str(name), Json::from(params));
    page.track(&name, &params, &|| here.clone(), now)
        .expect("a valid event")
}

fn track(page: &mut Page, name: &str, params: Value, here: &Place, t: i64) {
    tracked(page, name, &params, here, NOW + t);
}

fn view(id: &str) -> Value {
    json!({ "items": [{ "item_id": id }] })
}

// --- Single-page apps ---

#[test]
fn a_page_view_after_a_route_change_makes_the_route_the_page() {
    let config = json!({ "version": 1, "segments": [{ "id": "trail", "if": { "page.path": { "$regex": "^/collections/trail" } } }] });
    let home = place("/", None, None);
    let mut page = open(config, home.clone());
    assert_eq!(attr(&page, "page.type"), json!("home"));
    track(&mut page, "view_item", view("A"), &home, 1);
    track(&mut page, "view_item", view("A"), &home, 2);
    assert_eq!(
        attr(&page, "activity.item.A.views"),
        json!(1),
        "once per page"
    );

    let trail = place("/collections/trail", Some("collection"), None);
    track(&mut page, "page_view", Value::Null, &trail, 3);
    assert_eq!(attr(&page, "page.path"), json!("/collections/trail"));
    assert_eq!(attr(&page, "page.type"), json!("collection"));
    assert_eq!(page.engine().segments(), ["trail"]);
    assert_eq!(attr(&page, "session.pageViews"), json!(2));
    track(&mut page, "view_item", view("A"), &trail, 4);
    assert_eq!(
        attr(&page, "activity.item.A.views"),
        json!(2),
        "a view on another route counts again"
    );

    // The same route's page view reported again (the app's after the history's, a tag manager's).
    track(&mut page, "page_view", Value::Null, &trail, 5);
    assert_eq!(attr(&page, "session.pageViews"), json!(2));
    assert_eq!(attr(&page, "session.events"), json!(4));
}

#[test]
fn a_route_brings_its_campaign_and_no_referring_site() {
    let mut page = open(json!({ "version": 1 }), place("/", None, None));
    assert_eq!(attr(&page, "referrer.host"), json!("www.google.com"));
    let promo = place(
        "/collections/trail?utm_source=banner&utm_campaign=spring",
        None,
        None,
    );
    track(&mut page, "page_view", Value::Null, &promo, 1);
    assert_eq!(attr(&page, "utm.campaign"), json!("spring"));
    assert_eq!(
        attr(&page, "visit.count"),
        json!(2),
        "a new campaign is a new session"
    );
    assert_eq!(attr(&page, "referrer.host"), Value::Null, "the shop itself");
    // A script removing the campaign tags from the address bar leaves the visitor on that page.
    let stripped = place("/collections/trail", None, None);
    track(&mut page, "page_view", Value::Null, &stripped, 2);
    assert_eq!(attr(&page, "session.pageViews"), json!(1));
    // The next route keeps the session's campaign.
    track(
        &mut page,
        "page_view",
        Value::Null,
        &place("/cart", None, None),
        3,
    );
    assert_eq!(attr(&page, "utm.campaign"), json!("spring"));
    assert_eq!(attr(&page, "session.pageViews"), json!(2));
}

#[test]
fn widgets_appearing_for_a_new_route_follow_it_before_its_page_view() {
    let mut page = open(json!({ "version": 1 }), place("/", None, None));
    let product = place("/products/trl-1", None, Some("NP-TRL-1"));
    let u = page
        .follow(product.clone(), NOW + 1)
        .expect("another route");
    assert!(page.reorders(&u));
    assert_eq!(attr(&page, "page.path"), json!("/products/trl-1"));
    assert_eq!(attr(&page, "page.type"), json!("product"));
    assert_eq!(
        attr(&page, "activity.item.NP-TRL-1.views"),
        json!(1),
        "the route's product"
    );
    assert_eq!(
        attr(&page, "session.pageViews"),
        json!(1),
        "no page view yet"
    );
    assert_eq!(page.follow(product.clone(), NOW + 2), None, "the same page");
    track(&mut page, "page_view", Value::Null, &product, 3);
    assert_eq!(attr(&page, "session.pageViews"), json!(2));
    assert_eq!(attr(&page, "activity.item.NP-TRL-1.views"), json!(1));
}

#[test]
fn history_navigation_counts_a_page_view_only_when_the_config_asks() {
    let trail = place("/collections/trail", None, None);
    let mut followed = open(json!({ "version": 1 }), place("/", None, None));
    followed.navigated(trail.clone(), NOW + 1);
    assert_eq!(attr(&followed, "page.path"), json!("/collections/trail"));
    assert_eq!(attr(&followed, "session.pageViews"), json!(1));

    let config = json!({ "version": 1, "tracking": { "history": true } });
    let mut counted = open(config, place("/", None, None));
    assert!(counted.navigated(trail.clone(), NOW + 1).counted);
    assert_eq!(attr(&counted, "session.pageViews"), json!(2));
    // The app also tracks its page view: the same page view.
    track(&mut counted, "page_view", Value::Null, &trail, 2);
    assert_eq!(attr(&counted, "session.pageViews"), json!(2));
    // Back: another route again.
    counted.navigated(place("/", None, None), NOW + 3);
    assert_eq!(attr(&counted, "session.pageViews"), json!(3));
    // The product still on the page when the history changes is the previous route's: not viewed.
    counted.navigated(place("/cart", None, Some("NP-TRL-1")), NOW + 4);
    assert_eq!(attr(&counted, "session.pageViews"), json!(4));
    assert_eq!(attr(&counted, "history.viewed"), json!([]));
}

#[test]
fn each_route_exposes_its_widgets_again_once_seen() {
    let mut page = open(json!({ "version": 1 }), place("/", None, None));
    let items = [item("A", "Shoes", "Acme")];
    let shown = || Some(vec!["A".to_string()]);
    assert!(
        ordered(&mut page, "grid", &items, NOW),
        "the page's first order"
    );
    assert_eq!(page.engine().profile().report.p[0], 0, "ordered, not seen");
    assert!(page.seen("grid", shown()));
    assert!(!page.seen("grid", shown()), "once per page");
    page.follow(place("/collections/trail", None, None), NOW + 1);
    assert!(
        ordered(&mut page, "grid", &items, NOW + 1),
        "the new route's first order"
    );
    assert!(page.seen("grid", shown()), "the new route's");
    assert_eq!(page.engine().profile().report.p[0], 2);
}

#[test]
fn a_route_change_names_the_framework_shelves_to_rank_again() {
    let mut page = open(json!({ "version": 1 }), place("/", None, None));
    let mut items = vec![item("A", "Shoes", "Acme")];
    page.shelf("recent", &mut items);
    let u = page
        .follow(place("/collections/trail", None, None), NOW + 1)
        .expect("another route");
    assert!(
        page.reorders(&u),
        "another route's context may rank the shelf otherwise"
    );
    assert_eq!(page.widgets_changed(&u), ["recent"]);
}

#[test]
fn an_event_names_only_the_shelves_whose_ranking_reads_what_it_changed() {
    let config = json!({ "version": 1, "widgets": {
        "recent": { "rules": [{ "rule": "recentlyViewed", "action": "boost" }] },
        "brands": { "rules": [{ "rule": "boost", "match": { "brand": "Acme" }, "weight": 5 }] }
    } });
    let here = place("/", None, None);
    let mut page = open(config, here.clone());
    for shelf in ["recent", "brands"] {
        let mut items = vec![item("A", "Shoes", "Acme")];
        page.shelf(shelf, &mut items);
    }
    let u = tracked(&mut page, "view_item", &view("A"), &here, NOW + 1);
    assert_eq!(
        page.widgets_changed(&u),
        ["recent"],
        "a view moves recently viewed items, never a fixed boost"
    );
}

#[test]
fn items_loaded_into_a_widget_seen_count_as_shown() {
    let here = place("/collections/running", None, None);
    let mut page = open(json!({ "version": 1 }), here.clone());
    let first = vec![item("R1", "Shoes", "Acme")];
    ordered(&mut page, "grid", &first, NOW);
    assert!(page.seen("grid", Some(vec!["R1".to_string()])));
    let mut all = first.clone();
    all.push(item("R2", "Shoes", "Acme"));
    let current = vec![("R1".to_string(), false), ("R2".to_string(), false)];
    page.arrived("grid", &all, &current, &["R1".to_string()], NOW + 1)
        .expect("an item arrived");
    track(&mut page, "add_to_cart", view("R2"), &here, 2);
    assert_eq!(
        page.engine().profile().report.p[2],
        1,
        "an add-to-cart of an item loaded into a widget the shopper saw counts"
    );
}

// --- Consent banners that answer late ---

#[test]
fn widgets_wait_as_long_as_consent_mode_asks_from_the_start_of_the_load() {
    let config = json!({ "version": 1, "storage": { "consent": "required" } });
    let default = json!(["consent", "default", { "personalization_storage": "denied", "wait_for_update": 500 }]);
    let mut store = Memory::default();
    let mut page = open_with(
        config,
        place("/", None, None),
        vec![default],
        120,
        &mut store,
    );
    assert_eq!(page.consent_wait(NOW), 380);
    assert_eq!(page.consent_wait(NOW + 200), 180);
    assert_eq!(store.reads, 0, "nothing read before the decision");
    page.consent(true, true, &mut store, "v2", NOW + 250);
    assert_eq!(page.consent_wait(NOW + 250), 0, "the decision came");
    assert_eq!(page.storage_state(), StorageState::Local);
    assert!(store.reads > 0, "read once allowed");
}

#[test]
fn without_consent_mode_the_config_says_how_long_and_the_shop_bounds_every_wait() {
    let here = place("/", None, None);
    let cfg =
        json!({ "version": 1, "storage": { "consent": "required", "waitForConsentMs": 800 } });
    let page = open_with(cfg, here.clone(), Vec::new(), 100, &mut Memory::default());
    assert_eq!(page.consent_wait(NOW), 700);
    // A Consent Mode default asking for 5 s is held to the shop's bound (1 s by default).
    let long = json!(["consent", "default", { "personalization_storage": "denied", "wait_for_update": 5000 }]);
    let required = json!({ "version": 1, "storage": { "consent": "required" } });
    let page = open_with(
        required.clone(),
        here.clone(),
        vec![long.clone()],
        100,
        &mut Memory::default(),
    );
    assert_eq!(page.consent_wait(NOW), 900);
    let bounded =
        json!({ "version": 1, "storage": { "consent": "required", "maxWaitForConsentMs": 300 } });
    let page = open_with(
        bounded,
        here.clone(),
        vec![long],
        100,
        &mut Memory::default(),
    );
    assert_eq!(page.consent_wait(NOW), 200);
    assert_eq!(page.consent_wait(NOW + 500), 0, "the time is up");
    // Consent required without any wait configured: no wait.
    let page = open_with(required, here, Vec::new(), 100, &mut Memory::default());
    assert_eq!(page.consent_wait(NOW), 0);
}

#[test]
fn nothing_waits_when_there_is_nothing_to_wait_for() {
    let here = place("/", None, None);
    let wait =
        json!({ "version": 1, "storage": { "consent": "required", "waitForConsentMs": 800 } });
    let opened = |config: Value, start: Start| {
        let engine = Engine::new(compile(&config), Profile::new("v1"), here.ctx.clone(), NOW);
        Page::open(engine, start, &mut Memory::default(), NOW).page
    };
    let base = Start {
        facts: PageFacts::default(),
        route: here.route.clone(),
        ..Start::default()
    };
    // The widgets are shown already (the first-paint guard let go): never hidden again.
    let shown = opened(
        wait.clone(),
        Start {
            shown: true,
            ..base.clone()
        },
    );
    assert_eq!(shown.consent_wait(NOW), 0);
    // The decision is known at start.
    let decided = opened(
        wait.clone(),
        Start {
            consent: Some(true),
            ..base.clone()
        },
    );
    assert_eq!(decided.consent_wait(NOW), 0);
    // Storage needs no consent.
    let free = opened(
        json!({ "version": 1, "storage": { "waitForConsentMs": 800 } }),
        base.clone(),
    );
    assert_eq!(free.consent_wait(NOW), 0);
    // A refusal is a decision too.
    let mut refused = opened(wait, base);
    assert!(refused.consent_wait(NOW) > 0);
    refused.consent(false, true, &mut Memory::default(), "v2", NOW + 1);
    assert_eq!(refused.consent_wait(NOW + 1), 0);
}

// --- Items that arrive, and events that move nothing ---

#[test]
fn items_loaded_later_go_after_the_ones_on_screen_best_first() {
    let config =
        json!({ "version": 1, "strategy": { "rules": [{ "rule": "affinity", "by": ["brand"] }] } });
    let here = place("/collections/running", None, None);
    let mut page = open(config, here.clone());
    let params = json!({ "items": [{ "item_id": "X", "item_brand": "Ridgeback" }] });
    track(&mut page, "view_item", params, &here, 1);
    let items = vec![
        item("R1", "Shoes", "Stridewell"),
        item("T1", "Shoes", "Ridgeback"),
        item("R2", "Shoes", "Aerolite"),
        item("R3", "Shoes", "Stridewell"),
        item("T2", "Shoes", "Ridgeback"),
    ];
    // On screen, the widget shows R1 T1 R2 (as it was ordered before the visitor's interest
    // changed: the whole ranking would put T1 first); R3 and T2 arrive at the end.
    let ids = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let current: Vec<(String, bool)> = ids(&["R1", "T1", "R2", "R3", "T2"])
        .into_iter()
        .map(|i| (i, false))
        .collect();
    let known = ids(&["R1", "T1", "R2"]);
    let (order, hidden) = page
        .arrived("grid", &items, &current, &known, NOW + 2)
        .expect("items arrived");
    assert_eq!(order, ids(&["R1", "T1", "R2", "T2", "R3"]));
    assert!(hidden.is_empty());
    let all = ids(&["R1", "T1", "R2", "R3", "T2"]);
    assert_eq!(page.arrived("grid", &items, &current, &all, NOW + 3), None);
}

#[test]
fn an_event_that_changes_nothing_widgets_are_ranked_by_moves_nothing() {
    let config = json!({ "version": 1, "segments": [{ "id": "lister", "if": { "session.events": { "$gte": 3 } } }] });
    let here = place("/", None, None);
    let mut page = open(config, here.clone());
    let list = json!({ "items": [{ "item_id": "A" }] });
    let u = tracked(&mut page, "view_item_list", &list, &here, NOW + 1);
    assert!(!page.reorders(&u), "a list shown is not interest");
    let u = tracked(&mut page, "newsletter_signup", &Value::Null, &here, NOW + 2);
    assert!(page.reorders(&u), "it entered a segment");
    let u = tracked(&mut page, "view_item", &view("A"), &here, NOW + 3);
    assert!(page.reorders(&u), "a view is interest");
    let u = tracked(&mut page, "view_item", &view("A"), &here, NOW + 4);
    assert!(!page.reorders(&u), "the same view again counts nothing");
}

#[test]
fn a_refusal_that_erases_what_earlier_pages_taught_orders_the_widgets_again() {
    let here = place("/", None, None);
    let mut store = Memory::default();
    let mut first = open_with(
        json!({ "version": 1 }),
        here.clone(),
        Vec::new(),
        0,
        &mut store,
    );
    let shoe = json!({ "items": [{ "item_id": "A", "item_brand": "Ridgeback" }] });
    track(&mut first, "view_item", shoe, &here, 1);
    assert_eq!(first.flush(&mut store, NOW + 2), Ok(true));
    let mut next = open_with(
        json!({ "version": 1 }),
        here.clone(),
        Vec::new(),
        0,
        &mut store,
    );
    assert!(attr(&next, "affinity.brand.Ridgeback").is_number());
    next.take_changes();
    let (u, _) = next.consent(false, true, &mut store, "v2", NOW + 3);
    assert!(
        next.reorders(&u),
        "the interest the widgets were ordered by is gone"
    );
    assert_eq!(store.stored, None);
}

#[test]
fn reports_of_one_click_within_two_seconds_are_one_click() {
    // docs/events.md: reports of the same item within two seconds are the same click.
    let here = place("/", None, None);
    let mut page = open(json!({ "version": 1 }), here.clone());
    let click = |id: &str| json!({ "items": [{ "item_id": id }] });
    let clicks = |page: &Page, id: &str| attr(page, &format!("activity.item.{id}.clicks"));
    track(&mut page, "select_item", click("A"), &here, 1_000);
    // Clicks on many other items in between do not make the next report of A a new click.
    for k in 0..50 {
        track(
            &mut page,
            "select_item",
            click(&format!("B{k}")),
            &here,
            1_100 + k,
        );
    }
    track(&mut page, "select_item", click("A"), &here, 2_500);
    assert_eq!(clicks(&page, "A"), json!(1), "reported again 1.5 s later");
    // Each report within two seconds of the last one is still the same click.
    track(&mut page, "select_item", click("A"), &here, 4_000);
    assert_eq!(
        clicks(&page, "A"),
        json!(1),
        "reported again 1.5 s after the last report"
    );
    track(&mut page, "select_item", click("A"), &here, 6_100);
    assert_eq!(
        clicks(&page, "A"),
        json!(2),
        "2.1 s after the last report: a new click"
    );
    assert_eq!(clicks(&page, "B7"), json!(1));
}
