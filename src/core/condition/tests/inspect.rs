//! `paths`, `literals_for` and `explain`.

use super::compiled;

#[test]
fn paths_lists_every_attribute_read() {
    let cond = compiled(json!({
        "cart.value": {"$gt": 100},
        "$or": [{"segments": "vip"}, {"$not": {"device.type": "mobile"}}],
        "hobbies": {"$elemMatch": {"name": "chess"}},
        "segments": {"$ne": "new"}
    }));
    assert_eq!(
        cond.paths(),
        ["segments", "device.type", "cart.value", "hobbies"]
    );
}

#[test]
fn literals_for_finds_compared_strings_everywhere() {
    let cond = compiled(json!({
        "$or": [
            {"segments": "vip"},
            {"segments": {"$in": ["a", "b", 3]}},
            {"segments": {"$elemMatch": {"$eq": "c"}}}
        ],
        "$not": {"segments": {"$all": ["d", {"$ne": "e"}]}},
        "segments": {"$nin": ["f", "vip"], "$gt": "zz"},
        "other": "zzz",
        "x": {"$elemMatch": {"segments": "nested"}}
    }));
    assert_eq!(
        cond.literals_for("segments"),
        ["d", "e", "vip", "a", "b", "c", "f"]
    );
    assert_eq!(cond.literals_for("x.segments"), ["nested"]);
    assert!(cond.literals_for("missing").is_empty());
}

#[test]
fn explain_shows_expected_actual_and_verdicts() {
    let cond = compiled(json!({"cart.value": {"$gt": 100}}));
    assert_eq!(
        cond.explain(&json!({"cart": {"value": 42}})).to_json(),
        json!({"op": "$gt", "path": "cart.value", "expected": 100, "actual": 42, "pass": false})
    );

    let cond = compiled(json!({
        "$or": [{"device.type": "mobile"}, {"age": {"$gte": 18, "$lt": 65}}],
        "tier": {"$exists": true}
    }));
    let e = cond.explain(&json!({"device": {"type": "desktop"}, "age": 30}));
    assert_eq!(
        e.to_json(),
        json!({"op": "$and", "pass": false, "children": [
            {"op": "$or", "pass": true, "children": [
                {"op": "equals", "path": "device.type", "expected": "mobile", "actual": "desktop", "pass": false},
                {"op": "$and", "path": "age", "actual": 30, "pass": true, "children": [
                    {"op": "$gte", "path": "age", "expected": 18, "actual": 30, "pass": true},
                    {"op": "$lt", "path": "age", "expected": 65, "actual": 30, "pass": true}
                ]}
            ]},
            {"op": "$exists", "path": "tier", "expected": true, "actual": null, "pass": false,
             "note": "attribute not present (compared as null)"}
        ]})
    );
}

#[test]
fn explain_descends_into_array_elements() {
    let cond = compiled(json!({"hobbies": {"$elemMatch": {"name": {"$regex": "^ping"}}}}));
    let e = cond.explain(&json!({"hobbies": [{"name": "golf"}, {"name": "pingpong"}]}));
    assert!(e.pass);
    let children: Vec<(Option<String>, bool)> = e
        .children
        .iter()
        .map(|c| (c.path.clone(), c.pass))
        .collect();
    assert_eq!(
        children,
        [
            (Some("hobbies.0.name".into()), false),
            (Some("hobbies.1.name".into()), true)
        ]
    );
    let e = compiled(json!({"t": {"$size": {"$gt": 2}}})).explain(&json!({"t": [1]}));
    assert_eq!(e.children[0].path.as_deref(), Some("t.length"));
    assert_eq!(e.children[0].actual, Some(json!(1)));
}
