//! Segment conditions: MongoDB-style query documents over the visitor's attributes, with the
//! semantics of GrowthBook's `evalCondition` (packages/sdk-js/src/mongrule.ts), JavaScript
//! coercions included, checked against GrowthBook's cross-SDK cases.
//!
//! A condition is compiled once into flat nodes ([`Conditions`]); each attribute it reads becomes
//! a slot whose value the evaluator is handed (the engine computes exactly those from the
//! profile). [`Condition`] compiles one condition for evaluation against whole attribute
//! documents, as tools and GrowthBook's own `evalCondition` do.
//!
//! ```
//! use shelfwise::core::condition::{eval_condition, Condition};
//! use shelfwise::core::error::{Errors, Path};
//! use shelfwise::core::json::{Json, Obj};
//! use shelfwise::core::regex::NativeRegex;
//!
//! let cond = Json::parse(r#"{"cart.value": {"$gt": 100}, "device.type": {"$in": ["mobile", "tablet"]}}"#).unwrap();
//! let attrs = Json::parse(r#"{"cart": {"value": 120}, "device": {"type": "mobile"}}"#).unwrap();
//! assert!(eval_condition(&cond, &attrs, &Obj::new(), &NativeRegex));
//!
//! let mut errors = Errors::default();
//! let compiled = Condition::compile(&cond, &Path::Root, &Obj::new(), &NativeRegex, &mut errors);
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
//! order written, which matters only for `JSON.stringify` equality of objects written with
//! different key orders and for which of two broken parts is reached first; keys inherited from
//! JavaScript's `Object.prototype` (`"constructor"`, `"__proto__"`) are plain missing keys here;
//! a string used where a condition belongs is split into characters rather than UTF-16 code
//! units. Where the reference throws (a `null` condition, `{"$or": null}`), the condition is
//! false.
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
#[cfg(feature = "tooling")]
mod explain;
mod hashed;
mod inspect;
mod js;
mod operators;
mod version;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

use crate::core::error::{Errors, Path};
use crate::core::gather::Gather;
use crate::core::intern::Interner;
use crate::core::json::{Json, Obj};
use crate::core::regex::RegexEngine;
use eval::Scope;
pub use eval::{CondId, Conditions};
#[cfg(feature = "tooling")]
pub use explain::Explanation;
pub(crate) use hashed::parse_hex;
pub use hashed::{group_digest, HASHED_GROUP_KEYS};
use js::JsVal;

/// Gives each attribute path a condition reads its slot.
pub trait SlotTable {
    /// The slot of the dotted attribute `path`, written at `at` in the config; problems with the
    /// path (an unknown attribute) go to `errors` when it is given.
    fn slot(&mut self, path: &str, at: &Path, errors: Option<&mut Errors>) -> u32;
}

/// Slots for evaluation against whole documents: one per distinct path, split at dots.
#[derive(Debug, Default)]
pub struct DocSlots {
    index: Interner,
    /// The paths, by slot.
    pub paths: Vec<Vec<String>>,
}

impl SlotTable for DocSlots {
    fn slot(&mut self, path: &str, _: &Path, _: Option<&mut Errors>) -> u32 {
        let i = self.index.intern(path).0;
        if i as usize == self.paths.len() {
            self.paths.push(path.split('.').map(String::from).gather());
        }
        i
    }
}

impl Conditions {
    /// An empty arena.
    pub fn new() -> Conditions {
        Conditions::default()
    }

    /// Compiles `condition` found at `path` in a config; pushes every problem to `errors` and
    /// still returns a condition (that evaluates false where broken, exactly as the reference
    /// evaluates the same document).
    pub fn compile(
        &mut self,
        condition: &Json,
        path: &Path,
        groups: &Obj,
        re: &dyn RegexEngine,
        slots: &mut dyn SlotTable,
        errors: &mut Errors,
    ) -> CondId {
        let mut c = compile::Compiler {
            arena: self,
            groups,
            re,
            slots,
            errors,
            mute: 0,
            rel: 0,
        };
        let root = c.cond(condition, path);
        CondId(c.push_cond(root))
    }

    /// Whether `cond` holds for the attribute values `slots` (`None`: not present).
    pub fn eval(&self, cond: CondId, slots: &[Option<Json>]) -> bool {
        self.eval_cond(self.cond(cond.0), Scope::Slots(slots))
            .unwrap_or(false)
    }

    /// Whether `cond` holds for the attributes document `doc`, its slots being `paths`.
    pub fn eval_doc(&self, cond: CondId, doc: &Json, paths: &[Vec<String>]) -> bool {
        self.eval_cond(self.cond(cond.0), Scope::Doc(JsVal::from(doc), paths))
            .unwrap_or(false)
    }

    /// Every dotted attribute path `cond` reads (e.g. "features.shoeViews7d", "segments").
    pub fn paths(&self, cond: CondId) -> Vec<String> {
        self.paths_of(self.cond(cond.0))
    }

    /// Literal string values compared against attribute `path` anywhere in the condition
    /// (implicit equality, `$eq`, `$ne`, `$in`, `$nin`, `$all`, group members, inside `$not`,
    /// `$and`, `$or`, `$nor`, `$elemMatch`): which segment ids a condition on "segments" names.
    pub fn literals_for(&self, cond: CondId, path: &str) -> Vec<String> {
        self.literals_of(self.cond(cond.0), path)
    }

    /// Explains the evaluation against the attributes document `doc` (its slots being `paths`):
    /// a tree saying which parts held and which did not, with the value seen at each path.
    #[cfg(feature = "tooling")]
    pub fn explain(&self, cond: CondId, doc: &Json, paths: &[Vec<String>]) -> Explanation {
        self.explain_cond(self.cond(cond.0), Scope::Doc(JsVal::from(doc), paths), "")
    }
}

/// One condition compiled for evaluation against whole attribute documents.
#[derive(Debug)]
pub struct Condition {
    arena: Conditions,
    root: CondId,
    slots: DocSlots,
}

impl Condition {
    /// Compiles `condition` found at `path` in a config; pushes every problem to `errors` (all of
    /// them, not just the first) and still returns a condition (that evaluates false where
    /// broken, exactly as the reference evaluates the same document).
    pub fn compile(
        condition: &Json,
        path: &Path,
        groups: &Obj,
        re: &dyn RegexEngine,
        errors: &mut Errors,
    ) -> Condition {
        let mut arena = Conditions::new();
        let mut slots = DocSlots::default();
        let root = arena.compile(condition, path, groups, re, &mut slots, errors);
        Condition { arena, root, slots }
    }

    /// Same result as [`eval_condition`] on the source condition.
    pub fn eval(&self, attributes: &Json) -> bool {
        self.arena
            .eval_doc(self.root, attributes, &self.slots.paths)
    }

    /// Every dotted attribute path the condition reads.
    pub fn paths(&self) -> Vec<String> {
        self.arena.paths(self.root)
    }

    /// Literal strings compared against attribute `path` (see [`Conditions::literals_for`]).
    pub fn literals_for(&self, path: &str) -> Vec<String> {
        self.arena.literals_for(self.root, path)
    }

    /// Explains the evaluation: which parts held, with the attribute value seen at each path.
    #[cfg(feature = "tooling")]
    pub fn explain(&self, attributes: &Json) -> Explanation {
        self.arena.explain(self.root, attributes, &self.slots.paths)
    }
}

/// Pure reference semantics: an unknown operator makes the condition false.
pub fn eval_condition(
    condition: &Json,
    attributes: &Json,
    groups: &Obj,
    re: &dyn RegexEngine,
) -> bool {
    let mut ignored = Errors::default();
    Condition::compile(condition, &Path::Root, groups, re, &mut ignored).eval(attributes)
}
