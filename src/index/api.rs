//! The published data API (`api/v1/`): the site's items as static JSON, so the provincial Sở
//! Tư pháp and other pbgdpl sites can read them without scraping (A2-04; issue 5). Files:
//! `site.json` (the agency, sections, counts, build time, generator), `items/<n>.json` (every
//! item newest first, `PAGE_SIZE` a page, each with its front matter as written, URL, content
//! hash and `ngay_cap_nhat`), `sections/<folder>.json` (one summary list per section),
//! `index.json` (id → hash and page, for consumers that diff) and `changes.json` (what was
//! added, changed or removed since each of the last `HISTORY` builds).
//!
//! Reproducible by construction: the change list is derived only from the previous output's
//! `index.json`/`changes.json` and the current input, and a build whose items did not change
//! keeps the previous history untouched. Schemas: `docs/schema/api-*.schema.json`.

use crate::model::{Item, Site};
use crate::write::Output;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::Path;

use super::xml::absolute_url;

/// Where the API lives in the output.
pub const API_DIR: &str = "api/v1/";
/// Items per `items/<n>.json` page.
pub const PAGE_SIZE: usize = 100;
/// How many past builds `changes.json` remembers.
pub const HISTORY: usize = 10;
/// Version of the format (the `v1` of the path).
pub const FORMAT_VERSION: u32 = 1;

/// One item as published.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ItemRecord {
    /// Stable id: the URL path without the trailing slash (`van-ban/42-2022-nd-cp`).
    pub ma: String,
    pub loai: String,
    pub chuyen_muc: String,
    pub tieu_de: String,
    /// Absolute page URL.
    pub url: String,
    /// Site-root-relative page URL.
    pub duong_dan: String,
    pub ngay_dang: String,
    /// The last substantive change (`ngay_cap_nhat`, else `ngay_dang`).
    pub ngay_cap_nhat: String,
    /// `sha256:<hex>` of the canonical JSON of `truong`, `noi_dung` and `tep`.
    pub bam: String,
    /// The front matter as the editor wrote it (NFC).
    pub truong: Map<String, Value>,
    /// Files the front matter points at, with their published URLs.
    pub tep: Vec<FileRecord>,
    /// The Markdown body.
    pub noi_dung: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct FileRecord {
    /// The front-matter field (`tep_van_ban`, `anh` …).
    pub truong: String,
    /// The path as written in the front matter.
    pub duong_dan: String,
    /// Absolute URL of the published copy.
    pub url: String,
    pub kich_thuoc: u64,
}

/// One line of `index.json` and of a section file.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct IndexEntry {
    pub ma: String,
    pub tieu_de: String,
    pub url: String,
    pub ngay_cap_nhat: String,
    pub bam: String,
    /// The `items/<trang>.json` page holding the full record.
    pub trang: usize,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct IndexFile {
    pub phien_ban: String,
    pub tong_so_muc: usize,
    pub muc: Vec<IndexEntry>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ItemsPage {
    pub trang: usize,
    pub so_trang: usize,
    pub tong_so_muc: usize,
    pub trang_truoc: Option<String>,
    pub trang_sau: Option<String>,
    pub muc: Vec<ItemRecord>,
}

/// A build remembered by `changes.json`, with what it changed against the build before it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct BuildEntry {
    pub phien_ban: String,
    pub thoi_gian: String,
    /// `None` for the oldest build remembered (nothing before it to compare with).
    pub thay_doi: Option<Delta>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Delta {
    pub them: Vec<String>,
    pub sua: Vec<String>,
    pub xoa: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SinceEntry {
    pub phien_ban: String,
    pub thoi_gian: String,
    #[serde(flatten)]
    pub thay_doi: Delta,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ChangesFile {
    pub phien_ban: String,
    pub thoi_gian: String,
    /// Every build remembered, newest first (the current one first).
    pub lich_su: Vec<BuildEntry>,
    /// For each earlier build: what a consumer that last read it must fetch or drop.
    pub ke_tu: Vec<SinceEntry>,
}

/// Writes every API file; the value is the number of files.
pub fn write_api(site: &Site, out: &dyn Output, previous: Option<&Path>) -> io::Result<usize> {
    let records = item_records(site);
    let pages = records.len().div_ceil(PAGE_SIZE).max(1);
    let index = index_file(&records);
    let mut files = 0;
    for (n, chunk) in chunks(&records, pages).into_iter().enumerate() {
        let page = ItemsPage {
            trang: n + 1,
            so_trang: pages,
            tong_so_muc: records.len(),
            trang_truoc: (n > 0).then(|| format!("{n}.json")),
            trang_sau: (n + 1 < pages).then(|| format!("{}.json", n + 2)),
            muc: chunk.to_vec(),
        };
        write_json(out, &format!("{API_DIR}items/{}.json", n + 1), &page)?;
        files += 1;
    }
    for section in site.sections.iter().filter(|s| s.path.is_empty()) {
        let entries: Vec<&IndexEntry> = index
            .muc
            .iter()
            .filter(|e| e.ma.split('/').next() == Some(section.def.folder))
            .collect();
        let body = serde_json::json!({
            "chuyen_muc": section.def.folder,
            "ten": section.title,
            "url": absolute_url(&site.config.base_url, &section.url),
            "tong_so_muc": entries.len(),
            "muc": entries,
        });
        write_json(
            out,
            &format!("{API_DIR}sections/{}.json", section.def.folder),
            &body,
        )?;
        files += 1;
    }
    let now = build_time_text();
    let changes = changes_file(&index, previous_api(previous), &now);
    write_json(out, &format!("{API_DIR}index.json"), &index)?;
    write_json(out, &format!("{API_DIR}changes.json"), &changes)?;
    write_json(
        out,
        &format!("{API_DIR}site.json"),
        &site_file(site, &index, pages, &now),
    )?;
    Ok(files + 3)
}

fn chunks(records: &[ItemRecord], pages: usize) -> Vec<&[ItemRecord]> {
    if records.is_empty() {
        return vec![&[]];
    }
    let v: Vec<&[ItemRecord]> = records.chunks(PAGE_SIZE).collect();
    debug_assert_eq!(v.len(), pages);
    v
}

fn write_json<T: Serialize>(out: &dyn Output, rel: &str, value: &T) -> io::Result<()> {
    let mut bytes = serde_json::to_vec(value).map_err(io::Error::other)?;
    bytes.push(b'\n');
    out.write_file(rel, &bytes)
}

/// `2026-05-20T08:00:00+07:00` from `SOURCE_DATE_EPOCH` or now.
fn build_time_text() -> String {
    let offset = time::UtcOffset::from_hms(7, 0, 0).unwrap_or(time::UtcOffset::UTC);
    crate::vi::build_time()
        .to_offset(offset)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// Every item, newest first across the site.
pub fn item_records(site: &Site) -> Vec<ItemRecord> {
    site.latest
        .par_iter()
        .map(|&i| item_record(site, &site.items[i]))
        .collect()
}

/// The item's own record, with every front-matter field the editor wrote, including those the
/// renderer does not use (kept from loading: reading and parsing every source again cost a
/// tenth of a build).
pub fn item_record(site: &Site, item: &Item) -> ItemRecord {
    let truong = item.truong.as_ref().clone();
    let noi_dung = item.body.clone();
    let base = &site.config.base_url;
    let tep = file_records(item, &truong, base);
    let bam = content_hash(&truong, &noi_dung, &tep);
    ItemRecord {
        ma: item.url.trim_end_matches('/').to_string(),
        loai: item.data.kind_name().to_string(),
        chuyen_muc: item.section.to_string(),
        tieu_de: item.tieu_de.clone(),
        url: absolute_url(base, &item.url),
        duong_dan: item.url.clone(),
        ngay_dang: item.ngay_dang.iso(),
        ngay_cap_nhat: item.updated().iso(),
        bam,
        truong,
        tep,
        noi_dung,
    }
}

/// Path-valued front-matter strings matched to the published copies of the item's files.
fn file_records(item: &Item, truong: &Map<String, Value>, base: &str) -> Vec<FileRecord> {
    let assets: BTreeMap<&str, u64> = item
        .assets()
        .into_iter()
        .map(|a| (a.url.as_str(), a.size))
        .collect();
    let mut out = Vec::new();
    for (key, value) in truong {
        for raw in path_strings(value) {
            if let Some(url) = resolve_url(item, &raw).filter(|u| assets.contains_key(u.as_str())) {
                out.push(FileRecord {
                    truong: key.clone(),
                    duong_dan: raw,
                    url: absolute_url(base, &url),
                    kich_thuoc: assets[url.as_str()],
                });
            }
        }
    }
    out
}

/// Strings that may be file paths: a bare string, `duong_dan`/`path` of objects, list items.
fn path_strings(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.trim().to_string()],
        Value::Array(a) => a.iter().flat_map(path_strings).collect(),
        Value::Object(m) => m
            .get("duong_dan")
            .or_else(|| m.get("path"))
            .map(path_strings)
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// The output URL a front-matter path would resolve to (see `validate::assets`).
fn resolve_url(item: &Item, raw: &str) -> Option<String> {
    if raw.is_empty() || raw.contains("://") {
        return None;
    }
    if let Some(rest) = raw.strip_prefix('/') {
        return Some(rest.to_string());
    }
    let rel = raw.trim_start_matches("./");
    if item.bundle_dir.is_some() {
        return Some(format!("{}{rel}", item.url));
    }
    // A plain file next to `content/<section>/<slug>.md`: published under its content path.
    let dir = item.source.parent()?.strip_prefix("content").ok()?;
    let joined = dir.join(rel).to_string_lossy().replace('\\', "/");
    Some(joined)
}

/// `sha256:` of the canonical JSON (keys sorted) of the parts a consumer copies.
pub fn content_hash(truong: &Map<String, Value>, noi_dung: &str, tep: &[FileRecord]) -> String {
    let files: Vec<Value> = tep
        .iter()
        .map(|f| serde_json::json!({"truong": f.truong, "duong_dan": f.duong_dan, "kich_thuoc": f.kich_thuoc}))
        .collect();
    let whole = serde_json::json!({
        "truong": Value::Object(truong.clone()),
        "noi_dung": noi_dung,
        "tep": files,
    });
    let mut text = String::new();
    canonical_json(&whole, &mut text);
    format!("sha256:{:x}", Sha256::digest(text.as_bytes()))
}

/// JSON with object keys in byte order, whatever order the map keeps.
pub fn canonical_json(v: &Value, out: &mut String) {
    match v {
        Value::Object(m) => {
            let keys: BTreeSet<&String> = m.keys().collect();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                canonical_json(&m[k], out);
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical_json(x, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

fn index_file(records: &[ItemRecord]) -> IndexFile {
    let muc: Vec<IndexEntry> = records
        .iter()
        .enumerate()
        .map(|(i, r)| IndexEntry {
            ma: r.ma.clone(),
            tieu_de: r.tieu_de.clone(),
            url: r.url.clone(),
            ngay_cap_nhat: r.ngay_cap_nhat.clone(),
            bam: r.bam.clone(),
            trang: i / PAGE_SIZE + 1,
        })
        .collect();
    IndexFile {
        phien_ban: version_of(&muc),
        tong_so_muc: muc.len(),
        muc,
    }
}

/// The version of a set of items: 16 hex digits of the hash of the sorted `ma bam` lines.
fn version_of(entries: &[IndexEntry]) -> String {
    let mut lines: Vec<String> = entries
        .iter()
        .map(|e| format!("{} {}\n", e.ma, e.bam))
        .collect();
    lines.sort();
    let digest = Sha256::digest(lines.concat().as_bytes());
    format!("{digest:x}")[..16].to_string()
}

/// The previous output's index and change list, when it has them and they parse.
fn previous_api(previous: Option<&Path>) -> Option<(IndexFile, Option<ChangesFile>)> {
    let dir = previous?.join(API_DIR);
    let index: IndexFile =
        serde_json::from_slice(&std::fs::read(dir.join("index.json")).ok()?).ok()?;
    let changes = std::fs::read(dir.join("changes.json"))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok());
    Some((index, changes))
}

/// Continues the previous history with this build (or keeps it when nothing changed).
pub fn changes_file(
    index: &IndexFile,
    previous: Option<(IndexFile, Option<ChangesFile>)>,
    now: &str,
) -> ChangesFile {
    let Some((prev_index, prev_changes)) = previous else {
        return fresh_history(index, now);
    };
    let mut history = prev_changes
        .filter(|c| c.phien_ban == prev_index.phien_ban)
        .map(|c| c.lich_su)
        .unwrap_or_else(|| {
            vec![BuildEntry {
                phien_ban: prev_index.phien_ban.clone(),
                thoi_gian: now.to_string(),
                thay_doi: None,
            }]
        });
    if prev_index.phien_ban != index.phien_ban {
        history.insert(
            0,
            BuildEntry {
                phien_ban: index.phien_ban.clone(),
                thoi_gian: now.to_string(),
                thay_doi: Some(delta(&prev_index, index)),
            },
        );
    }
    history.truncate(HISTORY);
    if let Some(oldest) = history.last_mut() {
        oldest.thay_doi = None;
    }
    let ke_tu = since_lists(&history, index);
    ChangesFile {
        phien_ban: index.phien_ban.clone(),
        thoi_gian: history[0].thoi_gian.clone(),
        lich_su: history,
        ke_tu,
    }
}

fn fresh_history(index: &IndexFile, now: &str) -> ChangesFile {
    ChangesFile {
        phien_ban: index.phien_ban.clone(),
        thoi_gian: now.to_string(),
        lich_su: vec![BuildEntry {
            phien_ban: index.phien_ban.clone(),
            thoi_gian: now.to_string(),
            thay_doi: None,
        }],
        ke_tu: Vec::new(),
    }
}

fn delta(before: &IndexFile, after: &IndexFile) -> Delta {
    let old: BTreeMap<&str, &str> = before
        .muc
        .iter()
        .map(|e| (e.ma.as_str(), e.bam.as_str()))
        .collect();
    let new: BTreeMap<&str, &str> = after
        .muc
        .iter()
        .map(|e| (e.ma.as_str(), e.bam.as_str()))
        .collect();
    let mut d = Delta::default();
    for (ma, bam) in &new {
        match old.get(ma) {
            None => d.them.push(ma.to_string()),
            Some(b) if b != bam => d.sua.push(ma.to_string()),
            Some(_) => {}
        }
    }
    d.xoa = old
        .keys()
        .filter(|m| !new.contains_key(*m))
        .map(|m| m.to_string())
        .collect();
    d
}

/// For each earlier build B: the composition of the deltas after B. An id's state at B is
/// known from the first delta after B that touches it (added there ⇒ absent at B).
fn since_lists(history: &[BuildEntry], index: &IndexFile) -> Vec<SinceEntry> {
    let now: BTreeSet<&str> = index.muc.iter().map(|e| e.ma.as_str()).collect();
    let mut out = Vec::new();
    for b in 1..history.len() {
        // Deltas after build b, oldest first: history[b-1], …, history[0].
        let mut existed_at_b: BTreeMap<&str, bool> = BTreeMap::new();
        for entry in history[..b].iter().rev() {
            let Some(d) = &entry.thay_doi else { continue };
            for ma in &d.them {
                existed_at_b.entry(ma.as_str()).or_insert(false);
            }
            for ma in d.sua.iter().chain(&d.xoa) {
                existed_at_b.entry(ma.as_str()).or_insert(true);
            }
        }
        let mut d = Delta::default();
        for (ma, existed) in existed_at_b {
            match (existed, now.contains(ma)) {
                (false, true) => d.them.push(ma.to_string()),
                (true, true) => d.sua.push(ma.to_string()),
                (true, false) => d.xoa.push(ma.to_string()),
                (false, false) => {}
            }
        }
        out.push(SinceEntry {
            phien_ban: history[b].phien_ban.clone(),
            thoi_gian: history[b].thoi_gian.clone(),
            thay_doi: d,
        });
    }
    out
}

fn site_file(site: &Site, index: &IndexFile, pages: usize, now: &str) -> Value {
    let cfg = &site.config;
    let a = &cfg.co_quan;
    let sections: Vec<Value> = site
        .sections
        .iter()
        .filter(|s| s.path.is_empty())
        .map(|s| {
            serde_json::json!({
                "chuyen_muc": s.def.folder,
                "ten": s.title,
                "nhan": s.def.label,
                "url": absolute_url(&cfg.base_url, &s.url),
                "so_muc": s.items.len(),
                "du_lieu": format!("sections/{}.json", s.def.folder),
            })
        })
        .collect();
    serde_json::json!({
        "phien_ban_dinh_dang": FORMAT_VERSION,
        "trinh_tao": {"ten": "pbgdpl", "phien_ban": env!("CARGO_PKG_VERSION")},
        "thoi_gian_dung": now,
        "phien_ban": index.phien_ban,
        "ten_trang": cfg.ten_trang,
        "mo_ta": cfg.mo_ta,
        "base_url": cfg.base_url,
        "co_quan": {
            "ten_day_du": a.ten_day_du,
            "co_quan_chu_quan": a.co_quan_chu_quan,
            "ten_viet_tat": a.ten_viet_tat,
            "dia_chi": a.dia_chi,
            "dien_thoai": a.dien_thoai,
            "email": a.email,
            "dia_danh": a.dia_danh,
        },
        "chuyen_muc": sections,
        "tong_so_muc": index.tong_so_muc,
        "muc": {"so_trang": pages, "so_muc_moi_trang": PAGE_SIZE, "trang_dau": "items/1.json"},
        "chi_muc": "index.json",
        "thay_doi": "changes.json",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn idx(pairs: &[(&str, &str)]) -> IndexFile {
        let muc: Vec<IndexEntry> = pairs
            .iter()
            .map(|(ma, bam)| IndexEntry {
                ma: ma.to_string(),
                tieu_de: String::new(),
                url: String::new(),
                ngay_cap_nhat: String::new(),
                bam: bam.to_string(),
                trang: 1,
            })
            .collect();
        IndexFile {
            phien_ban: version_of(&muc),
            tong_so_muc: muc.len(),
            muc,
        }
    }

    #[test]
    fn changes_compose_across_builds_and_stay_put_when_nothing_changed() {
        let b1 = idx(&[("a", "1"), ("b", "1")]);
        let c1 = changes_file(&b1, None, "t1");
        assert!(c1.ke_tu.is_empty());
        let b2 = idx(&[("a", "2"), ("b", "1"), ("c", "1")]);
        let c2 = changes_file(&b2, Some((b1.clone(), Some(c1))), "t2");
        let b3 = idx(&[("a", "2"), ("c", "2")]);
        let c3 = changes_file(&b3, Some((b2.clone(), Some(c2))), "t3");
        assert_eq!(c3.lich_su.len(), 3);
        let since_b2 = &c3.ke_tu[0].thay_doi;
        assert_eq!(
            (
                since_b2.them.clone(),
                since_b2.sua.clone(),
                since_b2.xoa.clone()
            ),
            (vec![], vec!["c".to_string()], vec!["b".to_string()])
        );
        let since_b1 = &c3.ke_tu[1].thay_doi;
        assert_eq!(since_b1.them, vec!["c"]);
        assert_eq!(since_b1.sua, vec!["a"]);
        assert_eq!(since_b1.xoa, vec!["b"]);
        // Same items again: the history is kept exactly.
        let again = changes_file(&b3, Some((b3.clone(), Some(c3.clone()))), "t4");
        assert_eq!(
            serde_json::to_string(&again.lich_su).unwrap(),
            serde_json::to_string(&c3.lich_su).unwrap()
        );
        assert_eq!(again.thoi_gian, "t3");
    }

    #[test]
    fn history_is_bounded_and_the_oldest_has_no_delta() {
        let mut prev = idx(&[("a", "0")]);
        let mut changes = changes_file(&prev, None, "t0");
        for n in 1..(HISTORY + 5) {
            let next = idx(&[("a", &n.to_string())]);
            changes = changes_file(&next, Some((prev, Some(changes))), &format!("t{n}"));
            prev = next;
        }
        assert_eq!(changes.lich_su.len(), HISTORY);
        assert!(changes.lich_su.last().unwrap().thay_doi.is_none());
        assert_eq!(changes.ke_tu.len(), HISTORY - 1);
    }

    #[test]
    fn canonical_json_sorts_keys() {
        let v: Value =
            serde_json::from_str(r#"{"b":1,"a":{"d":[1,{"y":2,"x":1}],"c":"é"}}"#).unwrap();
        let mut s = String::new();
        canonical_json(&v, &mut s);
        assert_eq!(s, r#"{"a":{"c":"é","d":[1,{"x":1,"y":2}]},"b":1}"#);
    }
}
