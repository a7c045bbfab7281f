//! What conditions mean: the reference's JavaScript quirks, the array extension, regexes.

use std::cell::Cell;

use super::holds;
use crate::core::condition::js::string_to_number;
use crate::core::condition::Condition;
use crate::core::error::{ConfigError, Errors, Path};
use crate::core::json::Obj;
use crate::core::regex::{NativeRegex, Pattern, RegexEngine};

#[test]
fn broken_parts_evaluate_as_the_reference_does() {
    assert!(!holds(
        json!({"name": {"$regx": "hello"}}),
        json!({"name": "hello"})
    ));
    assert!(!holds(json!({"n": {"$in": 1}}), json!({"n": 1})));
    assert!(!holds(json!({"n": {"$type": "int"}}), json!({"n": 1})));
    // The reference throws on a null `$or`, so even under `$not` the condition is false.
    assert!(!holds(json!({"$not": {"$or": null}}), json!({})));
    assert!(!holds(json!({"t": {"$elemMatch": null}}), json!({"t": []})));
}

#[test]
fn javascript_coercions_are_kept() {
    assert!(holds(json!({"n": {"$gt": 9}}), json!({"n": "10"})));
    assert!(!holds(json!({"n": {"$gt": "9"}}), json!({"n": "10"})));
    assert!(holds(json!({"n": 0}), json!({})));
    assert!(holds(json!({"n": "null"}), json!({})));
    assert!(!holds(json!({"n": false}), json!({})));
    assert!(holds(json!({"n": 8}), json!({"n": " 8 "})));
    assert!(holds(json!({"n": 26}), json!({"n": "0x1A"})));
    assert!(holds(json!({"n": "1e+21"}), json!({"n": 1e21})));
    assert!(holds(json!({"n": {"$regex": "^12"}}), json!({"n": 123})));
    assert!(holds(json!({"n": {"$eq": 1}}), json!({"n": 1.0})));
    assert!(!holds(json!({"n": {"$eq": [1]}}), json!({"n": [1]})));
    assert!(holds(
        json!({"tags.length": 2}),
        json!({"tags": ["a", "b"]})
    ));
    assert!(holds(json!({"tags.1": "b"}), json!({"tags": ["a", "b"]})));
    assert!(holds(json!({"$or": {"a": 1}}), json!({})));
    assert!(holds(json!({"v": {"$vgt": 2}}), json!({"v": "10.0.0"})));
    assert!(!holds(
        json!({"t": {"$elemMatch": {"$eq": 0}}}),
        json!({"t": [1, 0]})
    ));
}

#[test]
fn a_plain_value_matches_any_element_of_an_array() {
    assert!(holds(
        json!({"segments": "vip"}),
        json!({"segments": ["new", "vip"]})
    ));
    assert!(!holds(
        json!({"segments": "vip"}),
        json!({"segments": ["new"]})
    ));
    assert!(holds(json!({"sizes": 42}), json!({"sizes": [40, 42]})));
    assert!(holds(
        json!({"items": {"id": 1}}),
        json!({"items": [{"id": 2}, {"id": 1}]})
    ));
    // What the reference alone accepts still holds.
    assert!(holds(json!({"tags": "a,b"}), json!({"tags": ["a", "b"]})));
    assert!(holds(
        json!({"tags": ["a", "b"]}),
        json!({"tags": ["a", "b"]})
    ));
    assert!(!holds(
        json!({"segments": {"$eq": "vip"}}),
        json!({"segments": ["vip"]})
    ));
}

#[test]
fn numbers_print_as_javascript_prints_them() {
    let cases = [
        (1e21, "1e+21"),
        (1e20, "100000000000000000000"),
        (1e-7, "1e-7"),
        (0.000001, "0.000001"),
        (123.456, "123.456"),
        (-0.0, "0"),
        (-1.5e300, "-1.5e+300"),
        (9007199254740993.0, "9007199254740992"),
        (f64::INFINITY, "Infinity"),
    ];
    for (n, text) in cases {
        assert_eq!(crate::core::num::show(n), text);
    }
}

#[test]
fn strings_convert_to_numbers_as_javascript_converts_them() {
    let cases = [
        (" 12\n", 12.0),
        ("", 0.0),
        ("0x1A", 26.0),
        ("0b101", 5.0),
        ("1e3", 1000.0),
        ("5.", 5.0),
        ("+.5", 0.5),
        ("-Infinity", f64::NEG_INFINITY),
    ];
    for (text, n) in cases {
        assert_eq!(string_to_number(text), n, "{text:?}");
    }
    for text in ["1_000", "inf", ".", "-0x10", "12px", "0x", "1e"] {
        assert!(string_to_number(text).is_nan(), "{text:?}");
    }
}

struct Counting<'a>(&'a Cell<usize>);

impl RegexEngine for Counting<'_> {
    fn compile(&self, pattern: &str, ci: bool) -> Result<Box<dyn Pattern>, String> {
        self.0.set(self.0.get() + 1);
        if pattern == "bad" {
            return Err("the engine says\n  no".into());
        }
        NativeRegex.compile(pattern, ci)
    }
}

#[test]
fn regexes_compile_once_through_the_given_engine() {
    let count = Cell::new(0);
    let mut errors = Errors::default();
    let cond = json!({
        "ua": {"$regexi": "mobile"},
        "$or": [{"ref": {"$regex": "bad"}}, {"ref": {"$exists": false}}]
    });
    let c = Condition::compile(
        &cond,
        &Path::Root,
        &Obj::new(),
        &Counting(&count),
        &mut errors,
    );
    for _ in 0..10 {
        assert!(c.eval(&json!({"ua": "Android MOBILE"})));
        assert!(!c.eval(&json!({"ua": "Android MOBILE", "ref": "bad"})));
        assert!(!c.eval(&json!({"ua": "desktop"})));
    }
    assert_eq!(count.get(), 2);
    assert_eq!(
        errors.into_list(),
        [ConfigError {
            path: "$or[0].ref.$regex".into(),
            message: r#"invalid regular expression "bad": the engine says no"#.into()
        }]
    );
}
