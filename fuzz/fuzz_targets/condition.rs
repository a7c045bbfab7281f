//! Any condition over any attributes evaluates (the same way compiled or not); never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};
use shelfwise::core::condition::{eval_condition, Condition};
use shelfwise::core::error::JsonPath;
use shelfwise::core::regex::NativeRegex;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // Input: condition JSON, a newline, attributes JSON.
    let (c, a) = text.split_once('\n').unwrap_or((text, "{}"));
    let (Ok(cond), Ok(attrs)) = (serde_json::from_str::<Value>(c), serde_json::from_str::<Value>(a)) else {
        return;
    };
    let groups = Map::new();
    let direct = eval_condition(&cond, &attrs, &groups, &NativeRegex);
    let mut errors = Vec::new();
    let compiled = Condition::compile(&cond, &JsonPath::root(), &groups, &NativeRegex, &mut errors);
    assert_eq!(direct, compiled.eval(&attrs));
    let _ = compiled.explain(&attrs).to_json();
});
