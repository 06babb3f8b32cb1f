//! `site.yaml` → `SiteConfig`: the agency and the site. Required: `ten_trang`,
//! `co_quan.ten_day_du`, `base_url` (http/https, always ending in `/`; `--base-url` wins).
//! The emblem must be a file under `static/`; without one the theme's emblem is used.
//! Unknown top-level keys are kept in `extra` for templates.

use crate::config::{Agency, Person, SiteConfig};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::DataDoc;
use crate::model::NamedLink;
use serde_json::{Map, Value};
use std::path::Path;

use super::ValidateOptions;

/// Every top-level key of site.yaml the code reads (the JSON Schema is tested against it).
pub const KNOWN: &[&str] = &[
    "ten_trang",
    "mo_ta",
    "co_quan",
    "base_url",
    "gui_cau_hoi",
    "danh_gia",
    "kenh_chinh_thuc",
    "dong_bo",
    "cho_phep_html",
    "so_muc_moi_trang",
    "duong_dan_dep",
    "bao_cao",
];

/// Reads one mapping of site.yaml; problems point at `at` (the mapping's key line).
struct Cfg<'a> {
    rel: &'a Path,
    map: &'a Map<String, Value>,
    doc: &'a DataDoc,
    prefix: &'static str,
    diags: &'a Diagnostics,
}

impl Cfg<'_> {
    fn pos(&self, key: &str) -> (usize, usize) {
        let top = if self.prefix.is_empty() {
            key
        } else {
            self.prefix.trim_end_matches('.')
        };
        self.doc.position(top).unwrap_or((1, 1))
    }

    fn err(&self, key: &str, message: String, fix: String) {
        let (l, c) = self.pos(key);
        self.diags.push(
            Diagnostic::error("cau-hinh", self.rel, message)
                .at(l, c)
                .field(format!("{}{key}", self.prefix))
                .fix(fix),
        );
    }

    fn text(&self, key: &str) -> Option<String> {
        match self.map.get(key)? {
            Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Value::Number(n) => Some(n.to_string()),
            Value::Null | Value::String(_) => None,
            other => {
                self.err(
                    key,
                    format!(
                        "`{}{key}` phải là một dòng chữ, nhưng đang là {other}.",
                        self.prefix
                    ),
                    format!("viết `{key}: <nội dung>` trên một dòng."),
                );
                None
            }
        }
    }

    fn req(&self, key: &str, example: &str) -> Option<String> {
        let v = self.text(key);
        if v.is_none()
            && !matches!(
                self.map.get(key),
                Some(Value::Array(_) | Value::Object(_) | Value::Bool(_))
            )
        {
            self.err(
                key,
                format!("site.yaml thiếu trường bắt buộc `{}{key}`.", self.prefix),
                format!(
                    "thêm dòng `{key}: {example}`{}.",
                    if self.prefix.is_empty() {
                        String::new()
                    } else {
                        format!(" bên trong `{}`", self.prefix.trim_end_matches('.'))
                    }
                ),
            );
        }
        v
    }

    fn flag(&self, key: &str) -> bool {
        match self.map.get(key) {
            Some(Value::Bool(b)) => *b,
            None | Some(Value::Null) => false,
            Some(other) => {
                self.err(
                    key,
                    format!("`{key}` phải là `true` hoặc `false`, nhưng đang là {other}."),
                    format!("viết `{key}: false`."),
                );
                false
            }
        }
    }
}

pub fn parse_config(
    doc: Option<&DataDoc>,
    root: &Path,
    opts: &ValidateOptions,
    diags: &Diagnostics,
) -> SiteConfig {
    let Some(doc) = doc else {
        if !root.join("site.yaml").is_file() {
            diags.push(
                Diagnostic::error("cau-hinh", "site.yaml", format!("không có tệp cấu hình `site.yaml` trong thư mục trang `{}`.", root.display()))
                    .fix("chạy `pbgdpl init` để tạo trang mẫu, hoặc tạo tệp site.yaml với ít nhất `ten_trang`, `co_quan: {ten_day_du: ...}` và `base_url`."),
            );
        }
        return default_config(opts);
    };
    let empty = Map::new();
    let map = match &doc.value {
        Value::Object(m) => m,
        _ => {
            diags.push(
                Diagnostic::error("cau-hinh", &doc.rel, "site.yaml phải là các dòng `tên_trường: giá trị`.")
                    .at(1, 1)
                    .fix("viết theo mẫu:\n      ten_trang: Trang thông tin phổ biến, giáo dục pháp luật\n      co_quan:\n        ten_day_du: Sở Tư pháp tỉnh Đồng Nai\n      base_url: https://stp.dongnai.gov.vn/pbgdpl/"),
            );
            &empty
        }
    };
    let top = Cfg {
        rel: &doc.rel,
        map,
        doc,
        prefix: "",
        diags,
    };
    let ten_trang = top
        .req("ten_trang", "Trang thông tin phổ biến, giáo dục pháp luật")
        .unwrap_or_default();
    let co_quan = agency(&top, root);
    let base_url = base_url(&top, opts);
    let so_muc = match map.get("so_muc_moi_trang") {
        None | Some(Value::Null) => 20,
        Some(v) => match v.as_u64().filter(|n| (1..=1000).contains(n)) {
            Some(n) => n as usize,
            None => {
                top.err(
                    "so_muc_moi_trang",
                    format!("`so_muc_moi_trang` phải là một số từ 1 đến 1000, nhưng đang là {v}."),
                    "viết `so_muc_moi_trang: 20`.".into(),
                );
                20
            }
        },
    };
    sync_sources(&top);
    let extra = map
        .iter()
        .filter(|(k, _)| !KNOWN.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    SiteConfig {
        ten_trang,
        mo_ta: top.text("mo_ta"),
        co_quan,
        base_url,
        gui_cau_hoi: top.text("gui_cau_hoi"),
        danh_gia: top.text("danh_gia"),
        kenh_chinh_thuc: channels(&top),
        dong_bo: map.get("dong_bo").cloned().unwrap_or(Value::Null),
        cho_phep_html: top.flag("cho_phep_html"),
        so_muc_moi_trang: so_muc,
        duong_dan_dep: top.flag("duong_dan_dep"),
        bao_cao: report_cutoffs(&top),
        extra,
    }
}

/// `dong_bo`: checked with the same rules `pbgdpl sync` applies (`crate::sync::config`).
fn sync_sources(top: &Cfg) {
    let value = top.map.get("dong_bo").cloned().unwrap_or(Value::Null);
    if let Err(errors) = crate::sync::config::parse_sources(&value) {
        let (l, c) = top.pos("dong_bo");
        for e in errors {
            top.diags.push(
                Diagnostic::error("cau-hinh", top.rel, e.message)
                    .at(l, c)
                    .field(e.field)
                    .fix(e.fix),
            );
        }
    }
}

/// `bao_cao: {chot_6_thang: 15/05, chot_nam: 15/11}`: the days the report figures are closed.
fn report_cutoffs(top: &Cfg) -> crate::config::ReportCutoffs {
    let mut out = crate::config::ReportCutoffs::default();
    let map = match top.map.get("bao_cao") {
        None | Some(Value::Null) => return out,
        Some(Value::Object(m)) => m,
        Some(_) => {
            top.err(
                "bao_cao",
                "`bao_cao` phải là nhóm trường ngày chốt số liệu báo cáo.".into(),
                "viết:\n      bao_cao:\n        chot_6_thang: 15/05\n        chot_nam: 15/11"
                    .into(),
            );
            return out;
        }
    };
    let c = Cfg {
        map,
        prefix: "bao_cao.",
        ..*top
    };
    for (key, slot, example) in [
        ("chot_6_thang", &mut out.chot_6_thang, "15/05"),
        ("chot_nam", &mut out.chot_nam, "15/11"),
    ] {
        let Some(v) = map.get(key) else { continue };
        let text = v.as_str().map(str::trim).unwrap_or_default();
        match crate::stats::period::parse_day_month(text) {
            Some(dm) => *slot = dm,
            None => c.err(
                key,
                format!("`bao_cao.{key}` phải là một ngày trong năm dạng ngày/tháng (ví dụ {example}), nhưng đang là {v}."),
                format!("viết `{key}: \"{example}\"` (ngày/tháng, không có năm; không dùng 29/02)."),
            ),
        }
    }
    if month_first(out.chot_6_thang) >= month_first(out.chot_nam) {
        c.err(
            "chot_6_thang",
            "ngày chốt số liệu 6 tháng (`bao_cao.chot_6_thang`) phải trước ngày chốt số liệu năm (`bao_cao.chot_nam`).".into(),
            "ví dụ: `chot_6_thang: \"15/05\"` và `chot_nam: \"15/11\"`.".into(),
        );
        out = crate::config::ReportCutoffs::default();
    }
    out
}

/// (day, month) → (month, day), for ordering two days of the year.
fn month_first((d, m): (u8, u8)) -> (u8, u8) {
    (m, d)
}

fn default_config(opts: &ValidateOptions) -> SiteConfig {
    SiteConfig {
        base_url: opts.base_url.as_deref().map(with_slash).unwrap_or_default(),
        so_muc_moi_trang: 20,
        co_quan: Agency {
            bieu_trung: crate::theme::EMBLEM_PATH.to_string(),
            ..Agency::default()
        },
        ..SiteConfig::default()
    }
}

fn with_slash(s: &str) -> String {
    let s = s.trim();
    if s.ends_with('/') {
        s.to_string()
    } else {
        format!("{s}/")
    }
}

fn is_http(s: &str) -> bool {
    let l = s.to_ascii_lowercase();
    (l.starts_with("http://") || l.starts_with("https://"))
        && l.len() > "https://".len()
        && !s.contains(char::is_whitespace)
}

fn base_url(top: &Cfg, opts: &ValidateOptions) -> String {
    if let Some(over) = &opts.base_url {
        return with_slash(over);
    }
    let Some(url) = top.req("base_url", "https://stp.dongnai.gov.vn/pbgdpl/") else {
        return String::new();
    };
    if !is_http(&url) {
        top.err(
            "base_url",
            format!("`base_url` \"{url}\" không phải địa chỉ web bắt đầu bằng `https://` (hoặc `http://`)."),
            "viết địa chỉ đầy đủ của trang khi đưa lên mạng, ví dụ `base_url: https://stp.dongnai.gov.vn/pbgdpl/`.".into(),
        );
    }
    with_slash(&url)
}

fn agency(top: &Cfg, root: &Path) -> Agency {
    let empty = Map::new();
    let map = match top.map.get("co_quan") {
        Some(Value::Object(m)) => m,
        _ => {
            top.err(
                "co_quan",
                "site.yaml thiếu nhóm trường bắt buộc `co_quan` (cơ quan chủ quản của trang)."
                    .into(),
                "thêm:\n      co_quan:\n        ten_day_du: Sở Tư pháp tỉnh Đồng Nai".into(),
            );
            &empty
        }
    };
    let c = Cfg {
        rel: top.rel,
        map,
        doc: top.doc,
        prefix: "co_quan.",
        diags: top.diags,
    };
    let ten_day_du = if map.is_empty() {
        None
    } else {
        c.req("ten_day_du", "Sở Tư pháp tỉnh Đồng Nai")
    };
    let nguoi = match map.get("nguoi_chiu_trach_nhiem") {
        Some(Value::Object(m)) => {
            let p = Cfg {
                rel: top.rel,
                map: m,
                doc: top.doc,
                prefix: "co_quan.",
                diags: top.diags,
            };
            Some(Person {
                ho_ten: p.text("ho_ten").unwrap_or_default(),
                chuc_vu: p.text("chuc_vu").unwrap_or_default(),
            })
        }
        _ => None,
    };
    Agency {
        ten_day_du: ten_day_du.unwrap_or_default(),
        co_quan_chu_quan: c.text("co_quan_chu_quan"),
        ten_viet_tat: c.text("ten_viet_tat"),
        bieu_trung: emblem(&c, root),
        dia_chi: c.text("dia_chi"),
        dien_thoai: c.text("dien_thoai"),
        email: c.text("email"),
        nguoi_chiu_trach_nhiem: nguoi,
        dia_danh: c.text("dia_danh"),
        giay_phep: c.text("giay_phep"),
    }
}

/// The emblem's output URL: a file under `static/` keeps its path below `static/`.
fn emblem(c: &Cfg, root: &Path) -> String {
    let Some(raw) = c.text("bieu_trung") else {
        return crate::theme::EMBLEM_PATH.to_string();
    };
    let rel = match raw.strip_prefix('/') {
        Some(rest) => format!("static/{rest}"),
        None => raw.clone(),
    };
    let fix = "đặt tệp ảnh biểu trưng vào thư mục `static/` và viết `bieu_trung: static/bieu-trung.png`; bỏ trường này để dùng biểu trưng mặc định.";
    let escapes = std::path::Path::new(&rel)
        .components()
        .any(|c| matches!(c, std::path::Component::ParentDir));
    if escapes || !rel.starts_with("static/") {
        c.err(
            "bieu_trung",
            format!("biểu trưng \"{raw}\" phải là một tệp trong thư mục `static/` của trang."),
            fix.into(),
        );
        return crate::theme::EMBLEM_PATH.to_string();
    }
    if !root.join(&rel).is_file() {
        c.err(
            "bieu_trung",
            format!("không tìm thấy tệp biểu trưng \"{raw}\" (đã tìm ở `{rel}`)."),
            fix.into(),
        );
        return crate::theme::EMBLEM_PATH.to_string();
    }
    rel["static/".len()..].to_string()
}

fn channels(top: &Cfg) -> Vec<NamedLink> {
    let Some(v) = top.map.get("kenh_chinh_thuc") else {
        return Vec::new();
    };
    let Some(list) = v.as_array() else {
        if !v.is_null() {
            top.err(
                "kenh_chinh_thuc",
                format!("`kenh_chinh_thuc` phải là một danh sách, nhưng đang là {v}."),
                "viết `kenh_chinh_thuc: [{ten: Zalo OA Sở Tư pháp, url: https://zalo.me/...}]`."
                    .into(),
            );
        }
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in list {
        match (
            item.get("ten").and_then(Value::as_str),
            item.get("url").and_then(Value::as_str),
        ) {
            (Some(ten), Some(url)) => out.push(NamedLink {
                ten: ten.trim().into(),
                url: url.trim().into(),
            }),
            _ => top.err(
                "kenh_chinh_thuc",
                format!("mỗi kênh trong `kenh_chinh_thuc` cần `ten` và `url` (đang là {item})."),
                "viết `- {ten: Zalo OA Sở Tư pháp, url: https://zalo.me/...}`.".into(),
            ),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(yaml: &str) -> DataDoc {
        let (value, positions) = match crate::load::yaml::parse(yaml).unwrap() {
            crate::load::yaml::Doc::Map(es) => (
                Value::Object(
                    es.iter()
                        .map(|e| (e.key.clone(), e.value.clone()))
                        .collect(),
                ),
                es.iter()
                    .map(|e| (e.key.clone(), e.line, e.column))
                    .collect(),
            ),
            _ => panic!(),
        };
        DataDoc {
            rel: "site.yaml".into(),
            name: "site".into(),
            value,
            positions,
        }
    }

    #[test]
    fn reads_required_fields_and_defaults() {
        let tmp = tempfile::tempdir().unwrap();
        let d = Diagnostics::new();
        let c = parse_config(Some(&doc("ten_trang: T\nco_quan:\n  ten_day_du: Sở Tư pháp\nbase_url: https://a.gov.vn/pbgdpl\nkhac: 1\n")), tmp.path(), &ValidateOptions::default(), &d);
        assert!(!d.has_errors(), "{:?}", d.snapshot());
        assert_eq!(c.base_url, "https://a.gov.vn/pbgdpl/");
        assert_eq!(c.so_muc_moi_trang, 20);
        assert_eq!(c.co_quan.bieu_trung, "assets/bieu-trung.svg");
        assert_eq!(c.extra["khac"], 1);
    }

    #[test]
    fn reports_missing_fields_bad_urls_and_emblems() {
        let tmp = tempfile::tempdir().unwrap();
        let d = Diagnostics::new();
        parse_config(
            Some(&doc(
                "ten_trang: T\nco_quan:\n  bieu_trung: static/khong-co.png\nbase_url: stp.gov.vn\n",
            )),
            tmp.path(),
            &ValidateOptions::default(),
            &d,
        );
        let fields: Vec<String> = d.snapshot().into_iter().filter_map(|x| x.field).collect();
        assert!(
            fields.contains(&"co_quan.ten_day_du".to_string()),
            "{fields:?}"
        );
        assert!(
            fields.contains(&"co_quan.bieu_trung".to_string()),
            "{fields:?}"
        );
        assert!(fields.contains(&"base_url".to_string()), "{fields:?}");
    }

    #[test]
    fn missing_site_yaml_says_how_to_create_it() {
        let tmp = tempfile::tempdir().unwrap();
        let d = Diagnostics::new();
        parse_config(None, tmp.path(), &ValidateOptions::default(), &d);
        assert!(d.snapshot()[0].fix.contains("pbgdpl init"));
    }
}
