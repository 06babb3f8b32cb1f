// Pagefind side by side with our search, on the same content.
//
//   node tests/search/pagefind.mjs index <built-site | docs.jsonl> <out-dir>
//     built site: Pagefind's own HTML indexing of the pages (page results with anchored
//                 sub-results, flattened into one list of URLs by `flatten`);
//     docs.jsonl: one HTML record per search document (page or h2/h3 section) as dumped by
//                 `SEARCH_DOCS_JSONL=… cargo run --example search_index`, i.e. exactly the
//                 units our index has (heading as <h1>, so Pagefind weighs it as a title).
//   node tests/search/eval.mjs <built-site> <queries.jsonl> --pagefind <out-dir>
//
// Queries run through Pagefind's own browser bundle (pagefind.js + wasm) loaded in Node, with
// every file fetched through the same counting fetch as ours: bytes as served (Pagefind's files
// are gzip on disk already), pagefind.js itself not counted (as ours does not count engine.js).
// Every query is cold: a fresh Pagefind instance with empty caches. A warm instance reused
// across queries would not do: Pagefind matches query words against the index chunks it has
// loaded, so after other queries it matches more words and ranks differently. Each query
// returns its top 10 pages with their anchored sub-results (`r.data()`); `flatten` turns them
// into one ranked list of 10 URLs.
//
// Speed: `r.data()` builds an excerpt per sub-result, and Pagefind 1.6's `build_excerpt` splits
// the whole page text into words on every call; on long law pages with hundreds of matching
// sub-results that is seconds per query. The bundle we load has that split cached per page
// text (same words, same excerpts: the marks are undone after each excerpt), so the results
// are unchanged; `--pagefind-as-shipped` loads the bundle untouched (slow; the true time).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { countingFetch } from './eval.mjs';

const esc = (s) => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]);

export async function buildIndex(input, outDir) {
  const pagefind = await import('pagefind');
  const { index } = await pagefind.createIndex({ forceLanguage: 'vi' });
  if (input.endsWith('.jsonl')) {
    const lines = (await readFile(input, 'utf8')).split('\n').filter(Boolean);
    for (const line of lines) {
      const d = JSON.parse(line);
      const body = d.body.split('\n').map((p) => `<p>${esc(p)}</p>`).join('');
      const content = `<!DOCTYPE html><html lang="vi"><head><title>${esc(d.title)}</title></head><body><main><h1>${esc(d.title)}</h1><p>${esc(d.context)}</p>${body}</main></body></html>`;
      const r = await index.addHTMLFile({ url: `/${d.url}`, content });
      if (r.errors?.length) throw new Error(r.errors.join('; '));
    }
  } else {
    const r = await index.addDirectory({ path: input });
    if (r.errors?.length) throw new Error(r.errors.join('; '));
  }
  const w = await index.writeFiles({ outputPath: outDir });
  if (w.errors?.length) throw new Error(w.errors.join('; '));
  await pagefind.close();
}

// The two edits of `build_excerpt` (see the top of this file). Both must match exactly once.
const EXCERPT_PATCH = [
  ['let is_zws_delimited=content.includes("\\u200B");let fragment_words=[];if(is_zws_delimited){fragment_words=content.split("\\u200B");}else{fragment_words=content.split(word_separators);}',
   'let[is_zws_delimited,fragment_words]=__evalWords(content);'],
  ['for(let word of locations){if(fragment_words[word]?.startsWith(`<mark>`)){continue;}fragment_words[word]=`<mark>${fragment_words[word]}</mark>`;}const excerpt=pre+fragment_words.slice(start,start+length).join(joiner).trim()+post;',
   'const __n=fragment_words.length,__o=[];for(let word of locations){if(fragment_words[word]?.startsWith(`<mark>`)){continue;}__o.push(word,fragment_words[word]);fragment_words[word]=`<mark>${fragment_words[word]}</mark>`;}const excerpt=pre+fragment_words.slice(start,start+length).join(joiner).trim()+post;for(let i=__o.length-2;i>=0;i-=2)fragment_words[__o[i]]=__o[i+1];fragment_words.length=__n;'],
];
const EXCERPT_HELPER = `
var __evalWordCache=new Map();
function __evalWords(content){let e=__evalWordCache.get(content);if(!e){const z=content.includes("\\u200B");e=[z,z?content.split("\\u200B"):content.split(word_separators)];__evalWordCache.set(content,e);if(__evalWordCache.size>64)__evalWordCache.delete(__evalWordCache.keys().next().value);}return e;}
`;

/** The URL of the bundle to import: `<dir>/pagefind.js` itself, or (default) a copy with the
 * excerpt split cached, written to a temporary directory (removed by `close`). */
export async function bundleUrl(dir, asShipped = false) {
  const orig = path.resolve(dir, 'pagefind.js');
  if (asShipped) return pathToFileURL(orig).href;
  let src = await readFile(orig, 'utf8');
  for (const [from, to] of EXCERPT_PATCH) {
    if (src.split(from).length !== 2) throw new Error(`${orig}: build_excerpt is not the one of Pagefind 1.6 this eval patches; update EXCERPT_PATCH in pagefind.mjs or pass --pagefind-as-shipped`);
    src = src.replace(from, () => to);
  }
  const out = path.join(await mkdtemp(path.join(tmpdir(), 'pagefind-eval-')), 'pagefind.js');
  await writeFile(out, src + EXCERPT_HELPER);
  return pathToFileURL(out).href;
}

const cleanUrl = (u) => u.replace(/^\/+/, '').replace(/index\.html(#|$)/, '$1');

/** Top 10 pages of `query`, each `{url, subs: [{url, n, score}]}`: a sub-result's URL, its
 * number of matched words and the sum of their Pagefind scores (`balanced_score`). */
async function top10(pf, query) {
  const res = await pf.search(query);
  const top = await Promise.all(res.results.slice(0, 10).map((r) => r.data()));
  return top.map((d) => ({
    url: cleanUrl(d.url),
    subs: (d.sub_results || []).map((s) => ({
      url: cleanUrl(s.url), n: s.locations.length,
      score: s.weighted_locations.reduce((a, l) => a + l.balanced_score, 0),
    })),
  }));
}

/** Flattens ranked pages into 10 ranked URLs (a page with no sub-result stands for itself).
 *  score: pages in Pagefind's order, each page's sub-results by score (the sum of the matched
 *         words' Pagefind scores), document order on ties (the default: Pagefind's own scores
 *         at both levels);
 *  doc:   the same in document order, as `r.data().sub_results` lists them;
 *  ui:    what Pagefind's UI shows with show_sub_results: the page, then at most 3 of its
 *         sub-results (most matched words, kept in document order), the page's own
 *         sub-result (text before the first anchor) left out. */
export function flatten(pages, mode) {
  const order = (subs, key) => subs.map((s, i) => ({ ...s, i })).sort((a, b) => b[key] - a[key] || a.i - b.i);
  let urls;
  if (mode === 'doc') urls = pages.flatMap((p) => (p.subs.length ? p.subs.map((s) => s.url) : [p.url]));
  else if (mode === 'score') urls = pages.flatMap((p) => (p.subs.length ? order(p.subs, 'score').map((s) => s.url) : [p.url]));
  else if (mode === 'ui') {
    urls = pages.flatMap((p) => {
      const subs = p.subs[0]?.url === p.url ? p.subs.slice(1) : p.subs;
      const keep = new Set(order(subs, 'n').slice(0, 3).map((s) => s.url));
      return [p.url, ...subs.filter((s) => keep.has(s.url)).map((s) => s.url)];
    });
  } else throw new Error(`unknown flattening ${mode}`);
  return [...new Set(urls)].slice(0, 10);
}
export const FLATTEN_MODES = ['score', 'doc', 'ui'];

/** Pagefind queries, each cold, run in worker threads; every answer is
 * `{pages, bytes, requests, ms, byKind}`.
 *  all(queries, jobs): every query, `jobs` at a time. Each query gets a fresh Pagefind instance
 *    (`createInstance`: empty caches, its own index in the wasm, pagefind-entry.json, the meta
 *    and the wasm file fetched again) of a module loaded once per worker, which skips compiling
 *    the wasm again. Times overlap, so use only the pages, bytes and requests.
 *  fresh(query): one query alone in a fresh module (pagefind.js evaluated and its wasm compiled
 *    anew), as a browser's first search: the time to report.
 * Instances are never freed (their wasm memory stays), so workers are replaced every `batch`
 * queries. */
export async function pagefindEngine(dir, { asShipped = false, batch = 20 } = {}) {
  const bundle = await bundleUrl(dir, asShipped);
  const spawn = (mode) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { dir, bundle, mode } });
    const pending = new Map();
    let n = 0;
    worker.on('message', (m) => { const p = pending.get(m.id); pending.delete(m.id); m.error ? p.reject(new Error(m.error)) : p.resolve(m.result); });
    worker.on('error', (e) => { for (const p of pending.values()) p.reject(e); pending.clear(); });
    return {
      used: 0,
      ask(query) { const id = n++; this.used++; return new Promise((resolve, reject) => { pending.set(id, { resolve, reject }); worker.postMessage({ id, query }); }); },
      close: () => worker.terminate(),
    };
  };
  let freshWorker = null;
  return {
    async all(queries, jobs = 1, onProgress = () => {}) {
      const out = new Array(queries.length);
      let next = 0, done = 0;
      await Promise.all(Array.from({ length: Math.min(jobs, queries.length) }, async () => {
        let w = null;
        try {
          while (next < queries.length) {
            const i = next++;
            if (!w || w.used >= batch) { await w?.close(); w = spawn('shared'); }
            out[i] = await w.ask(queries[i]);
            onProgress(++done);
          }
        } finally { await w?.close(); }
      }));
      return out;
    },
    async fresh(query) {
      if (!freshWorker || freshWorker.used >= Math.ceil(batch / 2)) { await freshWorker?.close(); freshWorker = spawn('fresh'); }
      return freshWorker.ask(query);
    },
    async close() {
      await freshWorker?.close();
      if (!asShipped) await rm(path.dirname(fileURLToPath(bundle)), { recursive: true, force: true });
    },
  };
}

if (!isMainThread && workerData?.bundle) {
  const { dir, bundle, mode } = workerData;
  const basePath = pathToFileURL(path.resolve(dir)).href + '/';
  let shared = null, k = 0;
  const search = async (query) => {
    const counter = { requests: 0, bytes: 0, byKind: {} };
    globalThis.fetch = countingFetch('/', counter);
    const t = performance.now();
    let pf;
    if (mode === 'shared') {
      shared ||= await import(bundle);
      pf = shared.createInstance({ basePath });
    } else {
      pf = await import(`${bundle}?fresh=${k++}`);
      await pf.options({ basePath });
    }
    await pf.init();
    const pages = await top10(pf, query);
    return { pages, bytes: counter.bytes, requests: counter.requests, ms: performance.now() - t, byKind: counter.byKind };
  };
  // One query at a time, in order (the query's counter owns the global fetch meanwhile).
  let chain = Promise.resolve();
  parentPort.on('message', ({ id, query }) => {
    chain = chain.then(() => search(query))
      .then((result) => parentPort.postMessage({ id, result }), (e) => parentPort.postMessage({ id, error: String(e?.stack || e) }));
  });
}

if (isMainThread && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [cmd, input, out] = process.argv.slice(2);
  if (cmd !== 'index' || !input || !out) {
    console.error('usage: node tests/search/pagefind.mjs index <built-site | docs.jsonl> <out-dir>');
    process.exit(2);
  }
  const t = performance.now();
  await buildIndex(input, out);
  console.log(`pagefind index written to ${out} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}
