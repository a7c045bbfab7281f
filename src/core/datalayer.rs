//! Reading `window.dataLayer` entries, in both shapes shops push: gtag's
//! `['event', name, params]` arguments and Google Tag Manager's `{ event, ecommerce }` objects.

use serde_json::{Map, Value};

/// What one dataLayer entry means to the engine.
#[derive(Clone, Debug, PartialEq)]
pub enum Entry {
    /// An event to track: name and GA4 parameters.
    Event(Value, Value),
    /// A Google Consent Mode command about `personalization_storage`: granted or denied.
    Consent(bool),
    /// Nothing for the engine (config commands, GTM's own events, page views it tracks itself).
    Ignore,
}

fn skip_event(name: &str) -> bool {
    name.starts_with("gtm.") || name.starts_with("shelfwise_") || name == "page_view"
}

/// Interprets one entry (gtag arguments arrive as an array).
pub fn read_entry(entry: &Value) -> Entry {
    match entry {
        Value::Array(args) => match args.first().and_then(Value::as_str) {
            Some("event") => match args.get(1) {
                Some(Value::String(n)) if skip_event(n) => Entry::Ignore,
                Some(name) => {
                    Entry::Event(name.clone(), args.get(2).cloned().unwrap_or(Value::Null))
                }
                None => Entry::Ignore,
            },
            Some("consent") => args
                .get(2)
                .and_then(|p| p.get("personalization_storage"))
                .and_then(Value::as_str)
                .map_or(Entry::Ignore, |s| Entry::Consent(s == "granted")),
            _ => Entry::Ignore,
        },
        Value::Object(o) => {
            let name = match o.get("event") {
                Some(Value::String(n)) if skip_event(n) => return Entry::Ignore,
                Some(n) => n.clone(),
                None => return Entry::Ignore,
            };
            let mut params: Map<String, Value> = o
                .iter()
                .filter(|(k, _)| *k != "event" && *k != "ecommerce" && !k.starts_with("gtm"))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            if let Some(Value::Object(ec)) = o.get("ecommerce") {
                params.extend(ec.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
            Entry::Event(name, Value::Object(params))
        }
        _ => Entry::Ignore,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
        assert_eq!(read_entry(&json!(["config", "G-1"])), Entry::Ignore);
    }

    #[test]
    fn reads_consent_mode() {
        let grant = json!(["consent", "update", {"personalization_storage": "granted"}]);
        let deny = json!(["consent", "default", {"personalization_storage": "denied", "ad_storage": "denied"}]);
        assert_eq!(read_entry(&grant), Entry::Consent(true));
        assert_eq!(read_entry(&deny), Entry::Consent(false));
        assert_eq!(
            read_entry(&json!(["consent", "update", {"ad_storage": "granted"}])),
            Entry::Ignore
        );
    }
}
