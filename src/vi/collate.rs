//! Vietnamese collation (CLDR/ICU `vi`, domain-vn A7-04) as a byte sort key.
//!
//! Levels, compared in order:
//! 1. primary — the base letter in the Vietnamese alphabet a ă â b c d đ e ê (f) g h i (j) k l
//!    m n o ô ơ p q r s t u ư v (w) x y (z), case-insensitive. As in ICU's default
//!    ("non-ignorable"), spaces and punctuation are not skipped: they sort before digits, digits
//!    before letters (so "an toàn" < "ang", "Luật 2013" < "Luật Đất đai"). Letters of other
//!    scripts follow Latin in code-point order.
//! 2. secondary — the tone: không dấu < huyền < hỏi < ngã < sắc < nặng (the CLDR `vi` tailoring
//!    `&\u0300<<\u0309<<\u0303<<\u0301<<\u0323`); accents foreign to Vietnamese (ü, ç …) after.
//! 3. tertiary — lower case before upper case.
//! 4. identical — the string itself, so only equal strings compare equal and sorts are stable
//!    across runs whatever the input order.
//!
//! Why not `icu_collator`: checked 2.4 — it now offers sort keys, but it brings about twenty
//! crates (icu_normalizer, icu_properties with their data, zerovec/yoke/zerofrom with derive
//! macros) and baked collation data for every locale into a build done on 2-core CI machines,
//! while Vietnamese needs only the letter and tone tailorings above on top of a Latin order, and
//! we already carry unicode-normalization. The cost: scripts other than Latin sort by code point,
//! not by their UCA order — acceptable for Vietnamese legal titles.

use std::cmp::Ordering;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

const SPACE: u16 = 0x0001;
/// ASCII punctuation and symbols in their ICU root order; all sort before digits.
const PUNCTUATION: &str = "_-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$";
/// Non-ASCII symbols without their own slot share one weight (the identical level orders them).
const OTHER_SYMBOL: u16 = 0x00F0;
const DIGIT_ZERO: u16 = 0x0100;
const LATIN_FIRST: u16 = 0x0200;
const OTHER_SCRIPT_BASE: u32 = 0x0300;
/// The Latin alphabet with the Vietnamese letters in their place.
const ALPHABET: [char; 33] = [
    'a', 'ă', 'â', 'b', 'c', 'd', 'đ', 'e', 'ê', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    'ô', 'ơ', 'p', 'q', 'r', 's', 't', 'u', 'ư', 'v', 'w', 'x', 'y', 'z',
];

/// Tone rank (secondary weight − 1): không dấu 0, huyền 1, hỏi 2, ngã 3, sắc 4, nặng 5.
fn tone_rank(mark: char) -> Option<u8> {
    match mark {
        '\u{0300}' => Some(1),
        '\u{0309}' => Some(2),
        '\u{0303}' => Some(3),
        '\u{0301}' => Some(4),
        '\u{0323}' => Some(5),
        _ => None,
    }
}

/// Vowel modifiers that make ă â ê ô ơ ư letters of their own (primary difference).
fn modified_letter(base: char, mark: char) -> Option<char> {
    Some(match (base, mark) {
        ('a', '\u{0306}') => 'ă',
        ('a', '\u{0302}') => 'â',
        ('e', '\u{0302}') => 'ê',
        ('o', '\u{0302}') => 'ô',
        ('o', '\u{031B}') => 'ơ',
        ('u', '\u{031B}') => 'ư',
        _ => return None,
    })
}

/// Secondary weight of a combining mark that is neither a tone nor a Vietnamese modifier.
fn foreign_accent_weight(mark: char) -> u8 {
    let offset = (mark as u32).saturating_sub(0x0300).min(0xF0) as u8;
    7 + offset
}

fn primary_of_letter(letter: char) -> u16 {
    if let Some(i) = ALPHABET.iter().position(|&l| l == letter) {
        return LATIN_FIRST + i as u16;
    }
    (OTHER_SCRIPT_BASE + letter as u32).min(u16::MAX as u32) as u16
}

fn primary_of_symbol(c: char) -> u16 {
    let c = match c {
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        '\u{2018}' | '\u{2019}' => '\'',
        '\u{201C}' | '\u{201D}' | '«' | '»' => '"',
        '\u{2026}' => '.',
        _ => c,
    };
    match PUNCTUATION.find(c) {
        Some(i) if c.is_ascii() => 0x0010 + i as u16,
        _ => OTHER_SYMBOL,
    }
}

/// The collation elements of one key, level by level.
#[derive(Default)]
struct Levels {
    primary: Vec<u8>,
    secondary: Vec<u8>,
    tertiary: Vec<u8>,
}

impl Levels {
    fn push(&mut self, primary: u16, secondary: u8, upper: bool) {
        self.primary.extend_from_slice(&primary.to_be_bytes());
        self.secondary.push(secondary);
        self.tertiary.push(if upper { 2 } else { 1 });
    }

    /// A combining mark standing alone (decomposed input) modifies the letter before it.
    fn apply_mark(&mut self, mark: char) {
        let (Some(sec), Some(prim)) =
            (self.secondary.last_mut(), self.primary.len().checked_sub(2))
        else {
            return;
        };
        if let Some(t) = tone_rank(mark) {
            *sec = 1 + t;
            return;
        }
        let current = u16::from_be_bytes([self.primary[prim], self.primary[prim + 1]]);
        let base = current
            .checked_sub(LATIN_FIRST)
            .and_then(|i| ALPHABET.get(i as usize))
            .copied();
        match base.and_then(|b| modified_letter(b, mark)) {
            Some(letter) => {
                self.primary[prim..].copy_from_slice(&primary_of_letter(letter).to_be_bytes())
            }
            None => *sec = foreign_accent_weight(mark),
        }
    }

    fn push_letter(&mut self, c: char) {
        let lower = c.to_lowercase().next().unwrap_or(c);
        let upper = lower != c;
        if lower.is_ascii() {
            self.push(primary_of_letter(lower), 1, upper);
            return;
        }
        let mut decomposed = lower.nfd();
        let base = decomposed.next().unwrap_or(lower);
        let mut letter = base;
        let mut secondary = 1;
        for mark in decomposed {
            if let Some(t) = tone_rank(mark) {
                secondary = 1 + t;
            } else if let Some(l) = modified_letter(base, mark) {
                letter = l;
            } else {
                secondary = foreign_accent_weight(mark);
            }
        }
        self.push(primary_of_letter(letter), secondary, upper);
    }
}

/// A byte key whose byte order is the Vietnamese collation order of `s` (see the module doc).
/// Compute it once per element (`sort_by_cached_key`), not once per comparison.
pub fn collation_key(s: &str) -> Vec<u8> {
    let mut levels = Levels {
        primary: Vec::with_capacity(s.len() * 2),
        secondary: Vec::with_capacity(s.len()),
        tertiary: Vec::with_capacity(s.len()),
    };
    let mut after_space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            // A run of spaces is one word boundary: a double space typed by mistake must not
            // move a title in a list.
            if !after_space {
                levels.primary.extend_from_slice(&SPACE.to_be_bytes());
            }
            after_space = true;
            continue;
        }
        after_space = false;
        if is_combining_mark(c) {
            levels.apply_mark(c);
        } else if let Some(d) = c.to_digit(10).filter(|_| c.is_ascii_digit()) {
            levels.push(DIGIT_ZERO + d as u16, 1, false);
        } else if c.is_alphabetic() {
            levels.push_letter(c);
        } else {
            levels.push(primary_of_symbol(c), 1, false);
        }
    }
    // Every primary is ≥ 0x0001 and every other weight ≥ 1, so the zero separators end a level
    // below any continuation: a prefix sorts first ("Luật" < "Luật Đất đai").
    let mut key = levels.primary;
    key.extend_from_slice(&[0, 0]);
    key.extend(levels.secondary);
    key.push(0);
    key.extend(levels.tertiary);
    key.push(0);
    key.extend_from_slice(s.as_bytes());
    key
}

/// Compares two strings in Vietnamese order. For sorting many, prefer `sort_vi_by_key`.
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

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(words: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = words.iter().map(|s| s.to_string()).collect();
        sort_vi(&mut v);
        v
    }

    #[test]
    fn letters_follow_the_vietnamese_alphabet() {
        assert_eq!(
            sorted(&["bá", "ân", "ba", "ăn", "bà", "an"]),
            ["an", "ăn", "ân", "ba", "bà", "bá"]
        );
        assert_eq!(sorted(&["e", "đa", "da"]), ["da", "đa", "e"]);
        assert_eq!(sorted(&["ơ", "o", "ô"]), ["o", "ô", "ơ"]);
        assert_eq!(sorted(&["ư", "v", "u"]), ["u", "ư", "v"]);
        assert_eq!(sorted(&["ê", "f", "e", "g"]), ["e", "ê", "f", "g"]);
        // Primary beats secondary: any ă-word after every a-word, whatever the tones.
        assert_eq!(sorted(&["ăn", "ạz"]), ["ạz", "ăn"]);
    }

    #[test]
    fn tones_are_secondary_in_icu_order() {
        assert_eq!(
            sorted(&["mạ", "má", "mã", "mả", "mà", "ma"]),
            ["ma", "mà", "mả", "mã", "má", "mạ"]
        );
        // Base letters decide before tones: "bá" < "bb".
        assert_eq!(compare("bá", "bb"), Ordering::Less);
        // Tone on a modified vowel: ấ is â with sắc.
        assert_eq!(sorted(&["ấn", "ần", "ân"]), ["ân", "ần", "ấn"]);
    }

    #[test]
    fn legal_fields_sort_as_icu_vi() {
        assert_eq!(
            sorted(&[
                "Lao động",
                "Hình sự",
                "Giáo dục",
                "Hành chính",
                "Đất đai",
                "Dân sự"
            ]),
            [
                "Dân sự",
                "Đất đai",
                "Giáo dục",
                "Hành chính",
                "Hình sự",
                "Lao động"
            ]
        );
        assert_eq!(compare("an toàn", "ang"), Ordering::Less);
        assert_eq!(compare("Luật", "Luật Đất đai"), Ordering::Less);
    }

    #[test]
    fn case_is_tertiary() {
        assert_eq!(compare("Ba", "ba"), Ordering::Greater);
        assert_eq!(compare("Ba", "bà"), Ordering::Less);
        assert_eq!(compare("ĐẤT", "đất"), Ordering::Greater);
        assert_eq!(compare("Đất", "dat"), Ordering::Greater);
    }

    #[test]
    fn spaces_punctuation_digits_then_letters() {
        assert_eq!(sorted(&["a", "1", "-", " "]), [" ", "-", "1", "a"]);
        assert_eq!(compare("Luật 2013", "Luật Đất đai"), Ordering::Less);
        assert_ne!(compare("Luật  Đất đai", "Luật Đất đai"), Ordering::Equal);
        assert_eq!(
            collation_key("Luật  Đất")[..10],
            collation_key("Luật Đất")[..10],
            "a double space is one boundary at the primary level"
        );
    }

    #[test]
    fn decomposed_input_sorts_like_composed() {
        let composed = [
            "ma", "mà", "mả", "mã", "má", "mạ", "mâ", "mậ", "mă", "mơ", "mư",
        ];
        for c in composed {
            let decomposed: String = c.nfd().collect();
            // Everything but the identical level (the string's own bytes) must match.
            let k1 = collation_key(c);
            let k2 = collation_key(&decomposed);
            assert_eq!(
                k1[..k1.len() - c.len()],
                k2[..k2.len() - decomposed.len()],
                "{c}"
            );
        }
        assert_eq!(compare("ma\u{0300}", "mả"), Ordering::Less);
        assert_eq!(compare("ma\u{0302}", "mă"), Ordering::Greater);
    }

    #[test]
    fn only_equal_strings_compare_equal() {
        assert_eq!(compare("Đất đai", "Đất đai"), Ordering::Equal);
        assert_ne!(compare("a–b", "a-b"), Ordering::Equal);
        let once = sorted(&["x—y", "x-y", "x–y"]);
        assert_eq!(
            once,
            sorted(&["x–y", "x-y", "x—y"]),
            "order does not depend on input order"
        );
    }
}
