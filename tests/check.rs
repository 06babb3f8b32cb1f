//! Integration: `pbgdpl check` finds zero errors on the example site, reports every seeded
//! violation of tests/fixtures/vi-pham/ (an overlay on content-example) with its rule id,
//! writes the report page into the checked output only, and never touches the site folder.

mod common;
use common::copy_dir;
use common::*;
use std::path::Path;

fn copy_overlay(site: &Path) {
    copy_dir(&repo().join("content-example"), site);
    let fixture = repo().join("tests/fixtures/vi-pham");
    for line in std::fs::read_to_string(fixture.join("XOA"))
        .unwrap()
        .lines()
    {
        let path = site.join(line.trim());
        std::fs::remove_file(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
    for f in files(&fixture) {
        if f == "XOA" || f == "README.md" {
            continue;
        }
        let to = site.join(&f);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(fixture.join(&f), to).unwrap();
    }
}

fn json_check(site: &Path, extra: &[&str]) -> (bool, serde_json::Value) {
    let mut args = vec!["check", site.to_str().unwrap(), "--format", "json"];
    args.extend_from_slice(extra);
    let o = pbgdpl(&args);
    let report = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "JSON: {e}\n{}\n{}",
            String::from_utf8_lossy(&o.stdout),
            stderr(&o)
        )
    });
    (o.status.success(), report)
}

fn findings(report: &serde_json::Value) -> Vec<(String, String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
                f["file"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn example_site_has_zero_errors_and_gets_a_report_page() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let site = repo().join("content-example");
    let o = pbgdpl(&["build", site.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (ok, report) = json_check(&site, &["--output-dir", out.to_str().unwrap()]);
    let errors: Vec<_> = findings(&report)
        .into_iter()
        .filter(|f| f.1 == "error")
        .collect();
    assert!(
        ok && errors.is_empty(),
        "errors on the example site: {errors:#?}"
    );
    let page = std::fs::read_to_string(out.join("kiem-tra/index.html")).unwrap();
    assert!(page.contains("<h1>Báo cáo kiểm tra tuân thủ</h1>"));
    assert!(page.contains("<th scope=\"row\">A3-06</th>"));
    // The report page itself meets the page rules it reports on.
    assert!(page_problems(&out, "kiem-tra/index.html")
        .iter()
        .all(|p| p.contains("DC.") || p.contains("og:") || p.contains("RSS")));
    let rules = report["rules"].as_array().unwrap();
    assert!(rules.len() >= 62);
    assert!(rules.iter().all(|r| r["status"] != "khong_dat"));
}

#[test]
fn every_seeded_violation_is_reported_with_its_rule_id() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_overlay(&site);
    let before = snapshot(&site);
    let (ok, report) = json_check(&site, &[]);
    assert!(!ok, "check must fail on the seeded site");
    assert_eq!(before, snapshot(&site), "check changed the site folder");
    let found = findings(&report);
    let has = |rule: &str, file_part: &str| {
        found
            .iter()
            .any(|(r, _, f)| r == rule && f.contains(file_part))
    };
    let expected: &[(&str, &str)] = &[
        ("ND-01", "site.yaml"),
        ("A4-09", "site.yaml"),
        ("AT-03", "site.yaml"),
        ("A6-01", "doi-thoai"),
        ("A4-05", "lien-he"),
        ("A4-13", "lien-ket"),
        ("A4-16", "hoi-co-so-dien-thoai.md"),
        ("A4-07", "hoi-co-so-dien-thoai.md"),
        ("A5-04", "vb-sai-hieu-luc.md"),
        ("A3-04", "anh-khong-mo-ta"),
        ("A1-01", "latin1.txt"),
        ("A1-02", "nfd.txt"),
        ("A2-04", "du-lieu.json"),
        ("A1-08", "gia.pdf"),
        ("A3-03", "chuyen-dong.css"),
        ("A2-05", "sitemap.xml"),
    ];
    let mut missing: Vec<String> = expected
        .iter()
        .filter(|(r, f)| !has(r, f))
        .map(|(r, f)| format!("{r} in {f}"))
        .collect();
    for rule in [
        "A1-01", "A1-03", "A1-04", "A1-05", "A1-09", "A2-03", "A2-06", "A3-03", "A3-04", "A3-05",
        "A3-06", "A3-07", "A3-08", "A4-01", "A4-02", "A4-16", "A7-01", "A7-03", "AT-01", "AT-02",
    ] {
        if !has(rule, "trang-loi/index.html") {
            missing.push(format!("{rule} in trang-loi/index.html"));
        }
    }
    assert!(
        missing.is_empty(),
        "not reported: {missing:#?}\nfound: {found:#?}"
    );
    // The rule list marks what failed.
    let status = |id: &str| {
        report["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap()["status"]
            .clone()
    };
    assert_eq!(status("A5-04"), "khong_dat");
    assert_eq!(status("A4-07"), "canh_bao");
    assert_eq!(status("A4-04"), "ngoai_pham_vi");
}

#[test]
fn text_output_names_rule_file_and_fix_in_vietnamese() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_overlay(&site);
    let o = pbgdpl(&["check", site.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains(
            "lỗi[A5-04]: content/van-ban/vb-sai-hieu-luc.md: trường `tinh_trang_hieu_luc`"
        ),
        "{err}"
    );
    assert!(
        err.contains("→ cách sửa: sửa thành `tinh_trang_hieu_luc: Còn hiệu lực`"),
        "{err}"
    );
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("quy tắc") && out.contains("Quy tắc không đạt:"),
        "{out}"
    );
}
