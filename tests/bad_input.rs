//! Integration: one bad-input fixture per error class (`tests/fixtures/bad/<class>/`). The real
//! binary must exit non-zero, name the file, line and field in Vietnamese with a fix, and leave
//! the previous output byte-for-byte as it was.

mod common;
use common::*;

/// (fixture, file named in the message, `:line` named, field named or "")
const CASES: &[(&str, &str, &str, &str)] = &[
    ("yaml-hong", "content/", ":", ""),
    ("thieu-truong", "content/", ":", "`"),
    ("ngay-sai", "content/", ":", "`ngay"),
    ("gia-tri-la", "content/", ":", "`"),
    ("so-ky-hieu-sai", "content/", ":", "`so_ky_hieu`"),
    ("so-ky-hieu-trung", "content/", ":", "`so_ky_hieu`"),
    ("thieu-tep", "content/", ":", "`"),
    ("tep-ngoai-site", "content/", ":", "`"),
    ("khong-utf8", "content/", ":", ""),
    ("muc-la", "content/", "", ""),
    ("mau-loi", "templates/", ":", ""),
];

#[test]
fn every_error_class_is_reported_with_location_and_keeps_previous_output() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let ok = pbgdpl(&[
        "build",
        repo().join("tests/fixtures/mini").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    let before = snapshot(&out);
    assert!(!before.is_empty());
    let mut failures = Vec::new();
    for (class, file, line, field) in CASES {
        let site = repo().join("tests/fixtures/bad").join(class);
        assert!(site.is_dir(), "missing fixture {class}");
        let o = pbgdpl(&["build", site.to_str().unwrap(), "-o", out.to_str().unwrap()]);
        let err = stderr(&o);
        let first = err
            .lines()
            .find(|l| l.starts_with("lỗi"))
            .unwrap_or("")
            .to_string();
        if o.status.success() {
            failures.push(format!("{class}: build succeeded"));
        } else if !first.contains(file) || !first.contains(line) || !first.contains(field) {
            failures.push(format!("{class}: message lacks file/line/field: {first}"));
        } else if !err.contains("cách sửa") {
            failures.push(format!("{class}: no fix given:\n{err}"));
        }
        if snapshot(&out) != before {
            failures.push(format!("{class}: previous output changed"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn all_errors_of_a_build_are_reported_at_once() {
    let site = repo().join("tests/fixtures/bad/nhieu-loi");
    let o = pbgdpl(&["check", site.to_str().unwrap()]);
    assert!(!o.status.success());
    let errors = stderr(&o).lines().filter(|l| l.starts_with("lỗi[")).count();
    assert!(
        errors >= 3,
        "expected ≥ 3 errors at once, got {errors}:\n{}",
        stderr(&o)
    );
}

#[test]
fn output_that_is_not_ours_is_never_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("tai-lieu-cua-toi");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("bao-cao.docx"), b"editor's work").unwrap();
    let o = pbgdpl(&[
        "build",
        repo().join("tests/fixtures/mini").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(!o.status.success(), "replaced a foreign folder");
    assert_eq!(
        std::fs::read(out.join("bao-cao.docx")).unwrap(),
        b"editor's work"
    );
}
