//! Refuses `$regex` patterns that a backtracking engine (JavaScript's RegExp) can take far more
//! than linear time to match, so that a link's text can never hang the shopper's tab.
//!
//! Backtracking explodes when the same text can be matched in many ways: repetitions that can
//! take characters from each other one after the other (`\d+\d+`, `.*a.*b`), and repeated groups
//! whose repetitions can split a text in several ways (`(a+)+`, `(a|aa)*`, `(\w+\s?)+`). The
//! check walks the pattern keeping the repetitions still "open" (able to give characters back to
//! what follows) and multiplies the ways they can share a text: an unbounded repetition counts
//! as many ways as the longest text matched ([`super::MAX_MATCH_LEN`]), `{n,m}` as `m - n + 1`,
//! `?` as 2, alternatives that can start alike as their number. A repetition closes when
//! something follows that must match a character it cannot. Sharing more than [`LIMIT`] ways is
//! refused; so is a repeated group that could split a text in more than one way at all. A
//! repetition at the very end of the pattern is never backtracked into, so it counts once.

use super::parse::{parse, Node, Term};
use super::set::Set;
use super::{why, Why, MAX_MATCH_LEN};
use crate::core::gather::Gather;

/// The ways one unbounded repetition can take its share of a text.
const UNBOUNDED: u64 = MAX_MATCH_LEN as u64;
/// Most ways repetitions may share a text: one unbounded repetition and a few bounded choices.
pub const LIMIT: u64 = UNBOUNDED * 16;
/// Longest pattern accepted.
pub const MAX_PATTERN_LEN: usize = 1024;
/// The cost of a repetition left open by the previous time through a repeated group: whatever
/// shares characters with it is refused.
const PREVIOUS: u64 = u64::MAX;

/// Ok when `pattern` (with the `i` flag when `ci`) is in the safe dialect; Err says why not.
pub fn check(pattern: &str, ci: bool) -> Result<(), Why> {
    if pattern.len() > MAX_PATTERN_LEN {
        return Err(why(|| {
            format!(
                "it is {} characters long; at most {MAX_PATTERN_LEN} are accepted",
                pattern.len()
            )
        }));
    }
    let alts = parse(pattern, ci)?;
    let mut c = Checker {
        src: pattern,
        wrapping: false,
    };
    for seq in &alts {
        c.seq(seq, Vec::new(), true)?;
    }
    Ok(())
}

/// A repetition that may still give characters back to what follows it.
#[derive(Clone, Debug)]
struct Open {
    chars: Set,
    /// The ways it and the open repetitions before it can share a text.
    cost: u64,
    span: (usize, usize),
}

struct Checker<'a> {
    src: &'a str,
    /// Inside the check of a group's next time through.
    wrapping: bool,
}

fn nullable_seq(seq: &[Term]) -> bool {
    seq.iter().all(nullable)
}

/// Whether a term can match an empty text.
fn nullable(t: &Term) -> bool {
    t.min == 0
        || match &t.node {
            Node::Assert => true,
            Node::One(_) => false,
            Node::Group(alts) => alts.iter().any(|s| nullable_seq(s)),
        }
}

/// The characters a sequence's match can start with.
fn first_seq(seq: &[Term]) -> Set {
    let mut s = Set::default();
    for t in seq {
        s = s.union(first(t));
        if !nullable(t) {
            break;
        }
    }
    s
}

fn first(t: &Term) -> Set {
    match &t.node {
        Node::Assert => Set::default(),
        Node::One(set) => *set,
        Node::Group(alts) => alts
            .iter()
            .fold(Set::default(), |s, a| s.union(first_seq(a))),
    }
}

/// Every character a term can match.
fn chars(t: &Term) -> Set {
    match &t.node {
        Node::Assert => Set::default(),
        Node::One(set) => *set,
        Node::Group(alts) => alts
            .iter()
            .flatten()
            .fold(Set::default(), |s, t| s.union(chars(t))),
    }
}

/// Alternatives that can start alike (or match nothing), so choosing one may be undone.
fn ambiguous(alts: &[Vec<Term>]) -> bool {
    let firsts: Vec<(Set, bool)> = alts
        .iter()
        .map(|s| (first_seq(s), nullable_seq(s)))
        .gather();
    alts.len() > 1
        && firsts
            .iter()
            .enumerate()
            .any(|(i, (f, empty))| *empty || firsts[i + 1..].iter().any(|(g, _)| f.overlaps(*g)))
}

impl Checker<'_> {
    fn snippet(&self, (a, b): (usize, usize)) -> String {
        let s = self.src.get(a..b).unwrap_or("");
        let short: String = s.chars().take(40).collect();
        let ellipsis = if short.len() < s.len() { "…" } else { "" };
        crate::core::text::quote(&crate::cat!(short, ellipsis))
    }

    fn seq(&mut self, terms: &[Term], mut open: Vec<Open>, top: bool) -> Result<Vec<Open>, Why> {
        // At the end of the pattern, what can match nothing is never backtracked into.
        let tail = if top {
            terms
                .iter()
                .rposition(|t| !nullable(t) || matches!(t.node, Node::Assert))
                .map_or(0, |i| i + 1)
        } else {
            terms.len()
        };
        for (i, t) in terms.iter().enumerate() {
            if i >= tail {
                self.term(t, Vec::new())?;
            } else {
                open = self.term(t, open)?;
            }
        }
        Ok(open)
    }

    /// The ways a repetition starting with `first`, with `ways` of its own, shares a text with
    /// the open repetitions before it.
    fn join(&self, open: &[Open], first: Set, ways: u64, span: (usize, usize)) -> Result<u64, Why> {
        let with = open
            .iter()
            .filter(|o| o.chars.overlaps(first))
            .max_by_key(|o| o.cost);
        let cost = with.map_or(1, |o| o.cost).saturating_mul(ways);
        match with {
            Some(o) if cost > LIMIT => Err(why(|| {
                format!(
                    "{} and {} can match the same characters one after the other, so matching can \
                 take very long on some texts; put something between them that the first cannot \
                 match, or split the pattern into conditions combined with \"$and\"",
                    self.snippet(o.span),
                    self.snippet(span)
                )
            })),
            _ => Ok(cost),
        }
    }

    fn pass(&mut self, alts: &[Vec<Term>], open: &[Open]) -> Result<Vec<Open>, Why> {
        let mut out: Vec<Open> = Vec::new();
        for seq in alts {
            for o in self.seq(seq, open.to_vec(), false)? {
                if !out.iter().any(|p| p.span == o.span) {
                    out.push(o);
                }
            }
        }
        Ok(out)
    }

    fn term(&mut self, t: &Term, open: Vec<Open>) -> Result<Vec<Open>, Why> {
        if t.max == Some(0) {
            return Ok(open);
        }
        let variable = t.max != Some(t.min);
        let ways = t
            .max
            .map_or(UNBOUNDED, |max| u64::from(max - t.min.min(max)) + 1)
            .min(UNBOUNDED);
        match &t.node {
            Node::Assert => Ok(open),
            Node::One(set) => {
                let cost = if variable {
                    self.join(&open, *set, ways, t.span)?
                } else {
                    0
                };
                let mut open = open;
                if t.min >= 1 {
                    // A character it must match that an open repetition cannot closes that one.
                    open.retain(|o| o.chars.overlaps(*set));
                }
                if variable {
                    open.push(Open {
                        chars: *set,
                        cost,
                        span: t.span,
                    });
                }
                Ok(open)
            }
            Node::Group(alts) => self.group(t, alts, open, variable, ways),
        }
    }

    fn group(
        &mut self,
        t: &Term,
        alts: &[Vec<Term>],
        open: Vec<Open>,
        variable: bool,
        ways: u64,
    ) -> Result<Vec<Open>, Why> {
        let repeated = t.max != Some(1);
        if repeated && alts.iter().any(|s| nullable_seq(s)) {
            return Err(why(|| {
                format!(
                    "{} repeats a group that can match an empty text, so matching can take very \
                 long on some texts; make every alternative of the group match at least one \
                 character",
                    self.snippet(t.span)
                )
            }));
        }
        let choice = ambiguous(alts);
        let mut out = self.pass(alts, &open)?;
        if choice {
            let cost = self.join(&open, first(t), alts.len() as u64, t.span)?;
            out.push(Open {
                chars: chars(t),
                cost,
                span: t.span,
            });
        }
        if repeated && !self.wrapping {
            // The next time through may not share characters with what the last one left open.
            let left: Vec<Open> = out
                .iter()
                .filter(|o| !open.iter().any(|p| p.span == o.span))
                .map(|o| Open {
                    cost: PREVIOUS,
                    ..o.clone()
                })
                .gather();
            self.wrapping = true;
            let mut again = self.pass(alts, &left);
            if again.is_ok() && choice {
                again = self.join(&left, first(t), 2, t.span).map(|_| Vec::new());
            }
            self.wrapping = false;
            again.map_err(|_| {
                why(|| {
                    format!(
                    "{} repeats a group whose repetitions can split a text in more than one way \
                     (as in \"(a+)+\"), so matching can take exponential time on some texts; make \
                     each repetition start with a character the previous one cannot end with, \
                     as in \"(\\\\d+\\\\.)+\"",
                    self.snippet(t.span)
                )
                })
            })?;
        }
        if t.min == 0 {
            for o in open.iter() {
                if !out.iter().any(|p| p.span == o.span) {
                    out.push(o.clone());
                }
            }
        }
        if variable {
            let cost = self.join(&open, first(t), ways, t.span)?;
            out.push(Open {
                chars: chars(t),
                cost,
                span: t.span,
            });
        }
        Ok(out)
    }
}
