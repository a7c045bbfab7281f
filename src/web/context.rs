//! What the browser says about the page and the device, handed to the core's rules
//! (`core::page::context`): location, viewport, user agent, language, time zone, referrer, the
//! product the page declares.

use crate::core::json::Json;
use crate::core::page::context::{self, Place, Surroundings};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The JS entry's reader of where the browser is: one call answers JSON text
    /// `[address, referrer, user agent, language, time zone offset (minutes, as
    /// Date.getTimezoneOffset gives it), viewport width, a product element is on the page
    /// (boolean), the page type <html data-sw-page> declares (or null)]`, so that the engine
    /// crosses into JavaScript once rather than once for each of them.
    pub type Here;
    #[wasm_bindgen(method, js_name = call)]
    fn read(this: &Here) -> String;
}

/// Where the visitor is now: the route, the context, how they arrived and the page's product
/// (what `here` reads, read once for all four).
pub fn place(doc: &web_sys::Document, here: &Here) -> Place {
    let facts = Json::parse(&here.read()).unwrap_or_default();
    let text = |i| facts.at(i).and_then(Json::as_str).unwrap_or("");
    let number = |i| facts.at(i).and_then(Json::as_f64).unwrap_or(0.0);
    let (path, query, host) = context::address(text(0));
    let params = query_params(query).unwrap_or_default();
    // The element declaring the page's product, if any.
    let product_el = match facts.at(6) {
        Some(Json::Bool(true)) => doc.query_selector("[data-sw-product]").ok().flatten(),
        _ => None,
    };
    Place {
        route: context::route(path, &params),
        ctx: context::context(&Surroundings {
            path,
            declared_type: facts.at(7).and_then(Json::as_str),
            has_product: product_el.is_some(),
            width: number(5),
            user_agent: text(2),
            locale: text(3),
            tz_offset_min: -(number(4) as i64),
        }),
        // How the visitor arrived: path, referring site and campaign parameters.
        facts: context::page_facts(path, &params, text(1), host.as_deref().unwrap_or("")),
        product: product_el.and_then(|el| super::dom::read_item(&el, "data-sw-product")),
    }
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
