//! What the browser says about the page and the device, handed to the core's rules
//! (`core::page::context`): location, viewport, user agent, language, time zone, referrer.

use crate::core::attributes::Context;
use crate::core::event::PageFacts;
use crate::core::page::context::{self, Surroundings};
use wasm_bindgen::JsValue;

/// The page and device context.
pub fn context(doc: &web_sys::Document) -> Context {
    let window = web_sys::window();
    let path = doc
        .location()
        .and_then(|l| l.pathname().ok())
        .unwrap_or_default();
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
    let has_product = doc
        .query_selector("[data-sw-product]")
        .ok()
        .flatten()
        .is_some();
    let locale = window
        .as_ref()
        .and_then(|w| w.navigator().language())
        .unwrap_or_default();
    let offset = js_sys::Date::new_0().get_timezone_offset();
    context::context(&Surroundings {
        path: &path,
        declared_type: declared.as_deref(),
        has_product,
        width,
        user_agent: &ua,
        locale: &locale,
        tz_offset_min: -(offset as i64),
    })
}

/// How the visitor arrived on this page: path, referring site and campaign parameters.
pub fn page_facts(doc: &web_sys::Document) -> PageFacts {
    let location = doc.location();
    let own_host = location
        .as_ref()
        .and_then(|l| l.hostname().ok())
        .unwrap_or_default();
    let path = location
        .as_ref()
        .and_then(|l| l.pathname().ok())
        .unwrap_or_default();
    let params = location
        .as_ref()
        .and_then(|l| l.search().ok())
        .and_then(|s| query_params(&s).ok())
        .unwrap_or_default();
    context::page_facts(&path, &params, &doc.referrer(), &own_host)
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
