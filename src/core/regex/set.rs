//! Sets of characters a pattern element can match: every ASCII character exactly, the rest of
//! Unicode as one "other" flag (an over-approximation, which only ever makes the check stricter).

/// A set of characters: ASCII as a bitmap in two words, anything else as one flag.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Set {
    ascii: [u64; 2],
    other: bool,
}

const fn bits(ranges: &[(u8, u8)]) -> [u64; 2] {
    let mut out = [0u64; 2];
    let mut i = 0;
    while i < ranges.len() {
        let mut c = ranges[i].0;
        while c <= ranges[i].1 {
            out[(c >> 6) as usize] |= 1 << (c & 63);
            c += 1;
        }
        i += 1;
    }
    out
}

const DIGITS: [u64; 2] = bits(&[(b'0', b'9')]);
const WORD: [u64; 2] = bits(&[(b'0', b'9'), (b'A', b'Z'), (b'a', b'z'), (b'_', b'_')]);
const SPACE: [u64; 2] = bits(&[(b'\t', b'\r'), (b' ', b' ')]);

impl Set {
    /// `.`: anything but a line break.
    pub fn dot() -> Set {
        Set {
            ascii: [!((1 << b'\n') | (1 << b'\r')), !0],
            other: true,
        }
    }

    /// One character (both cases of an ASCII letter when `ci`).
    pub fn char(c: char, ci: bool) -> Set {
        Set::range(c, c, ci)
    }

    /// The characters from `lo` to `hi`.
    pub fn range(lo: char, hi: char, ci: bool) -> Set {
        let mut s = Set {
            ascii: [0; 2],
            other: u32::from(hi) > 127,
        };
        for c in u32::from(lo)..=u32::from(hi).min(127) {
            let mut add = |c: u32| s.ascii[(c >> 6) as usize] |= 1 << (c & 63);
            add(c);
            if ci && (c as u8).is_ascii_alphabetic() {
                add(c ^ 0x20);
            }
        }
        s
    }

    /// `\d \D \w \W \s \S`.
    pub fn class(c: char) -> Set {
        let (ascii, other) = match c.to_ascii_lowercase() {
            'd' => (DIGITS, false),
            'w' => (WORD, false),
            _ => (SPACE, true),
        };
        let s = Set { ascii, other };
        if c.is_ascii_uppercase() {
            s.negate()
        } else {
            s
        }
    }

    /// Everything not in this set (non-ASCII characters always count as possible).
    pub fn negate(self) -> Set {
        Set {
            ascii: [!self.ascii[0], !self.ascii[1]],
            other: true,
        }
    }

    /// Characters in either set.
    pub fn union(self, o: Set) -> Set {
        Set {
            ascii: [self.ascii[0] | o.ascii[0], self.ascii[1] | o.ascii[1]],
            other: self.other | o.other,
        }
    }

    /// Whether a character can be in both sets.
    pub fn overlaps(self, o: Set) -> bool {
        self.ascii[0] & o.ascii[0] != 0
            || self.ascii[1] & o.ascii[1] != 0
            || (self.other && o.other)
    }
}
