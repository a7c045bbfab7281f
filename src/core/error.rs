//! Errors: where a problem is (a JSON path), what it is, and one type for every fallible call.
//!
//! Reading a config walks it with a [`Path`] built on the stack, rendered to text only when a
//! problem is reported. With the `tooling` feature every problem is kept with its message and a
//! suggestion; without it (the browser's runtime build) only the first problem's path is kept and
//! no message is ever built, so none of their text or formatting code is in the download.

use crate::cat;
use crate::core::gather::Gather;

/// A location inside a JSON document, rendered like `segments[3].if.$and[1].cartValue`.
#[derive(Clone, Copy, Debug)]
pub enum Path<'a> {
    /// The document itself.
    Root,
    /// Member `key` of the object at the parent path.
    Key(&'a Path<'a>, &'a str),
    /// Element `index` of the array at the parent path.
    Index(&'a Path<'a>, usize),
}

impl<'a> Path<'a> {
    /// The member `key` of the object at this path.
    pub fn key<'b>(&'b self, key: &'b str) -> Path<'b> {
        Path::Key(self, key)
    }

    /// The element `index` of the array at this path.
    pub fn index(&self, index: usize) -> Path<'_> {
        Path::Index(self, index)
    }

    /// The path as text: `segments[3].if`, `["a b"]`; empty for the root.
    pub fn render(&self) -> String {
        let mut out = String::new();
        self.render_into(&mut out);
        out
    }

    fn render_into(&self, out: &mut String) {
        match self {
            Path::Root => {}
            Path::Key(parent, key) => {
                parent.render_into(out);
                let plain = !key.is_empty()
                    && key
                        .chars()
                        .all(|c| c.is_alphanumeric() || "_$-./:@".contains(c));
                if plain {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(key);
                } else {
                    out.push('[');
                    crate::core::json::write_string(out, key);
                    out.push(']');
                }
            }
            Path::Index(parent, i) => {
                parent.render_into(out);
                out.push('[');
                crate::core::num::write_u64(out, *i as u64);
                out.push(']');
            }
        }
    }
}

/// One problem found in a config: where it is and a plain sentence saying what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// Where the problem is, e.g. `segments[3].if.$and[1].cartValue`.
    pub path: String,
    /// What is wrong, e.g. `unknown operator "$gtt" (did you mean "$gt"?)`; empty in the runtime
    /// build, which keeps only where the first problem is.
    pub message: String,
}

impl ConfigError {
    /// The error as one line: `path: message` (`(root)` for the document itself).
    pub fn line(&self) -> String {
        let at = if self.path.is_empty() {
            "(root)"
        } else {
            &self.path
        };
        if self.message.is_empty() {
            cat!(at, ": invalid")
        } else {
            cat!(at, ": ", self.message)
        }
    }
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.line())
    }
}

/// Collects the problems found while reading a config.
#[derive(Debug, Default)]
pub struct Errors {
    list: Vec<ConfigError>,
}

impl Errors {
    /// Records a problem at `path`; `message` is only called where messages are kept.
    #[inline]
    pub fn at(&mut self, path: &Path, message: impl FnOnce() -> String) {
        #[cfg(feature = "tooling")]
        self.push(path.render(), message());
        #[cfg(not(feature = "tooling"))]
        {
            let _ = message;
            self.first(path);
        }
    }

    /// Records a problem at a path already rendered.
    #[inline]
    pub fn at_rendered(&mut self, path: String, message: impl FnOnce() -> String) {
        #[cfg(feature = "tooling")]
        self.push(path, message());
        #[cfg(not(feature = "tooling"))]
        {
            let _ = message;
            if self.list.is_empty() {
                self.push(path, String::new());
            }
        }
    }

    /// Keeps the path of the first problem only (one copy of this code, whatever the call site).
    #[cfg(not(feature = "tooling"))]
    #[inline(never)]
    fn first(&mut self, path: &Path) {
        if self.list.is_empty() {
            self.push(path.render(), String::new());
        }
    }

    #[inline(never)]
    fn push(&mut self, path: String, message: String) {
        self.list.push(ConfigError { path, message });
    }

    /// Records a problem whose message is known text.
    pub fn say(&mut self, path: &Path, message: &'static str) {
        self.at(path, || message.to_string());
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The problems recorded.
    pub fn into_list(self) -> Vec<ConfigError> {
        self.list
    }
}

/// Why a stored profile could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// Not JSON at all (corrupt or truncated).
    NotJson(String),
    /// JSON, but not a profile.
    Shape(String),
    /// Written by a newer engine; left untouched so that engine can still read it.
    Newer {
        /// The format version found.
        found: u64,
        /// The newest format this engine reads.
        supported: u64,
    },
}

/// Why an event was rejected: which event, where in it, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventError {
    /// The event's name, or `(unnamed)`.
    pub event: String,
    /// Where inside the event's parameters, e.g. `items[0].price`; empty for the event itself.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

/// Everything a call into the core can refuse, each with where and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// The config has problems (every one with the `tooling` feature, else the first).
    Config(Vec<ConfigError>),
    /// An event was rejected.
    Event(EventError),
    /// Something given to a call is not usable (items to rank, attributes, preferences).
    Input(String),
    /// The stored profile cannot be read.
    Stored(DecodeError),
}

impl Error {
    /// The error as one sentence (config errors one after the other, separated by `; `).
    pub fn message(&self) -> String {
        match self {
            Error::Config(list) => list.iter().map(ConfigError::line).gather().join("; "),
            Error::Event(e) => {
                let shown = cat!("event \"", e.event, "\" rejected: ");
                if e.path.is_empty() {
                    cat!(shown, e.message)
                } else {
                    cat!(shown, e.path, ": ", e.message)
                }
            }
            Error::Input(m) => m.clone(),
            Error::Stored(DecodeError::NotJson(e)) => {
                cat!("the stored profile is not valid JSON (", e, ")")
            }
            Error::Stored(DecodeError::Shape(e)) => {
                cat!("the stored profile has the wrong shape (", e, ")")
            }
            Error::Stored(DecodeError::Newer { found, supported }) => cat!(
                "the stored profile has format ",
                *found,
                ", newer than this engine's ",
                *supported
            ),
        }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::fmt::Display for EventError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&Error::Event(self.clone()).message())
    }
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&Error::Stored(self.clone()).message())
    }
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

/// `message` followed by ` (did you mean "x"?)` when a candidate is close to `word` (only ever
/// called where messages are kept, so none of this is in the runtime build).
pub fn with_suggestion(message: String, word: &str, candidates: &[&str]) -> String {
    match did_you_mean(word, candidates) {
        Some(s) => format!("{message} (did you mean \"{s}\"?)"),
        None => message,
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().gather();
    let mut prev: Vec<usize> = (0..=b.len()).gather();
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
        let root = Path::Root;
        let segs = root.key("segments");
        let third = segs.index(3);
        let cond = third.key("if");
        let and = cond.key("$and");
        let one = and.index(1);
        let p = one.key("cartValue");
        assert_eq!(p.render(), "segments[3].if.$and[1].cartValue");
        assert_eq!(root.key("a b").render(), "[\"a b\"]");
        assert_eq!(
            ConfigError {
                path: String::new(),
                message: "x".into()
            }
            .to_string(),
            "(root): x"
        );
    }

    #[test]
    fn suggests_near_misses_only() {
        let ops = ["$gt", "$gte", "$lt", "$in"];
        assert_eq!(did_you_mean("$gtt", &ops), Some("$gt"));
        assert_eq!(did_you_mean("$between", &ops), None);
    }
}
