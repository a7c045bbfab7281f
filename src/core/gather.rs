//! Collecting into a `Vec` with a plain loop.
//!
//! `collect::<Vec<_>>()` builds each vector through two or three functions of the standard
//! library made for that one iterator type (`from_iter`, `extend_trusted`, `fold`). In
//! WebAssembly every one of them is a function of its own, which adds bytes to the download and
//! which the browser compiles, one by one, the first time it runs. [`Gather::gather`] is one
//! function per iterator type, its loop calling the iterator's `next`.

/// `gather()` for every iterator.
pub trait Gather: Iterator + Sized {
    /// The items in order, in a new `Vec` (what `collect::<Vec<_>>()` gives).
    fn gather(self) -> Vec<Self::Item> {
        let mut out = Vec::new();
        for x in self {
            out.push(x);
        }
        out
    }
}

impl<I: Iterator> Gather for I {}

#[cfg(test)]
mod tests {
    use super::Gather;

    #[test]
    fn gathers_the_items_in_order() {
        let words = ["a", "bb", "", "ccc"];
        assert_eq!(
            words.iter().map(|w| w.len()).filter(|n| *n > 0).gather(),
            [1, 2, 3]
        );
        assert_eq!(std::iter::empty::<u8>().gather(), Vec::<u8>::new());
    }
}
