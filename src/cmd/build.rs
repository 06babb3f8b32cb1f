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
            print_warnings(&report.warnings);
            println!("{}", report.summary_line(out));
            0
        }
        Err(diags) => {
            let (errors, warnings): (Vec<_>, Vec<_>) =
                diags.iter().cloned().partition(Diagnostic::is_error);
            for d in &errors {
                eprintln!("{d}");
            }
            print_warnings(&warnings);
            let (errors, warnings) = (errors.len(), warnings.len());
            eprintln!(
                "\nKhông dựng được trang: {errors} lỗi, {warnings} cảnh báo. Sửa các lỗi trên rồi chạy lại.{}",
                if out.is_some() { " Bản đã xuất bản trước đó được giữ nguyên." } else { "" }
            );
            1
        }
    }
}

/// How many warnings of one kind are printed in full; the rest are counted. Errors are always
/// all printed, but a corpus of 10,000 items without `tom_tat` should not bury them.
const WARNINGS_SHOWN_PER_CODE: usize = 10;

fn print_warnings(warnings: &[Diagnostic]) {
    let mut per_code: std::collections::BTreeMap<&str, usize> = Default::default();
    for d in warnings {
        let seen = per_code.entry(d.code).or_default();
        *seen += 1;
        if *seen <= WARNINGS_SHOWN_PER_CODE {
            eprintln!("{d}");
        }
    }
    for (code, n) in per_code {
        if n > WARNINGS_SHOWN_PER_CODE {
            eprintln!(
                "cảnh báo[{code}]: … và {} cảnh báo cùng loại nữa, không in ra để khỏi che các lỗi khác.",
                crate::vi::group_thousands((n - WARNINGS_SHOWN_PER_CODE) as u64)
            );
        }
    }
}
