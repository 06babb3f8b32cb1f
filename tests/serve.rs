//! `pbgdpl serve`: the live preview end to end (the real binary on a free port: an edit is
//! served and announced, a broken front matter reaches the browser while the last good page
//! stays, a fix recovers), and the incremental rebuild compared byte for byte with a clean
//! `build` of the same state after edits, renames, deletions, a template and a site.yaml
//! change. Waits poll with generous deadlines: CI machines are slow and shared.

use pbgdpl::pipeline::{self, BuildOptions, Mode};
use pbgdpl::serve::{RebuildReport, Session, Store};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::Arc;
use std::time::{Duration, Instant};

const EPOCH: &str = "1780000000";
const DEADLINE: Duration = Duration::from_secs(90);

fn example_copy() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("content-example");
    for e in walkdir::WalkDir::new(&src) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(&src).unwrap();
        if rel.starts_with("public") {
            continue;
        }
        let dst = tmp.path().join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dst).unwrap();
        } else {
            std::fs::copy(e.path(), &dst).unwrap();
        }
    }
    tmp
}

/// Kills the server when the test ends, passed or not.
struct Server {
    child: Child,
    /// Kept so the thread reading the server's output keeps draining it.
    _lines: Receiver<String>,
    addr: String,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_server(site: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pbgdpl"))
        .args(["serve", "--port", "0"])
        .arg(site)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    // The guard exists before the first wait, so a server that never starts is still killed.
    let mut server = Server {
        child,
        _lines: lines,
        addr: String::new(),
        base: String::new(),
    };
    let started = Instant::now();
    loop {
        let line = server
            ._lines
            .recv_timeout(DEADLINE.saturating_sub(started.elapsed()))
            .expect("serve did not print its address in time");
        if let Some(url) = line.split("tại ").nth(1) {
            let url = url.trim().strip_prefix("http://").unwrap().to_string();
            let (addr, base) = url.split_at(url.find('/').unwrap());
            server.addr = addr.to_string();
            server.base = base.to_string();
            return server;
        }
    }
}

/// A minimal HTTP/1.1 GET: (status, headers, body).
fn get(addr: &str, path: &str) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(DEADLINE)).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    let mut body = raw[split + 4..].to_vec();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = dechunk(&body);
    }
    (status, head, body)
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let eol = b.windows(2).position(|w| w == b"\r\n").unwrap();
        let size =
            usize::from_str_radix(std::str::from_utf8(&b[..eol]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&b[eol + 2..eol + 2 + size]);
        b = &b[eol + 4 + size..];
    }
}

fn page(server: &Server, rel: &str) -> String {
    let (status, _, body) = get(&server.addr, &format!("{}{rel}", server.base));
    assert_eq!(status, 200, "{rel}");
    String::from_utf8(body).unwrap()
}

/// The event stream of one open page: each received `event:` name with its data.
fn subscribe(server: &Server, page_path: &str) -> Receiver<(String, String)> {
    let mut s = TcpStream::connect(&server.addr).unwrap();
    write!(
        s,
        "GET /__pbgdpl/events?path={page_path} HTTP/1.1\r\nHost: x\r\n\r\n"
    )
    .unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut event = String::new();
        for line in BufReader::new(s).lines().map_while(Result::ok) {
            if let Some(name) = line.strip_prefix("event: ") {
                event = name.to_string();
            } else if let Some(data) = line.strip_prefix("data: ") {
                if tx.send((event.clone(), data.to_string())).is_err() {
                    return;
                }
            }
        }
    });
    rx
}

fn wait_event(rx: &Receiver<(String, String)>, name: &str) -> String {
    let started = Instant::now();
    loop {
        let left = DEADLINE.saturating_sub(started.elapsed());
        let (event, data) = rx
            .recv_timeout(left)
            .unwrap_or_else(|_| panic!("no `{name}` event within {DEADLINE:?}"));
        if event == name {
            return data;
        }
    }
}

fn edit(path: &Path, f: impl FnOnce(String) -> String) {
    let text = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, f(text)).unwrap();
}

#[test]
fn serve_reloads_on_edit_shows_errors_and_recovers() {
    let site = example_copy();
    let server = start_server(site.path());
    assert_eq!(server.base, "/pbgdpl/", "served under base_url's path");
    let item = "tin-tuc/hoi-nghi-pho-bien-nghi-dinh-224/";
    let file = site
        .path()
        .join("content/tin-tuc/hoi-nghi-pho-bien-nghi-dinh-224.md");

    let html = page(&server, item);
    assert!(html.contains("<script src=\"/__pbgdpl/reload.js\" defer></script>"));
    let (status, head, _) = get(&server.addr, "/");
    assert_eq!(status, 302);
    assert!(head.contains("Location: /pbgdpl/"), "{head}");
    for bad in [
        "/pbgdpl/../site.yaml",
        "/pbgdpl/%2e%2e/site.yaml",
        "/pbgdpl/a%5c..%5csite.yaml",
    ] {
        assert_eq!(get(&server.addr, bad).0, 400, "{bad}");
    }
    let (_, head, _) = get(&server.addr, "/pbgdpl/rss.xml");
    assert!(head.contains("application/xml"), "{head}");
    let (_, head, _) = get(&server.addr, "/__pbgdpl/reload.js");
    assert!(head.contains("text/javascript"), "{head}");
    let draft = page(&server, "tin-tuc/ban-nhap-ket-qua-thi-chuyen-doi-so/");
    assert!(draft.contains("Bản nháp"), "drafts are shown and marked");

    let events = subscribe(&server, &format!("/pbgdpl/{item}"));
    wait_event(&events, "hello");
    edit(&file, |t| t + "\nCâu mới thêm khi xem trước 7319.\n");
    wait_event(&events, "reload");
    assert!(page(&server, item).contains("Câu mới thêm khi xem trước 7319."));

    edit(&file, |t| {
        t.replacen("ngay_dang: 2026-07-17", "ngay_dang: [2026-07-17", 1)
    });
    let error = wait_event(&events, "build-error");
    assert!(
        error.contains("hoi-nghi-pho-bien-nghi-dinh-224.md"),
        "{error}"
    );
    let (_, _, status) = get(&server.addr, "/__pbgdpl/status");
    let status = String::from_utf8(status).unwrap();
    assert!(
        status.contains("\"ok\":false") && status.contains("hoi-nghi-pho-bien-nghi-dinh-224.md"),
        "{status}"
    );
    assert!(
        page(&server, item).contains("Câu mới thêm khi xem trước 7319."),
        "the last good page is still served"
    );
    // A page opened while the build is broken gets the errors at once.
    let late = subscribe(&server, &format!("/pbgdpl/{item}"));
    wait_event(&late, "build-error");

    edit(&file, |t| {
        t.replacen("ngay_dang: [2026-07-17", "ngay_dang: 2026-07-17", 1)
    });
    wait_event(&events, "reload");
    let (_, _, status) = get(&server.addr, "/__pbgdpl/status");
    assert!(String::from_utf8(status).unwrap().contains("\"ok\":true"));
}

// ---- incremental output = clean build ---------------------------------------------------

fn clean_build(site: &Path, out: &Path) {
    let opts = BuildOptions {
        site: site.to_path_buf(),
        output: Some(out.to_path_buf()),
        mode: Mode::Build,
        drafts: true,
        ..BuildOptions::default()
    };
    pipeline::run(&opts).unwrap_or_else(|d| panic!("clean build failed: {d:?}"));
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).unwrap().to_path_buf())
        .filter(|p| p != Path::new(pbgdpl::write::MARKER))
        .collect();
    v.sort();
    v
}

/// Rebuilds incrementally, then compares the served output with a clean build.
fn rebuild_and_compare(
    session: &mut Session,
    store: &Arc<Store>,
    site: &Path,
    changed: &[PathBuf],
    step: &str,
) -> RebuildReport {
    session.mark_changed(changed);
    let report = session
        .rebuild(&[], &mut || {})
        .unwrap_or_else(|d| panic!("{step}: rebuild failed: {d:?}"));
    session.wait_search_index();
    let work = tempfile::tempdir().unwrap();
    let (served, clean) = (work.path().join("served"), work.path().join("clean"));
    store.dump(&served).unwrap();
    clean_build(site, &clean);
    let (a, b) = (files_under(&served), files_under(&clean));
    let mut differing: Vec<String> = Vec::new();
    for p in a.iter().filter(|p| !b.contains(p)) {
        differing.push(format!("only served: {}", p.display()));
    }
    for p in b.iter().filter(|p| !a.contains(p)) {
        differing.push(format!("only in build: {}", p.display()));
    }
    for p in a.iter().filter(|p| b.contains(p)) {
        if std::fs::read(served.join(p)).unwrap() != std::fs::read(clean.join(p)).unwrap() {
            differing.push(format!("differs: {}", p.display()));
        }
    }
    eprintln!(
        "{step}: {} of {} pages rendered",
        report.pages_rendered, report.pages_total
    );
    assert!(
        differing.is_empty(),
        "{step}: {} files differ:\n{}",
        differing.len(),
        differing.join("\n")
    );
    report
}

#[test]
fn incremental_output_equals_a_clean_build() {
    // SAFETY of set_var: this test binary reads SOURCE_DATE_EPOCH only; both sides see it.
    std::env::set_var("SOURCE_DATE_EPOCH", EPOCH);
    let tmp = example_copy();
    let site = tmp.path();
    let store = Arc::new(Store::default());
    let opts = BuildOptions {
        site: site.to_path_buf(),
        drafts: true,
        ..BuildOptions::default()
    };
    let mut session = Session::new(opts, store.clone());
    rebuild_and_compare(&mut session, &store, site, &[], "first build");

    let news = site.join("content/tin-tuc");
    let item = news.join("hoi-nghi-pho-bien-nghi-dinh-224.md");
    edit(&item, |t| t + "\nMột đoạn mới.\n");
    let report = rebuild_and_compare(
        &mut session,
        &store,
        site,
        std::slice::from_ref(&item),
        "edit body",
    );
    assert!(
        report.pages_rendered * 4 < report.pages_total,
        "an edit re-renders only what shows the item: {report:?}"
    );
    assert!(
        report.model_patched,
        "a body edit patches the model: {report:?}"
    );

    // The summary shows on list pages and in feeds; the model is still patched in place.
    edit(&item, |t| {
        t.replacen("tom_tat: Sở Tư pháp", "tom_tat: Sáng nay, Sở Tư pháp", 1)
    });
    let report = rebuild_and_compare(
        &mut session,
        &store,
        site,
        std::slice::from_ref(&item),
        "edit summary",
    );
    assert!(
        report.model_patched,
        "a summary edit patches the model: {report:?}"
    );

    // Two saves before one rebuild: the second must be compared with what the model holds.
    edit(&item, |t| t + "\nLần lưu thứ nhất.\n");
    session.mark_changed(std::slice::from_ref(&item));
    edit(&item, |t| t + "\nLần lưu thứ hai.\n");
    rebuild_and_compare(
        &mut session,
        &store,
        site,
        std::slice::from_ref(&item),
        "two saves, one rebuild",
    );

    // A file that stops checking, then is fixed: the failed rebuild must not leave the
    // next one with stale digests.
    let original = std::fs::read_to_string(&item).unwrap();
    edit(&item, |t| {
        t.replacen("ngay_dang: 2026-07-17", "ngay_dang: 2026-13-45", 1)
    });
    session.mark_changed(std::slice::from_ref(&item));
    assert!(
        session.rebuild(&[], &mut || {}).is_err(),
        "a bad date fails"
    );
    std::fs::write(&item, original + "\nĐã sửa ngày.\n").unwrap();
    rebuild_and_compare(
        &mut session,
        &store,
        site,
        std::slice::from_ref(&item),
        "fixed after an error",
    );

    // A cited document's title shows on the questions that cite it: not a patch.
    let law = site.join("content/van-ban/52-2014-qh13.md");
    edit(&law, |t| {
        t.replacen(
            "tieu_de: Luật Hôn nhân và gia đình",
            "tieu_de: Luật Hôn nhân và gia đình năm 2014",
            1,
        )
    });
    let report = rebuild_and_compare(
        &mut session,
        &store,
        site,
        std::slice::from_ref(&law),
        "title of a cited document",
    );
    assert!(
        !report.model_patched,
        "a title edit re-assembles: {report:?}"
    );

    // A citation added to a question is resolved in the patched item too.
    let question = site.join("content/hoi-dap/chung-thuc-ban-sao.md");
    edit(&question, |t| {
        t.replacen(
            "can_cu_phap_ly: [23/2015/NĐ-CP]",
            "can_cu_phap_ly: [23/2015/NĐ-CP, 52/2014/QH13]",
            1,
        )
    });
    rebuild_and_compare(
        &mut session,
        &store,
        site,
        std::slice::from_ref(&question),
        "add a citation",
    );
    edit(&question, |t| t + "\nThêm một câu vào câu trả lời.\n");
    let report = rebuild_and_compare(
        &mut session,
        &store,
        site,
        std::slice::from_ref(&question),
        "edit an answer that cites documents",
    );
    assert!(report.model_patched, "{report:?}");

    edit(&item, |t| {
        t.replacen("tieu_de: Phổ biến", "tieu_de: Tuyên truyền, phổ biến", 1)
    });
    rebuild_and_compare(
        &mut session,
        &store,
        site,
        std::slice::from_ref(&item),
        "edit title",
    );

    edit(&item, |t| {
        t.replacen("ngay_dang: 2026-07-17", "ngay_dang: 2025-01-02", 1)
    });
    rebuild_and_compare(
        &mut session,
        &store,
        site,
        std::slice::from_ref(&item),
        "edit date (list order)",
    );

    let renamed = news.join("hoi-nghi-nghi-dinh-224-doi-ten.md");
    std::fs::rename(&item, &renamed).unwrap();
    rebuild_and_compare(
        &mut session,
        &store,
        site,
        &[item.clone(), renamed.clone()],
        "rename",
    );

    let gone = news.join("huong-ung-ngay-phap-luat-2026.md");
    std::fs::remove_file(&gone).unwrap();
    rebuild_and_compare(&mut session, &store, site, &[gone], "delete");

    let added = news.join("bai-moi-them.md");
    std::fs::write(
        &added,
        "---\ntieu_de: Bài mới thêm khi xem trước\nngay_dang: 2026-12-01\ntom_tat: Một bài mới.\nlinh_vuc: [\"Lĩnh vực mới toanh\"]\n---\n\nNội dung, có liên kết tới [bài đã đổi tên](/tin-tuc/hoi-nghi-nghi-dinh-224-doi-ten/).\n",
    )
    .unwrap();
    rebuild_and_compare(
        &mut session,
        &store,
        site,
        std::slice::from_ref(&added),
        "add with a new term",
    );

    std::fs::remove_file(&renamed).unwrap();
    rebuild_and_compare(
        &mut session,
        &store,
        site,
        &[renamed],
        "delete a linked item",
    );

    let templates = site.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/item.html");
    let text = std::fs::read_to_string(theme).unwrap();
    let changed = text.replacen(
        "<h1>{{ item.tieu_de }}</h1>",
        "<h1 class=\"doi\">{{ item.tieu_de }}</h1>",
        1,
    );
    assert_ne!(text, changed, "the template edit must change something");
    std::fs::write(templates.join("item.html"), changed).unwrap();
    rebuild_and_compare(
        &mut session,
        &store,
        site,
        &[templates.join("item.html")],
        "template",
    );

    let config = site.join("site.yaml");
    edit(&config, |t| {
        t.replacen(
            "base_url: https://stp.dongnai.gov.vn/pbgdpl/",
            "base_url: https://stp.dongnai.gov.vn/pbgdpl-moi/",
            1,
        )
    });
    rebuild_and_compare(&mut session, &store, site, &[config], "site.yaml");
}
