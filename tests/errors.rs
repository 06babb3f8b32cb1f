//! The front half of the pipeline (load → validate) against one small broken site per error
//! class (`tests/fixtures/bad/<class>/`): each must yield the right code, file, exact line and
//! field, in Vietnamese, with a fix. Also: the valid fixtures produce no error, and real
//! corpus sites (`make-site scale`, `make-site laws`) validate cleanly.

mod common;
use common::make_site;
use pbgdpl::diagnostics::{Diagnostic, Diagnostics};
use pbgdpl::validate::{validate, ValidateOptions, Validated};
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn check(site: &Path) -> (Validated, Vec<Diagnostic>) {
    let diags = Diagnostics::new();
    let loaded = pbgdpl::load::load_site(site, &diags);
    let v = validate(loaded, &ValidateOptions::default(), &diags);
    (v, diags.into_sorted())
}

fn errors(class: &str) -> Vec<Diagnostic> {
    let site = repo().join("tests/fixtures/bad").join(class);
    assert!(site.is_dir(), "missing fixture {class}");
    let (_, ds) = check(&site);
    ds.into_iter().filter(Diagnostic::is_error).collect()
}

/// Vietnamese text has letters outside ASCII that English never uses.
fn is_vietnamese(s: &str) -> bool {
    s.chars().any(|c| {
        "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
            .contains(c.to_lowercase().next().unwrap_or(c))
    })
}

/// Exactly one error, with this code, file, line and field.
fn expect_one(
    class: &str,
    code: &str,
    file: &str,
    line: Option<usize>,
    field: Option<&str>,
) -> Diagnostic {
    let es = errors(class);
    assert_eq!(
        es.len(),
        1,
        "{class}: expected one error, got:\n{}",
        render(&es)
    );
    let e = es.into_iter().next().unwrap();
    assert_eq!(e.code, code, "{class}: {e}");
    assert_eq!(e.file, PathBuf::from(file), "{class}: {e}");
    assert_eq!(e.line, line, "{class}: {e}");
    assert_eq!(e.field.as_deref(), field, "{class}: {e}");
    assert!(
        is_vietnamese(&e.message),
        "{class}: message not Vietnamese: {e}"
    );
    assert!(
        !e.fix.trim().is_empty() && is_vietnamese(&e.fix),
        "{class}: no Vietnamese fix: {e}"
    );
    e
}

fn render(ds: &[Diagnostic]) -> String {
    ds.iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn malformed_yaml() {
    let e = expect_one(
        "yaml-hong",
        "yaml",
        "content/tin-tuc/hoi-dap-ket-hon.md",
        Some(2),
        None,
    );
    assert!(e.fix.contains("ngoặc kép"), "{e}");
}

#[test]
fn missing_required_field_points_at_the_closing_fence() {
    let e = expect_one(
        "thieu-truong",
        "thieu-truong",
        "content/van-ban/42-2022-nd-cp.md",
        Some(12),
        Some("nguoi_ky"),
    );
    assert!(e.fix.contains("nguoi_ky:"), "{e}");
}

#[test]
fn impossible_date() {
    let e = expect_one(
        "ngay-sai",
        "ngay",
        "content/tin-tuc/tap-huan.md",
        Some(3),
        Some("ngay_dang"),
    );
    assert!(e.message.contains("2026-13-05"), "quotes the value: {e}");
}

#[test]
fn unknown_enum_value_suggests_the_closest() {
    let e = expect_one(
        "gia-tri-la",
        "gia-tri",
        "content/van-ban/42-2022-nd-cp.md",
        Some(7),
        Some("tinh_trang_hieu_luc"),
    );
    assert!(e.message.contains("Hết hiệu lực toàn bô"), "{e}");
    assert!(e.fix.contains("Hết hiệu lực toàn bộ"), "{e}");
}

#[test]
fn malformed_document_number() {
    let e = expect_one(
        "so-ky-hieu-sai",
        "so-ky-hieu",
        "content/van-ban/42-2022-nd-cp.md",
        Some(2),
        Some("so_ky_hieu"),
    );
    assert!(e.fix.contains("42/2022/NĐ-CP"), "suggests the repair: {e}");
}

#[test]
fn duplicate_document_number_names_both_files() {
    let e = expect_one(
        "so-ky-hieu-trung",
        "trung-so-ky-hieu",
        "content/van-ban/nghi-dinh-42.md",
        Some(2),
        Some("so_ky_hieu"),
    );
    assert!(
        e.message.contains("content/van-ban/42-2022-nd-cp.md"),
        "{e}"
    );
}

#[test]
fn missing_attachment_points_at_the_list_element() {
    let e = expect_one(
        "thieu-tep",
        "tep-dinh-kem",
        "content/van-ban/42-2022-nd-cp.md",
        Some(12),
        Some("tep_van_ban"),
    );
    assert!(e.message.contains("static/tep/42-2022-nd-cp.pdf"), "{e}");
}

#[test]
fn attachment_outside_the_site() {
    expect_one(
        "tep-ngoai-site",
        "ngoai-thu-muc",
        "content/van-ban/42-2022-nd-cp.md",
        Some(12),
        Some("tep_van_ban"),
    );
}

#[test]
fn non_utf8_file_names_the_line() {
    let e = expect_one(
        "khong-utf8",
        "utf8",
        "content/tin-tuc/bai-cu.md",
        Some(7),
        None,
    );
    assert!(e.fix.contains("UTF-8"), "{e}");
}

#[test]
fn unknown_section_lists_the_valid_ones_and_suggests() {
    let e = expect_one("muc-la", "muc-la", "content/tin-tuc-moi", None, None);
    assert!(
        e.fix.contains("van-ban") && e.fix.contains("`content/tin-tuc`"),
        "{e}"
    );
}

#[test]
fn every_error_of_every_file_is_reported() {
    let es = errors("nhieu-loi");
    let got: Vec<(String, Option<usize>, Option<String>)> = es
        .iter()
        .map(|e| (e.file.display().to_string(), e.line, e.field.clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "content/tin-tuc/a-ngay-sai.md".to_string(),
                Some(3),
                Some("ngay_dang".to_string())
            ),
            (
                "content/tin-tuc/a-ngay-sai.md".to_string(),
                Some(5),
                Some("ngay_cap_nhat".to_string())
            ),
            (
                "content/van-ban/b-thieu-truong.md".to_string(),
                Some(12),
                Some("trich_yeu".to_string())
            ),
        ],
        "{}",
        render(&es)
    );
    assert!(
        es[0].fix.contains("2026-05-20"),
        "dd/mm/yyyy is converted in the fix: {}",
        es[0]
    );
}

#[test]
fn valid_fixtures_have_no_errors() {
    for site in ["tests/fixtures/mini", "content-example"] {
        let (v, ds) = check(&repo().join(site));
        let errs: Vec<_> = ds.iter().filter(|d| d.is_error()).cloned().collect();
        assert!(errs.is_empty(), "{site}:\n{}", render(&errs));
        assert!(!v.items.is_empty(), "{site}");
    }
    let (v, ds) = check(&repo().join("tests/fixtures/mini"));
    assert!(
        ds.is_empty(),
        "mini must be free of warnings too:\n{}",
        render(&ds)
    );
    assert_eq!(v.items.len(), 6);
    assert_eq!(v.intros.len(), 1);
    assert_eq!(v.data.bao_cao_vien.len(), 2);
    let bundle = v.items.iter().find(|i| i.slug == "10-2016-tt-btp").unwrap();
    let vb = bundle.van_ban().unwrap();
    assert_eq!(vb.tep_van_ban[0].tep.url, "van-ban/10-2016-tt-btp/goc.pdf");
    assert_eq!(
        bundle.tieu_de,
        "Thông tư 10/2016/TT-BTP Quy định về báo cáo viên pháp luật, tuyên truyền viên pháp luật"
    );
    assert_eq!(vb.quan_he[0].nhan, "Hướng dẫn");
    let site = pbgdpl::model::assemble(v, pbgdpl::vi::Date::today_vn());
    let q = site.items.iter().find(|i| i.section == "hoi-dap").unwrap();
    let pbgdpl::model::ItemData::HoiDap(h) = &q.data else {
        panic!()
    };
    assert_eq!(
        h.can_cu_phap_ly[1].url.as_deref(),
        Some("van-ban/14-2012-qh13/")
    );
}

#[test]
fn corpus_sites_validate_cleanly() {
    for (kind, items) in [("scale", Some(1000)), ("laws", None)] {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join(kind);
        if make_site(kind, items, &out).is_none() {
            return;
        }
        let (v, ds) = check(&out);
        let bad: Vec<_> = ds
            .iter()
            .filter(|d| d.is_error() || d.code == "so-ky-hieu")
            .cloned()
            .collect();
        assert!(
            bad.is_empty(),
            "{kind}:\n{}",
            render(&bad[..bad.len().min(20)])
        );
        let mut counts = std::collections::BTreeMap::new();
        for d in &ds {
            *counts.entry(d.code).or_insert(0) += 1;
        }
        eprintln!(
            "{kind}: {} mục, cảnh báo theo mã: {counts:?}",
            v.items.len()
        );
        assert!(!v.items.is_empty());
    }
}

/// Timing of load → validate → assemble on a big site: `PBGDPL_SITE=/path cargo test --release
/// --test errors -- --ignored --nocapture`. Prints the time of each stage.
#[test]
#[ignore = "needs PBGDPL_SITE pointing at a generated site; run in release"]
fn timing_of_the_front_half() {
    let Ok(site) = std::env::var("PBGDPL_SITE") else {
        eprintln!("bỏ qua: đặt PBGDPL_SITE=<thư mục trang>");
        return;
    };
    let diags = Diagnostics::new();
    let t = std::time::Instant::now();
    let loaded = pbgdpl::load::load_site(Path::new(&site), &diags);
    let t_load = t.elapsed();
    let v = validate(loaded, &ValidateOptions::default(), &diags);
    let t_validate = t.elapsed() - t_load;
    let n = v.items.len();
    let site = pbgdpl::model::assemble(v, pbgdpl::vi::Date::today_vn());
    let t_assemble = t.elapsed() - t_load - t_validate;
    eprintln!(
        "{n} mục: load {t_load:?}, validate {t_validate:?}, assemble {t_assemble:?}; {} lỗi",
        diags.error_count()
    );
    assert_eq!(site.items.len(), n);
}
