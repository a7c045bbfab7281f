//! The stored profile stays small however much the visitor does.

use crate::shop::{config, event, DAY, HOUR, MIN, T0};
use serde_json::{json, Value};
use shelfwise::core::attributes::Context;
use shelfwise::core::engine::Engine;
use shelfwise::core::profile::snapshot::MAX_STORED_BYTES;
use shelfwise::core::profile::Profile;
use shelfwise::core::rank::{parse_items, RankItem};

/// A small deterministic random source (xorshift), so the test is the same on every run.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const TOPS: [&str; 6] = [
    "Shoes",
    "Apparel",
    "Camping",
    "Climbing",
    "Accessories",
    "Kids",
];
const SUBS: [&str; 6] = ["Running", "Trail", "Jackets", "Tents", "Socks", "Packs"];

/// Item `n` of a 5,000-item catalog.
fn catalog_item(n: u64, quantity: u64) -> Value {
    json!({
        "item_id": format!("SKU-{n:05}"),
        "item_name": format!("Product number {n}"),
        "item_brand": format!("Brand {}", n % 40),
        "item_category": TOPS[(n % 6) as usize],
        "item_category2": SUBS[(n / 6 % 6) as usize],
        "item_category3": format!("Line {}", n % 9),
        "item_variant": "standard",
        "item_tags": [format!("tag{}", n % 30), format!("tag{}", n % 7)],
        "price": (n % 500) as f64 + 0.95,
        "quantity": quantity,
    })
}

fn demo_config() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/www/shelfwise.config.json"
    ))
    .expect("the demo config is readable");
    serde_json::from_str(&text).expect("the demo config is JSON")
}

/// The items of an event as a product page shows them: each with its ten related products.
fn as_shown(params: &Value) -> Vec<RankItem> {
    let items: Vec<Value> = params["items"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|it| {
            let id = it["item_id"].as_str().unwrap();
            let n: u64 = id[4..].parse().unwrap();
            let related: Vec<String> = (1..=10)
                .map(|k| format!("SKU-{:05}", (n + k * 397) % 5_000))
                .collect();
            json!({ "id": id, "related": related })
        })
        .collect();
    parse_items(&Value::Array(items)).unwrap()
}

fn random_event(d: &mut Dice, order: &mut u64) -> (String, Value) {
    let pick = |d: &mut Dice| catalog_item(d.below(5_000), 1 + d.below(3));
    let roll = d.below(100);
    let (name, params) = match roll {
        0..=29 => ("page_view", json!({})),
        30..=59 => ("view_item", json!({ "items": [pick(d)] })),
        60..=64 => (
            "view_item_list",
            json!({ "items": [pick(d), pick(d), pick(d)] }),
        ),
        65..=74 => ("select_item", json!({ "items": [pick(d)] })),
        75..=82 => ("add_to_cart", json!({ "items": [pick(d)] })),
        83..=84 => ("remove_from_cart", json!({ "items": [pick(d)] })),
        85..=87 => ("add_to_wishlist", json!({ "items": [pick(d)] })),
        88 => ("begin_checkout", json!({ "items": [pick(d)] })),
        89 | 90 => {
            *order += 1;
            let tx = format!("ORD-2024-{order:06}");
            (
                "purchase",
                json!({ "transaction_id": tx, "currency": "EUR", "items": [pick(d), pick(d)] }),
            )
        }
        91..=96 => (
            "search",
            json!({ "search_term": format!("waterproof {}", d.below(1000)) }),
        ),
        _ => ("newsletter_signup", json!({ "method": "footer" })),
    };
    (name.to_string(), params)
}

#[test]
fn ten_thousand_events_over_ninety_days_stay_under_16_kb() {
    assert_eq!(MAX_STORED_BYTES, 16 * 1024);
    let mut e = Engine::new(
        config(demo_config()),
        Profile::new("size"),
        Context::default(),
        T0,
    );
    let mut d = Dice(0x5eed_1234_abcd_ef01);
    let mut order = 0;
    let mut now = T0;
    let mut largest = 0;
    for n in 0..10_000 {
        // 90 days: visits of a few minutes, a few hours or a day apart.
        now += match d.below(100) {
            0 => 12 * HOUR,
            1..=4 => 2 * HOUR,
            _ => d.below(3 * MIN as u64) as i64,
        };
        let (name, params) = random_event(&mut d, &mut order);
        e.note_related(&as_shown(&params));
        e.track(event(&name, params), now);
        if n % 100 == 99 {
            // The whole profile fits: nothing had to be trimmed to store it.
            let whole = shelfwise::core::profile::codec::to_value(e.profile())
                .to_string()
                .len();
            largest = largest.max(whole);
        }
    }
    assert!(
        now - T0 >= 75 * DAY && now - T0 <= 110 * DAY,
        "{} days",
        (now - T0) / DAY
    );
    let stored = e.snapshot();
    assert!(
        largest <= MAX_STORED_BYTES && stored.len() <= MAX_STORED_BYTES,
        "largest {largest} bytes, last {} bytes",
        stored.len()
    );
    // Still a full profile, not an emptied one, with the relations of the latest items.
    assert_eq!(
        e.profile().related.len(),
        shelfwise::core::profile::related::RELATED_CAP
    );
    let doc = e.attributes(now);
    assert_eq!(doc["history"]["viewed"].as_array().unwrap().len(), 20);
    assert!(doc["orders"]["count"].as_u64().unwrap() >= 20);
    assert!(doc["visit"]["count"].as_u64().unwrap() > 100);
    println!("stored profile: {} bytes, largest {largest}", stored.len());
}

#[test]
fn the_longest_accepted_names_still_stay_under_16_kb() {
    let mut e = Engine::new(
        config(demo_config()),
        Profile::new("size"),
        Context::default(),
        T0,
    );
    let long = |s: &str, n: u64| format!("{s}{n}-{}", "x".repeat(180));
    let mut now = T0;
    for n in 0..100 {
        now += MIN;
        let it = json!({
            "item_id": format!("{n}-{}", "i".repeat(95)),
            "item_brand": long("b", n),
            "item_category": long("c", n), "item_category2": long("d", n),
            "item_category3": long("e", n), "item_category4": long("f", n),
            "item_category5": long("g", n),
            "item_tags": (0..20).map(|t| long("t", n * 20 + t)).collect::<Vec<_>>(),
            "price": 10, "quantity": 2,
        });
        let related: Vec<String> = (0..10)
            .map(|r| format!("{n}-{r}-{}", "r".repeat(94)))
            .collect();
        e.note_related(
            &parse_items(&json!([{ "id": it["item_id"], "related": related }])).unwrap(),
        );
        for name in ["view_item", "add_to_cart", "add_to_wishlist"] {
            e.track(event(name, json!({ "items": [it] })), now);
        }
        e.track(event("search", json!({ "search_term": long("s", n) })), now);
        if n % 5 == 0 {
            let tx = format!("{n}-{}", "t".repeat(95));
            e.track(
                event("purchase", json!({ "transaction_id": tx, "items": [it] })),
                now,
            );
        }
        assert!(e.snapshot().len() <= MAX_STORED_BYTES, "after {n} rounds");
    }
    let doc = e.attributes(now);
    assert!(!doc["history"]["viewed"].as_array().unwrap().is_empty());
}
