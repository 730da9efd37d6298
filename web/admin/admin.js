// The shop's web admin: figures, team, conversations, training, knowledge
// base, catalogue and settings, over the admin API. Plain JavaScript, no
// build step. A team member with the admin role signs in through the agent
// sign-in (an HttpOnly session cookie, the same back-off and second factor
// as the console); the admin key remains a way in, kept in sessionStorage
// (this tab only). Every piece of data goes into the page through el() and
// textContent; no string is ever parsed as markup.
(function () {
  'use strict';
  const KEY = 'shopkeeper.adminKey';
  const $ = (id) => document.getElementById(id);
  const SVG = 'http://www.w3.org/2000/svg';
  const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) continue;
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
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

  // api calls the admin API with the session cookie, or the key when the
  // tab was opened with it.
  async function api(path, opts) {
    opts = opts || {};
    const headers = { Accept: opts.accept || 'application/json' };
    const key = sessionStorage.getItem(KEY);
    if (key) headers.Authorization = 'Bearer ' + key;
    if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(path, { method: opts.method || 'GET', headers, credentials: 'same-origin',
      body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined });
    if (res.status === 401 && !opts.login) {
      sessionStorage.removeItem(KEY);
      showLogin('Please sign in again.');
      throw new Error('unauthorized');
    }
    if (!res.ok) {
      let msg = 'HTTP ' + res.status, code = '';
      try { const e = (await res.json()).error; msg = e.message || msg; code = e.code || ''; } catch (_) { /* not JSON */ }
      const err = new Error(msg);
      err.status = res.status;
      err.code = code;
      throw err;
    }
    if (res.status === 204) return null;
    return opts.accept === 'text/csv' ? res.blob() : res.json();
  }

  const pct = (r) => (r * 100).toFixed(1) + '%';
  const money = (m) => m.amount + ' ' + m.currency;
  const secs = (ms) => ms < 1000 ? ms + ' ms' : ms < 60000 ? (ms / 1000).toFixed(1) + ' s' : (ms / 60000).toFixed(1) + ' min';
  const when = (t) => new Date(t).toLocaleString();
  const empty = (cols, text) => el('tr', {}, el('td', { colspan: String(cols), class: 'muted', text }));
  const status = (text) => { $('status').textContent = text; };
  const count = (n, one, many) => n + ' ' + (n === 1 ? one : many);
  const failed = (what) => (e) => { if (e.message !== 'unauthorized') status(what + ': ' + e.message); };

  // ---- Dashboard and team ----

  // query leaves the dates out until the server has said which days it
  // means: "today" is the shop's, in its time zone, not the browser's.
  function query() {
    const q = new URLSearchParams();
    if ($('from').value) q.set('from', $('from').value);
    if ($('to').value) q.set('to', $('to').value);
    if ($('channel').value) q.set('channel', $('channel').value);
    if ($('language').value) q.set('language', $('language').value);
    return q;
  }

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
      // The same wait counting only the support hours (a question at night answered in the morning is not slow).
      ['First response in support hours p50 / p90', r.first_response_business_hours_ms
        ? secs(r.first_response_business_hours_ms.p50) + ' / ' + secs(r.first_response_business_hours_ms.p90) : '–'],
      ['Returning customers', r.identified_conversations ? pct(r.returning_customer_rate) + ' (' + r.returning_conversations + ' of ' + r.identified_conversations + ')' : '–'],
    ];
    $('cards').replaceChildren(...items.map(([label, value]) =>
      el('div', { class: 'card' }, el('div', { class: 'value', text: String(value) }), el('div', { class: 'label', text: label }))));
  }

  function savings(r) {
    const s = r.savings;
    if (!s) {
      $('savings').replaceChildren(el('span', { class: 'muted', text: 'Set --savings-hourly-cost and --savings-minutes to see an estimate.' }));
      return;
    }
    $('savings').replaceChildren(
      el('strong', { id: 'savings-amount', text: money(s.amount) }), ' = ',
      el('span', { text: `${s.contained} contained conversations × ${s.minutes_per_conversation} min × ${money(s.hourly_cost)} per hour ÷ 60` }),
      el('br'), el('span', { class: 'muted', text: 'Formula: ' + s.formula + '. Both rates are settings (see Settings).' }));
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

  // heatmap draws conversations per weekday and hour, darker for more.
  function heatmap(grid) {
    const cell = 30, left = 40, top = 16;
    const max = Math.max(1, ...grid.flat());
    const root = svg('svg', { viewBox: `0 0 ${left + 24 * cell} ${top + 7 * cell}`, role: 'img', 'aria-label': 'Conversations by hour of the week' });
    for (let h = 0; h < 24; h += 3) root.append(svg('text', { x: left + h * cell + 2, y: 11 }, String(h).padStart(2, '0') + 'h'));
    grid.forEach((hours, d) => {
      root.append(svg('text', { x: 0, y: top + d * cell + 19 }, DAYS[d]));
      hours.forEach((n, h) => {
        const g = svg('g');
        g.append(svg('title', {}, `${DAYS[d]} ${String(h).padStart(2, '0')}:00: ${n} conversations`));
        g.append(svg('rect', { class: 'hour', x: left + h * cell, y: top + d * cell, width: cell - 2, height: cell - 2,
          'data-day': d, 'data-hour': h, 'data-n': n, 'fill-opacity': n ? (0.15 + 0.85 * n / max).toFixed(2) : 0.04 }));
        root.append(g);
      });
    });
    $('heatmap').replaceChildren(root);
  }

  function channels(byChannel) {
    const rows = Object.entries(byChannel).sort((a, b) => b[1].conversations - a[1].conversations)
      .map(([name, f]) => el('tr', {}, el('td', { text: name }), el('td', { class: 'num', text: String(f.conversations) }), el('td', { class: 'num', text: String(f.orders) })));
    $('channels').tBodies[0].replaceChildren(...(rows.length ? rows : [empty(3, 'No conversations in this period.')]));
  }

  function team(t) {
    const rows = t.agents.map((a) => el('tr', {},
      el('td', { text: a.name || '#' + a.id }),
      el('td', { class: 'num', text: String(a.conversations) }),
      el('td', { class: 'num', text: secs(a.first_response_ms.p50) }),
      el('td', { class: 'num', text: secs(a.resolution_ms.p50) }),
      el('td', { class: 'num bh-first', text: secs(a.first_response_business_hours_ms.p50) }),
      el('td', { class: 'num bh-resolution', text: secs(a.resolution_business_hours_ms.p50) }),
      el('td', { class: 'num', text: a.csat.responses ? a.csat.average.toFixed(2) + ' (' + a.csat.responses + ')' : '–' }),
      el('td', { class: 'num', text: String(a.transfers) })));
    $('team').tBodies[0].replaceChildren(...(rows.length ? rows : [empty(8, 'No hand-offs in this period.')]));
  }

  async function loadFigures() {
    status('Loading…');
    try {
      const q = query();
      const [r, t] = await Promise.all([api('/api/v1/admin/analytics?' + q), api('/api/v1/admin/analytics/agents?' + q)]);
      cards(r);
      savings(r);
      chart(r.by_day);
      heatmap(r.by_hour_of_week);
      channels(r.by_channel);
      team(t);
      if (!$('from').value) $('from').value = r.from;
      if (!$('to').value) $('to').value = r.to;
      status(`${r.from} – ${r.to}`);
    } catch (e) { failed('Could not load the figures')(e); }
  }

  // The CSV needs the credentials, which a plain link may not carry (the
  // key): fetch it and hand the browser a blob to save.
  async function downloadCSV(ev) {
    ev.preventDefault();
    try {
      const q = query();
      q.set('format', 'csv');
      const blob = await api('/api/v1/admin/analytics?' + q, { accept: 'text/csv' });
      const url = URL.createObjectURL(blob);
      const a = el('a', { href: url, download: `analytics-${$('from').value}-${$('to').value}.csv` });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (e) { failed('Could not download')(e); }
  }

  // ---- Conversation explorer ----

  let convCursor = '';

  async function loadConversations(more) {
    const q = new URLSearchParams({ limit: '50' });
    for (const f of ['channel', 'language', 'status']) if ($('conv-' + f).value) q.set(f, $('conv-' + f).value);
    if (more && convCursor) q.set('cursor', convCursor);
    try {
      const r = await api('/api/v1/admin/conversations?' + q);
      convCursor = r.next_cursor || '';
      $('conv-more').hidden = !convCursor;
      const rows = r.conversations.map((c) => el('tr', { class: 'link', 'data-id': c.id, tabindex: '0', onclick: () => openConversation(c.id),
        onkeydown: (ev) => { if (ev.key === 'Enter') openConversation(c.id); } },
      el('td', { text: when(c.updated_at) }), el('td', { text: c.channel }), el('td', { text: c.language }), el('td', { text: c.status })));
      const body = $('conv-list').tBodies[0];
      if (more) body.append(...rows);
      else body.replaceChildren(...(rows.length ? rows : [empty(4, 'No conversations match.')]));
      status(count(body.querySelectorAll('tr[data-id]').length, 'conversation', 'conversations'));
    } catch (e) { failed('Could not list the conversations')(e); }
  }

  function nluLine(m) {
    if (!m.nlu) return null;
    const n = m.nlu;
    return el('div', { class: 'nlu', text: `NLU: ${n.intent || '–'} (${Number(n.confidence || 0).toFixed(2)})${n.language ? ' · ' + n.language : ''}` });
  }

  async function openConversation(id) {
    const box = $('transcript');
    box.replaceChildren(el('p', { class: 'muted', text: 'Loading…' }));
    try {
      const c = await api('/api/v1/admin/conversations/' + encodeURIComponent(id));
      const parts = [el('h2', { text: 'Conversation ' + c.id.slice(0, 8) }),
        el('p', { class: 'muted', text: `${c.channel} · ${c.language} · ${c.status} · started ${when(c.created_at)}` })];
      if (c.handoff && (c.handoff.reason || c.handoff.summary)) {
        parts.push(el('div', { class: 'handoff' }, el('strong', { text: 'Hand-off' + (c.handoff.reason ? ' (' + c.handoff.reason + ')' : '') }),
          el('p', { id: 'handoff-summary', text: c.handoff.summary || '' }), c.handoff.agent ? el('p', { class: 'muted', text: 'Agent: ' + c.handoff.agent }) : null));
      }
      if (c.orders && c.orders.length) {
        parts.push(el('div', { class: 'orders' }, el('strong', { text: 'Orders' }),
          el('ul', {}, c.orders.map((o) => el('li', {}, el('a', { href: '#', class: 'order-link', onclick: (ev) => { ev.preventDefault(); showOrder(o.number); } , text: o.number }),
            ' · ' + o.status + ' · ' + money(o.total)))), el('div', { id: 'order-detail' })));
      }
      parts.push(el('ol', { class: 'transcript' }, c.transcript.map((m) => el('li', { class: 'msg from-' + m.from },
        el('span', { class: 'who', text: m.from === 'agent' && m.agent_name ? m.agent_name : m.from }),
        el('span', { class: 'text', text: m.text || (m.items ? m.items.map((i) => i.title).join(', ') : m.type) }),
        m.fallback ? el('span', { class: 'tag', text: 'did not understand' }) : null,
        nluLine(m)))));
      box.replaceChildren(...parts);
    } catch (e) {
      box.replaceChildren(el('p', { class: 'error', text: 'Could not open it: ' + e.message }));
    }
  }

  async function showOrder(number) {
    try {
      const o = await api('/api/v1/admin/orders/' + encodeURIComponent(number));
      $('order-detail').replaceChildren(el('div', { class: 'card' },
        el('strong', { text: 'Order ' + o.number }),
        el('p', { text: `${o.status} · payment ${o.payment_status || '–'} · ${money(o.total)}` }),
        el('ul', {}, (o.lines || o.items || []).map((l) => el('li', { text: `${l.quantity} × ${l.title || l.sku}` })))));
    } catch (e) { failed('Could not open the order')(e); }
  }

  // ---- Training review ----

  async function parse(text, lang) {
    const r = await fetch('/api/v1/nlu/parse', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text, lang }) });
    if (!r.ok) throw new Error('HTTP ' + r.status);
    return r.json();
  }
  const parsed = (p) => `${p.intent.name || '–'} (${Number(p.intent.confidence || 0).toFixed(2)})`;

  async function loadTraining() {
    try {
      const [items, intents] = await Promise.all([api('/api/v1/admin/training-review'), api('/api/v1/admin/nlu/intents')]);
      $('intents').replaceChildren(...intents.intents.map((i) => el('option', { value: i })));
      const rows = items.items.map((it) => {
        const input = el('input', { list: 'intents', class: 'intent', 'aria-label': 'Intent for ' + it.text, placeholder: 'intent' });
        const result = el('div', { class: 'result muted' });
        const label = async () => {
          const intent = input.value.trim();
          if (!intent) { input.focus(); return; }
          try {
            const before = await parse(it.text, it.lang);
            await api('/api/v1/admin/training-review/' + it.id, { method: 'POST', body: { intent } });
            const after = await parse(it.text, it.lang);
            result.textContent = `Labelled. Before: ${parsed(before)} → after: ${parsed(after)}`;
            result.dataset.after = after.intent.name || '';
            input.disabled = true;
          } catch (e) { result.textContent = 'Could not label: ' + e.message; }
        };
        const dismiss = async () => {
          try { await api('/api/v1/admin/training-review/' + it.id, { method: 'POST', body: { dismiss: true } }); result.textContent = 'Dismissed.'; input.disabled = true; } catch (e) { result.textContent = 'Could not dismiss: ' + e.message; }
        };
        return el('tr', { 'data-id': String(it.id) },
          el('td', { text: it.text }), el('td', { text: it.lang }),
          el('td', { text: `${it.intent || '–'} (${Number(it.confidence).toFixed(2)})` }), el('td', { text: it.why }),
          el('td', {}, input, el('button', { type: 'button', class: 'label-btn', onclick: label, text: 'Label and retrain' }),
            el('button', { type: 'button', onclick: dismiss, text: 'Dismiss' }), result));
      });
      $('review').tBodies[0].replaceChildren(...(rows.length ? rows : [empty(5, 'Nothing to review: the bot understood everything.')]));
      status(count(rows.length, 'message', 'messages') + ' to review');
    } catch (e) { failed('Could not load the training review')(e); }
  }

  // ---- Knowledge base ----

  let kbArticles = [];
  let kbEditing = '';

  async function loadKnowledge() {
    try {
      kbArticles = (await api('/api/v1/admin/articles')).articles;
      const rows = kbArticles.map((a) => el('tr', { 'data-slug': a.slug },
        el('td', {}, el('a', { href: '#', onclick: (ev) => { ev.preventDefault(); editArticle(a); }, text: a.slug })),
        el('td', { text: a.topic }),
        el('td', { text: (a.translations.en || Object.values(a.translations)[0] || {}).title || '' }),
        el('td', {}, el('button', { type: 'button', class: 'danger', onclick: () => deleteArticle(a.slug), text: 'Delete' }))));
      $('kb-list').tBodies[0].replaceChildren(...(rows.length ? rows : [empty(4, 'No articles yet.')]));
      status(count(rows.length, 'article', 'articles'));
    } catch (e) { failed('Could not load the articles')(e); }
  }

  function fillTranslation(a) {
    const t = (a && a.translations[$('kb-lang').value]) || {};
    $('kb-title-in').value = t.title || '';
    $('kb-answer').value = t.answer || '';
    $('kb-body').value = t.body || '';
    $('kb-keywords').value = (t.keywords || []).join(', ');
  }

  function editArticle(a) {
    kbEditing = a ? a.slug : '';
    $('kb-form-title').textContent = a ? 'Edit ' + a.slug : 'New article';
    $('kb-slug').value = a ? a.slug : '';
    $('kb-slug').disabled = !!a;
    $('kb-topic').value = a ? a.topic : 'other';
    $('kb-error').hidden = true;
    fillTranslation(a);
  }

  async function saveArticle(ev) {
    ev.preventDefault();
    const slug = $('kb-slug').value.trim();
    const current = kbArticles.find((a) => a.slug === kbEditing);
    const translations = Object.assign({}, current ? current.translations : {});
    translations[$('kb-lang').value] = { title: $('kb-title-in').value, answer: $('kb-answer').value, body: $('kb-body').value,
      keywords: $('kb-keywords').value.split(',').map((k) => k.trim()).filter(Boolean) };
    const body = { slug, topic: $('kb-topic').value, position: current ? current.position : 0, translations };
    try {
      if (kbEditing) await api('/api/v1/admin/articles/' + encodeURIComponent(kbEditing), { method: 'PUT', body });
      else await api('/api/v1/admin/articles', { method: 'POST', body });
      status('Saved ' + slug);
      await loadKnowledge();
      editArticle(kbArticles.find((a) => a.slug === slug));
    } catch (e) {
      if (e.message === 'unauthorized') return;
      $('kb-error').hidden = false;
      $('kb-error').textContent = e.message;
    }
  }

  async function deleteArticle(slug) {
    if (!window.confirm('Delete the article ' + slug + '?')) return;
    try {
      await api('/api/v1/admin/articles/' + encodeURIComponent(slug), { method: 'DELETE' });
      status('Deleted ' + slug);
      if (kbEditing === slug) editArticle(null);
      loadKnowledge();
    } catch (e) { failed('Could not delete')(e); }
  }

  // ---- Catalogue ----

  async function loadCatalogue() {
    const q = new URLSearchParams({ limit: '200' });
    if ($('cat-q').value.trim()) q.set('q', $('cat-q').value.trim());
    try {
      const r = await api('/api/v1/admin/products?' + q);
      const rows = [];
      for (const p of r.products) {
        for (const v of p.variants) {
          rows.push(el('tr', { class: v.stock > 0 ? '' : 'out' },
            el('td', { text: p.title }), el('td', { text: v.sku }),
            el('td', { text: Object.values(v.options || {}).join(' / ') }),
            el('td', { class: 'num', text: money(v.price) }), el('td', { class: 'num stock', text: String(v.stock) }),
            el('td', { text: p.status })));
        }
      }
      $('catalogue').tBodies[0].replaceChildren(...(rows.length ? rows : [empty(6, 'No products.')]));
      status(count(r.products.length, 'product', 'products'));
    } catch (e) { failed('Could not load the catalogue')(e); }
  }

  // ---- Settings ----

  async function loadSettings() {
    try {
      const r = await api('/api/v1/admin/settings');
      const rows = r.settings.map((s) => el('tr', { 'data-name': s.name },
        el('td', {}, el('code', { text: s.name }), s.usage ? el('div', { class: 'muted small', text: s.usage }) : null),
        el('td', {}, s.env && s.env !== s.name ? el('code', { text: s.env }) : null),
        el('td', { class: 'value', text: s.value === '' ? '–' : s.value }),
        el('td', {}, el('span', { class: 'source src-' + s.source, text: s.source }))));
      $('settings').tBodies[0].replaceChildren(...(rows.length ? rows : [empty(4, 'The server did not say.')]));
      $('editable').tBodies[0].replaceChildren(...(r.editable || []).map(editableRow));
      loadCoupons();
      loadReturnPolicy();
      loadShipping();
      loadAway();
      status(count(rows.length, 'setting', 'settings'));
    } catch (e) { failed('Could not load the settings')(e); }
  }

  const SETTING_LABELS = { tone: 'Tone of the replies', support_hours: 'Support hours (e.g. Mon-Fri 09:00-18:00; empty: always)',
    support_timezone: 'Time zone of the support hours only (e.g. Europe/Amsterdam; the figures and quiet hours keep --timezone)', loyalty_points_per_unit: 'Loyalty: points per unit paid (0: off)',
    loyalty_point_value: 'Loyalty: value of a point, in minor units', loyalty_min_redeem: 'Loyalty: fewest points spent at once' };

  // editableRow is one setting the admin may change: save or reset, with the
  // server's reason when it refuses a value.
  function editableRow(s) {
    const input = s.name === 'tone'
      ? el('select', { name: s.name }, ['friendly', 'formal'].map((t) => el('option', { value: t, text: t, selected: t === s.value })))
      : el('input', { name: s.name, value: s.value, size: '28' });
    const change = (method, body) => async () => {
      $('editable-error').textContent = '';
      try {
        await api('/api/v1/admin/settings/' + encodeURIComponent(s.name), { method, body });
        status(s.name + (method === 'PUT' ? ' saved' : ' reset to the default'));
        loadSettings();
      } catch (e) { if (e.message !== 'unauthorized') $('editable-error').textContent = e.message; }
    };
    return el('tr', { 'data-name': s.name },
      el('td', {}, el('code', { text: s.name }), el('div', { class: 'muted small', text: SETTING_LABELS[s.name] || '' })),
      el('td', {}, input),
      el('td', { class: 'default', text: s.default === '' ? '–' : s.default }),
      el('td', {}, el('span', { class: 'source src-' + s.source, text: s.source })),
      el('td', {}, el('button', { type: 'button', class: 'save', text: 'Save', onclick: () => change('PUT', { value: input.value })() }),
        s.source === 'admin' ? el('button', { type: 'button', class: 'reset', text: 'Reset', onclick: change('DELETE') }) : null));
  }

  // ---- Document settings: return policy, shipping rules, away message, channels ----
  // GET /api/v1/admin/settings/{name} answers {value, default, source}; PUT
  // takes the document as the body; a refusal names the field at fault.

  const getDoc = (name) => api('/api/v1/admin/settings/' + name);
  async function saveDoc(name, value, errorEl, what) {
    errorEl.textContent = '';
    try {
      await api('/api/v1/admin/settings/' + name, { method: value === undefined ? 'DELETE' : 'PUT', body: value });
      status(what + (value === undefined ? ' reset to the default' : ' saved'));
      return true;
    } catch (e) {
      if (e.message !== 'unauthorized') errorEl.textContent = e.message;
      return false;
    }
  }
  const sourceLabel = (id, source) => { $(id).className = 'source src-' + source; $(id).textContent = source; };
  const list = (s) => s.split(',').map((x) => x.trim()).filter(Boolean);

  async function loadReturnPolicy() {
    try {
      const d = await getDoc('return_policy');
      const p = d.value;
      $('rp-window').value = p.window_days;
      $('rp-types').value = (p.excluded_types || []).join(', ');
      $('rp-tags').value = (p.excluded_tags || []).join(', ');
      $('rp-postage').value = p.return_shipping || '';
      $('rp-json').value = JSON.stringify(p, null, 2);
      sourceLabel('rp-source', d.source);
    } catch (e) { failed('Could not load the return policy')(e); }
  }
  $('rp-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    let p;
    try { p = JSON.parse($('rp-json').value); } catch (_) { $('rp-error').textContent = 'The policy JSON does not read: ' + _.message; return; }
    // The fields above win over the same fields in the JSON.
    p.window_days = Number($('rp-window').value);
    p.excluded_types = list($('rp-types').value);
    p.excluded_tags = list($('rp-tags').value);
    if ($('rp-postage').value) p.return_shipping = $('rp-postage').value; else delete p.return_shipping;
    if (await saveDoc('return_policy', p, $('rp-error'), 'Return policy')) loadReturnPolicy();
  });
  $('rp-reset').addEventListener('click', async () => { if (await saveDoc('return_policy', undefined, $('rp-error'), 'Return policy')) loadReturnPolicy(); });

  // Prices in the rules are minor units of the shop's currency, whose number
  // of decimals differs (EUR 2, JPY 0, KWD 3): ask Intl rather than divide by 100.
  let shopDigits = null;
  const minor = (n) => (n / 10 ** shopDigits).toFixed(shopDigits);
  async function loadShipping() {
    try {
      if (shopDigits === null) {
        const shop = await api('/api/v1/shop');
        try {
          shopDigits = new Intl.NumberFormat('en', { style: 'currency', currency: shop.currency }).resolvedOptions().maximumFractionDigits;
        } catch (_) { shopDigits = 2; }
      }
      const d = await getDoc('shipping_rules');
      $('sr-json').value = JSON.stringify(d.value, null, 2);
      $('sr-zones').tBodies[0].replaceChildren(...d.value.zones.map((z) => el('tr', { 'data-zone': z.name },
        el('td', { text: z.name }), el('td', { text: z.countries.join(', ') }),
        el('td', { text: z.options.map((o) => o.code + ' ' + minor(o.price) + (o.free_over != null ? ' (free over ' + minor(o.free_over) + ')' : '') +
          ', ' + o.min_days + '–' + o.max_days + ' days').join('; ') }))));
      sourceLabel('sr-source', d.source);
    } catch (e) { failed('Could not load the shipping rules')(e); }
  }
  $('sr-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    let z;
    try { z = JSON.parse($('sr-json').value); } catch (_) { $('sr-error').textContent = 'The rules do not read as JSON: ' + _.message; return; }
    if (await saveDoc('shipping_rules', z, $('sr-error'), 'Shipping rules')) loadShipping();
  });
  $('sr-reset').addEventListener('click', async () => { if (await saveDoc('shipping_rules', undefined, $('sr-error'), 'Shipping rules')) loadShipping(); });

  const LANGS = { en: 'English', nl: 'Nederlands', ms: 'Bahasa Melayu', zh: '中文', nb: 'Norsk bokmål', hy: 'Հայերեն' };
  async function loadAway() {
    try {
      const d = await getDoc('away_message');
      $('away-fields').replaceChildren(...Object.entries(LANGS).map(([code, name]) => el('label', { class: 'away-lang' },
        el('span', { text: name + ' (' + code + ')' }), el('br'),
        el('textarea', { id: 'away-' + code, 'data-lang': code, rows: '2', cols: '70', maxlength: '500' }))));
      for (const code of Object.keys(LANGS)) $('away-' + code).value = d.value[code] || '';
      sourceLabel('away-source', d.source);
    } catch (e) { failed('Could not load the away message')(e); }
  }
  $('away-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const m = {};
    for (const code of Object.keys(LANGS)) m[code] = $('away-' + code).value;
    if (await saveDoc('away_message', m, $('away-error'), 'Away message')) loadAway();
  });
  $('away-reset').addEventListener('click', async () => { if (await saveDoc('away_message', undefined, $('away-error'), 'Away message')) loadAway(); });

  // ---- Discount codes ----

  let shopCurrency = '';
  async function loadCoupons() {
    try {
      const r = await api('/api/v1/admin/coupons');
      shopCurrency = r.currency;
      const rows = r.coupons.map((c) => el('tr', { 'data-code': c.code },
        el('td', {}, el('code', { text: c.code })),
        el('td', { text: c.kind === 'percent' ? c.percent + '%' : c.kind === 'fixed' ? money(c.amount) : 'free shipping' }),
        el('td', { text: c.min_spend ? money(c.min_spend) : '–' }),
        el('td', { text: c.expires_at ? when(c.expires_at) : '–' }),
        el('td', { class: 'num', text: c.uses + ' / ' + (c.max_uses || '∞') }),
        el('td', { text: [c.once_per_customer ? 'once per customer' : '', c.active ? '' : 'inactive'].filter(Boolean).join(', ') || '–' })));
      $('coupons').tBodies[0].replaceChildren(...(rows.length ? rows : [empty(6, 'No discount codes yet.')]));
    } catch (e) { failed('Could not load the discount codes')(e); }
  }

  $('coupon-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    $('coupon-error').textContent = '';
    const kind = $('coupon-kind').value, v = $('coupon-value').value.trim();
    const body = { code: $('coupon-code').value.trim(), kind, once_per_customer: $('coupon-once').checked, max_uses: Number($('coupon-max').value || 0) };
    if (kind === 'percent') body.percent = Number(v);
    if (kind === 'fixed') body.amount = { amount: v, currency: shopCurrency };
    if ($('coupon-min').value.trim()) body.min_spend = { amount: $('coupon-min').value.trim(), currency: shopCurrency };
    // The date is the end of that day in the browser's time zone.
    if ($('coupon-expires').value) body.expires_at = new Date($('coupon-expires').value + 'T23:59:59').toISOString();
    try {
      await api('/api/v1/admin/coupons', { method: 'POST', body });
      status('Discount code ' + body.code.toUpperCase() + ' saved');
      $('coupon-form').reset();
      loadCoupons();
    } catch (e) { if (e.message !== 'unauthorized') $('coupon-error').textContent = e.message; }
  });

  // ---- Channels and platforms ----

  async function loadIntegrations() {
    try {
      const [ch, pl, sw] = await Promise.all([api('/api/v1/admin/channels').catch(() => ({ channels: [] })), api('/api/v1/admin/platforms'),
        getDoc('channels').catch(() => ({ value: {} }))]);
      const switches = sw.value || {};
      const toggle = (c) => el('input', { type: 'checkbox', 'data-switch': c.channel, checked: !switches[c.channel] || switches[c.channel].enabled,
        disabled: !c.configured, onchange: async (ev) => {
          const next = Object.assign({}, switches, { [c.channel]: { enabled: ev.target.checked } });
          if (await saveDoc('channels', next, $('channels-error'), (names[c.channel] || c.channel) + (ev.target.checked ? ' on' : ' off'))) loadIntegrations();
          else ev.target.checked = !ev.target.checked;
        } });
      const names = { whatsapp: 'WhatsApp', messenger: 'Messenger', telegram: 'Telegram', sms: 'SMS and voice (Twilio)' };
      const chRows = (ch.channels || []).map((c) => el('tr', { 'data-channel': c.channel },
        el('td', { text: names[c.channel] || c.channel }),
        el('td', { text: c.configured ? 'configured' : 'not configured' }),
        el('td', {}, toggle(c)),
        el('td', { text: c.last_webhook_at ? when(c.last_webhook_at) : '–' }),
        el('td', { class: c.last_error ? 'error' : '', text: c.last_error ? c.last_error + ' (' + when(c.last_error_at) + ')' : '–' }),
        el('td', { class: 'num', text: String(c.backlog) }),
        el('td', { class: 'num', text: String(c.failed) }),
        el('td', { class: 'num', text: String(c.inbound_queued) })));
      $('channels-health').tBodies[0].replaceChildren(...(chRows.length ? chRows : [empty(8, 'No channel information.')]));
      const plRows = (pl.platforms || []).map((p) => el('tr', { 'data-platform': p.platform },
        el('td', { text: p.platform }),
        el('td', { text: p.last_sync_at ? when(p.last_sync_at) : 'not yet' }),
        el('td', { text: p.last_event_at ? when(p.last_event_at) : '–' }),
        el('td', { class: p.last_error ? 'error' : '', text: p.last_error ? p.last_error + ' (' + when(p.last_error_at) + ')' : '–' }),
        el('td', { class: 'num', text: String(p.products) }),
        el('td', { class: 'num', text: String(p.variants) }),
        el('td', { class: 'num', text: String(p.archived) }),
        el('td', { class: 'num', text: p.events_applied + ' / ' + p.events_failed + ' / ' + p.events_pending }),
        el('td', { class: 'num', text: p.orders_created + ' / ' + p.orders_pending })));
      $('platforms').tBodies[0].replaceChildren(...(plRows.length ? plRows : [empty(9, 'No platform configured: the catalogue comes from CSV imports (see README, "Commerce platforms").')]));
      status('');
    } catch (e) { failed('Could not load channels and platforms')(e); }
  }

  // ---- Pages, sign-in ----

  const loaders = { dashboard: loadFigures, team: loadFigures, conversations: () => loadConversations(false),
    training: loadTraining, knowledge: loadKnowledge, catalogue: loadCatalogue, integrations: loadIntegrations, settings: loadSettings };

  function show(page) {
    for (const b of document.querySelectorAll('#nav button')) b.classList.toggle('active', b.dataset.page === page);
    for (const d of document.querySelectorAll('[data-page]')) if (!d.closest('#nav')) d.hidden = d.dataset.page !== page;
    $('filters').hidden = !$('filters').dataset.pages.split(' ').includes(page);
    status('');
    if (location.hash !== '#' + page) history.replaceState(null, '', '#' + page);
    loaders[page]();
  }

  function showLogin(message) {
    $('app').hidden = true;
    $('login').hidden = false;
    $('login-error').hidden = !message;
    $('login-error').textContent = message || '';
    $('login-email').focus();
  }

  async function showApp() {
    try {
      const me = await api('/api/v1/admin/me', { login: true });
      $('who').textContent = me.by === 'agent' ? me.agent.name + ' (' + me.agent.email + ')' : 'admin key';
    } catch (e) {
      sessionStorage.removeItem(KEY);
      return showLogin(e.status === 403 ? 'This account has no admin role.' : (e.status === 401 ? '' : e.message));
    }
    $('login').hidden = true;
    $('app').hidden = false;
    const page = location.hash.slice(1);
    show(loaders[page] ? page : 'dashboard');
  }

  async function signIn(ev) {
    ev.preventDefault();
    const body = { email: $('login-email').value.trim(), password: $('login-password').value, code: $('login-code').value.trim() };
    if (!body.email || !body.password) return showLogin('Type your e-mail and password.');
    try {
      await api('/api/v1/agent/login', { method: 'POST', body, login: true });
    } catch (e) {
      if (e.code === 'totp_required') {
        $('login-code-row').hidden = false;
        $('login-code').focus();
        return showLogin(e.message);
      }
      return showLogin(e.status === 401 ? 'That e-mail and password do not match.' : e.message);
    }
    $('login-password').value = '';
    $('login-code').value = '';
    sessionStorage.removeItem(KEY);
    showApp();
  }

  async function signOut() {
    if (!sessionStorage.getItem(KEY)) {
      try { await api('/api/v1/agent/logout', { method: 'POST', body: {}, login: true }); } catch (_) { /* gone already */ }
    }
    sessionStorage.removeItem(KEY);
    showLogin('');
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('kb-topic').replaceChildren(...['shipping', 'returns', 'payment', 'warranty', 'privacy', 'sizing', 'store', 'account', 'orders', 'contact', 'other'].map((t) => el('option', { value: t, text: t })));
    $('login-form').addEventListener('submit', signIn);
    $('key-open').addEventListener('click', () => {
      const key = $('login-key').value.trim();
      if (!key) return showLogin('Type the admin key.');
      sessionStorage.setItem(KEY, key);
      $('login-key').value = '';
      showApp();
    });
    $('nav').addEventListener('click', (ev) => { const b = ev.target.closest('button[data-page]'); if (b) show(b.dataset.page); });
    $('filters').addEventListener('submit', (ev) => { ev.preventDefault(); loadFigures(); });
    $('csv').addEventListener('click', downloadCSV);
    $('conv-filters').addEventListener('submit', (ev) => { ev.preventDefault(); loadConversations(false); });
    $('conv-more').addEventListener('click', () => loadConversations(true));
    $('try-form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      try { $('try-result').textContent = 'Understood as ' + parsed(await parse($('try-text').value, $('try-lang').value)); } catch (e) { $('try-result').textContent = e.message; }
    });
    $('kb-new').addEventListener('click', () => editArticle(null));
    $('kb-lang').addEventListener('change', () => fillTranslation(kbArticles.find((a) => a.slug === kbEditing)));
    $('kb-form').addEventListener('submit', saveArticle);
    $('cat-form').addEventListener('submit', (ev) => { ev.preventDefault(); loadCatalogue(); });
    $('logout').addEventListener('click', signOut);
    showApp();
  });
})();
