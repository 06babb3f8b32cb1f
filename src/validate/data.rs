//! `data/*.yaml`: the lists that are not pages. Báo cáo viên and tuyên truyền viên (TT 10/2016
//! Điều 8: public list with the recognition decisions), focal contacts (A4-05) and related
//! portals (A4-13) are typed and checked; any other data file is passed to templates as JSON.
//! Problems point at the line of the list element they are about.

use super::{enums, fields::explain_date, so_ky_hieu, suggest};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::DataDoc;
use crate::model::{Contact, DataFiles, Decision, NamedLink, Person};
use crate::vi::Date;
use serde_json::{Map, Value};

const PERSON_FIELDS: &[&str] = &[
    "ho_ten",
    "chuc_vu",
    "co_quan",
    "dia_ban",
    "trinh_do_chuyen_mon",
    "linh_vuc_chuyen_sau",
    "qd_cong_nhan",
    "trang_thai",
    "qd_mien_nhiem",
];
/// Personal data the site must never publish about its volunteers (Luật 91/2025/QH15).
const PRIVATE_FIELDS: &[&str] = &[
    "dien_thoai",
    "so_dien_thoai",
    "ngay_sinh",
    "nam_sinh",
    "cccd",
    "cmnd",
    "so_cccd",
    "so_cmnd",
    "dia_chi",
    "dinh_danh",
    "so_dinh_danh",
];
const CONTACT_FIELDS: &[&str] = &["ho_ten", "chuc_vu", "don_vi", "dien_thoai", "email"];

/// One element of a data list.
struct Row<'a> {
    doc: &'a DataDoc,
    index: usize,
    map: &'a Map<String, Value>,
    out: &'a Diagnostics,
}

impl Row<'_> {
    fn pos(&self) -> (usize, usize) {
        self.doc.position(&self.index.to_string()).unwrap_or((1, 1))
    }

    fn push(&self, d: Diagnostic, field: &str) {
        let (l, c) = self.pos();
        self.out.push(d.at(l, c).field(field));
    }

    fn err(&self, code: &'static str, field: &str, message: String, fix: String) {
        let d = Diagnostic::error(
            code,
            &self.doc.rel,
            format!("mục thứ {}: {message}", self.index + 1),
        )
        .fix(fix);
        self.push(d, field);
    }

    fn text(&self, key: &str) -> Option<String> {
        match self.map.get(key)? {
            Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }

    fn req(&self, key: &str, example: &str) -> Option<String> {
        let v = self.text(key);
        if v.is_none() {
            self.err(
                "thieu-truong",
                key,
                format!("thiếu trường bắt buộc `{key}`."),
                format!("thêm `{key}: {example}` cho mục này."),
            );
        }
        v
    }

    fn texts(&self, key: &str) -> Vec<String> {
        match self.map.get(key) {
            Some(Value::String(s)) => vec![s.trim().to_string()],
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(Value::as_str)
                .map(|s| s.trim().to_string())
                .collect(),
            _ => Vec::new(),
        }
    }

    fn decision(&self, key: &str) -> Option<Decision> {
        let m = self.map.get(key)?.as_object()?;
        let so = m.get("so_ky_hieu").and_then(|v| {
            v.as_str()
                .map(str::to_string)
                .or_else(|| v.as_u64().map(|n| n.to_string()))
        })?;
        if let Err(p) = so_ky_hieu::parse(&so) {
            let fix = p
                .suggestion
                .map(|s| format!("có phải là `{s}`? "))
                .unwrap_or_default();
            self.err(
                "so-ky-hieu",
                key,
                format!("số ký hiệu quyết định \"{so}\" không hợp lệ: {}.", p.hint),
                format!("{fix}viết dạng `123/QĐ-UBND`."),
            );
        }
        let ngay = m.get("ngay").and_then(Value::as_str).and_then(|raw| {
            let d = Date::parse_iso(raw.trim());
            if d.is_none() {
                let (why, guess) = explain_date(raw);
                let fix = guess
                    .map(|g| format!("có phải là `ngay: {g}`? "))
                    .unwrap_or_default();
                self.err(
                    "ngay",
                    key,
                    format!("ngày quyết định \"{raw}\" không hợp lệ: {why}."),
                    format!("{fix}viết dạng `YYYY-MM-DD`."),
                );
            }
            d
        });
        Some(Decision {
            so_ky_hieu: so,
            ngay,
            ly_do: m.get("ly_do").and_then(Value::as_str).map(str::to_string),
        })
    }

    fn unknown_fields(&self, known: &[&str]) {
        for key in self.map.keys().filter(|k| !known.contains(&k.as_str())) {
            let d = if PRIVATE_FIELDS.contains(&key.as_str()) {
                Diagnostic::warning("du-lieu-ca-nhan", &self.doc.rel, format!("mục thứ {}: trường `{key}` là dữ liệu cá nhân, không được đăng công khai (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15).", self.index + 1))
                    .fix(format!("xoá trường `{key}` khỏi tệp; trang không hiển thị trường này."))
            } else {
                let hint = suggest::closest(key, known.iter().copied())
                    .map(|h| format!("có phải ý bạn là `{h}`? "))
                    .unwrap_or_default();
                Diagnostic::warning("truong-la", &self.doc.rel, format!("mục thứ {}: trường `{key}` không có trong định dạng nên sẽ không được hiển thị.", self.index + 1))
                    .fix(format!("{hint}các trường dùng được: {}.", known.join(", ")))
            };
            self.push(d, key);
        }
    }
}

pub fn parse_data(docs: &[DataDoc], diags: &Diagnostics) -> DataFiles {
    let mut out = DataFiles::default();
    for doc in docs {
        match doc.name.as_str() {
            "bao-cao-vien" => out.bao_cao_vien = rows(doc, diags, person),
            "tuyen-truyen-vien" => out.tuyen_truyen_vien = rows(doc, diags, person),
            "lien-he" => out.lien_he = rows(doc, diags, contact),
            "lien-ket" => out.lien_ket = rows(doc, diags, link),
            other => {
                out.extra.insert(other.to_string(), doc.value.clone());
            }
        }
    }
    out
}

fn rows<T>(doc: &DataDoc, diags: &Diagnostics, f: impl Fn(&Row) -> Option<T>) -> Vec<T> {
    let list = match &doc.value {
        Value::Array(a) => a,
        Value::Null => return Vec::new(),
        _ => {
            diags.push(
                Diagnostic::error("kieu", &doc.rel, "tệp phải là một danh sách, mỗi mục bắt đầu bằng dấu `- `.")
                    .at(1, 1)
                    .fix("viết theo mẫu:\n      - ho_ten: Nguyễn Văn An\n        chuc_vu: Chuyên viên\n      - ho_ten: Trần Thị Bình"),
            );
            return Vec::new();
        }
    };
    let empty = Map::new();
    list.iter()
        .enumerate()
        .filter_map(|(index, v)| {
            let map = match v.as_object() {
                Some(m) => m,
                None => {
                    let row = Row {
                        doc,
                        index,
                        map: &empty,
                        out: diags,
                    };
                    row.err(
                        "kieu",
                        "",
                        format!(
                            "mỗi mục phải là một nhóm trường `tên: giá trị`, nhưng đang là {v}."
                        ),
                        "viết `- ho_ten: ...` rồi các trường khác thụt vào hai dấu cách.".into(),
                    );
                    return None;
                }
            };
            f(&Row {
                doc,
                index,
                map,
                out: diags,
            })
        })
        .collect()
}

fn person(r: &Row) -> Option<Person> {
    let ho_ten = r.req("ho_ten", "Nguyễn Văn An");
    let trang_thai = match r.text("trang_thai") {
        None => {
            r.req("trang_thai", "Đang hoạt động");
            None
        }
        Some(raw) => match enums::canonical(&raw, enums::TRANG_THAI_NGUOI) {
            Some(c) => Some(c.to_string()),
            None => {
                let hint = suggest::did_you_mean(&raw, enums::TRANG_THAI_NGUOI.iter().copied());
                r.err(
                    "gia-tri",
                    "trang_thai",
                    format!("trạng thái \"{raw}\" không nằm trong danh sách được phép.{hint}"),
                    format!("dùng một trong: {}.", enums::TRANG_THAI_NGUOI.join(", ")),
                );
                None
            }
        },
    };
    r.unknown_fields(PERSON_FIELDS);
    Some(Person {
        ho_ten: ho_ten?,
        chuc_vu: r.text("chuc_vu"),
        co_quan: r.text("co_quan"),
        dia_ban: r.text("dia_ban"),
        trinh_do_chuyen_mon: r.text("trinh_do_chuyen_mon"),
        linh_vuc_chuyen_sau: r.texts("linh_vuc_chuyen_sau"),
        qd_cong_nhan: r.decision("qd_cong_nhan"),
        trang_thai: trang_thai?,
        qd_mien_nhiem: r.decision("qd_mien_nhiem"),
    })
}

fn contact(r: &Row) -> Option<Contact> {
    let ho_ten = r.req("ho_ten", "Nguyễn Văn An");
    r.unknown_fields(CONTACT_FIELDS);
    Some(Contact {
        ho_ten: ho_ten?,
        chuc_vu: r.text("chuc_vu"),
        don_vi: r.text("don_vi"),
        dien_thoai: r.text("dien_thoai"),
        email: r.text("email"),
    })
}

fn link(r: &Row) -> Option<NamedLink> {
    let ten = r.req("ten", "Cổng thông tin điện tử tỉnh Đồng Nai");
    let url = r.req("url", "https://dongnai.gov.vn/");
    r.unknown_fields(&["ten", "url"]);
    Some(NamedLink {
        ten: ten?,
        url: url?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(name: &str, yaml: &str) -> DataDoc {
        let (value, positions) = match crate::load::yaml::parse(yaml).unwrap() {
            crate::load::yaml::Doc::Seq(items) => (
                Value::Array(items.iter().map(|(v, _, _)| v.clone()).collect()),
                items
                    .iter()
                    .enumerate()
                    .map(|(i, (_, l, c))| (i.to_string(), *l, *c))
                    .collect(),
            ),
            _ => panic!(),
        };
        DataDoc {
            rel: format!("data/{name}.yaml").into(),
            name: name.into(),
            value,
            positions,
        }
    }

    #[test]
    fn people_are_typed_and_errors_point_at_the_element() {
        let d = Diagnostics::new();
        let yaml = "- ho_ten: Nguyễn Văn An\n  trang_thai: Đang hoạt động\n  qd_cong_nhan: {so_ky_hieu: 100/QĐ-UBND, ngay: 2020-01-02}\n- ho_ten: Trần Thị Bình\n  trang_thai: Đang hoat động\n  dien_thoai: '0900'\n";
        let out = parse_data(&[data("bao-cao-vien", yaml)], &d);
        assert_eq!(out.bao_cao_vien.len(), 1);
        assert_eq!(
            out.bao_cao_vien[0].qd_cong_nhan.as_ref().unwrap().ngay,
            Date::parse_iso("2020-01-02")
        );
        let ds = d.into_sorted();
        let err = ds.iter().find(|x| x.code == "gia-tri").unwrap();
        assert_eq!(err.line, Some(4));
        assert!(err.message.contains("Đang hoat động"));
        assert!(ds.iter().any(|x| x.code == "du-lieu-ca-nhan"));
    }
}
