//! From search documents to ranked posting lists: term extraction per field (folded syllables,
//! adjacent-syllable bigrams, document-number terms, each with its exact spellings), BM25F
//! impacts computed at build time, and impact tiering (each term keeps only its best `top_k`
//! documents). The client then only adds up stored impacts: no lengths or document
//! frequencies have to travel to the browser.

use super::docs::SearchDoc;
use super::text::{article_term, doc_numbers, exact_form, syllables};
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
    /// Spellings in first-seen order with their counts; a posting's mask indexes this list.
    variants: Vec<(String, u32)>,
    df: u32,
    body_only_docs: u32,
}

#[derive(Default)]
struct Vocabulary {
    ids: HashMap<String, u32, FastHash>,
    terms: Vec<TermInfo>,
}

impl Vocabulary {
    fn id(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.ids.get(term) {
            return id;
        }
        let id = self.terms.len() as u32;
        self.ids.insert(term.to_string(), id);
        self.terms.push(TermInfo {
            name: term.to_string(),
            ..Default::default()
        });
        id
    }

    /// Slot (0..64) of `exact` among the term's spellings, adding `n` to its count; slots
    /// past 63 share no bit.
    fn variant_slot(&mut self, id: u32, exact: &str, n: u32) -> Option<u32> {
        let v = &mut self.terms[id as usize].variants;
        let pos = match v.iter().position(|(s, _)| s == exact) {
            Some(p) => p,
            None => {
                v.push((exact.to_string(), 0));
                v.len() - 1
            }
        };
        v[pos].1 += n;
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
/// One document's terms before interning, built in parallel: per term its field counts and
/// its spellings with their counts, in order of first occurrence.
#[derive(Default)]
struct LocalTerm {
    tf: [u16; FIELDS],
    variants: Vec<(String, u32)>,
}

struct LocalDoc {
    len: [u32; FIELDS],
    /// Term → index into `terms`, in order of first occurrence (deterministic ids later).
    index: HashMap<Box<str>, u32, FastHash>,
    terms: Vec<LocalTerm>,
}

/// FxHash-style hasher: the index keys are short strings hashed millions of times, where
/// SipHash's DoS resistance buys nothing (the input is the site's own content).
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
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let v = u64::from_le_bytes(c.try_into().expect("8 bytes"));
            self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(K);
        }
    }
    fn write_u8(&mut self, b: u8) {
        self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

fn bump(doc: &mut LocalDoc, field: usize, term: &str, exact: Option<&str>) {
    let i = match doc.index.get(term) {
        Some(&i) => i as usize,
        None => {
            doc.index.insert(term.into(), doc.terms.len() as u32);
            doc.terms.push(LocalTerm::default());
            doc.terms.len() - 1
        }
    };
    let e = &mut doc.terms[i];
    e.tf[field] = e.tf[field].saturating_add(1);
    if let Some(x) = exact {
        match e.variants.iter_mut().find(|(s, _)| s == x) {
            Some(v) => v.1 += 1,
            None => e.variants.push((x.to_string(), 1)),
        }
    }
}

/// Adds one field's terms; returns the field length in syllables.
fn add_field(terms: &mut LocalDoc, field: usize, text: &str) -> u32 {
    let exact = exact_form(text);
    let syl = syllables(&exact);
    let (mut key, mut spelled) = (String::new(), String::new());
    for (i, s) in syl.iter().enumerate() {
        bump(terms, field, &s.folded, Some(&s.exact));
        if s.joined && i > 0 {
            let p = &syl[i - 1];
            key.clear();
            spelled.clear();
            for (out, a, b) in [
                (&mut key, &p.folded, &s.folded),
                (&mut spelled, &p.exact, &s.exact),
            ] {
                out.push_str(a);
                out.push(' ');
                out.push_str(b);
            }
            bump(terms, field, &key, Some(&spelled));
        }
    }
    if field == TITLE {
        if let Some(t) = article_term(&syl) {
            bump(terms, field, &t, None);
        }
    }
    for n in doc_numbers(&super::text::fold(&exact)) {
        for t in n.terms() {
            bump(terms, field, &t, None);
        }
    }
    syl.len() as u32
}

fn tokenize_doc(doc: &SearchDoc) -> LocalDoc {
    let mut local = LocalDoc {
        len: [0; FIELDS],
        index: HashMap::with_hasher(FastHash),
        terms: Vec::new(),
    };
    for (f, text) in field_texts(doc).into_iter().enumerate() {
        if !text.is_empty() {
            local.len[f] = add_field(&mut local, f, text);
        }
    }
    local
}

/// Interns a document's terms in order of first occurrence, so ids and spelling slots are
/// the same on every build.
fn intern_doc(vocab: &mut Vocabulary, local: LocalDoc) -> DocTerms {
    let mut names: Vec<(u32, Box<str>)> = local.index.into_iter().map(|(k, i)| (i, k)).collect();
    names.sort_unstable_by_key(|(i, _)| *i);
    let mut terms = Vec::with_capacity(names.len());
    for ((_, term), lt) in names.into_iter().zip(local.terms) {
        let id = vocab.id(&term);
        let mut mask = 0u64;
        for (v, n) in &lt.variants {
            if let Some(slot) = vocab.variant_slot(id, v, *n) {
                mask |= 1 << slot;
            }
        }
        let info = &mut vocab.terms[id as usize];
        info.df += 1;
        if lt.tf[..BODY].iter().all(|&t| t == 0) {
            info.body_only_docs += 1;
        }
        terms.push((id, Counts { tf: lt.tf, mask }));
    }
    DocTerms {
        len: local.len,
        terms,
    }
}

/// Every document's counted terms, tokenised in parallel a chunk at a time.
fn count_docs(vocab: &mut Vocabulary, docs: &[SearchDoc]) -> Vec<DocTerms> {
    let mut counted = Vec::with_capacity(docs.len());
    for chunk in docs.chunks(1024) {
        let locals: Vec<LocalDoc> = chunk.par_iter().map(tokenize_doc).collect();
        counted.extend(locals.into_iter().map(|l| intern_doc(vocab, l)));
    }
    counted
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
    let mut vocab = Vocabulary::default();
    let t0 = std::time::Instant::now();
    let counted = count_docs(&mut vocab, docs);
    if std::env::var_os("PBGDPL_SEARCH_TIMING").is_some() {
        eprintln!("search timing: counted {:?}", t0.elapsed());
    }
    let n = docs.len() as u32;
    let mut avg = [0f32; FIELDS];
    for d in &counted {
        for f in 0..FIELDS {
            avg[f] += d.len[f] as f32;
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
        let (variants, remap) = rank_variants(&info.name, &info.variants);
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
}
