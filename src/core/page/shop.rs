//! The shop's own order of a widget: what ranking starts from, however the engine or the shop
//! moved the items since.

use crate::core::gather::Gather;

/// The ids of `list`, sorted, to look up by binary search.
fn set(list: &[String]) -> Vec<&str> {
    let mut v: Vec<&str> = list.iter().map(String::as_str).gather();
    crate::core::sort::merge_sort_by(&mut v, |a, b| a < b);
    v
}

fn has(set: &[&str], id: &str) -> bool {
    set.binary_search(&id).is_ok()
}

/// The shop's own order of a widget whose items are now `current` (ids in page order), given
/// what was remembered when the engine last ordered it: `(the shop's order then, the order the
/// engine left)`. While the items still stand as the engine left them, the shop's order is the
/// remembered one (items added since come after); once the shop rearranged them itself (a "sort
/// by price" control, a re-render), the order it made is the shop's order from then on.
pub fn shop_order(current: &[String], remembered: Option<(&[String], &[String])>) -> Vec<String> {
    let Some((shop, left)) = remembered else {
        return current.to_vec();
    };
    let here = set(current);
    let known = set(left);
    let untouched = left
        .iter()
        .filter(|id| has(&here, id))
        .eq(current.iter().filter(|id| has(&known, id)));
    if !untouched {
        return current.to_vec();
    }
    let mut o: Vec<String> = shop.iter().filter(|id| has(&here, id)).cloned().gather();
    let kept = set(&o);
    let added: Vec<String> = current
        .iter()
        .filter(|id| !has(&kept, id))
        .cloned()
        .gather();
    o.extend(added);
    o
}

#[cfg(test)]
mod tests {
    use super::shop_order;

    fn ids(s: &str) -> Vec<String> {
        s.split(' ').map(String::from).collect()
    }

    #[test]
    fn the_shop_order_survives_the_engine_and_follows_the_shop() {
        // Never ordered: the page as it is.
        assert_eq!(shop_order(&ids("c a b"), None), ids("c a b"));
        let (shop, left) = (ids("a b c"), ids("c a b"));
        // As the engine left it: the shop's order, a new item after.
        assert_eq!(
            shop_order(&ids("c a d b"), Some((&shop, &left))),
            ids("a b c d")
        );
        // Rearranged by the shop: its new order stands.
        assert_eq!(
            shop_order(&ids("b c a"), Some((&shop, &left))),
            ids("b c a")
        );
    }
}
