//! Config errors and the JSON paths that say where each one is.

use std::fmt;

/// A location inside a JSON document, rendered like `segments[3].if.$and[1].cartValue`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JsonPath(String);

impl JsonPath {
    /// The document itself.
    pub fn root() -> Self {
        JsonPath(String::new())
    }

    /// The member `key` of the object at this path.
    pub fn key(&self, key: &str) -> Self {
        let plain = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_alphanumeric() || "_$-./:@".contains(c));
        let mut s = self.0.clone();
        if plain {
            if !s.is_empty() {
                s.push('.');
            }
            s.push_str(key);
        } else {
            s.push('[');
            s.push_str(&serde_json::Value::from(key).to_string());
            s.push(']');
        }
        JsonPath(s)
    }

    /// The element `index` of the array at this path.
    pub fn index(&self, index: usize) -> Self {
        JsonPath(format!("{}[{index}]", self.0))
    }

    /// The rendered path; empty for the root.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_empty() { "(root)" } else { &self.0 })
    }
}

/// One problem found in a config: where it is and a plain sentence saying what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// Where the problem is, e.g. `segments[3].if.$and[1].cartValue`.
    pub path: String,
    /// What is wrong, e.g. `unknown operator "$gtt" (did you mean "$gt"?)`.
    pub message: String,
}

impl ConfigError {
    /// An error at `path` with `message`.
    pub fn new(path: &JsonPath, message: impl Into<String>) -> Self {
        ConfigError {
            path: path.as_str().to_string(),
            message: message.into(),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "(root): {}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Says where text stopped being JSON ("syntax error at line 3, column 7"), without the
/// typed-deserialization messages of `serde_json::Error`'s own `Display`.
pub fn json_error(e: &serde_json::Error) -> String {
    let what = match e.classify() {
        serde_json::error::Category::Eof => "the text ends too early",
        serde_json::error::Category::Syntax => "syntax error",
        _ => "unreadable value",
    };
    format!("{what} at line {}, column {}", e.line(), e.column())
}

/// The candidate closest to `word` by edit distance, if it is close enough to be a typo.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).clamp(1, 3);
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// `message` followed by ` (did you mean "x"?)` when a candidate is close to `word`.
pub fn with_suggestion(message: String, word: &str, candidates: &[&str]) -> String {
    match did_you_mean(word, candidates) {
        Some(s) => format!("{message} (did you mean \"{s}\"?)"),
        None => message,
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_render_like_javascript_accessors() {
        let p = JsonPath::root()
            .key("segments")
            .index(3)
            .key("if")
            .key("$and")
            .index(1)
            .key("cartValue");
        assert_eq!(p.as_str(), "segments[3].if.$and[1].cartValue");
        assert_eq!(JsonPath::root().key("a b").as_str(), "[\"a b\"]");
        assert_eq!(JsonPath::root().to_string(), "(root)");
    }

    #[test]
    fn suggests_near_misses_only() {
        let ops = ["$gt", "$gte", "$lt", "$in"];
        assert_eq!(did_you_mean("$gtt", &ops), Some("$gt"));
        assert_eq!(did_you_mean("$between", &ops), None);
    }
}
