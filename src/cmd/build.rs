//! `pbgdpl build [SITE] [-o OUT] [--base-url URL]`: the whole pipeline into OUT (default
//! SITE/public), swapped in atomically; prints every diagnostic, then one summary line.

use crate::diagnostics::Diagnostic;
use crate::pipeline::{self, BuildOptions, BuildReport, Mode};
use std::path::Path;

pub fn run(site: &Path, output: Option<&Path>, base_url: Option<String>) -> i32 {
    let out = output
        .map(Path::to_path_buf)
        .unwrap_or_else(|| site.join("public"));
    let opts = BuildOptions {
        site: site.to_path_buf(),
        output: Some(out.clone()),
        base_url,
        mode: Mode::Build,
        progress: true,
        ..BuildOptions::default()
    };
    report(pipeline::run(&opts), Some(&out))
}

/// Prints diagnostics and the summary; returns the exit code.
pub(crate) fn report(result: Result<BuildReport, Vec<Diagnostic>>, out: Option<&Path>) -> i32 {
    match result {
        Ok(report) => {
            for d in &report.warnings {
                eprintln!("{d}");
            }
            println!("{}", report.summary_line(out));
            0
        }
        Err(diags) => {
            for d in &diags {
                eprintln!("{d}");
            }
            let errors = diags.iter().filter(|d| d.is_error()).count();
            let warnings = diags.len() - errors;
            eprintln!(
                "\nKhông dựng được trang: {errors} lỗi, {warnings} cảnh báo. Sửa các lỗi trên rồi chạy lại.{}",
                if out.is_some() { " Bản đã xuất bản trước đó được giữ nguyên." } else { "" }
            );
            1
        }
    }
}
