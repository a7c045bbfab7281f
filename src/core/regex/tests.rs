//! The safe dialect of `$regex` (docs/config.md, "Regular expressions"): what passes, what is
//! refused and why.

use super::check;

#[test]
fn patterns_shops_write_pass() {
    for p in [
        "-12-25$",
        "(Mobile|Tablet)",
        "^ping",
        "^/collections/(shoes|boots)(/|$)",
        "^/products/[a-z0-9-]+$",
        "sale|promo",
        "^summer-\\d{4}$",
        ".*sale.*",
        "^\\d+(\\.\\d+)*$",
        "(\\d+\\.)+",
        "^[^/]*/[^/]*$",
        "\\w+@\\w+\\.\\w+",
        "google\\.|bing\\.",
        "^(en|fr)/.+",
        ".*(shoe|boot)s?$",
        "a*a*",
        "^\\d{1,4}-\\d{1,4}$",
        "(?:ab)+c",
        "[\\w.-]+",
        "^/x/a+$",
        "^[A-Z]{2}\\d{3,}$",
        "\\bblack friday\\b",
        "[\\u00e0-\\u00ff]+",
        "^utm_[a-z]+=[^&]*(&|$)",
        "(ab|cd){2,5}$",
    ] {
        assert_eq!(check(p, false), Ok(()), "{p}");
        assert_eq!(check(p, true), Ok(()), "{p} with i");
    }
}

fn refused(p: &str, ci: bool) -> String {
    match check(p, ci) {
        Ok(()) => panic!("{p:?} passed"),
        Err(e) => e,
    }
}

#[test]
fn repetitions_inside_repetitions_are_refused() {
    for p in [
        "^/x/(a+)+$",
        "(a|aa)*b",
        "(\\w+\\s?)+$",
        "(.*,)+x",
        "((a)+)+x",
        "(ab|ac)+x",
        "([a-z]+[0-9]*)+$",
    ] {
        let e = refused(p, false);
        assert!(
            e.contains("repeats a group whose repetitions can split a text"),
            "{p}: {e}"
        );
    }
    // A letter and its other case are the same character under `i`.
    assert!(check("(a|B)+x", false).is_ok());
    assert!(refused("(a|A)+x", true).contains("repeats a group"));
}

#[test]
fn groups_that_can_match_nothing_cannot_be_repeated() {
    for p in ["(a*)*x", "(a|)+x", "(a?b?)+x", "(^)+x"] {
        let e = refused(p, false);
        assert!(e.contains("can match an empty text"), "{p}: {e}");
    }
}

#[test]
fn repetitions_that_share_characters_one_after_the_other_are_refused() {
    let e = refused("\\d+\\d+x", false);
    assert!(
        e.contains(r#""\\d+" and "\\d+" can match the same characters"#),
        "{e}"
    );
    for p in [
        ".*a.*b",
        "a*a*$",
        "[a-z]*\\w+@",
        "x.*y.*z.*end",
        "a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?aaaaaaaaaaaaaaaa",
        "\\d{1,200}\\d{1,200}x",
        "(x+x+)+y",
    ] {
        let e = refused(p, false);
        assert!(e.contains("can match the same characters"), "{p}: {e}");
    }
    // Something in between that the first cannot match separates them.
    assert!(check("\\d+-\\d+x", false).is_ok());
    assert!(check("[^@]*@.*x", false).is_ok());
    // A few bounded choices are fine: 16 ways at most.
    assert!(check("\\d{1,4}\\d{1,4}x", false).is_ok());
}

#[test]
fn syntax_outside_the_dialect_is_refused_with_what_to_write_instead() {
    for (p, why) in [
        ("(a)\\1", "back-reference"),
        ("\\k<n>", "back-reference"),
        ("x(?=y)", "look-around"),
        ("(?<!x)y", "look-around"),
        ("(?!x)", "look-around"),
        ("(?<n>x)", "named group"),
        ("(?i)x", "other than \"(?:\""),
        ("\\p{L}", "escape only punctuation"),
        ("\\a", "escape only punctuation"),
        ("a{", "must start a repetition"),
        ("a{2", "must end with"),
        ("}", "write \"\\}\""),
        ("]", "write \"\\]\""),
        ("[[:alpha:]]", "inside a class"),
        ("[a&&b]", "inside a class"),
        ("[]", "empty class"),
        ("[^]", "empty class"),
        ("[\\d-z]", "range"),
        ("[\\b]", "\\x08"),
        ("x**", "repeated again"),
        ("a{2}{3}", "repeated again"),
        ("^*", "cannot be repeated"),
        ("*a", "nothing to repeat"),
        ("(a", "without a matching \")\""),
        ("a)", "without a matching \"(\""),
        ("[a", "without a matching \"]\""),
        ("\\x4", "hex digits"),
        ("a\\", "lone"),
    ] {
        let e = refused(p, false);
        assert!(e.contains(why), "{p}: {e}");
    }
    let deep = format!("{}a{}", "(".repeat(33), ")".repeat(33));
    assert!(refused(&deep, false).contains("nested more than 32 deep"));
    assert!(refused(&"a".repeat(1025), false).contains("at most 1024"));
    assert!(check(&"a".repeat(1024), false).is_ok());
}

#[test]
fn characters_beyond_ascii_count_as_one_kind() {
    assert!(check("^/cafés?/[à-ü]+$", false).is_ok());
    assert!(check("^/caf\\u00e9s?$", true).is_ok());
    // Any two characters beyond ASCII may be the same one.
    assert!(refused("é+ü+x", false).contains("can match the same characters"));
    assert!(refused("(é|ü)+x", false).contains("repeats a group"));
    assert!(refused("\\é", false).contains("escape only punctuation"));
}
