//! What the browser says about the page and the device, handed to the core's rules
//! (`core::page::context`): location, viewport, user agent, language, time zone, referrer, the
//! product the page declares.

use crate::core::attributes::Context;
use crate::core::event::PageFacts;
use crate::core::page::context::{self, Place, Surroundings};
use wasm_bindgen::JsValue;

/// Where the visitor is now: the route, the context, how they arrived and the page's product
/// (the address and the product's element read once for all four).
pub fn place(doc: &web_sys::Document) -> Place {
    let at = Address::read(doc);
    let product_el = product_element(doc);
    Place {
        route: context::route(&at.path, &at.params),
        ctx: context_at(doc, &at.path, product_el.is_some()),
        facts: facts_at(doc, &at),
        product: product_el.and_then(|el| super::dom::read_item(&el, "data-sw-product")),
    }
}

/// The page's address as the core reads it: path, decoded query parameters, host name.
struct Address {
    path: String,
    params: Vec<(String, String)>,
    host: String,
}

impl Address {
    fn read(doc: &web_sys::Document) -> Address {
        let location = doc.location();
        let path = location
            .as_ref()
            .and_then(|l| l.pathname().ok())
            .unwrap_or_default();
        let params = location
            .as_ref()
            .and_then(|l| l.search().ok())
            .and_then(|s| query_params(&s).ok())
            .unwrap_or_default();
        let host = location
            .as_ref()
            .and_then(|l| l.hostname().ok())
            .unwrap_or_default();
        Address { path, params, host }
    }
}

/// The element declaring the page's product (`data-sw-product`), if any.
fn product_element(doc: &web_sys::Document) -> Option<web_sys::Element> {
    doc.query_selector("[data-sw-product]").ok().flatten()
}

/// The page and device context at `path`, on a page declaring a product or not.
fn context_at(doc: &web_sys::Document, path: &str, has_product: bool) -> Context {
    let window = web_sys::window();
    let width = window
        .as_ref()
        .and_then(|w| w.inner_width().ok())
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0);
    let ua = window
        .as_ref()
        .and_then(|w| w.navigator().user_agent().ok())
        .unwrap_or_default();
    let declared = doc
        .document_element()
        .and_then(|h| h.get_attribute("data-sw-page"));
    let locale = window
        .as_ref()
        .and_then(|w| w.navigator().language())
        .unwrap_or_default();
    let offset = js_sys::Date::new_0().get_timezone_offset();
    context::context(&Surroundings {
        path,
        declared_type: declared.as_deref(),
        has_product,
        width,
        user_agent: &ua,
        locale: &locale,
        tz_offset_min: -(offset as i64),
    })
}

/// How the visitor arrived on this page: path, referring site and campaign parameters.
fn facts_at(doc: &web_sys::Document, at: &Address) -> PageFacts {
    context::page_facts(&at.path, &at.params, &doc.referrer(), &at.host)
}

/// The decoded `key=value` pairs of a query string, in order (`+` is a space).
fn query_params(search: &str) -> Result<Vec<(String, String)>, JsValue> {
    let mut out = Vec::new();
    for pair in search.trim_start_matches('?').split('&') {
        if pair.is_empty() {
            continue;
        }
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let k = js_sys::decode_uri_component(&k.replace('+', " "))?;
        let v = js_sys::decode_uri_component(&v.replace('+', " "))?;
        out.push((k.into(), v.into()));
    }
    Ok(out)
}
