//! Personal data that must not be published (A4-16, Luật 91/2025/QH15): phone numbers, CCCD /
//! CMND numbers, e-mail addresses and street addresses of private persons. Heuristics tuned to
//! Vietnamese writing; the agency's own published contacts are never flagged.

use regex::Regex;
use std::sync::LazyLock;

/// What kind of personal data a text holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pii {
    Phone,
    IdNumber,
    Email,
    Address,
}

impl Pii {
    pub fn label(self) -> &'static str {
        match self {
            Pii::Phone => "số điện thoại",
            Pii::IdNumber => "số CCCD/CMND",
            Pii::Email => "địa chỉ thư điện tử",
            Pii::Address => "địa chỉ nhà riêng",
        }
    }
}

/// 0xx… or +84 with 9–10 more digits, optionally grouped by spaces, dots or dashes.
static PHONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:\+84|\b0)(?:[ .\-]?\d){8,10}\b").expect("regex"));
/// A bare run of exactly 9 (CMND) or 12 (CCCD) digits.
static ID: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(?:\d{12}|\d{9})\b").expect("regex"));
static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+").expect("regex"));
/// "số nhà 12", "ngõ 5", "hẻm 3/2", "12/4 đường Lê Lợi", "45A phố Huế".
static ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:số nhà|nhà số|ngõ|ngách|hẻm|kiệt)\s+\d+|\b\d+[a-z]?(?:/\d+)+\s+(?:đường|phố)\s|\b\d+[a-z]?\s+(?:đường|phố)\s+\p{Lu}")
        .expect("regex")
});

/// The agency's own contact strings, which may appear anywhere.
#[derive(Default)]
pub struct Allowed {
    digits: Vec<String>,
    texts: Vec<String>,
}

impl Allowed {
    pub fn new<'a>(
        phones: impl IntoIterator<Item = &'a str>,
        texts: impl IntoIterator<Item = &'a str>,
    ) -> Self {
        Allowed {
            digits: phones
                .into_iter()
                .map(digits)
                .filter(|d| !d.is_empty())
                .collect(),
            texts: texts
                .into_iter()
                .map(str::to_lowercase)
                .filter(|t| !t.is_empty())
                .collect(),
        }
    }
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// Personal data found in `text`, with the matched text. `addresses` also looks for e-mail
/// and street addresses (only in what a private person wrote, not in an official answer).
pub fn find(text: &str, allowed: &Allowed, addresses: bool) -> Vec<(Pii, String)> {
    let mut out = Vec::new();
    for m in PHONE.find_iter(text) {
        let d = digits(m.as_str());
        let d = d.strip_prefix("84").map(|r| format!("0{r}")).unwrap_or(d);
        if (10..=11).contains(&d.len()) && !allowed.digits.contains(&d) {
            out.push((Pii::Phone, m.as_str().to_string()));
        }
    }
    for m in ID.find_iter(text) {
        out.push((Pii::IdNumber, m.as_str().to_string()));
    }
    if addresses {
        for m in EMAIL.find_iter(text) {
            if !allowed.texts.contains(&m.as_str().to_lowercase()) {
                out.push((Pii::Email, m.as_str().to_string()));
            }
        }
        let lower = text.to_lowercase();
        for m in ADDRESS.find_iter(text) {
            let inside_allowed = allowed
                .texts
                .iter()
                .any(|t| t.contains(&m.as_str().to_lowercase()) && lower.contains(t.as_str()));
            if !inside_allowed {
                out.push((Pii::Address, m.as_str().to_string()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_phones_ids_emails_and_addresses_but_not_document_numbers() {
        let allowed = Allowed::new(
            ["0251 3822 000"],
            ["pbgdpl.stp@dongnai.gov.vn", "số 2 đường nguyễn văn trị"],
        );
        let kinds = |t: &str| {
            find(t, &allowed, true)
                .into_iter()
                .map(|(k, _)| k)
                .collect::<Vec<_>>()
        };
        assert_eq!(kinds("Gọi tôi: 0912 345 678"), vec![Pii::Phone]);
        assert_eq!(kinds("SĐT +84 912.345.678"), vec![Pii::Phone]);
        assert_eq!(kinds("CCCD 079123456789"), vec![Pii::IdNumber]);
        assert_eq!(kinds("CMND số 271234567"), vec![Pii::IdNumber]);
        assert_eq!(kinds("thư: nguyenvana@gmail.com"), vec![Pii::Email]);
        assert_eq!(kinds("nhà tôi ở hẻm 12 khu phố 3"), vec![Pii::Address]);
        assert_eq!(kinds("ở 45/2 đường Lê Lợi"), vec![Pii::Address]);
        assert!(
            kinds("Theo Nghị định 42/2022/NĐ-CP ngày 24/6/2022, Luật số 14/2012/QH13").is_empty()
        );
        assert!(kinds("Liên hệ 0251 3822 000 hoặc pbgdpl.stp@dongnai.gov.vn").is_empty());
        assert!(kinds("Trụ sở: Số 2 đường Nguyễn Văn Trị").is_empty());
        assert!(kinds("năm 2026 có 1.234 người tham dự").is_empty());
    }
}
