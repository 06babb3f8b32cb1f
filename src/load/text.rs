//! Turning file bytes into clean text: UTF-8 checked (the error names the line of the first bad
//! byte), BOM stripped, CRLF/CR line ends made LF, and front matter split from the body with
//! the line numbers each part starts on.

use crate::vi;
use serde_json::Value;

/// The first line holding an invalid UTF-8 byte (1-based), when the bytes are not UTF-8.
pub fn decode(bytes: Vec<u8>) -> Result<String, usize> {
    match String::from_utf8(bytes) {
        Ok(s) => Ok(clean(s)),
        Err(e) => {
            let upto = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            Err(1 + bytes[..upto].iter().filter(|&&b| b == b'\n').count())
        }
    }
}

fn clean(s: String) -> String {
    let s = match s.strip_prefix('\u{FEFF}') {
        Some(rest) => rest.to_string(),
        None => s,
    };
    if s.contains('\r') {
        s.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        s
    }
}

/// A Markdown file cut in two.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// Line of the closing `---` (where a missing field is reported).
    pub close_line: usize,
    pub body: &'a str,
    /// Line of the body's first line.
    pub body_line: usize,
}

#[derive(Debug, PartialEq, Eq)]
pub enum SplitError {
    /// The file does not start with `---`.
    NoFrontMatter,
    /// `---` opens front matter that never closes.
    Unclosed,
}

fn is_fence(line: &str) -> bool {
    line.trim_end() == "---"
}

/// Front matter is everything between a first line `---` and the next `---` line; the YAML
/// starts on line 2 of the file.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let first_end = text.find('\n').unwrap_or(text.len());
    if !is_fence(&text[..first_end]) {
        return Err(SplitError::NoFrontMatter);
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut offset = yaml_start;
    let mut line = 2;
    while offset < text.len() {
        let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        if is_fence(&text[offset..end]) {
            let body_start = (end + 1).min(text.len());
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                close_line: line,
                body: &text[body_start..],
                body_line: line + 1,
            });
        }
        offset = end + 1;
        line += 1;
    }
    Err(SplitError::Unclosed)
}

/// True when `s` is certainly NFC because every char is below U+0300 (no char there has
/// NFC_Quick_Check other than Yes), in the Vietnamese precomposed block U+1EA0–U+1EF9, or a
/// common dash/quote. Vietnamese prose passes this byte-cheap test, so the full Unicode
/// quick check only runs on the rare text that needs it.
fn surely_nfc(s: &str) -> bool {
    // Works on the UTF-8 bytes (the string is valid UTF-8, so every lead byte is followed by
    // its continuation bytes): lead bytes below 0xCC encode U+0080–U+02FF.
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            0x00..=0x7F => i += 1,
            0xC2..=0xCB => i += 2,
            0xE1 if (b[i + 1] == 0xBA && b[i + 2] >= 0xA0)
                || (b[i + 1] == 0xBB && b[i + 2] <= 0xB9) =>
            {
                i += 3
            }
            0xE2 if b[i + 1] == 0x80 && (0x90..=0xA7).contains(&b[i + 2]) => i += 3,
            _ => return false,
        }
    }
    true
}

/// The text in NFC, without copying when it already is.
pub fn nfc_owned(s: String) -> String {
    if surely_nfc(&s) {
        s
    } else {
        vi::nfc(&s)
    }
}

/// Every string in the value (and every key) in NFC.
pub fn nfc_value(v: &mut Value) {
    match v {
        Value::String(s) if !s.is_ascii() => *s = nfc_owned(std::mem::take(s)),
        Value::Array(a) => a.iter_mut().for_each(nfc_value),
        Value::Object(m) => {
            if m.keys().any(|k| !k.is_ascii()) {
                let old = std::mem::take(m);
                for (k, mut val) in old {
                    nfc_value(&mut val);
                    m.insert(vi::nfc(&k), val);
                }
            } else {
                m.values_mut().for_each(nfc_value);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_with_line_numbers() {
        let s = split("---\na: 1\nb: 2\n---\n\nThân bài\n").unwrap();
        assert_eq!(s.yaml, "a: 1\nb: 2\n");
        assert_eq!(s.close_line, 4);
        assert_eq!(s.body, "\nThân bài\n");
        assert_eq!(s.body_line, 5);
        let empty = split("---\n---\n").unwrap();
        assert_eq!((empty.yaml, empty.close_line, empty.body), ("", 2, ""));
        assert_eq!(split("---  \nx: 1\n---").unwrap().yaml, "x: 1\n");
    }

    #[test]
    fn missing_or_unclosed_front_matter() {
        assert_eq!(split("# Tiêu đề\n"), Err(SplitError::NoFrontMatter));
        assert_eq!(split("---\na: 1\n"), Err(SplitError::Unclosed));
        assert_eq!(split(""), Err(SplitError::NoFrontMatter));
    }

    #[test]
    fn decode_reports_the_line_of_the_bad_byte_and_cleans() {
        assert_eq!(decode(b"a\nb\n\xff\n".to_vec()), Err(3));
        assert_eq!(
            decode(b"\xEF\xBB\xBFa\r\nb".to_vec()),
            Ok("a\nb".to_string())
        );
    }

    #[test]
    fn the_fast_nfc_test_only_accepts_nfc_chars() {
        use unicode_normalization::is_nfc;
        let ranges = [(0u32, 0x2FF), (0x1EA0, 0x1EF9), (0x2010, 0x2027)];
        for (lo, hi) in ranges {
            for c in (lo..=hi).filter_map(char::from_u32) {
                assert!(is_nfc(&c.to_string()), "U+{:04X}", c as u32);
            }
        }
        assert!(surely_nfc(
            "Luật Phổ biến, giáo dục pháp luật – 2012 “Ỳ” ỹ Ạ"
        ));
        for c in [
            '\u{0300}', '\u{1E9F}', '\u{1EFA}', '\u{2028}', '\u{200F}', '\u{2000}', '😀',
        ] {
            assert!(!surely_nfc(&format!("a{c}")), "U+{:04X}", c as u32);
        }
        assert!(!surely_nfc("Lua\u{0323}t"));
        assert_eq!(nfc_owned("Lua\u{0323}t".into()), "Lu\u{1EA1}t");
    }

    #[test]
    fn nfc_reaches_nested_strings() {
        let mut v = serde_json::json!({"a": ["Lua\u{0323}t"], "b": {"c": "Lua\u{0323}t"}});
        nfc_value(&mut v);
        assert_eq!(v["a"][0], "Lu\u{1EA1}t");
        assert_eq!(v["b"]["c"], "Lu\u{1EA1}t");
    }
}
