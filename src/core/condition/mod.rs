//! Segment conditions: MongoDB-style query documents over the attributes document, with the
//! semantics of GrowthBook's `evalCondition` (packages/sdk-js/src/mongrule.ts), JavaScript
//! coercions included, checked against GrowthBook's cross-SDK cases.
//!
//! ```
//! use serde_json::{json, Map};
//! use shelfwise::core::condition::{eval_condition, Condition};
//! use shelfwise::core::error::JsonPath;
//! use shelfwise::core::regex::NativeRegex;
//!
//! let cond = json!({"cart.value": {"$gt": 100}, "device.type": {"$in": ["mobile", "tablet"]}});
//! let attrs = json!({"cart": {"value": 120}, "device": {"type": "mobile"}});
//! assert!(eval_condition(&cond, &attrs, &Map::new(), &NativeRegex));
//!
//! let mut errors = Vec::new();
//! let compiled = Condition::compile(&cond, &JsonPath::root(), &Map::new(), &NativeRegex, &mut errors);
//! assert!(errors.is_empty() && compiled.eval(&attrs));
//! assert_eq!(compiled.paths(), ["cart.value", "device.type"]);
//! ```
//!
//! # Semantics worth knowing
//!
//! * A missing attribute reads as `null`; `null` compares like `0` with `$lt`/`$gt`, so
//!   `{"age": {"$lt": 10}}` holds for a visitor without an age, and `{"n": 0}` matches a missing
//!   `n` (`null * 1 === 0`), while `{"userId": false}` never matches a missing one.
//! * Plain values coerce the attribute to their own type: `{"n": "8"}` matches `8`,
//!   `{"n": 8}` matches `"8"`; ordering operators compare as JavaScript's `<` does (strings
//!   when both sides are strings, numbers otherwise: `"10" > 9`, `"10" < "9"`).
//! * `$eq`/`$ne` are strict (`===`); `$in` intersects an array attribute with its list;
//!   `$elemMatch` skips falsy elements; `$regex` tests `String(value)` (`null` is `"null"`).
//! * An empty `$or` or `$and` holds; an unknown operator never does.
//! * Shelfwise extension (DESIGN.md): a plain (non-operator) condition also matches an array
//!   attribute when any element matches it, as in MongoDB: `{"segments": "vip"}` holds for
//!   `["new", "vip"]`. GrowthBook itself would compare `"new,vip"` with `"vip"`; whatever
//!   GrowthBook accepts is still accepted, and none of its cases is affected.
//!
//! Known departures from the JavaScript reference, all on inputs no real config contains:
//! objects are read with integer-like keys first and the other keys in sorted order, not in the
//! order written (serde_json keeps none), which matters only for `JSON.stringify` equality of
//! objects written with different key orders and for which of two broken parts is reached
//! first; keys inherited from JavaScript's `Object.prototype` (`"constructor"`, `"__proto__"`)
//! are plain missing keys here; a string used where a condition belongs is split into
//! characters rather than UTF-16 code units.
//! Where the reference throws (a `null` condition, `{"$or": null}`), the condition is false.
//!
//! # Regular expressions
//!
//! Patterns go through [`RegexEngine`]: in the browser JavaScript's `RegExp` itself, natively
//! [`crate::core::regex::NativeRegex`] (regex-lite), whose dialect differs from JavaScript's:
//!
//! * rejected natively but valid in JavaScript: look-around (`(?=x)`, `(?<!x)`), back-references
//!   (`\1`, `\k<n>`), `\0`, `\cX`, `\p{..}`, `[^]`, nested classes `[[a]]` and `&&` in classes,
//!   a lone `{` (`a{`, `a{,3}`);
//! * accepted natively but a syntax error in JavaScript: inline flags (`(?i)x`), stacked
//!   quantifiers (`a{2}{3}`, `x*+`);
//! * different meaning: `.` matches `\r`, `\u{2028}` and `\u{2029}` natively (not in
//!   JavaScript) and a whole astral character (JavaScript: one UTF-16 unit); `\s` is ASCII
//!   whitespace natively (JavaScript adds Unicode spaces such as U+00A0); the `i` flag folds
//!   ASCII letters only natively; `\a`, `\A`, `\z` are the bell character, start and end of
//!   text natively (JavaScript: the letters `a`, `A`, `z`); `[]a]` is a class of `]` and `a`
//!   natively (JavaScript: an empty class, then `a]`); `[[:alpha:]]` is an ASCII class natively
//!   (JavaScript: the class `[[:alpha:]` followed by a literal `]`);
//! * [`crate::core::regex::MAX_MATCH_LEN`]: natively, texts longer than that never match.

mod compile;
mod eval;
mod explain;
mod hashed;
mod inspect;
mod js;
mod operators;
mod version;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

use serde_json::{Map, Value};

use crate::core::error::{ConfigError, JsonPath};
use crate::core::regex::RegexEngine;

pub use explain::Explanation;
pub(crate) use hashed::parse_hex;
pub use hashed::{group_digest, HASHED_GROUP_KEYS};

/// Pure reference semantics: an unknown operator makes the condition false.
pub fn eval_condition(
    condition: &Value,
    attributes: &Value,
    groups: &Map<String, Value>,
    re: &dyn RegexEngine,
) -> bool {
    let mut ignored = Vec::new();
    Condition::compile(condition, &JsonPath::root(), groups, re, &mut ignored).eval(attributes)
}

/// A condition validated and compiled once (paths pre-split, regexes compiled once).
#[derive(Debug)]
pub struct Condition {
    root: eval::Cond,
}

impl Condition {
    /// Compiles `condition` found at `path` in a config; pushes every problem to `errors` (all of
    /// them, not just the first) and still returns a Condition (that evaluates false where
    /// broken, exactly as the reference evaluates the same document).
    pub fn compile(
        condition: &Value,
        path: &JsonPath,
        groups: &Map<String, Value>,
        re: &dyn RegexEngine,
        errors: &mut Vec<ConfigError>,
    ) -> Condition {
        let mut compiler = compile::Compiler {
            groups,
            re,
            errors,
            mute: 0,
        };
        Condition {
            root: compiler.cond(condition, path),
        }
    }

    /// Same result as eval_condition on the source condition.
    pub fn eval(&self, attributes: &Value) -> bool {
        eval::eval_cond(&self.root, attributes.into()).unwrap_or(false)
    }

    /// Every dotted attribute path the condition reads (e.g. "features.shoeViews7d",
    /// "segments"), so the engine knows what inputs a segment depends on.
    pub fn paths(&self) -> Vec<String> {
        inspect::paths(&self.root)
    }

    /// Literal string values compared against attribute `path` anywhere in the condition
    /// (implicit equality, `$eq`, `$ne`, `$in`, `$nin`, `$all`, group members, inside `$not`,
    /// `$and`, `$or`, `$nor`, `$elemMatch`): which segment ids a condition on "segments" names.
    pub fn literals_for(&self, path: &str) -> Vec<String> {
        inspect::literals_for(&self.root, path)
    }

    /// Explains the evaluation: a tree saying which parts held and which did not, with the
    /// attribute value seen at each path.
    pub fn explain(&self, attributes: &Value) -> Explanation {
        explain::explain_cond(&self.root, attributes.into(), "")
    }
}
