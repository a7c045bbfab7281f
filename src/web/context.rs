//! What the page and the device say: the context of the attributes document, and the facts
//! of the page view (path, referring site, campaign).

use crate::cat;
use crate::core::attributes::Context;
use crate::core::event::{looks_like_email, PageFacts};
use crate::core::json::{Json, Obj};
use wasm_bindgen::JsValue;

const UTM: [&str; 5] = ["source", "medium", "campaign", "term", "content"];

fn get(obj: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(obj, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?.split(':').next()?;
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// The page and device context.
pub fn context(doc: &web_sys::Document) -> Context {
    let window = web_sys::window();
    let location = doc.location();
    let path = location
        .as_ref()
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
    let device = if ua.contains("iPad") || ua.contains("Tablet") || (768.0..1024.0).contains(&width)
    {
        "tablet"
    } else if ua.contains("Mobi") || (width > 0.0 && width < 768.0) {
        "mobile"
    } else {
        "desktop"
    };
    let html = doc.document_element();
    let declared = html.as_ref().and_then(|h| h.get_attribute("data-sw-page"));
    let page_type = match declared {
        Some(t) if !t.is_empty() => t,
        _ if doc
            .query_selector("[data-sw-product]")
            .ok()
            .flatten()
            .is_some() =>
        {
            "product".into()
        }
        _ if path == "/" || path.ends_with("/index.html") => "home".into(),
        _ => "other".into(),
    };
    let locale = window
        .as_ref()
        .and_then(|w| w.navigator().language())
        .unwrap_or_default();
    let offset = js_sys::Date::new_0().get_timezone_offset();
    Context {
        path,
        page_type,
        device: device.into(),
        width,
        locale,
        tz_offset_min: -(offset as i64),
    }
}

/// How the visitor arrived on this page: path, referring site and campaign parameters.
pub fn page_facts(doc: &web_sys::Document) -> PageFacts {
    let location = doc.location();
    let own_host = location
        .as_ref()
        .and_then(|l| l.hostname().ok())
        .unwrap_or_default();
    let referrer = host_of(&doc.referrer()).filter(|h| *h != own_host);
    let mut utm = Obj::new();
    if let Some(search) = location.as_ref().and_then(|l| l.search().ok()) {
        if let Ok(params) = web_sys_url_params(&search) {
            for k in UTM {
                let v = get(&params, &cat!("utm_", k));
                if let Some(s) = v.as_string() {
                    // Mailing tools sometimes put the subscriber's address in a campaign tag.
                    if !s.is_empty() && !looks_like_email(&s) {
                        utm.insert(k, Json::Str(s.chars().take(100).collect()));
                    }
                }
            }
        }
    }
    PageFacts {
        path: location.and_then(|l| l.pathname().ok()).unwrap_or_default(),
        referrer,
        utm,
    }
}

/// `Object.fromEntries(new URLSearchParams(search))` without pulling the URL bindings in.
fn web_sys_url_params(search: &str) -> Result<JsValue, JsValue> {
    let out = js_sys::Object::new();
    for pair in search.trim_start_matches('?').split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let k = js_sys::decode_uri_component(&k.replace('+', " "))?;
        let v = js_sys::decode_uri_component(&v.replace('+', " "))?;
        js_sys::Reflect::set(&out, &k, &v)?;
    }
    Ok(out.into())
}
