//! "Did you mean": the closest allowed spelling to what the editor wrote, by edit distance on
//! the folded text (tone marks dropped), so `ngay_ban_hàn` finds `ngay_ban_hanh` and
//! `Còn hiệu lưc` finds `Còn hiệu lực`.

use crate::vi;

/// Levenshtein distance over chars.
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The candidate closest to `input` when it is close enough to be a plausible typo (at most
/// a third of the longer word, at least one edit allowed) or one extends the other
/// (`tin-tuc-moi` → `tin-tuc`).
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let folded = vi::fold(input.trim());
    candidates
        .into_iter()
        .map(|c| (distance(&folded, &vi::fold(c)), c))
        .filter(|(d, c)| {
            let len = folded.chars().count().max(c.chars().count());
            let c = vi::fold(c);
            let extends = c.len() >= 4 && (folded.starts_with(&c) || c.starts_with(&folded));
            *d <= (len / 3).max(1) || (extends && !folded.is_empty())
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// ` Có phải ý bạn là `x`?` or nothing.
pub fn did_you_mean<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(input, candidates)
        .map(|c| format!(" Có phải ý bạn là `{c}`?"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos_but_not_unrelated_words() {
        let fields = ["ngay_ban_hanh", "ngay_dang", "tieu_de"];
        assert_eq!(closest("ngay_ban_hàn", fields), Some("ngay_ban_hanh"));
        assert_eq!(closest("tieu_đe", fields), Some("tieu_de"));
        assert_eq!(closest("so_trang", fields), None);
        assert_eq!(distance("kitten", "sitting"), 3);
        let sections = ["van-ban", "tin-tuc", "hoi-dap"];
        assert_eq!(closest("van-bản", sections), Some("van-ban"));
        assert_eq!(closest("tintuc", sections), Some("tin-tuc"));
        assert_eq!(closest("tin-tuc-moi", sections), Some("tin-tuc"));
        assert_eq!(closest("xyz", sections), None);
    }
}
