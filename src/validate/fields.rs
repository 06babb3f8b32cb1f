//! Reading typed values out of one document's front matter. Each getter reports its own
//! problem (missing, wrong type, bad date, unknown value) as a Vietnamese diagnostic that
//! quotes the value and shows a corrected example, then returns `None` so validation can go
//! on and report every other problem of the file too.

use super::{enums, suggest};
use crate::diagnostics::Diagnostic;
use crate::load::{Field, SourceDoc};
use crate::vi::Date;
use serde_json::Value;

pub struct Reader<'a> {
    pub doc: &'a SourceDoc,
    pub out: Vec<Diagnostic>,
}

/// A value as the editor wrote it, for quoting in a message.
pub fn show(v: &Value) -> String {
    match v {
        Value::String(s) => format!("\"{s}\""),
        other => other.to_string(),
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "để trống",
        Value::Bool(_) => "một giá trị đúng/sai",
        Value::Number(_) => "một con số",
        Value::String(_) => "một chuỗi chữ",
        Value::Array(_) => "một danh sách",
        Value::Object(_) => "một nhóm trường (khoá: giá trị)",
    }
}

impl<'a> Reader<'a> {
    pub fn new(doc: &'a SourceDoc) -> Self {
        Reader {
            doc,
            out: Vec::new(),
        }
    }

    pub fn has_errors(&self) -> bool {
        self.out.iter().any(Diagnostic::is_error)
    }

    /// The field unless absent or written empty (`key:` or `key: ""`).
    pub fn get(&self, key: &str) -> Option<&'a Field> {
        self.doc.fields.get(key).filter(|f| match &f.value {
            Value::Null => false,
            Value::String(s) => !s.trim().is_empty(),
            _ => true,
        })
    }

    /// Where the key is; a missing key is reported at the closing `---`.
    pub fn pos(&self, key: &str) -> (usize, usize) {
        self.doc
            .fields
            .get(key)
            .map(|f| (f.line, f.column))
            .unwrap_or((self.doc.close_line, 1))
    }

    /// Line/column of element `i` of a list field (the key's position when unknown).
    pub fn element_pos(&self, key: &str, i: usize) -> (usize, usize) {
        self.doc
            .fields
            .get(key)
            .and_then(|f| f.elements.get(i).copied())
            .unwrap_or_else(|| self.pos(key))
    }

    pub fn error(&mut self, code: &'static str, key: &str, message: String, fix: String) {
        self.error_at(code, key, self.pos(key), message, fix);
    }

    pub fn error_at(
        &mut self,
        code: &'static str,
        key: &str,
        at: (usize, usize),
        message: String,
        fix: String,
    ) {
        self.out.push(
            Diagnostic::error(code, &self.doc.rel, message)
                .at(at.0, at.1)
                .field(key)
                .fix(fix),
        );
    }

    pub fn warn(&mut self, code: &'static str, key: &str, message: String, fix: String) {
        let (l, c) = self.pos(key);
        self.out.push(
            Diagnostic::warning(code, &self.doc.rel, message)
                .at(l, c)
                .field(key)
                .fix(fix),
        );
    }

    pub fn missing(&mut self, key: &str, what: &str, example: &str) {
        let (l, _) = self.pos(key);
        self.error_at(
            "thieu-truong",
            key,
            (l, 1),
            format!("thiếu trường bắt buộc `{key}` ({what})."),
            if self.doc.fields.contains_key(key) {
                format!("điền giá trị vào dòng {l}, ví dụ `{key}: {example}`.")
            } else {
                format!(
                    "thêm dòng `{key}: {example}` vào phần đầu, trước dòng `---` đóng ở dòng {l}."
                )
            },
        );
    }

    fn wrong_type(&mut self, key: &str, f: &Field, want: &str, example: &str) {
        self.error(
            "kieu",
            key,
            format!(
                "trường `{key}` phải là {want}, nhưng đang là {}: {}.",
                type_name(&f.value),
                show(&f.value)
            ),
            format!("viết lại theo mẫu: `{key}: {example}`."),
        );
    }

    /// A single line of text. Numbers are accepted as text (`so_ky_hieu: 372`).
    pub fn text(&mut self, key: &str) -> Option<String> {
        let f = self.get(key)?;
        match &f.value {
            Value::String(s) => Some(s.trim().to_string()),
            Value::Number(n) => Some(n.to_string()),
            _ => {
                self.wrong_type(key, f, "một dòng chữ", "Nội dung");
                None
            }
        }
    }

    pub fn req_text(&mut self, key: &str, what: &str, example: &str) -> Option<String> {
        if self.get(key).is_none() {
            self.missing(key, what, example);
            return None;
        }
        self.text(key)
    }

    /// A list of short texts; a single text is read as a one-element list.
    pub fn texts(&mut self, key: &str) -> Vec<String> {
        let Some(f) = self.get(key) else {
            return Vec::new();
        };
        match &f.value {
            Value::String(s) => vec![s.trim().to_string()],
            Value::Array(items) => {
                let mut out = Vec::new();
                for (i, v) in items.iter().enumerate() {
                    match v {
                        Value::String(s) if !s.trim().is_empty() => out.push(s.trim().to_string()),
                        Value::Number(n) => out.push(n.to_string()),
                        Value::Null => {}
                        Value::String(_) => {}
                        other => {
                            let at = self.element_pos(key, i);
                            self.error_at(
                                "kieu",
                                key,
                                at,
                                format!(
                                    "phần tử thứ {} của `{key}` phải là một dòng chữ, nhưng đang là {}: {}.",
                                    i + 1,
                                    type_name(other),
                                    show(other)
                                ),
                                format!("viết danh sách theo mẫu: `{key}: [Đất đai, Hành chính]`."),
                            );
                        }
                    }
                }
                out
            }
            _ => {
                self.wrong_type(key, f, "một danh sách", "[Đất đai, Hành chính]");
                Vec::new()
            }
        }
    }

    pub fn flag(&mut self, key: &str) -> Option<bool> {
        let f = self.get(key)?;
        match &f.value {
            Value::Bool(b) => Some(*b),
            Value::String(s) => match s.trim().to_lowercase().as_str() {
                "có" | "co" => Some(true),
                "không" | "khong" => Some(false),
                _ => {
                    self.wrong_type(key, f, "`true` hoặc `false`", "true");
                    None
                }
            },
            _ => {
                self.wrong_type(key, f, "`true` hoặc `false`", "true");
                None
            }
        }
    }

    /// A whole number such as a head count; `1.200` (Vietnamese grouping) is accepted.
    pub fn count(&mut self, key: &str) -> Option<u64> {
        let f = self.get(key)?;
        let parsed = match &f.value {
            Value::Number(n) => n.as_u64(),
            Value::String(s) => s.trim().replace(['.', ' '], "").parse().ok(),
            _ => None,
        };
        if parsed.is_none() {
            self.wrong_type(key, f, "một số nguyên không âm", "120");
        }
        parsed
    }

    pub fn date(&mut self, key: &str) -> Option<Date> {
        let f = self.get(key)?;
        let raw = match &f.value {
            Value::String(s) => s.trim().to_string(),
            other => other.to_string(),
        };
        match Date::parse_iso(&raw) {
            Some(d) => Some(d),
            None => {
                let (why, guess) = explain_date(&raw);
                let example = guess.clone().unwrap_or_else(|| "2022-06-24".to_string());
                let fix = match guess {
                    Some(g) => format!("có phải là `{key}: {g}`? Ngày viết theo dạng năm-tháng-ngày `YYYY-MM-DD` (đủ hai chữ số cho tháng và ngày)."),
                    None => format!("viết ngày theo dạng năm-tháng-ngày `YYYY-MM-DD`, ví dụ `{key}: {example}`."),
                };
                self.error(
                    "ngay",
                    key,
                    format!("ngày {} không hợp lệ: {why}.", show(&f.value)),
                    fix,
                );
                None
            }
        }
    }

    pub fn req_date(&mut self, key: &str, what: &str) -> Option<Date> {
        if self.get(key).is_none() {
            self.missing(key, what, "2026-05-20");
            return None;
        }
        self.date(key)
    }

    /// One of a closed list of values; returns the official spelling.
    pub fn choice(&mut self, key: &str, allowed: &'static [&'static str]) -> Option<String> {
        let raw = self.text(key)?;
        if let Some(c) = enums::canonical(&raw, allowed) {
            return Some(c.to_string());
        }
        let list = allowed
            .iter()
            .map(|a| format!("`{a}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let guess = suggest::closest(&raw, allowed.iter().copied());
        let fix = match guess {
            Some(g) => format!("có phải ý bạn là `{key}: {g}`? Các giá trị được phép: {list}."),
            None => format!("dùng một trong các giá trị được phép: {list}."),
        };
        self.error(
            "gia-tri",
            key,
            format!("giá trị \"{raw}\" của `{key}` không nằm trong danh sách được phép."),
            fix,
        );
        None
    }

    /// Warns about keys outside `known` (the format may be extended, so never an error).
    pub fn unknown_fields(&mut self, known: &[&[&str]]) {
        let all: Vec<&str> = known.iter().flat_map(|k| k.iter().copied()).collect();
        let unknown: Vec<&String> = self
            .doc
            .fields
            .keys()
            .filter(|k| !all.contains(&k.as_str()))
            .collect();
        for key in unknown {
            let hint = suggest::closest(key, all.iter().copied());
            let fix = match hint {
                Some(h) => format!("có phải ý bạn là `{h}`? Sửa tên trường nếu gõ nhầm; nếu cố ý thêm trường mới thì có thể bỏ qua cảnh báo này."),
                None => "kiểm tra tên trường theo định dạng nội dung (tên không dấu, nối bằng `_`); nếu cố ý thêm trường mới thì có thể bỏ qua cảnh báo này.".to_string(),
            };
            self.warn(
                "truong-la",
                key,
                format!("trường `{key}` không có trong định dạng nội dung của loại bài này nên sẽ không được hiển thị."),
                fix,
            );
        }
    }
}

/// Why a date string is not `YYYY-MM-DD`, and the date it probably means.
pub fn explain_date(raw: &str) -> (String, Option<String>) {
    let nums: Vec<&str> = raw.split(['-', '/', '.']).map(str::trim).collect();
    let all_digits = nums.len() == 3
        && nums
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    if !all_digits {
        return ("phải là ngày dạng năm-tháng-ngày `YYYY-MM-DD`".into(), None);
    }
    let n: Vec<u32> = nums.iter().map(|p| p.parse().unwrap_or(0)).collect();
    let (y, m, d, order) = if nums[0].len() == 4 {
        (n[0], n[1], n[2], "năm-tháng-ngày")
    } else if nums[2].len() == 4 {
        (n[2], n[1], n[0], "ngày/tháng/năm")
    } else {
        return (
            "năm phải viết đủ bốn chữ số, theo dạng `YYYY-MM-DD`".into(),
            None,
        );
    };
    let real = u8::try_from(m)
        .ok()
        .zip(u8::try_from(d).ok())
        .and_then(|(m, d)| Date::from_ymd(y as i32, m, d));
    match real {
        None if m == 0 || m > 12 => (format!("tháng {m} không tồn tại"), None),
        None => (format!("ngày {d} tháng {m} năm {y} không có thật"), None),
        Some(date) if order == "ngày/tháng/năm" => (
            "đang viết theo kiểu ngày/tháng/năm; định dạng nội dung dùng năm-tháng-ngày".into(),
            Some(date.iso()),
        ),
        Some(date) => (
            "tháng và ngày phải có đủ hai chữ số".into(),
            Some(date.iso()),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explains_common_date_mistakes() {
        assert_eq!(explain_date("24/06/2022").1.as_deref(), Some("2022-06-24"));
        assert_eq!(explain_date("2022-6-4").1.as_deref(), Some("2022-06-04"));
        assert!(explain_date("2022-13-01").0.contains("tháng 13"));
        assert!(explain_date("2022-02-30").0.contains("không có thật"));
        assert!(explain_date("hôm qua").1.is_none());
    }
}
