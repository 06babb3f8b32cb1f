//! The số ký hiệu grammar of domain-vn §B2 (ND 30/2020 Phụ lục I; ND 34/2016 Đ.58): VBQPPL
//! `42/2022/NĐ-CP`, administrative `7296/KH-UBND`, công văn `44/UBND-CNTT`, consolidated
//! `26/VBHN-VPQH` and Party `16-NQ/TW`. Letters are matched with Unicode classes so `Đ` and
//! the mixed-case ND 30 codes (`QyĐ`, `CTr`, `TrS`) pass; en/em dashes are read as `-` (A7-08)
//! but the editor's spelling is kept for display. Two looser forms exist only because real
//! gazette data has them (see `parse`).

use crate::model::NumberForm;
use crate::vi;
use regex::Regex;
use std::sync::OnceLock;

/// A number that follows the grammar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parsed {
    pub form: NumberForm,
    /// NFC, ASCII dashes, upper case: the comparison key (A7-08).
    pub key: String,
    /// The year written in a VBQPPL number (`2022` in `42/2022/NĐ-CP`).
    pub year: Option<i32>,
}

/// Why a number does not parse, and what it probably should be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub hint: String,
    pub suggestion: Option<String>,
}

/// Type abbreviations of ND 30/2020 Phụ lục III (administrative documents) and of the VBQPPL
/// system. A number whose first group after `/` is one of these is administrative; otherwise
/// the group is an issuer and the document is a công văn.
const TYPE_CODES: &[&str] = &[
    "NQ", "QĐ", "CT", "QC", "QYĐ", "TC", "TB", "HD", "CTR", "KH", "PA", "ĐA", "DA", "BC", "BB",
    "TTR", "HĐ", "CĐ", "BGN", "BTT", "GUQ", "GM", "GGT", "GNP", "PG", "PC", "PB", "SY", "TRS",
    "SL", "NĐ", "TT", "TTLT", "NQLT", "L", "PL", "LCT", "QĐLT",
];

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("valid số ký hiệu pattern"))
}

/// `-`-joined groups of letters/digits, the first starting with an upper-case letter. A
/// trailing `-` is tolerated: the national gazette has `01/2022/TTLT-VKSNDTC-`.
const GROUPS: &str = r"\p{Lu}[\p{L}\d]*(?:-[\p{Lu}\d][\p{L}\d]*)*-?";

fn vbqppl() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        &format!(r"^\d{{1,5}}(?:\.\d+)?/((?:19|20)\d{{2}})/{GROUPS}$"),
    )
}

fn hop_nhat() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"^\d{1,5}/VBHN-\p{Lu}[\p{L}\d]*$")
}

fn party() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"^\d{1,4}-\p{Lu}{2,3}/\p{Lu}[\p{L}\d]*$")
}

fn administrative() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"^\d{1,5}/(\p{Lu}[\p{L}&]*)(?:-[\p{Lu}\d][\p{L}\d]*)+$")
}

fn bare_number() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"^\d{1,5}$")
}

/// NFC, trimmed, with every dash-like character (en/em dash, minus, hyphen) as ASCII `-`.
pub fn normalize_dashes(s: &str) -> String {
    vi::nfc(s.trim())
        .chars()
        .map(|c| match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE63}' | '\u{FF0D}' => '-',
            c => c,
        })
        .collect()
}

/// The comparison key of any number (also of cited numbers that do not parse).
/// The comparison key: dashes unified, upper case, and Đ taken as D, because numbers typed
/// without the stroke (`42/2022/ND-CP`) name the same document as `42/2022/NĐ-CP`.
pub fn key(s: &str) -> String {
    normalize_dashes(s).to_uppercase().replace('Đ', "D")
}

pub fn parse(raw: &str) -> Result<Parsed, Problem> {
    let s = normalize_dashes(raw);
    let key = key(raw);
    let parsed = |form, year| Parsed {
        form,
        key: key.clone(),
        year,
    };
    if let Some(c) = vbqppl().captures(&s) {
        return Ok(parsed(NumberForm::Vbqppl, c[1].parse().ok()));
    }
    if hop_nhat().is_match(&s) {
        return Ok(parsed(NumberForm::HopNhat, None));
    }
    if party().is_match(&s) {
        return Ok(parsed(NumberForm::Dang, None));
    }
    if let Some(c) = administrative().captures(&s) {
        let first = c[1].to_uppercase();
        let form = if TYPE_CODES.contains(&first.as_str()) {
            NumberForm::HanhChinh
        } else {
            NumberForm::CongVan
        };
        return Ok(parsed(form, None));
    }
    // Real gazette data has numbers whose ký hiệu was lost (`372` for 372/QĐ-BTC); they are
    // kept rather than failing real data, under the stricter (number, year) uniqueness rule.
    if bare_number().is_match(&s) {
        return Ok(parsed(NumberForm::CongVan, None));
    }
    Err(problem(&s))
}

/// Explains the most likely mistake and, when a simple repair makes the number valid, offers it.
fn problem(s: &str) -> Problem {
    let repairs = [
        s.trim_start_matches(|c: char| !c.is_ascii_digit())
            .to_string(),
        s.replace(" - ", "-").replace(' ', "-"),
        s.replace(' ', ""),
        s.to_uppercase(),
    ];
    let suggestion = repairs
        .into_iter()
        .find(|r| r != s && !r.is_empty() && parse_strict(r));
    let hint = if s.is_empty() {
        "số ký hiệu đang để trống".to_string()
    } else if s.contains(' ') {
        "số ký hiệu không được có dấu cách".to_string()
    } else if s.contains("//") {
        "có hai dấu `/` liền nhau: thiếu năm ban hành hoặc ký hiệu ở giữa".to_string()
    } else if !s.starts_with(|c: char| c.is_ascii_digit()) {
        "số ký hiệu phải bắt đầu bằng số thứ tự của văn bản".to_string()
    } else if !s.contains('/') {
        "thiếu dấu `/` giữa số và ký hiệu".to_string()
    } else if s.chars().any(|c| c.is_lowercase()) && parse_strict(&s.to_uppercase()) {
        "chữ viết tắt trong ký hiệu phải viết hoa theo Nghị định 30/2020/NĐ-CP".to_string()
    } else {
        "không đúng dạng số ký hiệu theo Nghị định 30/2020/NĐ-CP".to_string()
    };
    Problem { hint, suggestion }
}

fn parse_strict(s: &str) -> bool {
    parse(s).is_ok()
}

/// The forms, with examples, for messages.
pub const FORMS_HELP: &str = "dạng hợp lệ: văn bản quy phạm pháp luật `42/2022/NĐ-CP`, `64/2025/QH15`; văn bản hành chính `7296/KH-UBND`; công văn `44/UBND-CNTT`; văn bản hợp nhất `26/VBHN-VPQH`; văn bản của Đảng `16-NQ/TW`";

#[cfg(test)]
mod tests {
    use super::*;
    use NumberForm::*;

    fn form(s: &str) -> NumberForm {
        parse(s).unwrap_or_else(|p| panic!("{s}: {p:?}")).form
    }

    #[test]
    fn every_b2_example_parses_in_its_form() {
        for s in [
            "42/2022/NĐ-CP",
            "224/2026/NĐ-CP",
            "14/2019/QĐ-TTg",
            "21/2021/QĐ-TTg",
            "10/2016/TT-BTP",
            "39/2017/TT-BTTTT",
            "26/2020/TT-BTTTT",
            "64/2025/QH15",
            "76/2025/UBTVQH15",
            "66.22/2026/NQ-CP",
            "1234/2025/QĐ-UBND",
        ] {
            assert_eq!(form(s), Vbqppl, "{s}");
        }
        for s in [
            "7296/KH-UBND",
            "471/QĐ-TTg",
            "983/KH-UBND",
            "766/QĐ-TTg",
            "996/QĐ-BTP",
            "2658/QĐ-BTP",
            "15/QĐ-BNV",
            "5/QyĐ-UBND",
            "12/CTr-UBND",
            "125/BC-STP",
        ] {
            assert_eq!(form(s), HanhChinh, "{s}");
        }
        for s in [
            "44/UBND-CNTT",
            "05/BNV-VP",
            "4946/BTTTT-CĐSQG",
            "1016/BTTTT-CĐSQG",
            "12/UBND-VX",
            "2150/STP-PBGDPL",
        ] {
            assert_eq!(form(s), CongVan, "{s}");
        }
        for s in ["26/VBHN-VPQH", "13/VBHN-BYT", "9716/VBHN-BKHĐT"] {
            assert_eq!(form(s), HopNhat, "{s}");
        }
        for s in [
            "16-NQ/TW",
            "57-NQ/TW",
            "80-KL/TW",
            "32-CT/TW",
            "02-KH/BCĐTW",
        ] {
            assert_eq!(form(s), Dang, "{s}");
        }
    }

    #[test]
    fn vbqppl_year_and_dash_normalisation() {
        let p = parse("42/2022/NĐ–CP").unwrap();
        assert_eq!(p.key, key("42/2022/NĐ-CP"));
        assert_eq!(
            key("42/2022/ND-CP"),
            key("42/2022/NĐ-CP"),
            "Đ typed as D is the same number"
        );
        assert_eq!(p.year, Some(2022));
        assert_eq!(key("14/2019/qđ—TTg"), "14/2019/QD-TTG");
    }

    #[test]
    fn real_gazette_oddities_are_accepted() {
        assert_eq!(form("01/2022/TTLT-VKSNDTC-"), Vbqppl);
        assert_eq!(form("372"), CongVan);
    }

    #[test]
    fn malformed_numbers_are_refused_with_a_hint() {
        let p = parse("42/2022/NĐ CP").unwrap_err();
        assert!(p.hint.contains("dấu cách"), "{p:?}");
        assert_eq!(p.suggestion.as_deref(), Some("42/2022/NĐ-CP"));
        let p = parse("abc").unwrap_err();
        assert!(p.hint.contains("bắt đầu"), "{p:?}");
        let p = parse("42//NĐ-CP").unwrap_err();
        assert!(p.hint.contains("hai dấu"), "{p:?}");
        assert!(parse("").is_err());
        assert!(parse("42/2022/nđ-cp").is_err());
        assert_eq!(
            parse("42/2022/nđ-cp").unwrap_err().suggestion.as_deref(),
            Some("42/2022/NĐ-CP")
        );
        assert!(parse("Số: 42/2022/NĐ-CP").unwrap_err().suggestion.is_some());
        assert!(parse("42/2022").is_err());
    }
}
