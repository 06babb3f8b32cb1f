//! Search text normalisation and tokenisation, shared rule for rule with the browser client
//! (`themes/default/static/search/engine.js`, functions `exactForm`, `syllables`, `docNumbers`):
//! NFC, legacy `Ð/ð` mapped to `Đ/đ`, zero-width characters and soft hyphens removed, lower
//! case, one tone-placement style (`hoà` → `hòa`, `thuý` → `thúy`), then folding (marks dropped,
//! `đ`→`d`) with the exact form kept as the spelling variant. Any change here must be mirrored
//! in the client, or queries stop matching the index.

use crate::vi;
use regex::Regex;
use std::sync::{LazyLock, OnceLock};
use unicode_normalization::UnicodeNormalization;

/// One syllable (maximal run of letters and digits) of a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Syllable {
    /// Lower case, NFC, canonical tone placement: `hòa`.
    pub exact: String,
    /// `exact` without marks and with `đ`→`d`: `hoa`.
    pub folded: String,
    /// True when only white space (or a comma: `phòng, chống` is typed `phong chong`)
    /// separates it from the previous syllable, so the two form a bigram; other punctuation
    /// (`.`, `;`, `/`, `-`, line breaks …) breaks the phrase.
    pub joined: bool,
}

/// Letters and digits (Unicode Alphabetic or Numeric, like the client's
/// `[\p{Alphabetic}\p{N}]`), with the Latin blocks Vietnamese uses answered without the
/// Unicode table look-up.
fn is_word_char(c: char) -> bool {
    match c as u32 {
        0..=0x7f => c.is_ascii_alphanumeric(),
        // Latin-1 letters (à á â è é ê …) and signs (« » – “ ”) from a table.
        cp @ 0x80..=0xff => LATIN1_WORD[cp as usize - 0x80],
        0x100..=0x24f | 0x1e00..=0x1eff => true,
        // General Punctuation (– — ‘ ’ “ ” … ‰) holds no letter or digit.
        0x2000..=0x206f => false,
        _ => c.is_alphanumeric(),
    }
}

static LATIN1_WORD: LazyLock<[bool; 0x80]> = LazyLock::new(|| {
    let mut t = [false; 0x80];
    for (i, w) in t.iter_mut().enumerate() {
        *w = char::from_u32(0x80 + i as u32).is_some_and(char::is_alphanumeric);
    }
    t
});

/// The five Vietnamese tone marks as combining characters.
const TONE_MARKS: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// Lower case, NFC, `Ð/ð`→`đ`, invisible characters removed, tone placement canonical.
pub fn exact_form(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .filter(|c| !REMOVED.contains(c))
        .map(legacy_d)
        .collect();
    let lower = vi::nfc(&cleaned).to_lowercase();
    let mut out = String::with_capacity(lower.len());
    let mut word = String::new();
    for c in lower.chars() {
        if is_word_char(c) {
            word.push(c);
        } else {
            flush_word(&mut word, &mut out);
            out.push(c);
        }
    }
    flush_word(&mut word, &mut out);
    out
}

fn flush_word(word: &mut String, out: &mut String) {
    if !word.is_empty() {
        if may_need_tone_move(word) {
            out.push_str(&canonical_tone(word));
        } else {
            out.push_str(word);
        }
        word.clear();
    }
}

/// Cheap filter for `canonical_tone`: only non-ASCII words ending in a toned a, e or y
/// (after an o or u) can change, which spares the decomposition for almost every syllable.
fn may_need_tone_move(word: &str) -> bool {
    let mut rev = word.chars().rev();
    let (Some(last), Some(prev)) = (rev.next(), rev.next()) else {
        return false;
    };
    if last.is_ascii() || !matches!(prev, 'o' | 'u') {
        return false;
    }
    let mut base = None;
    unicode_normalization::char::decompose_canonical(last, |d| {
        base.get_or_insert(d);
    });
    matches!(base, Some('a' | 'e' | 'y'))
}

/// Moves the tone of an open `oa`/`oe`/`uy` ending onto the first vowel (`hoà`→`hòa`,
/// `thuý`→`thúy`, `khoẻ`→`khỏe`), the placement most legal texts use. `quý` keeps its tone on
/// `y` because `qu` is the onset there, and closed syllables (`hoàn`) are the same in both styles.
pub fn canonical_tone(word: &str) -> String {
    if word.is_ascii() {
        return word.to_string();
    }
    let decomposed: Vec<char> = word.nfd().collect();
    let Some(tone) = decomposed.iter().copied().find(|c| TONE_MARKS.contains(c)) else {
        return word.to_string();
    };
    let base: Vec<char> = decomposed
        .iter()
        .copied()
        .filter(|c| !TONE_MARKS.contains(c))
        .collect::<String>()
        .nfc()
        .collect();
    let n = base.len();
    if n < 2 {
        return word.to_string();
    }
    let pair = (base[n - 2], base[n - 1]);
    let open_glide = matches!(pair, ('o', 'a') | ('o', 'e'))
        || (pair == ('u', 'y') && (n < 3 || base[n - 3] != 'q'));
    if !open_glide {
        return word.to_string();
    }
    let mut rebuilt = String::with_capacity(word.len() + 2);
    for (i, c) in base.iter().enumerate() {
        rebuilt.push(*c);
        if i == n - 2 {
            rebuilt.push(tone);
        }
    }
    rebuilt.nfc().collect()
}

/// `exact_form` folded: marks dropped, `đ`→`d`.
pub fn fold(exact: &str) -> String {
    vi::fold(exact)
}

/// The syllables of an already `exact_form`ed text, with phrase joins.
pub fn syllables(exact: &str) -> Vec<Syllable> {
    let mut out = Vec::new();
    for_each_syllable(exact, |w, joined| {
        out.push(Syllable {
            exact: w.to_string(),
            folded: fold(w),
            joined,
        })
    });
    out
}

/// Calls `f(syllable, joined)` for each syllable of an `exact_form`ed text, without
/// allocating (the indexer's hot loop).
pub fn for_each_syllable(exact: &str, mut f: impl FnMut(&str, bool)) {
    let mut start: Option<usize> = None;
    let mut joined = false;
    let mut seen_word = false;
    for (i, c) in exact.char_indices() {
        if is_word_char(c) {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            f(&exact[s..i], joined && seen_word);
            seen_word = true;
            joined = true;
        }
        if !is_phrase_space(c) {
            joined = false;
        }
    }
    if let Some(s) = start {
        f(&exact[s..], joined && seen_word);
    }
}

/// Whether `exact_form` of a text is the text's characters each lower-cased on their own (the
/// tone placement fixed per word), so a caller may tokenise the raw text and normalise each
/// distinct word once (`exact_form(word)`) instead of the whole text. True when every
/// character is context-free (`context_free`): the text is then NFC already, nothing is
/// removed, and lower-casing keeps the word boundaries and phrase separators where they are.
pub fn is_context_free(text: &str) -> bool {
    text.chars().all(|c| c.is_ascii() || context_free(c))
}

/// A text's syllable count (the words `for_each_syllable(&exact_form(text))` walks) and whether
/// it is context-free (`is_context_free`), in one pass over its characters when it is.
pub fn scan(text: &str) -> (u32, bool) {
    let mut count = 0;
    let mut in_word = false;
    for c in text.chars() {
        if !(c.is_ascii() || context_free(c)) {
            let mut n = 0;
            for_each_syllable(&exact_form(text), |_, _| n += 1);
            return (n, false);
        }
        let word = is_word_char(c);
        count += u32::from(word && !in_word);
        in_word = word;
    }
    (count, true)
}

/// A non-ASCII character whose exact form does not depend on its neighbours: NFC on its own
/// with no combining class (so it neither composes nor reorders), not one of the characters
/// `exact_form` removes, lower-cased to exactly one character of the same kind (word
/// character or not; a separator lower-cases to itself), and not `Σ` (its lower case depends
/// on the word end). The Latin letters Vietnamese uses are answered from a table.
fn context_free(c: char) -> bool {
    let cp = c as u32;
    match cp {
        0x80..=0x24f => LATIN_CONTEXT_FREE[cp as usize - 0x80],
        0x1e00..=0x1eff => LATIN_CONTEXT_FREE[cp as usize - 0x1e00 + 0x1d0],
        _ => context_free_slow(c),
    }
}

static LATIN_CONTEXT_FREE: LazyLock<Vec<bool>> = LazyLock::new(|| {
    (0x80..=0x24f)
        .chain(0x1e00..=0x1eff)
        .map(|cp| char::from_u32(cp).is_some_and(context_free_slow))
        .collect()
});

fn context_free_slow(c: char) -> bool {
    use unicode_normalization::char::{canonical_combining_class, is_combining_mark};
    use unicode_normalization::{is_nfc_quick, IsNormalized};
    if c == 'Σ' || REMOVED.contains(&c) || is_combining_mark(c) {
        return false;
    }
    if canonical_combining_class(c) != 0 || is_nfc_quick(std::iter::once(c)) != IsNormalized::Yes {
        return false;
    }
    let mapped = legacy_d(c);
    let mut lower = mapped.to_lowercase();
    let (Some(l), None) = (lower.next(), lower.next()) else {
        return false;
    };
    if is_word_char(c) {
        is_word_char(l)
    } else {
        l == c
    }
}

/// Characters `exact_form` drops: zero-width space, joiners, word joiner, BOM, soft hyphen.
const REMOVED: [char; 6] = [
    '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{AD}',
];

fn legacy_d(c: char) -> char {
    if c == 'Ð' || c == 'ð' {
        'đ'
    } else {
        c
    }
}

/// One piece of a context-free text (`is_context_free`), in order.
pub enum Token<'a> {
    /// A raw (not yet normalised) word; `joined` as in `Syllable::joined`.
    Word(&'a str, bool),
    /// A character between words.
    Separator(char),
}

/// Walks a context-free text as `for_each_syllable(&exact_form(text))` would, but over the raw
/// words: each word's exact form is `exact_form(word)`, and separators are their own exact form.
pub fn for_each_token(text: &str, mut f: impl FnMut(Token)) {
    let mut start: Option<usize> = None;
    let mut joined = false;
    let mut seen_word = false;
    for (i, c) in text.char_indices() {
        if is_word_char(c) {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            f(Token::Word(&text[s..i], joined && seen_word));
            seen_word = true;
            joined = true;
        }
        if !is_phrase_space(c) {
            joined = false;
        }
        f(Token::Separator(c));
    }
    if let Some(s) = start {
        f(Token::Word(&text[s..], joined && seen_word));
    }
}

/// White space or a comma: what may separate the two syllables of a bigram.
fn is_phrase_space(c: char) -> bool {
    c == ' ' || c == '\t' || c == '\u{a0}' || c == ','
}

/// A document number found in folded text: `100/2019/nd-cp` → number `100`, year `2019`,
/// code `nd-cp`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocNumber {
    pub number: String,
    pub year: Option<String>,
    pub code: Option<String>,
}

impl DocNumber {
    /// Index terms (prefixed `#`, so they never collide with syllables): `#100/nd-cp`,
    /// `#100/2019`, `#nd-cp`.
    pub fn terms(&self) -> Vec<String> {
        let mut t = Vec::with_capacity(3);
        if let Some(code) = &self.code {
            t.push(format!("#{}/{}", self.number, code));
            t.push(format!("#{code}"));
        }
        if let Some(year) = &self.year {
            t.push(format!("#{}/{}", self.number, year));
        }
        t
    }
}

fn doc_number_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // The slash is required by the pattern itself (year, code or both), so every number in
        // the text that is not a document number fails in the DFA, before any capture work.
        const CODE: &str = r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*";
        Regex::new(&format!(
            r"(?:^|[^0-9a-z/])([0-9]+[a-z]?)(?:/((?:19|20)[0-9]{{2}})(?:/({CODE}))?|/({CODE}))"
        ))
        .expect("valid regex")
    })
}

/// `fold(&exact_form(text))` of a context-free text (`is_context_free`), without building
/// the exact form: folding drops the marks whose placement `exact_form` fixes and lower-cases
/// each character as `exact_form` does in such a text, so only the legacy `Ð/ð` needs it.
pub fn fold_context_free(text: &str) -> String {
    if text.contains(['Ð', 'ð']) {
        fold(&exact_form(text))
    } else {
        fold(text)
    }
}

/// The white-space-separated chunks of `text` that hold a `/`, in order: the only places a
/// document number can be (`doc_numbers` needs the slash and matches no white space). Found
/// from each slash outwards, so a body is searched for one byte instead of walked character
/// by character.
pub fn slash_chunks(text: &str, mut f: impl FnMut(&str)) {
    let mut from = 0;
    while let Some(slash) = text[from..].find('/').map(|i| from + i) {
        let before = text[from..slash].rsplit(char::is_whitespace).next();
        let after = text[slash..].split(char::is_whitespace).next();
        let start = slash - before.map_or(0, str::len);
        let end = slash + after.map_or(0, str::len);
        f(&text[start..end]);
        from = end;
    }
}

/// Document numbers in folded text: `N/YYYY/CODE`, `N/CODE`, `N/YYYY` (a bare number is not one).
pub fn doc_numbers(folded: &str) -> Vec<DocNumber> {
    doc_number_re()
        .captures_iter(folded)
        .map(|c| DocNumber {
            number: c[1].to_string(),
            year: c.get(2).map(|m| m.as_str().to_string()),
            code: c
                .get(3)
                .or_else(|| c.get(4))
                .map(|m| m.as_str().to_string()),
        })
        .collect()
}

/// The article term of a heading that starts `Điều N` (`#dieu-141`): what citizens type as
/// `Điều 141` finds the article itself, not every text that cites it.
pub fn article_term(title_syllables: &[Syllable]) -> Option<String> {
    match title_syllables {
        [d, n, ..] => article_term_of(&d.folded, &n.folded, n.joined),
        _ => None,
    }
}

/// `article_term` from the folded first two syllables of a heading.
pub fn article_term_of(first: &str, second: &str, second_joined: bool) -> Option<String> {
    (first == "dieu" && second_joined && second.starts_with(|c: char| c.is_ascii_digit()))
        .then(|| format!("#dieu-{second}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_a_context_free_text_needs_no_exact_form() {
        for t in [
            "45/2019/QH14,",
            "Nghị-định/NĐ-CP",
            "HOÀ/Thuý/khoẻ",
            "Ðiều/ð",
            "ĐẤT/đai",
            "«12/2020/TT-BTP»",
        ] {
            assert!(is_context_free(t), "{t}");
            assert_eq!(fold_context_free(t), fold(&exact_form(t)), "{t}");
        }
    }

    #[test]
    fn slash_chunks_are_the_white_space_separated_pieces_with_a_slash() {
        let chunks = |t: &str| {
            let mut v = Vec::new();
            slash_chunks(t, |c| v.push(c.to_string()));
            v
        };
        assert_eq!(
            chunks("Luật số 45/2019/QH14,\u{a0}Nghị định 100/NĐ-CP và a/b/c"),
            ["45/2019/QH14,", "100/NĐ-CP", "a/b/c"]
        );
        assert_eq!(chunks("/đầu cuối/"), ["/đầu", "cuối/"]);
        assert_eq!(chunks("x\u{3000}1/2\u{2003}y"), ["1/2"]);
        assert!(chunks("không có gạch chéo").is_empty());
    }

    #[test]
    fn exact_form_unifies_case_nfd_legacy_d_and_tone_placement() {
        assert_eq!(exact_form("Hoà GIẢI"), "hòa giải");
        assert_eq!(exact_form("Ðăng ký"), "đăng ký");
        assert_eq!(exact_form("Lua\u{0323}t\u{200B}"), "luạt");
        assert_eq!(exact_form("thuý khoẻ quý hoàn"), "thúy khỏe quý hoàn");
        assert_eq!(fold(&exact_form("Đất ĐAI")), "dat dai");
    }

    #[test]
    fn syllables_join_across_white_space_and_commas_only() {
        let s = syllables(&exact_form("Luật Đất đai, số 31/2024/QH15"));
        let folded: Vec<_> = s.iter().map(|x| (x.folded.as_str(), x.joined)).collect();
        assert_eq!(
            folded,
            [
                ("luat", false),
                ("dat", true),
                ("dai", true),
                ("so", true),
                ("31", true),
                ("2024", false),
                ("qh15", false)
            ]
        );
    }

    /// `exact_form` rebuilt from the token walk (each word normalised on its own).
    fn exact_by_tokens(text: &str) -> String {
        let mut out = String::new();
        for_each_token(text, |t| match t {
            Token::Word(w, _) => out.push_str(&exact_form(w)),
            Token::Separator(c) => out.push(c),
        });
        out
    }

    #[test]
    fn word_characters_are_unicode_letters_and_digits() {
        for c in (0u32..0x3000).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn context_free_texts_normalise_word_by_word() {
        let texts = [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
            "Ðiều 5. HOÀ giải, THUÝ «khoẻ»\u{a0}quý – “Số: 225/QĐ-BLĐTBXH” … ½ ² ÆØÅ ǅ",
            "Ǆ ǈ ǋ ǲ ẞ ß ĳ Ĳ ı İ ſ K Å Ω ﬁ Σ ς",
            "Lua\u{0323}t",
            "a\u{200B}b",
            "Ελληνικά ΣΟΣ 中文 한국어",
        ];
        for t in texts {
            if is_context_free(t) {
                assert_eq!(exact_by_tokens(t), exact_form(t), "{t:?}");
            }
            let mut walked = Vec::new();
            if is_context_free(t) {
                for_each_token(t, |tok| {
                    if let Token::Word(w, j) = tok {
                        walked.push((exact_form(w), j));
                    }
                });
                let mut direct = Vec::new();
                for_each_syllable(&exact_form(t), |w, j| direct.push((w.to_string(), j)));
                assert_eq!(walked, direct, "{t:?}");
            }
        }
        for t in texts {
            let mut n = 0;
            for_each_syllable(&exact_form(t), |_, _| n += 1);
            assert_eq!(scan(t), (n, is_context_free(t)), "{t:?}");
        }
        assert!(is_context_free(texts[0]) && is_context_free(texts[1]));
        assert!(!is_context_free("Lua\u{0323}t") && !is_context_free("a\u{200B}b"));
        assert!(!is_context_free("ΣΟΣ") && !is_context_free("İ"));
    }

    #[test]
    fn every_context_free_character_normalises_alone_as_in_context() {
        for c in (0x80u32..0x3000).filter_map(char::from_u32) {
            if !is_context_free(&c.to_string()) {
                continue;
            }
            for t in [
                format!("A{c}b {c}, X{c}"),
                format!("{c}{c} đ{c}Đ"),
                format!("hoa{c} Ho{c}"),
            ] {
                assert_eq!(
                    exact_by_tokens(&t),
                    exact_form(&t),
                    "U+{:04X} in {t:?}",
                    c as u32
                );
            }
        }
    }

    #[test]
    fn document_numbers_are_recognised_in_their_usual_shapes() {
        let d = doc_numbers("nghi dinh 100/2019/nd-cp va 471/qd-ttg, nam 471/2019; dieu 5");
        assert_eq!(d.len(), 3);
        assert_eq!(d[0].terms(), ["#100/nd-cp", "#nd-cp", "#100/2019"]);
        assert_eq!(d[1].terms(), ["#471/qd-ttg", "#qd-ttg"]);
        assert_eq!(d[2].terms(), ["#471/2019"]);
        assert!(doc_numbers("dieu 141 khoan 2").is_empty());
        assert_eq!(
            article_term(&syllables("điều 141. tội hiếp dâm")).as_deref(),
            Some("#dieu-141")
        );
        assert_eq!(article_term(&syllables("chương 141")), None);
    }
}
