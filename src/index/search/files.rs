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
use flate2::{Compress, Compression, Crc, FlushCompress, Status};
use sha2::{Digest, Sha256};
use std::cell::RefCell;
use std::collections::BTreeMap;

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
    thread_local! {
        static DEFLATE: RefCell<Compress> = RefCell::new(Compress::new(GZIP_LEVEL, false));
    }
    DEFLATE.with_borrow_mut(|deflate| gzip_with(deflate, GZIP_LEVEL, bytes))
}

/// `gzip` at the fastest level, for the term shards: their varints and impact bytes have few
/// long repeats, so level 6 saved under 1 % of their size for three times the time.
pub fn gzip_fast(bytes: &[u8]) -> Vec<u8> {
    thread_local! {
        static DEFLATE: RefCell<Compress> = RefCell::new(Compress::new(Compression::fast(), false));
    }
    DEFLATE.with_borrow_mut(|deflate| gzip_with(deflate, Compression::fast(), bytes))
}

/// A gzip member as `flate2::write::GzEncoder` writes it, from a compressor kept per thread
/// and reset between files: a fresh one allocates and clears ~300 KB of tables, which cost
/// more than compressing a 4 KB shard.
fn gzip_with(deflate: &mut Compress, level: Compression, bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() / 3 + 64);
    out.extend_from_slice(&gzip_header(level));
    deflate.reset();
    loop {
        out.reserve(bytes.len() / 8 + 64);
        let done = deflate.total_in() as usize;
        let status = deflate
            .compress_vec(&bytes[done..], &mut out, FlushCompress::Finish)
            .expect("deflating into memory cannot fail");
        if status == Status::StreamEnd {
            break;
        }
    }
    let mut crc = Crc::new();
    crc.update(bytes);
    out.extend_from_slice(&crc.sum().to_le_bytes());
    out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    out
}

const GZIP_LEVEL: Compression = Compression::new(6);

/// No name, no time stamp, OS unknown; the extra-flags byte says fastest or best as gzip(1)
/// does.
fn gzip_header(level: Compression) -> [u8; 10] {
    let xfl = if level.level() >= Compression::best().level() {
        2
    } else if level.level() <= Compression::fast().level() {
        4
    } else {
        0
    };
    [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, xfl, 255]
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
    fn gzip_with_a_reused_compressor_writes_what_a_fresh_encoder_writes() {
        use std::io::Write;
        let fresh = |b: &[u8], level| {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), level);
            e.write_all(b).unwrap();
            e.finish().unwrap()
        };
        let long: Vec<u8> = (0..200_000u32)
            .flat_map(|i| (i % 251).to_le_bytes())
            .collect();
        let inputs: [&[u8]; 5] = [
            b"hoa giai hoa giai o co so",
            b"",
            &long,
            b"dat dai",
            &long[..70_000],
        ];
        for input in inputs {
            assert_eq!(
                gzip(input),
                fresh(input, GZIP_LEVEL),
                "{} bytes",
                input.len()
            );
            let fast = fresh(input, Compression::fast());
            assert_eq!(gzip_fast(input), fast, "{} bytes, fast", input.len());
        }
    }

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
