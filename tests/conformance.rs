//! Runs GrowthBook's cross-SDK `evalCondition` cases (tests/fixtures/growthbook/cases.json, a copy
//! of GrowthBook's own file: origin, version and license in the README beside it) through both
//! `eval_condition` and `Condition::compile(..).eval`.
#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;

use serde_json::{Map, Value};
use shelfwise::core::condition::{eval_condition, Condition};
use shelfwise::core::error::JsonPath;
use shelfwise::core::regex::NativeRegex;

fn cases_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/growthbook/cases.json")
}

#[test]
fn growthbook_eval_condition_cases() {
    let path = cases_path();
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read the conformance cases at {} ({e}): the file is part of the repository; \
             restore it with `git checkout -- tests/fixtures/growthbook/cases.json`",
            path.display()
        )
    });
    let doc: Value = serde_json::from_str(&text).expect("the cases file is JSON");
    let cases = doc["evalCondition"]
        .as_array()
        .expect("the cases file has an evalCondition array");
    assert_eq!(
        cases.len(),
        248,
        "{} should hold GrowthBook's 248 evalCondition cases (specVersion 0.8.0)",
        path.display()
    );

    let mut failures = Vec::new();
    for case in cases {
        let name = case[0].as_str().unwrap_or("(unnamed case)");
        let (condition, attributes) = (&case[1], &case[2]);
        let expected = case[3].as_bool().expect("expected result is a boolean");
        let groups: Map<String, Value> = case
            .get(4)
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();

        let pure = eval_condition(condition, attributes, &groups, &NativeRegex);
        let mut errors = Vec::new();
        let compiled = Condition::compile(
            condition,
            &JsonPath::root(),
            &groups,
            &NativeRegex,
            &mut errors,
        );
        let compiled = compiled.eval(attributes);
        if pure != expected {
            failures.push(format!(
                "{name}: eval_condition gave {pure}, expected {expected}"
            ));
        }
        if compiled != expected {
            failures.push(format!(
                "{name}: Condition::eval gave {compiled}, expected {expected}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} evalCondition checks failed:\n{}",
        failures.len(),
        cases.len() * 2,
        failures.join("\n")
    );
    println!("{} evalCondition cases passed", cases.len());
}
