//! Orders and duplicate purchases, the cart, and the capped recent lists.

use crate::shop::{item, Visitor, DAY, HOUR, MIN};
use serde_json::{json, Value};
use shelfwise::core::json::Json;

#[test]
fn orders_give_count_revenue_average_and_days_since_the_last() {
    let mut v = Visitor::new(json!({ "version": 1 }));
    assert_eq!(v.get("orders.count"), 0);
    assert_eq!(v.get("orders.daysSinceLast"), Value::Null);
    v.track(
        "purchase",
        json!({ "transaction_id": "T1", "value": 100, "currency": "EUR", "items": [item("SH-RUN-1")] }),
    );
    // Without a value, the order is worth price × quantity of its items.
    v.after(4 * DAY).track(
        "purchase",
        json!({ "transaction_id": "T2", "items": [{ "item_id": "AC-SCK-1", "price": 14.5, "quantity": 2 }] }),
    );
    v.after(DAY + 12 * HOUR);
    assert_eq!(v.get("orders.count"), 2);
    assert_eq!(v.get("orders.revenue"), 129.0);
    assert_eq!(v.get("orders.averageValue"), 64.5);
    assert_eq!(v.get("orders.lastValue"), 29.0);
    assert_eq!(v.get("orders.daysSinceLast"), 1.5);
}

#[test]
fn the_same_purchase_reported_twice_counts_once() {
    let mut v = Visitor::new(json!({
        "version": 1,
        "features": { "spend": { "events": "purchase", "sum": "value", "window": "all" } }
    }));
    let order = json!({ "transaction_id": "T-42", "value": 129.95, "items": [item("SH-RUN-1")] });
    assert!(v.track("purchase", order.clone()).counted);
    // The thank-you page reloaded, and the dataLayer said it again.
    let again = v.after(MIN).track("purchase", order.clone());
    assert!(!again.counted);
    assert_eq!(v.get("orders.count"), 1);
    assert_eq!(v.get("orders.revenue"), 129.95);
    assert_eq!(v.get("features.spend"), 129.95);
    assert_eq!(v.get("activity.item.SH-RUN-1.purchases"), 1);
    assert_eq!(v.get("affinity.brand.Stridewell"), 8.0);
    // Another transaction counts.
    let other = json!({ "transaction_id": "T-43", "value": 10, "items": [item("AC-SCK-1")] });
    assert!(v.track("purchase", other).counted);
    assert_eq!(v.get("orders.count"), 2);
}

#[test]
fn the_cart_follows_adds_removes_and_purchases() {
    let mut v = Visitor::new(json!({ "version": 1 }));
    let jacket = item("AP-JKT-1");
    let socks = json!({ "item_id": "AC-SCK-1", "item_category": "Accessories/Socks", "item_brand": "Cushy", "price": 14.5, "quantity": 3 });
    v.track("add_to_cart", json!({ "items": [jacket] }));
    v.track("add_to_cart", json!({ "items": [socks] }));
    v.track("add_to_cart", json!({ "items": [jacket] }));
    assert_eq!(v.get("cart.items"), 5.0);
    assert_eq!(v.get("cart.lines"), 2);
    assert_eq!(v.get("cart.value"), 621.5);
    assert_eq!(v.get("cart.ids"), json!(["AP-JKT-1", "AC-SCK-1"]));
    assert_eq!(v.get("cart.brands"), json!(["Northpeak", "Cushy"]));
    // Every category level of what is in the cart, so `{"cart.categories": "Apparel"}` holds.
    assert_eq!(
        v.get("cart.categories"),
        json!([
            "Apparel",
            "Apparel/Jackets",
            "Accessories",
            "Accessories/Socks"
        ])
    );
    assert!(v.segment_holds(json!({ "cart.categories": "Apparel" })));
    v.track(
        "remove_from_cart",
        json!({ "items": [{ "item_id": "AC-SCK-1", "quantity": 2 }] }),
    );
    assert_eq!(
        (v.get("cart.items"), v.get("cart.value")),
        (Json::from(json!(3.0)), Json::from(json!(592.5)))
    );
    v.track(
        "remove_from_cart",
        json!({ "items": [{ "item_id": "AP-JKT-1", "quantity": 2 }] }),
    );
    assert_eq!(v.get("cart.ids"), json!(["AC-SCK-1"]));
    v.track(
        "remove_from_cart",
        json!({ "items": [{ "item_id": "NOT-IN-CART" }] }),
    );
    assert_eq!(v.get("cart.lines"), 1);
    v.track(
        "purchase",
        json!({ "transaction_id": "T1", "items": [{ "item_id": "AC-SCK-1", "price": 14.5 }] }),
    );
    assert_eq!(v.get("cart.items"), 0.0);
    assert_eq!(v.get("cart.value"), 0.0);
}

#[test]
fn recently_viewed_is_most_recent_first_without_repeats_and_capped() {
    use shelfwise::core::profile::VIEWED_CAP;
    let mut v = Visitor::new(json!({ "version": 1 }));
    for id in ["A", "B", "C", "A"] {
        v.after(MIN)
            .track("view_item", json!({ "items": [{ "item_id": id }] }));
    }
    assert_eq!(v.get("history.viewed"), json!(["A", "C", "B"]));
    for i in 0..30 {
        v.after(MIN).track(
            "view_item",
            json!({ "items": [{ "item_id": format!("V{i}") }] }),
        );
    }
    let viewed = v.get("history.viewed");
    assert_eq!(viewed.as_array().unwrap().len(), VIEWED_CAP);
    assert_eq!(viewed[0], "V29");
    assert_eq!(viewed[VIEWED_CAP - 1], format!("V{}", 30 - VIEWED_CAP));
}

#[test]
fn purchased_items_and_searches_are_capped_most_recent_first() {
    use shelfwise::core::profile::{PURCHASED_CAP, SEARCH_CAP};
    let mut v = Visitor::new(json!({ "version": 1 }));
    for i in 0..60 {
        v.after(MIN).track(
            "purchase",
            json!({ "transaction_id": format!("T{i}"), "items": [{ "item_id": format!("P{i}") }] }),
        );
        v.track("search", json!({ "search_term": format!("term {i}") }));
    }
    let purchased = v.get("history.purchased");
    assert_eq!(purchased.as_array().unwrap().len(), PURCHASED_CAP);
    assert_eq!(purchased[0], "P59");
    let searches = v.get("history.searches");
    assert_eq!(searches.as_array().unwrap().len(), SEARCH_CAP);
    assert_eq!(searches[0], "term 59");
    assert_eq!(
        searches[SEARCH_CAP - 1],
        format!("term {}", 60 - SEARCH_CAP)
    );
}

#[test]
fn search_terms_are_not_kept_when_the_shop_says_so() {
    let mut v = Visitor::new(json!({
        "version": 1,
        "storage": { "keepSearchTerms": false },
        "features": { "searches": { "events": "search", "window": "session" } }
    }));
    v.track("search", json!({ "search_term": "rain jacket" }));
    assert_eq!(v.get("history.searches"), json!([]));
    assert_eq!(v.get("features.searches"), 1.0, "the search still counts");
}
