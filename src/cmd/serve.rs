//! `pbgdpl serve [SITE] [--port 1111] [--bind 127.0.0.1] [--base-url URL] [--open]`: the live
//! preview (see `crate::serve`).

use crate::serve::{self, ServeOptions};
use std::path::Path;

pub fn run(site: &Path, bind: String, port: u16, base_url: Option<String>, open: bool) -> i32 {
    if !site.join("site.yaml").is_file() && !site.join("content").is_dir() {
        return super::fail(format!(
            "«{}» không phải thư mục kho nội dung (không có site.yaml hay content/). Cách sửa: chạy lệnh trong thư mục trang, hoặc ghi đường dẫn: `pbgdpl serve đường/dẫn/trang`.",
            site.display()
        ));
    }
    serve::run(&ServeOptions {
        site: site.to_path_buf(),
        bind,
        port,
        base_url,
        open,
    })
}
