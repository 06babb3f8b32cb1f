//! The little XML the index writes: text and attribute escaping that also drops the characters
//! XML 1.0 forbids (a stray control character pasted from Word would otherwise make the whole
//! feed unreadable to the provincial aggregator), NFC on the way out, and absolute URLs built
//! from `base_url` with anything unsafe in a URL percent-encoded. Hand-written because the
//! feeds and sitemaps are flat and tiny; a general XML crate would add nothing but a dependency.

use std::fmt::Write as _;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// True for characters XML 1.0 (§2.2 `Char`) allows. C1 controls (U+007F–U+009F) are allowed
/// by the grammar but "discouraged" and never meant as text, so they are dropped too.
fn is_xml_char(c: char) -> bool {
    match c {
        '\t' | '\n' | '\r' => true,
        '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}' | '\u{FFFE}' | '\u{FFFF}' => false,
        _ => true,
    }
}

/// Appends `s` to `out` escaped for XML content or a quoted attribute value: the five special
/// characters become entities, forbidden characters are dropped, and the text is NFC.
pub fn push_escaped(out: &mut String, s: &str) {
    if is_nfc_quick(s.chars()) == IsNormalized::Yes {
        push_escaped_chars(out, s.chars());
    } else {
        push_escaped_chars(out, s.nfc());
    }
}

fn push_escaped_chars(out: &mut String, chars: impl Iterator<Item = char>) {
    for c in chars {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
}

/// Appends `<name>text</name>` on its own indented line.
pub fn push_element(out: &mut String, indent: &str, name: &str, text: &str) {
    out.push_str(indent);
    out.push('<');
    out.push_str(name);
    out.push('>');
    push_escaped(out, text);
    out.push_str("</");
    out.push_str(name);
    out.push_str(">\n");
}

/// The absolute URL of a site-root-relative `rel` (no leading slash; `""` is the home page)
/// under `base` (which ends in `/` and may carry a sub-path). Characters that may not appear
/// raw in a URL are percent-encoded as UTF-8; existing `%XX` escapes are kept.
pub fn absolute_url(base: &str, rel: &str) -> String {
    let rel = rel.trim_start_matches('/');
    let mut out = String::with_capacity(base.len() + rel.len() + 1);
    out.push_str(base);
    if !base.ends_with('/') && !rel.is_empty() {
        out.push('/');
    }
    push_percent_encoded(&mut out, rel);
    out
}

/// Encodes every byte that RFC 3986 does not allow unescaped in a path, query or fragment
/// (non-ASCII, space, controls, `"<>\^`{|}`) and keeps the rest, including `%`, as written.
fn push_percent_encoded(out: &mut String, s: &str) {
    for &b in s.as_bytes() {
        let keep = b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?#%[]".contains(&b);
        if keep {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escape(s: &str) -> String {
        let mut out = String::new();
        push_escaped(&mut out, s);
        out
    }

    #[test]
    fn escapes_the_five_specials_and_drops_forbidden_characters() {
        assert_eq!(
            escape("A & B <c> \"d\" 'e'\u{0}\u{8}\u{B}\u{1B}\u{85}\u{FFFE}\tf\n"),
            "A &amp; B &lt;c&gt; &quot;d&quot; &apos;e&apos;\tf\n"
        );
    }

    #[test]
    fn escaping_normalises_to_nfc() {
        let decomposed = "Lua\u{0323}\u{0302}t đa\u{0302}\u{0301}t đai";
        assert_eq!(escape(decomposed), "Luật đất đai");
        assert_eq!(escape("Luật đất đai"), "Luật đất đai");
    }

    #[test]
    fn absolute_urls_keep_the_sub_path_and_encode_what_must_be() {
        let base = "https://stp.example.gov.vn/pbgdpl/";
        assert_eq!(absolute_url(base, ""), base);
        assert_eq!(
            absolute_url(base, "van-ban/42-2022-nd-cp/"),
            "https://stp.example.gov.vn/pbgdpl/van-ban/42-2022-nd-cp/"
        );
        assert_eq!(
            absolute_url(base, "tep/văn bản <1>.pdf"),
            "https://stp.example.gov.vn/pbgdpl/tep/v%C4%83n%20b%E1%BA%A3n%20%3C1%3E.pdf"
        );
        assert_eq!(
            absolute_url(base, "a%20b/"),
            "https://stp.example.gov.vn/pbgdpl/a%20b/"
        );
        assert_eq!(absolute_url("https://x.vn/p", "a/"), "https://x.vn/p/a/");
    }
}
