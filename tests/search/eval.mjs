// Search evaluation: runs the real client (<site>/search/engine.js) in Node against a built
// site, one cold engine per query (a fresh cache, every index file fetched from disk through a
// counting `fetch`), and prints per query source: success@1, success@10, recall@10, MRR@10 and
// the zero-result rate, for the queries as written and with diacritics stripped; then bytes and
// requests per cold query (p50/p95, files counted as served: gzip size for our pre-gzipped
// files) and client time.
//
//   node tests/search/eval.mjs <built-site> <queries.jsonl> [--regression <file.jsonl>]
//        [--pagefind <pagefind-dir>] [--only-form written|stripped] [--json]
//
// A relevant id `doc:dieu-N` is hit by the URL `<section>/doc/#dieu-N`; an id `doc` by the
// page `<section>/doc/`. With --pagefind, the same queries run against a Pagefind index (see
// pagefind.mjs) and its numbers print beside ours.
import { readFile, stat } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMainThread } from 'node:worker_threads';

export const strip = (s) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFC');

/** `van-ban/luat-x/#dieu-5` → `luat-x:dieu-5`; a page → its slug. */
export function idOf(url) {
  const [p, anchor] = url.split('#');
  const slug = p.replace(/\/(index\.html)?$/, '').split('/').pop();
  return anchor ? `${slug}:${anchor}` : slug;
}

/** A fetch over files under `root` that counts requests and bytes as served. */
export function countingFetch(root, counter) {
  return async (url) => {
    const rel = decodeURIComponent(new URL(url, 'file:///').pathname).replace(/^\/+/, '').split('?')[0];
    try {
      const bytes = await readFile(path.join(root, rel));
      counter.requests++;
      counter.bytes += bytes.length;
      const kind = rel.split('/').slice(-2, -1)[0];
      if (counter.byKind) counter.byKind[kind] = (counter.byKind[kind] || 0) + bytes.length;
      return new Response(bytes, { status: 200 });
    } catch {
      counter.requests++;
      return new Response('', { status: 404 });
    }
  };
}

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : 0; };
const f3 = (x) => x.toFixed(3);
const kb = (x) => (x / 1024).toFixed(1);

/** Runs every query cold through `engine(query) → {results:[url], bytes, requests, ms}`. */
async function evaluate(queries, engine) {
  const rows = [];
  for (const q of queries) {
    const r = await engine(q.query);
    const ids = r.urls.slice(0, 10).map(idOf);
    const rel = new Set(q.relevant_ids);
    const ranks = ids.map((id, i) => (rel.has(id) ? i + 1 : 0)).filter(Boolean);
    rows.push({
      source: q.source, s1: ranks[0] === 1 ? 1 : 0, s10: ranks.length ? 1 : 0,
      recall: new Set(ids.filter(id => rel.has(id))).size / rel.size, mrr: ranks.length ? 1 / ranks[0] : 0,
      zero: r.urls.length ? 0 : 1, bytes: r.bytes, byKind: r.byKind || {}, requests: r.requests, ms: r.ms, query: q.query, top: ids[0],
    });
  }
  return rows;
}

function summarise(rows) {
  const by = new Map();
  for (const r of rows) for (const k of [r.source, 'ALL']) (by.get(k) || by.set(k, []).get(k)).push(r);
  const out = {};
  for (const [k, rs] of by) {
    const mean = (f) => rs.reduce((a, r) => a + r[f], 0) / rs.length;
    out[k] = { n: rs.length, s1: mean('s1'), s10: mean('s10'), recall: mean('recall'), mrr: mean('mrr'), zero: mean('zero') };
  }
  out.cost = {
    bytesP50: pct(rows.map(r => r.bytes), 0.5), bytesP95: pct(rows.map(r => r.bytes), 0.95), bytesMax: Math.max(...rows.map(r => r.bytes)),
    reqP50: pct(rows.map(r => r.requests), 0.5), reqP95: pct(rows.map(r => r.requests), 0.95),
    msP50: pct(rows.map(r => r.ms), 0.5), msP95: pct(rows.map(r => r.ms), 0.95),
    byKind: Object.fromEntries([...new Set(rows.flatMap(r => Object.keys(r.byKind)))].map(k => [k, rows.reduce((a, r) => a + (r.byKind[k] || 0), 0) / rows.length])),
  };
  return out;
}

export async function oursEngine(siteDir) {
  const mod = await import(pathToFileURL(path.resolve(siteDir, 'search/engine.js')).href);
  return async (query, opts) => {
    const counter = { requests: 0, bytes: 0, byKind: {} };
    const t = performance.now();
    const s = await mod.createSearch({ baseUrl: 'file:///', fetch: countingFetch(siteDir, counter) });
    const res = await s.search(query, { limit: 10, ...opts });
    return { urls: res.map(r => r.url), results: res, bytes: counter.bytes, requests: counter.requests, ms: performance.now() - t, byKind: counter.byKind };
  };
}

function printTable(title, results) {
  console.log(`\n## ${title}`);
  const engines = Object.keys(results);
  const sources = Object.keys(results[engines[0]]).filter(k => k !== 'cost' && k !== 'ALL').sort().concat('ALL');
  const head = ['source', 'n', ...engines.flatMap(e => [`${e} s@1`, 's@10', 'R@10', 'MRR', 'zero'])];
  console.log(`| ${head.join(' | ')} |\n|${head.map(() => '---').join('|')}|`);
  for (const s of sources) {
    const cells = engines.flatMap(e => { const m = results[e][s]; return [f3(m.s1), f3(m.s10), f3(m.recall), f3(m.mrr), f3(m.zero)]; });
    console.log(`| ${s} | ${results[engines[0]][s].n} | ${cells.join(' | ')} |`);
  }
  for (const e of engines) {
    const c = results[e].cost;
    const parts = Object.entries(c.byKind || {}).map(([k, v]) => `${k} ${kb(v)}`).join(', ');
    console.log(`${e}: cold query bytes p50 ${kb(c.bytesP50)} KB, p95 ${kb(c.bytesP95)} KB, max ${kb(c.bytesMax)} KB; requests p50 ${c.reqP50}, p95 ${c.reqP95}; time p50 ${c.msP50.toFixed(1)} ms, p95 ${c.msP95.toFixed(1)} ms${parts ? `; mean KB by file kind: ${parts}` : ''}`);
  }
}

async function regression(file, engine) {
  const cases = (await readFile(file, 'utf8')).split('\n').filter(l => l.trim() && !l.startsWith('//')).map(l => JSON.parse(l));
  let pass = 0;
  for (const c of cases) {
    const r = await engine(c.query, c.filters ? { filters: c.filters } : undefined);
    const within = c.within || 1;
    const ok = r.urls.slice(0, within).some(u => new RegExp(c.expect).test(u));
    if (ok) pass++; else console.log(`  FAIL ${JSON.stringify(c.query)} (${c.why || ''}): expected /${c.expect}/ in top ${within}, got ${r.urls.slice(0, 3).join(', ')}`);
  }
  console.log(`regression: ${pass}/${cases.length} pass`);
  return pass === cases.length;
}

async function main() {
  const args = process.argv.slice(2);
  const opt = (name) => { const i = args.indexOf(name); return i >= 0 ? args.splice(i, 2)[1] : null; };
  const regressionFile = opt('--regression');
  const pagefindDir = opt('--pagefind');
  const onlyForm = opt('--only-form');
  const asJson = args.includes('--json') && args.splice(args.indexOf('--json'), 1);
  const [site, queriesFile] = args;
  if (!site || !queriesFile) {
    console.error('usage: node tests/search/eval.mjs <built-site> <queries.jsonl> [--regression f] [--pagefind dir]');
    process.exit(2);
  }
  const queries = (await readFile(queriesFile, 'utf8')).split('\n').filter(Boolean).map(l => JSON.parse(l));
  const ours = await oursEngine(site);
  const engines = { ours };
  if (pagefindDir) engines.pagefind = (await import('./pagefind.mjs')).pagefindEngine(pagefindDir);
  const forms = { written: (q) => q, stripped: strip };
  const all = {};
  for (const [form, f] of Object.entries(forms)) {
    if (onlyForm && onlyForm !== form) continue;
    const qs = queries.map(q => ({ ...q, query: f(q.query) }));
    const results = {};
    for (const [name, e] of Object.entries(engines)) results[name] = summarise(await evaluate(qs, e));
    all[form] = results;
    if (!asJson) printTable(`queries ${form === 'written' ? 'as written' : 'with diacritics stripped'}`, results);
  }
  const js = await readFile(path.join(site, 'search/engine.js'));
  const idx = path.join(site, 'search');
  console.log(`\nclient: search/engine.js ${js.length} B raw, ${gzipSync(js, { level: 9 }).length} B gzip`);
  if (asJson) console.log(JSON.stringify(all));
  let ok = true;
  if (regressionFile) ok = await regression(regressionFile, ours);
  void stat(idx);
  process.exit(ok ? 0 : 1);
}

if (isMainThread && import.meta.url === pathToFileURL(process.argv[1]).href) main();
