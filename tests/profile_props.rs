//! Property tests of the profile: any stream of events, however malformed, never panics and
//! never makes the stored profile larger than its bound; several tabs writing in any order
//! count every event exactly once.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use serde_json::{json, Value};
use shelfwise::core::attributes::Context;
use shelfwise::core::config;
use shelfwise::core::engine::Engine;
use shelfwise::core::event::Event;
use shelfwise::core::json::Json;
use shelfwise::core::profile::snapshot::{decode, MAX_STORED_BYTES};
use shelfwise::core::profile::Profile;
use shelfwise::core::program::Program;
use shelfwise::core::regex::NativeRegex;

const T0: i64 = 1_700_000_000_000;
const HOUR: i64 = 3_600_000;

fn demo() -> Program {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/www/shelfwise.config.json"
    ))
    .expect("the demo config is readable");
    config::compile(&text, &NativeRegex).expect("the demo config is valid")
}

/// Event names: the GA4 ones the engine knows, a custom one, and names it must refuse or skip.
fn names() -> Vec<&'static str> {
    let mut all = shelfwise::core::event::KNOWN_EVENTS.to_vec();
    all.extend(["newsletter_signup", "", "bad name", "gtm.click"]);
    all
}

/// Any JSON scalar, biased towards the values events get wrong.
fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        1 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::from),
        1 => any::<f64>().prop_map(|f| json!(f)),
        1 => (-5.0e7..5.0e7f64).prop_map(|f| json!(f)),
        1 => (0u32..20).prop_map(Value::from),
        1 => "[a-zA-Z0-9 /_.-]{0,12}".prop_map(Value::from),
        // Long but valid texts, which fill the profile fastest.
        3 => "[a-z][a-z -]{100,190}".prop_map(Value::from),
        1 => ".{0,300}".prop_map(Value::from),
        1 => prop::sample::select(vec!["12.5", "1e400", "-3", " 7 ", "NaN", "Shoes/Running"])
            .prop_map(Value::from),
    ]
}

/// A value in a field: usually a scalar, sometimes an array or object.
fn field() -> impl Strategy<Value = Value> {
    prop_oneof![
        8 => scalar(),
        1 => prop::collection::vec(scalar(), 0..4).prop_map(Value::from),
        1 => Just(json!({ "nested": true })),
    ]
}

/// A text field: usually valid (short or long), sometimes anything at all.
fn text() -> impl Strategy<Value = Value> {
    prop_oneof![
        10 => "[A-Za-z][a-z -]{0,20}".prop_map(Value::from),
        6 => "[a-z][a-z -]{100,190}".prop_map(Value::from),
        1 => field(),
    ]
}

/// A number field: usually a plausible amount, sometimes anything at all.
fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        12 => (0.0..600.0f64).prop_map(|f| json!(f)),
        1 => field(),
    ]
}

fn item() -> impl Strategy<Value = Value> {
    let id = prop_oneof![
        8 => (0u32..80).prop_map(|n| json!(format!("P{n}"))),
        4 => "[A-Z0-9-]{50,100}".prop_map(Value::from),
        1 => field(),
    ];
    let categories = prop::collection::vec(text(), 0..6);
    let tags = prop::collection::vec(text(), 0..8);
    (id, text(), categories, tags, number(), number(), field()).prop_map(
        |(id, brand, categories, tags, price, quantity, custom)| {
            let mut it = json!({
                "item_id": id, "item_name": "A product", "item_brand": brand,
                "item_tags": tags, "price": price, "quantity": quantity, "color": custom,
            });
            let keys = [
                "item_category",
                "item_category2",
                "item_category3",
                "item_category4",
                "item_category5",
            ];
            for (k, c) in keys.iter().zip(categories) {
                it[*k] = c;
            }
            it
        },
    )
}

fn params() -> impl Strategy<Value = Value> {
    let items = prop_oneof![
        6 => prop::collection::vec(item(), 0..4).prop_map(Value::from),
        1 => field(),
    ];
    let tx = prop_oneof![(0u32..6).prop_map(|n| json!(format!("T{n}"))), field()];
    prop_oneof![
        9 => (items, tx, field(), field()).prop_map(|(items, tx, value, term)| {
            json!({ "items": items, "transaction_id": tx, "value": value, "search_term": term, "currency": "EUR" })
        }),
        1 => field(),
    ]
}

/// One raw event and how long after the previous one it happens.
fn raw_event() -> impl Strategy<Value = (Value, Value, i64)> {
    let name = prop_oneof![
        9 => prop::sample::select(names()).prop_map(Value::from),
        1 => field(),
    ];
    let gap = prop_oneof![
        6 => 0..5 * 60_000i64,
        2 => 0..48 * HOUR,
        1 => 0..200 * 24 * HOUR,
        1 => -HOUR..0i64,
    ];
    (name, params(), gap)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn any_event_stream_keeps_the_stored_profile_bounded_and_readable(
        stream in prop::collection::vec(raw_event(), 1..240)
    ) {
        let cfg = demo();
        let mut e = Engine::new(cfg, Profile::new("prop"), Context::default(), T0);
        let mut now = T0;
        let mut latest = T0;
        for (name, params, gap) in stream {
            now += gap;
            latest = latest.max(now);
            if let Ok(event) = Event::parse(&Json::from(&name), &Json::from(&params)) {
                e.track(event, now);
            }
            if e.profile().session.events % 8 == 0 {
                let stored = e.snapshot();
                prop_assert!(stored.len() <= MAX_STORED_BYTES, "{} bytes", stored.len());
            }
        }
        // What is stored reads back as the same profile (what outlived the retention aside).
        e.purge(latest);
        let stored = e.snapshot();
        prop_assert!(stored.len() <= MAX_STORED_BYTES, "{} bytes", stored.len());
        let back = decode(&stored, latest, &demo().rules);
        prop_assert!(back.is_ok(), "{:?}", back.err());
        let back = Engine::new(demo(), back.unwrap(), Context::default(), latest);
        prop_assert_eq!(back.snapshot(), stored);
        prop_assert!(back.attributes(latest).as_object().is_some());
    }

    #[test]
    fn purging_as_the_page_stays_open_leaves_nothing_older_than_the_retention(
        stream in prop::collection::vec(raw_event(), 1..240)
    ) {
        // The engine purges only when something it keeps can have outlived the retention; after
        // each of its purges, a full purge of the profile must find nothing left to remove.
        let rules = demo().rules;
        let mut e = Engine::new(demo(), Profile::new("prop"), Context::default(), T0);
        let mut now = T0;
        for (name, params, gap) in stream {
            now += gap;
            if let Ok(event) = Event::parse(&Json::from(&name), &Json::from(&params)) {
                e.track(event, now);
            }
            e.purge(now);
            let mut full = e.profile().clone();
            full.purge(now, &rules);
            prop_assert_eq!(&full, e.profile());
        }
    }

    #[test]
    fn two_tabs_with_late_storage_news_count_every_event_once(
        steps in prop::collection::vec((0usize..2, 0usize..4, 0u32..5, 0u8..4), 1..60)
    ) {
        let mut tabs = [Tab::new("a"), Tab::new("b")];
        let mut history: History = Vec::new();
        let mut expected = [[0u64; 4]; 5];
        let mut now = T0;
        for (tab, kind, item, action) in steps {
            now += 100;
            tabs[tab].view(kind, item, now);
            expected[item as usize][kind] += 1;
            match action {
                // The tab writes, from what its copy of storage shows (maybe not the latest).
                1 | 2 => tabs[tab].write(&mut history, now),
                // The tab hears of the other tab's writes (`storage` events, in order).
                3 => tabs[tab].hear(&history, now),
                _ => {}
            }
        }
        // Every tab hears everything and writes what it must, until nothing is left to write.
        for _ in 0..6 {
            for t in &mut tabs {
                t.hear(&history, now);
                if t.engine.dirty() {
                    t.write(&mut history, now);
                }
            }
        }
        prop_assert!(tabs.iter().all(|t| !t.engine.dirty()));
        let stored: Value = serde_json::from_str(&history.last().unwrap().1).unwrap();
        for (item, counts) in expected.iter().enumerate() {
            // The counters are [views, clicks, carts, wishlists, purchases].
            let want = json!([counts[0], counts[1], counts[2], counts[3], 0]);
            let key = format!("P{item}");
            if counts.iter().sum::<u64>() == 0 {
                prop_assert!(stored["items"].get(&key).is_none());
            } else {
                prop_assert_eq!(&stored["items"][&key][0], &want, "{}", key);
            }
            for t in &tabs {
                let seen = &t.engine.profile().items.0.get(&key).map(|s| s.0.to_vec());
                let want: Option<Vec<u32>> = (counts.iter().sum::<u64>() > 0)
                    .then(|| counts.iter().map(|c| *c as u32).chain([0]).collect());
                prop_assert_eq!(seen, &want, "{} in a tab", key);
            }
        }
    }
}

/// One tab over shared storage: what its copy of storage shows may lag behind other tabs' writes
/// until it hears of them, as localStorage does across browser processes.
struct Tab {
    name: &'static str,
    engine: Engine,
    /// How much of the storage's history (writer, text) this tab's copy shows.
    copy: usize,
    /// How much of the history it has heard of (`storage` events, its own writes excepted).
    heard: usize,
}

type History = Vec<(&'static str, String)>;

impl Tab {
    fn new(name: &'static str) -> Tab {
        let mut engine = Engine::new(demo(), Profile::new(name), Context::default(), T0);
        engine.set_writer(name);
        Tab {
            name,
            engine,
            copy: 0,
            heard: 0,
        }
    }

    fn view(&mut self, kind: usize, item: u32, now: i64) {
        const KINDS: [&str; 4] = ["view_item", "select_item", "add_to_cart", "add_to_wishlist"];
        let params =
            json!({ "items": [{ "item_id": format!("P{item}"), "item_category": "Shoes" }] });
        let event = Event::parse(&Json::str(KINDS[kind]), &Json::from(params)).unwrap();
        self.engine.track(event, now);
    }

    fn write(&mut self, history: &mut History, now: i64) {
        if let Some((_, text)) = self.copy.checked_sub(1).map(|i| &history[i]) {
            self.engine.rebase(text, now).unwrap();
        }
        history.push((self.name, self.engine.snapshot()));
        self.engine.saved();
        self.copy = history.len();
    }

    fn hear(&mut self, history: &History, now: i64) {
        for (i, (writer, text)) in history.iter().enumerate().skip(self.heard) {
            if *writer != self.name {
                self.engine.rebase(text, now).unwrap();
                self.copy = self.copy.max(i + 1);
            }
        }
        self.heard = history.len();
    }
}
