// Search evaluation: runs the real client (<site>/search/engine.js) in Node against a built
// site, one cold engine per query (a fresh cache, every index file fetched from disk through a
// counting `fetch`), and prints per query source: success@1, success@10, recall@10, MRR@10 and
// the zero-result rate, for the queries as written and with diacritics stripped; then bytes and
// requests per cold query (p50/p95, files counted as served: gzip size for our pre-gzipped
// files) and client time.
//
//   node tests/search/eval.mjs <built-site> <queries.jsonl> [--regression <file.jsonl>]
//        [--pagefind <pagefind-dir> [--cold-sample N|all] [--jobs N]
//         [--pagefind-flatten score|ui|doc] [--pagefind-as-shipped]]
//        [--only-form written|stripped] [--json]
//
// A relevant id `doc:dieu-N` is hit by the URL `<section>/doc/#dieu-N`; an id `doc` by the
// page `<section>/doc/`. With --pagefind, the same queries run against a Pagefind index (see
// pagefind.mjs) and its numbers print beside ours: every query cold (a fresh Pagefind instance),
// `--jobs` at a time (default: the number of CPUs), which gives the quality, bytes and requests;
// the time comes from a deterministic sample (every k-th query, about `--cold-sample` of them,
// default 100), each run alone in a fresh module, whose results, bytes and requests must equal
// those of the full run (the count is printed).
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { availableParallelism } from 'node:os';
import { isMainThread } from 'node:worker_threads';
import { FLATTEN_MODES, flatten, pagefindEngine } from './pagefind.mjs';

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

/** The quality of one ranked list of URLs for query `q`. */
function judge(q, urls) {
  const ids = urls.slice(0, 10).map(idOf);
  const rel = new Set(q.relevant_ids);
  const ranks = ids.map((id, i) => (rel.has(id) ? i + 1 : 0)).filter(Boolean);
  return {
    source: q.source, s1: ranks[0] === 1 ? 1 : 0, s10: ranks.length ? 1 : 0,
    recall: new Set(ids.filter(id => rel.has(id))).size / rel.size, mrr: ranks.length ? 1 / ranks[0] : 0,
    zero: urls.length ? 0 : 1, query: q.query, top: ids[0], urls: urls.slice(0, 10),
  };
}

/** Page level: success@1 and @10 when a relevant id counts for its page (`doc:dieu-N` → `doc`),
 * over ranked page URLs. */
function judgePages(q, pageUrls) {
  const pages = [...new Set(pageUrls.map(u => idOf(u.split('#')[0])))].slice(0, 10);
  const rel = new Set(q.relevant_ids.map(id => id.split(':')[0]));
  const rank = pages.findIndex(p => rel.has(p)) + 1;
  return { s1: rank === 1 ? 1 : 0, s10: rank ? 1 : 0 };
}
const pageLine = (rows, pagesOf) => {
  const js = rows.map((r, i) => pagesOf(r, i));
  return `s@1 ${f3(js.reduce((a, j) => a + j.s1, 0) / js.length)}, s@10 ${f3(js.reduce((a, j) => a + j.s10, 0) / js.length)}`;
};

/** Runs every query cold through `engine(query) → {urls, bytes, requests, ms}`. */
async function evaluate(queries, engine) {
  const rows = [];
  for (const q of queries) {
    const r = await engine(q.query);
    rows.push({ ...judge(q, r.urls), bytes: r.bytes, byKind: r.byKind || {}, requests: r.requests, ms: r.ms });
  }
  return rows;
}

/** Quality over `rows`; bytes and requests over `rows` too, time over `timed` (default all). */
function summarise(rows, timed = rows, note = '') {
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
    msP50: pct(timed.map(r => r.ms), 0.5), msP95: pct(timed.map(r => r.ms), 0.95), timedN: timed.length, note,
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
    console.log(`${e}: cold query bytes p50 ${kb(c.bytesP50)} KB, p95 ${kb(c.bytesP95)} KB, max ${kb(c.bytesMax)} KB; requests p50 ${c.reqP50}, p95 ${c.reqP95}; ${c.timedN ? `time p50 ${c.msP50.toFixed(1)} ms, p95 ${c.msP95.toFixed(1)} ms${c.timedN < results[e].ALL.n ? ` (time: sample of ${c.timedN})` : ''}` : 'time not measured'}${parts ? `; mean KB by file kind: ${parts}` : ''}`);
    if (c.note) console.log(`  ${c.note}`);
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

/** Indices of a deterministic sample of about `n` of `total` queries: every k-th, from 0. */
export function sampleIndices(total, n) {
  if (n === 'all' || n >= total) return [...Array(total).keys()];
  if (!n) return [];
  const k = Math.max(1, Math.ceil(total / Math.max(1, n)));
  return [...Array(total).keys()].filter(i => i % k === 0);
}

const ordinal = (k) => `${k}${[11, 12, 13].includes(k % 100) ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' })[k % 10] || 'th'}`;
const secs = (t) => `${((performance.now() - t) / 1000).toFixed(0)} s`;

/** Pagefind over `qs`: every query cold in parallel (quality, bytes, requests), then the timed
 * sample alone in fresh modules, checked against the full run. */
async function pagefindRows(pf, qs, { sample, jobs, flattenMode, form }) {
  const t0 = performance.now();
  const all = await pf.all(qs.map(q => q.query), jobs, (d) => {
    if (d % 100 === 0 || d === qs.length) process.stderr.write(`pagefind ${form}: ${d}/${qs.length} (${secs(t0)})\n`);
  });
  const allTime = secs(t0);
  const rows = qs.map((q, i) => ({ ...judge(q, flatten(all[i].pages, flattenMode)), pages: all[i].pages, bytes: all[i].bytes, byKind: all[i].byKind, requests: all[i].requests, ms: all[i].ms }));
  const idx = sampleIndices(qs.length, sample);
  const t1 = performance.now();
  const timed = [];
  let same = 0;
  for (const i of idx) {
    const r = await pf.fresh(qs[i].query);
    const a = all[i];
    if (JSON.stringify(r.pages) === JSON.stringify(a.pages) && r.bytes === a.bytes && r.requests === a.requests) same++;
    else console.error(`pagefind ${form}: fresh module differs from the full run on ${JSON.stringify(qs[i].query)}`);
    timed.push({ ms: r.ms });
  }
  const k = idx.length > 1 ? idx[1] - idx[0] : 1;
  const note = `quality, bytes, requests: all ${qs.length} queries, each a cold Pagefind instance (${jobs} at a time, ${allTime}); ` +
    (idx.length ? `time: ${idx.length} queries (${k === 1 ? 'all' : `every ${ordinal(k)} from the 1st`}) each alone in a fresh module (${secs(t1)}); ` +
      `their top-10 pages, sub-results, bytes and requests equal the full run's on ${same}/${idx.length}` : 'time: not measured (--cold-sample 0)') +
    `; URLs flattened '${flattenMode}'`;
  return { rows, timed, note, same, checked: idx.length };
}

async function main() {
  const args = process.argv.slice(2);
  const opt = (name) => { const i = args.indexOf(name); return i >= 0 ? args.splice(i, 2)[1] : null; };
  const flag = (name) => { const i = args.indexOf(name); return i >= 0 ? (args.splice(i, 1), true) : false; };
  const regressionFile = opt('--regression');
  const pagefindDir = opt('--pagefind');
  const onlyForm = opt('--only-form');
  const sampleArg = opt('--cold-sample') ?? '100';
  const sample = sampleArg === 'all' ? 'all' : Number(sampleArg);
  const jobs = Number(opt('--jobs') ?? availableParallelism());
  const flattenMode = opt('--pagefind-flatten') ?? 'score';
  const asShipped = flag('--pagefind-as-shipped');
  const asJson = flag('--json');
  const [site, queriesFile] = args;
  if (!site || !queriesFile || !(sample === 'all' || sample >= 0) || !(jobs >= 1) || !FLATTEN_MODES.includes(flattenMode)) {
    console.error('usage: node tests/search/eval.mjs <built-site> <queries.jsonl> [--regression f] [--pagefind dir [--cold-sample N|all] [--jobs N] [--pagefind-flatten score|ui|doc] [--pagefind-as-shipped]] [--only-form written|stripped] [--json]');
    process.exit(2);
  }
  const tStart = performance.now();
  const queries = (await readFile(queriesFile, 'utf8')).split('\n').filter(Boolean).map(l => JSON.parse(l));
  const ours = await oursEngine(site);
  const forms = Object.entries({ written: (q) => q, stripped: strip }).filter(([form]) => !onlyForm || onlyForm === form);
  const qsOf = Object.fromEntries(forms.map(([form, f]) => [form, queries.map(q => ({ ...q, query: f(q.query) }))]));
  // Ours first, alone: its times are not disturbed by Pagefind's workers.
  const all = {}, timings = [];
  let t = performance.now();
  const pageLevel = [];
  for (const [form] of forms) {
    const rows = await evaluate(qsOf[form], ours);
    all[form] = { ours: summarise(rows) };
    pageLevel.push(`${form}, ours (the pages of its 10 results): ${pageLine(rows, (r, i) => judgePages(qsOf[form][i], r.urls))}`);
  }
  timings.push(`ours ${secs(t)}`);
  const sensitivity = [];
  if (pagefindDir) {
    const pf = await pagefindEngine(pagefindDir, { asShipped });
    try {
      for (const [form] of forms) {
        t = performance.now();
        const r = await pagefindRows(pf, qsOf[form], { sample, jobs, flattenMode, form });
        all[form].pagefind = summarise(r.rows, r.timed, r.note);
        all[form].pagefind.check = { same: r.same, checked: r.checked };
        for (const m of FLATTEN_MODES) {
          const s = summarise(qsOf[form].map((q, i) => ({ ...judge(q, flatten(r.rows[i].pages, m)), bytes: 0, requests: 0, ms: 0, byKind: {} })));
          sensitivity.push(`${form}, '${m}'${m === flattenMode ? ' (in the table)' : ''}: s@1 ${f3(s.ALL.s1)}, s@10 ${f3(s.ALL.s10)}, R@10 ${f3(s.ALL.recall)}, MRR ${f3(s.ALL.mrr)}, zero ${f3(s.ALL.zero)}`);
        }
        pageLevel.push(`${form}, pagefind (its top 10 pages): ${pageLine(r.rows, (row, i) => judgePages(qsOf[form][i], row.pages.map(p => p.url)))}`);
        timings.push(`pagefind ${form} ${secs(t)}`);
      }
    } finally { await pf.close(); }
  }
  if (!asJson) {
    for (const [form] of forms) printTable(`queries ${form === 'written' ? 'as written' : 'with diacritics stripped'}`, all[form]);
    if (sensitivity.length) console.log(`\npagefind, ALL queries, by way of flattening pages into URLs (pagefind.mjs flatten):\n  ${sensitivity.join('\n  ')}`);
    console.log(`\npage level, ALL queries (a relevant id counts for its whole page):\n  ${pageLevel.sort().join('\n  ')}`);
  }
  const js = await readFile(path.join(site, 'search/engine.js'));
  console.log(`\nclient: search/engine.js ${js.length} B raw, ${gzipSync(js, { level: 9 }).length} B gzip`);
  if (asJson) console.log(JSON.stringify(all));
  let ok = true;
  if (regressionFile) ok = await regression(regressionFile, ours);
  if (pagefindDir) ok &&= forms.every(([form]) => all[form].pagefind.check.same === all[form].pagefind.check.checked);
  console.log(`run time: ${timings.join(', ')}; total ${secs(tStart)}`);
  process.exit(ok ? 0 : 1);
}

if (isMainThread && import.meta.url === pathToFileURL(process.argv[1]).href) main();
