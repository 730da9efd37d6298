// Shopkeeper agent console: the inbox of hand-offs, the live conversation
// with a shopper, the customer panel and the agent's actions. Plain script,
// no build step; it talks to the agent API (/api/v1/agent/...) with the
// session cookie set at login and listens on /api/v1/agent/ws for events.
(() => {
  'use strict';

  const API = '/api/v1/agent';
  const VIEWING_EVERY_MS = 10000; // how often an open conversation says "I'm looking"
  const VIEWING_TTL_MS = 25000; // another agent's "viewing" fades after this
  const TYPING_SEND_MS = 2500;
  const TYPING_SHOWN_MS = 6000;
  const ALERT_MS = 30000; // a new-chat toast stays this long unless the chat is opened

  const $ = (id) => document.getElementById(id);

  const state = {
    me: null,
    view: 'queued',
    list: [],
    current: null, // the open conversation's detail
    ws: null,
    wsFailures: 0,
    wsTimer: 0,
    viewingTimer: 0,
    viewers: new Map(), // agent id → {name, until}
    typing: new Map(), // who → {name, until}
    typingSent: 0,
    listTimer: 0,
    delivered: new Map(), // conversation id → highest seq the shopper's widget received
    canned: new Map(), // lang → responses
    known: null, // ids of every conversation seen in Queued or Mine; null until the first load
    unseen: new Set(), // new chats the agent has not opened yet, for the tab title
    title: document.title,
    audio: null,
    cursor: -1, // the inbox row j/k moved to
  };

  // ---- helpers ------------------------------------------------------------------

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

  class APIError extends Error {
    constructor(status, code, message) {
      super(message || code || 'HTTP ' + status);
      this.status = status;
      this.code = code;
    }
  }

  async function api(method, path, body) {
    const opts = { method, headers: { Accept: 'application/json' }, credentials: 'same-origin' };
    if (body !== undefined) {
      opts.headers['Content-Type'] = 'application/json';
      opts.body = JSON.stringify(body);
    }
    const res = await fetch(API + path, opts);
    let data = null;
    try {
      data = await res.json();
    } catch (_) { /* an empty answer */ }
    if (res.status === 401 && path !== '/login') {
      showLogin();
      throw new APIError(401, 'unauthorized', 'Your session has ended; sign in again.');
    }
    if (!res.ok) {
      const e = (data && data.error) || {};
      throw new APIError(res.status, e.code, e.message);
    }
    return data;
  }

  function when(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return '';
    const today = new Date().toDateString() === d.toDateString();
    return today ? d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : d.toLocaleString([], { dateStyle: 'short', timeStyle: 'short' });
  }

  function money(m) {
    return m && m.amount != null ? m.amount + ' ' + (m.currency || '') : '';
  }

  function showError(node, err) {
    node.textContent = err ? err.message || String(err) : '';
    node.hidden = !err;
  }

  // ---- new chats: sound, tab title, desktop notification ------------------------

  function notifyEnabled() {
    try {
      return localStorage.getItem('shopkeeper.console.notify') !== 'off';
    } catch (_) {
      return true;
    }
  }

  function renderNotifyButton() {
    const on = notifyEnabled();
    const desktop = 'Notification' in window ? Notification.permission : 'unsupported';
    $('notify').setAttribute('aria-pressed', String(on));
    $('notify').textContent = on ? (desktop === 'granted' ? 'Notifications on' : 'Sound on') : 'Notifications off';
  }

  // toggleNotify asks for desktop notifications from the agent's own click,
  // the only moment browsers allow the question; the click also unlocks
  // sound, which browsers keep silent until the page was interacted with.
  async function toggleNotify() {
    const on = !notifyEnabled() || ('Notification' in window && Notification.permission === 'default');
    try { localStorage.setItem('shopkeeper.console.notify', on ? 'on' : 'off'); } catch (_) { /* for this page only */ }
    if (on) {
      unlockAudio();
      if ('Notification' in window && Notification.permission === 'default') {
        try { await Notification.requestPermission(); } catch (_) { /* sound and title remain */ }
      }
    }
    renderNotifyButton();
  }

  function unlockAudio() {
    const Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) return null;
    if (!state.audio) {
      try { state.audio = new Ctx(); } catch (_) { return null; }
    }
    if (state.audio.state === 'suspended') state.audio.resume().catch(() => {});
    return state.audio;
  }

  // beep plays two short tones: noticeable, not alarming.
  function beep() {
    const ctx = unlockAudio();
    if (!ctx) return;
    try {
      const now = ctx.currentTime;
      for (const [at, freq] of [[0, 880], [0.18, 1175]]) {
        const osc = ctx.createOscillator();
        const gain = ctx.createGain();
        osc.type = 'sine';
        osc.frequency.value = freq;
        gain.gain.setValueAtTime(0.0001, now + at);
        gain.gain.exponentialRampToValueAtTime(0.2, now + at + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, now + at + 0.16);
        osc.connect(gain).connect(ctx.destination);
        osc.start(now + at);
        osc.stop(now + at + 0.17);
      }
      state.beeps = (state.beeps || 0) + 1;
    } catch (_) { /* no sound, the title and the toast still tell */ }
  }

  function renderTitle() {
    const n = state.unseen.size;
    document.title = n ? '(' + n + ') ' + state.title : state.title;
  }

  function showAlert(text) {
    const node = $('alert');
    node.textContent = text;
    node.hidden = false;
    clearTimeout(state.alertTimer);
    state.alertTimer = setTimeout(() => { node.hidden = true; }, ALERT_MS);
  }

  // noticeChats compares the Queued and Mine lists with what was seen
  // before: a conversation never seen is a new chat. The first load only
  // learns what is there, so signing in does not ring for old chats.
  function noticeChats(queued, mine) {
    const all = [...queued.map((c) => [c, false]), ...mine.map((c) => [c, true])];
    if (state.known === null) {
      state.known = new Set(all.map(([c]) => c.id));
      return;
    }
    const fresh = all.filter(([c]) => !state.known.has(c.id));
    for (const [c] of all) state.known.add(c.id);
    if (!fresh.length) return;
    for (const [c] of fresh) if (!(state.current && state.current.id === c.id)) state.unseen.add(c.id);
    renderTitle();
    if (state.view === 'queued' || state.view === 'mine') renderList(); // marks the new ones
    const assigned = fresh.filter(([, m]) => m).map(([c]) => c);
    const who = (c) => (c.customer && (c.customer.name || c.customer.email)) || 'a shopper';
    const text = assigned.length
      ? (assigned.length === 1 ? 'Assigned to you: a chat with ' + who(assigned[0]) : assigned.length + ' chats were assigned to you')
      : (fresh.length === 1 ? 'New chat waiting: ' + who(fresh[0][0]) : fresh.length + ' new chats waiting');
    showAlert(text);
    if (!notifyEnabled()) return;
    beep();
    if ('Notification' in window && Notification.permission === 'granted' && (document.hidden || !document.hasFocus())) {
      try {
        const n = new Notification('Shopkeeper', { body: text, tag: 'shopkeeper-new-chat' });
        const first = fresh[0][0];
        n.onclick = () => {
          window.focus();
          if (assigned.length) selectTab('mine', false);
          openConversation(first.id);
          n.close();
        };
      } catch (_) { /* some browsers only notify from a service worker */ }
    }
  }

  // ---- login --------------------------------------------------------------------

  function showLogin() {
    closeSocket();
    state.me = null;
    $('app').hidden = true;
    $('login').hidden = false;
    $('login-email').focus();
  }

  async function login(e) {
    e.preventDefault();
    const email = $('login-email').value.trim();
    const password = $('login-password').value;
    showError($('login-error'), null);
    if (!email || !password) {
      showError($('login-error'), new Error('Enter your e-mail and password.'));
      return;
    }
    const body = { email, password };
    if (!$('login-code-field').hidden) body.code = $('login-code').value.trim();
    try {
      const res = await api('POST', '/login', body);
      $('login-password').value = '';
      $('login-code').value = '';
      $('login-code-field').hidden = true;
      await enter(res.agent);
    } catch (err) {
      // An agent with a second factor is asked for the code after the
      // password; a 429 says how long to wait.
      if (err.code === 'totp_required') {
        $('login-code-field').hidden = false;
        showError($('login-error'), new Error('Enter the code from your authenticator app.'));
        $('login-code').focus();
        return;
      }
      showError($('login-error'), err.status === 401 ? new Error('That e-mail and password (or code) do not match an account.') : err);
      $('login-password').focus();
    }
  }

  async function enter(agent) {
    state.me = agent;
    $('login').hidden = true;
    $('app').hidden = false;
    $('me').textContent = agent.name + (agent.role === 'admin' ? ' (admin)' : '');
    // The login answer says who; /me also says whether they are online.
    api('GET', '/me').then((m) => { $('online').checked = !!m.online; }, () => {});
    openSocket();
    await loadList();
    $('tab-' + state.view).focus();
  }

  async function logout() {
    try {
      await api('POST', '/logout', {});
    } catch (_) { /* signed out either way */ }
    closeCurrent();
    showLogin();
  }

  async function setOnline() {
    const box = $('online');
    try {
      const mineIds = async () => new Set(((await api('GET', '/conversations?view=mine')).conversations || []).map((c) => c.id));
      const before = box.checked ? await mineIds() : null;
      await api('POST', '/status', { online: box.checked });
      if (!box.checked) {
        scheduleList(0);
        return;
      }
      // Going online may assign queued chats to this agent at once: say
      // so and show them in Mine, rather than let them vanish from Queued.
      const after = ((await api('GET', '/conversations?view=mine')).conversations || []);
      const moved = after.filter((c) => !before.has(c.id));
      if (moved.length) {
        for (const c of moved) {
          if (state.known) state.known.add(c.id);
          state.unseen.add(c.id);
        }
        renderTitle();
        const who = (moved[0].customer && (moved[0].customer.name || moved[0].customer.email)) || 'a shopper';
        showAlert(moved.length === 1 ? 'Assigned to you: a chat with ' + who : moved.length + ' chats were assigned to you');
        selectTab('mine', false);
      } else {
        scheduleList(0);
      }
    } catch (err) {
      box.checked = !box.checked;
      alert('Could not change your status: ' + err.message);
    }
  }

  // ---- inbox ----------------------------------------------------------------------

  function selectTab(view, focus) {
    state.view = view;
    for (const b of document.querySelectorAll('[role=tab]')) {
      const on = b.dataset.view === view;
      b.setAttribute('aria-selected', String(on));
      b.tabIndex = on ? 0 : -1;
      if (on && focus) b.focus();
    }
    $('list').setAttribute('aria-labelledby', 'tab-' + view);
    loadList();
  }

  function tabKeys(e) {
    const tabs = [...document.querySelectorAll('[role=tab]')];
    const i = tabs.indexOf(document.activeElement);
    if (i < 0) return;
    let next = -1;
    if (e.key === 'ArrowRight') next = (i + 1) % tabs.length;
    if (e.key === 'ArrowLeft') next = (i - 1 + tabs.length) % tabs.length;
    if (next >= 0) {
      e.preventDefault();
      selectTab(tabs[next].dataset.view, true);
    }
  }

  // scheduleList reloads the inbox soon; bursts of events cause one load.
  function scheduleList(delay) {
    clearTimeout(state.listTimer);
    state.listTimer = setTimeout(loadList, delay == null ? 250 : delay);
  }

  async function loadList() {
    if (!state.me) return;
    const view = state.view;
    if (view === 'review') {
      await loadReview();
      return;
    }
    try {
      const res = await api('GET', '/conversations?view=' + view);
      if (view !== state.view) return;
      state.list = res.conversations || [];
      state.listView = view;
      renderList();
    } catch (err) {
      if (err.status !== 401) console.warn('load inbox', err);
    }
    // The counters on the other tabs are worth a request each; the two
    // lists also tell which chats are new.
    const lists = await Promise.all(['queued', 'mine'].map((v) => (v === view
      ? Promise.resolve(state.list)
      : api('GET', '/conversations?view=' + v).then((r) => r.conversations || [], () => null))));
    ['queued', 'mine'].forEach((v, i) => { if (lists[i]) setCount(v, lists[i].length); });
    if (lists[0] && lists[1]) noticeChats(lists[0], lists[1]);
  }

  // ---- review queue: orders the fraud checks hold until a person decides ----------

  async function loadReview() {
    try {
      const res = await api('GET', '/orders/review');
      if (state.view !== 'review') return;
      renderReview(res.orders || []);
      setCount('review', (res.orders || []).length);
    } catch (err) {
      if (err.status !== 401) console.warn('load review queue', err);
    }
  }

  function renderReview(orders) {
    const ul = $('list');
    ul.replaceChildren();
    const admin = state.me && state.me.role === 'admin';
    for (const o of orders) {
      const result = el('p', { class: 'muted', role: 'status' });
      const decide = (decision) => async () => {
        try {
          await api('POST', '/orders/' + encodeURIComponent(o.number) + '/review', { decision });
          loadReview();
        } catch (err) {
          showError(result, err);
          result.hidden = false;
        }
      };
      const reasons = (o.risk && o.risk.reasons) || [];
      ul.append(el('li', { class: 'item review', 'data-order': o.number },
        el('span', { class: 'item-top' },
          el('strong', { text: '#' + o.number }),
          el('span', { class: 'status status-on_hold', text: (o.risk && o.risk.level) || 'high' }),
          el('span', { text: money(o.total) })),
        el('span', { class: 'item-reason', text: (o.customer && o.customer.email) || '' }),
        el('ul', { class: 'reasons' }, reasons.map((r) => el('li', { text: r }))),
        el('span', { class: 'item-when muted', text: when(o.created_at) }),
        admin ? el('span', { class: 'review-actions' },
          el('button', { type: 'button', class: 'primary', onclick: decide('approve'), text: 'Approve' }),
          el('button', { type: 'button', onclick: decide('reject'), text: 'Reject and refund' })) : el('span', { class: 'muted', text: 'An admin decides.' }),
        result));
    }
    $('list-empty').hidden = orders.length > 0;
  }

  function setCount(view, n) {
    const c = document.querySelector('[data-count=' + view + ']');
    if (c) c.textContent = n ? '(' + n + ')' : '';
  }

  function listed() {
    const q = ($('filter').value || '').trim().toLowerCase();
    if (!q) return state.list;
    return state.list.filter((c) => [c.id, c.customer && c.customer.name, c.customer && c.customer.email, c.handoff && c.handoff.reason, c.last_message && c.last_message.text]
      .some((s) => s && String(s).toLowerCase().includes(q)));
  }

  function renderList() {
    if (state.listView !== state.view) return; // the list of another tab is still loaded
    const ul = $('list');
    ul.replaceChildren();
    const shown = listed();
    for (const c of shown) {
      const last = c.last_message || {};
      const who = (c.customer && (c.customer.name || c.customer.email)) || 'Shopper';
      const selected = state.current && state.current.id === c.id;
      const li = el('li', { class: 'item' + (selected ? ' is-open' : '') + (state.unseen.has(c.id) ? ' is-new' : ''), 'data-id': c.id },
        el('button', { type: 'button', class: 'item-btn', 'aria-current': selected ? 'true' : null, onclick: () => openConversation(c.id) },
          el('span', { class: 'item-top' },
            el('strong', { text: who }),
            el('span', { class: 'status status-' + c.status, text: c.status }),
            el('span', { class: 'lang', text: (c.language || '').toUpperCase() }),
            c.channel && c.channel !== 'web' ? el('span', { class: 'channel channel-' + c.channel, text: channelName(c.channel) }) : null),
          el('span', { class: 'item-reason', text: (c.handoff && c.handoff.reason) || '' }),
          el('span', { class: 'item-last', text: last.text ? (last.from === 'agent' ? (last.agent_name || 'Agent') + ': ' : last.from === 'shopper' ? '' : 'Bot: ') + last.text : '' }),
          el('span', { class: 'item-when muted', text: (c.assignee ? (mine(c) ? 'Assigned to you' : c.assignee.name) + ' · ' : '') + when(c.updated_at) })));
      ul.append(li);
    }
    $('list-empty').hidden = shown.length > 0;
  }

  // ---- conversation -----------------------------------------------------------------

  async function openConversation(id, keepFocus) {
    try {
      const c = await api('GET', '/conversations/' + encodeURIComponent(id));
      const switched = !state.current || state.current.id !== c.id;
      state.current = c;
      if (state.unseen.delete(c.id)) {
        renderTitle();
        if (!state.unseen.size) $('alert').hidden = true;
      }
      if (switched) {
        state.viewers.clear();
        state.typing.clear();
        $('reply-text').value = '';
        showError($('conv-error'), null);
        $('action-result').textContent = '';
      }
      renderConversation();
      renderList();
      sendViewing();
      clearInterval(state.viewingTimer);
      state.viewingTimer = setInterval(sendViewing, VIEWING_EVERY_MS);
      loadCanned(c.language);
      if (switched) loadColleagues();
      if (switched && !keepFocus) $('main').focus();
    } catch (err) {
      if (err.status !== 401) showError($('conv-error'), err);
    }
  }

  function closeCurrent() {
    state.current = null;
    clearInterval(state.viewingTimer);
    $('conv').hidden = true;
    $('side').hidden = true;
    $('conv-none').hidden = false;
  }

  function mine(c) {
    return c && c.assignee && state.me && String(c.assignee.id) === String(state.me.id);
  }

  // me says whether an owner (an assignee, or only the hand-off's agent
  // name once the assignment is gone) is the signed-in agent.
  function isMe(owner) {
    if (!owner || !state.me) return false;
    if (owner.id != null) return String(owner.id) === String(state.me.id);
    return owner.name === state.me.name;
  }

  function assignee(c) {
    if (c.assignee) return c.assignee;
    if (c.handoff && c.handoff.agent) return { name: c.handoff.agent };
    return null;
  }

  function renderConversation() {
    const c = state.current;
    $('conv-none').hidden = true;
    $('conv').hidden = false;
    $('side').hidden = false;
    const cust = c.customer || {};
    $('conv-title').textContent = cust.name || cust.email || 'Shopper';
    const owner = assignee(c);
    const open0 = c.status === 'queued' || c.status === 'agent';
    $('conv-meta').textContent = [c.status, (c.language || '').toUpperCase(), channelName(c.channel), !open0 ? 'resolved' : owner ? (isMe(owner) ? 'with you' : 'with ' + owner.name) : 'unassigned', c.id].join(' · ');
    $('handoff-reason').textContent = (c.handoff && c.handoff.reason) || '';
    $('summary').textContent = (c.handoff && c.handoff.summary) || 'No summary.';

    const isMine = mine(c);
    const open = c.status === 'queued' || c.status === 'agent';
    const admin = state.me && state.me.role === 'admin';
    $('take').hidden = isMine || !open;
    $('take').textContent = owner && !isMine ? (admin ? 'Take over' : 'Taken') : 'Take';
    $('take').disabled = !!owner && !isMine && !admin;
    $('transfer').disabled = !isMine && !admin;
    $('resolve').disabled = !open || (!isMine && !admin);
    $('reply-text').disabled = !isMine;
    $('send').disabled = !isMine;
    // Never "only <me> can reply" to me: after resolving, the conversation
    // is back with the bot (or closed), whoever had it.
    let hint = '';
    let ownerLine = '';
    let ownerClass = 'owner';
    if (!open) {
      hint = c.status === 'closed' ? 'This conversation is closed.' : 'Resolved: the assistant answers this shopper again. If they ask for a person, it comes back to the queue.';
      ownerLine = (owner && isMe(owner) ? 'Resolved by you' : 'Resolved') + (c.status === 'closed' ? ' · closed' : ' · the assistant has it');
      ownerClass += ' is-resolved';
    } else if (isMine) {
      ownerLine = 'Assigned to you';
      ownerClass += ' is-mine';
    } else if (owner && !isMe(owner)) {
      hint = 'Only ' + owner.name + ' can reply. Take over to reply yourself.';
      ownerLine = 'With ' + owner.name;
    } else {
      hint = 'Take the conversation to reply.';
      ownerLine = 'Waiting in the queue';
    }
    $('reply-hint').textContent = hint;
    $('conv-owner').textContent = ownerLine;
    $('conv-owner').className = ownerClass;

    const ol = $('transcript');
    ol.replaceChildren();
    for (const m of c.transcript || []) ol.append(messageNode(m));
    markUndelivered(c.undelivered || []);
    ol.scrollTop = ol.scrollHeight;
    renderDelivery();
    renderNotes(c.notes || []);
    renderCustomer(c);
    renderPresence();
  }

  function messageNode(m, local) {
    const from = ['shopper', 'bot', 'agent', 'system'].includes(m.from) ? m.from : 'bot';
    const who = from === 'agent' ? (m.agent_name || 'Agent') : from === 'shopper' ? 'Shopper' : from === 'bot' ? 'Bot' : 'System';
    let body = m.text || '';
    if (m.type === 'products') body += (body ? '\n' : '') + (m.items || []).map((i) => '• ' + i.title + ' ' + money(i.price)).join('\n');
    if (m.type === 'link' && m.url) body += (body ? '\n' : '') + '[' + (m.purpose || 'link') + '] ' + m.url;
    if (!body && m.payload) body = '(button: ' + m.payload + ')';
    const li = el('li', { class: 'msg from-' + from + (m.fallback ? ' is-fallback' : ''), 'data-seq': m.seq || null },
      el('span', { class: 'msg-who', text: who }),
      el('span', { class: 'msg-text', text: body }),
      el('span', { class: 'msg-meta muted' },
        el('time', { text: when(m.created_at) }),
        m.nlu ? ' · ' + m.nlu.intent + ' ' + Math.round(m.nlu.confidence * 100) + '%' : null,
        m.fallback ? ' · not understood' : null,
        from === 'agent' ? el('span', { class: 'delivery', text: local ? 'sending…' : 'sent' }) : null));
    return li;
  }

  // channelName is how the console names the channel a shopper writes on.
  function channelName(ch) {
    return { web: 'Web chat', rest: 'Web chat', api: 'API', whatsapp: 'WhatsApp', messenger: 'Messenger', telegram: 'Telegram', sms: 'SMS', voice: 'Phone' }[ch] || ch || '';
  }

  // markUndelivered flags messages the shopper's messaging app never got,
  // with the provider's reason.
  function markUndelivered(list) {
    for (const u of list) {
      const li = $('transcript').querySelector('[data-seq="' + Number(u.seq) + '"]');
      if (!li) continue;
      li.classList.add('is-undelivered');
      li.append(el('span', { class: 'undelivered', role: 'note', text: 'Not delivered: ' + u.error }));
    }
  }

  // renderDelivery marks the agents' messages the shopper's widget has received.
  function renderDelivery() {
    const c = state.current;
    if (!c) return;
    const upTo = state.delivered.get(c.id) || 0;
    for (const li of $('transcript').querySelectorAll('.msg.from-agent[data-seq]')) {
      const d = li.querySelector('.delivery');
      if (d && Number(li.dataset.seq) <= upTo) {
        d.textContent = 'delivered';
        li.classList.add('is-delivered');
      }
    }
  }

  function appendMessage(m) {
    const ol = $('transcript');
    if (m.seq && ol.querySelector('[data-seq="' + m.seq + '"]')) return;
    const near = ol.scrollHeight - ol.scrollTop - ol.clientHeight < 120;
    ol.append(messageNode(m));
    if (near) ol.scrollTop = ol.scrollHeight;
    state.current.transcript = (state.current.transcript || []).concat([m]);
    renderDelivery();
  }

  async function sendReply(e) {
    e.preventDefault();
    const c = state.current;
    const box = $('reply-text');
    const text = box.value.trim();
    if (!c || !text) return;
    box.value = '';
    const pending = messageNode({ from: 'agent', text, agent_name: state.me.name, created_at: new Date().toISOString() }, true);
    pending.classList.add('is-pending');
    $('transcript').append(pending);
    $('transcript').scrollTop = $('transcript').scrollHeight;
    try {
      const res = await api('POST', '/conversations/' + encodeURIComponent(c.id) + '/messages', { text });
      const m = res.message;
      pending.classList.remove('is-pending');
      const dup = m.seq && $('transcript').querySelector('[data-seq="' + m.seq + '"]');
      if (dup) pending.remove(); // the live event was faster than the answer
      else {
        pending.dataset.seq = m.seq;
        pending.querySelector('.delivery').textContent = 'sent';
        state.current.transcript = (state.current.transcript || []).concat([m]);
      }
      renderDelivery();
    } catch (err) {
      pending.classList.add('is-failed');
      pending.querySelector('.delivery').textContent = 'not sent';
      box.value = text;
      showError($('conv-error'), err);
    }
    box.focus();
  }

  function replyKeys(e) {
    if (e.key === 'Escape') {
      e.target.blur();
      return;
    }
    if (e.key === 'Enter' && (!e.shiftKey || e.ctrlKey || e.metaKey) && !e.isComposing) {
      e.preventDefault();
      $('reply').requestSubmit();
    }
  }

  function onReplyInput() {
    const c = state.current;
    if (!c || !state.ws || state.ws.readyState !== WebSocket.OPEN || !$('reply-text').value) return;
    const now = Date.now();
    if (now - state.typingSent < TYPING_SEND_MS) return;
    state.typingSent = now;
    state.ws.send(JSON.stringify({ type: 'typing', conversation_id: c.id }));
  }

  function sendViewing() {
    const c = state.current;
    if (c && state.ws && state.ws.readyState === WebSocket.OPEN) {
      state.ws.send(JSON.stringify({ type: 'viewing', conversation_id: c.id }));
    }
  }

  async function act(label, fn) {
    showError($('conv-error'), null);
    try {
      await fn();
    } catch (err) {
      if (err.code === 'already_taken') err = new Error('Someone else took this conversation first.');
      showError($('conv-error'), err);
    }
    if (state.current) await openConversation(state.current.id, true);
    scheduleList(0);
  }

  function take() {
    const c = state.current;
    const force = !!assignee(c) && !mine(c);
    if (force && !confirm('Take this conversation over from ' + assignee(c).name + '?')) return;
    act('take', () => api('POST', '/conversations/' + encodeURIComponent(c.id) + '/take', force ? { force: true } : {}));
  }

  // The transfer picker: online colleagues (not me) with their languages and
  // load, then the teams. Values are "agent:<id>" or "team:<name>".
  async function loadColleagues() {
    let data;
    try {
      data = await api('GET', '/agents');
    } catch (_) {
      return; // the picker keeps its last list
    }
    const select = $('transfer-to');
    const keep = select.value;
    const me = state.me ? state.me.id : 0;
    const people = (data.agents || []).filter((a) => a.online && a.id !== me);
    const groups = [el('option', { value: '', text: 'Transfer to…' })];
    groups.push(el('optgroup', { label: 'Online colleagues' }, people.length
      ? people.map((a) => el('option', {
        value: 'agent:' + a.id,
        disabled: a.open_chats >= a.capacity,
        text: a.name + ' · ' + (a.languages || []).join('/').toUpperCase() + ' · ' + a.open_chats + '/' + a.capacity,
      }))
      : [el('option', { value: '', disabled: true, text: 'Nobody else is online' })]));
    const teams = data.teams || [];
    if (teams.length) groups.push(el('optgroup', { label: 'Teams' }, teams.map((t) => el('option', { value: 'team:' + t, text: t }))));
    select.replaceChildren(...groups);
    if ([...select.options].some((o) => o.value === keep && !o.disabled)) select.value = keep;
  }

  function transfer() {
    const c = state.current;
    const to = $('transfer-to').value;
    if (!to) {
      $('transfer-to').focus();
      return;
    }
    const body = to.startsWith('agent:') ? { agent_id: Number(to.slice(6)) } : { team: to.slice(5) };
    act('transfer', async () => {
      await api('POST', '/conversations/' + encodeURIComponent(c.id) + '/transfer', body);
      $('transfer-to').value = '';
    });
  }

  function resolve() {
    const c = state.current;
    act('resolve', () => api('POST', '/conversations/' + encodeURIComponent(c.id) + '/resolve', {}));
  }

  // ---- notes, customer, canned ----------------------------------------------------------

  function renderNotes(notes) {
    $('notes').replaceChildren(...notes.map((n) => el('li', {},
      el('span', { class: 'note-text', text: n.text }),
      el('span', { class: 'muted', text: ' — ' + (n.author || '') + ', ' + when(n.created_at) }))));
  }

  async function addNote(e) {
    e.preventDefault();
    const c = state.current;
    const text = $('note-text').value.trim();
    if (!c || !text) return;
    try {
      await api('POST', '/conversations/' + encodeURIComponent(c.id) + '/notes', { text });
      $('note-text').value = '';
      await openConversation(c.id, true);
    } catch (err) {
      showError($('conv-error'), err);
    }
  }

  function renderCustomer(c) {
    const cust = c.customer || {};
    const dl = $('customer');
    dl.replaceChildren();
    for (const [k, v] of [['Name', cust.name], ['E-mail', cust.email], ['Phone', cust.phone], ['Language', (c.language || '').toUpperCase()]]) {
      if (v) dl.append(el('dt', { text: k }), el('dd', { text: v }));
    }
    if (!dl.children.length) dl.append(el('dd', { class: 'muted', text: 'Anonymous shopper' }));
    else {
      // Typing an e-mail proves nothing: say whether the shopper proved it.
      const how = { email_code: 'code sent by e-mail', signed: 'signed in on the shop\'s site' }[cust.verified_by] || cust.verified_by;
      dl.append(el('dt', { text: 'Identity' }), cust.verified
        ? el('dd', { class: 'verified', text: 'Verified' + (how ? ' (' + how + ')' : '') })
        : el('dd', { class: 'unverified', text: 'Not verified: e-mail only typed by the shopper' }));
    }

    const cart = c.cart;
    const items = (cart && cart.items) || [];
    // Steppers and remove change the shopper's cart; the shopper is told
    // in the chat (the server writes that message in their language).
    $('cart').replaceChildren(items.length
      ? el('ul', { class: 'plain' }, items.map((i) => el('li', { class: 'cart-line' },
        el('button', { type: 'button', class: 'step', 'aria-label': 'One fewer ' + i.title, onclick: () => setCartLine(i.sku, i.quantity - 1) }, '−'),
        el('span', { class: 'qty', text: String(i.quantity) }),
        el('button', { type: 'button', class: 'step', 'aria-label': 'One more ' + i.title, onclick: () => setCartLine(i.sku, i.quantity + 1) }, '+'),
        ' ' + i.title + ' (' + i.sku + ') ' + money(i.unit_price) + ' ',
        el('button', { type: 'button', class: 'link', 'aria-label': 'Remove ' + i.title, onclick: () => removeCartLine(i.sku) }, 'Remove'))),
        el('li', { class: 'total', text: 'Total ' + money(cart.total) }))
      : el('p', { class: 'muted', text: 'Empty' }));

    const orders = cust.orders || [];
    const refunded = cust.refunded || {};
    $('orders').replaceChildren(...(orders.length ? orders.map((o) => el('li', {},
      el('strong', { text: o.number }), ' ' + [o.status, o.payment_status, o.fulfillment_status].filter(Boolean).join(' / ') + ' · ' + money(o.total)
        + (refunded[o.number] && o.payment_status !== 'refunded' ? ' · refunded ' + money(refunded[o.number]) : ''),
      el('ul', { class: 'plain small' }, (o.items || []).map((i) => el('li', { text: i.quantity + ' × ' + i.title }))))) : [el('li', { class: 'muted', text: 'None' })]));
    $('refund-order').replaceChildren(...orders.map((o) => el('option', { value: o.number, text: o.number + ' (' + money(o.total) + ')' })));

    const prev = cust.previous_conversations || [];
    $('previous').replaceChildren(...(prev.length ? prev.map((p) => el('li', {},
      el('button', { type: 'button', class: 'link', onclick: () => openConversation(p.id) }, p.id), ' ' + p.status + ' · ' + when(p.updated_at))) : [el('li', { class: 'muted', text: 'None' })]));
  }

  async function loadCanned(lang) {
    const select = $('canned');
    let list = state.canned.get(lang);
    if (!list) {
      try {
        list = (await api('GET', '/canned?lang=' + encodeURIComponent(lang || ''))).responses || [];
        state.canned.set(lang, list);
      } catch (_) {
        list = [];
      }
    }
    select.replaceChildren(el('option', { value: '', text: list.length ? 'Canned responses (' + (lang || '').toUpperCase() + ')…' : 'No canned responses' }),
      ...list.map((r, i) => el('option', { value: String(i), text: r.title })));
    select.onchange = () => {
      const r = list[Number(select.value)];
      if (r) {
        const box = $('reply-text');
        box.value = box.value ? box.value + ' ' + r.text : r.text;
        box.focus();
      }
      select.value = '';
    };
  }

  async function sendCoupon(e) {
    e.preventDefault();
    const c = state.current;
    const percent = Number($('coupon-percent').value);
    if (!Number.isInteger(percent) || percent < 1 || percent > 100) {
      $('action-result').textContent = 'Enter a whole percentage from 1 to 100.';
      return;
    }
    try {
      const res = await api('POST', '/conversations/' + encodeURIComponent(c.id) + '/actions/coupon', { percent });
      $('action-result').textContent = 'Code ' + ((res && (res.code || (res.coupon && res.coupon.code))) || '') + ' sent to the shopper.';
      await openConversation(c.id, true);
    } catch (err) {
      $('action-result').textContent = 'No code sent: ' + err.message;
    }
  }

  async function cartCall(method, path, body, done) {
    const c = state.current;
    if (!c) return;
    try {
      await api(method, '/conversations/' + encodeURIComponent(c.id) + path, body);
      $('cart-result').textContent = done;
      await openConversation(c.id, true);
    } catch (err) {
      $('cart-result').textContent = 'Cart not changed: ' + err.message;
    }
  }

  function setCartLine(sku, quantity) {
    return cartCall('PUT', '/cart/items/' + encodeURIComponent(sku), { quantity }, 'Cart changed; the shopper was told.');
  }

  function removeCartLine(sku) {
    return cartCall('DELETE', '/cart/items/' + encodeURIComponent(sku), undefined, 'Removed; the shopper was told.');
  }

  async function addCartLine(e) {
    e.preventDefault();
    const sku = $('cart-add-sku').value.trim();
    if (!sku) return;
    await cartCall('POST', '/cart/items', { sku, quantity: 1 }, 'Added; the shopper was told.');
    $('cart-add-sku').value = '';
  }

  async function searchProducts(e) {
    e.preventDefault();
    const q = $('product-search-q').value.trim();
    if (!q) return;
    try {
      const res = await api('GET', '/products?q=' + encodeURIComponent(q));
      const ps = (res && res.products) || [];
      $('product-results').replaceChildren(...(ps.length ? ps.map((p) => {
        const stock = (p.variants || []).reduce((n, v) => n + (v.stock || 0), 0);
        return el('li', {}, el('strong', { text: p.title }), ' · ' + stock + ' in stock ',
          el('button', { type: 'button', class: 'link', onclick: () => sendProduct(p.handle) }, 'Send card'));
      }) : [el('li', { class: 'muted', text: 'No products found' })]));
    } catch (err) {
      $('cart-result').textContent = 'Search failed: ' + err.message;
    }
  }

  async function sendProduct(handle) {
    const c = state.current;
    if (!c) return;
    try {
      await api('POST', '/conversations/' + encodeURIComponent(c.id) + '/products', { handle });
      $('cart-result').textContent = 'Product card sent.';
      await openConversation(c.id, true);
    } catch (err) {
      $('cart-result').textContent = 'Card not sent: ' + err.message;
    }
  }

  async function sendRefund(e) {
    e.preventDefault();
    const c = state.current;
    const number = $('refund-order').value;
    const amount = $('refund-amount').value.trim().replace(',', '.');
    if (!number) {
      $('action-result').textContent = 'This customer has no order to refund.';
      return;
    }
    if (amount && !/^\d+(\.\d{1,2})?$/.test(amount)) {
      $('action-result').textContent = 'Write the amount like 12.50, or leave it empty to refund everything.';
      return;
    }
    if (!confirm('Refund ' + (amount || 'the whole of') + ' order ' + number + '?')) return;
    try {
      // Money travels as the contract's {amount, currency}, in the order's currency.
      const order = ((c.customer && c.customer.orders) || []).find((o) => o.number === number);
      const currency = (order && order.total && order.total.currency) || 'EUR';
      await api('POST', '/conversations/' + encodeURIComponent(c.id) + '/actions/refund',
        amount ? { order_number: number, amount: { amount, currency } } : { order_number: number });
      $('action-result').textContent = 'Refund of order ' + number + ' done.';
      $('refund-amount').value = '';
      await openConversation(c.id, true);
    } catch (err) {
      $('action-result').textContent = 'No refund: ' + err.message;
    }
  }

  // ---- presence ------------------------------------------------------------------------

  function renderPresence() {
    const now = Date.now();
    const others = [...state.viewers.values()].filter((v) => v.until > now).map((v) => v.name);
    $('conv-viewers').textContent = others.length ? 'Also here: ' + others.join(', ') : '';
    const typers = [...state.typing.values()].filter((v) => v.until > now).map((v) => v.name);
    $('typing').textContent = typers.length ? typers.join(', ') + (typers.length > 1 ? ' are' : ' is') + ' typing…' : '';
  }

  setInterval(renderPresence, 2000); // lets stale "viewing"/"typing" fade

  // ---- live events -------------------------------------------------------------------------

  function openSocket() {
    closeSocket();
    const u = new URL(API + '/ws', location.href);
    u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(u.href); // the session cookie authenticates it
    state.ws = ws;
    setLive('connecting');
    ws.onopen = () => {
      state.wsFailures = 0;
      setLive('live');
      sendViewing();
      // Whatever happened while we were away: reload.
      scheduleList(0);
      if (state.current) openConversation(state.current.id, true);
    };
    ws.onmessage = (ev) => {
      let e;
      try {
        e = JSON.parse(ev.data);
      } catch (_) {
        return;
      }
      onEvent(e);
    };
    ws.onclose = () => {
      if (state.ws !== ws) return;
      state.ws = null;
      if (!state.me) return;
      setLive('offline');
      state.wsFailures++;
      clearTimeout(state.wsTimer);
      state.wsTimer = setTimeout(() => {
        // The session may have ended; /me tells, and sends to the login form if so.
        api('GET', '/me').then(() => openSocket(), () => {});
      }, Math.min(1000 * 2 ** state.wsFailures, 30000));
    };
  }

  function closeSocket() {
    clearTimeout(state.wsTimer);
    const ws = state.ws;
    state.ws = null;
    if (ws) ws.close();
  }

  function setLive(s) {
    const node = $('live-state');
    node.dataset.state = s;
    node.textContent = { connecting: 'Connecting…', live: 'Live', offline: 'Reconnecting…' }[s];
  }

  function onEvent(e) {
    const c = state.current;
    const here = c && e.conversation_id === c.id;
    const self = state.me && String(e.agent_id) === String(state.me.id);
    switch (e.type) {
      case 'message':
        if (here && e.message) {
          appendMessage(e.message);
          const from = e.message.from === 'agent' ? e.message.agent_name : 'shopper';
          state.typing.delete(from);
          renderPresence();
        }
        scheduleList();
        break;
      case 'conversation':
        scheduleList();
        if (here) openConversation(c.id, true);
        break;
      case 'note':
        if (here) openConversation(c.id, true);
        break;
      case 'typing':
        if (here && !self) {
          const name = e.from === 'shopper' ? 'Shopper' : e.agent_name || 'An agent';
          state.typing.set(e.from === 'shopper' ? 'shopper' : name, { name, until: Date.now() + TYPING_SHOWN_MS });
          renderPresence();
        }
        break;
      case 'viewing':
        if (here && !self) {
          state.viewers.set(String(e.agent_id), { name: e.agent_name || 'An agent', until: Date.now() + VIEWING_TTL_MS });
          renderPresence();
        }
        break;
      case 'delivered':
        if (e.seq > (state.delivered.get(e.conversation_id) || 0)) state.delivered.set(e.conversation_id, e.seq);
        if (here) renderDelivery();
        break;      case 'resync':
        // The server lost other instances' events for a while: reload
        // what may have changed meanwhile, as after a reconnect.
        scheduleList(0);
        if (c) openConversation(c.id, true);
        break;
    }
  }

  // ---- keyboard -----------------------------------------------------------------------------

  // Shortcuts work when no field has the focus: j/k move through the
  // inbox and open the conversation, / searches, r goes to the reply box.
  function shortcuts(e) {
    if (!state.me || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
    const t = e.target;
    if (t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))) {
      if (e.key === 'Escape' && t.id === 'filter') t.blur();
      return;
    }
    const rows = [...$('list').querySelectorAll('.item[data-id]')];
    if (e.key === 'j' || e.key === 'k') {
      if (!rows.length) return;
      e.preventDefault();
      let i = rows.findIndex((r) => state.current && r.dataset.id === state.current.id);
      i = i < 0 ? (e.key === 'j' ? 0 : rows.length - 1) : Math.max(0, Math.min(rows.length - 1, i + (e.key === 'j' ? 1 : -1)));
      for (const r of rows) r.classList.remove('is-cursor');
      rows[i].classList.add('is-cursor');
      rows[i].scrollIntoView({ block: 'nearest' });
      openConversation(rows[i].dataset.id, true);
    } else if (e.key === '/') {
      // Focus on the key's release, so the slash itself is not typed
      // into the search by a browser that sends it after the keydown.
      e.preventDefault();
      document.addEventListener('keyup', () => $('filter').focus(), { once: true });
    } else if (e.key === 'r' && state.current && !$('reply-text').disabled) {
      e.preventDefault();
      $('reply-text').focus();
    }
  }

  // ---- boot --------------------------------------------------------------------------------

  async function boot() {
    $('login-form').addEventListener('submit', login);
    $('logout').addEventListener('click', logout);
    $('online').addEventListener('change', setOnline);
    for (const b of document.querySelectorAll('[role=tab]')) b.addEventListener('click', () => selectTab(b.dataset.view, false));
    document.querySelector('[role=tablist]').addEventListener('keydown', tabKeys);
    $('reply').addEventListener('submit', sendReply);
    $('reply-text').addEventListener('keydown', replyKeys);
    $('reply-text').addEventListener('input', onReplyInput);
    $('take').addEventListener('click', take);
    $('transfer').addEventListener('click', transfer);
    $('transfer-to').addEventListener('focus', loadColleagues); // who is online now
    $('resolve').addEventListener('click', resolve);
    $('notify').addEventListener('click', toggleNotify);
    $('filter').addEventListener('input', renderList);
    $('filter').addEventListener('search', renderList); // the clear button and Escape
    document.addEventListener('keydown', shortcuts);
    // The first click anywhere lets the page play the new-chat sound.
    document.addEventListener('pointerdown', () => { if (notifyEnabled()) unlockAudio(); }, { once: true });
    renderNotifyButton();
    $('note-form').addEventListener('submit', addNote);
    $('coupon-form').addEventListener('submit', sendCoupon);
    $('refund-form').addEventListener('submit', sendRefund);
    $('cart-add-form').addEventListener('submit', addCartLine);
    $('product-search-form').addEventListener('submit', searchProducts);
    try {
      const me = await api('GET', '/me');
      await enter(me.agent || me);
    } catch (_) {
      showLogin();
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot, { once: true });
  else boot();
})();
