//! Field table → JSON Schema values, and the API files' schemas. Output is deterministic
//! (pretty JSON, keys sorted) so `docs/schema/` can be compared byte for byte.

use super::fields::{self, FieldDef, Req, Ty};
use crate::validate::enums;
use serde_json::{json, Map, Value};
use std::path::Path;

const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";
const BASE: &str = "https://pbgdpl.github.io/schema/v1/";

fn date() -> Value {
    json!({"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"})
}

fn text() -> Value {
    json!({"type": ["string", "number"]})
}

fn type_schema(ty: Ty) -> Value {
    match ty {
        Ty::Text => text(),
        Ty::Markdown => json!({"type": "string"}),
        Ty::Texts => {
            json!({"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": ["string", "number", "null"]}}]})
        }
        Ty::Date => date(),
        Ty::Flag => {
            json!({"anyOf": [{"type": "boolean"}, {"type": "string", "pattern": "^\\s*([Cc][Óó]|[Cc][Oo]|[Kk][Hh][Ôô][Nn][Gg]|[Kk][Hh][Oo][Nn][Gg])\\s*$"}]})
        }
        Ty::Count => {
            json!({"anyOf": [{"type": "integer", "minimum": 0}, {"type": "string", "pattern": "^[0-9. ]+$"}]})
        }
        Ty::Choice(values) => json!({"type": "string", "enum": values}),
        Ty::Path => {
            json!({"type": "string", "minLength": 1, "not": {"pattern": "^[Hh][Tt][Tt][Pp][Ss]?://"}})
        }
        Ty::PathOrUrl => json!({"type": "string", "minLength": 1}),
        Ty::Files => {
            let entry = json!({"anyOf": [
                {"type": "string", "minLength": 1},
                {"type": "object", "properties": {
                    "duong_dan": {"type": "string", "title": "Đường dẫn", "description": "Tệp cạnh bài hoặc `/…` trong static/."},
                    "path": {"type": "string", "description": "Cách viết cũ của `duong_dan`."},
                    "nhan": {"type": "string", "title": "Nhãn", "description": "Tên hiển thị của tệp."}
                }, "anyOf": [{"required": ["duong_dan"]}, {"required": ["path"]}]}
            ]});
            json!({"anyOf": [{"type": "string", "minLength": 1}, {"type": "array", "minItems": 1, "items": entry}]})
        }
        Ty::Links => json!({"anyOf": [
            {"type": "object", "additionalProperties": {"type": "string"}},
            {"type": "array", "items": {"type": "object", "properties": {"ten": {"type": "string"}, "url": {"type": "string"}}, "required": ["url"]}}
        ]}),
        Ty::Relations => {
            let kinds: Vec<&str> = enums::QUAN_HE.iter().map(|(k, _)| *k).collect();
            json!({"type": "array", "items": {"type": "object", "properties": {
                "loai": {"type": "string", "enum": kinds, "title": "Loại quan hệ"},
                "so_ky_hieu": {"type": ["string", "number"], "title": "Số ký hiệu"},
                "ngay_ban_hanh": date()
            }, "required": ["loai", "so_ky_hieu"]}})
        }
        Ty::Url => json!({"type": "string", "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://"}),
        Ty::Decision => json!({"type": "object", "properties": {
            "so_ky_hieu": {"type": ["string", "number"], "title": "Số ký hiệu"},
            "ngay": date(),
            "ly_do": {"type": "string", "title": "Lý do"}
        }, "required": ["so_ky_hieu"]}),
        Ty::Provenance => json!({"type": "object", "properties": {
            "nguon": {"type": "string", "title": "Địa chỉ nguồn", "description": "Nguồn trong `dong_bo` của site.yaml."},
            "ma": {"type": "string", "title": "Mã bài ở nguồn"},
            "url": {"type": "string", "title": "Trang gốc"},
            "bam": {"type": "string", "title": "Mã băm ở nguồn", "pattern": "^sha256:[0-9a-f]+$"},
            "ban_ghi": {"type": "string", "title": "Mã băm khi ghi", "description": "Mã băm tệp khi `pbgdpl sync` ghi, để nhận ra bài đã sửa tay."}
        }, "required": ["nguon", "ma", "bam"]}),
        Ty::Any => json!({}),
    }
}

fn property(d: &FieldDef) -> Value {
    let mut v = type_schema(d.ty);
    let m = v.as_object_mut().expect("object schema");
    m.insert("title".into(), json!(d.title));
    m.insert("description".into(), json!(d.description));
    if let Ok(example) = serde_saphyr::from_str::<Value>(d.example) {
        m.insert("examples".into(), json!([example]));
    }
    v
}

/// An object schema of `defs`; unknown keys are allowed, as the validator only warns.
fn object(id: &str, title: &str, description: &str, defs: &[FieldDef]) -> Value {
    let props: Map<String, Value> = defs
        .iter()
        .map(|d| (d.name.to_string(), property(d)))
        .collect();
    let required: Vec<&str> = defs
        .iter()
        .filter(|d| d.req == Req::Yes)
        .map(|d| d.name)
        .collect();
    let mut s = json!({
        "$schema": DRAFT,
        "$id": format!("{BASE}{id}"),
        "title": title,
        "description": description,
        "type": "object",
        "properties": props,
        "required": required,
    });
    let mut all_of = Vec::new();
    if defs.iter().any(|d| d.req == Req::IfVbqppl) {
        let names: Vec<&str> = defs
            .iter()
            .filter(|d| d.req == Req::IfVbqppl)
            .map(|d| d.name)
            .collect();
        // `la_vbqppl` defaults to what the number says: `số/năm/…` is a VBQPPL (domain-vn B2).
        let stated =
            json!({"properties": {"la_vbqppl": {"const": true}}, "required": ["la_vbqppl"]});
        let by_number = json!({"properties": {
            "so_ky_hieu": {"type": "string", "pattern": "^[0-9]{1,4}(\\.[0-9]+)?/(19|20)[0-9]{2}/"},
            "la_vbqppl": {"not": {"const": false}}
        }, "required": ["so_ky_hieu"]});
        all_of.push(json!({"if": {"anyOf": [stated, by_number]}, "then": {"required": names}}));
    }
    if defs.iter().any(|d| d.req == Req::TitleOrName) {
        all_of.push(json!({"anyOf": [{"required": ["tieu_de"]}, {"required": ["ten"]}]}));
    }
    if !all_of.is_empty() {
        s["allOf"] = Value::Array(all_of);
    }
    s
}

/// `tieu_de` adjusted per kind: built for documents, `ten` may stand in for materials/contests.
pub fn item_defs(kind: &str) -> Vec<FieldDef> {
    let mut defs = fields::item_fields(kind);
    for d in &mut defs {
        if d.name == "tieu_de" {
            d.req = match kind {
                "van_ban" => Req::Built,
                "tai_lieu" | "cuoc_thi" => Req::TitleOrName,
                _ => Req::Yes,
            };
        }
    }
    defs
}

pub fn item_schema(kind: &str) -> Value {
    let (_, label, _) = fields::KINDS
        .iter()
        .find(|(k, _, _)| *k == kind)
        .copied()
        .unwrap_or(("page", "", &[]));
    object(
        &format!("muc-{}.schema.json", kind.replace('_', "-")),
        &format!("Phần đầu (front matter) của một mục loại `{kind}`"),
        &format!("{label}. Các trường trong phần đầu tệp Markdown, theo định dạng nội dung v1."),
        &item_defs(kind),
    )
}

fn data_schema(stem: &str, title: &str, rows: &[FieldDef]) -> Value {
    let row = object(
        &format!("du-lieu-{stem}.schema.json#hang"),
        title,
        "Một dòng của danh sách.",
        rows,
    );
    let mut row = row.as_object().cloned().unwrap_or_default();
    row.remove("$schema");
    row.remove("$id");
    json!({
        "$schema": DRAFT,
        "$id": format!("{BASE}du-lieu-{stem}.schema.json"),
        "title": format!("data/{stem}.yaml — {title}"),
        "description": format!("{title}: một danh sách, mỗi phần tử một dòng."),
        "anyOf": [{"type": "null"}, {"type": "array", "items": Value::Object(row)}],
    })
}

fn site_schema() -> Value {
    let mut s = object(
        "site.schema.json",
        "site.yaml — cấu hình trang",
        "Cơ quan chủ quản và các thiết lập của trang.",
        fields::SITE,
    );
    let mut agency = object(
        "#co_quan",
        "Cơ quan",
        "Cơ quan chủ quản của trang.",
        fields::AGENCY,
    );
    let mut source = object(
        "#nguon_dong_bo",
        "Một nguồn đồng bộ",
        "Một nguồn để `pbgdpl sync` lấy bài về.",
        fields::SYNC_SOURCE,
    );
    for v in [&mut agency, &mut source] {
        let m = v.as_object_mut().expect("object");
        m.remove("$schema");
        m.remove("$id");
    }
    s["properties"]["co_quan"] = json!({"allOf": [agency], "title": "Cơ quan", "description": "Cơ quan chủ quản của trang."});
    s["properties"]["dong_bo"] = json!({"title": "Nguồn đồng bộ", "description": "Các nguồn để `pbgdpl sync` lấy bài về.", "anyOf": [{"type": "null"}, {"type": "array", "items": source}]});
    s
}

/// The published API files' schemas; item records embed the front-matter schemas.
fn api_schemas() -> Vec<(String, Value)> {
    let kinds: Vec<&str> = fields::KINDS.iter().map(|(k, _, _)| *k).collect();
    let mut defs = Map::new();
    for k in &kinds {
        let mut s = item_schema(k);
        let m = s.as_object_mut().expect("object");
        m.remove("$schema");
        m.remove("$id");
        defs.insert(format!("truong_{k}"), s);
    }
    let hash = json!({"type": "string", "pattern": "^sha256:[0-9a-f]{64}$"});
    let by_kind: Vec<Value> = kinds
        .iter()
        .map(|k| json!({"if": {"properties": {"loai": {"const": k}}}, "then": {"properties": {"truong": {"$ref": format!("#/$defs/truong_{k}")}}}}))
        .collect();
    defs.insert("muc".into(), json!({
        "title": "Một mục",
        "type": "object",
        "properties": {
            "ma": {"type": "string", "title": "Mã", "description": "Mã ổn định của mục: đường dẫn không có `/` cuối.", "pattern": "^[a-z0-9_-]+(/[a-z0-9_-]+)+$"},
            "loai": {"type": "string", "enum": kinds, "title": "Loại mục"},
            "chuyen_muc": {"type": "string", "title": "Chuyên mục"},
            "tieu_de": {"type": "string", "title": "Tiêu đề"},
            "url": {"type": "string", "title": "Địa chỉ trang", "pattern": "^https?://"},
            "duong_dan": {"type": "string", "title": "Đường dẫn trong trang"},
            "ngay_dang": date(),
            "ngay_cap_nhat": date(),
            "bam": hash,
            "truong": {"type": "object", "title": "Phần đầu", "description": "Phần đầu (front matter) như người biên tập viết."},
            "tep": {"type": "array", "title": "Tệp", "items": {"type": "object", "properties": {
                "truong": {"type": "string"}, "duong_dan": {"type": "string"}, "url": {"type": "string"}, "kich_thuoc": {"type": "integer", "minimum": 0}
            }, "required": ["truong", "duong_dan", "url", "kich_thuoc"]}},
            "noi_dung": {"type": "string", "title": "Nội dung", "description": "Phần thân Markdown."}
        },
        "required": ["ma", "loai", "chuyen_muc", "tieu_de", "url", "duong_dan", "ngay_dang", "ngay_cap_nhat", "bam", "truong", "tep", "noi_dung"],
        "allOf": by_kind,
    }));
    let entry = json!({"type": "object", "properties": {
        "ma": {"type": "string"}, "tieu_de": {"type": "string"}, "url": {"type": "string"},
        "ngay_cap_nhat": date(), "bam": hash, "trang": {"type": "integer", "minimum": 1}
    }, "required": ["ma", "tieu_de", "url", "ngay_cap_nhat", "bam", "trang"]});
    defs.insert("dong_chi_muc".into(), entry);
    let ids = json!({"type": "array", "items": {"type": "string"}});
    let delta = json!({"type": "object", "properties": {"them": ids, "sua": ids, "xoa": ids}, "required": ["them", "sua", "xoa"]});
    let version = json!({"type": "string", "pattern": "^[0-9a-f]{16}$"});
    let wrap = |id: &str, title: &str, desc: &str, body: Value| -> (String, Value) {
        let mut s = json!({"$schema": DRAFT, "$id": format!("{BASE}{id}"), "title": title, "description": desc, "$defs": Value::Object(defs.clone())});
        for (k, v) in body.as_object().cloned().unwrap_or_default() {
            s[k] = v;
        }
        (id.to_string(), s)
    };
    vec![
        wrap(
            "api-site.schema.json",
            "api/v1/site.json",
            "Thông tin trang: cơ quan, chuyên mục, số mục, thời điểm dựng, phiên bản trình tạo.",
            json!({
                "type": "object",
                "properties": {
                    "phien_ban_dinh_dang": {"const": 1, "title": "Phiên bản định dạng"},
                    "trinh_tao": {"type": "object", "properties": {"ten": {"type": "string"}, "phien_ban": {"type": "string"}}, "required": ["ten", "phien_ban"]},
                    "thoi_gian_dung": {"type": "string", "title": "Thời điểm dựng", "format": "date-time"},
                    "phien_ban": version,
                    "ten_trang": {"type": "string"},
                    "base_url": {"type": "string"},
                    "co_quan": {"type": "object", "properties": {"ten_day_du": {"type": "string"}}, "required": ["ten_day_du"]},
                    "chuyen_muc": {"type": "array", "items": {"type": "object", "properties": {
                        "chuyen_muc": {"type": "string"}, "ten": {"type": "string"}, "url": {"type": "string"},
                        "so_muc": {"type": "integer", "minimum": 0}, "du_lieu": {"type": "string"}
                    }, "required": ["chuyen_muc", "ten", "url", "so_muc", "du_lieu"]}},
                    "tong_so_muc": {"type": "integer", "minimum": 0},
                    "muc": {"type": "object", "properties": {"so_trang": {"type": "integer", "minimum": 1}, "so_muc_moi_trang": {"type": "integer"}, "trang_dau": {"type": "string"}}, "required": ["so_trang", "so_muc_moi_trang", "trang_dau"]},
                    "chi_muc": {"type": "string"},
                    "thay_doi": {"type": "string"}
                },
                "required": ["phien_ban_dinh_dang", "trinh_tao", "thoi_gian_dung", "phien_ban", "ten_trang", "base_url", "co_quan", "chuyen_muc", "tong_so_muc", "muc", "chi_muc", "thay_doi"]
            }),
        ),
        wrap(
            "api-trang-muc.schema.json",
            "api/v1/items/<n>.json",
            "Một trang của danh sách mọi mục, mới nhất trước.",
            json!({
                "type": "object",
                "properties": {
                    "trang": {"type": "integer", "minimum": 1}, "so_trang": {"type": "integer", "minimum": 1},
                    "tong_so_muc": {"type": "integer", "minimum": 0},
                    "trang_truoc": {"type": ["string", "null"]}, "trang_sau": {"type": ["string", "null"]},
                    "muc": {"type": "array", "items": {"$ref": "#/$defs/muc"}}
                },
                "required": ["trang", "so_trang", "tong_so_muc", "trang_truoc", "trang_sau", "muc"]
            }),
        ),
        wrap(
            "api-chuyen-muc.schema.json",
            "api/v1/sections/<chuyên mục>.json",
            "Danh sách tóm tắt các mục của một chuyên mục.",
            json!({
                "type": "object",
                "properties": {"chuyen_muc": {"type": "string"}, "ten": {"type": "string"}, "url": {"type": "string"}, "tong_so_muc": {"type": "integer", "minimum": 0}, "muc": {"type": "array", "items": {"$ref": "#/$defs/dong_chi_muc"}}},
                "required": ["chuyen_muc", "ten", "url", "tong_so_muc", "muc"]
            }),
        ),
        wrap(
            "api-chi-muc.schema.json",
            "api/v1/index.json",
            "Mã, mã băm và trang của mọi mục: để bên nhận so sánh và chỉ tải phần đã đổi.",
            json!({
                "type": "object",
                "properties": {"phien_ban": version, "tong_so_muc": {"type": "integer", "minimum": 0}, "muc": {"type": "array", "items": {"$ref": "#/$defs/dong_chi_muc"}}},
                "required": ["phien_ban", "tong_so_muc", "muc"]
            }),
        ),
        wrap(
            "api-thay-doi.schema.json",
            "api/v1/changes.json",
            "Các mục thêm, sửa, xóa kể từ mỗi lần dựng gần đây.",
            json!({
                "type": "object",
                "properties": {
                    "phien_ban": version, "thoi_gian": {"type": "string"},
                    "lich_su": {"type": "array", "minItems": 1, "items": {"type": "object", "properties": {
                        "phien_ban": version, "thoi_gian": {"type": "string"}, "thay_doi": {"anyOf": [{"type": "null"}, delta]}
                    }, "required": ["phien_ban", "thoi_gian", "thay_doi"]}},
                    "ke_tu": {"type": "array", "items": {"allOf": [delta, {"type": "object", "properties": {"phien_ban": version, "thoi_gian": {"type": "string"}}, "required": ["phien_ban", "thoi_gian"]}]}}
                },
                "required": ["phien_ban", "thoi_gian", "lich_su", "ke_tu"]
            }),
        ),
    ]
}

/// Every schema file: (file name, schema).
pub fn all_schemas() -> Vec<(String, Value)> {
    let mut out: Vec<(String, Value)> = fields::KINDS
        .iter()
        .map(|(k, _, _)| {
            (
                format!("muc-{}.schema.json", k.replace('_', "-")),
                item_schema(k),
            )
        })
        .collect();
    for (stem, title, rows) in fields::DATA_FILES {
        out.push((
            format!("du-lieu-{stem}.schema.json"),
            data_schema(stem, title, rows),
        ));
    }
    out.push(("site.schema.json".into(), site_schema()));
    out.extend(api_schemas());
    out
}

/// Writes every schema as pretty JSON into `dir`.
pub fn write_all(dir: &Path) -> std::io::Result<Vec<String>> {
    std::fs::create_dir_all(dir)?;
    let mut names = Vec::new();
    for (name, schema) in all_schemas() {
        let mut text =
            serde_json::to_string_pretty(&sorted(&schema)).map_err(std::io::Error::other)?;
        text.push('\n');
        std::fs::write(dir.join(&name), text)?;
        names.push(name);
    }
    Ok(names)
}

/// Keys sorted at every level, whatever the map keeps (so files are stable across builds).
pub fn sorted(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            Value::Object(
                keys.into_iter()
                    .map(|k| (k.clone(), sorted(&m[k])))
                    .collect(),
            )
        }
        Value::Array(a) => Value::Array(a.iter().map(sorted).collect()),
        other => other.clone(),
    }
}
