//! `pbgdpl sync`: imports items from the sources in `site.yaml` → `dong_bo` into
//! `content/<section>/` as ordinary Markdown with provenance (`nguon` and the `dong_bo`
//! block: source, id at the source, source hash, hash of the file as written).
//!
//! Rules: re-running changes nothing; a file edited locally after import is never
//! overwritten (the source's version goes beside it as `<slug>.md.tu-nguon`, which the
//! loader does not read); items removed at the source are reported, not deleted. Remote data
//! is untrusted (`clean`): sizes, counts and time are bounded (`fetch`), ids and file names
//! cannot leave the site, and every file of a source is prepared in memory first, so a
//! source that fails half-way writes nothing. `aggregate` builds the "Tin từ các đơn vị" page.

pub mod aggregate;
pub mod clean;
pub mod config;
mod feed;
pub mod fetch;
mod local;

use crate::index::api::{IndexFile, ItemRecord, ItemsPage};
use config::{Source, SourceKind};
use fetch::{Counters, Fetcher, Limits};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Suffix of the source's version of an item edited locally (a conflict).
pub const CONFLICT_SUFFIX: &str = ".tu-nguon";

#[derive(Clone, Debug)]
pub struct SyncOptions {
    pub site: PathBuf,
    pub limits: Limits,
    /// Largest single attachment.
    pub max_file_bytes: u64,
}

impl SyncOptions {
    pub fn new(site: &Path) -> SyncOptions {
        SyncOptions {
            site: site.to_path_buf(),
            limits: Limits::default(),
            max_file_bytes: 20 * 1024 * 1024,
        }
    }
}

/// What happened to one source.
#[derive(Clone, Debug, Default)]
pub struct SourceReport {
    pub ten: String,
    pub nguon: String,
    pub them: Vec<String>,
    pub cap_nhat: Vec<String>,
    pub khong_doi: usize,
    /// Local file, and the file holding the source's version beside it.
    pub xung_dot: Vec<(String, String)>,
    /// Item id (or address) and the reason.
    pub tu_choi: Vec<(String, String)>,
    /// Ids imported earlier that the source no longer has (kept here).
    pub xoa_o_nguon: Vec<String>,
    /// Things removed from remote text while cleaning it (scripts, unsafe links …).
    pub da_lam_sach: usize,
    /// The whole source failed: nothing of it was written.
    pub loi: Option<String>,
    pub requests: u64,
    pub bytes: u64,
}

#[derive(Clone, Debug, Default)]
pub struct Summary {
    pub sources: Vec<SourceReport>,
}

impl Summary {
    pub fn total(&self, f: impl Fn(&SourceReport) -> usize) -> usize {
        self.sources.iter().map(f).sum()
    }

    /// The closing lines, in Vietnamese.
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        for s in &self.sources {
            out.push(format!("Nguồn «{}» ({}):", s.ten, s.nguon));
            if let Some(e) = &s.loi {
                out.push(format!("  lỗi: {e}; không ghi tệp nào của nguồn này."));
                continue;
            }
            out.push(format!(
                "  thêm {}, cập nhật {}, không đổi {}, xung đột {}, từ chối {}; {} yêu cầu, {} byte",
                s.them.len(), s.cap_nhat.len(), s.khong_doi, s.xung_dot.len(), s.tu_choi.len(), s.requests, s.bytes
            ));
            for (local, remote) in &s.xung_dot {
                out.push(format!("  xung đột: {local} đã được sửa ở trang này; bản của nguồn được ghi cạnh: {remote}"));
            }
            for (id, why) in &s.tu_choi {
                out.push(format!("  từ chối {id}: {why}"));
            }
            for id in &s.xoa_o_nguon {
                out.push(format!(
                    "  nguồn không còn bài {id} (bài ở trang này được giữ nguyên; xóa tay nếu cần)"
                ));
            }
            if s.da_lam_sach > 0 {
                out.push(format!(
                    "  đã làm sạch {} đoạn mã HTML/liên kết không an toàn trong nội dung nguồn",
                    s.da_lam_sach
                ));
            }
        }
        out.push(format!(
            "Tổng cộng: thêm {}, cập nhật {}, không đổi {}, xung đột {}, từ chối {}.",
            self.total(|s| s.them.len()),
            self.total(|s| s.cap_nhat.len()),
            self.total(|s| s.khong_doi),
            self.total(|s| s.xung_dot.len()),
            self.total(|s| s.tu_choi.len()),
        ));
        out
    }
}

/// A Markdown file (or attachment) ready to write, relative to the site root.
struct Write {
    rel: String,
    bytes: Vec<u8>,
}

/// Runs every source of `site.yaml`. `Err` is a problem with the site itself (no site.yaml,
/// invalid `dong_bo`), in Vietnamese.
pub fn run(opts: &SyncOptions) -> Result<Summary, String> {
    let sources = read_sources(&opts.site)?;
    if sources.is_empty() {
        return Err("site.yaml không có nguồn nào trong `dong_bo`. Cách sửa: thêm\n      dong_bo:\n        - ten: Sở Tư pháp tỉnh Đồng Nai\n          nguon: https://stp.dongnai.gov.vn/pbgdpl/api/v1/".into());
    }
    let mut local = local::scan(&opts.site);
    let mut summary = Summary::default();
    for source in &sources {
        summary.sources.push(run_source(opts, source, &mut local));
    }
    Ok(summary)
}

fn read_sources(site: &Path) -> Result<Vec<Source>, String> {
    let text = std::fs::read_to_string(site.join("site.yaml"))
        .map_err(|e| format!("không đọc được {}: {e}. Cách sửa: chạy lệnh trong thư mục trang, hoặc ghi đường dẫn thư mục trang sau `pbgdpl sync`.", site.join("site.yaml").display()))?;
    let value: Value =
        serde_saphyr::from_str(&text).map_err(|e| format!("site.yaml không đọc được: {e}"))?;
    let dong_bo = value.get("dong_bo").cloned().unwrap_or(Value::Null);
    config::parse_sources(&dong_bo).map_err(|errors| {
        errors
            .iter()
            .map(|e| {
                format!(
                    "site.yaml, trường `{}`: {} Cách sửa: {}",
                    e.field, e.message, e.fix
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    })
}

fn run_source(opts: &SyncOptions, source: &Source, local: &mut local::Local) -> SourceReport {
    let mut report = SourceReport {
        ten: source.ten.clone(),
        nguon: source.nguon.clone(),
        ..SourceReport::default()
    };
    let mut limits = opts.limits;
    limits.timeout = limits
        .timeout
        .min(std::time::Duration::from_secs(source.thoi_gian_cho));
    let mut count = Counters::default();
    let planned = match source.kind {
        SourceKind::Feed => feed::plan(opts, source, &limits, &mut count, local, &mut report),
        SourceKind::Api | SourceKind::Folder => {
            plan_api(opts, source, &limits, &mut count, local, &mut report)
        }
    };
    report.requests = count.requests;
    report.bytes = count.bytes;
    match planned {
        Ok(writes) => {
            if let Err(e) = write_all(&opts.site, &writes) {
                report.loi = Some(e);
            }
        }
        Err(e) => report.loi = Some(e),
    }
    if report.loi.is_some() {
        report.them.clear();
        report.cap_nhat.clear();
        report.xung_dot.clear();
    }
    report
}

/// The source's root (web address ending in `/`, or folder) from its configured `nguon`.
fn fetcher_for(opts: &SyncOptions, source: &Source, limits: &Limits) -> Result<Fetcher, String> {
    if source.kind == SourceKind::Folder {
        let mut dir = PathBuf::from(&source.nguon);
        if dir.is_relative() {
            dir = opts.site.join(dir);
        }
        if dir.ends_with("api/v1") {
            dir = dir
                .parent()
                .and_then(Path::parent)
                .map(Path::to_path_buf)
                .unwrap_or(dir);
        }
        if !dir.join("api/v1/site.json").is_file() {
            return Err(format!("thư mục {} không có api/v1/site.json (phải là thư mục đầu ra của một trang pbgdpl đã dựng)", dir.display()));
        }
        return Ok(Fetcher::Folder { root: dir });
    }
    let mut url = source.nguon.trim().to_string();
    if url.ends_with(".json") {
        url.truncate(url.rfind('/').map_or(url.len(), |i| i + 1));
    }
    if !url.ends_with('/') {
        url.push('/');
    }
    let root = url
        .strip_suffix("api/v1/")
        .map(str::to_string)
        .unwrap_or(url);
    Ok(Fetcher::web(&root, limits))
}

fn get_json<T: serde::de::DeserializeOwned>(
    f: &Fetcher,
    rel: &str,
    limits: &Limits,
    count: &mut Counters,
) -> Result<T, String> {
    let bytes = f.get(rel, limits, count)?;
    serde_json::from_slice(&bytes).map_err(|e| {
        format!("{} không phải dữ liệu JSON đúng định dạng api/v1 của pbgdpl ({e}); kiểm tra lại địa chỉ nguồn", f.describe(rel))
    })
}

fn plan_api(
    opts: &SyncOptions,
    source: &Source,
    limits: &Limits,
    count: &mut Counters,
    local: &mut local::Local,
    report: &mut SourceReport,
) -> Result<Vec<Write>, String> {
    let f = fetcher_for(opts, source, limits)?;
    let site: Value = get_json(&f, "api/v1/site.json", limits, count)?;
    if site.get("phien_ban_dinh_dang").and_then(Value::as_u64) != Some(1) {
        return Err(format!(
            "{} không phải site.json của api/v1 pbgdpl (thiếu `phien_ban_dinh_dang: 1`)",
            f.describe("api/v1/site.json")
        ));
    }
    let remote_base = site
        .get("base_url")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    // The index grows with the site (~400 bytes an item): its cap follows `toi_da_muc`.
    let mut index_limits = *limits;
    index_limits.max_response_bytes = limits
        .max_response_bytes
        .max(source.toi_da_muc as u64 * 1024);
    let index: IndexFile = get_json(&f, "api/v1/index.json", &index_limits, count)?;
    let mut entries: Vec<_> = index
        .muc
        .iter()
        .filter(|e| {
            source
                .chuyen_muc
                .as_deref()
                .is_none_or(|c| e.ma.split('/').next() == Some(c))
        })
        .collect();
    let complete = entries.len() <= source.toi_da_muc;
    if !complete {
        report.tu_choi.push((
            source.nguon.clone(),
            format!(
                "nguồn có {} bài, vượt giới hạn `toi_da_muc: {}`; chỉ lấy {} bài mới nhất",
                entries.len(),
                source.toi_da_muc,
                source.toi_da_muc
            ),
        ));
        entries.truncate(source.toi_da_muc);
    }
    let mine = local.of_source(&source.nguon);
    // Which pages hold the items that are new or changed at the source.
    let mut wanted: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    for e in &entries {
        match mine.get(&e.ma) {
            Some(l) if l.bam.as_deref() == Some(e.bam.as_str()) => report.khong_doi += 1,
            _ => {
                wanted.entry(e.trang).or_default().insert(e.ma.clone());
            }
        }
    }
    if complete {
        let remote: BTreeSet<&str> = index.muc.iter().map(|e| e.ma.as_str()).collect();
        report.xoa_o_nguon = mine
            .keys()
            .filter(|m| !remote.contains(m.as_str()))
            .filter(|m| {
                source
                    .chuyen_muc
                    .as_deref()
                    .is_none_or(|c| m.split('/').next() == Some(c))
            })
            .cloned()
            .collect();
    }
    let key = crate::vi::slugify(&source.ten);
    let mut writes = Vec::new();
    for (page, ids) in wanted {
        let items: ItemsPage = get_json(&f, &format!("api/v1/items/{page}.json"), limits, count)?;
        for record in items.muc.into_iter().filter(|r| ids.contains(&r.ma)) {
            let ma = record.ma.clone();
            match import_record(
                opts,
                source,
                &f,
                limits,
                count,
                &remote_base,
                &key,
                record,
                report,
            ) {
                Ok((item_writes, text)) => {
                    place(local, source, &ma, text, report, &mut writes);
                    writes.extend(item_writes);
                }
                Err(why) => report.tu_choi.push((ma, why)),
            }
        }
    }
    Ok(writes)
}

/// Decides where an imported item's text goes: new, update, unchanged or conflict.
fn place(
    local: &mut local::Local,
    source: &Source,
    ma: &str,
    text: String,
    report: &mut SourceReport,
    writes: &mut Vec<Write>,
) {
    let rel = format!("content/{ma}.md");
    match local.at(&rel) {
        None => {
            report.them.push(ma.to_string());
            writes.push(Write {
                rel,
                bytes: text.into_bytes(),
            });
        }
        Some(existing)
            if existing.nguon.as_deref() == Some(source.nguon.as_str()) && !existing.edited =>
        {
            if existing.text == text {
                report.khong_doi += 1;
            } else {
                report.cap_nhat.push(ma.to_string());
                writes.push(Write {
                    rel,
                    bytes: text.into_bytes(),
                });
            }
        }
        Some(_) => {
            let beside = format!("{rel}{CONFLICT_SUFFIX}");
            report.xung_dot.push((rel, beside.clone()));
            writes.push(Write {
                rel: beside,
                bytes: text.into_bytes(),
            });
        }
    }
}

/// A remote record → its Markdown text and its attachments, or why it is refused.
#[allow(clippy::too_many_arguments)]
fn import_record(
    opts: &SyncOptions,
    source: &Source,
    f: &Fetcher,
    limits: &Limits,
    count: &mut Counters,
    remote_base: &str,
    key: &str,
    record: ItemRecord,
    report: &mut SourceReport,
) -> Result<(Vec<Write>, String), String> {
    let section = check_id(&record.ma)?;
    let def = crate::model::section_def(section).ok_or("chuyên mục không có ở trang này")?;
    if !kind_fits(def.kind, &record.loai) {
        return Err(format!(
            "loại bài `{}` không hợp với chuyên mục `{section}`",
            record.loai
        ));
    }
    let allowed: BTreeSet<&str> = crate::schema::fields::item_fields(&record.loai)
        .iter()
        .map(|d| d.name)
        .collect();
    let mut fields: Map<String, Value> = Map::new();
    for (k, v) in &record.truong {
        if allowed.contains(k.as_str()) && !matches!(k.as_str(), "dong_bo" | "ban_nhap" | "nguon") {
            fields.insert(k.clone(), clean_value(k, v, report));
        }
    }
    let mut writes = Vec::new();
    let mut file_limits = *limits;
    file_limits.max_response_bytes = opts.max_file_bytes;
    for tep in &record.tep {
        let rel = tep
            .url
            .strip_prefix(remote_base)
            .ok_or_else(|| format!("tệp {} không nằm dưới địa chỉ của nguồn", tep.url))?;
        check_rel(rel)?;
        let name =
            safe_file_name(rel).ok_or_else(|| format!("tên tệp \"{rel}\" không dùng được"))?;
        let bytes = f
            .get(rel, &file_limits, count)
            .map_err(|e| format!("tệp đính kèm: {e}"))?;
        let dest = format!("dong-bo/{key}/{}/{name}", record.ma);
        writes.push(Write {
            rel: format!("static/{dest}"),
            bytes,
        });
        if let Some(v) = fields.get_mut(&tep.truong) {
            replace_path(v, &tep.duong_dan, &format!("/{dest}"));
        }
    }
    let (body, removed) = clean::markdown(&record.noi_dung, remote_base);
    report.da_lam_sach += removed;
    fields.insert("nguon".into(), Value::String(source.ten.clone()));
    let provenance = [
        ("nguon", source.nguon.clone()),
        ("ma", record.ma.clone()),
        ("url", record.url.clone()),
        ("bam", record.bam.clone()),
    ];
    Ok((writes, render_file(&fields, &provenance, &body)))
}

fn kind_fits(kind: crate::model::SectionKind, loai: &str) -> bool {
    use crate::model::SectionKind as K;
    matches!(
        (kind, loai),
        (K::Page, "page")
            | (K::VanBan, "van_ban")
            | (K::VanBanOrPage, "van_ban" | "page")
            | (K::TaiLieu, "tai_lieu")
            | (K::HoiDap, "hoi_dap")
            | (K::HoatDong, "hoat_dong")
            | (K::DoiThoai, "doi_thoai")
            | (K::BaoCao, "bao_cao")
            | (K::CuocThi, "cuoc_thi")
    )
}

/// An item id must be `section/…/slug` in URL-safe segments; returns the section.
pub fn check_id(ma: &str) -> Result<&str, String> {
    let ok_segment = |s: &str| {
        !s.is_empty()
            && s.len() <= 120
            && s != "trang"
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
    };
    let parts: Vec<&str> = ma.split('/').collect();
    if parts.len() < 2 || parts.len() > 5 || !parts.iter().all(|p| ok_segment(p)) {
        return Err(format!("mã bài \"{}\" không hợp lệ (chỉ chữ thường không dấu, số, `-`, tối đa 5 cấp); có thể là đường dẫn cố ý đi ra ngoài thư mục trang", ma.chars().take(80).collect::<String>()));
    }
    Ok(parts[0])
}

fn check_rel(rel: &str) -> Result<(), String> {
    if rel.is_empty()
        || rel.starts_with('/')
        || rel.contains('\\')
        || rel
            .split('/')
            .any(|s| s.is_empty() || s == "." || s == "..")
    {
        return Err(format!("đường dẫn tệp \"{rel}\" không hợp lệ"));
    }
    Ok(())
}

fn safe_file_name(rel: &str) -> Option<String> {
    let name = rel.rsplit('/').next()?;
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    let stem = crate::vi::slugify(stem);
    let ext: String = ext
        .to_ascii_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(8)
        .collect();
    if stem.is_empty() {
        return None;
    }
    Some(if ext.is_empty() {
        stem
    } else {
        format!("{stem}.{ext}")
    })
}

fn replace_path(v: &mut Value, from: &str, to: &str) {
    match v {
        Value::String(s) if s.trim() == from => *s = to.to_string(),
        Value::Array(a) => a.iter_mut().for_each(|x| replace_path(x, from, to)),
        Value::Object(m) => {
            for k in ["duong_dan", "path"] {
                if let Some(x) = m.get_mut(k) {
                    replace_path(x, from, to);
                }
            }
        }
        _ => {}
    }
}

/// Strings cleaned and bounded; links with an unsafe scheme dropped.
fn clean_value(key: &str, v: &Value, report: &mut SourceReport) -> Value {
    match v {
        Value::String(s) => {
            let urlish = matches!(
                key,
                "duong_dan_thi" | "duong_dan" | "video" | "url" | "lien_ket" | "vbpl"
            );
            if (urlish
                || s.trim_start()
                    .to_ascii_lowercase()
                    .starts_with("javascript:"))
                && !clean::safe_scheme(s)
            {
                report.da_lam_sach += 1;
                return Value::Null;
            }
            Value::String(clean::text(s))
        }
        Value::Array(a) => Value::Array(
            a.iter()
                .take(1000)
                .map(|x| clean_value(key, x, report))
                .collect(),
        ),
        Value::Object(m) => Value::Object(
            m.iter()
                .take(200)
                .map(|(k, x)| {
                    (
                        clean::text(k),
                        clean_value(if key == "lien_ket" { "lien_ket" } else { k }, x, report),
                    )
                })
                .filter(|(_, x)| !x.is_null())
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The Markdown file: front matter as YAML (values in JSON flow style, which YAML reads),
/// `dong_bo` last with `ban_ghi`, the hash of every other line, to notice local edits.
fn render_file(fields: &Map<String, Value>, provenance: &[(&str, String)], body: &str) -> String {
    let mut fm = String::from("---\n");
    let mut keys: Vec<&String> = fields.keys().filter(|k| k.as_str() != "tieu_de").collect();
    keys.sort();
    if let Some(t) = fields.get("tieu_de") {
        fm += &format!("tieu_de: {t}\n");
    }
    for k in keys {
        if !fields[k].is_null() {
            fm += &format!("{k}: {}\n", fields[k]);
        }
    }
    fm += "dong_bo:   # do `pbgdpl sync` ghi; đừng sửa nhóm này\n";
    for (k, v) in provenance {
        fm += &format!("  {k}: {}\n", Value::String(v.clone()));
    }
    let body = body.trim_end();
    let without = format!("{fm}---\n{body}\n");
    let hash = local::edit_hash(&without);
    format!("{fm}  ban_ghi: \"{hash}\"\n---\n{body}\n")
}

/// Writes every file of a source; each goes to a temporary name first and is renamed, so a
/// file is either the old one or the new one.
fn write_all(site: &Path, writes: &[Write]) -> Result<(), String> {
    for w in writes {
        let path = site.join(&w.rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("không tạo được thư mục {}: {e}", dir.display()))?;
        }
        let tmp = path.with_extension("dong-bo-tmp");
        std::fs::write(&tmp, &w.bytes)
            .and_then(|_| std::fs::rename(&tmp, &path))
            .map_err(|e| format!("không ghi được {}: {e}", path.display()))?;
    }
    Ok(())
}

/// `sha256:<hex>` of some bytes.
pub fn sha256(bytes: &[u8]) -> String {
    format!("sha256:{:x}", Sha256::digest(bytes))
}
