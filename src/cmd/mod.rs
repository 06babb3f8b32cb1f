//! The command line: one file per subcommand (as mdBook's `src/cmd/`). `main.rs` parses with
//! clap and calls `run`; each subcommand returns its exit code so tests can call it directly.

pub mod build;
pub mod check;
pub mod init;
pub mod new;
pub mod report;
pub mod serve;
pub mod sync;

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Trình tạo trang thông tin phổ biến, giáo dục pháp luật (PBGDPL) dạng tĩnh.
#[derive(Parser, Debug)]
#[command(name = "pbgdpl", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Tạo kho nội dung mới, có một mục mẫu trong mỗi chuyên mục.
    Init {
        /// Thư mục sẽ tạo (phải chưa có hoặc đang trống).
        dir: PathBuf,
    },
    /// Dựng trang: đọc kho nội dung, kiểm tra, ghi trang tĩnh vào thư mục đầu ra.
    Build {
        /// Thư mục kho nội dung (mặc định: thư mục hiện tại).
        #[arg(default_value = ".")]
        site: PathBuf,
        /// Thư mục đầu ra (mặc định: SITE/public).
        #[arg(short = 'o', long = "output-dir", alias = "out")]
        output: Option<PathBuf>,
        /// Địa chỉ gốc khi xuất bản, thay cho `base_url` trong site.yaml.
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Viết một mục mới vào chuyên mục, với đủ các trường của loại mục đó.
    New {
        /// Chuyên mục (thư mục trong content/), ví dụ: van-ban, hoi-dap, tin-tuc.
        section: String,
        /// Tiêu đề của mục; tên tệp được tạo từ tiêu đề.
        title: String,
        /// Thư mục kho nội dung (mặc định: thư mục hiện tại).
        #[arg(long, default_value = ".")]
        site: PathBuf,
    },
    /// Kiểm tra tuân thủ: nội dung và trang đã dựng theo danh mục A1–A7 (mỗi phát hiện có mã quy tắc).
    /// Xem trước khi viết: dựng trang (có cả bản nháp), phục vụ qua HTTP, tự dựng lại và tải lại trang khi lưu tệp.
    Serve {
        /// Thư mục kho nội dung (mặc định: thư mục hiện tại).
        #[arg(default_value = ".")]
        site: PathBuf,
        /// Cổng (0: chọn một cổng trống).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Địa chỉ lắng nghe; mặc định chỉ máy này (127.0.0.1).
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Địa chỉ gốc, thay cho `base_url` trong site.yaml.
        #[arg(long)]
        base_url: Option<String>,
        /// Mở trình duyệt.
        #[arg(long)]
        open: bool,
    },
    /// Viết báo cáo kết quả công tác PBGDPL 6 tháng (--ky 2026-6T) hoặc năm (--ky 2026): Markdown, CSV, bản in A4.
    Report {
        /// Thư mục kho nội dung (mặc định: thư mục hiện tại).
        #[arg(default_value = ".")]
        site: PathBuf,
        /// Kỳ báo cáo: `2026-6T` (6 tháng, nộp 20/5) hoặc `2026` (năm, nộp 20/11).
        #[arg(long)]
        ky: String,
        /// Thư mục ghi báo cáo (mặc định: SITE/bao-cao/bao-cao-pbgdpl-<kỳ>/).
        #[arg(short = 'o', long = "output-dir")]
        output: Option<PathBuf>,
        /// Cho phép ghi đè tệp báo cáo đã có.
        #[arg(long = "ghi-de")]
        ghi_de: bool,
    },
    /// Lấy bài từ các nguồn trong `dong_bo` của site.yaml (trang pbgdpl khác, thư mục, RSS) vào content/.
    Sync {
        /// Thư mục kho nội dung (mặc định: thư mục hiện tại).
        #[arg(default_value = ".")]
        site: PathBuf,
    },
    Check {
        /// Thư mục kho nội dung (mặc định: thư mục hiện tại).
        #[arg(default_value = ".")]
        site: PathBuf,
        /// Thư mục trang ĐÃ dựng cần kiểm (ghi thêm kiem-tra/index.html vào đó); bỏ trống thì dựng thử vào thư mục tạm.
        #[arg(short = 'o', long = "output-dir")]
        output_dir: Option<PathBuf>,
        /// Dạng kết quả: text (mặc định) hoặc json.
        #[arg(long, value_enum, default_value_t = check::Format::Text)]
        format: check::Format,
    },
}

impl Cli {
    /// Whether the command does its work and exits (all but `serve`, which runs for hours).
    pub fn is_one_shot(&self) -> bool {
        !matches!(self.command, Command::Serve { .. })
    }
}

/// Runs a parsed command line; the value is the process exit code.
pub fn run(cli: Cli) -> i32 {
    match cli.command {
        Command::Init { dir } => init::run(&dir),
        Command::Build {
            site,
            output,
            base_url,
        } => build::run(&site, output.as_deref(), base_url),
        Command::New {
            section,
            title,
            site,
        } => new::run(&site, &section, &title),
        Command::Report {
            site,
            ky,
            output,
            ghi_de,
        } => report::run(&site, &ky, output.as_deref(), ghi_de),
        Command::Serve {
            site,
            port,
            bind,
            base_url,
            open,
        } => serve::run(&site, bind, port, base_url, open),
        Command::Sync { site } => sync::run(&site),
        Command::Check {
            site,
            output_dir,
            format,
        } => check::run(&site, output_dir.as_deref(), format),
    }
}

/// Prints a one-line Vietnamese error for a command that could not start.
pub(crate) fn fail(message: impl std::fmt::Display) -> i32 {
    eprintln!("lỗi: {message}");
    1
}
