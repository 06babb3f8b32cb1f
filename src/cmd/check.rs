//! `pbgdpl check [SITE] [--output-dir OUT] [--format text|json]`: the conformance check.
//! Content rules run on the site's model; output rules on OUT when given (an already built
//! folder), otherwise on a fresh build in a temporary folder that is deleted afterwards — the
//! editor's folders are never written to, except the report page `OUT/kiem-tra/index.html`.
//! Exit code 1 when any rule finds an error.

use crate::check::{self, settings::CheckSettings, Finding, Findings};
use crate::diagnostics::Diagnostics;
use crate::pipeline::{self, BuildOptions, Mode};
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    #[default]
    Text,
    Json,
}

pub fn run(site: &Path, output_dir: Option<&Path>, format: Format) -> i32 {
    let mut findings = Findings::default();
    let temp = match output_dir {
        Some(_) => None,
        None => match TempDir::create() {
            Ok(t) => Some(t),
            Err(e) => return super::fail(format!("không tạo được thư mục tạm để dựng thử: {e}")),
        },
    };
    let out: PathBuf = match (output_dir, &temp) {
        (Some(o), _) => o.to_path_buf(),
        (None, Some(t)) => t.0.join("public"),
        (None, None) => unreachable!("a temp dir exists when no output dir is given"),
    };
    let opts = BuildOptions {
        site: site.to_path_buf(),
        output: Some(out.clone()),
        mode: Mode::Build,
        ..BuildOptions::default()
    };
    let built = match output_dir {
        // Build into the temp dir: its diagnostics are everything `build` validates.
        None => match pipeline::run(&opts) {
            Ok(report) => {
                report
                    .warnings
                    .into_iter()
                    .for_each(|d| findings.push(Finding::from_build(d)));
                true
            }
            Err(diags) => {
                diags
                    .into_iter()
                    .for_each(|d| findings.push(Finding::from_build(d)));
                false
            }
        },
        Some(dir) => {
            if !dir.join("index.html").is_file() {
                return super::fail(format!(
                    "{} không phải thư mục trang đã dựng (không có index.html); dựng trước bằng `pbgdpl build -o {}` hoặc bỏ --output-dir",
                    dir.display(),
                    dir.display()
                ));
            }
            true
        }
    };
    // The model, for the content rules (with --output-dir, its diagnostics are the ND-01 layer).
    let diags = Diagnostics::new();
    let model = pipeline::load_model(&opts, &diags);
    if output_dir.is_some() {
        diags
            .into_sorted()
            .into_iter()
            .for_each(|d| findings.push(Finding::from_build(d)));
    }
    findings.examined("ND-01", "nội dung, dữ liệu, cấu hình, mẫu trang");
    let mut checked = format!("kho nội dung {}", site.display());
    if let Some((site_model, _)) = model {
        let mut settings_problems = Vec::new();
        let settings = CheckSettings::from_site(&site_model, &mut settings_problems);
        settings_problems.into_iter().for_each(|f| findings.push(f));
        check::content::check(&site_model, &settings, &mut findings);
        if built {
            check::output::check(&out, &site_model, &settings, &mut findings);
            checked += &format!(
                " và trang đã dựng {}",
                if output_dir.is_some() {
                    out.display().to_string()
                } else {
                    "(bản dựng thử)".into()
                }
            );
        }
        findings.sort();
        if built {
            let date = site_model.build_date.dmy();
            if let Err(e) =
                check::report::write_page(&out, &findings, &site_model.config.ten_trang, &date)
            {
                eprintln!("cảnh báo: không ghi được kiem-tra/index.html: {e}");
            } else if output_dir.is_some() {
                eprintln!("Báo cáo: {}", out.join("kiem-tra/index.html").display());
            }
        }
    } else {
        findings.sort();
    }
    match format {
        Format::Text => check::report::print_text(&findings, &checked),
        Format::Json => println!("{}", check::report::to_json(&findings, &checked)),
    }
    i32::from(findings.errors() > 0)
}

/// A folder under the system temp dir, deleted when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn create() -> std::io::Result<TempDir> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let dir = std::env::temp_dir().join(format!("pbgdpl-check-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        Ok(TempDir(dir))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
