//! From search documents to ranked posting lists: term extraction per field (folded syllables,
//! adjacent-syllable bigrams, document-number terms, each with its exact spellings), BM25F
//! impacts computed at build time, and impact tiering (each term keeps only its best `top_k`
//! documents). The client then only adds up stored impacts: no lengths or document
//! frequencies have to travel to the browser.

use super::docs::SearchDoc;
use super::text::{
    article_term_of, doc_numbers, exact_form, fold, for_each_syllable, for_each_token, Token,
};
use rayon::prelude::*;
use std::collections::HashMap;

/// Fields of a search document, in the order of `Params::weights` / `Params::b`.
pub const FIELDS: usize = 4;
const TITLE: usize = 0;
const CONTEXT: usize = 1;
const NUMBER: usize = 2;
const BODY: usize = 3;

/// At most this many spellings of a term get a bit in the posting's variant mask.
pub const MAX_VARIANTS: usize = 8;

/// Search documents an index can hold: a posting packs its document number into 24 bits
/// (a site of 50,000 items has about 65,000 documents).
pub const MAX_DOCS: usize = 1 << 24;

/// Spellings a term may have before the rest share no bit while counting (a syllable has at
/// most 18 tone and vowel-mark variants; the eight most frequent are kept in the end).
const COUNTED_SPELLINGS: u32 = 32;

/// Ranking knobs. The defaults were chosen on the dev query set (see `tests/search/README.md`).
#[derive(Clone, Debug)]
pub struct Params {
    pub k1: f32,
    /// Field weights: title (page title or section heading), context, number, body.
    pub weights: [f32; FIELDS],
    /// Length normalisation per field.
    pub b: [f32; FIELDS],
    /// Postings kept per term (impact tiering).
    pub top_k: usize,
    /// Drop bigrams that occur in a single document and only in its body.
    pub drop_rare_body_bigrams: bool,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            k1: 1.2,
            weights: [6.0, 1.5, 8.0, 1.0],
            b: [0.5, 0.5, 0.0, 0.85],
            top_k: 256,
            drop_rare_body_bigrams: true,
        }
    }
}

/// Kind of a term; the client weighs them differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TermKind {
    Syllable,
    Bigram,
    Number,
}

pub fn kind_of(term: &str) -> TermKind {
    if term.starts_with('#') {
        TermKind::Number
    } else if term.contains(' ') {
        TermKind::Bigram
    } else {
        TermKind::Syllable
    }
}

/// One term's ranked postings, ready to encode.
#[derive(Debug)]
pub struct TermPostings {
    pub term: String,
    /// Exact spellings, most frequent first; empty when the only spelling is the term itself.
    pub variants: Vec<String>,
    /// Documents containing the term (before tiering).
    pub df: u32,
    /// (doc id, quantised impact 1..=255, variant mask), by doc id.
    pub postings: Vec<(u32, u8, u8)>,
}

/// What a term is, to find it again when per-thread vocabularies are merged.
#[derive(Clone, Copy, Debug, Default)]
enum TermKey {
    /// Document-number and article terms (`#…`), found by name.
    #[default]
    Special,
    /// A folded syllable (its id).
    Unigram(u32),
    /// Two adjacent folded syllables.
    Bigram(u32, u32),
}

#[derive(Default)]
struct TermInfo {
    name: String,
    key: TermKey,
    /// Spellings (exact syllable ids) in first-seen order with their counts; a posting's
    /// mask indexes this list.
    variants: Vec<(u32, u32)>,
    df: u32,
    body_only_docs: u32,
}

/// Absent entry of `Vocabulary::unigram`.
const NONE: u32 = u32::MAX;

/// Interned words, syllables and terms. Each distinct raw word is normalised once
/// (`raw`), unigram terms are found by folded-syllable id and bigrams by an integer key, so
/// the hot loop does one string look-up per word and no allocation.
#[derive(Default)]
struct Vocabulary {
    /// Raw word of a context-free text (`text::is_context_free`) → (exact id, folded id).
    /// Words of up to 15 bytes (nearly all) are keyed inline (`short_key`), so a look-up
    /// compares two integers instead of chasing and comparing a heap string.
    raw_short: HashMap<u128, (u32, u32), FastHash>,
    raw: HashMap<Box<str>, (u32, u32), FastHash>,
    /// Exact syllable → (exact id, folded id).
    exact: HashMap<Box<str>, (u32, u32), FastHash>,
    exact_names: Vec<Box<str>>,
    /// Per exact syllable: its slot among its unigram's spellings (`NONE` until counted) and
    /// its occurrences. A spelling folds to one unigram only, so its id finds its slot.
    spellings: Vec<(u32, u32)>,
    folded: HashMap<Box<str>, u32, FastHash>,
    folded_names: Vec<Box<str>>,
    /// Term id of each folded syllable's unigram, `NONE` until first met.
    unigram: Vec<u32>,
    /// `first folded id << 32 | second` → term id.
    bigram: HashMap<u64, u32, FastHash>,
    /// Name → term id of document-number and article terms.
    special: HashMap<String, u32, FastHash>,
    terms: Vec<TermInfo>,
}

impl Vocabulary {
    /// (exact id, folded id) of an exact-form syllable.
    fn syllable(&mut self, exact: &str) -> (u32, u32) {
        if let Some(&ids) = self.exact.get(exact) {
            return ids;
        }
        let fid = self.folded_id(&super::text::fold(exact));
        let ids = (self.exact_names.len() as u32, fid);
        self.exact_names.push(exact.into());
        self.spellings.push((NONE, 0));
        self.exact.insert(exact.into(), ids);
        ids
    }

    /// (exact id, folded id) of a raw word of a context-free text.
    fn raw_syllable(&mut self, raw: &str) -> (u32, u32) {
        if let Some(key) = short_key(raw) {
            if let Some(&ids) = self.raw_short.get(&key) {
                return ids;
            }
            let ids = self.syllable(&exact_form(raw));
            self.raw_short.insert(key, ids);
            return ids;
        }
        if let Some(&ids) = self.raw.get(raw) {
            return ids;
        }
        let ids = self.syllable(&exact_form(raw));
        self.raw.insert(raw.into(), ids);
        ids
    }

    fn folded_id(&mut self, folded: &str) -> u32 {
        if let Some(&f) = self.folded.get(folded) {
            return f;
        }
        let f = self.folded_names.len() as u32;
        self.folded_names.push(folded.into());
        self.folded.insert(folded.into(), f);
        self.unigram.push(NONE);
        f
    }

    fn new_term(&mut self, name: String, key: TermKey) -> u32 {
        let id = self.terms.len() as u32;
        self.terms.push(TermInfo {
            name,
            key,
            ..Default::default()
        });
        id
    }

    fn unigram_id(&mut self, fid: u32) -> u32 {
        let id = self.unigram[fid as usize];
        if id != NONE {
            return id;
        }
        let name = self.folded_names[fid as usize].to_string();
        let id = self.new_term(name, TermKey::Unigram(fid));
        self.unigram[fid as usize] = id;
        id
    }

    fn bigram_id(&mut self, first: u32, second: u32) -> u32 {
        let key = (first as u64) << 32 | second as u64;
        if let Some(&id) = self.bigram.get(&key) {
            return id;
        }
        let name = format!(
            "{} {}",
            self.folded_names[first as usize], self.folded_names[second as usize]
        );
        let id = self.new_term(name, TermKey::Bigram(first, second));
        self.bigram.insert(key, id);
        id
    }

    fn special_id(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.special.get(name) {
            return id;
        }
        let id = self.new_term(name.to_string(), TermKey::Special);
        self.special.insert(name.to_string(), id);
        id
    }

    /// Slot of exact syllable `exact` among the spellings of its unigram `id`, counting `n`
    /// more occurrences; slots past `COUNTED_SPELLINGS` share no bit.
    fn spelling_slot(&mut self, id: u32, exact: u32, n: u32) -> Option<u32> {
        let (slot, hits) = &mut self.spellings[exact as usize];
        if *slot == NONE {
            let v = &mut self.terms[id as usize].variants;
            *slot = v.len() as u32;
            v.push((exact, 0));
        }
        *hits += n;
        (*slot < COUNTED_SPELLINGS).then_some(*slot)
    }

    /// Copies the occurrences `spelling_slot` counted into the terms' spelling lists.
    fn settle_spelling_counts(&mut self) {
        for t in &mut self.terms {
            for (exact, n) in &mut t.variants {
                *n = self.spellings[*exact as usize].1;
            }
        }
    }
}

/// A string of at most 15 bytes as one integer: its bytes, then its length in the top byte.
fn short_key(s: &str) -> Option<u128> {
    let b = s.as_bytes();
    if b.len() > 15 {
        return None;
    }
    let mut buf = [0u8; 16];
    buf[..b.len()].copy_from_slice(b);
    buf[15] = b.len() as u8;
    Some(u128::from_le_bytes(buf))
}

/// Per-document counts of one term.
#[derive(Clone, Copy, Default)]
struct Counts {
    tf: [u16; FIELDS],
    mask: u32,
}

struct DocTerms {
    len: [u32; FIELDS],
    /// Terms in order of first occurrence.
    terms: Vec<(u32, Counts)>,
}

fn field_texts(doc: &SearchDoc) -> [&str; FIELDS] {
    let mut f = [""; FIELDS];
    f[TITLE] = &doc.title;
    f[CONTEXT] = &doc.context;
    f[NUMBER] = &doc.number;
    f[BODY] = &doc.body;
    f
}

/// FxHash-style hasher: the index keys are short strings and integers hashed millions of
/// times, where SipHash's DoS resistance buys nothing (the input is the site's own content).
#[derive(Clone, Copy, Default)]
pub struct FastHash;

pub struct FxHasher(u64);

impl std::hash::BuildHasher for FastHash {
    type Hasher = FxHasher;
    fn build_hasher(&self) -> FxHasher {
        FxHasher(0)
    }
}

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        for &b in chunks.remainder() {
            self.add(b as u64);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.add(v);
    }
    fn write_u128(&mut self, v: u128) {
        self.add(v as u64);
        self.add((v >> 64) as u64);
    }
    fn write_u8(&mut self, b: u8) {
        self.add(b as u64);
    }
    fn finish(&self) -> u64 {
        // The table index comes from the low bits, which a multiply mixes poorly: without the
        // rotation every bigram `x luat` would start probing at the same bucket.
        self.0.rotate_left(26)
    }
}

impl FxHasher {
    fn add(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

/// Per-thread state of the counting loop, reused from document to document.
#[derive(Default)]
struct Counter {
    vocab: Vocabulary,
    /// Per term id: the document (`doc_stamp`) it was last counted in, and its index in that
    /// document's term list, so a document's terms are gathered without sorting or hashing
    /// (one pair, so one cache line answers both).
    seen: Vec<(u32, u32)>,
    doc_stamp: u32,
    terms: Vec<(u32, Counts)>,
    /// Folded text of the current field's space-separated chunks that hold a `/`, each after a
    /// space: the only places a document number can be (`doc_numbers` needs the slash and
    /// matches no white space), so the pattern scans a few bytes instead of the whole body.
    folded: String,
    /// The chunk being read, and whether it has a slash.
    chunk: String,
    chunk_slash: bool,
}

impl Counter {
    /// Counts one document's terms: field frequencies and the mask of spellings seen.
    fn count_doc(&mut self, doc: &SearchDoc) -> DocTerms {
        self.doc_stamp += 1;
        self.terms.clear();
        let mut len = [0u32; FIELDS];
        for (f, text) in field_texts(doc).into_iter().enumerate() {
            if !text.is_empty() {
                len[f] = self.add_field(f, text);
            }
        }
        for (id, c) in &self.terms {
            let info = &mut self.vocab.terms[*id as usize];
            info.df += 1;
            if c.tf[..BODY].iter().all(|&t| t == 0) {
                info.body_only_docs += 1;
            }
        }
        DocTerms {
            len,
            terms: self.terms.clone(),
        }
    }

    /// One occurrence of term `id` in `field`, spelled `spelling` (exact id) when it has one.
    fn hit(&mut self, id: u32, field: usize, spelling: Option<u32>) {
        let i = id as usize;
        if i >= self.seen.len() {
            self.seen.resize(self.vocab.terms.len().max(i + 1), (0, 0));
        }
        let (last_doc, at) = &mut self.seen[i];
        if *last_doc != self.doc_stamp {
            *last_doc = self.doc_stamp;
            *at = self.terms.len() as u32;
            self.terms.push((id, Counts::default()));
        }
        let at = *at as usize;
        let slot = spelling.and_then(|e| self.vocab.spelling_slot(id, e, 1));
        let c = &mut self.terms[at].1;
        c.tf[field] = c.tf[field].saturating_add(1);
        if let Some(s) = slot {
            c.mask |= 1 << s;
        }
    }

    /// Adds one field's terms (syllables, bigrams of joined syllables, then the article and
    /// document-number terms); returns the field length in syllables.
    fn add_field(&mut self, field: usize, text: &str) -> u32 {
        let mut state = FieldState::default();
        // A document number always has a `/` (`doc_numbers`), and exact forms keep it.
        let numbers = text.contains('/');
        self.folded.clear();
        if super::text::is_context_free(text) {
            for_each_token(text, |t| match t {
                Token::Word(raw, joined) => {
                    let ids = self.vocab.raw_syllable(raw);
                    self.syllable(field, ids, joined, &mut state);
                    if numbers {
                        self.chunk
                            .push_str(&self.vocab.folded_names[ids.1 as usize]);
                    }
                }
                Token::Separator(c) if numbers => {
                    if c.is_whitespace() {
                        self.end_chunk();
                    } else if c.is_ascii() {
                        self.chunk_slash |= c == '/';
                        self.chunk.push(c);
                    } else {
                        let folded = fold(c.encode_utf8(&mut [0; 4]));
                        self.chunk_slash |= folded.contains('/');
                        self.chunk.push_str(&folded);
                    }
                }
                Token::Separator(_) => {}
            });
            self.end_chunk();
        } else {
            let exact = exact_form(text);
            for_each_syllable(&exact, |syl, joined| {
                let ids = self.vocab.syllable(syl);
                self.syllable(field, ids, joined, &mut state);
            });
            if numbers {
                self.folded = fold(&exact);
            }
        }
        if field == TITLE {
            if let [Some((first, _)), Some((second, joined))] = state.first_two {
                let names = &self.vocab.folded_names;
                if let Some(t) =
                    article_term_of(&names[first as usize], &names[second as usize], joined)
                {
                    let id = self.vocab.special_id(&t);
                    self.hit(id, field, None);
                }
            }
        }
        if numbers {
            let folded = std::mem::take(&mut self.folded);
            for n in doc_numbers(&folded) {
                for t in n.terms() {
                    let id = self.vocab.special_id(&t);
                    self.hit(id, field, None);
                }
            }
            self.folded = folded;
        }
        state.count
    }

    /// Keeps the chunk just read for the document-number scan when it has a slash.
    fn end_chunk(&mut self) {
        if self.chunk_slash {
            self.folded.push(' ');
            self.folded.push_str(&self.chunk);
        }
        self.chunk.clear();
        self.chunk_slash = false;
    }

    fn syllable(&mut self, field: usize, (eid, fid): (u32, u32), joined: bool, s: &mut FieldState) {
        let id = self.vocab.unigram_id(fid);
        self.hit(id, field, Some(eid));
        if let (true, Some(p)) = (joined, s.prev) {
            let id = self.vocab.bigram_id(p, fid);
            self.hit(id, field, None);
        }
        if (s.count as usize) < 2 {
            s.first_two[s.count as usize] = Some((fid, joined));
        }
        s.prev = Some(fid);
        s.count += 1;
    }
}

/// Running state of one field's syllables.
#[derive(Default)]
struct FieldState {
    prev: Option<u32>,
    count: u32,
    /// (folded id, joined) of the first two syllables, for the article term.
    first_two: [Option<(u32, bool)>; 2],
}

/// Counts every document, one contiguous part per thread, each with its own vocabulary,
/// then merges the vocabularies in document order: spellings keep their first-seen order,
/// so the result is the same as counting sequentially.
fn count_docs(docs: &[SearchDoc]) -> (Vocabulary, Vec<DocTerms>) {
    let part = docs
        .len()
        .div_ceil(rayon::current_num_threads().max(1))
        .max(1);
    let mut parts = docs
        .par_chunks(part)
        .map(|chunk| {
            let mut counter = Counter::default();
            let counted: Vec<DocTerms> = chunk.iter().map(|d| counter.count_doc(d)).collect();
            (counter.vocab, counted)
        })
        .collect::<Vec<_>>()
        .into_iter();
    let (mut vocab, mut counted) = parts.next().unwrap_or_default();
    for (other, docs) in parts {
        merge_part(&mut vocab, other, docs, &mut counted);
    }
    vocab.settle_spelling_counts();
    (vocab, counted)
}

/// Folds `other` (the vocabulary and counts of later documents) into `vocab`.
fn merge_part(
    vocab: &mut Vocabulary,
    other: Vocabulary,
    docs: Vec<DocTerms>,
    counted: &mut Vec<DocTerms>,
) {
    let exact: Vec<u32> = other
        .exact_names
        .iter()
        .map(|e| vocab.syllable(e).0)
        .collect();
    let folded: Vec<u32> = other
        .folded_names
        .iter()
        .map(|f| vocab.folded_id(f))
        .collect();
    let mut term_map = Vec::with_capacity(other.terms.len());
    let mut slot_maps: Vec<Vec<Option<u32>>> = Vec::with_capacity(other.terms.len());
    for info in &other.terms {
        let to = match info.key {
            TermKey::Unigram(f) => vocab.unigram_id(folded[f as usize]),
            TermKey::Bigram(a, b) => vocab.bigram_id(folded[a as usize], folded[b as usize]),
            TermKey::Special => vocab.special_id(&info.name),
        };
        term_map.push(to);
        let slots = info
            .variants
            .iter()
            .map(|&(e, _)| {
                let hits = other.spellings[e as usize].1;
                vocab.spelling_slot(to, exact[e as usize], hits)
            })
            .collect();
        slot_maps.push(slots);
        let target = &mut vocab.terms[to as usize];
        target.df += info.df;
        target.body_only_docs += info.body_only_docs;
    }
    for mut d in docs {
        for (id, c) in &mut d.terms {
            let slots = &slot_maps[*id as usize];
            let mut mask = 0u32;
            for (bit, slot) in slots.iter().enumerate().take(COUNTED_SPELLINGS as usize) {
                if let (true, Some(s)) = (c.mask & (1 << bit) != 0, slot) {
                    mask |= 1 << s;
                }
            }
            c.mask = mask;
            *id = term_map[*id as usize];
        }
        counted.push(d);
    }
}

/// BM25F term-frequency part: weighted, length-normalised pseudo frequency, saturated.
fn bm25f_tf(p: &Params, c: &Counts, len: &[u32; FIELDS], avg: &[f32; FIELDS]) -> f32 {
    let mut tf = 0.0;
    for f in 0..FIELDS {
        if c.tf[f] > 0 {
            let norm = 1.0 - p.b[f] + p.b[f] * len[f] as f32 / avg[f].max(1.0);
            tf += p.weights[f] * c.tf[f] as f32 / norm;
        }
    }
    tf / (p.k1 + tf)
}

fn idf(n: u32, df: u32) -> f32 {
    (1.0 + (n as f32 - df as f32 + 0.5) / (df as f32 + 0.5)).ln()
}

/// `impact / max` on a square-root scale, so small impacts keep some resolution.
fn quantise(impact: f32, max: f32) -> u8 {
    ((impact / max).sqrt() * 255.0).round().clamp(1.0, 255.0) as u8
}

/// Ranked, tiered postings of every term, sorted by term.
pub fn build_postings(docs: &[SearchDoc], p: &Params) -> (Vec<TermPostings>, f32) {
    let (mut vocab, counted) = count_docs(docs);
    let n = docs.len() as u32;
    let mut avg = [0f32; FIELDS];
    for d in &counted {
        for (a, len) in avg.iter_mut().zip(d.len) {
            *a += len as f32;
        }
    }
    for a in &mut avg {
        *a /= n.max(1) as f32;
    }
    let keep: Vec<bool> = vocab
        .terms
        .iter()
        .map(|t| {
            !(p.drop_rare_body_bigrams
                && t.df == 1
                && t.body_only_docs == 1
                && kind_of(&t.name) == TermKind::Bigram)
        })
        .collect();
    let idfs: Vec<f32> = vocab.terms.iter().map(|t| idf(n, t.df)).collect();
    // Spellings are final once every document is counted, so each posting gets its stored
    // variant bits while the array is filled (one byte instead of the counting mask).
    let exact_names = &vocab.exact_names;
    let spellings: Vec<(Vec<String>, Vec<Option<u8>>)> = vocab
        .terms
        .par_iter()
        .map(|info| rank_variants(&info.name, &info.variants, exact_names))
        .collect();
    // Every posting list in one array (a term has exactly `df` postings before tiering), so
    // filling it neither reallocates nor scatters millions of small vectors.
    let mut start = Vec::with_capacity(vocab.terms.len() + 1);
    let mut total = 0usize;
    for (t, &k) in vocab.terms.iter().zip(&keep) {
        start.push(total);
        total += if k { t.df as usize } else { 0 };
    }
    start.push(total);
    let mut fill = start.clone();
    // (document << 8 | variant mask, impact): 8 bytes a posting, so ordering by the first
    // field orders by document. Fresh memory is expensive (the kernel zeroes it on first
    // touch), and this array is the largest the index allocates.
    assert!(
        docs.len() <= MAX_DOCS,
        "at most {MAX_DOCS} search documents"
    );
    let mut flat = vec![(0u32, 0f32); total];
    for (doc, d) in counted.iter().enumerate() {
        for (id, c) in &d.terms {
            let id = *id as usize;
            if keep[id] {
                let impact = idfs[id] * bm25f_tf(p, c, &d.len, &avg);
                let mask = remap_mask(c.mask, &spellings[id].1);
                flat[fill[id]] = ((doc as u32) << 8 | mask as u32, impact);
                fill[id] += 1;
            }
        }
    }
    drop(counted);
    let max = flat
        .iter()
        .map(|x| x.1)
        .fold(0f32, f32::max)
        .max(f32::MIN_POSITIVE);
    let mut out = Vec::with_capacity(vocab.terms.len());
    for (id, (variants, _)) in spellings.into_iter().enumerate() {
        let mut list = &mut flat[start[id]..start[id + 1]];
        if list.is_empty() {
            continue;
        }
        let info = &mut vocab.terms[id];
        if list.len() > p.top_k {
            // The best `top_k` by impact (ties: the lower document), then back in document
            // order; selecting them costs linear time where sorting the whole list did not.
            list.select_nth_unstable_by(p.top_k.max(1) - 1, |a, b| {
                b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
            });
            list = &mut list[..p.top_k];
            list.sort_unstable_by_key(|x| x.0);
        }
        let postings = list
            .iter()
            .map(|&(doc_mask, imp)| (doc_mask >> 8, quantise(imp, max), doc_mask as u8))
            .collect();
        out.push(TermPostings {
            term: std::mem::take(&mut info.name),
            variants,
            df: info.df,
            postings,
        });
    }
    out.sort_unstable_by(|a, b| a.term.cmp(&b.term));
    (out, max)
}

/// The `MAX_VARIANTS` most frequent spellings and, per first-seen slot, its new bit (or none).
/// A term whose only spelling is itself (plain ASCII) stores no variants.
/// Bigrams keep no spellings: the exact-diacritic evidence comes from their syllables, and
/// bigram masks were a quarter of the index.
fn rank_variants(
    term: &str,
    seen: &[(u32, u32)],
    exact_names: &[Box<str>],
) -> (Vec<String>, Vec<Option<u8>>) {
    let plain = seen.len() <= 1
        && seen
            .first()
            .is_none_or(|(e, _)| *exact_names[*e as usize] == *term);
    if plain || kind_of(term) == TermKind::Bigram {
        return (Vec::new(), Vec::new());
    }
    let mut order: Vec<usize> = (0..seen.len()).collect();
    order.sort_by(|&a, &b| seen[b].1.cmp(&seen[a].1).then(a.cmp(&b)));
    order.truncate(MAX_VARIANTS);
    let mut remap = vec![None; seen.len()];
    for (bit, &slot) in order.iter().enumerate() {
        remap[slot] = Some(bit as u8);
    }
    let names = order
        .iter()
        .map(|&i| exact_names[seen[i].0 as usize].to_string());
    (names.collect(), remap)
}

fn remap_mask(mask: u32, remap: &[Option<u8>]) -> u8 {
    let mut out = 0u8;
    for (slot, bit) in remap.iter().enumerate().take(COUNTED_SPELLINGS as usize) {
        if let Some(b) = bit {
            if mask & (1 << slot) != 0 {
                out |= 1 << b;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(title: &str, body: &str) -> SearchDoc {
        SearchDoc {
            title: title.into(),
            body: body.into(),
            ..Default::default()
        }
    }

    fn find<'a>(t: &'a [TermPostings], term: &str) -> &'a TermPostings {
        t.iter()
            .find(|x| x.term == term)
            .unwrap_or_else(|| panic!("no term {term}"))
    }

    #[test]
    fn folded_terms_keep_exact_spellings_as_variant_bits() {
        let docs = [
            doc("Luật Đất đai", "đất đai và nhà ở"),
            doc("Đại hội", "đạt chỉ tiêu đại hội"),
        ];
        let (t, _) = build_postings(&docs, &Params::default());
        let dai = find(&t, "dai");
        assert_eq!(dai.variants.len(), 2, "{:?}", dai.variants);
        assert_eq!(dai.df, 2);
        let bit_of = |s: &str| 1u8 << dai.variants.iter().position(|v| v == s).unwrap();
        assert_eq!(dai.postings[0].2, bit_of("đai"));
        assert_eq!(dai.postings[1].2, bit_of("đại"));
        assert!(find(&t, "dat dai").postings.len() == 1);
        assert!(find(&t, "dat dai").variants.is_empty());
        assert!(find(&t, "luat").variants == ["luật"]);
    }

    #[test]
    fn title_matches_outrank_body_matches_and_tiering_keeps_the_best() {
        let mut docs: Vec<SearchDoc> = (0..10)
            .map(|i| doc(&format!("Mục {i}"), "hòa giải ở cơ sở"))
            .collect();
        docs.push(doc("Hòa giải ở cơ sở", "quy định chung"));
        let p = Params {
            top_k: 3,
            ..Params::default()
        };
        let (t, _) = build_postings(&docs, &p);
        let hg = find(&t, "hoa giai");
        assert_eq!(hg.df, 11);
        assert_eq!(hg.postings.len(), 3);
        let best = hg.postings.iter().max_by_key(|x| x.1).unwrap();
        assert_eq!(best.0, 10);
    }

    #[test]
    fn document_numbers_become_terms_and_long_bodies_are_normalised() {
        let mut long = "khác ".repeat(400);
        long.push_str("đất");
        let docs = [
            SearchDoc {
                number: "471/QĐ-TTg".into(),
                ..doc("Quyết định", "")
            },
            doc("Một", "đất"),
            doc("Hai", &long),
        ];
        let (t, _) = build_postings(&docs, &Params::default());
        assert_eq!(find(&t, "#471/qd-ttg").postings[0].0, 0);
        assert!(find(&t, "#qd-ttg").df == 1);
        let dat = find(&t, "dat");
        assert!(dat.postings[0].1 > dat.postings[1].1, "{:?}", dat.postings);
    }

    #[test]
    fn document_numbers_are_found_inside_body_text() {
        let body = "Căn cứ Luật số 45/2019/QH14 (sửa đổi), Nghị định 100/2019/NĐ-CP; \
                    năm 12/ 2020, mục 3/4 và Quyết định\u{a0}7/2021.";
        let (t, _) = build_postings(&[doc("Văn bản", body)], &Params::default());
        let numbers: Vec<&str> = t
            .iter()
            .map(|x| x.term.as_str())
            .filter(|x| x.starts_with('#'))
            .collect();
        assert_eq!(
            numbers,
            [
                "#100/2019",
                "#100/nd-cp",
                "#45/2019",
                "#45/qh14",
                "#7/2021",
                "#nd-cp",
                "#qh14"
            ]
        );
    }

    #[test]
    fn counting_in_parallel_parts_gives_the_sequential_result() {
        let texts = [
            "Hòa giải ở cơ sở",
            "hoà giải viên; Đất đai",
            "đất đai, đại hội",
            "Điều 5. Hòa giải",
            "471/QĐ-TTg và đất",
        ];
        let docs: Vec<SearchDoc> = (0..40)
            .map(|i| doc(texts[i % 5], texts[(i * 3 + 1) % 5]))
            .collect();
        let run = |threads| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            pool.install(|| build_postings(&docs, &Params::default()).0)
        };
        let flat = |t: Vec<TermPostings>| {
            t.into_iter()
                .map(|x| (x.term, x.variants, x.df, x.postings))
                .collect::<Vec<_>>()
        };
        let one = flat(run(1));
        assert!(
            one.iter().any(|t| t.0 == "hoa" && t.1.len() == 1),
            "hoà is stored as hòa"
        );
        assert_eq!(one, flat(run(3)));
    }
}
