// pbgdpl serve: live reload. Added to pages only by `pbgdpl serve`, never by `build`.
// Listens to /__pbgdpl/events: `reload` after a good rebuild (the scroll position is kept
// in sessionStorage across the reload), `build-error` after a failed one (an overlay lists
// the errors in Vietnamese over the last good page; the next good build reloads the page).
(() => {
  'use strict';
  const key = 'pbgdpl-serve-scroll:' + location.pathname;
  const saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    const y = Number(saved) || 0;
    const restore = () => window.scrollTo(0, y);
    if (document.readyState === 'complete') restore();
    else window.addEventListener('load', restore, { once: true });
  }

  const css = document.createElement('link');
  css.rel = 'stylesheet';
  css.href = '/__pbgdpl/overlay.css';
  document.head.appendChild(css);

  let firstBuild = null;
  const source = new EventSource('/__pbgdpl/events?path=' + encodeURIComponent(location.pathname));

  function reload() {
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  }

  source.addEventListener('hello', (e) => {
    // After the server restarts (or missed a rebuild while disconnected), catch up.
    if (firstBuild !== null && e.data !== firstBuild) reload();
    firstBuild = e.data;
  });
  source.addEventListener('reload', reload);
  source.addEventListener('build-error', (e) => showErrors(JSON.parse(e.data)));

  function showErrors(errors) {
    let box = document.getElementById('pbgdpl-loi');
    if (box) box.remove();
    box = document.createElement('section');
    box.id = 'pbgdpl-loi';
    box.setAttribute('role', 'alert');
    const h = document.createElement('h2');
    h.textContent = 'Không dựng được trang: ' + errors.length + ' lỗi. Trang dưới đây là bản đúng gần nhất.';
    box.appendChild(h);
    const list = document.createElement('ol');
    for (const d of errors) {
      const li = document.createElement('li');
      const where = document.createElement('p');
      where.className = 'pbgdpl-vi-tri';
      where.textContent = d.file + (d.line ? ':' + d.line + (d.column ? ':' + d.column : '') : '') +
        (d.field ? ' (trường ' + d.field + ')' : '');
      const msg = document.createElement('p');
      msg.textContent = d.message;
      li.append(where, msg);
      if (d.fix) {
        const fix = document.createElement('p');
        fix.className = 'pbgdpl-cach-sua';
        fix.textContent = 'Cách sửa: ' + d.fix;
        li.appendChild(fix);
      }
      list.appendChild(li);
    }
    box.appendChild(list);
    const close = document.createElement('button');
    close.type = 'button';
    close.textContent = 'Ẩn thông báo';
    close.addEventListener('click', () => box.remove());
    box.appendChild(close);
    document.body.appendChild(box);
  }
})();
