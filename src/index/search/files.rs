//! The on-disk format of the search index, every file pre-gzipped (the client inflates it with
//! `DecompressionStream`, so the host needs no `Content-Encoding` support):
//!
//! * `search/root.bin` — the only mutable file (JSON): format version, build directory,
//!   document count, shard count, group size, facet values, and the common terms with their
//!   document frequency. Its size does not grow with the page count.
//! * `search/<build>/t/<n>.bin` — term shards; a term lives in shard `fnv1a32(term) % shards`.
//!   Entries sorted by term: `varint len, term, u8 nvar, nvar × (varint len, spelling),
//!   varint df, varint npost, varint nbytes, npost × (varint doc-delta, u8 impact[, u8 mask])`
//!   (the mask byte only when `nvar > 1`).
//! * `search/<build>/m/<g>.json` — result-list facts of documents `g*G .. g*G+G-1`.
//! * `search/<build>/f/<key>/<slug>.bin` — the documents of one facet value as runs
//!   `varint gap, varint length`.
//!
//! `<build>` is a content hash, so everything under it can be cached forever.

use super::build::TermPostings;
use super::docs::{PageFacts, SearchDoc};
use flate2::write::GzEncoder;
use flate2::Compression;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Write;

pub const FORMAT_VERSION: u32 = 1;

pub fn fnv1a32(s: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in s.as_bytes() {
        h ^= *b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn bytes_with_len(out: &mut Vec<u8>, s: &str) {
    varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(
        Vec::with_capacity(bytes.len() / 3 + 64),
        Compression::new(6),
    );
    e.write_all(bytes).expect("writing to a Vec cannot fail");
    e.finish().expect("writing to a Vec cannot fail")
}

fn encode_term(out: &mut Vec<u8>, t: &TermPostings) {
    bytes_with_len(out, &t.term);
    out.push(t.variants.len() as u8);
    for v in &t.variants {
        bytes_with_len(out, v);
    }
    varint(out, t.df as u64);
    varint(out, t.postings.len() as u64);
    let with_mask = t.variants.len() > 1;
    let mut block = Vec::with_capacity(t.postings.len() * 3);
    let mut prev = 0u32;
    for &(doc, impact, mask) in &t.postings {
        varint(&mut block, (doc - prev) as u64);
        prev = doc;
        block.push(impact);
        if with_mask {
            block.push(mask);
        }
    }
    varint(out, block.len() as u64);
    out.extend_from_slice(&block);
}

/// Every term encoded once, back to back: the total size chooses the shard count, and the
/// shards are then cut from these bytes without encoding again.
pub struct EncodedTerms {
    bytes: Vec<u8>,
    /// End offset of each term's entry in `bytes`.
    ends: Vec<usize>,
}

pub fn encode_terms(terms: &[TermPostings]) -> EncodedTerms {
    let mut bytes = Vec::new();
    let mut ends = Vec::with_capacity(terms.len());
    for t in terms {
        encode_term(&mut bytes, t);
        ends.push(bytes.len());
    }
    EncodedTerms { bytes, ends }
}

impl EncodedTerms {
    /// Raw size of all terms.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// Raw (uncompressed) shard contents: a term goes to shard `fnv1a32(term) % shards`, in
    /// the order of `terms` (the same slice that was encoded, sorted by term).
    pub fn shards(&self, terms: &[TermPostings], shards: usize) -> Vec<Vec<u8>> {
        let mut out = vec![Vec::new(); shards];
        let mut start = 0;
        for (t, &end) in terms.iter().zip(&self.ends) {
            out[(fnv1a32(&t.term) as usize) % shards].extend_from_slice(&self.bytes[start..end]);
            start = end;
        }
        out
    }
}

/// First `max` characters of a text at a word boundary, white space collapsed.
pub fn excerpt(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(max + 4);
    let mut count = 0;
    for word in text.split_whitespace() {
        let n = word.chars().count();
        if count + n > max && count > 0 {
            out.push('…');
            break;
        }
        if count > 0 {
            out.push(' ');
            count += 1;
        }
        out.push_str(word);
        count += n;
    }
    out
}

/// JSON of one metadata group: the pages it touches once, then one row per document
/// `[page index, anchor, heading, excerpt]` (anchor and heading empty for a page hit).
pub fn encode_group(docs: &[SearchDoc], pages: &[PageFacts], excerpt_chars: usize) -> Vec<u8> {
    let mut page_rows: Vec<serde_json::Value> = Vec::new();
    let mut page_index: BTreeMap<usize, usize> = BTreeMap::new();
    let mut rows = Vec::with_capacity(docs.len());
    for d in docs {
        let next = page_index.len();
        let pi = *page_index.entry(d.item).or_insert_with(|| {
            let p = &pages[d.item];
            page_rows.push(serde_json::json!([
                p.url,
                p.title,
                p.so_ky_hieu,
                p.date,
                p.loai
            ]));
            next
        });
        let heading = if d.anchor.is_some() {
            d.title.as_str()
        } else {
            ""
        };
        rows.push(serde_json::json!([
            pi,
            d.anchor.as_deref().unwrap_or(""),
            heading,
            excerpt(&d.body, excerpt_chars)
        ]));
    }
    serde_json::to_vec(&serde_json::json!({ "p": page_rows, "d": rows })).expect("JSON of strings")
}

/// Sorted document ids as runs `varint gap-from-previous-run-end, varint run length`.
pub fn encode_runs(docs: &[u32]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut prev_end = 0u32;
    while i < docs.len() {
        let start = docs[i];
        let mut j = i + 1;
        while j < docs.len() && docs[j] == docs[j - 1] + 1 {
            j += 1;
        }
        varint(&mut out, (start - prev_end) as u64);
        varint(&mut out, (j - i) as u64);
        prev_end = start + (j - i) as u32;
        i = j;
    }
    out
}

/// Short content hash naming a build's immutable directory.
pub fn build_id<'a>(files: impl Iterator<Item = &'a [u8]>) -> String {
    let mut h = Sha256::new();
    for f in files {
        h.update((f.len() as u64).to_le_bytes());
        h.update(f);
    }
    h.finalize()
        .iter()
        .take(6)
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_and_runs_round_trip_by_hand() {
        let mut v = Vec::new();
        varint(&mut v, 300);
        assert_eq!(v, [0xac, 0x02]);
        assert_eq!(encode_runs(&[2, 3, 4, 9, 11, 12]), [2, 3, 4, 1, 1, 2]);
    }

    #[test]
    fn excerpts_cut_at_word_boundaries() {
        assert_eq!(excerpt("Một  hai\nba bốn", 8), "Một hai…");
        assert_eq!(excerpt("ngắn", 80), "ngắn");
    }

    #[test]
    fn fnv_matches_the_reference_values() {
        assert_eq!(fnv1a32(""), 0x811c9dc5);
        assert_eq!(fnv1a32("a"), 0xe40c292c);
    }
}
