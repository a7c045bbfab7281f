//! Any sequence of raw events is checked one by one; the profile stays bounded; never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use shelfwise::core::attributes::Context;
use shelfwise::core::config::Config;
use shelfwise::core::engine::Engine;
use shelfwise::core::event::Event;
use shelfwise::core::profile::Profile;
use shelfwise::core::regex::NativeRegex;

const CONFIG: &str = r#"{"version":1,
 "features":{"shoes":{"events":"view_item","where":{"category":"Shoes"},"window":"7d"},
             "spend":{"events":"purchase","sum":"value","window":"all"}},
 "segments":[{"id":"s","if":{"features.shoes":{"$gte":2}}},{"id":"t","if":{"segments":"s","cart.value":{"$gt":10}}}]}"#;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(config) = Config::parse(CONFIG, &NativeRegex) else { return };
    let mut engine = Engine::new(config, Profile::new("fuzz"), Context::default(), 0);
    let mut now = 1_700_000_000_000i64;
    // One event per line: a JSON array [name, params, minutes later].
    for line in text.lines() {
        let Ok(Value::Array(parts)) = serde_json::from_str::<Value>(line) else { continue };
        let name = parts.first().cloned().unwrap_or(Value::Null);
        let params = parts.get(1).cloned().unwrap_or(Value::Null);
        now += parts.get(2).and_then(Value::as_i64).unwrap_or(1).clamp(0, 1_000_000) * 60_000;
        if let Ok(e) = Event::parse(&name, &params) {
            engine.track(e, now);
        }
    }
    let snapshot = engine.snapshot();
    assert!(snapshot.len() < 64 * 1024, "profile grew to {} bytes", snapshot.len());
    let _ = engine.attributes(now);
});
