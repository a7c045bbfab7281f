//! Every class of config error, with the exact path and sentence a merchandiser sees.

use serde_json::json;

use super::{errors, errors_at, holds, one};
use crate::core::error::JsonPath;

#[test]
fn unknown_operator_names_the_attribute_path_and_suggests() {
    let path = JsonPath::root().key("segments").index(3).key("if");
    let cond = json!({"$and": [{"x": 1}, {"cartValue": {"$gtt": 5}}]});
    assert_eq!(
        errors_at(&path, cond),
        one(
            "segments[3].if.$and[1].cartValue",
            r#"unknown operator "$gtt" (did you mean "$gt"?)"#
        )
    );
    assert_eq!(
        errors(json!({"$orr": [{"a": 1}]})),
        one("", r#"unknown operator "$orr" (did you mean "$or"?)"#)
    );
    assert_eq!(
        errors(json!({"$gt": 5})),
        one(
            "",
            r#"operator "$gt" must be applied to an attribute, as in {"cart.value": {"$gt": ...}}"#
        )
    );
}

#[test]
fn operands_of_the_wrong_type_are_reported_at_the_operator() {
    let cases = [
        (
            json!({"country": {"$in": "us"}}),
            "country.$in",
            r#""$in" needs an array of values, not a string"#,
        ),
        (
            json!({"tags": {"$all": 3}}),
            "tags.$all",
            r#""$all" needs an array of values, not a number"#,
        ),
        (
            json!({"$and": {"a": 1}}),
            "$and",
            r#""$and" needs an array of conditions, not an object"#,
        ),
        (
            json!({"$or": [{"a": 1}, "b"]}),
            "$or[1]",
            "a condition must be an object, not a string",
        ),
        (
            json!({"$not": [1]}),
            "$not",
            r#"a condition must be an object, not an array (to combine conditions, use {"$and": [...]})"#,
        ),
        (
            json!({"tags": {"$size": "3"}}),
            "tags.$size",
            r#""$size" needs a number or a condition such as {"$gt": 2}, not a string"#,
        ),
        (
            json!({"x": {"$exists": "yes"}}),
            "x.$exists",
            r#""$exists" needs true or false, not a string"#,
        ),
        (
            json!({"x": {"$type": "strng"}}),
            "x.$type",
            r#""$type" needs one of "string", "number", "boolean", "array", "object", "null", not "strng" (did you mean "string"?)"#,
        ),
        (
            json!({"x": {"$type": 1}}),
            "x.$type",
            r#""$type" needs one of "string", "number", "boolean", "array", "object", "null", not a number"#,
        ),
        (
            json!({"ua": {"$regex": 5}}),
            "ua.$regex",
            r#""$regex" needs a regular expression string, not a number"#,
        ),
        (
            json!({"v": {"$vgt": [1]}}),
            "v.$vgt",
            r#""$vgt" needs a version string such as "1.2.3", not an array"#,
        ),
        (
            json!({"n": {"$gt": {"a": 1}}}),
            "n.$gt",
            r#""$gt" needs a string, number, boolean or null, not an object"#,
        ),
        (
            json!({"h": {"$elemMatch": "x"}}),
            "h.$elemMatch",
            r#""$elemMatch" needs an object: operators such as {"$gt": 1} or a condition on the elements' fields, not a string"#,
        ),
        (
            json!({"id": {"$inGroup": 7}}),
            "id.$inGroup",
            r#""$inGroup" needs a group id string, not a number"#,
        ),
        (
            json!({"x": {"$gt": 1, "a": 2}}),
            "x",
            r#"mixes operator "$gt" with plain key "a": an object of operators may only have "$" keys (any other object is compared as a literal value)"#,
        ),
    ];
    for (cond, path, message) in cases {
        assert_eq!(errors(cond.clone()), one(path, message), "for {cond}");
    }
}

#[test]
fn invalid_regex_gives_the_engine_reason_and_never_matches() {
    let errs = errors(json!({"ua": {"$regex": "(Mobile"}}));
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].0, "ua.$regex");
    assert!(
        errs[0]
            .1
            .starts_with(r#"invalid regular expression "(Mobile": "#),
        "{}",
        errs[0].1
    );
    assert!(errs[0].1.len() > r#"invalid regular expression "(Mobile": "#.len());
    assert!(!holds(
        json!({"ua": {"$regex": "(Mobile"}}),
        json!({"ua": "(Mobile"})
    ));
    assert!(holds(
        json!({"ua": {"$not": {"$regex": "(x"}}}),
        json!({"ua": "y"})
    ));
}

#[test]
fn groups_must_exist() {
    assert_eq!(
        errors(json!({"id": {"$inGroup": "vip"}})),
        one(
            "id.$inGroup",
            r#"unknown group "vip" (did you mean "vips"?)"#
        )
    );
    assert_eq!(
        errors(json!({"id": {"$notInGroup": "staff"}})),
        one(
            "id.$notInGroup",
            r#"group "staff" is a string, not an array of ids or a hashed group"#
        )
    );
    assert!(holds(
        json!({"id": {"$inGroup": "vips"}}),
        json!({"id": "u2"})
    ));
    assert!(holds(
        json!({"id": {"$inGroup": "vips"}}),
        json!({"id": ["x", "u1"]})
    ));
    assert!(!holds(
        json!({"id": {"$inGroup": "vip"}}),
        json!({"id": "u1"})
    ));
    // As in the reference, an unknown group is empty, so nobody is outside it... or in it.
    assert!(holds(
        json!({"id": {"$notInGroup": "vip"}}),
        json!({"id": "u1"})
    ));
}

#[test]
fn conditions_must_be_objects() {
    let path = JsonPath::root().key("segments").index(0).key("if");
    assert_eq!(
        errors_at(&path, json!("vip")),
        one(
            "segments[0].if",
            "a condition must be an object, not a string"
        )
    );
    assert!(!holds(json!(null), json!({})));
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let cond = json!({
        "a": {"$gtt": 1},
        "$or": [{"b": {"$in": 1}}, 3],
        "c": {"$exists": 1, "$type": "int"}
    });
    let paths: Vec<String> = errors(cond).into_iter().map(|(p, _)| p).collect();
    assert_eq!(
        paths,
        ["$or[0].b.$in", "$or[1]", "a", "c.$exists", "c.$type"]
    );
    assert!(errors(json!({"a": 1, "b": {"$elemMatch": {"c": {"$gt": 1}}}, "$nor": []})).is_empty());
}

#[test]
fn regexes_that_can_backtrack_catastrophically_are_refused_at_their_path() {
    let path = JsonPath::root().key("segments").index(0).key("if");
    let found = errors_at(&path, json!({"utm.campaign": {"$regex": "^/x/(a+)+$"}}));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, "segments[0].if.utm.campaign.$regex");
    assert!(
        found[0]
            .1
            .starts_with(r#"regular expression "^/x/(a+)+$" is refused: "(a+)+" repeats a group"#),
        "{}",
        found[0].1
    );
    let found = errors(json!({"q": {"$regexi": "\\d+\\d+x"}}));
    assert!(
        found[0].1.contains("can match the same characters"),
        "{found:?}"
    );
    // Like an invalid pattern, a refused one never matches: the text that would hang the tab
    // does not match, nor does one the pattern would match.
    let hostile = format!("/x/{}!", "a".repeat(40));
    assert!(!holds(
        json!({"p": {"$regex": "^/x/(a+)+$"}}),
        json!({"p": hostile})
    ));
    assert!(!holds(
        json!({"p": {"$regex": "^/x/(a+)+$"}}),
        json!({"p": "/x/aa"})
    ));
    assert!(holds(
        json!({"p": {"$not": {"$regex": "^/x/(a+)+$"}}}),
        json!({"p": "/x/aa"})
    ));
    assert!(holds(
        json!({"p": {"$regex": "^/x/a+$"}}),
        json!({"p": "/x/aa"})
    ));
}
