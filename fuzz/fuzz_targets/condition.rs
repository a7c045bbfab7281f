//! Any condition over any attributes evaluates (the same way compiled or not); never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use shelfwise::core::condition::{eval_condition, Condition};
use shelfwise::core::error::{Errors, Path};
use shelfwise::core::json::{Json, Obj};
use shelfwise::core::regex::NativeRegex;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // Input: condition JSON, a newline, attributes JSON.
    let (c, a) = text.split_once('\n').unwrap_or((text, "{}"));
    let (Ok(cond), Ok(attrs)) = (Json::parse(c), Json::parse(a)) else {
        return;
    };
    let groups = Obj::new();
    let direct = eval_condition(&cond, &attrs, &groups, &NativeRegex);
    let mut errors = Errors::default();
    let compiled = Condition::compile(&cond, &Path::Root, &groups, &NativeRegex, &mut errors);
    assert_eq!(direct, compiled.eval(&attrs));
    assert_eq!(compiled.explain(&attrs).pass, direct);
    let _ = compiled.explain(&attrs).to_json();
});
