//! `pbgdpl report [SITE] --ky 2026-6T|2026 [-o DIR] [--ghi-de]`: writes the half-year or
//! yearly PBGDPL report as a bundle folder (default `SITE/bao-cao/bao-cao-pbgdpl-<ky>/`):
//! `index.md` (a draft `bao_cao` item: move the folder into `content/thong-ke-bao-cao/` to
//! publish it), `so-lieu.csv`, `bao-cao.html` (printable A4) and its `bao-cao.css`. The figures
//! are the statistics page's. An existing file is never overwritten without `--ghi-de`.

use crate::diagnostics::Diagnostics;
use crate::pipeline::{self, BuildOptions};
use crate::stats::period;
use crate::stats::report::{Report, CSS, CSS_NAME, CSV_NAME, HTML_NAME, MD_NAME};
use crate::vi::Date;
use std::path::{Path, PathBuf};

pub fn run(site: &Path, ky: &str, output: Option<&Path>, overwrite: bool) -> i32 {
    let diags = Diagnostics::new();
    let opts = BuildOptions {
        site: site.to_path_buf(),
        ..BuildOptions::default()
    };
    let Some((model, _)) = pipeline::load_model(&opts, &diags) else {
        for d in diags.into_sorted().iter().filter(|d| d.is_error()) {
            eprintln!("{d}");
        }
        return super::fail(
            "nội dung trang còn lỗi (xem ở trên); sửa rồi chạy lại `pbgdpl report`.",
        );
    };
    let period = match period::parse_ky(ky, &model.config.bao_cao) {
        Ok(p) => p,
        Err(message) => return super::fail(message),
    };
    let today = Date::today_vn();
    let report = Report::new(&model, period, today);
    let dir = output
        .map(Path::to_path_buf)
        .unwrap_or_else(|| site.join("bao-cao").join(report.slug()));
    let files: Vec<(PathBuf, String)> = vec![
        (dir.join(MD_NAME), report.markdown()),
        (dir.join(CSV_NAME), report.csv()),
        (dir.join(HTML_NAME), report.html()),
        (dir.join(CSS_NAME), CSS.to_string()),
    ];
    let existing: Vec<String> = files
        .iter()
        .filter(|(p, _)| p.exists())
        .map(|(p, _)| p.display().to_string())
        .collect();
    if !existing.is_empty() && !overwrite {
        return super::fail(format!(
            "đã có tệp báo cáo: {}. Không ghi đè để không mất nội dung đã sửa; thêm `--ghi-de` nếu muốn viết lại, hoặc chọn thư mục khác bằng `-o`.",
            existing.join(", ")
        ));
    }
    if let Err(e) = std::fs::create_dir_all(&dir) {
        return super::fail(format!("không tạo được thư mục `{}`: {e}", dir.display()));
    }
    for (path, text) in &files {
        if let Err(e) = std::fs::write(path, text) {
            return super::fail(format!("không ghi được `{}`: {e}", path.display()));
        }
    }
    println!(
        "Đã viết báo cáo {} ({}) vào {}:",
        report.period.label,
        report.period.range_text(),
        dir.display()
    );
    for (path, _) in &files {
        println!("  {}", path.display());
    }
    if report.period.end > today {
        println!(
            "Lưu ý: kỳ báo cáo chưa kết thúc (hết ngày {}); số liệu tính đến hôm nay.",
            report.period.end.dmy()
        );
    }
    println!(
        "Để đăng báo cáo: chuyển thư mục vào content/thong-ke-bao-cao/, điền số ký hiệu, bỏ dòng `ban_nhap: true`."
    );
    0
}
