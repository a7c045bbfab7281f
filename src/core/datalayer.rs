//! Reading `window.dataLayer` entries, in both shapes shops push: gtag's
//! `['event', name, params]` arguments and Google Tag Manager's `{ event, ecommerce }` objects.

use crate::core::json::{Json, Obj};

/// What one dataLayer entry means to the engine.
#[derive(Clone, Debug, PartialEq)]
pub enum Entry {
    /// An event to track: name and GA4 parameters.
    Event(Json, Json),
    /// A Google Consent Mode command about `personalization_storage`.
    Consent {
        /// Granted (true) or denied.
        granted: bool,
        /// An `update` (the visitor's decision); false for a `default` (the page's starting state).
        update: bool,
    },
    /// Nothing for the engine (config commands, GTM's own events, tag events).
    Ignore,
}

/// Entries that are not events for the engine: Tag Manager's own (`gtm.click`), the engine's
/// exposure reports, and names GA4 would refuse (`Form Submit`, `scroll-depth`: a shop's tag
/// events, not ecommerce). A `page_view` is read: the page decides whether it is a new one.
fn skip_event(name: &str) -> bool {
    name.starts_with("gtm.")
        || name.starts_with("shelfwise_")
        || !crate::core::event::is_valid_name(name)
}

/// Longest wait for the visitor's decision a Consent Mode `default` may ask for (ms).
const MAX_WAIT_FOR_UPDATE: f64 = 60_000.0;

/// How long (ms) a Consent Mode `default` about `personalization_storage` asks tags to wait for
/// the visitor's decision (`wait_for_update`), when the entry is one the engine reads.
pub fn wait_for_update(entry: &Json) -> Option<i64> {
    let Entry::Consent { update: false, .. } = read_entry(entry) else {
        return None;
    };
    let ms = entry.at(2)?.get("wait_for_update")?.as_f64()?;
    (ms > 0.0).then(|| ms.min(MAX_WAIT_FOR_UPDATE) as i64)
}

/// Interprets one entry (gtag arguments arrive as an array).
pub fn read_entry(entry: &Json) -> Entry {
    match entry {
        Json::Arr(args) => match args.first().and_then(Json::as_str) {
            Some("event") => match args.get(1) {
                Some(Json::Str(n)) if skip_event(n) => Entry::Ignore,
                Some(name) => Entry::Event(name.clone(), args.get(2).cloned().unwrap_or_default()),
                None => Entry::Ignore,
            },
            Some("consent") => {
                let update = args.get(1).and_then(Json::as_str) == Some("update");
                let params = args.get(2);
                let granted = match params
                    .and_then(|p| p.get("personalization_storage"))
                    .and_then(Json::as_str)
                {
                    Some(s) => s == "granted",
                    None => return Entry::Ignore,
                };
                // A default for some regions may not be this visitor's: only a denial counts.
                let regional = params.and_then(|p| p.get("region")).is_some();
                if regional && !update && granted {
                    return Entry::Ignore;
                }
                Entry::Consent { granted, update }
            }
            _ => Entry::Ignore,
        },
        Json::Obj(o) => {
            let name = match o.get("event") {
                Some(Json::Str(n)) if skip_event(n) => return Entry::Ignore,
                Some(n) => n.clone(),
                None => return Entry::Ignore,
            };
            let mut params: Obj = o
                .iter()
                .filter(|(k, _)| *k != "event" && *k != "ecommerce" && !k.starts_with("gtm"))
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect();
            if let Some(Json::Obj(ec)) = o.get("ecommerce") {
                for (k, v) in ec.iter() {
                    params.insert(k, v.clone());
                }
            }
            Entry::Event(name, Json::Obj(params))
        }
        _ => Entry::Ignore,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_gtag_and_gtm_shapes() {
        let gtag = json!(["event", "add_to_cart", {"items": [{"item_id": "a"}]}]);
        assert_eq!(
            read_entry(&gtag),
            Entry::Event(json!("add_to_cart"), json!({"items": [{"item_id": "a"}]}))
        );
        let gtm = json!({"event": "purchase", "gtm.uniqueEventId": 4,
            "ecommerce": {"transaction_id": "T1", "value": 10, "items": []}});
        assert_eq!(
            read_entry(&gtm),
            Entry::Event(
                json!("purchase"),
                json!({"transaction_id": "T1", "value": 10, "items": []})
            )
        );
        assert_eq!(read_entry(&json!({"ecommerce": null})), Entry::Ignore);
        assert_eq!(read_entry(&json!({"event": "gtm.click"})), Entry::Ignore);
        assert_eq!(read_entry(&json!({"event": "Form Submit"})), Entry::Ignore);
        assert_eq!(
            read_entry(&json!(["event", "scroll-depth", {}])),
            Entry::Ignore
        );
        assert_eq!(read_entry(&json!(["config", "G-1"])), Entry::Ignore);
        // A page view is the page's to judge (a single-page app's route, or the page itself).
        assert_eq!(
            read_entry(&json!({"event": "page_view"})),
            Entry::Event(json!("page_view"), json!({}))
        );
    }

    #[test]
    fn reads_how_long_a_default_waits_for_the_decision() {
        let default = |p: Json| Json::Arr(vec![Json::str("consent"), Json::str("default"), p]);
        let w = json!({"personalization_storage": "denied", "wait_for_update": 500});
        assert_eq!(wait_for_update(&default(w)), Some(500));
        let none = json!({"personalization_storage": "denied"});
        assert_eq!(wait_for_update(&default(none)), None);
        // An update is the decision itself; a default without personalization_storage is not read.
        let upd = json!(["consent", "update", {"personalization_storage": "granted", "wait_for_update": 500}]);
        assert_eq!(wait_for_update(&upd), None);
        let other = json!({"ad_storage": "denied", "wait_for_update": 500});
        assert_eq!(wait_for_update(&default(other)), None);
        let bad = json!({"personalization_storage": "denied", "wait_for_update": "soon"});
        assert_eq!(wait_for_update(&default(bad)), None);
        let huge = json!({"personalization_storage": "denied", "wait_for_update": 1e12});
        assert_eq!(wait_for_update(&default(huge)), Some(60_000));
    }

    #[test]
    fn reads_consent_mode() {
        let grant = json!(["consent", "update", {"personalization_storage": "granted"}]);
        let deny = json!(["consent", "default", {"personalization_storage": "denied", "ad_storage": "denied"}]);
        assert_eq!(
            read_entry(&grant),
            Entry::Consent {
                granted: true,
                update: true
            }
        );
        assert_eq!(
            read_entry(&deny),
            Entry::Consent {
                granted: false,
                update: false
            }
        );
        let regional = |s: &str| json!(["consent", "default", {"personalization_storage": s, "region": ["ES"]}]);
        assert_eq!(read_entry(&regional("granted")), Entry::Ignore);
        assert_eq!(
            read_entry(&regional("denied")),
            Entry::Consent {
                granted: false,
                update: false
            }
        );
        assert_eq!(
            read_entry(&json!(["consent", "update", {"ad_storage": "granted"}])),
            Entry::Ignore
        );
    }
}
