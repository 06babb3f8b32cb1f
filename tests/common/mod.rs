//! Helpers shared by the integration tests: run the real binary, walk an output folder, and
//! check the properties every page of a conformant site must have.

#![allow(dead_code)]

use regex::Regex;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/corpus` beside the repo, when present.
pub fn corpus() -> Option<PathBuf> {
    let dir = repo().join("../shared/corpus");
    dir.join("make-site").is_file().then_some(dir)
}

pub fn pbgdpl(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pbgdpl"))
        .args(args)
        .env("CI", "true")
        .output()
        .expect("run pbgdpl")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs `make-site KIND [--items N] --out DIR`; None (with a message) when it cannot.
pub fn make_site(kind: &str, items: Option<usize>, out: &Path) -> Option<()> {
    let Some(corpus) = corpus() else {
        eprintln!("bỏ qua: không có ../shared/corpus (cần cho kiểm thử với kho văn bản lớn)");
        return None;
    };
    let mut cmd = Command::new("python3");
    cmd.arg(corpus.join("make-site"))
        .arg(kind)
        .arg("--out")
        .arg(out);
    if let Some(n) = items {
        cmd.arg("--items").arg(n.to_string());
    }
    match cmd.status() {
        Ok(s) if s.success() => Some(()),
        other => {
            eprintln!("bỏ qua: make-site không chạy được: {other:?}");
            None
        }
    }
}

/// Every file under `root`, as `/`-separated relative paths.
pub fn files(root: &Path) -> Vec<String> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

/// Hash of every file's bytes, to prove a folder did not change.
pub fn snapshot(root: &Path) -> BTreeMap<String, u64> {
    use std::hash::{Hash, Hasher};
    files(root)
        .into_iter()
        .map(|f| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            std::fs::read(root.join(&f)).unwrap().hash(&mut h);
            (f, h.finish())
        })
        .collect()
}

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).unwrap())
}

/// `href`/`src`/`poster`/`action` values of a page.
pub fn links(html: &str) -> Vec<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(&RE, r#"\s(?:href|src|poster|action)="([^"]*)""#)
        .captures_iter(html)
        .map(|c| c[1].replace("&amp;", "&"))
        .collect()
}

pub fn is_external(link: &str) -> bool {
    let l = link.to_ascii_lowercase();
    l.starts_with("http:")
        || l.starts_with("https:")
        || l.starts_with("//")
        || l.starts_with("mailto:")
        || l.starts_with("tel:")
        || l.starts_with("data:")
}

/// The file an internal link of `page` points at, if it exists.
pub fn resolve(root: &Path, page: &str, link: &str) -> Option<PathBuf> {
    let path = link.split(['#', '?']).next().unwrap_or("");
    if path.is_empty() {
        return Some(root.join(page));
    }
    let base = Path::new(page).parent().unwrap_or(Path::new(""));
    let mut parts: Vec<String> = base
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s.to_string()),
        }
    }
    let mut target = root.join(parts.join("/"));
    if path.ends_with('/') || target.is_dir() {
        target = target.join("index.html");
    }
    target.is_file().then_some(target)
}

/// Problems with one HTML page against the rules every page must meet.
pub fn page_problems(root: &Path, page: &str) -> Vec<String> {
    let html = std::fs::read_to_string(root.join(page)).unwrap_or_default();
    let mut p = Vec::new();
    if !html.starts_with("<!DOCTYPE html>") {
        p.push("không bắt đầu bằng <!DOCTYPE html>".into());
    }
    if !html.contains(r#"<html lang="vi""#) {
        p.push("thiếu <html lang=\"vi\">".into());
    }
    let head =
        String::from_utf8_lossy(&html.as_bytes()[..html.len().min(1024)]).to_ascii_lowercase();
    if !head.contains(r#"<meta charset="utf-8">"#) {
        p.push("thiếu <meta charset=\"utf-8\"> trong 1024 byte đầu".into());
    }
    let h1 = html.matches("<h1").count();
    if h1 != 1 {
        p.push(format!("{h1} thẻ <h1> (cần đúng 1)"));
    }
    static TITLE: OnceLock<Regex> = OnceLock::new();
    if !re(&TITLE, r"<title>[^<]+</title>").is_match(&html) {
        p.push("thiếu <title>".into());
    }
    for name in [
        "DC.title",
        "DC.creator",
        "DC.date",
        "DC.description",
        "DC.publisher",
        "DC.identifier",
    ] {
        if page != "404.html" && !html.contains(&format!(r#"name="{name}""#)) {
            p.push(format!("thiếu meta {name}"));
        }
    }
    if !html.contains(r#"property="og:title""#) {
        p.push("thiếu og:title".into());
    }
    if !html.contains("application/rss+xml") {
        p.push("thiếu liên kết RSS trong <head>".into());
    }
    if page != "404.html" {
        for link in links(&html) {
            if is_external(&link) || link.starts_with("javascript:") {
                continue;
            }
            if resolve(root, page, &link).is_none() {
                p.push(format!("liên kết hỏng: {link}"));
            }
        }
    }
    p
}

/// Checks every page of a built site; returns "page: problem" lines (empty = conformant).
pub fn site_problems(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for f in files(root).into_iter().filter(|f| f.ends_with(".html")) {
        for problem in page_problems(root, &f) {
            out.push(format!("{f}: {problem}"));
        }
    }
    out
}

/// The `<loc>` URLs of the sitemap (following a sitemap index).
pub fn sitemap_urls(root: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(root.join("sitemap.xml")).expect("sitemap.xml");
    let doc = roxmltree::Document::parse(&text).expect("sitemap.xml parses");
    let locs: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .map(str::to_string)
        .collect();
    if doc.root_element().has_tag_name("sitemapindex") {
        let mut all = Vec::new();
        for loc in locs {
            let name = loc.rsplit('/').next().unwrap();
            let child = std::fs::read_to_string(root.join(name)).expect("child sitemap");
            let d = roxmltree::Document::parse(&child).expect("child sitemap parses");
            all.extend(
                d.descendants()
                    .filter(|n| n.has_tag_name("loc"))
                    .filter_map(|n| n.text())
                    .map(str::to_string),
            );
        }
        return all;
    }
    locs
}

/// Every page (index.html) is in the sitemap, given the site's base URL.
pub fn pages_missing_from_sitemap(root: &Path, base_url: &str) -> Vec<String> {
    let urls: std::collections::HashSet<String> = sitemap_urls(root).into_iter().collect();
    files(root)
        .into_iter()
        .filter(|f| f.ends_with("index.html"))
        .filter(|f| {
            let dir = f.trim_end_matches("index.html");
            !urls.contains(&format!("{base_url}{dir}"))
        })
        .collect()
}

/// RSS 2.0 and Atom structure of one feed pair; returns problems.
pub fn feed_problems(root: &Path, rss: &str, atom: &str) -> Vec<String> {
    let mut p = Vec::new();
    match std::fs::read_to_string(root.join(rss))
        .map(|t| (roxmltree::Document::parse(&t).map(|_| ()), t))
    {
        Ok((Ok(()), text)) => {
            let doc = roxmltree::Document::parse(&text).unwrap();
            let r = doc.root_element();
            if !r.has_tag_name("rss") || r.attribute("version") != Some("2.0") {
                p.push(format!("{rss}: gốc không phải <rss version=\"2.0\">"));
            }
            let channel = r.children().find(|n| n.has_tag_name("channel"));
            for tag in ["title", "link", "description", "language"] {
                if !channel.is_some_and(|c| c.children().any(|n| n.has_tag_name(tag))) {
                    p.push(format!("{rss}: channel thiếu <{tag}>"));
                }
            }
            for item in doc.descendants().filter(|n| n.has_tag_name("item")) {
                for tag in ["title", "link", "description", "pubDate", "guid"] {
                    if !item.children().any(|n| n.has_tag_name(tag)) {
                        p.push(format!("{rss}: item thiếu <{tag}>"));
                    }
                }
            }
        }
        Ok((Err(e), _)) => p.push(format!("{rss}: XML hỏng: {e}")),
        Err(e) => p.push(format!("{rss}: {e}")),
    }
    match std::fs::read_to_string(root.join(atom)) {
        Ok(text) => match roxmltree::Document::parse(&text) {
            Ok(doc) => {
                let r = doc.root_element();
                if !r.has_tag_name(("http://www.w3.org/2005/Atom", "feed")) {
                    p.push(format!("{atom}: gốc không phải Atom <feed>"));
                }
                for tag in ["id", "title", "updated"] {
                    if !r.children().any(|n| n.has_tag_name(tag)) {
                        p.push(format!("{atom}: thiếu <{tag}>"));
                    }
                }
            }
            Err(e) => p.push(format!("{atom}: XML hỏng: {e}")),
        },
        Err(e) => p.push(format!("{atom}: {e}")),
    }
    p
}

/// Labels every văn bản page must show (domain-vn A5-01).
pub const VAN_BAN_LABELS: &[&str] = &[
    "Số ký hiệu",
    "Loại văn bản",
    "Cơ quan ban hành",
    "Ngày ban hành",
    "Ngày có hiệu lực",
    "Trích yếu",
    "Tình trạng hiệu lực",
    "Người ký",
    "Lĩnh vực",
];

/// Copies a folder tree (a fixture or the example site) so a test can change it freely.
pub fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// `pbgdpl build SITE -o OUT` with a fixed `SOURCE_DATE_EPOCH`, so two builds of the same input
/// are byte-identical; panics with the build's messages when it fails.
pub fn build_reproducibly(site: &Path, out: &Path) {
    let o = Command::new(env!("CARGO_BIN_EXE_pbgdpl"))
        .args([
            "build",
            &site.to_string_lossy(),
            "-o",
            &out.to_string_lossy(),
        ])
        .env("SOURCE_DATE_EPOCH", "1780000000")
        .env("CI", "true")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}
