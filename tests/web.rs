//! Browser tests of the web shell (wasm-bindgen-test in headless Chromium): DOM ordering,
//! storage faults, persistence across reloads and tabs, dataLayer shapes, the browser's RegExp.
#![cfg(target_arch = "wasm32")]

use shelfwise::web::{Here, Shell};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

const KEY: &str = "shelfwise:profile";

const CONFIG: &str = r#"{
  "version": 1,
  "features": { "shoeViews": { "events": "view_item", "where": { "category": "Shoes" }, "window": "30d" } },
  "segments": [ { "id": "shoe-lover", "if": { "features.shoeViews": { "$gte": 2 } } } ],
  "widgets": { "w": { "rules": [ { "rule": "boost", "match": { "brand": "Y" }, "weight": 5 } ] } }
}"#;

fn eval(js: &str) -> wasm_bindgen::JsValue {
    js_sys::eval(js).expect("test script runs")
}

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

fn reset() {
    storage().clear().unwrap();
    eval("document.querySelectorAll('[data-test-host]').forEach((e) => e.remove())");
}

fn fixture(html: &str) -> Element {
    let doc = web_sys::window().unwrap().document().unwrap();
    let host = doc.create_element("div").unwrap();
    host.set_attribute("data-test-host", "").unwrap();
    host.set_inner_html(html);
    doc.body().unwrap().append_child(&host).unwrap();
    host
}

fn ids(root: &Element, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .map(|i| {
            let e: Element = list.item(i).unwrap().dyn_into().unwrap();
            e.get_attribute("data-sw-item")
                .or_else(|| e.tag_name().to_lowercase().into())
                .unwrap()
        })
        .collect()
}

#[wasm_bindgen(module = "/js/pure.js")]
extern "C" {
    /// The JS entry's reader of where the browser is, which it hands the engine.
    #[wasm_bindgen(thread_local_v2, js_name = here)]
    static HERE: JsValue;
}

fn here() -> Here {
    HERE.with(JsValue::clone).unchecked_into()
}

fn shell() -> Shell {
    Shell::new(CONFIG, "{}", here()).expect("config is valid")
}

fn view(shell: &mut Shell, id: &str) -> wasm_bindgen::JsValue {
    let params =
        format!(r#"{{"items":[{{"item_id":"{id}","item_category":"Shoes","item_brand":"Y"}}]}}"#);
    shell
        .track("\"view_item\"", &params)
        .unwrap_or_else(|_| panic!("the view of {id} was refused"))
}

/// The message a call refused with.
fn refusal(answer: Result<wasm_bindgen::JsValue, wasm_bindgen::JsError>) -> String {
    let err = wasm_bindgen::JsValue::from(answer.expect_err("the call was refused"));
    err.dyn_into::<js_sys::Error>().unwrap().message().into()
}

#[wasm_bindgen_test]
fn orders_a_widget_by_moving_its_own_nodes() {
    reset();
    let host = fixture(
        r##"<section data-sw-widget="w"><h2>Shelf</h2>
        <article data-sw-item="a" data-sw-brand="X">A</article>
        <article data-sw-item="b" data-sw-brand="Y">B</article>
        <article data-sw-item="c" data-sw-brand="Y">C</article>
        <a href="#all">see all</a></section>"##,
    );
    let c = host.query_selector("[data-sw-item=c]").unwrap().unwrap();
    eval("window.__clicked = 0; document.querySelector('[data-sw-item=c]').addEventListener('click', () => window.__clicked++)");
    let mut s = shell();
    s.refresh(None, true);
    assert_eq!(ids(&host, "section > *"), ["h2", "b", "c", "a", "a"]);
    let widget = host.query_selector("[data-sw-widget]").unwrap().unwrap();
    assert!(widget.has_attribute("data-sw-ready"));
    // The very same node, with its listener, moved.
    let c_after = host.query_selector("[data-sw-item=c]").unwrap().unwrap();
    assert!(c == c_after);
    eval("document.querySelector('[data-sw-item=c]').click()");
    assert_eq!(eval("window.__clicked").as_f64(), Some(1.0));
}

#[wasm_bindgen_test]
fn with_no_signal_the_order_is_the_original() {
    reset();
    let host = fixture(
        r#"<ul data-sw-widget="other"><li data-sw-item="1">1</li><li data-sw-item="2">2</li><li data-sw-item="3">3</li></ul>"#,
    );
    let mut s = shell();
    s.refresh(None, true);
    assert_eq!(ids(&host, "li"), ["1", "2", "3"]);
}

#[wasm_bindgen_test]
fn survives_a_reload() {
    reset();
    let mut first = shell();
    view(&mut first, "s1");
    view(&mut first, "s2");
    assert!(first.flush());
    let second = shell();
    assert!(second.segments().contains("shoe-lover"));
    let attrs: serde_json::Value = serde_json::from_str(&second.attributes()).unwrap();
    assert_eq!(attrs["history"]["viewed"], serde_json::json!(["s2", "s1"]));
}

#[wasm_bindgen_test]
fn two_tabs_lose_and_double_count_nothing() {
    reset();
    let mut a = shell();
    let mut b = shell();
    view(&mut a, "s1");
    view(&mut a, "s2");
    view(&mut b, "s3");
    assert!(a.flush());
    assert!(b.flush());
    let stored = storage().get_item(KEY).unwrap().unwrap();
    let p: serde_json::Value = serde_json::from_str(&stored).unwrap();
    let views = p["categories"]["Shoes"][0][0].as_u64();
    // Two page views and three product views, each counted once.
    assert_eq!(views, Some(3), "{stored}");
    assert_eq!(p["session"]["pages"].as_u64(), Some(2));
    // The first tab hears of the second one's write and catches up.
    a.storage_changed(Some(stored));
    let attrs: serde_json::Value = serde_json::from_str(&a.attributes()).unwrap();
    assert_eq!(attrs["features"]["shoeViews"].as_f64(), Some(3.0));
}

#[wasm_bindgen_test]
fn reads_both_data_layer_shapes() {
    reset();
    let mut s = shell();
    let gtag = r#"["event","view_item",{"items":[{"item_id":"s1","item_category":"Shoes"}]}]"#;
    let gtm =
        r#"{"event":"view_item","ecommerce":{"items":[{"item_id":"s2","item_category":"Shoes"}]}}"#;
    s.data_layer(gtag)
        .unwrap_or_else(|_| panic!("gtag's push was refused"));
    let out = s
        .data_layer(gtm)
        .unwrap_or_else(|_| panic!("Tag Manager's push was refused"))
        .as_string()
        .expect("a segment change is answered as JSON text");
    assert!(out.contains("\"entered\":[\"shoe-lover\"]"), "{out}");
}

// docs/events.md: a malformed event is rejected whole, with a message naming the event and the
// field. The engine refuses it as an error (the JS entry says it in the console and `track`
// answers `{ ok: false, error }`), never as an answer, and nothing of it counts.
#[wasm_bindgen_test]
fn a_malformed_event_is_refused_with_what_is_wrong_and_where() {
    reset();
    let mut s = shell();
    assert_eq!(
        refusal(s.track("\"view_item\"", r#"{"items":[{"item_name":"no id"}]}"#)),
        "event \"view_item\" rejected: items[0].item_id: is missing; every item needs an id"
    );
    let gtm = r#"{"event":"add_to_cart","ecommerce":{"items":[{"item_id":"A","price":"cheap"}]}}"#;
    assert_eq!(
        refusal(s.data_layer(gtm)),
        "event \"add_to_cart\" rejected: items[0].price: must be a number from 0 to 10000000, got \"cheap\""
    );
    let attrs: serde_json::Value = serde_json::from_str(&s.attributes()).unwrap();
    assert_eq!(attrs["history"]["viewed"], serde_json::json!([]));
    assert_eq!(attrs["cart"]["ids"], serde_json::json!([]));
}

/// Replaces localStorage's methods for one test; `restore()` puts them back.
fn break_storage(method: &str, error: &str) {
    eval(&format!(
        "window.__orig = window.__orig || {{ get: Storage.prototype.getItem, set: Storage.prototype.setItem }};
         Storage.prototype.{method} = function () {{ throw new DOMException('injected', '{error}'); }};"
    ));
}

fn restore() {
    eval("if (window.__orig) { Storage.prototype.getItem = window.__orig.get; Storage.prototype.setItem = window.__orig.set; }");
}

#[wasm_bindgen_test]
fn storage_that_throws_leaves_the_engine_in_memory() {
    reset();
    break_storage("getItem", "SecurityError");
    break_storage("setItem", "SecurityError");
    let mut s = shell();
    view(&mut s, "s1");
    view(&mut s, "s2");
    assert!(!s.flush());
    assert!(s.segments().contains("shoe-lover"));
    restore();
    // The next good write repairs it.
    assert!(s.flush());
    assert!(storage().get_item(KEY).unwrap().is_some());
}

#[wasm_bindgen_test]
fn a_full_storage_never_loses_what_was_stored() {
    reset();
    let mut s = shell();
    view(&mut s, "s1");
    assert!(s.flush());
    let before = storage().get_item(KEY).unwrap();
    break_storage("setItem", "QuotaExceededError");
    view(&mut s, "s2");
    assert!(!s.flush());
    assert_eq!(storage().get_item(KEY).unwrap(), before);
    restore();
    assert!(s.flush());
    let after: serde_json::Value =
        serde_json::from_str(&storage().get_item(KEY).unwrap().unwrap()).unwrap();
    assert_eq!(after["viewed"].as_array().map(Vec::len), Some(2));
}

#[wasm_bindgen_test]
fn corrupt_or_truncated_blobs_are_repaired_by_the_next_write() {
    for blob in [
        "{\"v\":2,\"items\":{",
        "not json at all",
        "{\"v\":2,\"viewed\":42}",
        "[]",
    ] {
        reset();
        storage().set_item(KEY, blob).unwrap();
        let mut s = shell();
        view(&mut s, "s1");
        assert!(s.flush(), "{blob}");
        let v: serde_json::Value =
            serde_json::from_str(&storage().get_item(KEY).unwrap().unwrap()).unwrap();
        assert_eq!(v["viewed"][0][0], "s1", "{blob}");
    }
}

#[wasm_bindgen_test]
fn a_newer_engines_profile_is_left_untouched() {
    reset();
    let future = r#"{"v":99,"something":"new"}"#;
    storage().set_item(KEY, future).unwrap();
    let mut s = shell();
    view(&mut s, "s1");
    assert!(!s.flush());
    assert_eq!(storage().get_item(KEY).unwrap().as_deref(), Some(future));
}

#[wasm_bindgen_test]
fn conditions_use_the_browsers_regexp() {
    // JavaScript's \s matches a no-break space; regex-lite's \s is ASCII whitespace only.
    let cond = r#"{"page.path": {"$regex": "^a\\sb$"}}"#;
    assert!(shelfwise::web::eval_condition_json(
        cond,
        "{\"page\":{\"path\":\"a\u{a0}b\"}}",
        "{}"
    ));
    assert!(!shelfwise::web::eval_condition_json(
        cond,
        r#"{"page":{"path":"ab"}}"#,
        "{}"
    ));
    // Look-behind is valid JavaScript, but outside the safe dialect: it never matches.
    let behind = r#"{"page.path": {"$regex": "(?<=/shop)/shoes"}}"#;
    assert!(!shelfwise::web::eval_condition_json(
        behind,
        r#"{"page":{"path":"/shop/shoes"}}"#,
        "{}"
    ));
}
