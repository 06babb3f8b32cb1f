//! From search documents to ranked posting lists: term extraction per field (folded syllables,
//! adjacent-syllable bigrams, document-number terms, each with its exact spellings), BM25F
//! impacts computed at build time, and impact tiering (each term keeps only its best `top_k`
//! documents). The client then only adds up stored impacts: no lengths or document
//! frequencies have to travel to the browser.

use super::docs::SearchDoc;
use super::text::{
    article_term_of, doc_numbers, exact_form, fold, fold_context_free, for_each_syllable,
    for_each_token, slash_chunks, Token,
};
use rayon::prelude::*;
use std::collections::HashMap;
use std::ops::Range;

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
#[derive(Clone, Copy, Debug)]
enum TermKey {
    /// Document-number and article terms (`#…`), found by name (its index in
    /// `Vocabulary::special_names`).
    Special(u32),
    /// A folded syllable (its id).
    Unigram(u32),
    /// Two adjacent folded syllables.
    Bigram(u32, u32),
}

/// A term of the vocabulary: 20 bytes, names made only for the terms written out (a site has
/// tens of thousands of bigrams, and each part of the counting grows its own list).
struct TermInfo {
    key: TermKey,
    df: u32,
    body_only_docs: u32,
}

/// Folded syllables a vocabulary can hold (`pair_key` packs two of their ids and a field into
/// 64 bits); a site has tens of thousands.
const MAX_FOLDED: u32 = 1 << 31;

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
    /// Per folded syllable, its spellings (exact ids) in first-seen order with their counts;
    /// a posting's mask of its unigram indexes this list.
    variants: Vec<Vec<(u32, u32)>>,
    /// Term id of each folded syllable's unigram, `NONE` until first met.
    unigram: Vec<u32>,
    /// `first folded id << 32 | second` → term id.
    bigram: HashMap<u64, u32, FastHash>,
    /// Name → term id of document-number and article terms.
    special: HashMap<String, u32, FastHash>,
    special_names: Vec<Box<str>>,
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

    /// (exact id, folded id) of a raw word `raw` of the context-free text `text`.
    fn raw_syllable(&mut self, text: &str, raw: &str) -> (u32, u32) {
        if let Some(key) = short_key(text, raw) {
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
        assert!(f < MAX_FOLDED, "at most {MAX_FOLDED} distinct syllables");
        self.folded_names.push(folded.into());
        self.folded.insert(folded.into(), f);
        self.unigram.push(NONE);
        self.variants.push(Vec::new());
        f
    }

    fn new_term(&mut self, key: TermKey) -> u32 {
        let id = self.terms.len() as u32;
        self.terms.push(TermInfo {
            key,
            df: 0,
            body_only_docs: 0,
        });
        id
    }

    fn name(&self, key: TermKey) -> String {
        let folded = |f: u32| &*self.folded_names[f as usize];
        match key {
            TermKey::Special(i) => self.special_names[i as usize].to_string(),
            TermKey::Unigram(f) => folded(f).to_string(),
            TermKey::Bigram(a, b) => format!("{} {}", folded(a), folded(b)),
        }
    }

    fn unigram_id(&mut self, fid: u32) -> u32 {
        let id = self.unigram[fid as usize];
        if id != NONE {
            return id;
        }
        let id = self.new_term(TermKey::Unigram(fid));
        self.unigram[fid as usize] = id;
        id
    }

    fn bigram_id(&mut self, first: u32, second: u32) -> u32 {
        let key = (first as u64) << 32 | second as u64;
        if let Some(&id) = self.bigram.get(&key) {
            return id;
        }
        let id = self.new_term(TermKey::Bigram(first, second));
        self.bigram.insert(key, id);
        id
    }

    fn special_id(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.special.get(name) {
            return id;
        }
        let id = self.new_term(TermKey::Special(self.special_names.len() as u32));
        self.special_names.push(name.into());
        self.special.insert(name.to_string(), id);
        id
    }

    /// Slot of exact syllable `exact` among the spellings of its folded syllable `fid`,
    /// counting `n` more occurrences; slots past `COUNTED_SPELLINGS` share no bit.
    fn spelling_slot(&mut self, fid: u32, exact: u32, n: u32) -> Option<u32> {
        let (slot, hits) = &mut self.spellings[exact as usize];
        if *slot == NONE {
            let v = &mut self.variants[fid as usize];
            *slot = v.len() as u32;
            v.push((exact, 0));
        }
        *hits += n;
        (*slot < COUNTED_SPELLINGS).then_some(*slot)
    }

    /// Copies the occurrences `spelling_slot` counted into the terms' spelling lists.
    fn settle_spelling_counts(&mut self) {
        for v in &mut self.variants {
            for (exact, n) in v {
                *n = self.spellings[*exact as usize].1;
            }
        }
    }
}

/// A word of at most 15 bytes as one integer: its bytes, then its length in the top byte.
/// `word` is a slice of `text`: the 16 bytes from its start are read at once and the bytes
/// past its end masked off, where copying a word of any length to a buffer and reading it
/// back stalled on every word (the load cannot be served from the byte-wise stores).
fn short_key(text: &str, word: &str) -> Option<u128> {
    let len = word.len();
    if len > 15 {
        return None;
    }
    let at = (word.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
    debug_assert!(at + len <= text.len(), "`word` is a slice of `text`");
    let bytes = match text.as_bytes().get(at..at + 16) {
        Some(b) => u128::from_le_bytes(b.try_into().expect("16 bytes")),
        None => {
            let mut buf = [0u8; 16];
            buf[..len].copy_from_slice(word.as_bytes());
            u128::from_le_bytes(buf)
        }
    };
    let mask = (1u128 << (8 * len)) - 1;
    Some(bytes & mask | (len as u128) << 120)
}

/// Per-document counts of one term.
#[derive(Clone, Copy, Default)]
struct Counts {
    tf: [u16; FIELDS],
    mask: u32,
}

impl Counts {
    /// Whether the document has the term in its body only.
    fn body_only(&self) -> bool {
        self.tf[..BODY].iter().all(|&t| t == 0)
    }
}

/// What counting needs to turn a document's counts into postings as soon as it ends: the
/// ranking parameters and every field's average length (`scan_docs`, before counting).
struct Scoring<'a> {
    p: &'a Params,
    avg: [f32; FIELDS],
    /// `top_k`, at least 1: a part keeps this many best postings of a term, and some more.
    keep: usize,
}

/// Syllable count and context-freeness (`text::scan`) of each field of a document.
#[derive(Clone, Copy, Default)]
struct FieldScan {
    len: [u32; FIELDS],
    context_free: [bool; FIELDS],
}

/// One term's postings found by one counting part: (document << 8 | the part's first eight
/// spelling slots, BM25F term-frequency part). A frequent term's list is pruned whenever it
/// doubles (`PartList::prune`), so a part holds a few hundred postings of it, not `df`: the
/// per-document term lists and the document-ordered postings array this replaces were the
/// indexer's largest allocations (120 MB at 10,000 items), and fresh memory is expensive.
struct PartList {
    postings: Vec<(u32, f32)>,
    df: u32,
    body_only_docs: u32,
    /// Length at which the list is pruned next.
    prune_at: u32,
    /// Pruning reorders the list; it is sorted by document again at the end.
    pruned: bool,
    /// Some posting's spelling mask has slots past the eighth (`Part::wide_masks`).
    wide: bool,
}

impl PartList {
    fn new(keep: usize) -> Self {
        PartList {
            postings: Vec::new(),
            df: 0,
            body_only_docs: 0,
            prune_at: (2 * keep) as u32,
            pruned: false,
            wide: false,
        }
    }

    /// Adds one document's posting (`document << 8 | spelling slots`), pruning the list when
    /// it has doubled.
    fn add(&mut self, posting: u32, tf: f32, body_only: bool, keep: usize) {
        self.df += 1;
        self.body_only_docs += u32::from(body_only);
        self.postings.push((posting, tf));
        if self.postings.len() >= self.prune_at as usize {
            self.prune(keep);
        }
    }

    /// Drops the postings that cannot be among the term's best `keep` however the other
    /// documents score. The final order is by impact (idf × this part, rounded) and then by
    /// document, so a posting is dropped only when its part is below the `keep`-th best by a
    /// margin far above one rounding step: rounding cannot make it tie with that one.
    fn prune(&mut self, keep: usize) {
        let list = &mut self.postings;
        list.select_nth_unstable_by(keep - 1, |a, b| b.1.total_cmp(&a.1));
        let floor = list[keep - 1].1 * (1.0 - 1e-6);
        list.retain(|x| x.1 >= floor);
        self.pruned = true;
        // Ties can keep most of the list; wait for it to double again rather than re-select.
        self.prune_at = self.prune_at.max(2 * list.len() as u32);
    }
}

/// What one thread counted: its own vocabulary and, by its term ids, their postings.
#[derive(Default)]
struct Part {
    vocab: Vocabulary,
    lists: Vec<PartList>,
    /// Full spelling masks of the rare postings with slots past the eighth, by (term, document).
    wide_masks: HashMap<(u32, u32), u32, FastHash>,
}

impl Part {
    /// One list per term of the vocabulary, new ones empty.
    fn fit_lists(&mut self, keep: usize) {
        self.lists
            .resize_with(self.vocab.terms.len(), || PartList::new(keep));
    }
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

/// Bigram postings a counting part logs before moving them to their lists (3 MB): enough for
/// the moves to overlap their cache misses, little beside the lists themselves (a log of a
/// million postings saved no more time and added 30 MB to the build's peak).
const BIGRAM_LOG_LEN: usize = 1 << 18;

/// Per-thread state of the counting loop, reused from document to document.
#[derive(Default)]
struct Counter {
    part: Part,
    /// Per term id: the document (`doc_stamp`) it was last counted in, and its index in that
    /// document's term list, so a document's syllables and number terms are gathered without
    /// sorting or hashing (one pair, so one cache line answers both). Bigrams use `pairs`.
    seen: Vec<(u32, u32)>,
    doc_stamp: u32,
    terms: Vec<(u32, Counts)>,
    /// The current document's bigram occurrences (`pair_key`), counted when it ends: sorting
    /// them there and looking each distinct one up once replaced a look-up of the site-wide
    /// bigram table and of `seen` per occurrence, both cache misses most of the time.
    pairs: Vec<u64>,
    /// The latest bigram postings: (term, document << 8 | 1 when only in the body, BM25F
    /// term-frequency part). Bigrams are most of the vocabulary and most are rare, so each
    /// posting pushed onto its list as it was counted waited on two cache misses; moved in
    /// a batch (`flush_bigrams`), the misses overlap. Unigram lists are few and stay cached.
    bigram_log: Vec<(u32, u32, f32)>,
    /// Folded text of the current field's chunks that hold a `/` (`text::slash_chunks`), each
    /// after a space, so the document-number pattern scans a few bytes instead of the body.
    folded: String,
}

impl Counter {
    /// Counts document `no`'s terms (field frequencies and the mask of spellings seen) and
    /// adds its posting to each term's list.
    fn count_doc(&mut self, no: u32, doc: &SearchDoc, scan: &FieldScan, scoring: &Scoring) {
        self.doc_stamp += 1;
        self.terms.clear();
        for (f, text) in field_texts(doc).into_iter().enumerate() {
            if !text.is_empty() {
                let len = self.add_field(f, text, scan.context_free[f]);
                debug_assert_eq!(len, scan.len[f], "field {f} of {:?}", doc.title);
            }
        }
        let bigrams_from = self.terms.len();
        self.add_pairs();
        let norms = field_norms(scoring.p, &scan.len, &scoring.avg);
        for &(id, c) in &self.terms[bigrams_from..] {
            let tf = bm25f_tf(scoring.p, &c, &norms);
            self.bigram_log
                .push((id, no << 8 | c.body_only() as u32, tf));
        }
        if self.bigram_log.len() >= BIGRAM_LOG_LEN {
            self.flush_bigrams(scoring.keep);
        }
        let part = &mut self.part;
        part.fit_lists(scoring.keep);
        for &(id, c) in &self.terms[..bigrams_from] {
            let list = &mut part.lists[id as usize];
            if c.mask > 0xff {
                list.wide = true;
                part.wide_masks.insert((id, no), c.mask);
            }
            let tf = bm25f_tf(scoring.p, &c, &norms);
            list.add(no << 8 | (c.mask & 0xff), tf, c.body_only(), scoring.keep);
        }
    }

    /// One occurrence of term `id` in `field`, spelled `spelling` (exact id, folded id) when it
    /// has one.
    fn hit(&mut self, id: u32, field: usize, spelling: Option<(u32, u32)>) {
        let i = id as usize;
        if i >= self.seen.len() {
            self.seen
                .resize(self.part.vocab.terms.len().max(i + 1), (0, 0));
        }
        let (last_doc, at) = &mut self.seen[i];
        if *last_doc != self.doc_stamp {
            *last_doc = self.doc_stamp;
            *at = self.terms.len() as u32;
            self.terms.push((id, Counts::default()));
        }
        let at = *at as usize;
        let slot = spelling.and_then(|(e, f)| self.part.vocab.spelling_slot(f, e, 1));
        let c = &mut self.terms[at].1;
        c.tf[field] = c.tf[field].saturating_add(1);
        if let Some(s) = slot {
            c.mask |= 1 << s;
        }
    }

    /// Adds one field's terms (syllables, bigrams of joined syllables, then the article and
    /// document-number terms); returns the field length in syllables.
    fn add_field(&mut self, field: usize, text: &str, context_free: bool) -> u32 {
        let mut state = FieldState::default();
        // A document number always has a `/` (`doc_numbers`), and exact forms keep it.
        let numbers = text.contains('/');
        self.folded.clear();
        if context_free {
            for_each_token(text, |t| match t {
                Token::Word(raw, joined) => {
                    let ids = self.part.vocab.raw_syllable(text, raw);
                    self.syllable(field, ids, joined, &mut state);
                }
                Token::Separator(_) => {}
            });
            if numbers {
                // The exact form of a context-free text is that of its pieces, so each chunk
                // is folded on its own.
                slash_chunks(text, |chunk| {
                    self.folded.push(' ');
                    self.folded.push_str(&fold_context_free(chunk));
                });
            }
        } else {
            let exact = exact_form(text);
            for_each_syllable(&exact, |syl, joined| {
                let ids = self.part.vocab.syllable(syl);
                self.syllable(field, ids, joined, &mut state);
            });
            if numbers {
                self.folded = fold(&exact);
            }
        }
        if field == TITLE {
            if let [Some((first, _)), Some((second, joined))] = state.first_two {
                let names = &self.part.vocab.folded_names;
                if let Some(t) =
                    article_term_of(&names[first as usize], &names[second as usize], joined)
                {
                    let id = self.part.vocab.special_id(&t);
                    self.hit(id, field, None);
                }
            }
        }
        if numbers {
            let folded = std::mem::take(&mut self.folded);
            for n in doc_numbers(&folded) {
                for t in n.terms() {
                    let id = self.part.vocab.special_id(&t);
                    self.hit(id, field, None);
                }
            }
            self.folded = folded;
        }
        state.count
    }

    /// The part, its last bigram postings moved to their lists.
    fn finish(mut self, keep: usize) -> Part {
        self.flush_bigrams(keep);
        self.part
    }

    /// Moves the postings of `bigram_log` to their lists in logged (document) order, pruning
    /// as the counting does, and empties the log.
    fn flush_bigrams(&mut self, keep: usize) {
        let part = &mut self.part;
        part.fit_lists(keep);
        for (id, doc, tf) in self.bigram_log.drain(..) {
            part.lists[id as usize].add(doc & !0xff, tf, doc & 1 == 1, keep);
        }
    }

    /// Adds the document's bigrams (`pairs`) to its terms, each with its count per field.
    fn add_pairs(&mut self) {
        self.pairs.sort_unstable();
        let mut i = 0;
        while i < self.pairs.len() {
            let (first, second) = pair_of(self.pairs[i]);
            let mut counts = Counts::default();
            while let Some(&key) = self.pairs.get(i) {
                if pair_of(key) != (first, second) {
                    break;
                }
                let tf = &mut counts.tf[(key & 3) as usize];
                *tf = tf.saturating_add(1);
                i += 1;
            }
            let id = self.part.vocab.bigram_id(first, second);
            self.terms.push((id, counts));
        }
        self.pairs.clear();
    }

    fn syllable(&mut self, field: usize, (eid, fid): (u32, u32), joined: bool, s: &mut FieldState) {
        let id = self.part.vocab.unigram_id(fid);
        self.hit(id, field, Some((eid, fid)));
        if let (true, Some(p)) = (joined, s.prev) {
            self.pairs.push(pair_key(p, fid, field));
        }
        if (s.count as usize) < 2 {
            s.first_two[s.count as usize] = Some((fid, joined));
        }
        s.prev = Some(fid);
        s.count += 1;
    }
}

/// A bigram occurrence as one integer that sorts by bigram: the two folded ids (below
/// `MAX_FOLDED`) and the field.
fn pair_key(first: u32, second: u32, field: usize) -> u64 {
    const { assert!(FIELDS <= 4, "a field fits in two bits") };
    (first as u64) << 33 | (second as u64) << 2 | field as u64
}

fn pair_of(key: u64) -> (u32, u32) {
    ((key >> 33) as u32, (key >> 2) as u32 & (MAX_FOLDED - 1))
}

/// Running state of one field's syllables.
#[derive(Default)]
struct FieldState {
    prev: Option<u32>,
    count: u32,
    /// (folded id, joined) of the first two syllables, for the article term.
    first_two: [Option<(u32, bool)>; 2],
}

/// Syllable counts of every document's fields, and each field's average over the site (summed
/// in document order, so the same however the counting is split).
fn scan_docs(docs: &[SearchDoc]) -> (Vec<FieldScan>, [f32; FIELDS]) {
    let scans: Vec<FieldScan> = docs
        .par_iter()
        .map(|d| {
            let mut s = FieldScan::default();
            for (f, text) in field_texts(d).into_iter().enumerate() {
                (s.len[f], s.context_free[f]) = super::text::scan(text);
            }
            s
        })
        .collect();
    let mut avg = [0f32; FIELDS];
    for s in &scans {
        for (a, len) in avg.iter_mut().zip(s.len) {
            *a += len as f32;
        }
    }
    for a in &mut avg {
        *a /= docs.len().max(1) as f32;
    }
    (scans, avg)
}

/// `parts` contiguous ranges of documents with about the same number of syllables each: a
/// site's long documents tend to come together, so equal document counts left one thread
/// counting five times what the other did.
fn balanced_ranges(scans: &[FieldScan], parts: usize) -> Vec<Range<usize>> {
    let weight = |s: &FieldScan| 1 + s.len.iter().map(|&n| n as u64).sum::<u64>();
    let total: u64 = scans.iter().map(weight).sum();
    let mut ranges = Vec::with_capacity(parts);
    let (mut start, mut done) = (0, 0u64);
    for (i, s) in scans.iter().enumerate() {
        done += weight(s);
        if ranges.len() + 1 < parts && done * parts as u64 >= total * (ranges.len() as u64 + 1) {
            ranges.push(start..i + 1);
            start = i + 1;
        }
    }
    ranges.push(start..scans.len());
    ranges
}

/// Counts every document, one contiguous part per thread, each with its own vocabulary.
/// Each body is freed as soon as it is counted, so the counting reuses its memory.
fn count_docs(docs: &mut [SearchDoc], scans: &[FieldScan], scoring: &Scoring) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut rest = docs;
    for range in balanced_ranges(scans, rayon::current_num_threads().max(1)) {
        let (part, tail) = std::mem::take(&mut rest).split_at_mut(range.len());
        parts.push((range.start, part));
        rest = tail;
    }
    parts
        .into_par_iter()
        .map(|(start, docs)| {
            let mut counter = Counter::default();
            for (i, doc) in (start..).zip(docs) {
                counter.count_doc(i as u32, doc, &scans[i], scoring);
                doc.body = String::new();
            }
            counter.finish(scoring.keep)
        })
        .collect()
}

/// Where a later part's terms and spelling slots are in the merged vocabulary.
struct PartMap {
    term: Vec<u32>,
    /// Per term of the part, the merged slot of each of its slots (none past
    /// `COUNTED_SPELLINGS`).
    slots: Vec<Vec<Option<u32>>>,
}

/// Folds `other` (the vocabulary and document counts of later documents) into `vocab`, so
/// spellings keep their first-seen order and the result is that of counting sequentially.
fn merge_part(vocab: &mut Vocabulary, other: &Part) -> PartMap {
    let part = &other.vocab;
    let exact: Vec<u32> = part
        .exact_names
        .iter()
        .map(|e| vocab.syllable(e).0)
        .collect();
    let folded: Vec<u32> = part
        .folded_names
        .iter()
        .map(|f| vocab.folded_id(f))
        .collect();
    let mut map = PartMap {
        term: Vec::with_capacity(part.terms.len()),
        slots: Vec::with_capacity(part.terms.len()),
    };
    for (info, list) in part.terms.iter().zip(&other.lists) {
        let to = match info.key {
            TermKey::Unigram(f) => vocab.unigram_id(folded[f as usize]),
            TermKey::Bigram(a, b) => vocab.bigram_id(folded[a as usize], folded[b as usize]),
            TermKey::Special(i) => vocab.special_id(&part.special_names[i as usize]),
        };
        map.term.push(to);
        let slots = match info.key {
            TermKey::Unigram(f) => part.variants[f as usize]
                .iter()
                .map(|&(e, _)| {
                    let hits = part.spellings[e as usize].1;
                    vocab.spelling_slot(folded[f as usize], exact[e as usize], hits)
                })
                .collect(),
            _ => Vec::new(),
        };
        map.slots.push(slots);
        let target = &mut vocab.terms[to as usize];
        target.df += list.df;
        target.body_only_docs += list.body_only_docs;
    }
    map
}

/// Per field, the length normalisation `1 - b + b × len / avg` of one document.
fn field_norms(p: &Params, len: &[u32; FIELDS], avg: &[f32; FIELDS]) -> [f32; FIELDS] {
    std::array::from_fn(|f| 1.0 - p.b[f] + p.b[f] * len[f] as f32 / avg[f].max(1.0))
}

/// BM25F term-frequency part: weighted, length-normalised pseudo frequency, saturated.
fn bm25f_tf(p: &Params, c: &Counts, norms: &[f32; FIELDS]) -> f32 {
    let mut tf = 0.0;
    for ((&n, &w), &norm) in c.tf.iter().zip(&p.weights).zip(norms) {
        if n > 0 {
            tf += w * n as f32 / norm;
        }
    }
    tf / (p.k1 + tf)
}

fn idf(n: u32, df: u32) -> f32 {
    (1.0 + (n as f32 - df as f32 + 0.5) / (df as f32 + 0.5)).ln()
}

/// `impact / max` on a square-root scale, so small impacts keep some resolution.
fn quantise(impact: f32, max: f32) -> u8 {
    // Adding ½ and truncating rounds exactly here (the sum of a value in 1..=255 and ½ is
    // exact in f32), without the library call `round` is on the baseline x86-64 target.
    (((impact / max).sqrt() * 255.0).clamp(1.0, 255.0) + 0.5) as u8
}

/// Ranked, tiered postings of every term, sorted by term. Empties every document's `body`
/// (nothing after ranking needs it: the metadata groups take their excerpts before).
pub fn build_postings(docs: &mut [SearchDoc], p: &Params) -> (Vec<TermPostings>, f32) {
    // A posting keeps its document number in 24 bits, beside the variant mask.
    assert!(
        docs.len() <= MAX_DOCS,
        "at most {MAX_DOCS} search documents"
    );
    let (scans, avg) = scan_docs(docs);
    let scoring = Scoring {
        p,
        avg,
        keep: p.top_k.max(1),
    };
    let n = docs.len() as u32;
    let (vocab, counted) = merge_parts(count_docs(docs, &scans, &scoring));
    let keep = kept_terms(&vocab, p);
    // Spellings are final once every document is counted, so the stored variant bits are set
    // as the parts' lists are gathered.
    let (mut variants, remaps): (Vec<Vec<String>>, Vec<Vec<Option<u8>>>) = vocab
        .terms
        .par_iter()
        .map(|info| match info.key {
            TermKey::Unigram(f) => rank_variants(
                &vocab.folded_names[f as usize],
                &vocab.variants[f as usize],
                &vocab.exact_names,
            ),
            _ => (Vec::new(), Vec::new()),
        })
        .unzip();
    let (mut lists, reordered) = gather_lists(counted, &keep, &remaps);
    let max = tier(&mut lists, &reordered, &vocab, n, p.top_k);
    // Terms are written in name order: sorting (name, id) pairs moves 32 bytes where sorting
    // the finished terms moved 80.
    let mut order: Vec<(String, usize)> = (0..vocab.terms.len())
        .filter(|&id| keep[id] && vocab.terms[id].df > 0)
        .map(|id| (vocab.name(vocab.terms[id].key), id))
        .collect();
    order.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let out = order
        .into_iter()
        .map(|(term, id)| {
            // Same size and alignment: the quantised postings reuse the list's memory.
            let postings = std::mem::take(&mut lists[id])
                .into_iter()
                .map(|(doc_mask, imp)| (doc_mask >> 8, quantise(imp, max), doc_mask as u8))
                .collect();
            TermPostings {
                term,
                variants: std::mem::take(&mut variants[id]),
                df: vocab.terms[id].df,
                postings,
            }
        })
        .collect();
    (out, max)
}

/// One part's postings lists and where its terms are in the merged vocabulary (`None` for the
/// first part, whose vocabulary became the merged one).
struct Counted {
    lists: Vec<PartList>,
    wide_masks: HashMap<(u32, u32), u32, FastHash>,
    map: Option<PartMap>,
}

/// The parts' vocabularies merged in document order (the first one grows into the result),
/// with document counts summed and spelling counts settled.
fn merge_parts(parts: Vec<Part>) -> (Vocabulary, Vec<Counted>) {
    let mut parts = parts.into_iter();
    let Part {
        mut vocab,
        lists,
        wide_masks,
    } = parts.next().unwrap_or_default();
    for (info, list) in vocab.terms.iter_mut().zip(&lists) {
        info.df = list.df;
        info.body_only_docs = list.body_only_docs;
    }
    let mut counted = vec![Counted {
        lists,
        wide_masks,
        map: None,
    }];
    for part in parts {
        let map = merge_part(&mut vocab, &part);
        counted.push(Counted {
            lists: part.lists,
            wide_masks: part.wide_masks,
            map: Some(map),
        });
    }
    vocab.settle_spelling_counts();
    (vocab, counted)
}

/// Which terms are written: all but the bigrams met once, in one body only (if so asked).
fn kept_terms(vocab: &Vocabulary, p: &Params) -> Vec<bool> {
    vocab
        .terms
        .iter()
        .map(|t| {
            !(p.drop_rare_body_bigrams
                && t.df == 1
                && t.body_only_docs == 1
                && matches!(t.key, TermKey::Bigram(..)))
        })
        .collect()
}

/// Each kept term's postings from the parts in turn (so in document order unless a part
/// pruned them: `reordered`), with their stored variant bits.
fn gather_lists(
    counted: Vec<Counted>,
    keep: &[bool],
    remaps: &[Vec<Option<u8>>],
) -> (Vec<Vec<(u32, f32)>>, Vec<bool>) {
    let mut lists: Vec<Vec<(u32, f32)>> = Vec::new();
    lists.resize_with(keep.len(), Vec::new);
    let mut reordered = vec![false; keep.len()];
    for part in counted {
        let map = part.map.as_ref();
        for (local, mut list) in part.lists.into_iter().enumerate() {
            let id = map.map_or(local, |m| m.term[local] as usize);
            if !keep[id] || list.postings.is_empty() {
                continue;
            }
            let bits = variant_bits(&remaps[id], map.map(|m| m.slots[local].as_slice()));
            set_variant_bits(&mut list, local as u32, &bits, &part.wide_masks);
            reordered[id] |= list.pruned;
            let to = &mut lists[id];
            if to.is_empty() {
                *to = list.postings;
            } else {
                to.extend_from_slice(&list.postings);
            }
        }
    }
    (lists, reordered)
}

/// Turns each list's term-frequency parts into impacts, keeps its best `top_k` in document
/// order, and returns the largest impact (the quantisation scale).
fn tier(
    lists: &mut [Vec<(u32, f32)>],
    reordered: &[bool],
    vocab: &Vocabulary,
    n: u32,
    top_k: usize,
) -> f32 {
    let mut max = 0f32;
    for (id, list) in lists.iter_mut().enumerate() {
        let term_idf = idf(n, vocab.terms[id].df);
        for x in list.iter_mut() {
            x.1 *= term_idf;
            max = max.max(x.1);
        }
        if list.len() > top_k {
            // The best `top_k` by impact (ties: the lower document), then back in document
            // order; selecting them costs linear time where sorting the whole list did not.
            list.select_nth_unstable_by(top_k.max(1) - 1, |a, b| {
                b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
            });
            list.truncate(top_k);
            list.sort_unstable_by_key(|x| x.0);
        } else if reordered[id] {
            list.sort_unstable_by_key(|x| x.0);
        }
    }
    max.max(f32::MIN_POSITIVE)
}

/// The stored variant bit (as a mask, 0 for none) of each of a part's spelling slots of one
/// term: `slots` takes the part's slots to the merged ones (none for the first part, whose
/// slots are the merged ones), `remap` the merged ones to stored bits (`rank_variants`).
fn variant_bits(
    remap: &[Option<u8>],
    slots: Option<&[Option<u32>]>,
) -> [u8; COUNTED_SPELLINGS as usize] {
    std::array::from_fn(|slot| {
        let merged = match slots {
            None => Some(slot),
            Some(s) => s.get(slot).copied().flatten().map(|m| m as usize),
        };
        match merged.and_then(|m| remap.get(m).copied().flatten()) {
            Some(bit) => 1 << bit,
            None => 0,
        }
    })
}

/// Replaces the part's spelling slots in each posting of `list` (term `term` of its part) by
/// the stored variant bits.
fn set_variant_bits(
    list: &mut PartList,
    term: u32,
    bits: &[u8; COUNTED_SPELLINGS as usize],
    wide_masks: &HashMap<(u32, u32), u32, FastHash>,
) {
    if bits.iter().all(|&b| b == 0) {
        list.postings.iter_mut().for_each(|x| x.0 &= !0xff);
        return;
    }
    for x in &mut list.postings {
        let mut slots = x.0 & 0xff;
        if list.wide {
            if let Some(&wide) = wide_masks.get(&(term, x.0 >> 8)) {
                slots = wide;
            }
        }
        let mut stored = 0u8;
        while slots != 0 {
            stored |= bits[slots.trailing_zeros() as usize];
            slots &= slots - 1;
        }
        x.0 = (x.0 & !0xff) | stored as u32;
    }
}

/// A folded syllable's `MAX_VARIANTS` most frequent spellings and, per first-seen slot, its
/// new bit (or none). A syllable whose only spelling is itself (plain ASCII) stores no
/// variants. Only unigrams have spellings: bigrams and number terms store none (the
/// exact-diacritic evidence comes from the syllables, and bigram masks were a quarter of the
/// index).
fn rank_variants(
    folded: &str,
    seen: &[(u32, u32)],
    exact_names: &[Box<str>],
) -> (Vec<String>, Vec<Option<u8>>) {
    let plain = seen.len() <= 1
        && seen
            .first()
            .is_none_or(|(e, _)| *exact_names[*e as usize] == *folded);
    if plain {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_keys_read_in_place_equal_keys_of_a_copied_word() {
        let copied = |w: &str| {
            let mut buf = [0u8; 16];
            buf[..w.len()].copy_from_slice(w.as_bytes());
            buf[15] = w.len() as u8;
            u128::from_le_bytes(buf)
        };
        let text = "hòa giải ở cơ sở, nghị định 100/2019/nđ-cp cuối";
        for_each_token(text, |t| {
            if let Token::Word(w, _) = t {
                assert_eq!(short_key(text, w), Some(copied(w)), "{w}");
            }
        });
        assert_eq!(short_key("abc", "abc"), Some(copied("abc")));
        assert_eq!(
            short_key("x chuyểnnghiệpvụ", &"x chuyểnnghiệpvụ"[2..]),
            None
        );
    }

    #[test]
    fn pair_keys_sort_by_bigram_and_keep_the_field() {
        let big = MAX_FOLDED - 1;
        for (a, b, f) in [
            (0, 0, 0),
            (7, big, BODY),
            (big, big, TITLE),
            (big, 1, NUMBER),
        ] {
            assert_eq!(pair_of(pair_key(a, b, f)), (a, b));
            assert_eq!((pair_key(a, b, f) & 3) as usize, f);
        }
        assert!(pair_key(1, big, BODY) < pair_key(2, 0, TITLE));
    }

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
        let mut docs = [
            doc("Luật Đất đai", "đất đai và nhà ở"),
            doc("Đại hội", "đạt chỉ tiêu đại hội"),
        ];
        let (t, _) = build_postings(&mut docs, &Params::default());
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
        let (t, _) = build_postings(&mut docs, &p);
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
        let mut docs = [
            SearchDoc {
                number: "471/QĐ-TTg".into(),
                ..doc("Quyết định", "")
            },
            doc("Một", "đất"),
            doc("Hai", &long),
        ];
        let (t, _) = build_postings(&mut docs, &Params::default());
        assert_eq!(find(&t, "#471/qd-ttg").postings[0].0, 0);
        assert!(find(&t, "#qd-ttg").df == 1);
        let dat = find(&t, "dat");
        assert!(dat.postings[0].1 > dat.postings[1].1, "{:?}", dat.postings);
    }

    #[test]
    fn document_numbers_are_found_inside_body_text() {
        let body = "Căn cứ Luật số 45/2019/QH14 (sửa đổi), Nghị định 100/2019/NĐ-CP; \
                    năm 12/ 2020, mục 3/4 và Quyết định\u{a0}7/2021.";
        let (t, _) = build_postings(&mut [doc("Văn bản", body)], &Params::default());
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
    fn pruning_while_counting_keeps_the_best_postings() {
        // 60 documents with `đất` 1–7 times in bodies of different lengths: with `top_k` 4 a
        // part prunes its list of `dat` several times while counting.
        let docs: Vec<SearchDoc> = (0..60)
            .map(|i| {
                let body = format!("{}{}", "đất ".repeat(i % 7 + 1), "khác ".repeat(i % 11));
                doc(&format!("Mục {i}"), &body)
            })
            .collect();
        let run = |top_k, threads| {
            let p = Params {
                top_k,
                ..Params::default()
            };
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let (t, _) = pool.install(|| build_postings(&mut docs.clone(), &p));
            find(&t, "dat").postings.clone()
        };
        let all = run(1000, 1);
        assert_eq!(all.len(), 60);
        for threads in [1, 2] {
            let best = run(4, threads);
            assert_eq!(best.len(), 4);
            assert!(best.windows(2).all(|w| w[0].0 < w[1].0), "by document");
            let worst_kept = best.iter().map(|x| x.1).min().unwrap();
            let rest = all.iter().filter(|x| !best.iter().any(|b| b.0 == x.0));
            assert!(
                rest.clone().all(|x| x.1 <= worst_kept),
                "{best:?} / {all:?}"
            );
            for b in &best {
                assert!(all.contains(b), "same impact as without pruning: {b:?}");
            }
        }
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
            pool.install(|| build_postings(&mut docs.clone(), &Params::default()).0)
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
