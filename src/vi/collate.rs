//! Vietnamese collation (CLDR `vi`). (stub: to be implemented)

use std::cmp::Ordering;

/// A byte key whose byte order is the Vietnamese collation order of `s`.
pub fn collation_key(s: &str) -> Vec<u8> {
    todo!("{s}")
}

pub fn compare(a: &str, b: &str) -> Ordering {
    collation_key(a).cmp(&collation_key(b))
}

/// Sorts strings in Vietnamese order.
pub fn sort_vi(v: &mut [String]) {
    sort_vi_by_key(v, |s| s.as_str())
}

/// Sorts anything by a string field in Vietnamese order (keys computed once per element).
pub fn sort_vi_by_key<T, F: Fn(&T) -> &str>(v: &mut [T], f: F) {
    v.sort_by_cached_key(|x| collation_key(f(x)))
}
