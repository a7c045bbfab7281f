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
    /// Nothing for the engine (config commands, GTM's own events, page views it tracks itself).
    Ignore,
}

/// Entries that are not events for the engine: Tag Manager's own (`gtm.click`), the engine's
/// exposure reports, page views (the engine counts those itself), and names GA4 would refuse
/// (`Form Submit`, `scroll-depth`: a shop's tag events, not ecommerce).
fn skip_event(name: &str) -> bool {
    name.starts_with("gtm.")
        || name.starts_with("shelfwise_")
        || name == "page_view"
        || !crate::core::event::is_valid_name(name)
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
