//! Interned names: every item id, category path, brand and tag the engine ranks with becomes a
//! small number once, so ranking compares and looks up numbers, never text.

/// An interned name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Sym(pub u32);

impl Sym {
    /// The index of the name, for tables indexed by symbol.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

const EMPTY: u32 = u32::MAX;

/// The names seen so far and their symbols (an open-addressing hash table over a list).
#[derive(Clone, Debug, Default)]
pub struct Interner {
    names: Vec<Box<str>>,
    table: Vec<u32>,
}

/// FNV-1a, enough to spread short names.
fn hash(s: &str) -> usize {
    s.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    }) as usize
}

impl Interner {
    /// An empty interner.
    pub fn new() -> Interner {
        Interner::default()
    }

    /// How many names are interned (symbols are `0..len`).
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether no name is interned.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    fn slot(&self, name: &str) -> usize {
        let mask = self.table.len() - 1;
        let mut i = hash(name) & mask;
        loop {
            let at = self.table[i];
            if at == EMPTY || &*self.names[at as usize] == name {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /// The symbol of `name`, if interned.
    pub fn get(&self, name: &str) -> Option<Sym> {
        if self.table.is_empty() {
            return None;
        }
        match self.table[self.slot(name)] {
            EMPTY => None,
            at => Some(Sym(at)),
        }
    }

    /// The symbol of `name`, interning it if new.
    pub fn intern(&mut self, name: &str) -> Sym {
        if (self.names.len() + 1) * 2 > self.table.len() {
            self.grow();
        }
        let i = self.slot(name);
        if self.table[i] == EMPTY {
            self.table[i] = self.names.len() as u32;
            self.names.push(name.into());
        }
        Sym(self.table[i])
    }

    fn grow(&mut self) {
        let size = (self.table.len() * 2).max(64);
        self.table = vec![EMPTY; size];
        for (n, name) in self.names.iter().enumerate() {
            let mut i = hash(name) & (size - 1);
            while self.table[i] != EMPTY {
                i = (i + 1) & (size - 1);
            }
            self.table[i] = n as u32;
        }
    }

    /// The name of `sym`.
    pub fn name(&self, sym: Sym) -> &str {
        self.names.get(sym.index()).map_or("", |n| n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interns_each_name_once() {
        let mut i = Interner::new();
        let ids: Vec<Sym> = (0..500).map(|n| i.intern(&format!("item-{n}"))).collect();
        assert_eq!(i.len(), 500);
        for (n, s) in ids.iter().enumerate() {
            assert_eq!(i.intern(&format!("item-{n}")), *s);
            assert_eq!(i.name(*s), format!("item-{n}"));
        }
        assert_eq!(i.get("nope"), None);
        assert_eq!(Interner::new().get("x"), None);
    }
}
