//! Regular expressions for `$regex` conditions, behind a trait so the browser can lend its own.
//!
//! In the browser the shell supplies JavaScript's `RegExp` (no bytes shipped, exactly the
//! dialect front-end developers know). Natively, [`NativeRegex`] uses `regex-lite`.

/// A compiled pattern.
pub trait Pattern {
    /// Whether the pattern matches anywhere in `text`.
    fn is_match(&self, text: &str) -> bool;
}

/// Compiles patterns; `case_insensitive` is JavaScript's `i` flag.
pub trait RegexEngine {
    /// The compiled pattern, or a sentence saying why it is invalid.
    fn compile(&self, pattern: &str, case_insensitive: bool) -> Result<Box<dyn Pattern>, String>;
}

/// Longest text a pattern is matched against; longer values never match (guards against
/// catastrophic backtracking on visitor-controlled strings such as URLs).
pub const MAX_MATCH_LEN: usize = 1024;

/// The native engine, backed by `regex-lite` (linear time).
#[cfg(not(target_arch = "wasm32"))]
#[derive(Clone, Copy, Debug, Default)]
pub struct NativeRegex;

#[cfg(not(target_arch = "wasm32"))]
impl Pattern for regex_lite::Regex {
    fn is_match(&self, text: &str) -> bool {
        text.len() <= MAX_MATCH_LEN && regex_lite::Regex::is_match(self, text)
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl RegexEngine for NativeRegex {
    fn compile(&self, pattern: &str, case_insensitive: bool) -> Result<Box<dyn Pattern>, String> {
        regex_lite::RegexBuilder::new(pattern)
            .case_insensitive(case_insensitive)
            .build()
            .map(|r| Box::new(r) as Box<dyn Pattern>)
            .map_err(|e| e.to_string())
    }
}
