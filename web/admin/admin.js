// The shop's dashboard: the retailer's figures from /api/v1/admin/analytics.
// Plain JavaScript, no build step. The admin key is typed once and kept in
// sessionStorage (this tab only). Every piece of data goes into the page
// through el() and textContent; no string is ever parsed as markup.
(function () {
  'use strict';
  const KEY = 'shopkeeper.adminKey';
  const $ = (id) => document.getElementById(id);
  const SVG = 'http://www.w3.org/2000/svg';

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) continue;
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else node.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat()) {
      if (c != null && c !== false) node.append(c);
    }
    return node;
  }

  function svg(tag, attrs, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    if (text != null) node.textContent = text;
    return node;
  }

  async function api(path, accept) {
    const res = await fetch(path, { headers: { Authorization: 'Bearer ' + sessionStorage.getItem(KEY), Accept: accept || 'application/json' } });
    if (res.status === 401) {
      sessionStorage.removeItem(KEY);
      showLogin('That key was not accepted.');
      throw new Error('unauthorized');
    }
    if (!res.ok) {
      let msg = 'HTTP ' + res.status;
      try { msg = (await res.json()).error.message || msg; } catch (_) { /* not JSON */ }
      throw new Error(msg);
    }
    return accept === 'text/csv' ? res.blob() : res.json();
  }

  function query() {
    const q = new URLSearchParams({ from: $('from').value, to: $('to').value });
    if ($('channel').value) q.set('channel', $('channel').value);
    if ($('language').value) q.set('language', $('language').value);
    return q;
  }

  const pct = (r) => (r * 100).toFixed(1) + '%';
  const money = (m) => m.amount + ' ' + m.currency;
  const secs = (ms) => ms < 1000 ? ms + ' ms' : ms < 60000 ? (ms / 1000).toFixed(1) + ' s' : (ms / 60000).toFixed(1) + ' min';

  function cards(r) {
    const items = [
      ['Conversations', r.conversations],
      ['Contained', r.contained + ' (' + pct(r.containment_rate) + ')'],
      ['Hand-offs', r.handoffs],
      ['Orders', r.orders],
      ['Revenue', money(r.revenue)],
      ['Average order', money(r.aov)],
      ['Conversion', pct(r.conversion_rate)],
      ['Carts abandoned', r.carts_abandoned],
      ['Carts recovered', r.carts_recovered + ' (' + pct(r.cart_recovery_rate) + ')'],
      ['CSAT', r.csat.responses ? r.csat.average.toFixed(2) + ' / 5 · ' + pct(r.csat.satisfied_rate) + ' satisfied' : '–'],
      ['CSAT responses', r.csat.responses],
      ['First response p50 / p90', secs(r.first_response_ms.p50) + ' / ' + secs(r.first_response_ms.p90)],
    ];
    $('cards').replaceChildren(...items.map(([label, value]) =>
      el('div', { class: 'card' }, el('div', { class: 'value', text: String(value) }), el('div', { class: 'label', text: label }))));
  }

  // chart draws conversations (light) and orders (dark) per day as bars.
  function chart(days) {
    const W = 900, H = 240, pad = 28, base = H - 22;
    const max = Math.max(1, ...days.map((d) => d.conversations));
    const step = (W - pad) / Math.max(1, days.length);
    const bar = Math.max(1, step * 0.7);
    const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Conversations and orders by day' });
    for (const frac of [0, 0.5, 1]) {
      const y = base - frac * (base - 10);
      root.append(svg('line', { x1: pad, x2: W, y1: y, y2: y, stroke: '#dde1e8' }));
      root.append(svg('text', { x: 0, y: y + 3 }, String(Math.round(frac * max))));
    }
    const every = Math.ceil(days.length / 10);
    days.forEach((d, i) => {
      const x = pad + i * step + (step - bar) / 2;
      const hc = (d.conversations / max) * (base - 10);
      const ho = (d.orders / max) * (base - 10);
      const g = svg('g');
      g.append(svg('title', {}, `${d.date}: ${d.conversations} conversations, ${d.orders} orders, ${money(d.revenue)}`));
      g.append(svg('rect', { class: 'conv', x, y: base - hc, width: bar, height: hc }));
      g.append(svg('rect', { class: 'ord', x, y: base - ho, width: bar, height: ho }));
      root.append(g);
      if (i % every === 0) root.append(svg('text', { x, y: H - 6 }, d.date.slice(5)));
    });
    $('chart').replaceChildren(root);
  }

  function channels(byChannel) {
    const rows = Object.entries(byChannel).sort((a, b) => b[1].conversations - a[1].conversations)
      .map(([name, f]) => el('tr', {}, el('td', { text: name }), el('td', { class: 'num', text: String(f.conversations) }), el('td', { class: 'num', text: String(f.orders) })));
    $('channels').tBodies[0].replaceChildren(...(rows.length ? rows : [el('tr', {}, el('td', { colspan: '3', class: 'muted', text: 'No conversations in this period.' }))]));
  }

  function team(t) {
    const rows = t.agents.map((a) => el('tr', {},
      el('td', { text: a.name || '#' + a.id }),
      el('td', { class: 'num', text: String(a.conversations) }),
      el('td', { class: 'num', text: secs(a.first_response_ms.p50) }),
      el('td', { class: 'num', text: secs(a.resolution_ms.p50) }),
      el('td', { class: 'num', text: a.csat.responses ? a.csat.average.toFixed(2) + ' (' + a.csat.responses + ')' : '–' }),
      el('td', { class: 'num', text: String(a.transfers) })));
    $('team').tBodies[0].replaceChildren(...(rows.length ? rows : [el('tr', {}, el('td', { colspan: '6', class: 'muted', text: 'No hand-offs in this period.' }))]));
  }

  async function load() {
    $('status').textContent = 'Loading…';
    try {
      const q = query();
      const [r, t] = await Promise.all([api('/api/v1/admin/analytics?' + q), api('/api/v1/admin/analytics/agents?' + q)]);
      cards(r);
      chart(r.by_day);
      channels(r.by_channel);
      team(t);
      $('status').textContent = `${r.from} – ${r.to}`;
    } catch (e) {
      if (e.message !== 'unauthorized') $('status').textContent = 'Could not load the figures: ' + e.message;
    }
  }

  // The CSV needs the admin key, which a plain link cannot send: fetch it
  // and hand the browser a blob to save.
  async function downloadCSV(ev) {
    ev.preventDefault();
    try {
      const q = query();
      q.set('format', 'csv');
      const blob = await api('/api/v1/admin/analytics?' + q, 'text/csv');
      const url = URL.createObjectURL(blob);
      const a = el('a', { href: url, download: `analytics-${$('from').value}-${$('to').value}.csv` });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (e) {
      if (e.message !== 'unauthorized') $('status').textContent = 'Could not download: ' + e.message;
    }
  }

  function showLogin(message) {
    $('app').hidden = true;
    $('login').hidden = false;
    $('login-error').hidden = !message;
    $('login-error').textContent = message || '';
    $('login-key').focus();
  }

  function showApp() {
    $('login').hidden = true;
    $('app').hidden = false;
    load();
  }

  function isoDay(d) {
    const z = new Date(d.getTime() - d.getTimezoneOffset() * 60000);
    return z.toISOString().slice(0, 10);
  }

  document.addEventListener('DOMContentLoaded', () => {
    const today = new Date();
    $('to').value = isoDay(today);
    $('from').value = isoDay(new Date(today.getTime() - 29 * 86400000));
    $('login-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      const key = $('login-key').value.trim();
      if (!key) return showLogin('Type the admin key.');
      sessionStorage.setItem(KEY, key);
      $('login-key').value = '';
      showApp();
    });
    $('filters').addEventListener('submit', (ev) => { ev.preventDefault(); load(); });
    $('csv').addEventListener('click', downloadCSV);
    $('logout').addEventListener('click', () => { sessionStorage.removeItem(KEY); showLogin(''); });
    if (sessionStorage.getItem(KEY)) showApp(); else showLogin('');
  });
})();
