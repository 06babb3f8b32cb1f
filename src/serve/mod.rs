//! `pbgdpl serve`: live preview for editors. Builds the site once into memory (never into the
//! editor's `public/`), serves it over HTTP under the same sub-path as `base_url`, watches the
//! site folder, rebuilds incrementally on every save and tells open pages to reload (or shows
//! the Vietnamese errors over the last good version). `session` is the incremental rebuild,
//! `store` the in-memory output, `http` the server and the reload channel, `watch` the file
//! watcher. Drafts are shown here (and marked "Bản nháp" by the theme); `build` never shows them.

pub mod http;
pub mod session;
pub mod store;
pub mod watch;

pub use session::{RebuildReport, Session};
pub use store::Store;

use crate::diagnostics::Diagnostic;
use crate::pipeline::BuildOptions;
use crate::vi::group_thousands;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct ServeOptions {
    pub site: PathBuf,
    pub bind: String,
    /// 0 picks a free port (the address is printed).
    pub port: u16,
    pub base_url: Option<String>,
    /// Open the preview in the default browser.
    pub open: bool,
}

/// Runs the preview until the process is stopped; returns an exit code when it cannot start.
pub fn run(opts: &ServeOptions) -> i32 {
    let build = BuildOptions {
        site: opts.site.clone(),
        base_url: opts.base_url.clone(),
        drafts: true,
        ..BuildOptions::default()
    };
    let store = Arc::new(Store::default());
    let mut session = Session::new(build, store.clone());
    println!("Đang dựng trang lần đầu (có cả bản nháp)…");
    let first = session.rebuild(&[], &mut || {});
    let Some(base_url) = session.base_url() else {
        print_errors(first.as_ref().err().map_or(&[][..], |v| v.as_slice()));
        return super::cmd::fail(
            "không đọc được site.yaml; sửa lỗi trên rồi chạy lại `pbgdpl serve`.",
        );
    };
    let base_path = crate::postprocess::path_of(&base_url);
    let base_path = if base_path.ends_with('/') {
        base_path
    } else {
        format!("{base_path}/")
    };
    let server = match tiny_http::Server::http((opts.bind.as_str(), opts.port)) {
        Ok(s) => Arc::new(s),
        Err(e) => {
            return super::cmd::fail(format!(
                "không mở được cổng {}:{} ({e}); cổng có thể đang được chương trình khác dùng. Cách sửa: chọn cổng khác, ví dụ `--port 1112`.",
                opts.bind, opts.port
            ))
        }
    };
    let search = session.search_handle();
    let hub = http::Hub::new(store, base_path.clone(), Box::new(move || search.pending()));
    match &first {
        Ok(report) => {
            hub.built();
            println!("{}", first_line(report));
        }
        Err(diags) => {
            print_errors(diags);
            hub.failed(http::diagnostics_json(diags));
        }
    }
    http::spawn(server.clone(), hub.clone(), 4);
    let (tx, rx) = mpsc::channel();
    let mut watch = match watch::start(&opts.site, tx) {
        Ok(w) => w,
        Err(e) => return super::cmd::fail(format!("không theo dõi được thư mục trang: {e}")),
    };
    let addr = server
        .server_addr()
        .to_ip()
        .map_or_else(|| format!("{}:{}", opts.bind, opts.port), |a| a.to_string());
    let url = format!("http://{addr}{base_path}");
    println!("Đang phục vụ bản xem trước tại {url}");
    println!("Lưu tệp là trang tự tải lại. Dừng: Ctrl+C.");
    if !is_loopback(&opts.bind) {
        println!(
            "Lưu ý: địa chỉ {} cho phép máy khác trong mạng xem cả bản nháp.",
            opts.bind
        );
    }
    if opts.open {
        open_browser(&url);
    }
    let root = opts
        .site
        .canonicalize()
        .unwrap_or_else(|_| opts.site.clone());
    while let Ok(mut paths) = rx.recv() {
        while let Ok(more) = rx.try_recv() {
            paths.extend(more);
        }
        paths.sort();
        paths.dedup();
        watch.refresh();
        session.mark_changed(&paths);
        let changed = describe(&root, &opts.site, &paths);
        let viewed = hub.viewed();
        match session.rebuild(&viewed, &mut || hub.built()) {
            Ok(report) => println!("{}", status_line(&changed, &report)),
            Err(diags) => {
                println!("{changed}: không dựng được, vẫn phục vụ bản đúng gần nhất.");
                print_errors(&diags);
                hub.failed(http::diagnostics_json(&diags));
            }
        }
    }
    0
}

fn is_loopback(bind: &str) -> bool {
    bind.parse::<std::net::IpAddr>()
        .map(|ip| ip.is_loopback())
        .unwrap_or(bind == "localhost")
}

/// `content/van-ban/x.md` or `content/van-ban/x.md và 3 tệp khác`.
fn describe(root: &Path, site: &Path, paths: &[PathBuf]) -> String {
    let rel = |p: &PathBuf| {
        p.strip_prefix(root)
            .or_else(|_| p.strip_prefix(site))
            .unwrap_or(p)
            .display()
            .to_string()
    };
    match paths {
        [] => "Thay đổi".to_string(),
        [one] => format!("Thay đổi {}", rel(one)),
        [one, rest @ ..] => format!("Thay đổi {} và {} tệp khác", rel(one), rest.len()),
    }
}

fn first_line(r: &RebuildReport) -> String {
    format!(
        "Đã dựng {} trang trong {} ms.",
        group_thousands(r.pages_total as u64),
        r.elapsed.as_millis()
    )
}

/// `Thay đổi content/van-ban/x.md → dựng lại 14/11.731 trang, trang đang mở sẵn sàng sau 61 ms, xong sau 75 ms`.
pub fn status_line(changed: &str, r: &RebuildReport) -> String {
    let mut line = format!(
        "{changed} → dựng lại {}/{} trang",
        group_thousands(r.pages_rendered as u64),
        group_thousands(r.pages_total as u64),
    );
    if r.files_reread > 0 || r.files_removed > 0 {
        line += &format!(
            " (đọc lại {} tệp, bỏ {} tệp)",
            r.files_reread, r.files_removed
        );
    }
    if r.global_change {
        line += ", toàn bộ trang vì mẫu, cấu hình hay danh mục chung đã đổi";
    }
    if r.ready_after + std::time::Duration::from_millis(5) < r.elapsed {
        line += &format!(
            ", trang đang mở sẵn sàng sau {} ms",
            r.ready_after.as_millis()
        );
    }
    line + &format!(
        ", xong sau {} ms; chỉ mục tìm kiếm cập nhật ngầm.",
        r.elapsed.as_millis()
    )
}

fn print_errors(diags: &[Diagnostic]) {
    let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
    for d in &errors {
        eprintln!("{d}");
    }
    if !errors.is_empty() {
        eprintln!(
            "Có {} lỗi; trang mở trong trình duyệt hiện thông báo lỗi.",
            errors.len()
        );
    }
}

/// The platform's "open this URL" command; no crate needed for one call.
fn open_browser(url: &str) {
    let mut cmd = if cfg!(target_os = "windows") {
        let mut c = std::process::Command::new("cmd");
        c.args(["/c", "start", "", url]);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = std::process::Command::new("open");
        c.arg(url);
        c
    } else {
        let mut c = std::process::Command::new("xdg-open");
        c.arg(url);
        c
    };
    if cmd.spawn().is_err() {
        println!("Không mở được trình duyệt; hãy tự mở {url}");
    }
}
