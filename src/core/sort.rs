//! Two small stable sorts. The standard library's sort is fast but adds several kilobytes of
//! WebAssembly for every element type it sorts; the lists here are short (a widget, a cart,
//! a config's relations), so insertion sort does, and ranking uses a merge sort of indices.

/// Sorts `v` stably by `less` (insertion sort: for lists of up to a few hundred).
pub fn insertion_sort_by<T>(v: &mut [T], mut less: impl FnMut(&T, &T) -> bool) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && less(&v[j], &v[j - 1]) {
            v.swap(j, j - 1);
            j -= 1;
        }
    }
}

/// The indices `0..keys.len()` ordered by descending key, equal keys in index order (stable
/// merge sort; `keys` must hold no NaN).
pub fn order_desc(keys: &[f64]) -> Vec<usize> {
    let n = keys.len();
    let mut a: Vec<usize> = (0..n).collect();
    let mut b = a.clone();
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut i, mut j) = (start, mid);
            for slot in &mut b[start..end] {
                // Take from the left run unless the right one is strictly greater: stable.
                if i < mid && (j >= end || keys[a[i]] >= keys[a[j]]) {
                    *slot = a[i];
                    i += 1;
                } else {
                    *slot = a[j];
                    j += 1;
                }
            }
            start = end;
        }
        std::mem::swap(&mut a, &mut b);
        width *= 2;
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insertion_sort_is_stable() {
        let mut v = [(2, 'a'), (1, 'b'), (2, 'c'), (0, 'd'), (1, 'e')];
        insertion_sort_by(&mut v, |x, y| x.0 < y.0);
        assert_eq!(v, [(0, 'd'), (1, 'b'), (1, 'e'), (2, 'a'), (2, 'c')]);
    }

    #[test]
    fn order_desc_is_stable_and_matches_the_standard_sort() {
        let keys: Vec<f64> = (0..1000).map(|i| ((i * 7919) % 13) as f64).collect();
        let mut want: Vec<usize> = (0..keys.len()).collect();
        want.sort_by(|a, b| keys[*b].total_cmp(&keys[*a]));
        assert_eq!(order_desc(&keys), want);
        assert_eq!(order_desc(&[]), Vec::<usize>::new());
        assert_eq!(order_desc(&[1.0]), [0]);
    }
}
