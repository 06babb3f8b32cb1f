//! What `check` shows: the findings as text (the build's diagnostic style, rule id first) or
//! JSON, and the conformance report page `kiem-tra/index.html` — every rule of the catalogue
//! with its status and evidence — written into the checked output for a reviewer.

use super::rules::{self, Proof, RULES};
use super::Findings;
use serde::Serialize;
use std::path::Path;

/// The status of one rule after a check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Dat,
    CanhBao,
    KhongDat,
    /// Not decided by `check`: the browser tests or a person.
    NgoaiPhamVi,
}

impl Status {
    fn label(self) -> &'static str {
        match self {
            Status::Dat => "Đạt",
            Status::CanhBao => "Đạt, có cảnh báo",
            Status::KhongDat => "Không đạt",
            Status::NgoaiPhamVi => "Không kiểm bằng lệnh check",
        }
    }

    fn class(self) -> &'static str {
        match self {
            Status::Dat => "dat",
            Status::CanhBao => "canh-bao",
            Status::KhongDat => "khong-dat",
            Status::NgoaiPhamVi => "ngoai",
        }
    }
}

pub fn status_of(f: &Findings, rule: &str) -> Status {
    let mut found = f.of_rule(rule).peekable();
    if found.peek().is_none() {
        let examined = f.examined.contains_key(rule);
        return match rules::find(rule).map(|r| r.proof) {
            Some(Proof::Person) if !examined => Status::NgoaiPhamVi,
            Some(Proof::Browser) if !examined => Status::NgoaiPhamVi,
            _ => Status::Dat,
        };
    }
    if found.any(|x| x.is_error()) {
        Status::KhongDat
    } else {
        Status::CanhBao
    }
}

pub fn print_text(f: &Findings, checked: &str) {
    for x in &f.findings {
        if x.is_error() {
            eprintln!("{x}");
        }
    }
    for x in f.findings.iter().filter(|x| !x.is_error()) {
        eprintln!("{x}");
    }
    let (c, b, p) = rules::counts();
    let failed: Vec<&str> = RULES
        .iter()
        .map(|r| r.id)
        .filter(|id| status_of(f, id) == Status::KhongDat)
        .collect();
    println!(
        "Đã kiểm tra {checked} theo {} quy tắc ({c} mục A tự động bằng lệnh check, {b} bằng kiểm thử trình duyệt, {p} cần người kiểm tra): {} lỗi, {} cảnh báo.",
        RULES.len(),
        f.errors(),
        f.warnings()
    );
    if !failed.is_empty() {
        println!("Quy tắc không đạt: {}", failed.join(", "));
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    checked: &'a str,
    errors: usize,
    warnings: usize,
    rules: Vec<JsonRule<'a>>,
    findings: &'a [super::Finding],
}

#[derive(Serialize)]
struct JsonRule<'a> {
    id: &'a str,
    yeu_cau: &'a str,
    proof: Proof,
    status: Status,
    evidence: Option<&'a String>,
}

pub fn to_json(f: &Findings, checked: &str) -> String {
    let report = JsonReport {
        checked,
        errors: f.errors(),
        warnings: f.warnings(),
        rules: RULES
            .iter()
            .map(|r| JsonRule {
                id: r.id,
                yeu_cau: r.yeu_cau,
                proof: r.proof,
                status: status_of(f, r.id),
                evidence: f.examined.get(r.id),
            })
            .collect(),
        findings: &f.findings,
    };
    serde_json::to_string_pretty(&report).unwrap_or_default()
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `kiem-tra/index.html`: a self-contained page (theme stylesheet when found) meeting the
/// same rules as the site's pages: one h1, a captioned table with `th scope`, no script.
pub fn write_page(
    out_dir: &Path,
    f: &Findings,
    site_name: &str,
    date: &str,
) -> std::io::Result<()> {
    let css = std::fs::read_dir(out_dir.join("assets"))
        .ok()
        .and_then(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .find(|n| n.starts_with("pbgdpl.") && n.ends_with(".css"))
        })
        .map(|n| format!("<link rel=\"stylesheet\" href=\"../assets/{n}\">\n"))
        .unwrap_or_default();
    let mut rows = String::new();
    for r in RULES {
        let status = status_of(f, r.id);
        let mut evidence = f
            .examined
            .get(r.id)
            .map(|e| format!("Đã kiểm: {}. ", esc(e)))
            .unwrap_or_default();
        let found: Vec<_> = f.of_rule(r.id).collect();
        if !found.is_empty() {
            evidence += &format!("{} phát hiện", found.len());
            evidence += "<ul>";
            for x in found.iter().take(5) {
                evidence += &format!(
                    "<li><code>{}</code>: {}</li>",
                    esc(&x.diag.file.display().to_string().replace('\\', "/")),
                    esc(&x.diag.message)
                );
            }
            evidence += "</ul>";
        } else if status == Status::NgoaiPhamVi {
            evidence += match r.proof {
                Proof::Browser => {
                    "Chứng minh bằng kiểm thử trình duyệt (tests/browser/, chạy trong CI)."
                }
                _ => "Cần người kiểm tra (xem docs/deploy.md).",
            };
        }
        rows += &format!(
            "<tr class=\"{}\"><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            status.class(),
            r.id,
            esc(r.yeu_cau),
            r.proof.label(),
            status.label(),
            evidence
        );
    }
    let (c, b, p) = rules::counts();
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'self'\">\n\
<meta name=\"robots\" content=\"noindex\">\n<title>Báo cáo kiểm tra tuân thủ – {name}</title>\n{css}</head>\n<body>\n\
<a class=\"bo-qua\" href=\"#noi-dung\">Bỏ qua đến nội dung chính</a>\n<main id=\"noi-dung\" tabindex=\"-1\">\n<div class=\"khung\">\n\
<h1>Báo cáo kiểm tra tuân thủ</h1>\n<p>{name} · kiểm tra ngày {date} bằng <code>pbgdpl check</code>: {errors} lỗi, {warnings} cảnh báo. \
{total} quy tắc; trong 62 mục của danh mục A: {c} kiểm tự động bằng lệnh check, {b} bằng kiểm thử trình duyệt, {p} cần người kiểm tra.</p>\n\
<div class=\"bang-cuon\">\n<table>\n<caption>Từng quy tắc: yêu cầu, cách chứng minh, kết quả và bằng chứng</caption>\n\
<thead><tr><th scope=\"col\">Mã</th><th scope=\"col\">Yêu cầu</th><th scope=\"col\">Cách kiểm</th><th scope=\"col\">Kết quả</th><th scope=\"col\">Bằng chứng</th></tr></thead>\n\
<tbody>\n{rows}</tbody>\n</table>\n</div>\n<p><a href=\"../index.html\">Về trang chủ</a></p>\n</div>\n</main>\n</body>\n</html>\n",
        name = esc(site_name),
        errors = f.errors(),
        warnings = f.warnings(),
        total = RULES.len(),
    );
    std::fs::create_dir_all(out_dir.join("kiem-tra"))?;
    std::fs::write(out_dir.join("kiem-tra/index.html"), page)
}
