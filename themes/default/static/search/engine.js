// pbgdpl search client: reads the static index written by `src/index/search` (format in
// files.rs). Plain ES module, no dependencies, no wasm; runs in browsers and Node 20.
// Text rules mirror src/index/search/text.rs exactly: change both or neither.

const TONES = /[\u0300\u0301\u0303\u0309\u0323]/g;
const WORD = /[\p{Alphabetic}\p{N}]+/gu;
const DOCNO = /(?:^|[^0-9a-z/])([0-9]+[a-z]?)(?:\/((?:19|20)[0-9]{2}))?(?:\/([a-z][a-z0-9]*(?:-[a-z0-9]+)*))?/g;
const CODE = /(?:^|[^0-9a-z/])([a-z][a-z0-9]*(?:-[a-z0-9]+)+)/g;
const utf8 = new TextDecoder();

/** `hoà`→`hòa`, `thuý`→`thúy`: the tone of an open oa/oe/uy ending sits on the first vowel. */
function canonicalTone(w) {
  if (/^[\x00-\x7f]*$/.test(w)) return w;
  const d = w.normalize('NFD');
  const tone = d.match(TONES);
  if (!tone) return w;
  const base = [...d.replace(TONES, '').normalize('NFC')];
  const n = base.length;
  if (n < 2) return w;
  const pair = base[n - 2] + base[n - 1];
  if (!(pair === 'oa' || pair === 'oe' || (pair === 'uy' && base[n - 3] !== 'q'))) return w;
  base.splice(n - 1, 0, tone[0]);
  return base.join('').normalize('NFC');
}

/** Lower case, NFC, Ð→đ, invisible characters dropped, canonical tone placement. */
export function exactForm(s) {
  return s.replace(/[\u200b-\u200d\u2060\ufeff\u00ad]/g, '').replace(/[Ðð]/g, 'đ')
    .normalize('NFC').toLowerCase().replace(WORD, canonicalTone);
}

/** Marks dropped and đ→d. */
export function fold(s) {
  return s.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd');
}

/** Syllables of an exact-form text: {exact, folded, joined} (joined: only spaces before it). */
export function syllables(exact) {
  const out = [];
  let last = -1;
  for (const m of exact.matchAll(WORD)) {
    const gap = last < 0 ? '' : exact.slice(last, m.index);
    out.push({ exact: m[0], folded: fold(m[0]), joined: last >= 0 && /^[ \t\u00a0,]+$/.test(gap) });
    last = m.index + m[0].length;
  }
  return out;
}

/** Document-number terms of folded text, as the indexer emits them. */
export function docNumberTerms(folded) {
  const t = [];
  for (const m of folded.matchAll(DOCNO)) {
    if (m[3]) t.push(`#${m[1]}/${m[3]}`, `#${m[3]}`);
    if (m[2]) t.push(`#${m[1]}/${m[2]}`);
  }
  for (const m of folded.matchAll(CODE)) t.push(`#${m[1]}`);
  for (const m of folded.matchAll(/(?:^|[^a-z0-9])dieu\s+([0-9]+[a-z]?)/g)) t.push(`#dieu-${m[1]}`);
  return [...new Set(t)];
}

/** Telex typed with the input method off (`dduwowngf` → `duong`), or null. Native
 * syllables never contain w, dd, aa, ee, oo nor end in s f r x j. */
export function telex(w) {
  if (!/^[a-z]+$/.test(w) || !/w|dd|aa|ee|oo|[aeiouy][a-z]*[sfrxj]$/.test(w)) return null;
  const s = w.replace(/([aeiouyw][a-z]*?)[sfrxj]$/, '$1').replace(/dd/g, 'd').replace(/aa/g, 'a')
    .replace(/ee/g, 'e').replace(/oo/g, 'o').replace(/([aou])w/g, '$1').replace(/w/g, 'u');
  return s && s !== w ? s : null;
}

function fnv1a(s) {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(s)) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h;
}

// --- gzip: DecompressionStream where it exists, else a small inflate (RFC 1951). ---
const LB = [], LE = [], DB = [], DE = [];
for (let i = 0, b = 3; i < 29; i++) { LE[i] = i < 8 || i === 28 ? 0 : (i >> 2) - 1; LB[i] = i === 28 ? 258 : b; b += 1 << LE[i]; }
for (let i = 0, b = 1; i < 30; i++) { DE[i] = i < 4 ? 0 : (i >> 1) - 1; DB[i] = b; b += 1 << DE[i]; }
const ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
function huff(lens) {
  const count = new Uint16Array(16), offs = new Uint16Array(16), sym = new Uint16Array(lens.length);
  for (const l of lens) count[l]++;
  count[0] = 0;
  for (let i = 1; i < 16; i++) offs[i] = offs[i - 1] + count[i - 1];
  for (let i = 0; i < lens.length; i++) if (lens[i]) sym[offs[lens[i]]++] = i;
  return [count, sym];
}
export function inflate(d) {
  let p = 10, fl = d[3], o = 0, b = 0, n = 0, out = new Uint8Array(d.length * 4 + 1024), last;
  if (fl & 4) p += 2 + (d[p] | d[p + 1] << 8);
  if (fl & 8) while (d[p++]);
  if (fl & 16) while (d[p++]);
  if (fl & 2) p += 2;
  const bits = k => { while (n < k) { b |= d[p++] << n; n += 8; } const v = b & ((1 << k) - 1); b >>>= k; n -= k; return v; };
  const grow = m => { if (o + m > out.length) { const t = new Uint8Array(2 * (o + m)); t.set(out); out = t; } };
  const dec = ([count, sym]) => {
    for (let len = 1, code = 0, first = 0, idx = 0; len < 16; len++) {
      code |= bits(1);
      if (code - count[len] < first) return sym[idx + code - first];
      idx += count[len]; first = (first + count[len]) << 1; code <<= 1;
    }
    throw Error('inflate');
  };
  do {
    last = bits(1);
    const type = bits(2);
    if (type === 0) {
      b = n = 0;
      const len = d[p] | d[p + 1] << 8;
      p += 4; grow(len); out.set(d.subarray(p, p + len), o); o += len; p += len;
      continue;
    }
    let lit, dist;
    if (type === 1) {
      const l = new Uint8Array(320);
      l.fill(8, 0, 144); l.fill(9, 144, 256); l.fill(7, 256, 280); l.fill(8, 280, 288); l.fill(5, 288);
      lit = huff(l.subarray(0, 288)); dist = huff(l.subarray(288));
    } else {
      const hl = bits(5) + 257, hd = bits(5) + 1, hc = bits(4) + 4, cl = new Uint8Array(19), l = new Uint8Array(hl + hd);
      for (let i = 0; i < hc; i++) cl[ORDER[i]] = bits(3);
      const ch = huff(cl);
      for (let i = 0; i < hl + hd;) {
        const s = dec(ch);
        if (s < 16) { l[i++] = s; continue; }
        let v = 0, r;
        if (s === 16) { v = l[i - 1]; r = 3 + bits(2); } else r = s === 17 ? 3 + bits(3) : 11 + bits(7);
        while (r--) l[i++] = v;
      }
      lit = huff(l.subarray(0, hl)); dist = huff(l.subarray(hl));
    }
    for (let s; (s = dec(lit)) !== 256;) {
      if (s < 256) { grow(1); out[o++] = s; continue; }
      s -= 257;
      const len = LB[s] + bits(LE[s]), ds = dec(dist), back = DB[ds] + bits(DE[ds]);
      grow(len);
      for (let i = 0; i < len; i++, o++) out[o] = out[o - back];
    }
  } while (!last);
  return out.subarray(0, o);
}
async function gunzip(buf) {
  const u = new Uint8Array(buf);
  if (u[0] !== 0x1f || u[1] !== 0x8b) return u; // the host already decoded it
  if (typeof DecompressionStream === 'function') {
    try {
      const s = new Blob([u]).stream().pipeThrough(new DecompressionStream('gzip'));
      return new Uint8Array(await new Response(s).arrayBuffer());
    } catch { /* fall through */ }
  }
  return inflate(u);
}

// --- index files ---
function reader(buf, p = 0) {
  return {
    get p() { return p; },
    set p(v) { p = v; },
    u8: () => buf[p++],
    vint() { let v = 0, s = 1, c; do { c = buf[p++]; v += (c & 127) * s; s *= 128; } while (c & 128); return v; },
    str() { const l = this.vint(); const t = utf8.decode(buf.subarray(p, p + l)); p += l; return t; },
  };
}
function parseShard(buf) {
  const terms = new Map(), r = reader(buf);
  while (r.p < buf.length) {
    const term = r.str(), nv = r.u8(), vars = [];
    for (let i = 0; i < nv; i++) vars.push(r.str());
    const df = r.vint(), np = r.vint(), nb = r.vint();
    terms.set(term, { vars, df, np, off: r.p, buf });
    r.p += nb;
  }
  return terms;
}
function* postings(e) {
  const r = reader(e.buf, e.off), mask = e.vars.length > 1;
  for (let i = 0, doc = 0; i < e.np; i++) {
    doc += r.vint();
    const imp = r.u8();
    yield [doc, imp * imp, mask ? r.u8() : 0];
  }
}
function parseRuns(buf, n) {
  const set = new Uint8Array(n), r = reader(buf);
  for (let end = 0; r.p < buf.length;) {
    const start = end + r.vint(), len = r.vint();
    set.fill(1, start, start + len);
    end = start + len;
  }
  return set;
}
const slug = s => fold(exactForm(String(s))).replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** Ranking and cost knobs of the client (build-side knobs live in build.rs). */
export const PARAMS = { bigram: 1.5, number: 2.5, boost: 1.6, penalty: 0.7, coordUpTo: 4, repeat: 0.3, maxShards: 12 };

/** The shards to fetch: every term of a short query; for a long one at most `maxShards`,
 * taking document numbers first, then bigrams and syllables that are not in the root's
 * common-term list, then common terms rarest first. A term whose shard is already taken
 * comes free. */
function pickShards(slots, root) {
  const common = root.commonDf ||= Object.fromEntries(Object.entries(root.common || {})
    .flatMap(([band, list]) => list.split('\t').map(t => [t, 2 ** band])));
  const cand = [];
  for (const s of slots) for (const t of s.terms) {
    const df = common[t];
    cand.push([s.kind === 'n' ? 0 : df ? 3 + df / root.n : s.kind === 'b' ? 1 : 2, fnv1a(t) % root.shards]);
  }
  cand.sort((a, b) => a[0] - b[0]);
  const take = new Set();
  for (const [, sh] of cand) if (take.size < PARAMS.maxShards) take.add(sh);
  return take;
}

/** Query → slots; a slot is alternative terms (a syllable and its Telex decoding) scored as one. */
export function analyse(query) {
  const exact = exactForm(query), folded = fold(exact), syl = syllables(exact);
  const marks = exact !== folded;
  const slots = new Map();
  const add = (kind, terms, exact, covers) => {
    const key = terms[0];
    const s = slots.get(key);
    if (s) s.qtf++; else slots.set(key, { kind, terms, exact, covers, qtf: 1 });
  };
  const alts = syl.map(s => [s.folded, telex(s.folded)].filter(Boolean));
  syl.forEach((s, i) => {
    add('u', alts[i], s.exact, [s.folded]);
    if (i && s.joined) {
      // As typed, and with every Telex token decoded (mixed pairs are never better evidence).
      const t = [...new Set([`${syl[i - 1].folded} ${s.folded}`, `${alts[i - 1].at(-1)} ${alts[i].at(-1)}`])];
      add('b', t, `${syl[i - 1].exact} ${s.exact}`, [syl[i - 1].folded, s.folded]);
    }
  });
  for (const t of docNumberTerms(folded)) add('n', [t], null, []);
  return { marks, slots: [...slots.values()], syllables: syl };
}

export async function createSearch({ baseUrl = '/', fetch: get = globalThis.fetch } = {}) {
  const base = baseUrl.endsWith('/') ? baseUrl : baseUrl + '/';
  const cache = new Map();
  const load = (path, parse) => {
    if (!cache.has(path)) {
      cache.set(path, get(base + path).then(async res => {
        if (!res.ok) throw Error(`${path}: ${res.status}`);
        return parse(await gunzip(await res.arrayBuffer()));
      }).catch(e => { cache.delete(path); throw e; }));
    }
    return cache.get(path);
  };
  const root = await load('search/root.bin', b => JSON.parse(utf8.decode(b)));
  const dir = `search/${root.dir}/`;
  const shard = i => load(`${dir}t/${i}.bin`, parseShard);
  const group = g => load(`${dir}m/${g}.json`, b => JSON.parse(utf8.decode(b)));
  const facet = (key, v) => load(`${dir}f/${key}/${v}.bin`, b => parseRuns(b, root.n));

  async function allowed(filters) {
    if (!filters) return null;
    let result = null;
    for (const [key, val] of Object.entries(filters)) {
      const vals = (Array.isArray(val) ? val : [val]).filter(v => v != null && v !== '').map(slug);
      if (!vals.length || !root.facets[key]) continue;
      const known = vals.filter(v => root.facets[key].some(f => f[0] === v));
      const sets = await Promise.all(known.map(v => facet(key, v)));
      const any = new Uint8Array(root.n);
      for (const s of sets) for (let i = 0; i < root.n; i++) any[i] |= s[i];
      if (result) for (let i = 0; i < root.n; i++) result[i] &= any[i]; else result = any;
    }
    return result;
  }

  async function search(query, { limit = 10, filters } = {}) {
    const q = analyse(query);
    if (!q.slots.length) return [];
    const need = pickShards(q.slots, root);
    const [shards, only] = await Promise.all([
      Promise.all([...need].map(async i => [i, await shard(i)])).then(l => new Map(l)),
      allowed(filters),
    ]);
    // Coverage for the coordination factor, as a bitmask over the query's distinct syllables.
    // A bigram match covers both its syllables; a syllable whose postings were tiered (or not
    // fetched) cannot count against a document that lacks it.
    const keys = [...new Set(q.syllables.map(s => s.folded))].slice(0, 30);
    const bits = list => list.reduce((m, k) => m | (keys.includes(k) ? 1 << keys.indexOf(k) : 0), 0);
    let unsure = 0;
    const scores = new Map(), cover = new Map();
    q.slots.forEach(slot => {
      const w = (slot.kind === 'b' ? PARAMS.bigram : slot.kind === 'n' ? PARAMS.number : 1) * (1 + PARAMS.repeat * (slot.qtf - 1));
      const best = new Map();
      for (const term of slot.terms) {
        const sh = shards.get(fnv1a(term) % root.shards);
        const e = sh?.get(term);
        if (slot.kind === 'u' && term === slot.terms[0] && (!sh || (e && e.np < e.df))) unsure |= bits(slot.covers);
        if (!e) continue;
        const vi = e.vars.length ? e.vars.indexOf(slot.exact) : slot.exact === term ? 0 : -1;
        for (const [doc, imp, mask] of postings(e)) {
          if (only && !only[doc]) continue;
          let f = 1;
          if (q.marks && slot.kind === 'u' && term === slot.terms[0]) {
            const hit = vi >= 0 && (e.vars.length > 1 ? mask & (1 << vi) : true);
            f = hit ? PARAMS.boost : PARAMS.penalty;
          }
          const s = w * imp * f;
          if (s > (best.get(doc) || 0)) best.set(doc, s);
        }
      }
      const b = bits(slot.covers);
      for (const [doc, s] of best) {
        scores.set(doc, (scores.get(doc) || 0) + s);
        cover.set(doc, (cover.get(doc) || 0) | b);
      }
    });
    const pop = x => { let n = 0; for (; x; x &= x - 1) n++; return n; };
    let ranked = [...scores];
    if (keys.length > 1 && keys.length <= PARAMS.coordUpTo) {
      const all = (1 << keys.length) - 1, sure = all & ~unsure;
      ranked = ranked.map(([d, s]) => {
        const c = cover.get(d) || 0, r = pop(c) / pop(sure | c);
        return [d, s * (0.3 + 0.7 * r * r)];
      });
    }
    ranked.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    ranked = ranked.slice(0, limit);
    const groups = new Map(await Promise.all(
      [...new Set(ranked.map(([d]) => Math.floor(d / root.group)))].map(async g => [g, await group(g)])));
    return ranked.map(([doc, score]) => {
      const g = groups.get(Math.floor(doc / root.group));
      const [pi, anchor, heading, excerpt] = g.d[doc % root.group];
      const [url, title, soKyHieu, date, loai] = g.p[pi];
      return { url: anchor ? `${url}#${anchor}` : url, title: heading || title, page: title, soKyHieu, date, loai, excerpt, score };
    });
  }

  return { search, facets: root.facets, analyse };
}

/** HTML of `text` with the query's syllables marked (matching folded, so `dat` marks `đất`). */
export function highlight(text, query) {
  const want = new Set(syllables(exactForm(query)).map(s => s.folded));
  const esc = s => s.replace(/[&<>"]/g, c => `&#${c.charCodeAt(0)};`);
  let out = '', last = 0;
  for (const m of text.matchAll(WORD)) {
    out += esc(text.slice(last, m.index));
    out += want.has(fold(exactForm(m[0]))) ? `<mark>${esc(m[0])}</mark>` : esc(m[0]);
    last = m.index + m[0].length;
  }
  return out + esc(text.slice(last));
}
