//! Output rules, read from a built site folder: every text file (UTF-8, NFC), every HTML page
//! (one `html::scan` each, in parallel), the feeds, the sitemap, images, downloads and the
//! stylesheet. The folder may be a fresh build in a temporary directory or one the editor
//! built before (`check --output-dir`); the report folder `kiem-tra/` is never judged.

use super::html::{self, PageFacts};
use super::settings::CheckSettings;
use super::{Finding, Findings};
use crate::model::{ItemData, Site, SECTIONS};
use rayon::prelude::*;
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::LazyLock;

/// The folder the report page is written to; skipped by every rule.
pub const REPORT_DIR: &str = "kiem-tra/";

const TEXT_EXTS: &[&str] = &[
    "html",
    "xml",
    "json",
    "txt",
    "csv",
    "webmanifest",
    "vtt",
    "css",
    "js",
    "mjs",
    "svg",
    // Data published beside pages (quiz questions, the widget's README), not downloads.
    "md",
    "yaml",
    "yml",
];
const IMAGE_EXTS: &[&str] = &[
    "jpg", "jpeg", "png", "gif", "svg", "webp", "avif", "bmp", "tif", "tiff", "ico",
];
const DOWNLOAD_EXTS: &[&str] = &[
    "pdf", "doc", "docx", "odt", "rtf", "txt", "xls", "xlsx", "ods", "csv", "mp4", "mp3", "aac",
    "m4a", "vtt", "zip",
];

/// The findings of one text file, and the facts of it when it is an HTML page.
type FileResult = (Vec<Finding>, Option<(String, PageFacts)>);

/// What the page rules need to know about the site.
struct Ctx<'a> {
    site: &'a Site,
    settings: &'a CheckSettings,
    files: HashSet<String>,
    host: String,
    base_path: String,
    /// Page path → the item shown there.
    items: HashMap<String, usize>,
}

pub fn check(root: &Path, site: &Site, settings: &CheckSettings, out: &mut Findings) {
    let all = list_files(root);
    let ctx = Ctx {
        site,
        settings,
        files: all.iter().cloned().collect(),
        host: crate::postprocess::host_of(&site.config.base_url).unwrap_or_default(),
        base_path: crate::postprocess::path_of(&site.config.base_url),
        items: site
            .items
            .iter()
            .enumerate()
            .map(|(i, it)| (format!("{}index.html", it.url), i))
            .collect(),
    };
    let text_files: Vec<&String> = all
        .iter()
        .filter(|f| TEXT_EXTS.contains(&ext(f).as_str()))
        .collect();
    let results: Vec<FileResult> = text_files
        .par_iter()
        .map(|rel| check_text_file(root, rel, &ctx))
        .collect();
    let mut pages = HashMap::new();
    for (findings, facts) in results {
        findings.into_iter().for_each(|f| out.push(f));
        if let Some((p, facts)) = facts {
            pages.insert(p, facts);
        }
    }
    out.examined("A1-01", format!("{} tệp văn bản", text_files.len()));
    out.examined("A1-02", format!("{} tệp văn bản", text_files.len()));
    let n = pages.len();
    for rule in [
        "A1-03", "A1-05", "A1-09", "A2-03", "A2-06", "A3-03", "A3-04", "A3-05", "A3-06", "A3-07",
        "A4-01", "A4-02", "A7-01", "A7-02", "A7-03", "AT-01", "AT-02",
    ] {
        out.examined(rule, format!("{n} trang HTML"));
    }
    feeds(root, &ctx, out);
    sitemap(root, &ctx, &pages, out);
    json_files(root, &all, out);
    media_files(root, &all, out);
    stylesheets(root, &all, out);
    required_pages(&ctx, &pages, out);
}

fn list_files(root: &Path) -> Vec<String> {
    walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            Some(
                e.path()
                    .strip_prefix(root)
                    .ok()?
                    .to_string_lossy()
                    .replace('\\', "/"),
            )
        })
        .filter(|f| !f.starts_with(REPORT_DIR))
        .collect()
}

fn ext(f: &str) -> String {
    f.rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

/// A1-01 and A1-02 for any text file; the page rules for HTML.
fn check_text_file(
    root: &Path,
    rel: &str,
    ctx: &Ctx,
) -> (Vec<Finding>, Option<(String, PageFacts)>) {
    let mut v = Vec::new();
    let Ok(bytes) = std::fs::read(root.join(rel)) else {
        return (v, None);
    };
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return (v, None); // a pre-compressed file (the search index): binary by design
    }
    let Ok(text) = String::from_utf8(bytes) else {
        v.push(
            Finding::error("A1-01", rel, "tệp không phải UTF-8")
                .fix("lưu tệp nguồn ở dạng UTF-8 rồi dựng lại"),
        );
        return (v, None);
    };
    if !unicode_normalization::is_nfc(&text) {
        v.push(
            Finding::error("A1-02", rel, "có chữ tiếng Việt không ở dạng chuẩn NFC (dấu tổ hợp)")
                .fix("gõ lại bằng bộ gõ Unicode dựng sẵn, hoặc để pbgdpl chuẩn hóa: nội dung chưa đi qua trình dựng (tệp trong static/?)"),
        );
    }
    if ext(rel) != "html" {
        return (v, None);
    }
    match html::scan(&text) {
        Ok(facts) => {
            page_rules(rel, &text, &facts, ctx, &mut v);
            (v, Some((rel.to_string(), facts)))
        }
        Err(e) => {
            v.push(Finding::error(
                "A1-04",
                rel,
                format!("không đọc được HTML: {e}"),
            ));
            (v, None)
        }
    }
}

fn page_rules(p: &str, raw: &str, f: &PageFacts, ctx: &Ctx, v: &mut Vec<Finding>) {
    let is_404 = p == "404.html";
    document_basics(p, raw, f, v);
    links(p, f, ctx, v);
    security(p, f, v);
    if f.noindex {
        // An embed or utility page (noindex): not a page of the site's own navigation.
        return;
    }
    if f.rss_links == 0 {
        v.push(
            Finding::error("A2-03", p, "<head> không liên kết tới RSS").fix(
                "giữ các thẻ <link rel=\"alternate\" type=\"application/rss+xml\"> của base.html",
            ),
        );
    }
    if !is_404 {
        for name in [
            "DC.title",
            "DC.creator",
            "DC.date",
            "DC.description",
            "DC.publisher",
            "DC.identifier",
        ] {
            if f.dc.get(name).is_none_or(|c| c.trim().is_empty()) {
                v.push(
                    Finding::error(
                        "A2-06",
                        p,
                        format!("thiếu hoặc rỗng <meta name=\"{name}\">"),
                    )
                    .fix("điền tiêu đề, mô tả (tom_tat) của bài; giữ các thẻ DC.* của base.html"),
                );
            }
        }
    }
    accessibility(p, f, v);
    identity(p, f, ctx, v);
    dates(p, f, v);
    if let Some(&i) = ctx.items.get(p) {
        item_page(p, f, ctx, i, v);
    }
}

fn document_basics(p: &str, raw: &str, f: &PageFacts, v: &mut Vec<Finding>) {
    let head = String::from_utf8_lossy(&raw.as_bytes()[..raw.len().min(1024)]).to_ascii_lowercase();
    if !head.contains("<meta charset=\"utf-8\">") && !head.contains("<meta charset=utf-8>") {
        v.push(
            Finding::error(
                "A1-01",
                p,
                "không khai báo <meta charset=\"utf-8\"> trong 1024 byte đầu",
            )
            .fix("đặt <meta charset=\"utf-8\"> ngay sau <head> trong mẫu trang"),
        );
    }
    if !raw
        .get(..15)
        .is_some_and(|s| s.eq_ignore_ascii_case("<!doctype html>"))
    {
        v.push(
            Finding::error("A1-04", p, "trang không bắt đầu bằng <!DOCTYPE html>")
                .fix("đặt <!DOCTYPE html> ở dòng đầu của base.html"),
        );
    }
    if let Some(id) = f.duplicate_ids.first() {
        v.push(Finding::error("A1-04", p, format!("id=\"{id}\" dùng cho nhiều phần tử")).fix("đổi tiêu đề trong bài (id tự sinh từ tiêu đề) hoặc id trong mẫu trang cho khác nhau"));
    }
    if !matches!(f.lang.as_deref(), Some("vi" | "en")) {
        v.push(
            Finding::error(
                "A1-03",
                p,
                format!(
                    "thẻ <html> có lang = {:?}, cần \"vi\"",
                    f.lang.as_deref().unwrap_or("")
                ),
            )
            .fix("viết <html lang=\"vi\"> trong mẫu trang"),
        );
    }
    for tag in &f.forbidden_tags {
        v.push(
            Finding::error(
                "A1-05",
                p,
                format!("có thẻ <{tag}> (trình bày phải bằng CSS; cấm chữ chạy, nhấp nháy)"),
            )
            .fix("bỏ thẻ này khỏi bài viết hoặc mẫu trang; dùng CSS"),
        );
    }
    if f.autoplay > 0 {
        v.push(
            Finding::error("A3-03", p, "video hoặc âm thanh tự phát (autoplay)")
                .fix("bỏ thuộc tính autoplay: người xem tự bấm phát"),
        );
    }
    if f.viewport
        .as_deref()
        .is_none_or(|c| !c.contains("width=device-width"))
    {
        v.push(
            Finding::error(
                "A3-08",
                p,
                "thiếu <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            )
            .fix("giữ thẻ viewport của base.html"),
        );
    }
}

/// A1-09 (internal links resolve, no http:// resources), A4-16 (no third-party requests),
/// AT-02 (external links carry noopener noreferrer).
fn links(p: &str, f: &PageFacts, ctx: &Ctx, v: &mut Vec<Finding>) {
    let mut broken = Vec::new();
    let mut third_party = HashSet::new();
    for u in &f.urls {
        let value = u.value.as_str();
        if value.is_empty() {
            continue;
        }
        if let Some(frag) = value.strip_prefix('#') {
            if !frag.is_empty() && !f.ids.contains(frag) {
                broken.push(value.to_string());
            }
            continue;
        }
        let lower = value.to_ascii_lowercase();
        if let Some(host) = crate::postprocess::host_of(value) {
            if host == ctx.host && under_base(ctx, value) {
                if u.tag != "link" && !resolves_absolute(ctx, value) {
                    broken.push(value.to_string());
                }
            } else if u.loads && !ctx.settings.allowed_hosts.contains(&host) {
                third_party.insert(host);
            }
            if u.loads && lower.starts_with("http:") {
                v.push(
                    Finding::error(
                        "A1-09",
                        p,
                        format!("nạp tài nguyên qua http:// (không mã hóa): {value}"),
                    )
                    .fix("dùng https:// hoặc đặt tệp vào static/"),
                );
            }
            continue;
        }
        if lower.starts_with("//") {
            third_party.insert(
                lower
                    .trim_start_matches('/')
                    .split('/')
                    .next()
                    .unwrap_or("")
                    .to_string(),
            );
            continue;
        }
        if lower.contains(':')
            && lower
                .split(':')
                .next()
                .is_some_and(|s| s.chars().all(|c| c.is_ascii_alphanumeric() || c == '+'))
        {
            if lower.starts_with("javascript:") {
                v.push(
                    Finding::error("AT-01", p, "liên kết javascript: (mã nội tuyến)")
                        .fix("bỏ liên kết javascript:, dùng tệp .js và addEventListener"),
                );
            }
            continue; // mailto:, tel:, data: …
        }
        if !resolves(ctx, p, value) {
            broken.push(value.to_string());
        }
    }
    if !broken.is_empty() {
        let shown: Vec<String> = broken.iter().take(5).map(|u| format!("`{u}`")).collect();
        v.push(
            Finding::error(
                "A1-09",
                p,
                format!(
                    "{} liên kết nội bộ không dẫn tới tệp nào: {}",
                    broken.len(),
                    shown.join(", ")
                ),
            )
            .fix("sửa đường dẫn trong bài hoặc mẫu trang, hoặc dựng lại trang cho đủ tệp"),
        );
    }
    for host in third_party {
        v.push(
            Finding::error("A4-16", p, format!("trang nạp tài nguyên từ máy chủ bên thứ ba `{host}`"))
                .fix(format!("đặt tệp vào static/ để phục vụ từ chính trang; nếu thật cần, thêm `may_chu_ngoai: [{host}]` vào site.yaml và nêu trong thông báo về dữ liệu cá nhân")),
        );
    }
    for a in &f.anchors {
        let Some(host) = crate::postprocess::host_of(&a.href) else {
            continue;
        };
        if host == ctx.host {
            continue; // same origin: no opener to protect
        }
        let rel: Vec<&str> = a.rel.split_ascii_whitespace().collect();
        if !rel.contains(&"noopener") || !rel.contains(&"noreferrer") {
            v.push(Finding::error("AT-02", p, format!("liên kết ra ngoài {} thiếu rel=\"noopener noreferrer\"", a.href)).fix("để bước hậu xử lý của pbgdpl đánh dấu liên kết (không sửa HTML đầu ra bằng tay)"));
        }
    }
}

/// An absolute URL of this host inside the site's base path (the host may serve other sites).
fn under_base(ctx: &Ctx, url: &str) -> bool {
    let after_scheme = url.split_once("://").map_or(url, |(_, r)| r);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    path.starts_with(ctx.base_path.as_str()) || format!("{path}/") == ctx.base_path
}

/// `value` is relative to page `p` (or absolute under the site's base path, as in 404.html).
fn resolves(ctx: &Ctx, p: &str, value: &str) -> bool {
    let path = value.split(['#', '?']).next().unwrap_or("");
    if path.is_empty() {
        return true;
    }
    let mut parts: Vec<String> = if let Some(abs) = path.strip_prefix('/') {
        let under = format!("/{abs}");
        let Some(rest) = under.strip_prefix(ctx.base_path.as_str()) else {
            return false;
        };
        return exists(ctx, rest, path.ends_with('/'));
    } else {
        Path::new(p)
            .parent()
            .map(|d| {
                d.to_string_lossy()
                    .split('/')
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default()
    };
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return false;
                }
            }
            s => parts.push(percent_decode(s)),
        }
    }
    exists(ctx, &parts.join("/"), path.ends_with('/'))
}

fn resolves_absolute(ctx: &Ctx, url: &str) -> bool {
    let after_scheme = url.split_once("://").map_or(url, |(_, r)| r);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    let path = path.split(['#', '?']).next().unwrap_or("/");
    match path
        .strip_prefix(ctx.base_path.as_str())
        .or_else(|| (format!("{path}/") == ctx.base_path).then_some(""))
    {
        Some(rest) => exists(
            ctx,
            &percent_decode(rest),
            rest.is_empty() || rest.ends_with('/'),
        ),
        None => false,
    }
}

fn exists(ctx: &Ctx, rel: &str, dir: bool) -> bool {
    let rel = rel.trim_end_matches('/');
    if dir || rel.is_empty() {
        return ctx
            .files
            .contains(format!("{rel}/index.html").trim_start_matches('/'));
    }
    ctx.files.contains(rel) || ctx.files.contains(&format!("{rel}/index.html"))
}

fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 3 <= b.len() {
            if let Some(n) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(n);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

const BARE_LINK_TEXTS: &[&str] = &[
    "xem thêm",
    "tại đây",
    "chi tiết",
    "bấm vào đây",
    "click here",
    "đây",
];

fn accessibility(p: &str, f: &PageFacts, v: &mut Vec<Finding>) {
    for src in &f.imgs_without_alt {
        v.push(Finding::error("A3-04", p, format!("ảnh `{src}` không có thuộc tính alt")).fix("viết lời mô tả ảnh (anh_mo_ta, hoặc ![mô tả](anh.jpg) trong bài); ảnh trang trí: alt=\"\""));
    }
    if f.videos > f.video_captions {
        v.push(
            Finding::error("A3-04", p, "video không có <track kind=\"captions\">")
                .fix("thêm `phu_de:` (tệp .vtt) cho tài liệu video"),
        );
    }
    let h1 = f.headings.iter().filter(|h| **h == 1).count();
    if h1 != 1 {
        v.push(
            Finding::error("A3-05", p, format!("trang có {h1} thẻ <h1>, cần đúng 1"))
                .fix("tiêu đề trong thân bài bắt đầu từ ## (h2); mẫu trang chỉ có một <h1>"),
        );
    }
    let mut prev = 0u8;
    for &h in &f.headings {
        if h > prev + 1 {
            v.push(
                Finding::error(
                    "A3-05",
                    p,
                    format!("tiêu đề nhảy cấp: <h{h}> sau <h{prev}>"),
                )
                .fix(format!(
                    "dùng <h{}> (trong Markdown: {} )",
                    prev + 1,
                    "#".repeat(usize::from(prev) + 1)
                )),
            );
            break;
        }
        prev = h;
    }
    for a in f.anchors.iter().filter(|a| !a.labelled) {
        let t = a.text.trim().to_lowercase();
        if BARE_LINK_TEXTS.contains(&t.as_str()) {
            v.push(
                Finding::warning(
                    "A3-05",
                    p,
                    format!(
                        "chữ liên kết \"{}\" không nói liên kết dẫn tới đâu",
                        a.text.trim()
                    ),
                )
                .fix("viết chữ liên kết có nghĩa, ví dụ \"Toàn văn Nghị định 42/2022/NĐ-CP\""),
            );
        }
    }
    if f.captions < f.tables {
        let missing = f.tables - f.captions;
        // Markdown has no caption syntax: a table in the body is the editor's and may be a
        // layout table; a person decides. A theme table without caption is an error.
        if missing > f.content_tables {
            v.push(
                Finding::error(
                    "A3-06",
                    p,
                    format!(
                        "{} bảng của mẫu trang không có <caption>",
                        missing - f.content_tables
                    ),
                )
                .fix("thêm <caption> cho bảng trong mẫu trang"),
            );
        } else {
            v.push(Finding::warning("A3-06", p, format!("{missing} bảng trong bài không có chú thích (<caption>)")).fix("viết ngay trên bảng một đoạn bắt đầu bằng `Bảng:` (ví dụ `Bảng: Kết quả năm 2026`), cách bảng một dòng trống: đoạn đó thành chú thích của bảng"));
        }
    }
    if f.th_without_scope > 0 {
        v.push(
            Finding::error(
                "A3-06",
                p,
                format!("{} ô tiêu đề <th> không có scope", f.th_without_scope),
            )
            .fix("thêm scope=\"col\" hoặc scope=\"row\" cho mỗi <th>"),
        );
    }
    let skip_ok = f.first_link.as_ref().is_some_and(|a| {
        a.href
            .strip_prefix('#')
            .is_some_and(|id| !id.is_empty() && f.ids.contains(id))
    });
    if !skip_ok {
        v.push(Finding::error("A3-07", p, "liên kết đầu tiên của trang không phải liên kết \"Bỏ qua đến nội dung chính\"").fix("giữ <a class=\"bo-qua\" href=\"#noi-dung\"> ngay sau <body> và id=\"noi-dung\" trên <main>"));
    }
    if f.mains != 1 {
        v.push(
            Finding::error(
                "A3-07",
                p,
                format!("trang có {} vùng <main>, cần đúng 1", f.mains),
            )
            .fix("giữ đúng một <main> trong base.html"),
        );
    }
    if f.navs_unlabelled > 0 {
        v.push(
            Finding::error("A3-07", p, "có <nav> không có aria-label").fix(
                "thêm aria-label mô tả vùng điều hướng, ví dụ aria-label=\"Điều hướng chính\"",
            ),
        );
    }
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A4-01 header and A4-02 footer of every page.
fn identity(p: &str, f: &PageFacts, ctx: &Ctx, v: &mut Vec<Finding>) {
    let c = &ctx.site.config.co_quan;
    let header = squash(&f.header_text);
    if !header.contains(&squash(&c.ten_day_du)) || f.header_imgs_with_alt == 0 {
        v.push(Finding::error("A4-01", p, "đầu trang thiếu biểu trưng (có alt) hoặc tên đầy đủ của cơ quan").fix("giữ partials/header.html của giao diện; khai báo co_quan.ten_day_du và co_quan.bieu_trung trong site.yaml"));
    }
    let footer = squash(&f.footer_text);
    let mut need: Vec<(&str, String)> = vec![
        ("bản quyền", "Bản quyền".into()),
        ("đơn vị chủ quản", squash(&c.ten_day_du)),
    ];
    if let Some(x) = &c.co_quan_chu_quan {
        need.push(("cơ quan chủ quản", squash(x)));
    }
    if let Some(x) = &c.nguoi_chiu_trach_nhiem {
        need.push(("người chịu trách nhiệm", squash(&x.ho_ten)));
    }
    for (what, x) in [
        ("địa chỉ", &c.dia_chi),
        ("điện thoại", &c.dien_thoai),
        ("thư điện tử", &c.email),
    ] {
        if let Some(x) = x {
            need.push((what, squash(x)));
        }
    }
    let missing: Vec<&str> = need
        .iter()
        .filter(|(_, x)| !footer.contains(x.as_str()))
        .map(|(w, _)| *w)
        .collect();
    if !missing.is_empty() {
        v.push(
            Finding::error(
                "A4-02",
                p,
                format!("chân trang thiếu: {}", missing.join(", ")),
            )
            .fix("giữ partials/footer.html của giao diện"),
        );
    }
}

static SHORT_DMY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(^|[^\d/])(\d{1,2})/(\d{1,2})/(\d{4})($|[^\d/])").expect("regex")
});
static ISO_TEXT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(19|20)\d{2}-\d{2}-\d{2}\b").expect("regex"));
static PROSE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"ngày (\d{1,2}) tháng (\d{1,2}) năm \d{4}").expect("regex"));
static ISO_DATETIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)?)?$").expect("regex")
});

/// A7-01 dd/mm/yyyy, A7-02 prose dates, A7-03 machine dates.
fn dates(p: &str, f: &PageFacts, v: &mut Vec<Finding>) {
    for c in SHORT_DMY.captures_iter(&f.time_text) {
        if c[2].len() == 1 || c[3].len() == 1 {
            v.push(
                Finding::warning(
                    "A7-01",
                    p,
                    format!(
                        "ngày \"{}/{}/{}\" chưa viết đủ hai chữ số",
                        &c[2], &c[3], &c[4]
                    ),
                )
                .fix("viết dạng dd/mm/yyyy, ví dụ 05/03/2020"),
            );
            break;
        }
    }
    if let Some(m) = ISO_TEXT.find(&f.time_text) {
        v.push(
            Finding::warning(
                "A7-01",
                p,
                format!("ngày \"{}\" hiển thị dạng máy đọc", m.as_str()),
            )
            .fix("hiển thị dạng dd/mm/yyyy (bộ lọc `| ngay` trong mẫu trang)"),
        );
    }
    for c in PROSE.captures_iter(&f.text) {
        let (d, m) = (&c[1], &c[2]);
        let month: u32 = m.parse().unwrap_or(0);
        let bad_month = if month <= 2 {
            m.len() != 2
        } else {
            m.len() != 1
        };
        if d.len() != 2 || bad_month {
            v.push(Finding::warning("A7-02", p, format!("\"{}\" chưa đúng thể thức (NĐ 30/2020)", &c[0])).fix("ngày có hai chữ số; tháng 1, 2 viết 01, 02, các tháng khác một chữ số: \"ngày 05 tháng 3 năm 2020\""));
            break;
        }
    }
    for t in f.times.iter().filter(|t| !ISO_DATETIME.is_match(t)) {
        v.push(
            Finding::error(
                "A7-03",
                p,
                format!("<time datetime=\"{t}\"> không theo ISO 8601"),
            )
            .fix("dùng datetime=\"YYYY-MM-DD\""),
        );
    }
}

/// AT-01: the CSP allows only same-origin script and style, and the page needs nothing else.
fn security(p: &str, f: &PageFacts, v: &mut Vec<Finding>) {
    match &f.csp {
        None => v.push(
            Finding::error(
                "AT-01",
                p,
                "thiếu <meta http-equiv=\"Content-Security-Policy\">",
            )
            .fix("giữ thẻ CSP của base.html"),
        ),
        Some(csp) => {
            let directive = |name: &str| {
                csp.split(';')
                    .map(str::trim)
                    .find(|d| d.split_whitespace().next() == Some(name))
                    .map(str::to_string)
            };
            for kind in ["script-src", "style-src"] {
                let d = directive(kind)
                    .or_else(|| directive("default-src"))
                    .unwrap_or_default();
                let limited = d.contains("'self'")
                    || d.split_whitespace().eq(["default-src", "'none'"])
                    || d.split_whitespace().skip(1).eq(["'none'"]);
                if !limited
                    || d.contains("'unsafe-inline'")
                    || d.contains("'unsafe-eval'")
                    || d.contains('*')
                {
                    v.push(
                        Finding::error(
                            "AT-01",
                            p,
                            format!("CSP không giới hạn {kind} về 'self': \"{d}\""),
                        )
                        .fix(format!("đặt `{kind} 'self'` trong thẻ CSP")),
                    );
                }
            }
        }
    }
    if f.inline_scripts > 0 {
        v.push(
            Finding::error(
                "AT-01",
                p,
                format!("{} thẻ <script> nội tuyến", f.inline_scripts),
            )
            .fix("chuyển mã vào tệp .js của giao diện và nạp bằng <script src defer>"),
        );
    }
    if let Some(a) = f.event_attrs.first() {
        v.push(
            Finding::error(
                "AT-01",
                p,
                format!(
                    "{} thuộc tính sự kiện nội tuyến, ví dụ {a}",
                    f.event_attrs.len()
                ),
            )
            .fix("dùng addEventListener trong tệp .js"),
        );
    }
    if f.style_attrs > 0 {
        v.push(
            Finding::error(
                "AT-01",
                p,
                format!("{} thuộc tính style=\"…\" (bị CSP chặn)", f.style_attrs),
            )
            .fix("chuyển kiểu vào pbgdpl.css và dùng class"),
        );
    }
}

const VAN_BAN_LABELS: &[&str] = &[
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

/// Rules for the page of one item: A4-06 dates, A4-09 feedback, A4-12 print, A5-01 + A2-07
/// for documents, A6-03 disclaimer for Q&A.
fn item_page(p: &str, f: &PageFacts, ctx: &Ctx, i: usize, v: &mut Vec<Finding>) {
    let item = &ctx.site.items[i];
    if f.times.is_empty() || !f.text.contains("Cập nhật") {
        v.push(
            Finding::error("A4-06", p, "trang bài không ghi ngày đăng và ngày cập nhật")
                .fix("giữ dòng \"Ngày đăng … · Cập nhật …\" của item.html"),
        );
    }
    if ctx.site.config.danh_gia.is_some() && !f.feedback {
        v.push(
            Finding::error(
                "A4-09",
                p,
                "trang bài không có liên kết đánh giá (data-feedback)",
            )
            .fix("giữ liên kết đánh giá của item.html"),
        );
    }
    if !f.print_button {
        v.push(
            Finding::error("A4-12", p, "trang bài không có nút In")
                .fix("giữ <button class=\"nut-in\"> của item.html"),
        );
    }
    match &item.data {
        ItemData::VanBan(vb) => {
            let missing: Vec<&str> = VAN_BAN_LABELS
                .iter()
                .copied()
                .filter(|l| !f.text.contains(l))
                .collect();
            if !missing.is_empty() {
                v.push(
                    Finding::error(
                        "A5-01",
                        p,
                        format!("trang văn bản thiếu: {}", missing.join(", ")),
                    )
                    .fix("giữ bảng thuộc tính của item/van_ban.html"),
                );
            }
            for t in &vb.tep_van_ban {
                if !f.urls.iter().any(|u| {
                    u.tag == "a"
                        && u.value
                            .ends_with(t.tep.url.rsplit('/').next().unwrap_or(""))
                }) {
                    v.push(
                        Finding::error(
                            "A5-01",
                            p,
                            format!("không có liên kết tải tệp {}", t.tep.url),
                        )
                        .fix("giữ danh sách tệp văn bản của item/van_ban.html"),
                    );
                }
            }
            if f.times.len() < 2 {
                v.push(
                    Finding::error("A2-07", p, "các ngày của văn bản không có <time datetime>")
                        .fix("hiển thị ngày bằng <time datetime=\"YYYY-MM-DD\">"),
                );
            }
        }
        ItemData::HoiDap(_) if !f.text.contains("chỉ mang tính chất tham khảo") => {
            v.push(Finding::error("A6-03", p, "câu trả lời thiếu lời miễn trừ \"Nội dung trả lời chỉ mang tính chất tham khảo\"").fix("giữ lời miễn trừ của item/hoi_dap.html"));
        }
        _ => {}
    }
}

/// A2-01 RSS 2.0 and A2-02 Atom, globally and for every top-level section.
fn feeds(root: &Path, ctx: &Ctx, out: &mut Findings) {
    let mut dirs = vec![String::new()];
    dirs.extend(
        SECTIONS
            .iter()
            .filter(|s| ctx.site.section(s.folder).is_some())
            .map(|s| format!("{}/", s.folder)),
    );
    for dir in &dirs {
        let rss = format!("{dir}rss.xml");
        match std::fs::read_to_string(root.join(&rss)) {
            Ok(t) => rss_problems(&t).into_iter().for_each(|m| {
                out.push(
                    Finding::error("A2-01", &rss, m)
                        .fix("đây là lỗi của trình dựng; báo cho nhóm phát triển"),
                )
            }),
            Err(_) => out.push(
                Finding::error("A2-01", &rss, "thiếu bản tin RSS")
                    .fix("dựng lại trang bằng pbgdpl build"),
            ),
        }
        let atom = format!("{dir}atom.xml");
        match std::fs::read_to_string(root.join(&atom)) {
            Ok(t) => atom_problems(&t).into_iter().for_each(|m| {
                out.push(
                    Finding::error("A2-02", &atom, m)
                        .fix("đây là lỗi của trình dựng; báo cho nhóm phát triển"),
                )
            }),
            Err(_) => out.push(
                Finding::error("A2-02", &atom, "thiếu bản tin Atom")
                    .fix("dựng lại trang bằng pbgdpl build"),
            ),
        }
    }
    out.examined("A2-01", format!("{} bản tin RSS", dirs.len()));
    out.examined("A2-02", format!("{} bản tin Atom", dirs.len()));
}

fn rss_problems(text: &str) -> Vec<String> {
    let doc = match roxmltree::Document::parse(text) {
        Ok(d) => d,
        Err(e) => return vec![format!("XML hỏng: {e}")],
    };
    let mut p = Vec::new();
    let r = doc.root_element();
    if !r.has_tag_name("rss") || r.attribute("version") != Some("2.0") {
        p.push("gốc không phải <rss version=\"2.0\">".to_string());
    }
    let channel = r.children().find(|n| n.has_tag_name("channel"));
    let child_text = |n: roxmltree::Node, tag: &str| {
        n.children()
            .find(|c| c.has_tag_name(tag))
            .and_then(|c| c.text())
            .map(str::trim)
            .map(String::from)
    };
    for tag in ["title", "link", "description", "language"] {
        if channel
            .and_then(|c| child_text(c, tag))
            .is_none_or(|t| t.is_empty())
        {
            p.push(format!("<channel> thiếu <{tag}>"));
        }
    }
    if let Some(lang) = channel.and_then(|c| child_text(c, "language")) {
        if !lang.starts_with("vi") {
            p.push(format!("<language> là \"{lang}\", cần \"vi\""));
        }
    }
    for item in doc.descendants().filter(|n| n.has_tag_name("item")) {
        for tag in ["title", "link", "description", "pubDate", "guid"] {
            if !item.children().any(|n| n.has_tag_name(tag)) {
                p.push(format!("<item> thiếu <{tag}>"));
            }
        }
    }
    p.dedup();
    p
}

fn atom_problems(text: &str) -> Vec<String> {
    let doc = match roxmltree::Document::parse(text) {
        Ok(d) => d,
        Err(e) => return vec![format!("XML hỏng: {e}")],
    };
    let r = doc.root_element();
    let mut p = Vec::new();
    if !r.has_tag_name(("http://www.w3.org/2005/Atom", "feed")) {
        p.push("gốc không phải <feed> của Atom 1.0".to_string());
    }
    for tag in ["id", "title", "updated"] {
        if !r.children().any(|n| n.has_tag_name(tag)) {
            p.push(format!("<feed> thiếu <{tag}>"));
        }
    }
    p
}

/// A2-05: every page is in sitemap.xml with a lastmod; the text sitemap page exists.
fn sitemap(root: &Path, ctx: &Ctx, pages: &HashMap<String, PageFacts>, out: &mut Findings) {
    let mut locs = HashSet::new();
    let mut no_lastmod = 0;
    let mut queue = vec!["sitemap.xml".to_string()];
    while let Some(file) = queue.pop() {
        let Ok(text) = std::fs::read_to_string(root.join(&file)) else {
            out.push(
                Finding::error("A2-05", &file, "thiếu sơ đồ trang XML")
                    .fix("dựng lại trang bằng pbgdpl build"),
            );
            continue;
        };
        let doc = match roxmltree::Document::parse(&text) {
            Ok(d) => d,
            Err(e) => {
                out.push(Finding::error("A2-05", &file, format!("XML hỏng: {e}")));
                continue;
            }
        };
        let is_index = doc.root_element().has_tag_name("sitemapindex");
        for entry in doc.root_element().children().filter(|n| n.is_element()) {
            let loc = entry
                .children()
                .find(|c| c.has_tag_name("loc"))
                .and_then(|c| c.text())
                .unwrap_or("")
                .trim()
                .to_string();
            if is_index {
                queue.push(loc.rsplit('/').next().unwrap_or("").to_string());
            } else {
                if !entry.children().any(|c| c.has_tag_name("lastmod")) {
                    no_lastmod += 1;
                }
                locs.insert(loc);
            }
        }
    }
    if no_lastmod > 0 {
        out.push(Finding::warning("A2-05", "sitemap.xml", format!("{no_lastmod} địa chỉ không có <lastmod>")).fix("ghi ngay_dang/ngay_cap_nhat cho mọi bài; trang do trình dựng tạo ra thiếu ngày: báo cho nhóm phát triển"));
    }
    let base = &ctx.site.config.base_url;
    let mut missing: Vec<&String> = pages
        .iter()
        .filter(|(p, f)| p.ends_with("index.html") && !f.noindex)
        .map(|(p, _)| p)
        .filter(|p| !locs.contains(&format!("{base}{}", p.trim_end_matches("index.html"))))
        .collect();
    missing.sort();
    if !missing.is_empty() {
        let shown: Vec<&str> = missing.iter().take(5).map(|s| s.as_str()).collect();
        out.push(
            Finding::error(
                "A2-05",
                "sitemap.xml",
                format!(
                    "{} trang không có trong sơ đồ trang: {}",
                    missing.len(),
                    shown.join(", ")
                ),
            )
            .fix("dựng lại trang; nếu vẫn thiếu, báo cho nhóm phát triển"),
        );
    }
    if !pages.contains_key("so-do-trang/index.html") {
        out.push(
            Finding::error("A2-05", "so-do-trang/index.html", "thiếu trang Sơ đồ trang")
                .fix("dựng lại trang bằng pbgdpl build"),
        );
    }
    out.examined("A2-05", format!("{} địa chỉ trong sitemap.xml", locs.len()));
}

/// A2-04: every published JSON file parses.
fn json_files(root: &Path, all: &[String], out: &mut Findings) {
    let json: Vec<&String> = all.iter().filter(|f| ext(f) == "json").collect();
    for f in &json {
        let ok = std::fs::read(root.join(f)).ok().is_some_and(|b| {
            b.starts_with(&[0x1f, 0x8b]) || serde_json::from_slice::<serde_json::Value>(&b).is_ok()
        });
        if !ok {
            out.push(
                Finding::error("A2-04", f.as_str(), "tệp JSON không hợp lệ")
                    .fix("dựng lại trang; nếu tệp đặt trong static/, sửa cú pháp JSON"),
            );
        }
    }
    out.examined("A2-04", format!("{} tệp JSON", json.len()));
}

/// A1-07 image formats (and that the bytes match the name), A1-08 download formats.
fn media_files(root: &Path, all: &[String], out: &mut Findings) {
    let (mut images, mut downloads) = (0, 0);
    for f in all {
        let e = ext(f);
        let hidden = f
            .rsplit('/')
            .next()
            .is_some_and(|name| name.starts_with('.'));
        if hidden
            || f.starts_with("search/")
            || f.starts_with("assets/")
            || TEXT_EXTS.contains(&e.as_str())
                && !IMAGE_EXTS.contains(&e.as_str())
                && !DOWNLOAD_EXTS.contains(&e.as_str())
        {
            continue;
        }
        if IMAGE_EXTS.contains(&e.as_str()) {
            images += 1;
            if !matches!(e.as_str(), "jpg" | "jpeg" | "png" | "gif" | "svg" | "ico") {
                out.push(Finding::warning("A1-07", f.as_str(), format!("ảnh dạng .{e}; trình duyệt cũ, phần mềm của cơ quan có thể không mở được")).fix("lưu ảnh dạng JPEG hoặc PNG"));
            } else if !magic_matches(&root.join(f), &e) {
                out.push(
                    Finding::error(
                        "A1-07",
                        f.as_str(),
                        format!("nội dung tệp không phải ảnh .{e}"),
                    )
                    .fix("lưu lại ảnh đúng định dạng, hoặc đổi phần mở rộng cho đúng"),
                );
            }
        } else if DOWNLOAD_EXTS.contains(&e.as_str()) {
            downloads += 1;
            if e == "pdf" && !magic_matches(&root.join(f), "pdf") {
                out.push(
                    Finding::error("A1-08", f.as_str(), "tệp .pdf không phải PDF")
                        .fix("xuất lại văn bản ra PDF"),
                );
            }
        } else {
            downloads += 1;
            out.push(
                Finding::warning(
                    "A1-08",
                    f.as_str(),
                    format!("tệp tải về dạng .{e} không nằm trong các định dạng TT 39/2017"),
                )
                .fix("dùng PDF, DOCX/ODT, XLSX/ODS/CSV, MP4, MP3"),
            );
        }
    }
    out.examined("A1-07", format!("{images} ảnh"));
    out.examined("A1-08", format!("{downloads} tệp tải về"));
}

fn magic_matches(path: &Path, ext: &str) -> bool {
    use std::io::Read;
    let mut head = [0u8; 16];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .unwrap_or(0);
    let h = &head[..n];
    match ext {
        "jpg" | "jpeg" => h.starts_with(&[0xFF, 0xD8, 0xFF]),
        "png" => h.starts_with(b"\x89PNG"),
        "gif" => h.starts_with(b"GIF8"),
        "pdf" => h.starts_with(b"%PDF-"),
        "ico" => h.starts_with(&[0, 0, 1, 0]),
        "svg" => std::fs::read_to_string(path).is_ok_and(|t| t.contains("<svg")),
        _ => true,
    }
}

/// A3-03 (motion honours prefers-reduced-motion) and A4-12 (print stylesheet).
fn stylesheets(root: &Path, all: &[String], out: &mut Findings) {
    let css: Vec<&String> = all.iter().filter(|f| ext(f) == "css").collect();
    let mut print = false;
    for f in &css {
        let text = std::fs::read_to_string(root.join(f)).unwrap_or_default();
        print |= text.contains("@media print");
        let moves = text.contains("@keyframes")
            || text.contains("animation:")
            || text.contains("animation-name");
        if moves && !text.contains("prefers-reduced-motion") {
            out.push(
                Finding::error(
                    "A3-03",
                    f.as_str(),
                    "có hoạt ảnh CSS nhưng không tắt khi người dùng chọn giảm chuyển động",
                )
                .fix("thêm @media (prefers-reduced-motion: reduce) { * { animation: none } }"),
            );
        }
    }
    if !print {
        out.push(
            Finding::error("A4-12", "assets/", "không có kiểu in (@media print)")
                .fix("giữ phần @media print của pbgdpl.css"),
        );
    }
    out.examined("A4-12", format!("{} tệp CSS", css.len()));
}

/// A4-03 menu, A4-05 contacts, A4-13 links, A5-02 document list, A6-02 people, A6-03 Q&A.
fn required_pages(ctx: &Ctx, pages: &HashMap<String, PageFacts>, out: &mut Findings) {
    let home = pages.get("index.html");
    let targets: HashSet<String> = home
        .map(|f| {
            f.anchors
                .iter()
                .map(|a| {
                    a.href
                        .split(['#', '?'])
                        .next()
                        .unwrap_or("")
                        .trim_start_matches("./")
                        .trim_end_matches("index.html")
                        .to_string()
                })
                .collect()
        })
        .unwrap_or_default();
    let mut needed: Vec<String> = vec![
        "gioi-thieu/".into(),
        "so-do-trang/".into(),
        "tim-kiem/".into(),
    ];
    needed.extend(
        SECTIONS
            .iter()
            .filter(|s| s.group.is_some())
            .map(|s| format!("{}/", s.folder)),
    );
    let missing: Vec<&String> = needed
        .iter()
        .filter(|n| !targets.contains(n.as_str()))
        .collect();
    if home.is_none() || !missing.is_empty() {
        out.push(
            Finding::error("A4-03", "index.html", format!("trang chủ không có liên kết tới: {}", missing.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")))
                .fix("giữ menu chính (partials/nav.html); các chuyên mục bắt buộc phải có trong content/"),
        );
    }
    out.examined("A4-03", format!("{} mục menu bắt buộc", needed.len()));
    for (rule, page, what, must_contain) in [
        ("A4-05", "lien-he/index.html", "trang Liên hệ", "Điện thoại"),
        ("A4-13", "lien-ket/index.html", "trang Liên kết", ""),
        (
            "A6-02",
            "bao-cao-vien/index.html",
            "danh sách báo cáo viên",
            "",
        ),
        (
            "A6-02",
            "tuyen-truyen-vien/index.html",
            "danh sách tuyên truyền viên",
            "",
        ),
        (
            "A5-02",
            "van-ban/index.html",
            "danh sách văn bản",
            "Trích yếu",
        ),
    ] {
        match pages.get(page) {
            None => out.push(
                Finding::error(rule, page, format!("thiếu {what}"))
                    .fix("dựng lại trang; kiểm tra thư mục data/ và content/"),
            ),
            Some(f) if !must_contain.is_empty() && !f.text.contains(must_contain) => out.push(
                Finding::error(
                    rule,
                    page,
                    format!("{what} không có cột \"{must_contain}\""),
                )
                .fix("giữ bảng của mẫu trang giao diện"),
            ),
            Some(_) => {}
        }
    }
    if let Some(f) = pages.get("van-ban/index.html") {
        let missing: Vec<&str> = [
            "Ký hiệu",
            "Ngày ban hành",
            "Trích yếu",
            "Cơ quan ban hành",
            "Tình trạng",
        ]
        .into_iter()
        .filter(|c| !f.text.contains(c))
        .collect();
        if !missing.is_empty() {
            out.push(
                Finding::error(
                    "A5-02",
                    "van-ban/index.html",
                    format!("danh sách văn bản thiếu cột: {}", missing.join(", ")),
                )
                .fix("giữ bảng văn bản của section.html"),
            );
        }
    }
    if let (Some(f), Some(target)) = (
        pages.get("hoi-dap/index.html"),
        ctx.site.config.gui_cau_hoi.as_deref(),
    ) {
        if !f.anchors.iter().any(|a| a.href == target) {
            out.push(
                Finding::error(
                    "A6-03",
                    "hoi-dap/index.html",
                    "trang Hỏi – đáp không có liên kết gửi câu hỏi",
                )
                .fix("giữ liên kết gui_cau_hoi của section.html"),
            );
        }
    }
    out.examined("A4-05", "trang Liên hệ");
    out.examined("A4-13", "trang Liên kết");
    out.examined("A5-02", "danh sách văn bản");
    out.examined("A6-03", "trang Hỏi – đáp và các câu trả lời");
}
