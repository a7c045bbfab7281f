//! Small stable sorts. The standard library's sort is fast but adds several kilobytes of
//! WebAssembly for every element type it sorts; here one merge sort of indices serves every
//! type, and insertion sort does for the short lists (a cart, a few pins).

/// Sorts `v` stably by `less` (insertion sort: for lists of up to a few dozen).
pub fn insertion_sort_by<T>(v: &mut [T], mut less: impl FnMut(&T, &T) -> bool) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && less(&v[j], &v[j - 1]) {
            v.swap(j, j - 1);
            j -= 1;
        }
    }
}

/// The indices `0..n` in stable order by `less` on indices (bottom-up merge sort, O(n log n)).
pub fn order_by(n: usize, less: &mut dyn FnMut(usize, usize) -> bool) -> Vec<usize> {
    let mut order = Vec::with_capacity(n);
    for i in 0..n {
        order.push(i);
    }
    merged(order, |a, b| less(*a, *b))
}

/// `a` in stable order by `less` (bottom-up merge sort): indices for [`order_by`], (key, place)
/// pairs for [`order_desc`], which compares them without a call per comparison.
fn merged<T: Copy>(mut a: Vec<T>, mut less: impl FnMut(&T, &T) -> bool) -> Vec<T> {
    let n = a.len();
    let mut b = a.clone();
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (left, right) = a[start..end].split_at(mid - start);
            let (mut i, mut j) = (0, 0);
            for slot in &mut b[start..end] {
                // Take from the left run unless the right one comes strictly first: stable.
                *slot = match (left.get(i), right.get(j)) {
                    (Some(l), Some(r)) if less(r, l) => {
                        j += 1;
                        *r
                    }
                    (Some(l), _) => {
                        i += 1;
                        *l
                    }
                    (None, Some(r)) => {
                        j += 1;
                        *r
                    }
                    (None, None) => break,
                };
            }
            start = end;
        }
        std::mem::swap(&mut a, &mut b);
        width *= 2;
    }
    a
}

/// Sorts `v` stably by `less` in O(n log n).
pub fn merge_sort_by<T>(v: &mut [T], mut less: impl FnMut(&T, &T) -> bool) {
    if v.len() < 2 {
        return;
    }
    let order = order_by(v.len(), &mut |a, b| less(&v[a], &v[b]));
    permute(order, &mut |a, b| v.swap(a, b));
}

/// Puts what is at `order[k]` at `k`, for every `k` (`order` a permutation), through `swap` (each cycle of the
/// permutation followed once): the work that does not depend on the element type is done once
/// for all of them, and each type adds only its swap.
pub fn permute(mut order: Vec<usize>, swap: &mut dyn FnMut(usize, usize)) {
    for k in 0..order.len() {
        let mut at = k;
        loop {
            let from = order[at];
            order[at] = at;
            if from == k {
                break;
            }
            swap(at, from);
            at = from;
        }
    }
}

/// The indices `0..keys.len()` ordered by descending key, equal keys in index order
/// (`keys` must hold no NaN).
pub fn order_desc(keys: &[f64]) -> Vec<usize> {
    // Already in order (as when nothing scores): the indices as they are.
    let mut pairs = Vec::with_capacity(keys.len());
    for (i, k) in keys.iter().enumerate() {
        pairs.push((*k, i));
    }
    if !keys.windows(2).all(|w| w[0] >= w[1]) {
        pairs = merged(pairs, |a, b| a.0 > b.0);
    }
    let mut order = Vec::with_capacity(pairs.len());
    for p in pairs {
        order.push(p.1);
    }
    order
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
    fn merge_sort_is_stable_and_matches_the_standard_sort() {
        let mut v: Vec<(u32, usize)> = (0..1000).map(|i| ((i * 7919) % 13, i as usize)).collect();
        let mut want = v.clone();
        want.sort_by_key(|x| x.0);
        merge_sort_by(&mut v, |a, b| a.0 < b.0);
        assert_eq!(v, want);
    }

    #[test]
    fn merge_sort_moves_whatever_it_sorts() {
        // Elements that own memory, in every arrangement of a few: each ends where the
        // standard sort puts it, none is lost or doubled.
        for n in 0..7usize {
            for seed in 0..50usize {
                let mut v: Vec<String> = (0..n)
                    .map(|i| format!("{}", (i * 31 + seed * 17) % 5))
                    .collect();
                let mut want = v.clone();
                want.sort();
                merge_sort_by(&mut v, |a, b| a < b);
                assert_eq!(v, want, "n {n} seed {seed}");
            }
        }
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
