//! What a page load says about where the visitor is: the device, the page's type, how they
//! arrived (path, referring site, campaign), and which route of a single-page app they are on.
//! The shell reads the raw facts from the browser (location, viewport, user agent, referrer); the
//! rules that turn them into attributes are here.

use crate::cat;
use crate::core::attributes::Context;
use crate::core::event::{looks_like_email, PageFacts};
use crate::core::json::{Json, Obj};
use crate::core::rank::RankItem;

/// The campaign parameters read from a URL, without their `utm_` prefix.
pub const UTM: [&str; 5] = ["source", "medium", "campaign", "term", "content"];

/// Longest campaign tag kept.
const MAX_UTM_LEN: usize = 100;

/// `mobile` (narrower than 768 px or a mobile browser), `tablet` (768–1023 px or a tablet) or
/// `desktop`; a width of 0 means unknown.
pub fn device_type(width: f64, user_agent: &str) -> &'static str {
    if user_agent.contains("iPad")
        || user_agent.contains("Tablet")
        || (768.0..1024.0).contains(&width)
    {
        "tablet"
    } else if user_agent.contains("Mobi") || (width > 0.0 && width < 768.0) {
        "mobile"
    } else {
        "desktop"
    }
}

/// The page's type: what `<html data-sw-page>` declares, else `product` (the page declares a
/// product), `home` (`/` or a path ending in `/index.html`) or `other`.
pub fn page_type(declared: Option<&str>, has_product: bool, path: &str) -> String {
    match declared.map(str::trim) {
        Some(t) if !t.is_empty() => t.to_string(),
        _ if has_product => "product".into(),
        _ if path == "/" || path.ends_with("/index.html") => "home".into(),
        _ => "other".into(),
    }
}

/// What the browser tells about the page and the device.
pub struct Surroundings<'a> {
    /// The page's path, without query string.
    pub path: &'a str,
    /// `<html data-sw-page>`, if any.
    pub declared_type: Option<&'a str>,
    /// Whether an element declares the page's product (`data-sw-product`).
    pub has_product: bool,
    /// Viewport width in CSS pixels (0 when unknown).
    pub width: f64,
    /// The browser's user agent string.
    pub user_agent: &'a str,
    /// The browser's language.
    pub locale: &'a str,
    /// Minutes to add to UTC for local time (the negated `Date.getTimezoneOffset()`).
    pub tz_offset_min: i64,
}

/// The page and device context of the attributes document.
pub fn context(s: &Surroundings) -> Context {
    Context {
        path: s.path.to_string(),
        page_type: page_type(s.declared_type, s.has_product, s.path),
        device: device_type(s.width, s.user_agent).into(),
        width: s.width,
        locale: s.locale.to_string(),
        tz_offset_min: s.tz_offset_min,
    }
}

/// Where the visitor is, as the browser shows it: read when the engine starts, and again when a
/// single-page app may have changed route without a page load.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Place {
    /// Which page this is (see [`route`]).
    pub route: String,
    /// The page and device context of the attributes document.
    pub ctx: Context,
    /// How the visitor arrived: path, referring site, campaign.
    pub facts: PageFacts,
    /// The product the page declares (`data-sw-product`) with its relations, if any.
    pub product: Option<RankItem>,
}

/// What makes a page another page: its path and its query parameters (decoded, in order), campaign
/// tags (`utm_*`) aside, so that a script removing them from the address bar leaves the visitor on
/// the same page. The fragment (`#…`) never counts.
pub fn route(path: &str, params: &[(String, String)]) -> String {
    let mut r = path.to_string();
    for (k, v) in params.iter().filter(|(k, _)| !k.starts_with("utm_")) {
        r.push(if r.len() == path.len() { '?' } else { '&' });
        r.push_str(k);
        r.push('=');
        r.push_str(v);
    }
    r
}

/// The lower-cased host of an absolute URL, if it has one.
fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?.split(':').next()?;
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// The parts of a page's address (`document.URL`) that its `location` gives, without the cost of
/// asking `location` for each: the path (`pathname`), the query string without its `?`
/// (`search`) and the host name (`hostname`, lower-cased; None when the address has no host).
/// The fragment (`#…`) is no part of any.
pub fn address(url: &str) -> (&str, &str, Option<String>) {
    let url = url.split('#').next().unwrap_or_default();
    let (url, query) = url.split_once('?').unwrap_or((url, ""));
    let rest = url.split_once(':').map_or(url, |(_, rest)| rest);
    match rest.strip_prefix("//") {
        Some(r) => (&r[r.find('/').unwrap_or(r.len())..], query, host_of(url)),
        // An address with no host (about:blank, data:): all of it is the path.
        None => (rest, query, None),
    }
}

/// How the visitor arrived on a page at `path` of the shop at `own_host`: `params` are the URL's
/// decoded query parameters in order (a later one wins), `referrer` the referring URL (empty
/// when none). Only another site's host is kept as the referrer; a campaign tag that looks like
/// an email address is dropped.
pub fn page_facts(
    path: &str,
    params: &[(String, String)],
    referrer: &str,
    own_host: &str,
) -> PageFacts {
    let mut utm = Obj::new();
    for k in UTM {
        let name = cat!("utm_", k);
        let value = params
            .iter()
            .rev()
            .find(|(p, _)| *p == name)
            .map(|(_, v)| v);
        if let Some(v) = value {
            // Mailing tools sometimes put the subscriber's address in a campaign tag.
            if !v.is_empty() && !looks_like_email(v) {
                utm.insert(k, Json::Str(v.chars().take(MAX_UTM_LEN).collect()));
            }
        }
    }
    PageFacts {
        path: path.to_string(),
        referrer: host_of(referrer).filter(|h| !h.eq_ignore_ascii_case(own_host)),
        utm,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_by_width_and_browser() {
        assert_eq!(device_type(375.0, ""), "mobile");
        assert_eq!(device_type(800.0, ""), "tablet");
        assert_eq!(device_type(1280.0, ""), "desktop");
        assert_eq!(device_type(0.0, ""), "desktop");
        assert_eq!(
            device_type(1280.0, "Mozilla/5.0 (iPhone) Mobile/15E148"),
            "mobile"
        );
        assert_eq!(
            device_type(1280.0, "Mozilla/5.0 (iPad; CPU OS 17_0)"),
            "tablet"
        );
    }

    #[test]
    fn campaign_and_referrer() {
        let p = |k: &str, v: &str| (k.to_string(), v.to_string());
        let f = page_facts(
            "/",
            &[
                p("utm_source", "a"),
                p("utm_source", "b"),
                p("utm_term", "x@y.com"),
            ],
            "https://Www.Google.com:443/search?q=1",
            "shop.test",
        );
        assert_eq!(f.utm.get("source"), Some(&Json::str("b")));
        assert!(f.utm.get("term").is_none());
        assert_eq!(f.referrer.as_deref(), Some("www.google.com"));
        let own = page_facts("/", &[], "http://shop.test/cart.html", "shop.test");
        assert_eq!(own.referrer, None);
    }

    #[test]
    fn an_address_splits_as_location_does() {
        // MDN's examples for Location: pathname, search (here without its "?") and hostname.
        assert_eq!(
            address("https://developer.mozilla.org:8080/en-US/search?q=URL#search-results"),
            (
                "/en-US/search",
                "q=URL",
                Some("developer.mozilla.org".into())
            )
        );
        assert_eq!(
            address("https://user:pw@shop.test/a/b.html"),
            ("/a/b.html", "", Some("shop.test".into()))
        );
        assert_eq!(
            address("https://shop.test/#top?not=query"),
            ("/", "", Some("shop.test".into()))
        );
        assert_eq!(
            address("https://shop.test/c?x=1?2#f"),
            ("/c", "x=1?2", Some("shop.test".into()))
        );
        assert_eq!(
            address("file:///C:/shop/index.html"),
            ("/C:/shop/index.html", "", None)
        );
        assert_eq!(address("about:blank"), ("blank", "", None));
    }

    #[test]
    fn a_route_is_the_path_and_query_without_campaign_tags() {
        let p = |k: &str, v: &str| (k.to_string(), v.to_string());
        assert_eq!(route("/trail", &[]), "/trail");
        assert_eq!(
            route(
                "/c",
                &[p("utm_source", "news"), p("page", "2"), p("sort", "price")]
            ),
            "/c?page=2&sort=price"
        );
        // Removing the campaign tags from the address bar is the same page.
        assert_eq!(
            route("/c", &[p("utm_campaign", "spring")]),
            route("/c", &[])
        );
        assert_ne!(route("/c", &[p("page", "2")]), route("/c", &[]));
    }
}
