//! NFC normalisation, search folding and URL slugs for Vietnamese text. `fold` runs on every
//! word of every item when the search index is built, so it avoids allocation beyond its output
//! and takes a byte-copy fast path for ASCII.

use std::sync::LazyLock;
use unicode_normalization::{
    char::is_combining_mark, is_nfc_quick, IsNormalized, UnicodeNormalization,
};

/// The string in Unicode NFC (precomposed), as every input string is kept (A1-02).
/// Text typed on Vietnamese keyboards is almost always NFC already, so the quick check
/// usually answers without normalising.
pub fn nfc(s: &str) -> String {
    if is_nfc_quick(s.chars()) == IsNormalized::Yes {
        return s.to_string();
    }
    s.nfc().collect()
}

/// Lower-case with tone and vowel marks dropped and đ→d, for matching what citizens type
/// without diacritics: "Điều 141 Bộ luật Hình sự" → "dieu 141 bo luat hinh su".
/// Works on NFC and decomposed input alike: every combining mark is dropped, wherever it is.
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if let Some(ascii) = folded_latin(c) {
            out.push(ascii);
        } else {
            push_folded(c, &mut out);
        }
    }
    out
}

/// Latin-1 Supplement to Latin Extended-B, and Latin Extended Additional (where the
/// precomposed Vietnamese letters with tones live): every Vietnamese letter is in these.
const LATIN_RANGES: [(u32, u32); 2] = [(0x00C0, 0x024F), (0x1E00, 0x1EFF)];

/// Folded ASCII letter per code point of `LATIN_RANGES` (0 when the fold is not one ASCII
/// char), computed once from `push_folded` so the table cannot disagree with it. Saves the
/// lower-casing and decomposition look-ups on the hot path of indexing.
static LATIN_FOLD: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let mut table = Vec::new();
    for (first, last) in LATIN_RANGES {
        for cp in first..=last {
            let mut folded = String::new();
            if let Some(c) = char::from_u32(cp) {
                push_folded(c, &mut folded);
            }
            table.push(match folded.as_bytes() {
                [b] if b.is_ascii() => *b,
                _ => 0,
            });
        }
    }
    table
});

fn folded_latin(c: char) -> Option<char> {
    let cp = c as u32;
    let mut offset = 0;
    for (first, last) in LATIN_RANGES {
        if (first..=last).contains(&cp) {
            let b = LATIN_FOLD[offset + (cp - first) as usize];
            return (b != 0).then_some(b as char);
        }
        offset += (last - first + 1) as usize;
    }
    None
}

/// ă â ê ô ơ ư and the tone marks all decompose (NFD) to a base letter plus combining marks;
/// đ is a letter of its own in Unicode and needs its explicit mapping.
fn push_folded(c: char, out: &mut String) {
    if c == 'đ' || c == 'Đ' {
        out.push('d');
        return;
    }
    for lower in c.to_lowercase() {
        for d in lower.nfd() {
            if !is_combining_mark(d) {
                out.push(d);
            }
        }
    }
}

/// URL slug: folded, ASCII letters and digits kept, every other run turned into one `-`,
/// no leading or trailing `-`. "42/2022/NĐ-CP" → "42-2022-nd-cp"; "Đất đai" → "dat-dai".
/// Letters of other scripts are dropped (they would need percent-encoding in URLs); a title
/// with nothing left gives "" and the caller picks a fallback.
pub fn slugify(s: &str) -> String {
    let folded = fold(s);
    let mut out = String::with_capacity(folded.len());
    let mut pending_dash = false;
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c);
        } else {
            pending_dash = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_tones_vowel_marks_and_d() {
        assert_eq!(fold("Điều 141 Bộ luật Hình sự"), "dieu 141 bo luat hinh su");
        assert_eq!(fold("ĂÂÊÔƠƯ ăâêôơư"), "aaeoou aaeoou");
        assert_eq!(fold("Nghị định"), "nghi dinh");
        assert_eq!(
            fold("ẰẲẴẮẶ ỀỂỄẾỆ ỜỞỠỚỢ ỪỬỮỨỰ ỲỶỸÝỴ"),
            "aaaaa eeeee ooooo uuuuu yyyyy"
        );
        assert_eq!(
            fold("Quyết định số 1234/QĐ-UBND"),
            "quyet dinh so 1234/qd-ubnd"
        );
        assert_eq!(fold("PHÁP LUẬT"), "phap luat");
        assert_eq!(fold(""), "");
    }

    #[test]
    fn fast_table_agrees_with_the_slow_path() {
        for (first, last) in LATIN_RANGES {
            for c in (first..=last).filter_map(char::from_u32) {
                let mut slow = String::new();
                push_folded(c, &mut slow);
                if let Some(fast) = folded_latin(c) {
                    assert_eq!(slow, fast.to_string(), "U+{:04X}", c as u32);
                }
            }
        }
        assert_eq!(folded_latin('Ự'), Some('u'));
        assert_eq!(folded_latin('đ'), Some('d'));
        assert_eq!(
            folded_latin('Æ'),
            None,
            "æ folds to itself, not to one ASCII letter"
        );
        assert_eq!(fold("Æ"), "æ");
    }

    #[test]
    fn folds_decomposed_input_like_composed() {
        let decomposed = "Lua\u{0302}\u{0323}t đa\u{0300}o ta\u{0323}o";
        assert_eq!(fold(decomposed), "luat dao tao");
        assert_eq!(fold(decomposed), fold(&nfc(decomposed)));
    }

    #[test]
    fn nfc_composes_decomposed_input() {
        let decomposed = "Lua\u{0323}t"; // "Luạt" written with a combining dot below
        assert_eq!(nfc(decomposed), "Lu\u{1EA1}t");
        assert_eq!(nfc("Luật"), "Luật");
        // Tone mark and circumflex in either order compose to the same letter.
        assert_eq!(nfc("a\u{0302}\u{0323}"), nfc("a\u{0323}\u{0302}"));
        assert_eq!(nfc("a\u{0323}\u{0302}"), "ậ");
    }

    #[test]
    fn slugs_are_ascii_and_hyphenated() {
        assert_eq!(slugify("42/2022/NĐ-CP"), "42-2022-nd-cp");
        assert_eq!(slugify("Đất đai"), "dat-dai");
        assert_eq!(slugify("  Hỏi – đáp: pháp luật?  "), "hoi-dap-phap-luat");
        assert_eq!(
            slugify("Điều 5. Quyền và nghĩa vụ"),
            "dieu-5-quyen-va-nghia-vu"
        );
        assert_eq!(slugify("—"), "");
        assert_eq!(slugify(""), "");
    }
}
