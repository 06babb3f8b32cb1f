//! From search documents to ranked posting lists: term extraction per field (folded syllables,
//! adjacent-syllable bigrams, document-number terms, each with its exact spellings), BM25F
//! impacts computed at build time, and impact tiering (each term keeps only its best `top_k`
//! documents). The client then only adds up stored impacts: no lengths or document
//! frequencies have to travel to the browser.

use super::docs::SearchDoc;
use super::text::{article_term, doc_numbers, exact_form, for_each_syllable, syllables};
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

#[derive(Default)]
struct TermInfo {
    name: String,
    /// Spellings (exact syllable ids) in first-seen order with their counts; a posting's
    /// mask indexes this list.
    variants: Vec<(u32, u32)>,
    df: u32,
    body_only_docs: u32,
}

/// Interned syllables and terms. Terms are keyed by integers (`term_key`), so the hot loop
/// hashes a `u64` per occurrence instead of building and hashing strings.
#[derive(Default)]
struct Vocabulary {
    /// Exact syllable → (exact id, folded id).
    exact: HashMap<Box<str>, (u32, u32), FastHash>,
    exact_names: Vec<Box<str>>,
    folded: HashMap<Box<str>, u32, FastHash>,
    folded_names: Vec<Box<str>>,
    /// Document-number and article terms (`#…`).
    special: HashMap<String, u32, FastHash>,
    special_names: Vec<String>,
    ids: HashMap<u64, u32, FastHash>,
    terms: Vec<TermInfo>,
}

const UNIGRAM: u64 = 0;
const BIGRAM: u64 = 1 << 62;
const SPECIAL: u64 = 2 << 62;

impl Vocabulary {
    /// (exact id, folded id) of an exact-form syllable.
    fn syllable(&mut self, exact: &str) -> (u32, u32) {
        if let Some(&ids) = self.exact.get(exact) {
            return ids;
        }
        let folded = super::text::fold(exact);
        let fid = match self.folded.get(folded.as_str()) {
            Some(&f) => f,
            None => {
                let f = self.folded_names.len() as u32;
                self.folded_names.push(folded.as_str().into());
                self.folded.insert(folded.into(), f);
                f
            }
        };
        let ids = (self.exact_names.len() as u32, fid);
        self.exact_names.push(exact.into());
        self.exact.insert(exact.into(), ids);
        ids
    }

    fn special_key(&mut self, term: &str) -> u64 {
        if let Some(&id) = self.special.get(term) {
            return SPECIAL | id as u64;
        }
        let id = self.special_names.len() as u32;
        self.special_names.push(term.to_string());
        self.special.insert(term.to_string(), id);
        SPECIAL | id as u64
    }

    fn name_of(&self, key: u64) -> String {
        let id = (key & ((1 << 31) - 1)) as usize;
        match key & (3 << 62) {
            UNIGRAM => self.folded_names[id].to_string(),
            BIGRAM => format!(
                "{} {}",
                self.folded_names[((key >> 31) & ((1 << 31) - 1)) as usize],
                self.folded_names[id]
            ),
            _ => unreachable!("special terms are named from their own list"),
        }
    }

    fn id(&mut self, key: u64) -> u32 {
        if let Some(&id) = self.ids.get(&key) {
            return id;
        }
        let id = self.terms.len() as u32;
        self.ids.insert(key, id);
        let name = if key & (3 << 62) == SPECIAL {
            self.special_names[(key & ((1 << 31) - 1)) as usize].clone()
        } else {
            self.name_of(key)
        };
        self.terms.push(TermInfo {
            name,
            ..Default::default()
        });
        id
    }

    /// Slot (0..64) of exact syllable `exact` among the term's spellings, counting one more
    /// occurrence; slots past 63 share no bit.
    fn variant_slot(&mut self, id: u32, exact: u32) -> Option<u32> {
        let v = &mut self.terms[id as usize].variants;
        let pos = match v.iter().position(|(s, _)| *s == exact) {
            Some(p) => p,
            None => {
                v.push((exact, 0));
                v.len() - 1
            }
        };
        v[pos].1 += 1;
        (pos < 64).then_some(pos as u32)
    }
}

/// Per-document counts of one term.
#[derive(Clone, Copy, Default)]
struct Counts {
    tf: [u16; FIELDS],
    mask: u64,
}

struct DocTerms {
    len: [u32; FIELDS],
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

/// Adds one field's terms to `acc`; returns the field length in syllables.
/// No spelling recorded for an occurrence (bigrams, document numbers).
const NO_SPELLING: u32 = u32::MAX;

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
    fn write_u8(&mut self, b: u8) {
        self.add(b as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl FxHasher {
    fn add(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

/// One occurrence: term key, field, exact spelling id (or `NO_SPELLING`).
type Occurrence = (u64, u8, u32);

/// Appends one field's occurrences; returns the field length in syllables.
fn add_field(vocab: &mut Vocabulary, field: usize, text: &str, occ: &mut Vec<Occurrence>) -> u32 {
    let exact = exact_form(text);
    let f = field as u8;
    let mut prev: Option<u32> = None;
    let mut count = 0;
    for_each_syllable(&exact, |syl, joined| {
        let (eid, fid) = vocab.syllable(syl);
        occ.push((UNIGRAM | fid as u64, f, eid));
        if let (true, Some(p)) = (joined, prev) {
            occ.push((BIGRAM | (p as u64) << 31 | fid as u64, f, NO_SPELLING));
        }
        prev = Some(fid);
        count += 1;
    });
    let mut special = |vocab: &mut Vocabulary, t: String| {
        let key = vocab.special_key(&t);
        occ.push((key, f, NO_SPELLING));
    };
    if field == TITLE {
        if let Some(t) = article_term(&syllables(&exact)) {
            special(vocab, t);
        }
    }
    if exact.bytes().any(|b| b == b'/' || b == b'-') {
        for n in doc_numbers(&super::text::fold(&exact)) {
            for t in n.terms() {
                special(vocab, t);
            }
        }
    }
    count
}

/// Counts one document's terms: field frequencies and the mask of spellings seen.
fn count_doc(vocab: &mut Vocabulary, doc: &SearchDoc, occ: &mut Vec<Occurrence>) -> DocTerms {
    occ.clear();
    let mut len = [0u32; FIELDS];
    for (f, text) in field_texts(doc).into_iter().enumerate() {
        if !text.is_empty() {
            len[f] = add_field(vocab, f, text, occ);
        }
    }
    // Stable: spellings of a term are then met in text order, as slots are assigned.
    occ.sort_by_key(|o| o.0);
    let mut terms = Vec::new();
    let mut i = 0;
    while i < occ.len() {
        let key = occ[i].0;
        let id = vocab.id(key);
        let mut c = Counts::default();
        while i < occ.len() && occ[i].0 == key {
            let (_, field, spelling) = occ[i];
            c.tf[field as usize] = c.tf[field as usize].saturating_add(1);
            if spelling != NO_SPELLING {
                if let Some(slot) = vocab.variant_slot(id, spelling) {
                    c.mask |= 1 << slot;
                }
            }
            i += 1;
        }
        let info = &mut vocab.terms[id as usize];
        info.df += 1;
        if c.tf[..BODY].iter().all(|&t| t == 0) {
            info.body_only_docs += 1;
        }
        terms.push((id, c));
    }
    DocTerms { len, terms }
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
            let (mut vocab, mut occ) = (Vocabulary::default(), Vec::new());
            let counted: Vec<DocTerms> = chunk
                .iter()
                .map(|d| count_doc(&mut vocab, d, &mut occ))
                .collect();
            (vocab, counted)
        })
        .collect::<Vec<_>>()
        .into_iter();
    let (mut vocab, mut counted) = parts.next().unwrap_or_default();
    for (other, docs) in parts {
        merge_part(&mut vocab, other, docs, &mut counted);
    }
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
    let folded: Vec<u64> = other
        .folded_names
        .iter()
        .map(|f| vocab.syllable(f).1 as u64)
        .collect();
    let special: Vec<u64> = other
        .special_names
        .iter()
        .map(|t| vocab.special_key(t))
        .collect();
    let low = |k: u64| (k & ((1 << 31) - 1)) as usize;
    let mut term_map = vec![0u32; other.terms.len()];
    let mut slot_maps: Vec<Vec<Option<u32>>> = Vec::with_capacity(other.terms.len());
    let mut keys: Vec<(u64, u32)> = other.ids.iter().map(|(&k, &id)| (k, id)).collect();
    keys.sort_unstable_by_key(|&(_, id)| id);
    for (key, id) in keys {
        let mapped = match key & (3 << 62) {
            UNIGRAM => UNIGRAM | folded[low(key)],
            BIGRAM => BIGRAM | folded[low(key >> 31)] << 31 | folded[low(key)],
            _ => special[low(key)],
        };
        let to = vocab.id(mapped);
        term_map[id as usize] = to;
        let info = &other.terms[id as usize];
        let slots = info
            .variants
            .iter()
            .map(|&(e, n)| {
                let slot = vocab.variant_slot(to, exact[e as usize]);
                vocab.terms[to as usize]
                    .variants
                    .iter_mut()
                    .find(|v| v.0 == exact[e as usize])
                    .expect("just added")
                    .1 += n - 1;
                slot
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
            let mut mask = 0u64;
            for (bit, slot) in slots.iter().enumerate().take(64) {
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
    let (vocab, counted) = count_docs(docs);
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
    let mut lists: Vec<Vec<(u32, f32, u64)>> = vec![Vec::new(); vocab.terms.len()];
    for (doc, d) in counted.iter().enumerate() {
        for (id, c) in &d.terms {
            if keep[*id as usize] {
                let impact = idfs[*id as usize] * bm25f_tf(p, c, &d.len, &avg);
                lists[*id as usize].push((doc as u32, impact, c.mask));
            }
        }
    }
    drop(counted);
    let max = lists
        .iter()
        .flatten()
        .map(|x| x.1)
        .fold(0f32, f32::max)
        .max(f32::MIN_POSITIVE);
    let mut out = Vec::with_capacity(lists.len());
    for (id, mut list) in lists.into_iter().enumerate() {
        if list.is_empty() {
            continue;
        }
        let info = &vocab.terms[id];
        if list.len() > p.top_k {
            list.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            list.truncate(p.top_k);
            list.sort_unstable_by_key(|x| x.0);
        }
        let seen: Vec<(String, u32)> = info
            .variants
            .iter()
            .map(|&(e, n)| (vocab.exact_names[e as usize].to_string(), n))
            .collect();
        let (variants, remap) = rank_variants(&info.name, &seen);
        let postings = list
            .iter()
            .map(|&(doc, imp, mask)| (doc, quantise(imp, max), remap_mask(mask, &remap)))
            .collect();
        out.push(TermPostings {
            term: info.name.clone(),
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
fn rank_variants(term: &str, seen: &[(String, u32)]) -> (Vec<String>, Vec<Option<u8>>) {
    let plain = seen.len() <= 1 && seen.first().is_none_or(|(s, _)| s == term);
    if plain || kind_of(term) == TermKind::Bigram {
        return (Vec::new(), vec![None; seen.len()]);
    }
    let mut order: Vec<usize> = (0..seen.len()).collect();
    order.sort_by(|&a, &b| seen[b].1.cmp(&seen[a].1).then(a.cmp(&b)));
    order.truncate(MAX_VARIANTS);
    let mut remap = vec![None; seen.len()];
    for (bit, &slot) in order.iter().enumerate() {
        remap[slot] = Some(bit as u8);
    }
    (order.iter().map(|&i| seen[i].0.clone()).collect(), remap)
}

fn remap_mask(mask: u64, remap: &[Option<u8>]) -> u8 {
    let mut out = 0u8;
    for (slot, bit) in remap.iter().enumerate().take(64) {
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
