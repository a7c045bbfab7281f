//! Any sequence of raw events is checked one by one; the profile stays bounded; segments always
//! equal their conditions on the whole attributes document; never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use shelfwise::core::attributes::Context;
use shelfwise::core::config;
use shelfwise::core::engine::Engine;
use shelfwise::core::event::Event;
use shelfwise::core::json::Json;
use shelfwise::core::profile::Profile;
use shelfwise::core::regex::NativeRegex;

const CONFIG: &str = r#"{"version":1,
 "features":{"shoes":{"events":"view_item","where":{"category":"Shoes"},"window":"7d"},
             "spend":{"events":"purchase","sum":"value","window":"all"}},
 "segments":[{"id":"s","if":{"features.shoes":{"$gte":2}}},{"id":"t","if":{"segments":"s","cart.value":{"$gt":10}}}]}"#;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(program) = config::compile(CONFIG, &NativeRegex) else { return };
    let mut engine = Engine::new(program, Profile::new("fuzz"), Context::default(), 0);
    let mut now = 1_700_000_000_000i64;
    // One event per line: a JSON array [name, params, minutes later].
    for line in text.lines() {
        let Ok(Json::Arr(parts)) = Json::parse(line) else { continue };
        let name = parts.first().cloned().unwrap_or_default();
        let params = parts.get(1).cloned().unwrap_or_default();
        let minutes = parts.get(2).and_then(Json::as_f64).unwrap_or(1.0);
        now += (minutes.clamp(0.0, 1_000_000.0) as i64) * 60_000;
        if let Ok(e) = Event::parse(&name, &params) {
            engine.track(e, now);
        }
    }
    let snapshot = engine.snapshot();
    assert!(snapshot.len() < 64 * 1024, "profile grew to {} bytes", snapshot.len());
    let Json::Obj(mut doc) = engine.attributes(now) else { panic!("not an object") };
    let mut members: Vec<String> = Vec::new();
    for (i, seg) in engine.program().segments.iter().enumerate() {
        doc.insert("segments", Json::strings(members.iter().map(String::as_str)));
        if engine.program().eval_segment_on(i, &Json::Obj(doc.clone())) {
            members.push(seg.id.clone());
        }
    }
    assert_eq!(engine.segments(), &members[..]);
});
