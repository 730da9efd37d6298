// The demo storefront: the shop's name, a search box and a product grid from
// the public catalogue endpoint, with "Ask about this" handing a product to
// the chat widget.
import { messages } from './widget-i18n.js';

const LANGUAGES = ['en', 'nl', 'ms', 'zh', 'nb', 'hy'];
const INTL_LOCALE = { en: 'en', nl: 'nl', ms: 'ms', zh: 'zh-CN', nb: 'nb', hy: 'hy' };
const PAGE_SIZE = 24;
const SEARCH_DELAY_MS = 250;

const $ = (id) => document.getElementById(id);

function launchLanguage(tag) {
  if (!tag) return '';
  const base = String(tag).toLowerCase().replace('_', '-').split('-')[0];
  const alias = { no: 'nb', nn: 'nb', zsm: 'ms', may: 'ms', hye: 'hy', arm: 'hy' }[base] || base;
  return LANGUAGES.includes(alias) ? alias : '';
}

// The same choice the widget makes, so page and chat speak one language.
function pageLanguage() {
  const fromURL = launchLanguage(new URLSearchParams(location.search).get('lang'));
  if (fromURL) return fromURL;
  for (const l of navigator.languages || [navigator.language]) {
    const m = launchLanguage(l);
    if (m) return m;
  }
  return 'en';
}

const lang = pageLanguage();

function t(key, vars) {
  let s = (messages[lang] && messages[lang][key]) ?? messages.en[key] ?? key;
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
  return s;
}

function plural(key, n) {
  const form = new Intl.PluralRules(INTL_LOCALE[lang]).select(n) === 'one' ? 'one' : 'other';
  return t(key + '_' + form, { n });
}

function money(m) {
  if (!m) return '';
  if (Number(m.amount) === 0) return t('free');
  try {
    return new Intl.NumberFormat(INTL_LOCALE[lang], { style: 'currency', currency: m.currency }).format(Number(m.amount));
  } catch (_) {
    return `${m.amount} ${m.currency}`;
  }
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c != null && c !== false) node.append(c);
  return node;
}

function label() {
  document.documentElement.lang = lang;
  document.querySelector('.skip').textContent = t('store_skip');
  $('tagline').textContent = t('store_tagline');
  $('lang-label').textContent = t('store_language');
  $('q-label').textContent = t('store_search_label');
  $('q').placeholder = t('store_search');
  const select = $('lang');
  for (const l of LANGUAGES) {
    select.append(el('option', { value: l, selected: l === lang, lang: l }, messages[l].language_name));
  }
  // A new language is a new conversation: the widget starts one in the
  // language the URL asks for.
  select.addEventListener('change', () => {
    const u = new URL(location.href);
    u.searchParams.set('lang', select.value);
    location.assign(u);
  });
}

async function loadShop() {
  try {
    const res = await fetch('/api/v1/shop');
    if (!res.ok) return;
    const shop = await res.json();
    if (shop.name) {
      $('shop-name').textContent = shop.name;
      $('foot-shop').textContent = shop.name;
      document.querySelector('.brand-mark').textContent = shop.name.trim().charAt(0).toUpperCase();
      document.title = shop.name;
    }
  } catch (_) { /* the placeholder name stays */ }
}

const OPTION_KEYS = { color: 'opt_color', colour: 'opt_color', kleur: 'opt_color', size: 'opt_size', maat: 'opt_size' };

function optionName(name) {
  const key = OPTION_KEYS[String(name).toLowerCase()];
  return key ? t(key) : name;
}

// picker is the card's variant chooser, as in the chat: colour first, and
// a value can be pressed only when an in-stock variant has it together with
// what is chosen above it, so a sold-out combination is never offered.
// "Add to cart" hands the chosen variant to the chat widget.
function picker(p) {
  const variants = (p.variants || []).filter((v) => v.options);
  const groups = new Map();
  for (const v of variants) {
    for (const [name, value] of Object.entries(v.options)) {
      if (name === 'Title' && value === 'Default Title') continue;
      if (!groups.has(name)) groups.set(name, []);
      if (!groups.get(name).includes(value)) groups.get(name).push(value);
    }
  }
  const rank = (name) => (OPTION_KEYS[name.toLowerCase()] === 'opt_color' ? 0 : 1);
  const names = [...groups].filter(([, values]) => values.length > 1).sort((a, b) => rank(a[0]) - rank(b[0]));
  const chosen = {};
  for (const [name, values] of groups) if (values.length === 1) chosen[name] = values[0];
  const matches = (v, upto) => names.slice(0, upto).every(([n]) => chosen[n] == null || v.options[n] === chosen[n]);
  const open = (row, value) => variants.some((v) => v.in_stock && v.options[names[row][0]] === value && matches(v, row));
  const selected = () => (names.some(([n]) => chosen[n] == null) ? null
    : variants.find((v) => Object.entries(chosen).every(([n, val]) => v.options[n] === val)) || null);
  const hint = el('p', { class: 'pick-hint', 'aria-live': 'polite' });
  const add = el('button', { class: 'add', type: 'button', disabled: true }, t('add_to_cart'));
  const lists = [];

  function render() {
    names.forEach(([name], row) => {
      const waiting = names.slice(0, row).some(([n]) => chosen[n] == null);
      for (const b of lists[row].querySelectorAll('button')) {
        const ok = open(row, b.dataset.value);
        b.disabled = !ok || waiting;
        b.classList.toggle('out', !ok);
        b.setAttribute('aria-pressed', String(chosen[name] === b.dataset.value));
        b.querySelector('.sr').textContent = ok ? '' : ` (${t('sold_out')})`;
        b.title = ok ? t('in_stock') : t('sold_out');
      }
    });
    const v = selected();
    const missing = names.find(([n]) => chosen[n] == null);
    add.disabled = !(v && v.in_stock);
    hint.textContent = !p.in_stock ? '' : missing ? t('choose_option', { name: optionName(missing[0]).toLowerCase() }) : '';
    hint.hidden = !hint.textContent;
  }

  const rows = names.map(([name, values], row) => {
    const list = el('ul', { class: 'chips', 'aria-label': optionName(name) });
    for (const value of values) {
      list.append(el('li', {}, el('button', {
        class: 'chip', type: 'button', 'data-option': name, 'data-value': value, 'aria-pressed': 'false',
        onclick: () => {
          chosen[name] = chosen[name] === value ? undefined : value;
          for (let r = row + 1; r < names.length; r++) {
            const n = names[r][0];
            if (chosen[n] != null && !open(r, chosen[n])) chosen[n] = undefined;
          }
          render();
        },
      }, value, el('span', { class: 'sr' }))));
    }
    lists.push(list);
    return list;
  });
  names.forEach(([name, values], row) => {
    const ok = values.filter((v) => open(row, v));
    if (ok.length === 1 && chosen[name] == null) chosen[name] = ok[0];
  });
  add.addEventListener('click', () => {
    const v = selected();
    if (!v || !v.in_stock || !window.Shopkeeper || !window.Shopkeeper.add) return;
    const label = names.map(([n]) => v.options[n]).join(' / ');
    window.Shopkeeper.add(v.sku, t('add_text', { title: label ? `${p.title}, ${label}` : p.title }));
  });
  render();
  return [...rows, hint, p.in_stock ? add : null];
}

function card(p) {
  const onSale = p.compare_at_price && Number(p.compare_at_price.amount) > Number(p.price.amount);
  const img = p.image_url
    ? el('img', { src: p.image_url, alt: '', loading: 'lazy', decoding: 'async' })
    : el('span', { class: 'img-fallback', 'aria-hidden': 'true', text: p.title.charAt(0) });
  return el('li', { class: 'card' + (p.in_stock ? '' : ' sold-out'), 'data-handle': p.handle },
    el('div', { class: 'card-img' }, img,
      onSale ? el('span', { class: 'badge sale', text: t('store_sale') }) : null,
      p.in_stock ? null : el('span', { class: 'badge out', text: t('sold_out') })),
    el('div', { class: 'card-body' },
      p.vendor ? el('p', { class: 'vendor', text: p.vendor }) : null,
      el('h2', { class: 'card-title', text: p.title }),
      el('p', { class: 'price' },
        el('span', { class: onSale ? 'now sale' : 'now', text: money(p.price) }),
        onSale ? el('s', { class: 'was' }, el('span', { class: 'sr', text: t('was_price', { price: '' }) }), money(p.compare_at_price)) : null),
      picker(p),
      el('button', {
        class: 'ask', type: 'button',
        onclick: () => ask(p),
      }, t('store_ask'), el('span', { class: 'sr', text: ': ' + p.title }))));
}

function ask(p) {
  const question = t('store_question', { title: p.title });
  if (window.Shopkeeper && window.Shopkeeper.ask) {
    window.Shopkeeper.ask(question);
  }
}

function skeleton() {
  const grid = $('grid');
  grid.replaceChildren(...Array.from({ length: 8 }, () => el('li', { class: 'card skeleton', 'aria-hidden': 'true' },
    el('div', { class: 'card-img' }), el('div', { class: 'card-body' }, el('p', { class: 'bar' }), el('p', { class: 'bar short' })))));
}

let searchSeq = 0;

async function search(q) {
  const mine = ++searchSeq;
  const grid = $('grid');
  const status = $('status');
  grid.setAttribute('aria-busy', 'true');
  if (!grid.children.length) skeleton();
  $('heading').textContent = q ? t('store_results_for', { q }) : t('store_heading');
  try {
    const res = await fetch(`/api/v1/catalog/products?limit=${PAGE_SIZE}&q=${encodeURIComponent(q)}`);
    if (!res.ok) throw new Error(`catalogue answered ${res.status}`);
    const data = await res.json();
    if (mine !== searchSeq) return; // a later search already answered
    const products = data.products || [];
    grid.replaceChildren(...products.map(card));
    $('count').textContent = plural('store_results', data.total ?? products.length);
    status.hidden = products.length > 0;
    status.textContent = products.length ? '' : t('store_no_results', { q });
  } catch (_) {
    if (mine !== searchSeq) return;
    grid.replaceChildren();
    $('count').textContent = '';
    status.hidden = false;
    status.textContent = t('store_error');
  } finally {
    if (mine === searchSeq) grid.setAttribute('aria-busy', 'false');
  }
}

function wireSearch() {
  const input = $('q');
  const params = new URLSearchParams(location.search);
  input.value = params.get('q') || '';
  let timer = 0;
  const run = () => {
    const q = input.value.trim();
    const u = new URL(location.href);
    if (q) u.searchParams.set('q', q);
    else u.searchParams.delete('q');
    history.replaceState(null, '', u);
    search(q);
  };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(run, SEARCH_DELAY_MS);
  });
  $('search').addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(timer);
    run();
  });
  search(input.value.trim());
}

label();
loadShop();
wireSearch();
