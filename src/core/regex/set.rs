//! Sets of characters a pattern element can match: every ASCII character exactly, the rest of
//! Unicode as one "other" flag (an over-approximation, which only ever makes the check stricter).

/// A set of characters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Set {
    ascii: u128,
    other: bool,
}

const LETTERS: u128 = (((1u128 << 26) - 1) << 65) | (((1u128 << 26) - 1) << 97);
const DIGITS: u128 = ((1u128 << 10) - 1) << 48;
const WORD: u128 = LETTERS | DIGITS | (1 << b'_');
const SPACE: u128 = (1 << b' ') | (((1u128 << 5) - 1) << 9);

impl Set {
    /// `.`: anything but a line break.
    pub fn dot() -> Set {
        Set {
            ascii: !((1 << b'\n') | (1 << b'\r')),
            other: true,
        }
    }

    /// One character (both cases of an ASCII letter when `ci`).
    pub fn char(c: char, ci: bool) -> Set {
        Set::range(c, c, ci)
    }

    /// The characters from `lo` to `hi`.
    pub fn range(lo: char, hi: char, ci: bool) -> Set {
        let (lo, hi) = (lo as u32, hi as u32);
        let mut s = Set {
            ascii: 0,
            other: hi > 127,
        };
        for c in lo..=hi.min(127) {
            s.ascii |= 1 << c;
            if ci && c < 128 && (c as u8).is_ascii_alphabetic() {
                s.ascii |= 1 << (c ^ 0x20);
            }
        }
        s
    }

    /// `\d \D \w \W \s \S`.
    pub fn class(c: char) -> Set {
        let s = match c.to_ascii_lowercase() {
            'd' => Set {
                ascii: DIGITS,
                other: false,
            },
            'w' => Set {
                ascii: WORD,
                other: false,
            },
            _ => Set {
                ascii: SPACE,
                other: true,
            },
        };
        if c.is_ascii_uppercase() {
            s.negate()
        } else {
            s
        }
    }

    /// Everything not in this set (non-ASCII characters always count as possible).
    pub fn negate(self) -> Set {
        Set {
            ascii: !self.ascii,
            other: true,
        }
    }

    /// Characters in either set.
    pub fn union(self, o: Set) -> Set {
        Set {
            ascii: self.ascii | o.ascii,
            other: self.other | o.other,
        }
    }

    /// Whether a character can be in both sets.
    pub fn overlaps(self, o: Set) -> bool {
        self.ascii & o.ascii != 0 || (self.other && o.other)
    }
}
