// The pretendo dashboard. Plain JavaScript, no dependencies: it talks to
// the server's own API with URLs relative to the page, so it works under
// any prefix the server is mounted at. Every value from the server goes
// into the page as text (textContent), never as HTML.
'use strict';

const config = JSON.parse(document.getElementById('config').textContent);
const $ = (id) => document.getElementById(id);

// Limits that keep the page responsive whatever the server sends.
const JOURNAL_ROWS = 500;     // requests the journal table lists (it builds the rows in view only)
const JOURNAL_QUEUE = 5000;   // events waiting for the next frame, beyond which the oldest are dropped
const JOURNAL_BACKFILL = 200; // recorded requests shown when the stream (re)starts afresh
const MAX_COLUMNS = 24;       // columns of the records table
const CELL_TEXT = 120;        // characters of a cell

// ---------- URLs, tokens and requests ----------

const rootURL = (path) => new URL(config.root + path.replace(/^\//, ''), location.href);
const adminURL = (path) => new URL(config.admin + path, location.href);
const tokenKey = (kind) => 'pretendo.' + kind + ':' + adminURL('').pathname;
const tokens = {
  get admin() { return sessionStorage.getItem(tokenKey('admin')) || ''; },
  set admin(v) { v ? sessionStorage.setItem(tokenKey('admin'), v) : sessionStorage.removeItem(tokenKey('admin')); },
  get user() { return sessionStorage.getItem(tokenKey('user')) || ''; },
  set user(v) { v ? sessionStorage.setItem(tokenKey('user'), v) : sessionStorage.removeItem(tokenKey('user')); },
};

// headersFor returns the headers of a request to the admin API (admin) or
// to the resource routes.
function headersFor(admin, body) {
  const h = { 'X-Pretendo-Dashboard': '1', 'Accept': 'application/json' };
  if (body !== undefined) h['Content-Type'] = 'application/json';
  if (admin && tokens.admin) h['Authorization'] = 'Bearer ' + tokens.admin;
  if (!admin && config.auth && tokens.user) {
    h[config.auth.header] = (config.auth.header.toLowerCase() === 'authorization' ? 'Bearer ' : '') + tokens.user;
  }
  return h;
}

// call sends one request and returns {status, body, headers}; body is the
// parsed JSON answer, or null. A network failure is status 0.
async function call(method, url, { admin = false, body } = {}) {
  let res;
  try {
    res = await fetch(url, {
      method, headers: headersFor(admin, body), cache: 'no-store',
      body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)),
    });
  } catch (err) {
    return { status: 0, body: { message: 'the server cannot be reached (' + err.message + ')' }, headers: new Headers() };
  }
  let parsed = null;
  const text = await res.text();
  if (text) {
    try { parsed = JSON.parse(text); } catch { parsed = { message: text.slice(0, 500) }; }
  }
  if (res.status === 401 && admin) showLogin('admin', tokens.admin ? 'That is not the admin token.' : '');
  if (res.status === 401 && !admin && config.auth) showLogin('user', tokens.user ? 'Sign in again: the token was refused.' : '');
  return { status: res.status, body: parsed, headers: res.headers };
}

// describe turns an error answer into one line of text.
function describe(res) {
  const b = res.body || {};
  if (!res.status) return b.message;
  return (b.code ? b.code + ': ' : res.status + ': ') + (b.message || 'request failed');
}

function showError(el, text) {
  el.textContent = text || '';
  el.hidden = !text;
}

let noticeTimer;
function notice(text, bad = false) {
  const el = $('notice');
  el.textContent = text;
  el.classList.toggle('bad', bad);
  el.hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => { el.hidden = true; }, 4000);
}

// confirmClick makes a button ask for a second click within 4 s before it
// acts; no blocking dialog.
function confirmClick(button, label, action) {
  const text = button.textContent;
  let armed = null;
  button.addEventListener('click', async () => {
    if (!armed) {
      button.textContent = label;
      button.classList.add('confirm');
      armed = setTimeout(() => { armed = null; button.textContent = text; button.classList.remove('confirm'); }, 4000);
      return;
    }
    clearTimeout(armed);
    armed = null;
    button.textContent = text;
    button.classList.remove('confirm');
    await action();
  });
}

// ---------- login ----------

let loginMode = null;
let loginDone = null;

function showLogin(mode, error) {
  loginMode = mode;
  $('login').hidden = false;
  const admin = mode === 'admin';
  $('login-title').textContent = admin ? 'Admin token' : 'Sign in';
  $('login-text').textContent = admin
    ? "This server's admin API needs its token."
    : 'The API needs a signed-in user to show its records.';
  $('login-user').hidden = admin;
  $('login-token').placeholder = admin ? 'token' : 'password';
  $('login-cancel').hidden = admin;
  showError($('login-error'), error);
  (admin ? $('login-token') : $('login-user')).focus();
}

function hideLogin() {
  $('login').hidden = true;
  $('login-token').value = '';
  loginMode = null;
}

$('login-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const secret = $('login-token').value;
  if (loginMode === 'admin') {
    tokens.admin = secret.trim();
    const res = await call('GET', adminURL('stats'), { admin: true });
    if (res.status === 401) return; // call showed the login box again, with its message
    if (res.status !== 200) { showError($('login-error'), describe(res)); return; }
    hideLogin();
    $('sign-out').hidden = false;
    if (loginDone) loginDone();
    return;
  }
  const res = await call('POST', rootURL(config.auth.login), { body: { username: $('login-user').value, password: secret } });
  if (res.status !== 200 || !res.body || !res.body.token) {
    showError($('login-error'), describe(res));
    return;
  }
  tokens.user = res.body.token;
  hideLogin();
  $('sign-out').hidden = false;
  loadRecords();
});
$('login-cancel').addEventListener('click', hideLogin);
$('sign-out').addEventListener('click', () => {
  tokens.admin = '';
  tokens.user = '';
  location.reload();
});

// ---------- tabs ----------

for (const tab of document.querySelectorAll('.tab')) {
  tab.addEventListener('click', () => selectTab(tab.dataset.tab));
}

function selectTab(name) {
  for (const tab of document.querySelectorAll('.tab')) tab.classList.toggle('active', tab.dataset.tab === name);
  for (const panel of document.querySelectorAll('.panel')) panel.classList.toggle('active', panel.id === 'panel-' + name);
  if (name === 'snapshots') loadSnapshots();
  if (name === 'requests') scheduleRender();
}

// ---------- resources and records ----------

const state = {
  resource: null,      // {name, key}
  queries: new Map(),  // resource name -> its query text
  records: [],
  pagination: null,
  selected: null,      // the id of the record in the editor; undefined when creating
  creating: false,
  counts: {},
};

async function loadCounts() {
  const res = await call('GET', adminURL('stats'), { admin: true });
  if (res.status !== 200) return res;
  state.counts = {};
  for (const [name, st] of Object.entries(res.body.data || {})) state.counts[name] = st.count;
  renderResources();
  return res;
}

function renderResources() {
  const list = $('resource-list');
  list.replaceChildren();
  for (const r of config.resources) {
    const li = document.createElement('li');
    li.dataset.resource = r.name;
    li.classList.toggle('active', state.resource && state.resource.name === r.name);
    const name = document.createElement('span');
    name.textContent = r.name;
    const count = document.createElement('span');
    count.className = 'count';
    count.textContent = state.counts[r.name] ?? '';
    li.append(name, count);
    li.addEventListener('click', () => selectResource(r.name));
    list.append(li);
  }
}

function selectResource(name) {
  const r = config.resources.find((x) => x.name === name);
  if (!r) return Promise.resolve();
  if (state.resource) state.queries.set(state.resource.name, $('query').value);
  state.resource = r;
  $('query').value = state.queries.get(name) ?? 'page=1&perPage=' + $('per-page').value;
  $('query-prefix').textContent = 'GET /' + name + '?';
  closeEditor();
  renderResources();
  return loadRecords();
}

// queryParams returns the query box as URLSearchParams.
const queryParams = () => new URLSearchParams($('query').value.trim().replace(/^\?/, ''));

// queryText writes params as a person would: escaped only where the
// query language needs it ("&", "=", "+", "#", "%").
const readable = (s) => encodeURIComponent(s).replace(/%(5B|5D|2C|3A|2A|40|24|2F|21|27|28|29)/gi, (m) => decodeURIComponent(m));
const queryText = (params) => [...params].map(([k, v]) => readable(k) + '=' + readable(v)).join('&');

function setQuery(params) {
  $('query').value = queryText(params);
  loadRecords();
}

let recordsSeq = 0;
async function loadRecords() {
  if (!state.resource) return;
  const seq = ++recordsSeq;
  const q = $('query').value.trim().replace(/^\?/, '');
  const res = await call('GET', rootURL(encodeURIComponent(state.resource.name) + (q ? '?' + q : '')));
  if (seq !== recordsSeq) return; // a later load won
  if (res.status !== 200) {
    showError($('query-error'), describe(res));
    state.records = [];
    state.pagination = null;
    renderRecords();
    return;
  }
  showError($('query-error'), '');
  const body = res.body;
  state.records = Array.isArray(body) ? body : (Array.isArray(body && body.data) ? body.data : []);
  state.pagination = body && body.meta && body.meta.pagination;
  if (!state.pagination) {
    const total = Number(res.headers.get('X-Total-Count'));
    state.pagination = { currentPage: 1, totalPages: 1, totalItems: Number.isFinite(total) ? total : state.records.length };
  }
  renderRecords();
}

// cellText renders a value for a cell, cut to CELL_TEXT characters.
function cellText(v) {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > CELL_TEXT ? s.slice(0, CELL_TEXT) + '…' : s;
}

function renderRecords() {
  const key = state.resource.key;
  // The key, the declared fields that the records in view have, then
  // the others in the order met.
  const cols = [key];
  for (const f of state.resource.fields || []) {
    if (!cols.includes(f) && cols.length < MAX_COLUMNS && state.records.some((r) => f in r)) cols.push(f);
  }
  for (const rec of state.records) {
    for (const k of Object.keys(rec)) {
      if (cols.length >= MAX_COLUMNS) break;
      if (!cols.includes(k)) cols.push(k);
    }
  }
  const sort = queryParams().get('sortBy') || '';
  const sorted = new Map();
  for (const part of sort.split(',').filter(Boolean)) {
    if (part.startsWith('-')) sorted.set(part.slice(1), 'desc');
    else if (part.endsWith('.desc')) sorted.set(part.slice(0, -5), 'desc');
    else sorted.set(part.replace(/\.asc$/, ''), 'asc');
  }
  const head = document.createElement('tr');
  for (const c of cols) {
    const th = document.createElement('th');
    th.textContent = c;
    th.dataset.field = c;
    th.className = 'sortable';
    if (sorted.has(c)) th.classList.add('sorted-' + sorted.get(c));
    th.title = 'sort by ' + c;
    th.addEventListener('click', () => sortBy(c, sorted.get(c)));
    head.append(th);
  }
  const rows = document.createDocumentFragment();
  for (const rec of state.records) {
    const tr = document.createElement('tr');
    tr.dataset.id = JSON.stringify(rec[key]);
    if (!state.creating && state.selected !== undefined && JSON.stringify(state.selected) === tr.dataset.id) tr.classList.add('selected');
    for (const c of cols) {
      const td = document.createElement('td');
      const v = rec[c];
      if (v === null || v === undefined) {
        td.className = 'null';
        td.textContent = v === null ? 'null' : '';
      } else {
        if (typeof v === 'number') td.className = 'num';
        td.textContent = cellText(v);
      }
      td.dataset.field = c;
      tr.append(td);
    }
    tr.addEventListener('click', () => openEditor(rec));
    rows.append(tr);
  }
  $('records').tHead.replaceChildren(head);
  $('records').tBodies[0].replaceChildren(rows);

  const p = state.pagination;
  const info = $('page-info');
  if (!p) {
    info.textContent = '';
  } else {
    info.textContent = 'page ' + p.currentPage + ' of ' + Math.max(p.totalPages, 1) + ' · ' + p.totalItems + ' record' + (p.totalItems === 1 ? '' : 's');
  }
  const page = p ? p.currentPage : 1;
  const last = p ? Math.max(p.totalPages, 1) : 1;
  $('page-first').disabled = $('page-prev').disabled = page <= 1;
  $('page-next').disabled = $('page-last').disabled = page >= last;
}

// sortBy cycles a column: ascending, descending, unsorted.
function sortBy(col, current) {
  const params = queryParams();
  const next = current === 'asc' ? '-' + col : current === 'desc' ? '' : col;
  if (next) params.set('sortBy', next); else params.delete('sortBy');
  params.set('page', '1');
  setQuery(params);
}

function goPage(which) {
  const p = state.pagination;
  if (!p) return;
  const last = Math.max(p.totalPages, 1);
  const page = { first: 1, prev: p.currentPage - 1, next: p.currentPage + 1, last }[which];
  const params = queryParams();
  params.set('page', String(Math.min(Math.max(page, 1), last)));
  setQuery(params);
}
for (const which of ['first', 'prev', 'next', 'last']) $('page-' + which).addEventListener('click', () => goPage(which));
$('per-page').addEventListener('change', () => {
  const params = queryParams();
  params.set('perPage', $('per-page').value);
  params.set('page', '1');
  setQuery(params);
});
$('query-form').addEventListener('submit', (ev) => { ev.preventDefault(); loadRecords(); });

// ---------- the record editor ----------

function openEditor(rec) {
  state.creating = !rec;
  state.selected = rec ? rec[state.resource.key] : undefined;
  $('editor').hidden = false;
  $('editor-title').textContent = rec ? state.resource.name + ' ' + JSON.stringify(state.selected) : 'New ' + state.resource.name;
  $('delete-record').hidden = !rec;
  let draft = rec;
  if (!rec) {
    // A template from the fields of the records in view, the key left out
    // for the server to give.
    draft = {};
    for (const r of state.records) {
      for (const [k, v] of Object.entries(r)) {
        if (k === state.resource.key || k in draft) continue;
        draft[k] = typeof v === 'number' ? 0 : typeof v === 'boolean' ? false : typeof v === 'string' ? '' : null;
      }
    }
  }
  $('record-json').value = JSON.stringify(ordered(draft), null, 2);
  clearEditorErrors();
  for (const tr of $('records').tBodies[0].rows) tr.classList.toggle('selected', !!rec && tr.dataset.id === JSON.stringify(state.selected));
  $('record-json').focus();
}

// ordered returns rec with its keys as the table shows them: the key, the
// declared fields, then the others.
function ordered(rec) {
  const out = {};
  for (const k of [state.resource.key, ...(state.resource.fields || []), ...Object.keys(rec)]) {
    if (k in rec && !(k in out)) out[k] = rec[k];
  }
  return out;
}

function closeEditor() {
  $('editor').hidden = true;
  state.selected = undefined;
  state.creating = false;
  for (const tr of $('records').tBodies[0].rows) tr.classList.remove('selected');
}

function clearEditorErrors() {
  showError($('editor-error'), '');
  $('editor-details').replaceChildren();
  $('field-errors').replaceChildren();
}

// jsonErrorText explains a JSON.parse error with the line and column.
function jsonErrorText(text, err) {
  const m = /position (\d+)/.exec(err.message);
  let where = '';
  if (m) {
    const before = text.slice(0, Number(m[1]));
    const line = before.split('\n').length;
    const col = before.length - before.lastIndexOf('\n');
    where = ' (line ' + line + ', column ' + col + ')';
  }
  return 'Not valid JSON' + where + ': ' + err.message.replace(/\s*\(line \d+ column \d+\)$/, '') + '. Nothing was sent.';
}

// showFieldErrors puts each detail of a 422 beside the line of its field,
// and lists them all below.
function showFieldErrors(details) {
  const ta = $('record-json');
  const lines = ta.value.split('\n');
  const gutter = $('field-errors');
  const list = $('editor-details');
  gutter.replaceChildren();
  list.replaceChildren();
  const lineHeight = parseFloat(getComputedStyle(ta).lineHeight) || 18;
  const padTop = parseFloat(getComputedStyle(ta).paddingTop) || 0;
  for (const d of details) {
    const li = document.createElement('li');
    li.textContent = d.field + ': ' + d.message;
    li.dataset.field = d.field;
    list.append(li);
    const top = String(d.field).split('.')[0];
    const at = lines.findIndex((l) => l.startsWith('  "' + top + '":'));
    if (at < 0) continue;
    const mark = document.createElement('div');
    mark.className = 'field-error';
    mark.dataset.field = d.field;
    mark.dataset.line = String(at);
    mark.dataset.top = String(padTop + at * lineHeight);
    mark.textContent = '← ' + d.message;
    gutter.append(mark);
  }
  placeFieldErrors();
}

function placeFieldErrors() {
  const scroll = $('record-json').scrollTop;
  for (const mark of $('field-errors').children) mark.style.top = (Number(mark.dataset.top) - scroll) + 'px';
}
$('record-json').addEventListener('scroll', placeFieldErrors);

$('save-record').addEventListener('click', async () => {
  clearEditorErrors();
  const text = $('record-json').value;
  let rec;
  try {
    rec = JSON.parse(text);
  } catch (err) {
    showError($('editor-error'), jsonErrorText(text, err));
    return;
  }
  if (rec === null || typeof rec !== 'object' || Array.isArray(rec)) {
    showError($('editor-error'), 'A record is a JSON object ({...}). Nothing was sent.');
    return;
  }
  const base = encodeURIComponent(state.resource.name);
  const res = state.creating
    ? await call('POST', rootURL(base), { body: text })
    : await call('PUT', rootURL(base + '/' + encodeURIComponent(String(state.selected))), { body: text });
  if (res.status !== 200 && res.status !== 201) {
    showError($('editor-error'), describe(res));
    if (res.body && Array.isArray(res.body.details)) showFieldErrors(res.body.details);
    return;
  }
  const saved = res.body && res.body.data;
  notice(state.creating ? 'Created ' + state.resource.name + ' ' + JSON.stringify(saved && saved[state.resource.key]) : 'Saved');
  await Promise.all([loadRecords(), loadCounts()]);
  if (saved) openEditor(saved);
});

confirmClick($('delete-record'), 'Confirm delete', async () => {
  const res = await call('DELETE', rootURL(encodeURIComponent(state.resource.name) + '/' + encodeURIComponent(String(state.selected))));
  if (res.status !== 204 && res.status !== 200) {
    showError($('editor-error'), describe(res));
    if (res.body && Array.isArray(res.body.details)) showFieldErrors(res.body.details);
    return;
  }
  notice('Deleted ' + state.resource.name + ' ' + JSON.stringify(state.selected));
  closeEditor();
  await Promise.all([loadRecords(), loadCounts()]);
});
$('close-editor').addEventListener('click', closeEditor);
$('new-record').addEventListener('click', () => openEditor(null));

// ---------- snapshots and reset ----------

async function loadSnapshots() {
  const res = await call('GET', adminURL('snapshots'), { admin: true });
  if (res.status !== 200) { showError($('snapshot-error'), describe(res)); return; }
  const rows = document.createDocumentFragment();
  for (const s of res.body.data || []) {
    const tr = document.createElement('tr');
    tr.dataset.name = s.name;
    const total = Object.values(s.counts || {}).reduce((a, b) => a + b, 0);
    for (const text of [s.name, s.description || '', s.createdAt ? new Date(s.createdAt).toLocaleString() : '', String(total)]) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    const actions = document.createElement('td');
    const restore = document.createElement('button');
    restore.textContent = 'Restore';
    restore.className = 'restore';
    restore.addEventListener('click', () => restoreSnapshot(s.name));
    const del = document.createElement('button');
    del.textContent = 'Delete';
    del.className = 'danger delete';
    confirmClick(del, 'Confirm delete', () => deleteSnapshot(s.name));
    actions.append(restore, ' ', del);
    tr.append(actions);
    rows.append(tr);
  }
  $('snapshots').tBodies[0].replaceChildren(rows);
}

$('snapshot-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const res = await call('POST', adminURL('snapshots'), {
    admin: true, body: { name: $('snapshot-name').value, description: $('snapshot-description').value },
  });
  if (res.status !== 201) { showError($('snapshot-error'), describe(res)); return; }
  showError($('snapshot-error'), '');
  notice('Snapshot ' + res.body.data.name + ' taken');
  $('snapshot-name').value = '';
  $('snapshot-description').value = '';
  loadSnapshots();
});

async function restoreSnapshot(name) {
  const res = await call('POST', adminURL('snapshots/restore'), { admin: true, body: { name } });
  if (res.status !== 200) { showError($('snapshot-error'), describe(res)); return; }
  showError($('snapshot-error'), '');
  notice('Restored ' + name);
  await Promise.all([loadCounts(), loadRecords()]);
}

async function deleteSnapshot(name) {
  const res = await call('DELETE', adminURL('snapshots/' + encodeURIComponent(name)), { admin: true });
  if (res.status !== 204) { showError($('snapshot-error'), describe(res)); return; }
  showError($('snapshot-error'), '');
  notice('Deleted snapshot ' + name);
  loadSnapshots();
}

confirmClick($('reset-data'), 'Confirm reset', async () => {
  const res = await call('POST', adminURL('reset'), { admin: true });
  if (res.status !== 200) { showError($('snapshot-error'), describe(res)); return; }
  showError($('snapshot-error'), '');
  notice('Data reset to the initial state');
  closeEditor();
  await Promise.all([loadCounts(), loadRecords()]);
});

// ---------- the live journal ----------

const journal = {
  queue: [],          // events waiting for the next frame
  items: [],          // the requests listed, newest first
  selected: 0,        // the id of the request shown in detail
  seen: 0,            // requests the stream delivered
  dropped: 0,         // requests left out: by the server (a slow page) or by the page (too many per frame)
  lastID: '',         // for Last-Event-ID on reconnect
  filter: '',
  paused: false,
  controller: null,
  generation: 0,
  scheduled: false,
  retry: 1000,
};

function journalCounts() {
  const el = $('journal-counts');
  el.replaceChildren(journal.seen + ' request' + (journal.seen === 1 ? '' : 's'));
  const dropped = document.createElement('span');
  dropped.id = 'journal-dropped';
  dropped.className = journal.dropped ? 'dropped' : '';
  dropped.textContent = ' · ' + journal.dropped + ' dropped';
  el.append(dropped);
  $('live-badge').textContent = journal.seen ? String(journal.seen) : '';
}

function liveState(text, cls) {
  const el = $('live-state');
  el.textContent = text;
  el.className = 'live ' + cls;
}

// startStream (re)opens the stream; fresh starts forget the table.
function startStream(fresh) {
  if (journal.controller) journal.controller.abort();
  const gen = ++journal.generation;
  if (fresh) {
    journal.lastID = '';
    journal.queue = [];
    journal.items = [];
    drawJournal();
  }
  const controller = new AbortController();
  journal.controller = controller;
  readStream(gen, controller.signal).finally(() => {
    if (gen !== journal.generation) return;
    liveState('offline', 'off');
    setTimeout(() => { if (gen === journal.generation) startStream(false); }, journal.retry);
    journal.retry = Math.min(journal.retry * 2, 8000);
  });
}

async function readStream(gen, signal) {
  const params = new URLSearchParams(journal.filter);
  const headers = headersFor(true);
  headers['Accept'] = 'text/event-stream';
  if (journal.lastID) headers['Last-Event-ID'] = journal.lastID;
  else params.set('limit', String(JOURNAL_BACKFILL));
  let res;
  try {
    res = await fetch(adminURL('requests/stream?' + params), { headers, signal, cache: 'no-store' });
  } catch {
    return;
  }
  if (res.status !== 200) {
    let body = null;
    try { body = await res.json(); } catch { /* not JSON */ }
    const r = { status: res.status, body };
    if (res.status === 401) showLogin('admin', tokens.admin ? 'That is not the admin token.' : '');
    else showError($('journal-error'), describe(r));
    journal.generation++; // no retry until the filter or the token changes
    liveState('offline', 'off');
    return;
  }
  showError($('journal-error'), '');
  liveState(journal.paused ? 'paused' : 'live', journal.paused ? 'paused' : 'on');
  journal.retry = 1000;
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buf = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done || gen !== journal.generation) break;
      // One split per chunk: the frames, and the start of the next one.
      const frames = (buf + value).split('\n\n');
      buf = frames.pop();
      for (const frame of frames) onFrame(frame);
    }
  } catch {
    // aborted or broken: the caller retries
  }
}

function onFrame(frame) {
  let event = 'message';
  let data = '';
  let id = '';
  for (const line of frame.split('\n')) {
    if (line.startsWith('event: ')) event = line.slice(7);
    else if (line.startsWith('data: ')) data += line.slice(6);
    else if (line.startsWith('id: ')) id = line.slice(4);
  }
  if (!data) return;
  let value;
  try { value = JSON.parse(data); } catch { return; }
  switch (event) {
    case 'request':
      journal.lastID = id;
      journal.seen++;
      journal.queue.push(value);
      if (journal.queue.length > JOURNAL_QUEUE) {
        const extra = journal.queue.length - JOURNAL_QUEUE;
        journal.queue.splice(0, extra);
        journal.dropped += extra;
      }
      noteWrite(value);
      break;
    case 'dropped':
      journal.dropped += value.count;
      break;
    case 'cleared':
      journal.queue = journal.queue.filter((r) => r.id > value.through);
      journal.items = journal.items.filter((r) => r.id > value.through);
      break;
  }
  scheduleRender();
}

function scheduleRender() {
  if (journal.scheduled) return;
  journal.scheduled = true;
  requestAnimationFrame(renderJournal);
}

// renderJournal takes what arrived since the last frame into the list,
// newest first, JOURNAL_ROWS at most, and draws the rows in view.
function renderJournal() {
  journal.scheduled = false;
  journalCounts();
  if (journal.paused) return;
  if (journal.queue.length) {
    const batch = journal.queue.length > JOURNAL_ROWS ? journal.queue.slice(-JOURNAL_ROWS) : journal.queue;
    journal.queue = [];
    batch.reverse();
    journal.items = batch.concat(journal.items.slice(0, JOURNAL_ROWS - batch.length));
    // Someone reading further down keeps the same rows in view.
    const wrap = $('journal-wrap');
    if (wrap.scrollTop > 0) wrap.scrollTop += batch.length * JOURNAL_ROW_HEIGHT;
  }
  drawJournal();
}

// JOURNAL_ROW_HEIGHT is the height of a row of the journal, in pixels (see app.css).
const JOURNAL_ROW_HEIGHT = 26;

// drawJournal builds the rows in view only, with spacers for the rest:
// the page does the same work per frame however long the list is.
function drawJournal() {
  const wrap = $('journal-wrap');
  const items = journal.items;
  const first = Math.max(0, Math.floor(wrap.scrollTop / JOURNAL_ROW_HEIGHT) - 10);
  const last = Math.min(items.length, Math.ceil((wrap.scrollTop + wrap.clientHeight) / JOURNAL_ROW_HEIGHT) + 10);
  const rows = document.createDocumentFragment();
  rows.append(spacer(first * JOURNAL_ROW_HEIGHT));
  for (let i = first; i < last; i++) rows.append(journalRow(items[i]));
  rows.append(spacer((items.length - last) * JOURNAL_ROW_HEIGHT));
  const table = $('journal');
  table.tBodies[0].replaceChildren(rows);
  table.dataset.rows = String(items.length);
}

function spacer(height) {
  const tr = document.createElement('tr');
  tr.className = 'spacer';
  tr.style.height = height + 'px';
  return tr;
}

const pad = (n, w = 2) => String(n).padStart(w, '0');

// clock formats an instant as hh:mm:ss.mmm, local time.
function clock(iso) {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return '';
  return pad(t.getHours()) + ':' + pad(t.getMinutes()) + ':' + pad(t.getSeconds()) + '.' + pad(t.getMilliseconds(), 3);
}

function journalRow(r) {
  const tr = document.createElement('tr');
  tr.dataset.id = String(r.id);
  if (r.id === journal.selected) tr.className = 'selected';
  const cells = [String(r.id), clock(r.time), r.method, r.path + (r.query ? '?' + r.query : ''), String(r.status), String(r.durationMs)];
  for (let i = 0; i < cells.length; i++) {
    const td = tr.insertCell();
    td.textContent = cells[i];
    if (i === 2) td.className = 'm';
    if (i === 4) td.className = 's' + cells[4][0];
  }
  return tr;
}

// One listener for every row, present and to come.
$('journal').tBodies[0].addEventListener('click', (ev) => {
  const tr = ev.target.closest('tr');
  if (tr && tr.dataset.id) showRequest(Number(tr.dataset.id), tr);
});
$('journal-wrap').addEventListener('scroll', scheduleRender, { passive: true });

// pretty shows a body: indented when it is JSON.
function pretty(text, b64, truncated) {
  if (text === null || text === undefined) {
    return b64 ? '(binary, ' + Math.floor(b64.length * 3 / 4) + ' bytes, base64)\n' + b64.slice(0, 4000) : '';
  }
  let out = text;
  try { out = JSON.stringify(JSON.parse(text), null, 2); } catch { /* as sent */ }
  return out + (truncated ? '\n… (cut: the journal keeps 64 KiB of each body)' : '');
}

async function showRequest(id, tr) {
  journal.selected = id;
  for (const row of $('journal').tBodies[0].rows) row.classList.toggle('selected', row === tr);
  const res = await call('GET', adminURL('requests/' + id), { admin: true });
  const detail = $('request-detail');
  detail.hidden = false;
  if (res.status !== 200) {
    $('detail-title').textContent = describe(res);
    for (const el of ['detail-headers', 'detail-body', 'detail-response']) $(el).textContent = '';
    return;
  }
  const r = res.body.data;
  $('detail-title').textContent = r.method + ' ' + r.path + (r.query ? '?' + r.query : '') + ' → ' + r.status;
  $('detail-headers').textContent = Object.entries(r.headers || {}).map(([k, vs]) => vs.map((v) => k + ': ' + v).join('\n')).join('\n');
  $('detail-body').textContent = pretty(r.body, r.bodyBase64, r.bodyTruncated) || '(empty)';
  $('detail-response').textContent = pretty(r.responseBody, r.responseBodyBase64, r.responseBodyTruncated) || '(empty)';
}

$('journal-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  journal.filter = $('journal-filter').value.trim().replace(/^\?/, '');
  startStream(true);
});
$('journal-pause').addEventListener('click', () => {
  journal.paused = !journal.paused;
  $('journal-pause').textContent = journal.paused ? 'Resume' : 'Pause';
  liveState(journal.paused ? 'paused' : 'live', journal.paused ? 'paused' : 'on');
  scheduleRender();
});
confirmClick($('journal-clear'), 'Confirm clear', async () => {
  const res = await call('DELETE', adminURL('requests'), { admin: true });
  if (res.status !== 204) showError($('journal-error'), describe(res));
});

// noteWrite refreshes the counts (and the records in view, when no record
// is being edited) at most once a second after a write to a resource.
let writeTimer = null;
function noteWrite(r) {
  if (r.method === 'GET' || r.method === 'HEAD' || r.method === 'OPTIONS' || r.status >= 400 || writeTimer) return;
  writeTimer = setTimeout(() => {
    writeTimer = null;
    loadCounts();
    const name = decodeURIComponent(r.path.split('/')[1] || '');
    if (state.resource && state.resource.name === name && $('editor').hidden) loadRecords();
  }, 1000);
}

// ---------- start ----------

async function start() {
  loginDone = start;
  const res = await loadCounts();
  if (res.status === 401) return; // the login box is up; start runs again once signed in
  if (res.status !== 200) {
    notice('The admin API answered ' + describe(res), true);
    return;
  }
  if (tokens.admin || tokens.user) $('sign-out').hidden = false;
  startStream(true);
  await Promise.all([
    !state.resource && config.resources.length ? selectResource(config.resources[0].name) : loadRecords(),
    loadSnapshots(),
  ]);
}

document.body.dataset.ready = 'false';
start().finally(() => { document.body.dataset.ready = 'true'; });
