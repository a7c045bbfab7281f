//! Property tests: arbitrary (often broken) conditions never panic, and explanations always
//! agree with evaluation.

use proptest::prelude::*;
use serde_json::{Map, Value};

use crate::core::condition::Condition;
use crate::core::error::{Errors, Path};
use crate::core::json::{Json, Obj};
use crate::core::regex::NativeRegex;

const KEYS: &[&str] = &[
    "a",
    "b",
    "a.b",
    "a.0",
    "a.length",
    "$and",
    "$or",
    "$nor",
    "$not",
    "$eq",
    "$ne",
    "$gt",
    "$lte",
    "$in",
    "$nini",
    "$all",
    "$alli",
    "$elemMatch",
    "$size",
    "$exists",
    "$type",
    "$regex",
    "$regexi",
    "$vgt",
    "$veq",
    "$inGroup",
    "$notInGroup",
    "$bogus",
    "length",
    "0",
];

const STRINGS: &[&str] = &[
    "",
    "a",
    "A",
    "b",
    "1",
    "10",
    "9",
    " 8 ",
    "0x1A",
    "1.2.3",
    "v2.0.0-rc.1",
    "null",
    "a,b",
    "^a",
    "(x",
    "string",
    "array",
    "g",
    "ß",
    "😀",
];

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        (-3i64..12).prop_map(Value::from),
        Just(Value::from(2.5)),
        prop::sample::select(STRINGS).prop_map(Value::from),
    ]
}

fn json(keys: &'static [&'static str]) -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 40, 4, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(prop::sample::select(keys), inner, 0..4).prop_map(|m| {
                Value::Object(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
            }),
        ]
    })
}

fn groups() -> Obj {
    let mut m = Map::new();
    m.insert("g".into(), Value::from(vec!["a", "1"]));
    m.insert("s".into(), Value::from("abc"));
    m.insert("n".into(), Value::from(3));
    match Json::from(Value::Object(m)) {
        Json::Obj(o) => o,
        _ => Obj::new(),
    }
}

proptest! {
    #[test]
    fn explanations_agree_with_evaluation(cond in json(KEYS), attrs in json(&["a", "b", "0", "length"])) {
        let (cond, attrs) = (Json::from(cond), Json::from(attrs));
        let mut errors = Errors::default();
        let c = Condition::compile(&cond, &Path::Root, &groups(), &NativeRegex, &mut errors);
        let pass = c.eval(&attrs);
        let explanation = c.explain(&attrs);
        prop_assert_eq!(explanation.pass, pass);
        prop_assert!(explanation.to_json().as_object().is_some());
        let _ = (c.paths(), c.literals_for("a"));
    }
}
