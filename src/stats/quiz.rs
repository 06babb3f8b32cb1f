//! Practice quizzes of `thi-tim-hieu` items: the `cau_hoi_on_tap` YAML file (questions,
//! choices with exactly one right answer, the legal basis as a document number on this site,
//! an optional explanation). `check_all` validates every quiz once all items are read (the
//! basis must name a `van_ban` of the site); `load` reads a quiz for its practice page and
//! resolves each basis to the document's page.
//!
//! ```yaml
//! tieu_de: Câu hỏi ôn tập Cuộc thi tìm hiểu Luật Phổ biến, giáo dục pháp luật
//! cau_hoi:
//!   - hoi: Ngày Pháp luật Việt Nam là ngày nào?
//!     lua_chon:
//!       - noi_dung: Ngày 09 tháng 11 hằng năm
//!         dung: true
//!       - Ngày 02 tháng 9 hằng năm
//!     can_cu: {so_ky_hieu: 14/2012/QH13, dieu: Điều 8}
//!     giai_thich: Điều 8 Luật Phổ biến, giáo dục pháp luật quy định …
//! ```

use crate::diagnostics::{relative_to, Diagnostic};
use crate::load::yaml::{self, Doc};
use crate::model::{Item, ItemData};
use crate::validate::so_ky_hieu;
use crate::vi;
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;

#[derive(Clone, Debug, Serialize)]
pub struct Quiz {
    pub tieu_de: Option<String>,
    pub cau_hoi: Vec<Question>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Question {
    /// 1-based.
    pub so: usize,
    pub hoi: String,
    pub lua_chon: Vec<Choice>,
    /// Index of the right choice.
    pub dap_an: usize,
    /// "B": the right choice's letter.
    pub dap_an_chu: String,
    pub can_cu: Basis,
    pub giai_thich: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Choice {
    /// "A", "B" …
    pub chu: String,
    pub noi_dung: String,
    pub dung: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct Basis {
    pub so_ky_hieu: String,
    /// "Điều 8", "khoản 2 Điều 3" …
    pub dieu: Option<String>,
    /// The van_ban page of this site (filled by `load`).
    pub url: Option<String>,
    pub tieu_de: Option<String>,
}

/// One problem in a quiz, before it is placed in a file.
struct Problem {
    line: usize,
    column: usize,
    field: String,
    message: String,
    fix: String,
}

const EXAMPLE: &str = "\n      cau_hoi:\n        - hoi: Ngày Pháp luật Việt Nam là ngày nào?\n          lua_chon:\n            - noi_dung: Ngày 09 tháng 11 hằng năm\n              dung: true\n            - Ngày 02 tháng 9 hằng năm\n          can_cu: {so_ky_hieu: 14/2012/QH13, dieu: Điều 8}";

/// Reads and checks `text`; `known(number)` says whether a document with that number is on
/// the site. Returns the quiz when it has no error.
fn parse(text: &str, known: &dyn Fn(&str) -> bool) -> Result<Quiz, Vec<Problem>> {
    let doc = yaml::parse(text).map_err(|e| {
        vec![Problem {
            line: e.line,
            column: e.column,
            field: String::new(),
            message: format!(
                "tệp câu hỏi ôn tập không đọc được (lỗi cú pháp YAML: {}).",
                e.detail
            ),
            fix: format!("sửa theo mẫu:{EXAMPLE}"),
        }]
    })?;
    let (items, tieu_de, list_at) = match doc {
        // The example site's form: the file is the list of questions.
        Doc::Seq(v) => (v.into_iter().map(|(val, l, c)| (val, (l, c))).collect::<Vec<_>>(), None, (1, 1)),
        Doc::Map(entries) => {
            let Some(list) = entries.iter().find(|e| e.key == "cau_hoi") else {
                return Err(vec![problem(1, 1, "cau_hoi", "tệp câu hỏi ôn tập thiếu trường `cau_hoi` (danh sách câu hỏi).", &format!("thêm theo mẫu:{EXAMPLE}"))]);
            };
            let Value::Array(values) = &list.value else {
                return Err(vec![problem(list.line, list.column, "cau_hoi", "`cau_hoi` phải là danh sách, mỗi câu hỏi bắt đầu bằng `- hoi:`.", &format!("viết theo mẫu:{EXAMPLE}"))]);
            };
            let at = |i: usize| list.elements.get(i).copied().unwrap_or((list.line, list.column));
            let tieu_de = entries.iter().find(|e| e.key == "tieu_de").and_then(|e| e.value.as_str()).map(|s| vi::nfc(s.trim()));
            (values.iter().cloned().enumerate().map(|(i, v)| (v, at(i))).collect(), tieu_de, (list.line, list.column))
        }
        _ => return Err(vec![problem(1, 1, "cau_hoi", "tệp câu hỏi ôn tập phải là danh sách câu hỏi (hoặc có trường `cau_hoi` là danh sách đó).", &format!("viết theo mẫu:{EXAMPLE}"))]),
    };
    let mut problems = Vec::new();
    let mut questions = Vec::new();
    for (i, (v, at)) in items.iter().enumerate() {
        if let Some(q) = question(i + 1, v, *at, known, &mut problems) {
            questions.push(q);
        }
    }
    if questions.is_empty() && problems.is_empty() {
        problems.push(problem(
            list_at.0,
            list_at.1,
            "cau_hoi",
            "bộ câu hỏi ôn tập chưa có câu hỏi nào.",
            &format!("thêm câu hỏi theo mẫu:{EXAMPLE}"),
        ));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Quiz {
        tieu_de,
        cau_hoi: questions,
    })
}

fn problem(line: usize, column: usize, field: &str, message: &str, fix: &str) -> Problem {
    Problem {
        line,
        column,
        field: field.to_string(),
        message: message.to_string(),
        fix: fix.to_string(),
    }
}

fn text_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.trim().is_empty() => Some(vi::nfc(s.trim())),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn question(
    so: usize,
    v: &Value,
    (line, column): (usize, usize),
    known: &dyn Fn(&str) -> bool,
    out: &mut Vec<Problem>,
) -> Option<Question> {
    let at = |field: &str, message: String, fix: &str| Problem {
        line,
        column,
        field: format!("cau_hoi[{so}]{field}"),
        message,
        fix: fix.to_string(),
    };
    let before = out.len();
    let hoi = text_of(v.get("hoi")).or_else(|| text_of(v.get("cau_hoi")));
    if hoi.is_none() {
        out.push(at(
            ".hoi",
            format!("câu hỏi số {so} thiếu nội dung câu hỏi (`hoi`)."),
            "thêm dòng `hoi: <nội dung câu hỏi>` ngay sau dấu `-` của câu hỏi.",
        ));
    }
    let mut choices = choices(v.get("lua_chon"));
    let mut out_of_range = false;
    for i in answer_indices(v.get("dap_an")) {
        if let Some(c) = choices.get_mut(i) {
            c.dung = true;
            continue;
        }
        out_of_range = true;
        out.push(at(
            ".dap_an",
            format!(
                "câu hỏi số {so} có `dap_an` là lựa chọn thứ {} nhưng chỉ có {} lựa chọn.",
                i + 1,
                choices.len()
            ),
            "`dap_an` là thứ tự của lựa chọn đúng, tính từ 1 (hoặc chữ cái A, B, C …).",
        ));
        break;
    }
    if choices.len() < 2 {
        out.push(at(".lua_chon", format!("câu hỏi số {so} cần ít nhất hai lựa chọn (`lua_chon`), đang có {}.", choices.len()), "liệt kê các lựa chọn dưới `lua_chon:`, mỗi lựa chọn một dòng `- noi_dung: …`; lựa chọn đúng thêm `dung: true`."));
    }
    let right: Vec<usize> = choices
        .iter()
        .enumerate()
        .filter(|(_, c)| c.dung)
        .map(|(i, _)| i)
        .collect();
    match right.len() {
        1 => {}
        0 if choices.len() >= 2 && !out_of_range => out.push(at(".dap_an", format!("câu hỏi số {so} chưa có đáp án đúng."), "thêm `dap_an: 2` (thứ tự lựa chọn đúng, tính từ 1), hoặc `dung: true` vào đúng một lựa chọn.")),
        0 => {}
        n => out.push(at(".lua_chon", format!("câu hỏi số {so} có {n} đáp án đúng ({}); mỗi câu hỏi phải có đúng một đáp án đúng.", right.iter().map(|&i| letter(i)).collect::<Vec<_>>().join(", ")), "mỗi câu chỉ một đáp án: `dap_an` là một số (ví dụ `dap_an: 2`), và chỉ một lựa chọn có `dung: true`.")),
    }
    let can_cu = basis(v.get("can_cu"));
    match &can_cu {
        None => out.push(at(".can_cu", format!("câu hỏi số {so} thiếu căn cứ pháp lý (`can_cu`)."), "thêm `can_cu: {so_ky_hieu: 14/2012/QH13, dieu: Điều 8}` — số ký hiệu của văn bản đã đăng trong chuyên mục Văn bản.")),
        Some(b) if !known(&b.so_ky_hieu) => out.push(at(".can_cu.so_ky_hieu", format!("căn cứ pháp lý của câu hỏi số {so} là văn bản `{}`, nhưng trang chưa có văn bản nào mang số ký hiệu này.", b.so_ky_hieu), "đăng văn bản đó vào `content/van-ban/` trước, hoặc sửa lại số ký hiệu cho đúng với văn bản đã đăng (ví dụ `14/2012/QH13`).")),
        Some(_) => {}
    }
    if out.len() > before {
        return None;
    }
    let dap_an = right[0];
    Some(Question {
        so,
        hoi: hoi?,
        lua_chon: choices,
        dap_an,
        dap_an_chu: letter(dap_an),
        can_cu: can_cu?,
        giai_thich: text_of(v.get("giai_thich")),
    })
}

fn letter(i: usize) -> String {
    char::from(b'A' + (i % 26) as u8).to_string()
}

/// `dap_an: 2` (1-based), `dap_an: B`, or a list of those (more than one is an error later).
fn answer_indices(v: Option<&Value>) -> Vec<usize> {
    let one = |v: &Value| -> Option<usize> {
        match v {
            Value::Number(n) => n.as_u64().filter(|&n| n >= 1).map(|n| n as usize - 1),
            Value::String(s) => {
                let t = s.trim();
                match t.parse::<usize>() {
                    Ok(n) if n >= 1 => Some(n - 1),
                    Ok(_) => None,
                    Err(_) => {
                        let mut chars = t.chars();
                        match (chars.next(), chars.next()) {
                            (Some(c), None) if c.is_ascii_alphabetic() => {
                                Some((c.to_ascii_uppercase() as u8 - b'A') as usize)
                            }
                            _ => None,
                        }
                    }
                }
            }
            _ => None,
        }
    };
    let mut out: Vec<usize> = match v {
        Some(Value::Array(list)) => list.iter().filter_map(one).collect(),
        Some(other) => one(other).into_iter().collect(),
        None => Vec::new(),
    };
    out.sort_unstable();
    out.dedup();
    out
}

/// Choices are `{noi_dung, dung}` maps or plain strings (right only when `dap_an` says so).
fn choices(v: Option<&Value>) -> Vec<Choice> {
    let Some(Value::Array(list)) = v else {
        return Vec::new();
    };
    list.iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let (text, right) = match c {
                Value::Object(_) => (
                    text_of(c.get("noi_dung"))?,
                    c.get("dung") == Some(&Value::Bool(true)),
                ),
                other => (text_of(Some(other))?, false),
            };
            Some(Choice {
                chu: letter(i),
                noi_dung: text,
                dung: right,
            })
        })
        .collect()
}

/// `can_cu: 14/2012/QH13` or `can_cu: {so_ky_hieu, dieu}`.
fn basis(v: Option<&Value>) -> Option<Basis> {
    let (so, dieu) = match v? {
        Value::Object(_) => (text_of(v?.get("so_ky_hieu"))?, text_of(v?.get("dieu"))),
        other => (text_of(Some(other))?, None),
    };
    Some(Basis {
        so_ky_hieu: so,
        dieu,
        url: None,
        tieu_de: None,
    })
}

/// The site's documents by number key: (url, title).
fn documents(items: &[Item]) -> HashMap<String, (String, String)> {
    items
        .iter()
        .filter_map(|it| {
            it.van_ban().map(|v| {
                (
                    so_ky_hieu::key(&v.so_ky_hieu),
                    (it.url.clone(), it.tieu_de.clone()),
                )
            })
        })
        .collect()
}

fn quiz_file(item: &Item) -> Option<&Path> {
    match &item.data {
        ItemData::CuocThi(c) => c.cau_hoi_on_tap.as_ref().map(|a| a.source.as_path()),
        _ => None,
    }
}

/// Every quiz of the site checked; problems as diagnostics on the quiz file.
pub fn check_all(items: &[Item], root: &Path) -> Vec<Diagnostic> {
    let docs = documents(items);
    let known = |so: &str| docs.contains_key(&so_ky_hieu::key(so));
    let mut out = Vec::new();
    for path in items.iter().filter_map(quiz_file) {
        let rel = relative_to(path, root);
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                out.push(
                    Diagnostic::error(
                        "on-tap",
                        rel,
                        format!("không đọc được tệp câu hỏi ôn tập: {e}."),
                    )
                    .field("cau_hoi_on_tap")
                    .fix("kiểm tra tệp có tồn tại và là văn bản UTF-8 (tệp .yaml)."),
                );
                continue;
            }
        };
        if let Err(problems) = parse(&text, &known) {
            out.extend(problems.into_iter().map(|p| {
                Diagnostic::error("on-tap", rel.clone(), p.message)
                    .at(p.line, p.column)
                    .field(p.field)
                    .fix(p.fix)
            }));
        }
    }
    out
}

/// The quiz of a contest item, with each basis linked to its document page; None when the
/// item has no quiz or it does not parse (validation has reported why).
pub fn load(item: &Item, items: &[Item]) -> Option<Quiz> {
    let text = std::fs::read_to_string(quiz_file(item)?).ok()?;
    let docs = documents(items);
    let mut quiz = parse(&text, &|so| docs.contains_key(&so_ky_hieu::key(so))).ok()?;
    for q in &mut quiz.cau_hoi {
        if let Some((url, title)) = docs.get(&so_ky_hieu::key(&q.can_cu.so_ky_hieu)) {
            q.can_cu.url = Some(url.clone());
            q.can_cu.tieu_de = Some(title.clone());
        }
    }
    Some(quiz)
}

/// Whether the item has a practice page (`<item url>on-tap/`).
pub fn has_quiz(item: &Item) -> bool {
    quiz_file(item).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(so: &str) -> bool {
        so_ky_hieu::key(so) == so_ky_hieu::key("14/2012/QH13")
    }

    #[test]
    fn a_good_quiz_parses_with_letters_and_basis() {
        let q = parse(
            "tieu_de: Ôn tập\ncau_hoi:\n  - hoi: Ngày Pháp luật?\n    lua_chon:\n      - Ngày 02/9\n      - noi_dung: Ngày 09/11\n        dung: true\n    can_cu: {so_ky_hieu: 14/2012/QH13, dieu: Điều 8}\n",
            &known,
        )
        .unwrap_or_else(|_| panic!("should parse"));
        assert_eq!(q.cau_hoi.len(), 1);
        let first = &q.cau_hoi[0];
        assert_eq!((first.dap_an, first.dap_an_chu.as_str()), (1, "B"));
        assert_eq!(first.can_cu.dieu.as_deref(), Some("Điều 8"));
    }

    #[test]
    fn two_right_answers_and_unknown_basis_are_errors_with_lines() {
        let text = "cau_hoi:\n  - hoi: Một\n    lua_chon:\n      - {noi_dung: A, dung: true}\n      - {noi_dung: B, dung: true}\n    can_cu: 14/2012/QH13\n  - hoi: Hai\n    lua_chon: [X, Y]\n    can_cu: 99/2099/QH99\n";
        let Err(ps) = parse(text, &known) else {
            panic!("should fail")
        };
        let got: Vec<(usize, &str)> = ps.iter().map(|p| (p.line, p.field.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (2, "cau_hoi[1].lua_chon"),
                (7, "cau_hoi[2].dap_an"),
                (7, "cau_hoi[2].can_cu.so_ky_hieu")
            ]
        );
        assert!(ps[0].message.contains("2 đáp án đúng (A, B)"));
        assert!(ps[1].message.contains("chưa có đáp án đúng"));
        assert!(ps[2].message.contains("99/2099/QH99"));
    }

    #[test]
    fn the_example_sites_list_form_with_numbered_answers() {
        let text = "# mẫu\n- cau_hoi: Một?\n  lua_chon: [\"x\", \"y\", \"z\"]\n  dap_an: 3\n  can_cu: 14/2012/QH13\n- cau_hoi: Hai?\n  lua_chon: [\"x\", \"y\"]\n  dap_an: [1, 2]\n  can_cu: 14/2012/QH13\n- cau_hoi: Ba?\n  lua_chon: [\"x\", \"y\"]\n  dap_an: 5\n  can_cu: 14/2012/QH13\n";
        let Err(ps) = parse(text, &known) else {
            panic!("should fail")
        };
        let got: Vec<(usize, &str)> = ps.iter().map(|p| (p.line, p.field.as_str())).collect();
        assert_eq!(
            got,
            vec![(6, "cau_hoi[2].lua_chon"), (10, "cau_hoi[3].dap_an")]
        );
        let ok = parse(
            "- cau_hoi: Một?\n  lua_chon: [x, y, z]\n  dap_an: C\n  can_cu: 14/2012/QH13\n",
            &known,
        )
        .unwrap_or_else(|_| panic!("parses"));
        assert_eq!(ok.cau_hoi[0].dap_an_chu, "C");
    }
}
