//! The command line: one file per subcommand (as mdBook's `src/cmd/`). `main.rs` parses with
//! clap and calls `run`; each subcommand returns its exit code so tests can call it directly.

pub mod build;
pub mod check;
pub mod init;
pub mod new;

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
    /// Kiểm tra mọi thứ như khi dựng trang, nhưng không ghi tệp nào.
    Check {
        /// Thư mục kho nội dung (mặc định: thư mục hiện tại).
        #[arg(default_value = ".")]
        site: PathBuf,
    },
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
        Command::Check { site } => check::run(&site),
    }
}

/// Prints a one-line Vietnamese error for a command that could not start.
pub(crate) fn fail(message: impl std::fmt::Display) -> i32 {
    eprintln!("lỗi: {message}");
    1
}
