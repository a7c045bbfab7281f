//! `$regex` through the browser's own RegExp: no regex engine is shipped in the .wasm.

use crate::core::regex::{Pattern, RegexEngine, MAX_MATCH_LEN};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    // Called without `new`, `RegExp(pattern, flags)` builds a RegExp; an invalid pattern throws.
    #[wasm_bindgen(catch, js_name = RegExp)]
    fn make_regexp(pattern: &str, flags: &str) -> Result<js_sys::RegExp, JsValue>;
}

/// JavaScript's RegExp as the condition language's regex engine.
pub struct JsRegex;

struct JsPattern(js_sys::RegExp);

impl Pattern for JsPattern {
    fn is_match(&self, text: &str) -> bool {
        text.len() <= MAX_MATCH_LEN && self.0.test(text)
    }
}

impl RegexEngine for JsRegex {
    fn compile(&self, pattern: &str, case_insensitive: bool) -> Result<Box<dyn Pattern>, String> {
        let flags = if case_insensitive { "i" } else { "" };
        make_regexp(pattern, flags)
            .map(|r| Box::new(JsPattern(r)) as Box<dyn Pattern>)
            .map_err(|e| {
                js_sys::Reflect::get(&e, &"message".into())
                    .ok()
                    .and_then(|m| m.as_string())
                    .unwrap_or_else(|| "invalid regular expression".into())
            })
    }
}
