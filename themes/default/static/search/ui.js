// pbgdpl search page (tim-kiem/) and search boxes: runs the query from `?q=` (and filters
// `?section=&loai=&linhVuc=&nam=&tinhTrang=`) through engine.js, lists the hits with title,
// số ký hiệu, date and a highlighted excerpt, and keeps the URL shareable. Without JavaScript
// the forms still submit to tim-kiem/, whose page explains that search needs JavaScript.
import { createSearch, highlight } from './engine.js';

const root = new URL('../', import.meta.url);
const FILTERS = { section: 'Chuyên mục', loai: 'Loại văn bản', linhVuc: 'Lĩnh vực', nam: 'Năm', tinhTrang: 'Tình trạng hiệu lực' };
let engine;
const getEngine = () => (engine ||= createSearch({ baseUrl: root.href, fetch: (u) => fetch(u) }));

// Prefetch the root as soon as any search box gets focus.
for (const input of document.querySelectorAll('form[role=search] input[name=q]')) {
  input.addEventListener('focus', () => { getEngine().catch(() => {}); }, { once: true });
}

const out = document.getElementById('ket-qua');
const form = out && document.querySelector('form.tim-kiem');
if (out && form) {
  document.documentElement.classList.add('co-tim-kiem');
  for (const note of document.querySelectorAll('.can-javascript')) note.hidden = true;
  const input = form.querySelector('input[name=q]');
  const el = (tag, props = {}, ...kids) => { const e = Object.assign(document.createElement(tag), props); e.append(...kids); return e; };

  async function addFilters() {
    const { facets } = await getEngine();
    const params = new URLSearchParams(location.search);
    const box = el('fieldset', { className: 'bo-loc' }, el('legend', { textContent: 'Lọc kết quả' }));
    for (const [key, label] of Object.entries(FILTERS)) {
      const values = facets[key];
      if (!values || values.length < 2) continue;
      const id = `loc-${key}`;
      const select = el('select', { id, name: key }, el('option', { value: '', textContent: 'Tất cả' }));
      for (const [slug, name, count] of values) select.append(el('option', { value: slug, textContent: `${name} (${count})`, selected: params.get(key) === slug }));
      box.append(el('p', {}, el('label', { htmlFor: id, textContent: label }), ' ', select));
    }
    form.append(box);
  }

  async function run() {
    const params = new URLSearchParams(location.search);
    const q = (params.get('q') || '').trim();
    input.value = q;
    document.title = q ? `Tìm kiếm: ${q}` : document.title;
    if (!q) { out.replaceChildren(); return; }
    out.setAttribute('aria-busy', 'true');
    const filters = Object.fromEntries(Object.keys(FILTERS).filter(k => params.get(k)).map(k => [k, params.get(k)]));
    try {
      const { search } = await getEngine();
      const hits = await search(q, { limit: 20, filters });
      const list = el('ol', { className: 'ket-qua-tim-kiem' });
      for (const h of hits) {
        const meta = [h.soKyHieu, h.date, h.title !== h.page ? h.page : ''].filter(Boolean).join(' · ');
        const excerpt = el('p', { className: 'trich-doan' });
        excerpt.innerHTML = highlight(h.excerpt, q);
        list.append(el('li', {},
          el('h2', {}, el('a', { href: new URL(h.url, root).href, textContent: h.title })),
          meta ? el('p', { className: 'thong-tin', textContent: meta }) : '', excerpt));
      }
      const count = el('p', { className: 'so-ket-qua', textContent: hits.length
        ? `${hits.length} kết quả cho “${q}”.`
        : `Không tìm thấy kết quả cho “${q}”. Hãy thử từ khóa ngắn hơn hoặc số ký hiệu văn bản.` });
      out.replaceChildren(count, list);
    } catch (e) {
      out.replaceChildren(el('p', { textContent: 'Không tải được chỉ mục tìm kiếm. Vui lòng thử lại sau.' }));
    } finally {
      out.removeAttribute('aria-busy');
    }
  }

  // Search without reloading, but keep the query (and filters) in the URL so results can be shared.
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const params = new URLSearchParams(new FormData(form));
    for (const [k, v] of [...params]) if (!v) params.delete(k);
    history.pushState(null, '', `?${params}`);
    run();
  });
  addEventListener('popstate', run);
  addFilters().catch(() => {});
  run();
}
