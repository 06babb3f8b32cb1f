//! `dong_bo` in site.yaml, typed: the sources `pbgdpl sync` imports from. Each is
//! `{ten, nguon, loai?, chuyen_muc?, toi_da_muc?, thoi_gian_cho?}`; `nguon` is the `api/v1/`
//! address of another pbgdpl site, a local folder (a built output) or an RSS/Atom feed.
//! Checked by `pbgdpl build`/`check` (through `validate::config`) and by `sync` alike, with
//! the same Vietnamese messages.

use serde_json::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceKind {
    /// `api/v1/` of a pbgdpl site over HTTP(S).
    Api,
    /// A folder on this machine holding a built pbgdpl output (`api/v1/` inside).
    Folder,
    /// An RSS 2.0 or Atom feed; entries become `tin-tuc` items (or `chuyen_muc`).
    Feed,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    pub ten: String,
    pub nguon: String,
    pub kind: SourceKind,
    /// Api/folder: import only this section. Feed: the section to write into.
    pub chuyen_muc: Option<String>,
    pub toi_da_muc: usize,
    /// Connect and read timeout, seconds.
    pub thoi_gian_cho: u64,
}

pub const DEFAULT_MAX_ITEMS: usize = 20_000;
pub const DEFAULT_TIMEOUT: u64 = 20;

/// A problem with one source: `field` is `dong_bo[2].nguon`-style.
#[derive(Clone, Debug)]
pub struct SourceError {
    pub field: String,
    pub message: String,
    pub fix: String,
}

/// Reads `dong_bo`; `null`/absent is no source.
pub fn parse_sources(value: &Value) -> Result<Vec<Source>, Vec<SourceError>> {
    let list = match value {
        Value::Null => return Ok(Vec::new()),
        Value::Array(a) => a,
        other => {
            return Err(vec![SourceError {
                field: "dong_bo".into(),
                message: format!("`dong_bo` phải là một danh sách nguồn, nhưng đang là {other}."),
                fix: "viết:\n      dong_bo:\n        - ten: Sở Tư pháp tỉnh Đồng Nai\n          nguon: https://stp.dongnai.gov.vn/pbgdpl/api/v1/".into(),
            }])
        }
    };
    let mut sources = Vec::new();
    let mut errors = Vec::new();
    for (i, v) in list.iter().enumerate() {
        match source(i, v) {
            Ok(s) => sources.push(s),
            Err(e) => errors.extend(e),
        }
    }
    if errors.is_empty() {
        Ok(sources)
    } else {
        Err(errors)
    }
}

fn source(i: usize, v: &Value) -> Result<Source, Vec<SourceError>> {
    let at = |k: &str| format!("dong_bo[{}].{k}", i + 1);
    let mut errors = Vec::new();
    let Value::Object(m) = v else {
        return Err(vec![SourceError {
            field: format!("dong_bo[{}]", i + 1),
            message: format!(
                "nguồn thứ {} phải là nhóm `{{ten, nguon}}`, nhưng đang là {v}.",
                i + 1
            ),
            fix: "viết `- ten: <tên đơn vị>` rồi dòng dưới `  nguon: <địa chỉ api/v1/ hoặc RSS>`."
                .into(),
        }]);
    };
    let text = |k: &str| {
        m.get(k)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    let ten = text("ten");
    if ten.is_none() {
        errors.push(SourceError {
            field: at("ten"),
            message: format!("nguồn thứ {} thiếu `ten` (tên đơn vị nguồn, ghi vào trường `nguon` của bài lấy về).", i + 1),
            fix: "thêm `ten: Ủy ban nhân dân xã Long Thành`.".into(),
        });
    }
    let nguon = text("nguon");
    let kind = match (nguon, text("loai")) {
        (None, _) => {
            errors.push(SourceError {
                field: at("nguon"),
                message: format!("nguồn thứ {} thiếu `nguon` (địa chỉ lấy dữ liệu).", i + 1),
                fix: "thêm `nguon: https://<trang nguồn>/api/v1/`, một thư mục trên máy, hoặc địa chỉ bản tin RSS.".into(),
            });
            None
        }
        (Some(n), loai) => match kind_of(n, loai) {
            Ok(k) => Some(k),
            Err((message, fix)) => {
                errors.push(SourceError {
                    field: at(if loai.is_some() { "loai" } else { "nguon" }),
                    message,
                    fix,
                });
                None
            }
        },
    };
    let chuyen_muc = text("chuyen_muc").map(str::to_string);
    if let Some(c) = &chuyen_muc {
        if crate::model::section_def(c).is_none() {
            let all: Vec<&str> = crate::model::SECTIONS.iter().map(|s| s.folder).collect();
            errors.push(SourceError {
                field: at("chuyen_muc"),
                message: format!("`chuyen_muc: {c}` không phải là chuyên mục của trang."),
                fix: format!("dùng một trong: {}.", all.join(", ")),
            });
        }
    }
    let number = |k: &str, default: u64, max: u64, errors: &mut Vec<SourceError>| match m.get(k) {
        None | Some(Value::Null) => default,
        Some(v) => match v.as_u64().filter(|n| (1..=max).contains(n)) {
            Some(n) => n,
            None => {
                errors.push(SourceError {
                    field: at(k),
                    message: format!(
                        "`{k}` phải là một số nguyên từ 1 đến {max}, nhưng đang là {v}."
                    ),
                    fix: format!("viết `{k}: {default}`."),
                });
                default
            }
        },
    };
    let toi_da_muc = number(
        "toi_da_muc",
        DEFAULT_MAX_ITEMS as u64,
        1_000_000,
        &mut errors,
    ) as usize;
    let thoi_gian_cho = number("thoi_gian_cho", DEFAULT_TIMEOUT, 600, &mut errors);
    match (ten, nguon, kind) {
        (Some(ten), Some(nguon), Some(kind)) if errors.is_empty() => Ok(Source {
            ten: crate::vi::nfc(ten),
            nguon: nguon.to_string(),
            kind,
            chuyen_muc,
            toi_da_muc,
            thoi_gian_cho,
        }),
        _ => Err(errors),
    }
}

fn kind_of(nguon: &str, loai: Option<&str>) -> Result<SourceKind, (String, String)> {
    let lower = nguon.to_ascii_lowercase();
    let web = lower.starts_with("http://") || lower.starts_with("https://");
    let has_scheme = lower.split_once(':').is_some_and(|(s, _)| {
        s.len() > 1
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    if has_scheme && !web {
        return Err((
            format!("địa chỉ nguồn \"{nguon}\" không dùng được: chỉ nhận địa chỉ http://, https:// hoặc một thư mục trên máy."),
            "viết địa chỉ bắt đầu bằng `https://`.".into(),
        ));
    }
    match loai {
        Some("api") if web => Ok(SourceKind::Api),
        Some("rss") if web => Ok(SourceKind::Feed),
        Some("thu_muc") if !web => Ok(SourceKind::Folder),
        Some("api" | "rss") => Err((
            format!("nguồn loại `{}` cần một địa chỉ http:// hoặc https://, nhưng `nguon` là \"{nguon}\".", loai.unwrap_or_default()),
            "sửa `nguon` thành địa chỉ web, hoặc dùng `loai: thu_muc` cho một thư mục trên máy.".into(),
        )),
        Some("thu_muc") => Err((
            format!("nguồn loại `thu_muc` cần một thư mục trên máy, nhưng `nguon` là địa chỉ web \"{nguon}\"."),
            "bỏ dòng `loai` để tự nhận ra, hoặc viết `loai: api`.".into(),
        )),
        Some(other) => Err((
            format!("`loai: {other}` không hợp lệ."),
            "dùng một trong: `api`, `thu_muc`, `rss` (hoặc bỏ trống để tự nhận ra).".into(),
        )),
        None if !web => Ok(SourceKind::Folder),
        None if looks_like_feed(&lower) => Ok(SourceKind::Feed),
        None => Ok(SourceKind::Api),
    }
}

/// NukeViet's `/rss/…`, `.rss`, `.xml`, `atom`, `feed`: a feed rather than an `api/v1/`.
fn looks_like_feed(lower: &str) -> bool {
    let path = lower.split(['?', '#']).next().unwrap_or("");
    !path.contains("/api/v1")
        && (path.ends_with(".xml")
            || path.ends_with(".rss")
            || path.contains("/rss")
            || path.contains("atom")
            || path.contains("feed"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn kinds_are_inferred_and_checked() {
        let v = json!([
            {"ten": "Tỉnh", "nguon": "https://stp.example.gov.vn/pbgdpl/api/v1/"},
            {"ten": "Xã", "nguon": "../xa/public"},
            {"ten": "Tin", "nguon": "https://pbgdpl.dongnai.gov.vn/vi/news/rss/thong-tin/", "chuyen_muc": "tin-tuc"},
        ]);
        let s = parse_sources(&v).unwrap();
        assert_eq!(
            s.iter().map(|s| s.kind).collect::<Vec<_>>(),
            vec![SourceKind::Api, SourceKind::Folder, SourceKind::Feed]
        );
        assert_eq!(s[0].toi_da_muc, DEFAULT_MAX_ITEMS);
    }

    #[test]
    fn bad_sources_say_which_field_and_how_to_fix() {
        let v = json!([{"nguon": "javascript:alert(1)"}, {"ten": "A", "nguon": "https://a/", "loai": "ftp", "toi_da_muc": 0, "chuyen_muc": "khong-co"}]);
        let e = parse_sources(&v).unwrap_err();
        let fields: Vec<&str> = e.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            vec![
                "dong_bo[1].ten",
                "dong_bo[1].nguon",
                "dong_bo[2].loai",
                "dong_bo[2].chuyen_muc",
                "dong_bo[2].toi_da_muc"
            ]
        );
        assert!(e[1].message.contains("chỉ nhận địa chỉ http"));
        assert!(parse_sources(&json!("x")).is_err());
        assert!(parse_sources(&Value::Null).unwrap().is_empty());
    }
}
