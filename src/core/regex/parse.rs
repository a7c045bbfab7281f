//! Reads a `$regex` pattern in the dialect Shelfwise accepts: the part of JavaScript's RegExp
//! syntax that means the same in JavaScript and in `regex-lite`, without back-references and
//! look-around (which no linear-time engine offers and which make backtracking unbounded).
//!
//! Anything outside the dialect is refused with a sentence saying what and why, so the same
//! pattern is accepted or refused alike in the browser, in Node and natively.

use super::set::Set;
use super::{why, Why};

const RANGE: &str = "a range inside a class must go from one character to another, as in a-z";

/// Deepest nesting of groups accepted.
const MAX_DEPTH: u32 = 32;

/// One element of a pattern with its repetition (`min`, `max`; `None`: unbounded).
#[derive(Debug)]
pub(super) struct Term {
    pub node: Node,
    pub min: u32,
    pub max: Option<u32>,
    /// Where it is in the pattern (byte offsets), for messages.
    pub span: (usize, usize),
}

/// What a term matches.
#[derive(Debug)]
pub(super) enum Node {
    /// A zero-width assertion: `^`, `$`, `\b`, `\B`.
    Assert,
    /// One character out of a set.
    One(Set),
    /// A group: alternatives, each a sequence.
    Group(Vec<Vec<Term>>),
}

/// Parses `pattern`; `ci` is the `i` flag. Err: why the pattern is outside the dialect.
pub(super) fn parse(pattern: &str, ci: bool) -> Result<Vec<Vec<Term>>, Why> {
    let mut p = Parser {
        bytes: pattern.as_bytes(),
        pos: 0,
        ci,
        depth: 0,
    };
    let alts = p.alternatives()?;
    match p.peek() {
        None => Ok(alts),
        Some(_) => Err(why(|| "it has a \")\" without a matching \"(\"".into())),
    }
}

/// Reads the pattern byte by byte: its syntax is ASCII, and a character beyond ASCII only ever
/// matters as "some other character".
struct Parser<'a> {
    bytes: &'a [u8],
    pos: usize,
    ci: bool,
    depth: u32,
}

/// Any character beyond ASCII, as a code for ranges.
const OTHER: u32 = 0x80;

fn unsupported(what: &str, instead: &str) -> String {
    format!("{what} is not supported in $regex patterns; {instead}")
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.bytes.get(self.pos).map(|b| char::from(*b))
    }

    fn peek_at(&self, ahead: usize) -> Option<char> {
        self.bytes.get(self.pos + ahead).map(|b| char::from(*b))
    }

    fn offset(&self) -> usize {
        self.pos.min(self.bytes.len())
    }

    /// The next character: an ASCII one as itself, any other as U+0080 (its bytes consumed).
    fn next(&mut self) -> Option<char> {
        let c = self.peek();
        self.pos += 1;
        if c.is_some_and(|c| !c.is_ascii()) {
            while self.bytes.get(self.pos).is_some_and(|b| b & 0xc0 == 0x80) {
                self.pos += 1;
            }
            return Some('\u{80}');
        }
        c
    }

    fn eat(&mut self, c: char) -> bool {
        let hit = self.peek() == Some(c);
        if hit {
            self.pos += 1;
        }
        hit
    }

    fn alternatives(&mut self) -> Result<Vec<Vec<Term>>, Why> {
        let mut alts = vec![self.sequence()?];
        while self.eat('|') {
            alts.push(self.sequence()?);
        }
        Ok(alts)
    }

    fn sequence(&mut self) -> Result<Vec<Term>, Why> {
        let mut terms = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let start = self.offset();
            let node = self.atom()?;
            let (min, max) = self.quantifier(&node)?;
            terms.push(Term {
                node,
                min,
                max,
                span: (start, self.offset()),
            });
        }
        Ok(terms)
    }

    fn atom(&mut self) -> Result<Node, Why> {
        let Some(c) = self.next() else {
            return Err(why(|| "it ends too early".into()));
        };
        Ok(match c {
            '^' | '$' => Node::Assert,
            '.' => Node::One(Set::dot()),
            '[' => Node::One(self.class()?),
            '(' => self.group()?,
            '\\' => match self.peek() {
                Some('b' | 'B') => {
                    self.pos += 1;
                    Node::Assert
                }
                _ => Node::One(self.escape(false)?.0),
            },
            '*' | '+' | '?' => return Err(why(|| format!("\"{c}\" has nothing to repeat"))),
            '{' | '}' | ']' => {
                return Err(why(|| {
                    format!(
                        "a \"{c}\" that is not part of a repetition or a class; write \"\\{c}\""
                    )
                }))
            }
            c => Node::One(Set::char(c, self.ci)),
        })
    }

    fn group(&mut self) -> Result<Node, Why> {
        if self.eat('?') {
            match (self.peek(), self.peek_at(1)) {
                (Some(':'), _) => self.pos += 1,
                (Some('=' | '!'), _) | (Some('<'), Some('=' | '!')) => {
                    return Err(why(|| {
                        unsupported(
                            "look-around ((?=…), (?!…), (?<=…), (?<!…))",
                            "combine conditions instead: {\"$not\": {\"$regex\": …}} or \"$and\"",
                        )
                    }))
                }
                (Some('<'), _) => {
                    return Err(why(|| {
                        unsupported("a named group (?<name>…)", "use (…) or (?:…)")
                    }))
                }
                _ => {
                    return Err(why(|| {
                        unsupported("\"(?\" other than \"(?:\"", "use (…) or (?:…)")
                    }))
                }
            }
        }
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(why(|| {
                format!("its groups are nested more than {MAX_DEPTH} deep")
            }));
        }
        let alts = self.alternatives()?;
        self.depth -= 1;
        if !self.eat(')') {
            return Err(why(|| "it has a \"(\" without a matching \")\"".into()));
        }
        Ok(Node::Group(alts))
    }

    /// The repetition after an atom: `(1, Some(1))` when there is none.
    fn quantifier(&mut self, node: &Node) -> Result<(u32, Option<u32>), Why> {
        let (min, max) = match self.peek() {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            Some('{') => {
                self.pos += 1;
                let min = self.count().ok_or_else(|| why(|| "a \"{\" must start a repetition such as {2} or {1,3}; write \"\\{\" for the character".into()))?;
                let max = if self.eat(',') {
                    if self.peek() == Some('}') {
                        None
                    } else {
                        Some(self.count().ok_or_else(|| {
                            why(|| {
                                "a repetition such as {1,3} needs a number after the comma".into()
                            })
                        })?)
                    }
                } else {
                    Some(min)
                };
                if self.peek() != Some('}') {
                    return Err(why(|| {
                        "a repetition such as {1,3} must end with \"}\"".into()
                    }));
                }
                (min, max)
            }
            _ => return Ok((1, Some(1))),
        };
        self.pos += 1;
        if matches!(node, Node::Assert) {
            return Err(why(|| {
                "an anchor (^, $, \\b, \\B) cannot be repeated".into()
            }));
        }
        self.eat('?'); // lazy: same work in the worst case
        if matches!(self.peek(), Some('*' | '+' | '?' | '{')) {
            return Err(why(|| {
                "a repetition is repeated again (as in a** or a{2}{3})".into()
            }));
        }
        Ok((min, max))
    }

    fn count(&mut self) -> Option<u32> {
        let mut n: Option<u32> = None;
        while let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
            self.pos += 1;
            n = Some(n.unwrap_or(0).saturating_mul(10).saturating_add(d));
        }
        n
    }

    /// A class `[…]` (the `[` already read).
    fn class(&mut self) -> Result<Set, Why> {
        let negated = self.eat('^');
        let mut set = Set::default();
        let mut empty = true;
        loop {
            let Some(c) = self.next() else {
                return Err(why(|| "it has a \"[\" without a matching \"]\"".into()));
            };
            let (item, single) = match c {
                ']' if !empty => break,
                ']' => {
                    return Err(why(|| {
                        unsupported("an empty class ([] or [^])", "use . for any character")
                    }))
                }
                '[' => return Err(why(|| "a \"[\" inside a class; write \"\\[\"".into())),
                '\\' => self.escape(true)?,
                '&' | '-' | '~' if self.peek() == Some(c) => {
                    return Err(why(|| {
                        format!("\"{c}{c}\" inside a class; write \"\\{c}\\{c}\"")
                    }))
                }
                c => (Set::char(c, self.ci), Some(c)),
            };
            empty = false;
            if self.peek() == Some('-') && !matches!(self.peek_at(1), Some(']') | None) {
                self.pos += 1;
                let hi = match self.next() {
                    Some('\\') => self.escape(true)?.1,
                    Some('[' | ']') | None => None,
                    c => c,
                };
                let (Some(lo), Some(hi)) = (single, hi) else {
                    return Err(why(|| RANGE.into()));
                };
                set = set.union(Set::range(lo, hi, self.ci));
            } else {
                set = set.union(item);
            }
        }
        Ok(if negated { set.negate() } else { set })
    }

    /// An escape (the `\` already read), inside a class or not, with its character when it
    /// stands for one.
    fn escape(&mut self, in_class: bool) -> Result<(Set, Option<char>), Why> {
        let Some(c) = self.next() else {
            return Err(why(|| "it ends with a lone \"\\\"".into()));
        };
        let one = |c: char| Ok((Set::char(c, self.ci), Some(c)));
        match c {
            'd' | 'D' | 'w' | 'W' | 's' | 'S' => Ok((Set::class(c), None)),
            't' => one('\t'),
            'n' => one('\n'),
            'r' => one('\r'),
            'f' => one('\u{c}'),
            'v' => one('\u{b}'),
            'x' => self.hex(2),
            'u' => self.hex(4),
            '1'..='9' | 'k' => Err(why(|| {
                unsupported(
                    "a back-reference (\\1, \\k<name>)",
                    "it can make matching take exponential time",
                )
            })),
            'b' if in_class => Err(why(|| unsupported("[\\b]", "write \\x08"))),
            c if c.is_ascii_punctuation() => one(c),
            c => Err(why(|| {
                unsupported(
                    &format!("\"\\{c}\""),
                    "escape only punctuation, or use \\d \\w \\s \\b \\t \\n \\r \\xhh \\uhhhh",
                )
            })),
        }
    }

    fn hex(&mut self, digits: usize) -> Result<(Set, Option<char>), Why> {
        let mut v = 0u32;
        for _ in 0..digits {
            let d = self.next().and_then(|c| c.to_digit(16)).ok_or_else(|| {
                why(|| {
                    unsupported(
                        "a \\x or \\u escape without exactly 2 or 4 hex digits",
                        "write \\x41 or \\u00e9",
                    )
                })
            })?;
            v = v * 16 + d;
        }
        let c = char::from_u32(v.min(OTHER)).unwrap_or('\u{80}');
        Ok((Set::char(c, self.ci), Some(c)))
    }
}
