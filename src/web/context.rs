//! What the browser says about the page and the device, handed to the core's rules
//! (`core::page::context`): location, viewport, user agent, language, time zone, referrer, the
//! product the page declares.

use crate::core::attributes::Context;
use crate::core::page::context::{self, Place, Surroundings};
use wasm_bindgen::JsValue;

/// Where the visitor is now: the route, the context, how they arrived and the page's product
/// (the address and the product's element read once for all four).
pub fn place(doc: &web_sys::Document) -> Place {
    let url = doc.url().unwrap_or_default();
    let (path, query, host) = context::address(&url);
    let params = query_params(query).unwrap_or_default();
    // The element declaring the page's product, if any.
    let product_el = doc.query_selector("[data-sw-product]").ok().flatten();
    Place {
        route: context::route(path, &params),
        ctx: context_at(doc, path, product_el.is_some()),
        // How the visitor arrived: path, referring site and campaign parameters.
        facts: context::page_facts(
            path,
            &params,
            &doc.referrer(),
            host.as_deref().unwrap_or(""),
        ),
        product: product_el.and_then(|el| super::dom::read_item(&el, "data-sw-product")),
    }
}

/// The page and device context at `path`, on a page declaring a product or not.
fn context_at(doc: &web_sys::Document, path: &str, has_product: bool) -> Context {
    let window = web_sys::window();
    let width = window
        .as_ref()
        .and_then(|w| w.inner_width().ok())
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0);
    let navigator = window.as_ref().map(web_sys::Window::navigator);
    let ua = navigator
        .as_ref()
        .and_then(|n| n.user_agent().ok())
        .unwrap_or_default();
    let declared = doc
        .document_element()
        .and_then(|h| h.get_attribute("data-sw-page"));
    let locale = navigator
        .as_ref()
        .and_then(web_sys::Navigator::language)
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

/// The decoded `key=value` pairs of a query string (without its `?`), in order (`+` is a space).
fn query_params(query: &str) -> Result<Vec<(String, String)>, JsValue> {
    let mut out = Vec::new();
    for pair in query.split('&') {
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
