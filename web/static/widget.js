// Shopkeeper chat widget. One tag puts it on any page:
//
//   <script src="https://shop.example/static/widget.js" defer></script>
//
// Optional attributes on that tag: data-lang (en, nl, ms, zh, nb, hy),
// data-open ("true", "false" or "auto": open on wide screens), data-api (the
// server's origin when the assets are served from somewhere else). An
// element of the page with the attribute data-shopkeeper-open opens the chat
// when clicked.
//
// The widget talks to the REST channel of the public API. It keeps the
// conversation id and token in localStorage so a reload resumes the chat, and
// polls for messages that an agent or a background job sends later. Once a
// person is involved (status queued or agent) it also opens the live
// connection, which brings the agent's replies, typing and status at once;
// polling stays on underneath, slower, in case the connection fails.
(() => {
  'use strict';

  if (window.Shopkeeper && window.Shopkeeper.widget) {
    return; // the tag was included twice; one widget is enough
  }

  const LANGUAGES = ['en', 'nl', 'ms', 'zh', 'nb', 'hy'];
  // Intl needs a region for Chinese to pick Simplified digits and separators.
  const INTL_LOCALE = { en: 'en', nl: 'nl', ms: 'ms', zh: 'zh-CN', nb: 'nb', hy: 'hy' };
  const POLL_MS = 4000;
  const LIVE_POLL_MS = 30000; // the safety-net poll while the live connection is up
  const TYPING_SHOWN_MS = 6000; // an agent's typing indicator without news fades after this
  const TYPING_SEND_MS = 2500; // the shopper's typing is reported at most this often
  const MAX_POLL_MS = 30000;
  const SEND_TIMEOUT_MS = 30000;
  const FETCH_TIMEOUT_MS = 15000;
  const LOW_STOCK = 3;

  const script = document.currentScript;
  const assetBase = new URL('.', script && script.src ? script.src : location.href);
  const apiBase = ((script && script.dataset.api) || new URL('/', assetBase).href).replace(/\/+$/, '');
  const storeKey = 'shopkeeper.chat:' + apiBase;
  const openKey = 'shopkeeper.chat.open:' + apiBase;

  // ---- language ------------------------------------------------------------

  // launchLanguage maps a BCP 47 tag to one of the six launch languages.
  function launchLanguage(tag) {
    if (!tag) return '';
    const base = String(tag).toLowerCase().replace('_', '-').split('-')[0];
    const alias = { no: 'nb', nn: 'nb', zsm: 'ms', may: 'ms', hye: 'hy', arm: 'hy' }[base] || base;
    return LANGUAGES.includes(alias) ? alias : '';
  }

  // requestedLocale is what the page asks for: ?lang= wins because a shopper
  // or a shared link chose it, then the tag's data-lang, then the browser.
  function requestedLocale() {
    const fromURL = launchLanguage(new URLSearchParams(location.search).get('lang'));
    if (fromURL) return fromURL;
    const fromTag = launchLanguage(script && script.dataset.lang);
    if (fromTag) return fromTag;
    for (const l of navigator.languages || [navigator.language]) {
      const m = launchLanguage(l);
      if (m) return m;
    }
    return launchLanguage(document.documentElement.lang);
  }

  let catalog = null; // filled from widget-i18n.js
  let lang = requestedLocale() || 'en';

  function t(key, vars) {
    const table = (catalog && (catalog[lang] || catalog.en)) || {};
    let s = table[key] ?? (catalog && catalog.en && catalog.en[key]) ?? key;
    if (vars) {
      s = s.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
    }
    return s;
  }

  function plural(key, n, vars) {
    let form = 'other';
    try {
      form = new Intl.PluralRules(INTL_LOCALE[lang] || lang).select(n) === 'one' ? 'one' : 'other';
    } catch (_) { /* an old browser without PluralRules gets the plural form */ }
    return t(key + '_' + form, Object.assign({ n }, vars));
  }

  function formatMoney(m) {
    if (!m || m.amount == null) return '';
    // Display only: the amount stays a decimal string everywhere else.
    const value = Number(m.amount);
    if (value === 0) return t('free');
    try {
      return new Intl.NumberFormat(INTL_LOCALE[lang] || lang, { style: 'currency', currency: m.currency || 'EUR' }).format(value);
    } catch (_) {
      return m.amount + ' ' + (m.currency || '');
    }
  }

  // ---- DOM helpers -----------------------------------------------------------

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

  function svg(path, size) {
    const ns = 'http://www.w3.org/2000/svg';
    const s = document.createElementNS(ns, 'svg');
    s.setAttribute('viewBox', '0 0 24 24');
    s.setAttribute('width', size || 20);
    s.setAttribute('height', size || 20);
    s.setAttribute('aria-hidden', 'true');
    s.setAttribute('focusable', 'false');
    const p = document.createElementNS(ns, 'path');
    p.setAttribute('d', path);
    s.append(p);
    return s;
  }

  const ICON = {
    chat: 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z',
    minimise: 'M5 12h14',
    refresh: 'M20 11a8 8 0 1 0-2.3 5.7M20 4v7h-7',
    send: 'M3 11.5 21 3l-8.5 18-2.2-7.3L3 11.5z',
    external: 'M14 4h6v6M20 4l-9 9M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5',
    phone: 'M8 2h8a2 2 0 0 1 2 2v16a2 2 0 0 1-2 2H8a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2zM11 18h2',
  };

  function safeURL(raw) {
    try {
      const u = new URL(raw, apiBase + '/');
      return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
    } catch (_) {
      return null;
    }
  }

  // linkify turns the URLs in a bot's text into links, leaving the rest as
  // text nodes so nothing in a message is ever parsed as HTML.
  function linkify(text) {
    const out = [];
    const re = /https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]'»”]/g;
    let last = 0;
    for (const m of text.matchAll(re)) {
      out.push(text.slice(last, m.index));
      const href = safeURL(m[0]);
      out.push(href ? el('a', { href, target: '_blank', rel: 'noopener noreferrer', text: m[0] }) : m[0]);
      last = m.index + m[0].length;
    }
    out.push(text.slice(last));
    return out.filter((x) => x !== '');
  }

  // ---- storage ---------------------------------------------------------------

  function loadSaved() {
    try {
      const v = JSON.parse(localStorage.getItem(storeKey) || 'null');
      return v && v.id && v.token ? v : null;
    } catch (_) {
      return null; // private mode or a corrupt entry: start afresh
    }
  }

  function save(conv) {
    try {
      if (conv) localStorage.setItem(storeKey, JSON.stringify(conv));
      else localStorage.removeItem(storeKey);
    } catch (_) { /* without storage the chat still works, it just won't survive a reload */ }
  }

  function savedOpen() {
    try {
      const v = localStorage.getItem(openKey);
      return v === null ? null : v === '1';
    } catch (_) {
      return null;
    }
  }

  // ---- HTTP ------------------------------------------------------------------

  class ChatError extends Error {
    constructor(kind, status) {
      super(kind);
      this.kind = kind; // network, expired, rate, server, client
      this.status = status;
    }
  }

  async function request(method, path, body, timeout) {
    const headers = { Accept: 'application/json' };
    if (body) headers['Content-Type'] = 'application/json';
    if (state.conv && state.conv.token) headers.Authorization = 'Bearer ' + state.conv.token;
    let res;
    try {
      res = await fetch(apiBase + '/api/v1' + path, {
        method,
        headers,
        body: body ? JSON.stringify(body) : undefined,
        credentials: 'omit', // the bearer token is the only credential
        signal: AbortSignal.timeout ? AbortSignal.timeout(timeout || FETCH_TIMEOUT_MS) : undefined,
      });
    } catch (_) {
      throw new ChatError('network', 0);
    }
    if (!res.ok) {
      const s = res.status;
      const kind = s === 401 || s === 403 || s === 404 ? 'expired' : s === 429 ? 'rate' : s >= 500 ? 'server' : 'client';
      throw new ChatError(kind, s);
    }
    try {
      return await res.json();
    } catch (_) {
      throw new ChatError('server', res.status);
    }
  }

  // ---- state -----------------------------------------------------------------

  const state = {
    conv: null, // {id, token, locale}
    status: 'bot',
    agentName: '',
    lastSeq: 0,
    seen: new Set(),
    titles: new Map(), // quick-reply payload → its title, to show what was tapped
    unread: 0,
    open: false,
    started: null, // promise of the running start()
    chain: Promise.resolve(), // sends run one after another
    pending: 0,
    stick: true, // the log is scrolled to its end
    pollTimer: 0,
    failures: 0,
    live: null, // the live WebSocket, when open or opening
    liveUp: false,
    liveTimer: 0,
    liveFailures: 0,
    agentTyping: false,
    agentTypingTimer: 0,
    typingSent: 0,
    shopName: '',
    cart: null, // the conversation's cart as GET /conversations/{id} last said
  };

  // ---- DOM -------------------------------------------------------------------

  const ui = {};

  function build() {
    ui.root = el('div', { class: 'skw', 'data-state': 'closed' });
    ui.badge = el('span', { class: 'skw-badge', 'aria-hidden': 'true', hidden: true });
    ui.launcherLabel = el('span', { class: 'skw-sr' });
    ui.launcher = el('button', { class: 'skw-launcher', type: 'button', 'aria-controls': 'skw-panel', 'aria-expanded': 'false', onclick: () => setOpen(!state.open, true) },
      svg(ICON.chat, 26), ui.launcherLabel, ui.badge);

    ui.title = el('h2', { class: 'skw-title', id: 'skw-title' });
    ui.status = el('p', { class: 'skw-status' });
    ui.avatar = el('span', { class: 'skw-avatar', 'aria-hidden': 'true' });
    ui.newChat = el('button', { class: 'skw-icon', type: 'button', onclick: () => restart(false) }, svg(ICON.refresh, 18));
    ui.minimise = el('button', { class: 'skw-icon', type: 'button', onclick: () => setOpen(false, true) }, svg(ICON.minimise, 18));
    // "Continue on your phone": shown when the shop is on WhatsApp or
    // Telegram; the links carry this very chat over (single use).
    ui.moveOn = el('button', { class: 'skw-icon', type: 'button', hidden: true, onclick: continueElsewhere }, svg(ICON.phone, 18));
    ui.moveOnLinks = el('div', { class: 'skw-move-on', hidden: true });
    ui.log = el('div', { class: 'skw-log', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions', tabindex: '0' });
    // The log follows new messages unless the shopper scrolled up to read;
    // images that finish loading later must not push the end out of view.
    ui.log.addEventListener('scroll', () => { state.stick = nearEnd(); }, { passive: true });
    ui.log.addEventListener('load', () => scrollToEnd(false), true);
    ui.typingLabel = el('span', { class: 'skw-sr' });
    ui.typingWho = el('span', { class: 'skw-typing-who', 'aria-hidden': 'true', hidden: true });
    ui.typing = el('div', { class: 'skw-typing', role: 'status', hidden: true },
      el('span', { class: 'skw-dots', 'aria-hidden': 'true' }, el('i'), el('i'), el('i')), ui.typingWho, ui.typingLabel);
    ui.notice = el('div', { class: 'skw-notice', role: 'alert', hidden: true });
    ui.inputLabel = el('label', { class: 'skw-sr', for: 'skw-input' });
    ui.input = el('input', { class: 'skw-input', id: 'skw-input', type: 'text', autocomplete: 'off', enterkeyhint: 'send', maxlength: '4000' });
    ui.sendLabel = el('span', { class: 'skw-sr' });
    ui.send = el('button', { class: 'skw-send', type: 'submit' }, svg(ICON.send, 20), ui.sendLabel);
    ui.input.addEventListener('input', sendTyping);
    ui.form = el('form', { class: 'skw-form', onsubmit: onSubmit }, ui.inputLabel, ui.input, ui.send);
    ui.panel = el('section', { class: 'skw-panel', id: 'skw-panel', 'aria-labelledby': 'skw-title', hidden: true },
      el('header', { class: 'skw-head' }, ui.avatar, el('div', { class: 'skw-head-text' }, ui.title, ui.status), ui.moveOn, ui.newChat, ui.minimise),
      ui.moveOnLinks, ui.log, ui.typing, ui.notice, ui.form);
    ui.root.append(ui.panel, ui.launcher);
    ui.root.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && state.open) {
        e.stopPropagation();
        setOpen(false, true);
      }
    });
    document.body.append(ui.root);
    relabel();
  }

  // relabel writes every fixed string, so a change of language is one call.
  function relabel() {
    ui.root.lang = lang;
    ui.title.textContent = state.shopName || t('title');
    ui.avatar.textContent = (state.shopName || t('title')).trim().charAt(0).toUpperCase();
    ui.panel.setAttribute('aria-label', t('title'));
    ui.moveOn.setAttribute('aria-label', t('continue_phone'));
    ui.moveOn.title = t('continue_phone');
    ui.newChat.setAttribute('aria-label', t('new_chat'));
    ui.newChat.title = t('new_chat');
    ui.minimise.setAttribute('aria-label', t('close'));
    ui.minimise.title = t('close');
    ui.log.setAttribute('aria-label', t('log_label'));
    renderTyping();
    ui.sendLabel.textContent = t('send');
    ui.send.title = t('send');
    updateLauncher();
    updateStatus();
    applyInputHint(currentHint());
    renderCart();
    relabelCards();
  }

  function updateLauncher() {
    const label = state.open ? t('close') : t('open');
    ui.launcherLabel.textContent = state.unread > 0 && !state.open ? label + ' — ' + plural('new_messages', state.unread) : label;
    ui.launcher.title = label;
    ui.launcher.setAttribute('aria-expanded', String(state.open));
    ui.badge.hidden = state.open || state.unread === 0;
    ui.badge.textContent = state.unread > 9 ? '9+' : String(state.unread);
  }

  function updateStatus() {
    const s = state.status;
    let text = t('status_bot');
    if (s === 'queued') text = t('status_queued');
    else if (s === 'agent') text = state.agentName ? t('status_agent', { name: state.agentName }) : t('status_agent_team');
    else if (s === 'closed') text = t('status_closed');
    ui.status.textContent = text;
    ui.root.dataset.status = s;
    // A person is involved from now on: their replies should arrive at once.
    if ((s === 'queued' || s === 'agent') && state.conv && !state.live) connectLive();
  }

  function setOpen(open, byShopper) {
    state.open = open;
    ui.panel.hidden = !open;
    ui.root.dataset.state = open ? 'open' : 'closed';
    if (open) {
      state.unread = 0;
      scrollToEnd(true);
    }
    updateLauncher();
    if (byShopper) {
      try { localStorage.setItem(openKey, open ? '1' : '0'); } catch (_) { /* remembered for this page only */ }
      // Focus follows the shopper's action, never the page load.
      (open ? ui.input : ui.launcher).focus();
    }
  }

  function nearEnd() {
    return ui.log.scrollHeight - ui.log.scrollTop - ui.log.clientHeight < 80;
  }

  function scrollToEnd(force) {
    if (force || state.stick) {
      ui.log.scrollTop = ui.log.scrollHeight;
      state.stick = true;
    }
  }

  function setTyping(on) {
    renderTyping();
    renderCart(); // its buttons wait while a turn is in flight
    if (on) scrollToEnd(true);
  }

  // renderTyping shows the dots while the bot works on a reply or an agent
  // types, and says which of the two it is.
  function renderTyping() {
    const agent = state.agentTyping;
    const label = agent ? (state.agentName ? t('agent_typing', { name: state.agentName }) : t('agent_typing_team')) : t('typing');
    ui.typingLabel.textContent = label;
    ui.typingWho.textContent = agent ? label : '';
    ui.typingWho.hidden = !agent;
    ui.typing.classList.toggle('is-agent', agent);
    ui.typing.hidden = !(agent || state.pending > 0);
  }

  function setAgentTyping(on) {
    clearTimeout(state.agentTypingTimer);
    state.agentTyping = on;
    if (on) state.agentTypingTimer = setTimeout(() => setAgentTyping(false), TYPING_SHOWN_MS);
    renderTyping();
    if (on) scrollToEnd(false);
  }

  // showNotice shows one note at a time; kind says who may take it away
  // again (a note with a retry button stays until used or replaced by a send).
  function showNotice(key, retry, kind) {
    ui.notice.replaceChildren(el('span', { text: t(key) }));
    if (retry) {
      ui.notice.append(el('button', { class: 'skw-notice-btn', type: 'button', onclick: () => { hideNotice(); retry(); } }, t('retry')));
    }
    ui.notice.dataset.kind = kind || key;
    ui.notice.hidden = false;
  }

  function hideNotice(onlyKind) {
    if (!onlyKind || ui.notice.dataset.kind === onlyKind) {
      ui.notice.hidden = true;
      ui.notice.replaceChildren();
      delete ui.notice.dataset.kind;
    }
  }

  // ---- rendering messages ------------------------------------------------------

  function add(m, opts) {
    if (m.seq) {
      if (state.seen.has(m.seq)) return false;
      state.seen.add(m.seq);
      state.lastSeq = Math.max(state.lastSeq, m.seq);
    }
    for (const o of m.options || []) state.titles.set(o.payload, o.title);
    if (m.from === 'shopper') {
      // The shopper's own message came back from the server: adopt the bubble
      // drawn when it was sent rather than drawing it twice.
      const text = m.text || state.titles.get(m.payload) || '';
      const local = [...ui.log.querySelectorAll('.skw-msg.is-local:not([data-seq])')].find((n) => n.dataset.text === text);
      if (local) {
        local.dataset.seq = m.seq;
        return false;
      }
      if (text) appendShopper(text, m, opts);
    } else {
      appendMessage(m, opts);
      if (!(opts && opts.history) && !state.open) {
        state.unread++;
        updateLauncher();
      }
    }
    return true;
  }

  function appendShopper(text, m, opts) {
    const node = el('div', { class: 'skw-msg from-shopper', 'data-text': text },
      el('span', { class: 'skw-sr', text: t('you') + ': ' }),
      el('div', { class: 'skw-bubble', text }));
    if (m && m.seq) node.dataset.seq = m.seq;
    else node.classList.add('is-local');
    place(node, opts);
    pruneOptions();
    scrollToEnd(true);
    return node;
  }

  function appendMessage(m, opts) {
    const from = ['bot', 'agent', 'system'].includes(m.from) ? m.from : 'bot';
    const node = el('div', { class: 'skw-msg from-' + from + ' type-' + (m.type || 'text') });
    if (m.seq) node.dataset.seq = m.seq;
    if (m.created_at) node.title = new Date(m.created_at).toLocaleString(INTL_LOCALE[lang] || lang);
    if (from === 'agent') {
      const name = m.agent_name || '';
      if (name) state.agentName = name;
      if (state.agentTyping) setAgentTyping(false); // the reply they were typing is here
      node.append(el('span', { class: 'skw-who' }, name ? name + ' · ' + t('agent') : t('agent')));
    } else if (from === 'bot') {
      node.append(el('span', { class: 'skw-sr', text: t('bot') + ': ' }));
    }
    const body = renderBody(m);
    if (body) node.append(body);
    if (m.options && m.options.length) node.append(renderOptions(m.options));
    if (from === 'bot' && showsCart(m)) node.append(cartCard());
    if (m.input) node.dataset.input = JSON.stringify(m.input);
    place(node, opts);
    scrollToEnd(false);
    applyInputHint(currentHint());
  }

  // place keeps the log in sequence order even when a poll and a reply race.
  // History (the greeting, a restored chat) goes before anything the shopper
  // typed while it loaded.
  function place(node, opts) {
    const seq = Number(node.dataset.seq || 0);
    const later = [...ui.log.children].find((n) =>
      (seq && Number(n.dataset.seq || 0) > seq) || (opts && opts.history && n.classList.contains('is-local')));
    if (later) ui.log.insertBefore(node, later);
    else ui.log.append(node);
  }

  function renderBody(m) {
    switch (m.type) {
      case 'products':
        return el('div', { class: 'skw-body' },
          m.text ? el('div', { class: 'skw-bubble' }, linkify(m.text)) : null,
          renderCards(m.items || []));
      case 'link':
        return renderLink(m);
      case 'image': {
        const src = safeURL(m.url);
        return el('div', { class: 'skw-bubble skw-image' },
          src ? el('img', { src, alt: m.text || t('image'), loading: 'lazy' }) : null,
          m.text ? el('p', { class: 'skw-caption', text: m.text }) : null);
      }
      default:
        return m.text ? el('div', { class: 'skw-bubble' }, linkify(m.text)) : null;
    }
  }

  function renderLink(m) {
    const href = safeURL(m.url);
    const purpose = m.purpose || 'other';
    const labelKey = 'link_' + (['payment', 'tracking', 'label', 'invoice', 'article'].includes(purpose) ? purpose : 'other');
    return el('div', { class: 'skw-bubble' },
      m.text ? el('p', { class: 'skw-link-text' }, linkify(m.text)) : null,
      href ? el('a', { class: 'skw-link-btn purpose-' + purpose, href, target: '_blank', rel: 'noopener noreferrer' },
        t(labelKey), svg(ICON.external, 16), el('span', { class: 'skw-sr', text: ' ' + t('opens_new_tab') })) : null);
  }

  function renderOptions(options) {
    const group = el('div', { class: 'skw-options', role: 'group' });
    for (const o of options) {
      group.append(el('button', {
        class: 'skw-option',
        type: 'button',
        onclick: () => {
          for (const b of group.querySelectorAll('button')) b.disabled = true;
          group.classList.add('is-used');
          send({ payload: o.payload, text: o.title });
        },
      }, o.title));
    }
    return group;
  }

  // pruneOptions keeps quick replies only on the messages of the latest
  // turn: older ones answer questions that are no longer asked.
  function pruneOptions() {
    const msgs = [...ui.log.querySelectorAll('.skw-msg')];
    let lastShopper = -1;
    msgs.forEach((n, i) => { if (n.classList.contains('from-shopper')) lastShopper = i; });
    msgs.forEach((n, i) => {
      if (i < lastShopper) n.querySelector(':scope > .skw-options')?.remove();
    });
  }

  // Option names the catalogue commonly uses, shown in the shopper's
  // language; a name the server translated (option_names) wins, and any
  // other name is shown as the catalogue spells it.
  const OPTION_KEYS = { color: 'opt_color', colour: 'opt_color', kleur: 'opt_color', size: 'opt_size', maat: 'opt_size' };

  function optionName(item, name) {
    const given = item.option_names && item.option_names[name];
    if (given) return given;
    const key = OPTION_KEYS[String(name).toLowerCase()];
    return key ? t(key) : name;
  }

  // optionValue is a value's label: the server's translation when it sends
  // one (option_labels on the variant, or option_values on the item), else
  // the catalogue's own word.
  function optionValue(item, name, value) {
    for (const v of item.variants || []) {
      if (v.options && v.options[name] === value && v.option_labels && v.option_labels[name]) return v.option_labels[name];
    }
    const byItem = item.option_values && item.option_values[name];
    return (byItem && byItem[value]) || value;
  }

  function variantGroups(item) {
    // Option names in the order the catalogue gives them, each value in stock
    // when any variant with it is; the stock count adds up across variants.
    const groups = new Map();
    for (const v of item.variants || []) {
      for (const [name, value] of Object.entries(v.options || {})) {
        if (name === 'Title' && value === 'Default Title') continue; // Shopify's single-variant marker
        if (!groups.has(name)) groups.set(name, new Map());
        const values = groups.get(name);
        const cur = values.get(value) || { inStock: false, stock: 0 };
        cur.inStock = cur.inStock || !!v.in_stock;
        cur.stock += v.in_stock && v.stock > 0 ? v.stock : 0;
        values.set(value, cur);
      }
    }
    // Colour first: the shopper picks a colour, then sees that colour's
    // sizes. Other options that vary follow; options every variant shares
    // say nothing to choose and come last.
    const rank = ([name, values]) => (values.size < 2 ? 2 : OPTION_KEYS[name.toLowerCase()] === 'opt_color' ? 0 : 1);
    return new Map([...groups].sort((a, b) => rank(a) - rank(b)));
  }

  function stockLine(item) {
    if (!item.in_stock) return el('p', { class: 'skw-stock is-out', text: t('sold_out') });
    const counts = (item.variants || []).filter((v) => v.in_stock).map((v) => v.stock || 0);
    const total = counts.reduce((a, b) => a + b, 0);
    if (counts.length && counts.every((c) => c > 0) && total <= LOW_STOCK) {
      return el('p', { class: 'skw-stock is-low', text: plural('only_left', total) });
    }
    return el('p', { class: 'skw-stock is-in', text: t('in_stock') });
  }

  // picker is a card's variant chooser: one row of chips per option that
  // varies, colour first. A chip is tappable only when some in-stock
  // variant has it together with what is already chosen in the rows above,
  // so "black" then "42" can never be picked when black 42 is sold out.
  // "Add to cart" sends add:<sku> for the one in-stock variant chosen.
  function picker(it) {
    const variants = it.variants || [];
    const names = [...variantGroups(it)].filter(([, values]) => values.size > 1).map(([name, values]) => [name, [...values.keys()]]);
    const chosen = {};
    // What every variant shares is chosen already.
    for (const [name, values] of variantGroups(it)) if (values.size === 1) chosen[name] = [...values.keys()][0];
    const matches = (v, upto) => names.slice(0, upto).every(([n]) => chosen[n] == null || v.options[n] === chosen[n]);
    const inStockWith = (row, value) => variants.some((v) => v.in_stock && v.options && v.options[names[row][0]] === value && matches(v, row));
    const rows = [];
    const hint = el('p', { class: 'skw-pick-hint', 'aria-live': 'polite' });
    const addBtn = el('button', { class: 'skw-card-btn skw-add', type: 'button', disabled: true }, t('add_to_cart'));

    function selected() {
      if (names.some(([n]) => chosen[n] == null)) return null;
      return variants.find((v) => v.options && Object.entries(chosen).every(([n, val]) => v.options[n] === val)) || null;
    }

    function render() {
      names.forEach(([name, values], row) => {
        const list = rows[row];
        for (const btn of list.querySelectorAll('button')) {
          const value = btn.dataset.value;
          const open = inStockWith(row, value);
          // A row below an unchosen one waits for it: sizes follow the colour.
          const waiting = names.slice(0, row).some(([n]) => chosen[n] == null);
          btn.disabled = !open || waiting;
          btn.classList.toggle('is-out', !open);
          btn.classList.toggle('is-in', open);
          btn.setAttribute('aria-pressed', String(chosen[name] === value));
          btn.querySelector('.skw-sr').textContent = open ? '' : ' (' + t('sold_out') + ')';
          btn.title = open ? t('in_stock') : t('sold_out');
        }
      });
      const v = selected();
      const missing = names.find(([n]) => chosen[n] == null);
      addBtn.disabled = !(v && v.in_stock) || !it.in_stock;
      addBtn.dataset.sku = v && v.in_stock ? v.sku : '';
      // A sold-out product says so once, in its stock line.
      hint.textContent = it.in_stock && missing ? t('choose_option', { name: optionName(it, missing[0]).toLowerCase() }) : '';
      hint.hidden = !hint.textContent;
    }

    const blocks = names.map(([name, values], row) => {
      const list = el('ul', { class: 'skw-chips', role: 'list', 'aria-label': optionName(it, name) });
      for (const value of values) {
        list.append(el('li', {}, el('button', {
          class: 'skw-chip', type: 'button', 'data-option': name, 'data-value': value, 'aria-pressed': 'false',
          onclick: () => {
            chosen[name] = chosen[name] === value ? undefined : value;
            // A new colour may leave the chosen size sold out: choose again.
            for (let r = row + 1; r < names.length; r++) {
              const n = names[r][0];
              if (chosen[n] != null && !inStockWith(r, chosen[n])) chosen[n] = undefined;
            }
            render();
          },
        }, optionValue(it, name, value), el('span', { class: 'skw-sr' }))));
      }
      rows.push(list);
      return el('div', { class: 'skw-variant' }, el('span', { class: 'skw-variant-name', text: optionName(it, name) }), list);
    });

    // A row with one tappable value is chosen for the shopper.
    names.forEach(([name, values], row) => {
      const open = values.filter((v) => inStockWith(row, v));
      if (open.length === 1 && chosen[name] == null) chosen[name] = open[0];
    });
    if (!names.length && variants.length === 1) Object.assign(chosen, variants[0].options || {});

    addBtn.addEventListener('click', () => {
      const sku = addBtn.dataset.sku;
      if (!sku) return;
      const v = selected();
      const label = v ? names.map(([n]) => optionValue(it, n, v.options[n])).join(' / ') : '';
      send({ payload: 'add:' + sku, text: t('add_text', { title: label ? t('selected_variant', { title: it.title, variant: label }) : it.title }) });
    });
    render();
    return [...blocks, hint, addBtn];
  }

  function renderCards(items) {
    const list = el('ul', { class: 'skw-cards', role: 'list' });
    for (const it of items) list.append(cardNode(it));
    return list;
  }

  // relabelCards draws the cards again in the current language: the
  // language often changes with the very reply that brought them.
  function relabelCards() {
    if (!ui.log) return;
    for (const card of ui.log.querySelectorAll('.skw-card')) {
      if (card.skwItem && card.dataset.lang !== lang) card.replaceWith(cardNode(card.skwItem));
    }
  }

  function cardNode(it) {
    const img = safeURL(it.image_url);
    const was = it.compare_at_price && Number(it.compare_at_price.amount) > Number(it.price && it.price.amount)
      ? el('s', { class: 'skw-was' }, el('span', { class: 'skw-sr', text: t('was_price', { price: '' }) }), formatMoney(it.compare_at_price))
      : null;
    const node = el('li', { class: 'skw-card' + (it.in_stock ? '' : ' is-sold-out'), 'data-handle': it.handle || null, 'data-lang': lang },
      el('div', { class: 'skw-card-img' }, img ? el('img', { src: img, alt: '', loading: 'lazy' }) : el('span', { 'aria-hidden': 'true', text: (it.title || '?').charAt(0) })),
      el('div', { class: 'skw-card-body' },
        el('h3', { class: 'skw-card-title', text: it.title || it.sku }),
        el('p', { class: 'skw-price' }, el('span', { class: 'skw-now', text: formatMoney(it.price) }), was ? ' ' : null, was),
        stockLine(it),
        picker(it),
        el('button', { class: 'skw-card-btn skw-details', type: 'button', onclick: () => send({ text: t('ask_details', { title: it.title }) }) }, t('details'))));
    node.skwItem = it;
    return node;
  }

  // ---- the cart ----------------------------------------------------------------------

  // showsCart says whether a bot message is about the cart: it offers to
  // check out, to view or to change the cart. The cart card goes under it.
  function showsCart(m) {
    if (m.type === 'cart' || m.cart) return true;
    return (m.options || []).some((o) => o.payload === 'checkout' || o.payload === 'view_cart' || /^(remove|addone):/.test(o.payload || ''));
  }

  // The cart card is one live element: it moves under the latest message
  // about the cart and is redrawn whenever the conversation's cart is
  // fetched again, so its totals are never older than the last turn.
  function cartCard() {
    if (!ui.cart) {
      ui.cart = el('section', { class: 'skw-cart', 'aria-labelledby': 'skw-cart-title' });
    }
    renderCart();
    return ui.cart;
  }

  function renderCart() {
    const node = ui.cart;
    if (!node) return;
    const cart = state.cart || { items: [] };
    const items = cart.items || [];
    const busy = state.pending > 0;
    const title = el('h3', { class: 'skw-cart-title', id: 'skw-cart-title', text: t('cart_title') });
    if (!items.length) {
      node.replaceChildren(title, el('p', { class: 'skw-cart-empty', text: t('cart_empty') }));
      return;
    }
    const lines = el('ul', { class: 'skw-cart-lines', role: 'list' });
    for (const it of items) {
      const qty = Number(it.quantity) || 0;
      const lineTotal = it.unit_price ? { amount: (Number(it.unit_price.amount) * qty).toFixed(2), currency: it.unit_price.currency } : null;
      lines.append(el('li', { class: 'skw-cart-line', 'data-sku': it.sku },
        el('span', { class: 'skw-cart-name', text: it.title || it.sku }),
        el('span', { class: 'skw-stepper', role: 'group', 'aria-label': t('cart_quantity', { title: it.title }) },
          el('button', { class: 'skw-step skw-less', type: 'button', disabled: busy, 'aria-label': t('cart_less', { title: it.title }), onclick: () => changeQuantity(it, qty - 1) }, '−'),
          el('output', { class: 'skw-qty', text: String(qty) }),
          el('button', { class: 'skw-step skw-more', type: 'button', disabled: busy, 'aria-label': t('cart_more', { title: it.title }), onclick: () => changeQuantity(it, qty + 1) }, '+')),
        el('span', { class: 'skw-cart-price', text: formatMoney(lineTotal) }),
        el('button', { class: 'skw-cart-remove', type: 'button', disabled: busy, 'aria-label': t('cart_remove_label', { title: it.title }), title: t('cart_remove'), onclick: () => changeQuantity(it, 0) }, '×')));
    }
    const discount = cart.discount && Number(cart.discount.amount) > 0;
    const totals = el('dl', { class: 'skw-cart-totals' },
      el('dt', { text: t('cart_subtotal') }), el('dd', { class: 'skw-subtotal', text: formatMoney(cart.subtotal) }),
      discount ? [el('dt', { text: t('cart_discount') + (cart.coupon ? ' (' + cart.coupon + ')' : '') }), el('dd', { class: 'skw-discount', text: '−' + formatMoney(cart.discount) })] : null,
      el('dt', { class: 'skw-total-label', text: t('cart_total') }), el('dd', { class: 'skw-total', text: formatMoney(cart.total) }));
    const typed = node.querySelector('.skw-code-input');
    const codeInput = el('input', { class: 'skw-code-input', id: 'skw-code', type: 'text', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', maxlength: '40', placeholder: t('code_placeholder') });
    if (typed && !typed.dataset.sent) codeInput.value = typed.value;
    const code = el('form', {
      class: 'skw-code',
      onsubmit: (e) => {
        e.preventDefault();
        const v = codeInput.value.trim();
        if (!v) {
          codeInput.focus();
          return;
        }
        codeInput.dataset.sent = '1';
        send({ text: t('code_text', { code: v }) });
      },
    }, el('label', { class: 'skw-sr', for: 'skw-code', text: t('code_label') }), codeInput,
    el('button', { class: 'skw-code-btn', type: 'submit', disabled: busy }, t('code_apply')));
    node.replaceChildren(title, lines, totals, code,
      el('button', { class: 'skw-card-btn skw-checkout', type: 'button', disabled: busy, onclick: () => send({ payload: 'checkout', text: t('cart_checkout') }) }, t('cart_checkout')));
  }

  // changeQuantity sends the dialogue's payloads (addone:, remove:, and
  // qty:<sku>=<n> for fewer), with words in the conversation's language for
  // the transcript.
  function changeQuantity(it, n) {
    if (state.pending > 0) return;
    const qty = Number(it.quantity) || 0;
    if (n <= 0) send({ payload: 'remove:' + it.sku, text: t('cart_remove_text', { title: it.title }) });
    else if (n === qty + 1) send({ payload: 'addone:' + it.sku, text: t('cart_plus_text', { title: it.title }) });
    else send({ payload: 'qty:' + it.sku + '=' + n, text: t('cart_set_text', { title: it.title, n }) });
  }

  // continueElsewhere asks the server for single-use links that carry this
  // chat to a messaging app and shows them (titles come translated).
  async function continueElsewhere() {
    if (!ui.moveOnLinks.hidden) {
      ui.moveOnLinks.hidden = true;
      return;
    }
    try {
      await ensureStarted();
      const res = await request('POST', '/conversations/' + encodeURIComponent(state.conv.id) + '/continue');
      const links = (res.links || []).map((l) => {
        const href = safeURL(l.url);
        return href ? el('a', { class: 'skw-move-on-link', href, target: '_blank', rel: 'noopener noreferrer' }, l.title || l.channel) : null;
      }).filter(Boolean);
      if (links.length === 0) return;
      ui.moveOnLinks.replaceChildren(...links);
      ui.moveOnLinks.hidden = false;
    } catch (e) {
      showNotice(e.kind === 'network' ? 'error_network' : 'error_server');
    }
  }

  // ---- input hints ---------------------------------------------------------------

  function currentHint() {
    const last = ui.log && ui.log.lastElementChild;
    if (!last || last.classList.contains('from-shopper') || !last.dataset.input) return null;
    try {
      return JSON.parse(last.dataset.input);
    } catch (_) {
      return null;
    }
  }

  function applyInputHint(hint) {
    const input = ui.input;
    const type = hint && hint.type;
    const field = hint && hint.field;
    const kinds = {
      email: { type: 'email', inputmode: 'email', autocomplete: 'email' },
      phone: { type: 'tel', inputmode: 'tel', autocomplete: 'tel' },
      number: { type: 'text', inputmode: 'numeric', autocomplete: 'off' },
      address: { type: 'text', inputmode: 'text', autocomplete: 'street-address' },
    };
    const k = kinds[type] || { type: 'text', inputmode: 'text', autocomplete: field === 'name' ? 'name' : 'off' };
    input.type = k.type;
    input.setAttribute('inputmode', k.inputmode);
    // A one-time code from the mail: phones offer to fill it in.
    input.setAttribute('autocomplete', field === 'verification_code' ? 'one-time-code' : k.autocomplete);
    let placeholder = t('placeholder');
    if (hint) {
      const byField = 'input_' + field;
      const byType = 'input_' + type;
      if (catalog && catalog.en && catalog.en[byField]) placeholder = t(byField);
      else if (catalog && catalog.en && catalog.en[byType]) placeholder = t(byType);
      else placeholder = t('input_text');
    }
    input.placeholder = placeholder;
    ui.inputLabel.textContent = placeholder;
    ui.root.dataset.input = hint ? type + ':' + field : '';
  }

  // ---- conversation --------------------------------------------------------------

  async function start(expired) {
    const requested = requestedLocale();
    const saved = loadSaved();
    if (saved && !expired && (saved.locale || '') === (requested || '')) {
      state.conv = saved;
      try {
        await refreshMeta();
        const res = await request('GET', '/conversations/' + encodeURIComponent(saved.id) + '/messages?after=0');
        for (const m of res.messages || []) add(m, { history: true });
        pruneOptions();
        scrollToEnd(true);
        return;
      } catch (e) {
        if (e.kind !== 'expired') throw e;
        expired = true; // the server forgot it or the token is stale
      }
    }
    await create(requested, expired);
  }

  async function create(requested, expired) {
    state.conv = null;
    save(null);
    const body = requested ? { locale: requested } : {};
    const res = await request('POST', '/conversations', body);
    state.conv = { id: res.id, token: res.token, locale: requested || '' };
    save(state.conv);
    resetLog();
    if (res.language) setLanguage(res.language);
    state.status = res.status || 'bot';
    updateStatus();
    if (expired) showNotice('error_expired');
    for (const m of res.messages || []) add(m, { history: true });
  }

  function resetLog() {
    ui.log.replaceChildren();
    state.seen.clear();
    state.lastSeq = 0;
    state.agentName = '';
    state.status = 'bot';
    state.agentTyping = false;
    state.ackedSeq = 0;
    state.cart = null;
    ui.cart = null;
    applyInputHint(null);
  }

  function setLanguage(l) {
    const next = launchLanguage(l);
    if (next && next !== lang) {
      lang = next;
      relabel();
    }
  }

  async function refreshMeta() {
    const c = await request('GET', '/conversations/' + encodeURIComponent(state.conv.id));
    if (c.language) setLanguage(c.language);
    if (c.cart) {
      state.cart = c.cart;
      renderCart();
    }
    if (c.status && c.status !== state.status) {
      state.status = c.status;
      updateStatus();
    }
  }

  // ensureStarted starts the conversation once; a failed start may be retried.
  function ensureStarted() {
    if (!state.started) {
      state.started = start(false).then(() => {
        hideNotice('boot');
        schedulePoll(POLL_MS);
      }, (e) => {
        state.started = null;
        throw e;
      });
    }
    return state.started;
  }

  async function restart(expired) {
    state.started = null;
    clearTimeout(state.pollTimer);
    closeLive();
    // Messages that never got through are asked again in the new chat.
    const failed = [...ui.log.querySelectorAll('.skw-msg.is-failed')];
    save(null);
    resetLog();
    hideNotice();
    state.started = create(requestedLocale(), expired).then(() => schedulePoll(POLL_MS), (e) => {
      state.started = null;
      throw e;
    });
    try {
      await state.started;
      for (const b of failed) {
        ui.log.append(b);
        b.skwRetry();
      }
    } catch (e) {
      showNotice(e.kind === 'network' ? 'error_network' : 'error_start', () => restart(false));
    }
  }

  function send(msg) {
    const text = (msg.text || '').trim();
    if (!text && !msg.payload) return Promise.resolve();
    hideNotice();
    const bubble = appendShopper(text);
    applyInputHint(null);
    state.chain = state.chain.then(() => deliver(msg, text, bubble, false));
    return state.chain;
  }

  async function deliver(msg, text, bubble, retried) {
    state.pending++;
    setTyping(true);
    try {
      await ensureStarted();
      // A quick reply carries its title as text too, so the transcript shows
      // what the shopper tapped; the bot acts on the payload.
      const body = msg.payload ? { payload: msg.payload, text } : { text };
      const res = await request('POST', '/conversations/' + encodeURIComponent(state.conv.id) + '/messages', body, SEND_TIMEOUT_MS);
      bubble.classList.remove('is-failed', 'is-local');
      hideNotice('send');
      // The shopper's message is stored just before the replies; knowing its
      // place keeps the order right if a poll brings messages in between.
      const first = Math.min(...(res.messages || []).map((m) => m.seq || Infinity));
      if (Number.isFinite(first) && first > 1) {
        bubble.dataset.seq = first - 1;
        state.seen.add(first - 1);
      }
      for (const m of res.messages || []) add(m);
      state.failures = 0;
      // Awaited so the cart card's totals are current when the dots go.
      await refreshMeta().catch(() => { /* the status line can wait for the next poll */ });
    } catch (e) {
      if (e.kind === 'expired' && !retried) {
        await restart(true);
        // The shopper's words were never answered: ask again in the new chat.
        ui.log.append(bubble);
        return deliver(msg, text, bubble, true);
      }
      bubble.classList.add('is-failed');
      bubble.skwRetry = () => {
        bubble.classList.remove('is-failed');
        state.chain = state.chain.then(() => deliver(msg, text, bubble, false));
      };
      const key = { network: 'error_network', rate: 'error_rate', expired: 'error_start' }[e.kind] || 'error_server';
      showNotice(key, retryFailed, 'send');
    } finally {
      state.pending--;
      setTyping(state.pending > 0);
    }
  }

  function retryFailed() {
    for (const b of ui.log.querySelectorAll('.skw-msg.is-failed')) b.skwRetry();
  }

  function onSubmit(e) {
    e.preventDefault();
    const text = ui.input.value.trim();
    if (!text) return;
    ui.input.value = '';
    send({ text });
  }

  // ---- polling -------------------------------------------------------------------

  function schedulePoll(delay) {
    clearTimeout(state.pollTimer);
    state.pollTimer = setTimeout(poll, delay);
  }

  async function poll() {
    // A turn in flight answers for itself; polling meanwhile would only race it.
    if (!state.conv || state.pending > 0 || document.hidden) {
      schedulePoll(POLL_MS);
      return;
    }
    try {
      const res = await request('GET', '/conversations/' + encodeURIComponent(state.conv.id) + '/messages?after=' + state.lastSeq);
      let fresh = false;
      for (const m of res.messages || []) fresh = add(m) || fresh;
      if (state.failures > 0) {
        hideNotice('poll');
        retryFailed(); // the connection is back: what failed goes out now
      }
      state.failures = 0;
      if (fresh || state.status === 'queued' || state.status === 'agent') {
        await refreshMeta();
      }
    } catch (e) {
      if (e.kind === 'expired') {
        await restart(true);
        return;
      }
      state.failures++;
      // One lost poll is noise; two in a row means the shopper should know.
      if (state.failures >= 2 && e.kind === 'network' && ui.notice.hidden) showNotice('error_network', null, 'poll');
    }
    schedulePoll(state.liveUp && state.failures === 0 ? LIVE_POLL_MS : Math.min(POLL_MS * 2 ** state.failures, MAX_POLL_MS));
    ackDelivered();
  }

  // ---- live connection -----------------------------------------------------------

  function liveURL() {
    const u = new URL(apiBase + '/api/v1/conversations/' + encodeURIComponent(state.conv.id) + '/live');
    u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
    // Browsers cannot set headers on a WebSocket; the token rides in the URL.
    u.searchParams.set('token', state.conv.token);
    return u.href;
  }

  function connectLive() {
    if (!window.WebSocket || !state.conv) return;
    closeLive();
    const conv = state.conv;
    let ws;
    try {
      ws = new WebSocket(liveURL());
    } catch (_) {
      return; // polling carries on
    }
    state.live = ws;
    ws.onopen = () => {
      state.liveUp = true;
      state.liveFailures = 0;
      schedulePoll(0); // catch up on what came before the connection did
    };
    ws.onmessage = (ev) => {
      let e;
      try {
        e = JSON.parse(ev.data);
      } catch (_) {
        return;
      }
      onLive(e);
    };
    ws.onclose = () => {
      if (state.live !== ws) return; // replaced on purpose
      state.live = null;
      state.liveUp = false;
      if (state.conv !== conv) return;
      // The server closes a connection that fell behind; both that and a
      // network failure are mended by reconnecting and polling meanwhile.
      state.liveFailures++;
      schedulePoll(0);
      clearTimeout(state.liveTimer);
      state.liveTimer = setTimeout(() => {
        if (state.conv === conv && !state.live) connectLive();
      }, Math.min(1000 * 2 ** state.liveFailures, MAX_POLL_MS));
    };
  }

  function closeLive() {
    clearTimeout(state.liveTimer);
    const ws = state.live;
    state.live = null;
    state.liveUp = false;
    if (ws) ws.close();
  }

  function onLive(e) {
    if (!state.conv || e.conversation_id !== state.conv.id) return;
    switch (e.type) {
      case 'message': {
        const m = e.message;
        if (!m) return;
        // A gap means something arrived that was not pushed (a bot message,
        // say): fetch in order rather than show this one out of turn.
        if (m.seq && m.seq > state.lastSeq + 1 && !state.seen.has(m.seq - 1)) {
          schedulePoll(0);
          return;
        }
        add(m);
        pruneOptions();
        ackDelivered();
        break;
      }
      case 'conversation':
        if (e.agent_name) state.agentName = e.agent_name;
        if (e.status) state.status = e.status;
        if (state.status !== 'agent') setAgentTyping(false);
        updateStatus();
        // A change of owner comes with messages (a greeting, the bot's
        // return): fetch them now rather than at the next slow poll.
        schedulePoll(300);
        break;
      case 'typing':
        if (e.agent_name) state.agentName = e.agent_name;
        setAgentTyping(true);
        break;      case 'resync':
        // The server may have missed messages from other instances:
        // fetch everything after the last one shown.
        schedulePoll(0);
        break;
    }
  }

  // ackDelivered tells the agent which of their messages the shopper's
  // widget has received, for the console's delivery state.
  function ackDelivered() {
    if (!state.liveUp) return;
    let seq = 0;
    for (const n of ui.log.querySelectorAll('.skw-msg.from-agent[data-seq]')) seq = Math.max(seq, Number(n.dataset.seq));
    if (seq > (state.ackedSeq || 0)) {
      state.ackedSeq = seq;
      state.live.send(JSON.stringify({ type: 'delivered', seq }));
    }
  }

  // sendTyping lets the agent see the shopper typing, at most every few seconds.
  function sendTyping() {
    if (!state.liveUp || state.status !== 'agent' || !ui.input.value) return;
    const now = Date.now();
    if (now - state.typingSent < TYPING_SEND_MS) return;
    state.typingSent = now;
    state.live.send(JSON.stringify({ type: 'typing' }));
  }

  // ---- boot ------------------------------------------------------------------------

  const queued = [];
  const api = {
    widget: true,
    // ask sends a question as if the shopper typed it, opening the panel.
    ask(text) {
      if (!ui.root) {
        queued.push(() => api.ask(text));
        return;
      }
      setOpen(true, false);
      send({ text });
    },
    // add puts a variant in the cart through the chat, as the card's
    // "Add to cart" does; text is what the transcript shows.
    add(sku, text) {
      if (!ui.root) {
        queued.push(() => api.add(sku, text));
        return;
      }
      setOpen(true, false);
      send({ payload: 'add:' + sku, text: text || sku });
    },
    open() {
      if (ui.root) setOpen(true, true);
      else queued.push(() => api.open());
    },
    close() {
      if (ui.root) setOpen(false, true);
      else queued.push(() => api.close());
    },
    get language() {
      return lang;
    },
  };
  window.Shopkeeper = api;

  function loadStyles() {
    if (document.querySelector('link[data-skw]')) return;
    document.head.append(el('link', { rel: 'stylesheet', href: new URL('widget.css', assetBase).href, 'data-skw': '' }));
  }

  async function boot() {
    loadStyles();
    try {
      catalog = (await import(new URL('widget-i18n.js', assetBase).href)).messages;
    } catch (_) {
      catalog = null; // the keys show instead of text, but the chat still works
    }
    build();
    const wanted = (script && script.dataset.open) || 'auto';
    const remembered = savedOpen();
    const open = remembered !== null ? remembered : wanted === 'true' || (wanted === 'auto' && matchMedia('(min-width: 640px)').matches);
    setOpen(open, false);
    fetch(apiBase + '/api/v1/shop', { credentials: 'omit' })
      .then((r) => (r.ok ? r.json() : null))
      .then((shop) => {
        if (shop && shop.name) {
          state.shopName = shop.name;
          relabel();
        }
        ui.moveOn.hidden = !(shop && Array.isArray(shop.continue_on) && shop.continue_on.length > 0);
      })
      .catch(() => { /* the generic title will do */ });
    for (const f of queued.splice(0)) f();
    // Any element of the page marked data-shopkeeper-open opens the chat
    // (the help pages' "ask in the chat").
    document.addEventListener('click', (e) => {
      const opener = e.target.closest && e.target.closest('[data-shopkeeper-open]');
      if (opener && !ui.root.contains(opener)) {
        e.preventDefault();
        setOpen(true, true);
      }
    });
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden && state.conv) schedulePoll(0);
    });
    window.addEventListener('online', () => {
      retryFailed();
      if (state.conv) schedulePoll(0);
      else bootConversation();
    });
    bootConversation();
  }

  function bootConversation() {
    ensureStarted().catch((e) => {
      showNotice(e.kind === 'network' ? 'error_network' : 'error_start', bootConversation, 'boot');
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', boot, { once: true });
  } else {
    boot();
  }
})();
