//! The data standard and the published data API: `docs/schema/` is what the code generates,
//! the schema's field lists are the validator's, a document is accepted by the schema exactly
//! when `pbgdpl check` accepts it (required fields removed one by one), and every JSON file
//! the example site publishes under `api/v1/` validates against its schema.

mod common;
use common::{build_reproducibly, copy_dir};

use pbgdpl::model::SectionKind;
use pbgdpl::pipeline::{self, BuildOptions, Mode};
use pbgdpl::schema::{self, fields};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

const REGENERATE: &str = "PBGDPL_GHI_SCHEMA=1 cargo test --test data_api schema_files_are_current";

#[test]
fn schema_files_are_current() {
    let dir = common::repo().join("docs/schema");
    if std::env::var_os("PBGDPL_GHI_SCHEMA").is_some() {
        schema::write_all(&dir).unwrap();
    }
    let tmp = tempfile::tempdir().unwrap();
    let names = schema::write_all(tmp.path()).unwrap();
    assert!(names.len() >= 18, "{names:?}");
    for name in &names {
        let want = std::fs::read_to_string(tmp.path().join(name)).unwrap();
        let have = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
        assert!(
            have == want,
            "docs/schema/{name} khác với định nghĩa trong mã; tạo lại bằng: {REGENERATE}"
        );
    }
    let on_disk: BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".schema.json"))
        .collect();
    assert_eq!(
        on_disk,
        names.iter().cloned().collect::<BTreeSet<_>>(),
        "tệp thừa trong docs/schema/"
    );
}

fn section_of(kind: &str) -> (&'static str, SectionKind) {
    match kind {
        "page" => ("tin-tuc", SectionKind::Page),
        "van_ban" => ("van-ban", SectionKind::VanBan),
        "tai_lieu" => ("tai-lieu", SectionKind::TaiLieu),
        "hoi_dap" => ("hoi-dap", SectionKind::HoiDap),
        "hoat_dong" => ("hoi-dong-phoi-hop", SectionKind::HoatDong),
        "doi_thoai" => ("doi-thoai", SectionKind::DoiThoai),
        "bao_cao" => ("thong-ke-bao-cao", SectionKind::BaoCao),
        "cuoc_thi" => ("thi-tim-hieu", SectionKind::CuocThi),
        other => panic!("{other}"),
    }
}

#[test]
fn schema_fields_are_the_fields_the_validator_reads() {
    for (kind, _, _) in fields::KINDS {
        let (_, sk) = section_of(kind);
        let table: BTreeSet<&str> = fields::item_fields(kind).iter().map(|d| d.name).collect();
        let validator: BTreeSet<&str> = pbgdpl::validate::accepted_fields(sk).into_iter().collect();
        assert_eq!(table, validator, "loại {kind}: bảng trường (src/schema/fields.rs) và trình kiểm tra (src/validate/items.rs) khác nhau");
    }
    let site: BTreeSet<&str> = fields::SITE.iter().map(|d| d.name).collect();
    let known: BTreeSet<&str> = pbgdpl::validate::config::KNOWN.iter().copied().collect();
    assert_eq!(
        site, known,
        "site.yaml: bảng trường và src/validate/config.rs khác nhau"
    );
}

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::draft202012::new(schema).expect("schema compiles")
}

fn schema_named(name: &str) -> Value {
    schema::all_schemas()
        .into_iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("{name}"))
        .1
}

/// The smallest document of `kind` the table says is complete, as front-matter lines.
fn minimal(kind: &str) -> Vec<(String, String)> {
    fields::item_fields(kind)
        .iter()
        .filter(|d| match d.req {
            fields::Req::Yes | fields::Req::IfVbqppl | fields::Req::TitleOrName => true,
            fields::Req::Built | fields::Req::No => false,
        })
        .filter(|d| !(kind == "van_ban" && d.name == "tieu_de"))
        .map(|d| (d.name.to_string(), d.example.to_string()))
        .collect()
}

fn check_accepts(kind: &str, lines: &[(String, String)]) -> bool {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("site.yaml"),
        "ten_trang: Thử\nco_quan: {ten_day_du: Sở Tư pháp}\nbase_url: https://a.example.gov.vn/\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("static/tep")).unwrap();
    std::fs::write(root.join("static/tep/a.pdf"), b"%PDF-1.4\n").unwrap();
    let (section, _) = section_of(kind);
    std::fs::create_dir_all(root.join("content").join(section)).unwrap();
    let fm: String = lines.iter().map(|(k, v)| format!("{k}: {v}\n")).collect();
    std::fs::write(
        root.join(format!("content/{section}/muc.md")),
        format!("---\n{fm}---\nNội dung.\n"),
    )
    .unwrap();
    let opts = BuildOptions {
        site: root.to_path_buf(),
        mode: Mode::Check,
        ..BuildOptions::default()
    };
    pipeline::run(&opts).is_ok()
}

fn as_json(lines: &[(String, String)]) -> Value {
    let yaml: String = lines.iter().map(|(k, v)| format!("{k}: {v}\n")).collect();
    serde_saphyr::from_str(&yaml).unwrap()
}

#[test]
fn schema_and_check_agree_on_required_fields() {
    for (kind, _, _) in fields::KINDS {
        let schema = validator(&schema_named(&format!(
            "muc-{}.schema.json",
            kind.replace('_', "-")
        )));
        let full = minimal(kind);
        assert!(
            check_accepts(kind, &full),
            "{kind}: tài liệu tối thiểu phải hợp lệ: {full:?}"
        );
        assert!(
            schema.is_valid(&as_json(&full)),
            "{kind}: schema phải nhận tài liệu tối thiểu"
        );
        for i in 0..full.len() {
            let mut less = full.clone();
            let (gone, _) = less.remove(i);
            let by_check = check_accepts(kind, &less);
            let by_schema = schema.is_valid(&as_json(&less));
            assert_eq!(
                by_check, by_schema,
                "{kind} thiếu `{gone}`: pbgdpl check {by_check}, schema {by_schema}"
            );
        }
    }
}

fn schema_for(rel: &str) -> &'static str {
    match rel {
        "site.json" => "api-site.schema.json",
        "index.json" => "api-chi-muc.schema.json",
        "changes.json" => "api-thay-doi.schema.json",
        r if r.starts_with("items/") => "api-trang-muc.schema.json",
        r if r.starts_with("sections/") => "api-chuyen-muc.schema.json",
        other => panic!("tệp lạ trong api/v1: {other}"),
    }
}

fn validate_api(out: &Path) -> usize {
    let api = out.join("api/v1");
    let mut n = 0;
    for entry in walkdir::WalkDir::new(&api)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let rel = entry
            .path()
            .strip_prefix(&api)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let v = validator(&schema_named(schema_for(&rel)));
        let json: Value = serde_json::from_slice(&std::fs::read(entry.path()).unwrap()).unwrap();
        let errors: Vec<String> = v
            .iter_errors(&json)
            .map(|e| format!("{} tại {}", e, e.instance_path()))
            .take(5)
            .collect();
        assert!(errors.is_empty(), "api/v1/{rel}: {errors:?}");
        n += 1;
    }
    n
}

#[test]
fn every_published_json_file_validates_and_builds_are_reproducible() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    build_reproducibly(&common::repo().join("content-example"), &a);
    build_reproducibly(&common::repo().join("content-example"), &b);
    let n = validate_api(&a);
    assert!(n >= 15, "{n}");
    for rel in [
        "site.json",
        "index.json",
        "changes.json",
        "items/1.json",
        "sections/van-ban.json",
    ] {
        let x = std::fs::read(a.join("api/v1").join(rel)).unwrap();
        let y = std::fs::read(b.join("api/v1").join(rel)).unwrap();
        assert!(
            x == y,
            "api/v1/{rel} khác nhau giữa hai lần dựng cùng nội dung"
        );
    }
    let site: Value =
        serde_json::from_slice(&std::fs::read(a.join("api/v1/site.json")).unwrap()).unwrap();
    let items: Value =
        serde_json::from_slice(&std::fs::read(a.join("api/v1/items/1.json")).unwrap()).unwrap();
    assert_eq!(site["tong_so_muc"], items["tong_so_muc"]);
    assert_eq!(site["thoi_gian_dung"], "2026-05-29T03:26:40+07:00");
    // Newest first, each with a hash and its front matter.
    let dates: Vec<&str> = items["muc"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["ngay_dang"].as_str().unwrap())
        .collect();
    assert!(!dates.is_empty());
    assert!(items["muc"][0]["bam"]
        .as_str()
        .unwrap()
        .starts_with("sha256:"));
}

#[test]
fn changes_follow_the_previous_output() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("tinh");
    copy_dir(&common::repo().join("tests/fixtures/sync/tinh"), &site);
    let out = tmp.path().join("out");
    build_reproducibly(&site, &out);
    let first: Value =
        serde_json::from_slice(&std::fs::read(out.join("api/v1/changes.json")).unwrap()).unwrap();
    assert_eq!(first["ke_tu"].as_array().unwrap().len(), 0);
    build_reproducibly(&site, &out);
    let same = std::fs::read(out.join("api/v1/changes.json")).unwrap();
    assert_eq!(
        serde_json::from_slice::<Value>(&same).unwrap(),
        first,
        "dựng lại không đổi gì thì lịch sử giữ nguyên"
    );
    std::fs::remove_file(site.join("content/hoi-dap/dieu-kien-ket-hon.md")).unwrap();
    let news = site.join("content/tin-tuc/hoi-nghi-tap-huan.md");
    let text = std::fs::read_to_string(&news).unwrap() + "\nThêm một đoạn.\n";
    std::fs::write(&news, text).unwrap();
    build_reproducibly(&site, &out);
    let c: Value =
        serde_json::from_slice(&std::fs::read(out.join("api/v1/changes.json")).unwrap()).unwrap();
    let since = &c["ke_tu"][0];
    assert_eq!(since["phien_ban"], first["phien_ban"]);
    assert_eq!(
        since["sua"],
        serde_json::json!(["tin-tuc/hoi-nghi-tap-huan"])
    );
    assert_eq!(
        since["xoa"],
        serde_json::json!(["hoi-dap/dieu-kien-ket-hon"])
    );
    assert_eq!(since["them"], serde_json::json!([]));
    validate_api(&out);
}
