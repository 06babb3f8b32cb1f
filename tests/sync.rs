//! `pbgdpl sync` end to end: a province site and a commune site built from
//! `tests/fixtures/sync/`, the province's output served over HTTP on a loopback port, the
//! commune importing from it. Then hostile sources: scripts, `javascript:` links, `../../`
//! ids, a 50 MB body, a slow server, invalid JSON — each refused or cleaned with a message,
//! and nothing written for a source that failed.

mod common;
use common::{build_reproducibly, copy_dir};

use pbgdpl::sync::{self, Summary, SyncOptions};
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// Serves `root` under `/pbgdpl/` and the hostile routes under their own prefixes.
fn serve(root: PathBuf) -> u16 {
    let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
    let port = server.server_addr().to_ip().unwrap().port();
    for _ in 0..4 {
        let server = server.clone();
        let root = root.clone();
        std::thread::spawn(move || {
            for req in server.incoming_requests() {
                let url = req.url().to_string();
                if let Some(rel) = url.strip_prefix("/pbgdpl/") {
                    match std::fs::read(root.join(rel)) {
                        Ok(b) => {
                            let _ = req.respond(tiny_http::Response::from_data(b));
                        }
                        Err(_) => {
                            let _ = req.respond(tiny_http::Response::empty(404));
                        }
                    }
                } else if url.starts_with("/hong/") {
                    let _ = req.respond(tiny_http::Response::from_string(
                        "{\"phien_ban_dinh_dang\": 1, \"co_quan\": ",
                    ));
                } else if url.starts_with("/lon/") {
                    let body = Cursor::new(vec![b' '; 50 * 1024 * 1024]);
                    let _ = req.respond(tiny_http::Response::new(
                        200.into(),
                        vec![],
                        body,
                        Some(50 * 1024 * 1024),
                        None,
                    ));
                } else if url.starts_with("/cham/") {
                    std::thread::sleep(Duration::from_secs(4));
                    let _ = req.respond(tiny_http::Response::from_string("{}"));
                } else if let Some(rel) = url.strip_prefix("/doc/") {
                    let _ = req.respond(tiny_http::Response::from_string(hostile_api(rel)));
                } else {
                    let _ = req.respond(tiny_http::Response::empty(404));
                }
            }
        });
    }
    port
}

/// A well-formed api/v1 whose items are hostile.
fn hostile_api(rel: &str) -> String {
    let record = |ma: &str, body: &str, extra: serde_json::Value| {
        let mut truong =
            serde_json::json!({"tieu_de": "Tin độc", "ngay_dang": "2026-01-02", "tom_tat": "x"});
        for (k, v) in extra.as_object().unwrap() {
            truong[k] = v.clone();
        }
        serde_json::json!({"ma": ma, "loai": "page", "chuyen_muc": "tin-tuc", "tieu_de": "Tin độc",
            "url": format!("https://doc.example/{ma}/"), "duong_dan": format!("{ma}/"), "ngay_dang": "2026-01-02",
            "ngay_cap_nhat": "2026-01-02", "bam": format!("sha256:{:064}", ma.len()), "truong": truong, "tep": [], "noi_dung": body})
    };
    let items = vec![
        record("../../etc/passwd", "x", serde_json::json!({})),
        record("tin-tuc/../../../thoat", "x", serde_json::json!({})),
        record("tin-tuc/tin-doc", "Chào <script>document.cookie</script> <img src=x onerror=alert(1)> [bấm](javascript:alert(1)) <a href=\"javascript:alert(2)\">a</a>", serde_json::json!({"anh_mo_ta": "javascript:alert(3)"})),
    ];
    match rel {
        "api/v1/site.json" => serde_json::json!({"phien_ban_dinh_dang": 1, "base_url": "https://doc.example/"}).to_string(),
        "api/v1/index.json" => {
            let muc: Vec<_> = items.iter().map(|r| serde_json::json!({"ma": r["ma"], "tieu_de": "x", "url": r["url"], "ngay_cap_nhat": "2026-01-02", "bam": r["bam"], "trang": 1})).collect();
            serde_json::json!({"phien_ban": "0000000000000000", "tong_so_muc": muc.len(), "muc": muc}).to_string()
        }
        "api/v1/items/1.json" => serde_json::json!({"trang": 1, "so_trang": 1, "tong_so_muc": items.len(), "trang_truoc": null, "trang_sau": null, "muc": items}).to_string(),
        _ => String::new(),
    }
}

fn set_sources(site: &Path, sources: &[(&str, String)]) {
    let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    let head = yaml.split("dong_bo:").next().unwrap().to_string();
    let list: String = sources
        .iter()
        .map(|(ten, url)| format!("  - ten: {ten}\n    nguon: {url}\n"))
        .collect();
    std::fs::write(site.join("site.yaml"), format!("{head}dong_bo:\n{list}")).unwrap();
}

fn run(site: &Path) -> Summary {
    let mut opts = SyncOptions::new(site);
    opts.limits.timeout = Duration::from_secs(2);
    let s = sync::run(&opts).unwrap();
    eprintln!("{}", s.lines().join("\n"));
    s
}

fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn a_commune_imports_from_the_province_and_keeps_local_edits() {
    let tmp = tempfile::tempdir().unwrap();
    let tinh = tmp.path().join("tinh");
    let xa = tmp.path().join("xa");
    let out = tmp.path().join("tinh-out");
    copy_dir(&common::repo().join("tests/fixtures/sync/tinh"), &tinh);
    copy_dir(&common::repo().join("tests/fixtures/sync/xa"), &xa);
    build_reproducibly(&tinh, &out);
    let port = serve(out.clone());
    let api = format!("http://127.0.0.1:{port}/pbgdpl/api/v1/");
    set_sources(&xa, &[("Sở Tư pháp tỉnh Đồng Nai", api.clone())]);

    // First run: everything is new; the script and the javascript: link are gone.
    let s = run(&xa);
    let r = &s.sources[0];
    assert!(r.loi.is_none(), "{:?}", r.loi);
    assert_eq!(r.them.len(), 3, "{:?}", r.them);
    assert!(r.da_lam_sach >= 2);
    let news = std::fs::read_to_string(xa.join("content/tin-tuc/hoi-nghi-tap-huan.md")).unwrap();
    assert!(
        !news.contains("<script") && !news.contains("javascript:"),
        "{news}"
    );
    assert!(
        news.contains(&format!("nguon: \"{api}\""))
            && news.contains("ma: \"tin-tuc/hoi-nghi-tap-huan\"")
    );
    assert!(xa
        .join("static/dong-bo/so-tu-phap-tinh-dong-nai/van-ban/42-2022-nd-cp/42-2022-nd-cp.pdf")
        .is_file());

    // The commune builds; imported pages show their source, and the units page groups them.
    let xa_out = tmp.path().join("xa-out");
    build_reproducibly(&xa, &xa_out);
    let page = std::fs::read_to_string(xa_out.join("van-ban/42-2022-nd-cp/index.html")).unwrap();
    assert!(page.contains("Nguồn: <a class=\"ngoai\" href=\"https://stp.example.gov.vn/pbgdpl/van-ban/42-2022-nd-cp/\""), "provenance link missing");
    let units = std::fs::read_to_string(xa_out.join("tin-tu-cac-don-vi/index.html")).unwrap();
    assert!(units.contains("Sở Tư pháp tỉnh Đồng Nai") && units.contains("(3 bài)"));

    // Second run: nothing changes, not a byte.
    let before = snapshot(&xa);
    let s = run(&xa);
    assert_eq!(
        (
            s.sources[0].them.len(),
            s.sources[0].cap_nhat.len(),
            s.sources[0].khong_doi
        ),
        (0, 0, 3)
    );
    assert_eq!(snapshot(&xa), before);

    // A change at the source updates the import.
    let src = tinh.join("content/tin-tuc/hoi-nghi-tap-huan.md");
    std::fs::write(
        &src,
        std::fs::read_to_string(&src).unwrap() + "\nĐoạn bổ sung từ tỉnh.\n",
    )
    .unwrap();
    // A local edit, then a change of the same item at the source: a conflict.
    let local = xa.join("content/hoi-dap/dieu-kien-ket-hon.md");
    std::fs::write(
        &local,
        std::fs::read_to_string(&local).unwrap() + "\nGhi chú của xã.\n",
    )
    .unwrap();
    let qa = tinh.join("content/hoi-dap/dieu-kien-ket-hon.md");
    std::fs::write(
        &qa,
        std::fs::read_to_string(&qa).unwrap() + "\nCập nhật của tỉnh.\n",
    )
    .unwrap();
    build_reproducibly(&tinh, &out);
    let s = run(&xa);
    let r = &s.sources[0];
    assert_eq!(r.cap_nhat, vec!["tin-tuc/hoi-nghi-tap-huan".to_string()]);
    assert!(
        std::fs::read_to_string(xa.join("content/tin-tuc/hoi-nghi-tap-huan.md"))
            .unwrap()
            .contains("Đoạn bổ sung từ tỉnh.")
    );
    assert_eq!(r.xung_dot.len(), 1, "{:?}", r.xung_dot);
    assert!(
        std::fs::read_to_string(&local)
            .unwrap()
            .contains("Ghi chú của xã."),
        "local edit lost"
    );
    let theirs =
        std::fs::read_to_string(xa.join("content/hoi-dap/dieu-kien-ket-hon.md.tu-nguon")).unwrap();
    assert!(theirs.contains("Cập nhật của tỉnh."));
    // The conflict copy is not a page: the commune still builds.
    build_reproducibly(&xa, &xa_out);

    // Removed at the source: reported, kept here.
    std::fs::remove_file(tinh.join("content/van-ban/42-2022-nd-cp.md")).unwrap();
    build_reproducibly(&tinh, &out);
    let s = run(&xa);
    assert_eq!(
        s.sources[0].xoa_o_nguon,
        vec!["van-ban/42-2022-nd-cp".to_string()]
    );
    assert!(xa.join("content/van-ban/42-2022-nd-cp.md").is_file());
}

#[test]
fn hostile_sources_are_refused_or_cleaned_and_write_nothing_partial() {
    let tmp = tempfile::tempdir().unwrap();
    let xa = tmp.path().join("xa");
    copy_dir(&common::repo().join("tests/fixtures/sync/xa"), &xa);
    let port = serve(tmp.path().to_path_buf());
    let base = format!("http://127.0.0.1:{port}");
    set_sources(
        &xa,
        &[
            ("JSON hỏng", format!("{base}/hong/api/v1/")),
            ("Quá lớn", format!("{base}/lon/api/v1/")),
            ("Chậm", format!("{base}/cham/api/v1/")),
            ("Độc", format!("{base}/doc/api/v1/")),
        ],
    );
    let before = snapshot(&xa.join("content"));
    let started = std::time::Instant::now();
    let s = run(&xa);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "timeouts must apply"
    );
    let loi = |i: usize| s.sources[i].loi.clone().unwrap_or_default();
    assert!(loi(0).contains("không phải dữ liệu JSON"), "{}", loi(0));
    assert!(loi(1).contains("lớn hơn giới hạn"), "{}", loi(1));
    assert!(loi(2).contains("hết thời gian chờ"), "{}", loi(2));
    let doc = &s.sources[3];
    assert!(doc.loi.is_none());
    assert_eq!(doc.tu_choi.len(), 2, "{:?}", doc.tu_choi);
    assert!(doc
        .tu_choi
        .iter()
        .all(|(_, why)| why.contains("không hợp lệ")));
    assert_eq!(doc.them, vec!["tin-tuc/tin-doc".to_string()]);
    let text = std::fs::read_to_string(xa.join("content/tin-tuc/tin-doc.md")).unwrap();
    for bad in ["<script", "document.cookie", "onerror", "javascript:"] {
        assert!(!text.contains(bad), "{bad} in {text}");
    }
    // Only the hostile-but-cleanable item was added; nothing escaped the site.
    let after = snapshot(&xa.join("content"));
    assert_eq!(after.len(), before.len() + 1);
    assert!(!tmp.path().join("thoat.md").exists() && !tmp.path().join("etc").exists());
    let lines = s.lines().join("\n");
    assert!(lines.contains("không ghi tệp nào của nguồn này") && lines.contains("từ chối"));
}

#[test]
fn an_rss_feed_becomes_news_items_linking_to_the_original() {
    let tmp = tempfile::tempdir().unwrap();
    let xa = tmp.path().join("xa");
    copy_dir(&common::repo().join("tests/fixtures/sync/xa"), &xa);
    let feed = r#"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>PBGDPL Đồng Nai</title><link>https://pbgdpl.dongnai.gov.vn/</link><description>d</description>
<item><title>Tuyên truyền Luật Đất đai &lt;b&gt;2024&lt;/b&gt;</title><link>https://pbgdpl.dongnai.gov.vn/vi/news/tin/luat-dat-dai-1.html</link><guid>1</guid><pubDate>Tue, 10 Mar 2026 08:00:00 +0700</pubDate><description>&lt;p&gt;Sở Tư pháp tổ chức &lt;script&gt;x()&lt;/script&gt;tuyên truyền.&lt;/p&gt;</description></item>
<item><title>Bài không có liên kết</title><guid>2</guid><link>javascript:alert(1)</link></item>
</channel></rss>"#;
    std::fs::create_dir_all(tmp.path().join("rss")).unwrap();
    std::fs::write(tmp.path().join("rss/index.xml"), feed).unwrap();
    let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
    let port = server.server_addr().to_ip().unwrap().port();
    let root = tmp.path().to_path_buf();
    std::thread::spawn(move || {
        for req in server.incoming_requests() {
            let body = std::fs::read(root.join("rss/index.xml")).unwrap();
            let _ = req.respond(tiny_http::Response::from_data(body));
        }
    });
    set_sources(
        &xa,
        &[(
            "Trang PBGDPL tỉnh Đồng Nai",
            format!("http://127.0.0.1:{port}/vi/news/rss/"),
        )],
    );
    let s = run(&xa);
    let r = &s.sources[0];
    assert_eq!(r.them.len(), 1, "{:?}", r);
    assert_eq!(r.tu_choi.len(), 1);
    let rel = format!("content/{}.md", r.them[0]);
    assert!(
        rel.starts_with("content/tin-tuc/tuyen-truyen-luat-dat-dai-2024-"),
        "{rel}"
    );
    let text = std::fs::read_to_string(xa.join(&rel)).unwrap();
    assert!(
        text.contains("ngay_dang: \"2026-03-10\"")
            && text.contains("https://pbgdpl.dongnai.gov.vn/vi/news/tin/luat-dat-dai-1.html")
    );
    assert!(!text.contains("script") && !text.contains("x()"), "{text}");
    assert_eq!(run(&xa).sources[0].khong_doi, 1);
    build_reproducibly(&xa, &tmp.path().join("out"));
}
