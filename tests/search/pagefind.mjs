// Pagefind side by side with our search, on the same content.
//
//   node tests/search/pagefind.mjs index <built-site | docs.jsonl> <out-dir>
//     built site: Pagefind's own HTML indexing of the pages (page results with anchored
//                 sub-results, flattened in Pagefind's order);
//     docs.jsonl: one HTML record per search document (page or h2/h3 section) as dumped by
//                 `SEARCH_DOCS_JSONL=… cargo run --example search_index`, i.e. exactly the
//                 units our index has (heading as <h1>, so Pagefind weighs it as a title).
//   node tests/search/eval.mjs <built-site> <queries.jsonl> --pagefind <out-dir>
//
// Queries run through Pagefind's own browser bundle (pagefind.js + wasm) loaded in Node, a
// fresh module instance per query (cold), with every file fetched through the same counting
// fetch as ours: bytes as served (Pagefind's files are gzip on disk already), pagefind.js
// itself not counted (as ours does not count engine.js).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
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

/** One cold Pagefind search in this thread: a fresh module instance, counted fetches. */
async function coldSearch(dir, query, n) {
  const counter = { requests: 0, bytes: 0, byKind: {} };
  const real = globalThis.fetch;
  globalThis.fetch = countingFetch('/', counter);
  const t = performance.now();
  try {
    const pf = await import(`${pathToFileURL(path.resolve(dir, 'pagefind.js')).href}?cold=${n}`);
    await pf.options({ basePath: pathToFileURL(path.resolve(dir)).href + '/' });
    await pf.init();
    const res = await pf.search(query);
    const top = await Promise.all(res.results.slice(0, 10).map((r) => r.data()));
    const urls = [];
    for (const d of top) {
      const subs = (d.sub_results || []).map((s) => s.url);
      urls.push(...(subs.length ? subs : [d.url]));
    }
    const clean = urls.map((u) => u.replace(/^\/+/, '').replace(/index\.html(#|$)/, '$1'));
    return { urls: clean.slice(0, 10), bytes: counter.bytes, requests: counter.requests, ms: performance.now() - t, byKind: counter.byKind };
  } finally {
    globalThis.fetch = real;
  }
}

/** `(query) → {urls, bytes, requests, ms}`, cold every time. Each module instance keeps its
 * wasm memory alive, so queries run in a worker thread replaced every `batch` queries. */
export function pagefindEngine(dir, batch = 40) {
  let worker = null, used = 0, n = 0;
  return (query) => {
    if (!worker || used >= batch) {
      worker?.terminate();
      worker = new Worker(new URL(import.meta.url), { workerData: { dir } });
      worker.unref();
      used = 0;
    }
    used++;
    const id = n++;
    return new Promise((resolve, reject) => {
      const onMsg = (m) => { if (m.id === id) { worker.off('message', onMsg); m.error ? reject(new Error(m.error)) : resolve(m.result); } };
      worker.on('message', onMsg);
      worker.postMessage({ id, query });
    });
  };
}

if (!isMainThread && workerData?.dir) {
  parentPort.on('message', async ({ id, query }) => {
    try { parentPort.postMessage({ id, result: await coldSearch(workerData.dir, query, id) }); }
    catch (e) { parentPort.postMessage({ id, error: String(e?.stack || e) }); }
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
