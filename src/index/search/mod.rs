//! Site search built at build time and queried in the browser: this module turns the content
//! model into a sharded static index under `search/` (format in `files`), and ships the
//! dependency-free client `search/engine.js` and the search-page script `search/ui.js`.
//! A hit is a page or one of its h2/h3 sections; ranking is BM25F over folded syllables,
//! syllable bigrams and document-number terms, computed here so the client only adds impacts.

pub mod build;
pub mod docs;
pub mod files;
pub mod text;

use crate::model::Site;
use crate::vi;
use crate::write::Output;
use build::{build_postings, Params};
use docs::{facets, page_facts, split_item, SearchDoc};
use files::{build_id, encode_group, encode_runs, encode_terms, gzip, gzip_fast, FORMAT_VERSION};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io;
use std::time::{Duration, Instant};

/// The client, embedded so the index and the code that reads it always match.
pub const ENGINE_JS: &str = include_str!("../../../themes/default/static/search/engine.js");
/// The search page's script (results list, `?q=` in the URL, filters).
pub const UI_JS: &str = include_str!("../../../themes/default/static/search/ui.js");

/// Layout knobs of the written index.
#[derive(Clone, Debug)]
pub struct Layout {
    /// Target uncompressed bytes per term shard.
    pub shard_bytes: usize,
    /// Documents per metadata group.
    pub group_size: usize,
    /// Characters of body text kept as a hit's excerpt.
    pub excerpt_chars: usize,
    /// Terms in at least `docs / common_fraction` documents are listed with their document
    /// frequency in the root, so the client can leave them out of long queries. The list is
    /// bounded by `common_fraction ×` the distinct terms of an average document, whatever
    /// the page count.
    pub common_fraction: usize,
}

impl Default for Layout {
    fn default() -> Self {
        Layout {
            shard_bytes: 4 * 1024,
            group_size: 16,
            excerpt_chars: 120,
            common_fraction: 24,
        }
    }
}

/// What the index build did, for the build summary and the evaluation.
#[derive(Clone, Debug, Default)]
pub struct SearchStats {
    pub docs: usize,
    pub terms: usize,
    pub postings: usize,
    pub shards: usize,
    pub groups: usize,
    pub facet_files: usize,
    /// All files written under `search/`, engine and UI scripts included.
    pub files: usize,
    /// Bytes as served (index files are gzip on disk).
    pub bytes: u64,
    pub elapsed: Duration,
    /// Of `elapsed`: splitting items into documents, and tokenising + ranking.
    pub split_time: Duration,
    pub rank_time: Duration,
}

/// Set (to anything but `0` or empty) to leave the index out of the build: a benchmarking knob
/// only, so `bench/search-cost.sh` can time the same build with and without the indexer. The
/// client scripts are still written, so pages keep resolving them; searching such a site fails.
pub const SKIP_ENV: &str = "PBGDPL_SKIP_SEARCH_INDEX";

/// Writes the search index of `site` under `search/` with the default ranking and layout.
pub fn write_search_index(site: &Site, out: &dyn Output) -> io::Result<SearchStats> {
    if skip_requested() {
        write_scripts(out)?;
        return Ok(SearchStats {
            files: 2,
            bytes: (ENGINE_JS.len() + UI_JS.len()) as u64,
            ..Default::default()
        });
    }
    write_search_index_with(site, out, &Params::default(), &Layout::default())
}

fn skip_requested() -> bool {
    std::env::var_os(SKIP_ENV).is_some_and(|v| !v.is_empty() && v != "0")
}

fn write_scripts(out: &dyn Output) -> io::Result<()> {
    out.write_file("search/engine.js", ENGINE_JS.as_bytes())?;
    out.write_file("search/ui.js", UI_JS.as_bytes())
}

/// Every search document of the site in item order (a page, then its sections).
pub fn search_docs(site: &Site) -> Vec<SearchDoc> {
    let per_item: Vec<Vec<SearchDoc>> = site
        .items
        .par_iter()
        .enumerate()
        .map(|(i, item)| split_item(i, item))
        .collect();
    per_item.into_iter().flatten().collect()
}

pub fn write_search_index_with(
    site: &Site,
    out: &dyn Output,
    params: &Params,
    layout: &Layout,
) -> io::Result<SearchStats> {
    let started = Instant::now();
    let mut docs = search_docs(site);
    if docs.len() > build::MAX_DOCS {
        return Err(io::Error::other(format!(
            "chỉ mục tìm kiếm chứa được tối đa {} trang và mục con, site có {}",
            build::MAX_DOCS,
            docs.len()
        )));
    }
    let t_docs = started.elapsed();
    // The metadata groups first: their excerpts are the last use of the body texts, which
    // `build_postings` then frees one by one as it counts them.
    let pages: Vec<_> = site.items.iter().map(page_facts).collect();
    let groups: Vec<Vec<u8>> = docs
        .par_chunks(layout.group_size)
        .map(|g| gzip(&encode_group(g, &pages, layout.excerpt_chars)))
        .collect();
    let group_count = groups.len();
    let t_groups = started.elapsed();
    let (terms, _) = build_postings(&mut docs, params);
    let t_post = started.elapsed();
    let encoded = encode_terms(&terms);
    let shard_count = encoded.len().div_ceil(layout.shard_bytes).max(1);
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let shards: Vec<Vec<u8>> = encoded
        .shards(&terms, shard_count)
        .par_iter()
        .map(|s| gzip_fast(s))
        .collect();
    drop(encoded);
    files.extend(
        shards
            .into_iter()
            .enumerate()
            .map(|(i, s)| (format!("t/{i}.bin"), s)),
    );
    files.extend(
        groups
            .into_iter()
            .enumerate()
            .map(|(i, g)| (format!("m/{i}.json"), g)),
    );
    let t_shards = started.elapsed();
    let (facet_root, facet_files) = facet_files(site, &docs);
    let facet_count = facet_files.len();
    files.extend(facet_files);
    let id = build_id(files.iter().map(|(_, b)| b.as_slice()));
    let common = common_terms(&terms, docs.len(), layout.common_fraction);
    let root = serde_json::json!({
        "v": FORMAT_VERSION,
        "dir": id,
        "n": docs.len(),
        "shards": shard_count,
        "group": layout.group_size,
        "facets": facet_root,
        "common": common,
    });
    let mut stats = SearchStats {
        docs: docs.len(),
        terms: terms.len(),
        postings: terms.iter().map(|t| t.postings.len()).sum(),
        shards: shard_count,
        groups: group_count,
        facet_files: facet_count,
        ..Default::default()
    };
    files
        .par_iter()
        .try_for_each(|(rel, bytes)| out.write_file(&format!("search/{id}/{rel}"), bytes))?;
    let root = gzip(&serde_json::to_vec(&root).expect("JSON of plain values"));
    out.write_file("search/root.bin", &root)?;
    write_scripts(out)?;
    stats.files = files.len() + 3;
    stats.bytes = files.iter().map(|(_, b)| b.len() as u64).sum::<u64>()
        + (root.len() + ENGINE_JS.len() + UI_JS.len()) as u64;
    stats.elapsed = started.elapsed();
    stats.split_time = t_docs;
    stats.rank_time = t_post - t_groups;
    if std::env::var_os("PBGDPL_TIMINGS").is_some() {
        eprintln!(
            "           (search index: split {:.3} s, groups {:.3} s, count+rank {:.3} s, shards {:.3} s, facets+write {:.3} s)",
            t_docs.as_secs_f64(),
            (t_groups - t_docs).as_secs_f64(),
            (t_post - t_groups).as_secs_f64(),
            (t_shards - t_post).as_secs_f64(),
            (stats.elapsed - t_shards).as_secs_f64()
        );
    }
    Ok(stats)
}

/// Facet values (`slug → label, item count`) for the root, and one run-list file per value.
fn facet_files(site: &Site, docs: &[SearchDoc]) -> (serde_json::Value, Vec<(String, Vec<u8>)>) {
    // Each facet value once, keyed (facet, slug); every item keeps the indices of its values,
    // so the per-document pass below does no slugging or map look-up.
    let mut keys: BTreeMap<(&'static str, String), usize> = BTreeMap::new();
    let mut values: Vec<(String, Vec<u32>, usize)> = Vec::new();
    let mut item_values: Vec<Vec<usize>> = Vec::with_capacity(site.items.len());
    for item in &site.items {
        let mut mine = Vec::new();
        for (key, label) in facets(item) {
            let next = values.len();
            let v = *keys.entry((key, vi::slugify(&label))).or_insert(next);
            if v == next {
                values.push((label, Vec::new(), 0));
            }
            values[v].2 += 1;
            mine.push(v);
        }
        item_values.push(mine);
    }
    for (doc, d) in docs.iter().enumerate() {
        for &v in &item_values[d.item] {
            let list = &mut values[v].1;
            if list.last() != Some(&(doc as u32)) {
                list.push(doc as u32);
            }
        }
    }
    let mut root: BTreeMap<&str, Vec<(String, String, usize)>> = BTreeMap::new();
    let mut files = Vec::new();
    for ((key, slug), v) in keys {
        let (label, list, count) = std::mem::take(&mut values[v]);
        if slug.is_empty() {
            continue;
        }
        files.push((format!("f/{key}/{slug}.bin"), gzip(&encode_runs(&list))));
        root.entry(key).or_default().push((slug, label, count));
    }
    for (key, list) in root.iter_mut() {
        if *key == "nam" {
            list.sort_by(|a, b| b.0.cmp(&a.0));
        } else {
            vi::sort_vi_by_key(list, |x| x.1.as_str());
        }
    }
    let json = root
        .into_iter()
        .map(|(k, v)| (k.to_string(), serde_json::json!(v)))
        .collect::<serde_json::Map<_, _>>();
    (serde_json::Value::Object(json), files)
}

/// The terms frequent enough to be skipped in long queries, by document-frequency band:
/// `{"7": "term\tterm…"}` lists the terms with `2^7 <= df < 2^8`, sorted (compresses well).
fn common_terms(
    terms: &[build::TermPostings],
    docs: usize,
    fraction: usize,
) -> BTreeMap<u32, String> {
    let floor = (docs / fraction.max(1)).max(8) as u32;
    let mut bands: BTreeMap<u32, Vec<&str>> = BTreeMap::new();
    for t in terms.iter().filter(|t| t.df >= floor) {
        bands
            .entry(31 - t.df.leading_zeros())
            .or_default()
            .push(&t.term);
    }
    bands
        .into_iter()
        .map(|(band, mut list)| {
            list.sort_unstable();
            (band, list.join("\t"))
        })
        .collect()
}
