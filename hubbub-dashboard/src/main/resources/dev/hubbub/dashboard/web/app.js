// The Hubbub dashboard page: plain JS, no build step. Everything shown is set with textContent (never innerHTML),
// so nothing a resource prints can run in the page.
'use strict';

const MAX_LINES = 10000;      // console lines kept per resource, as the server keeps
const MAX_TRACE_ROWS = 2000;  // live trace rows rendered
const $ = (sel) => document.querySelector(sel);

const state = {
  tab: 'resources',
  resources: [],
  selectedResource: null,     // resource whose environment is shown
  consoleResource: null,
  consoleLines: [],
  liveEvents: [],
  liveCounters: {},
  paused: false,
  selectedTrace: null,
};

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

async function getJson(url) {
  const r = await fetch(url, { credentials: 'same-origin' });
  if (r.status === 401) { document.body.textContent = 'Session expired: open the login URL the app host printed.'; throw new Error('401'); }
  return r.json();
}

function fmtTime(ms) { return ms ? new Date(ms).toLocaleTimeString([], { hour12: false }) + '.' + String(ms % 1000).padStart(3, '0') : ''; }
function fmtNanos(n) { return fmtTime(Math.floor(n / 1e6)); }
function fmtDuration(n) { const ms = n / 1e6; return ms < 1 ? (n / 1e3).toFixed(0) + ' µs' : ms < 1000 ? ms.toFixed(1) + ' ms' : (ms / 1000).toFixed(2) + ' s'; }

// ---- scheduling: one render per frame at most
const dirty = new Set();
let frame = 0;
function invalidate(what) {
  dirty.add(what);
  if (!frame) frame = requestAnimationFrame(() => { frame = 0; const d = [...dirty]; dirty.clear(); d.forEach(render); });
}
function render(what) {
  ({ resources: renderResources, console: renderConsole, livetrace: renderLiveTrace }[what] || (() => {}))();
}

// ---- tabs
for (const b of document.querySelectorAll('#tabs button')) {
  b.addEventListener('click', () => showTab(b.dataset.tab));
}
function showTab(tab) {
  state.tab = tab;
  document.querySelectorAll('#tabs button').forEach((b) => b.classList.toggle('active', b.dataset.tab === tab));
  document.querySelectorAll('.tab').forEach((s) => s.classList.toggle('active', s.id === 'tab-' + tab));
  refreshTelemetry();
  if (tab === 'console') invalidate('console');
  if (tab === 'livetrace') invalidate('livetrace');
}

// ---- resources
function renderResources() {
  const body = $('#resources tbody');
  body.replaceChildren(...state.resources.map((r) => {
    const actions = el('td', {}, ...r.commands.map((c) => el('button', { 'data-command': c, onclick: (ev) => { ev.stopPropagation(); command(r.name, c); } }, c)));
    const endpoints = el('td', {}, ...r.endpoints.map((u) => el('div', {}, el('a', { href: u, target: '_blank', rel: 'noopener' }, u))));
    const tr = el('tr', { class: 'clickable' + (state.selectedResource === r.name ? ' selected' : ''), 'data-resource': r.name,
      onclick: () => { state.selectedResource = r.name; invalidate('resources'); } },
      el('td', {}, r.name), el('td', {}, r.type), el('td', { class: 'state state-' + r.state }, r.state),
      el('td', { class: 'health health-' + r.health }, r.health || '—'), endpoints,
      el('td', {}, r.startTime ? new Date(r.startTime).toLocaleTimeString([], { hour12: false }) : ''),
      el('td', {}, r.exitCode === null || r.exitCode === undefined ? '' : r.exitCode), actions);
    return tr;
  }));
  const sel = $('#console-resource');
  const names = state.resources.map((r) => r.name);
  if ([...sel.options].map((o) => o.value).join() !== names.join()) {
    sel.replaceChildren(...names.map((n) => el('option', { value: n }, n)));
    if (state.consoleResource && names.includes(state.consoleResource)) sel.value = state.consoleResource;
    else if (names.length) selectConsole(names.find((n) => state.resources.find((r) => r.name === n).type !== 'Parameter') || names[0]);
  }
  const detail = $('#resource-detail');
  const r = state.resources.find((x) => x.name === state.selectedResource);
  if (!r) { detail.replaceChildren(el('p', { class: 'muted' }, 'Select a resource to see its environment.')); return; }
  const rows = Object.entries(r.environment).map(([k, v]) => el('tr', {}, el('td', {}, k), el('td', {}, v)));
  detail.replaceChildren(el('h3', {}, 'Environment of ' + r.name),
    rows.length ? el('table', { id: 'environment' }, el('tbody', {}, ...rows)) : el('p', { class: 'muted' }, 'No environment variables.'));
}

async function command(name, c) {
  const r = await fetch('/api/resources/' + encodeURIComponent(name) + '/' + c, { method: 'POST', headers: { 'x-hubbub-dashboard': '1' } });
  if (!r.ok) alert(await r.text());
}

// ---- console
$('#console-resource').addEventListener('change', (e) => selectConsole(e.target.value));
$('#console-filter').addEventListener('input', () => invalidate('console'));
async function selectConsole(name) {
  state.consoleResource = name;
  $('#console-resource').value = name;
  state.consoleLines = [];
  const lines = await getJson('/api/logs?resource=' + encodeURIComponent(name));
  if (state.consoleResource !== name) return;
  // lines that arrived over the event stream while the request was out
  const last = lines.length ? lines[lines.length - 1].seq : -1;
  state.consoleLines = lines.concat(state.consoleLines.filter((l) => l.seq > last));
  invalidate('console');
}
// New lines are appended to what is shown; the whole text is rebuilt only when the resource or the filter
// changes or old lines were dropped (in batches of 1,000), so a busy resource costs little per frame.
let rendered = { resource: null, filter: null, firstSeq: -1, count: 0, shown: 0 };
function renderConsole() {
  if (state.tab !== 'console') return;
  const pre = $('#console-lines');
  const atBottom = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 20;
  const f = $('#console-filter').value.toLowerCase();
  const lines = state.consoleLines;
  const firstSeq = lines.length ? lines[0].seq : -1;
  const match = (l) => !f || l.text.toLowerCase().includes(f);
  const fmt = (l) => fmtTime(l.time) + '  ' + l.text + '\n';
  if (rendered.resource === state.consoleResource && rendered.filter === f && rendered.firstSeq === firstSeq
      && rendered.count <= lines.length) {
    let added = '';
    for (let i = rendered.count; i < lines.length; i++) if (match(lines[i])) { added += fmt(lines[i]); rendered.shown++; }
    if (added) pre.append(added);
  } else {
    const shown = lines.filter(match);
    pre.textContent = shown.map(fmt).join('');
    rendered = { resource: state.consoleResource, filter: f, firstSeq, count: 0, shown: shown.length };
  }
  rendered.count = lines.length;
  $('#console-count').textContent = rendered.shown + ' of ' + lines.length + ' lines';
  if (atBottom) pre.scrollTop = pre.scrollHeight;
}

// ---- structured logs, traces, metrics: fetched when their tab shows and when telemetry arrives
// Refreshed at most every 500 ms, and only the tab whose signal arrived; a table is rebuilt only when its rows
// changed, so a row stays still under the pointer.
let telemetryTimer = 0;
const pendingSignals = new Set();
function refreshTelemetrySoon(signal) {
  pendingSignals.add(signal);
  if (!telemetryTimer) telemetryTimer = setTimeout(() => {
    telemetryTimer = 0;
    const signals = new Set(pendingSignals);
    pendingSignals.clear();
    refreshTelemetry(signals);
  }, 500);
}
function refreshTelemetry(signals) {
  const wants = (s) => !signals || signals.has(s);
  if (state.tab === 'structured' && wants('logs')) loadStructured();
  if (state.tab === 'traces' && wants('traces')) loadTraces();
  if (state.tab === 'metrics' && wants('metrics')) loadMetrics();
}
let shownTraces = '';
let shownLogs = '';
$('#logs-filter').addEventListener('input', () => loadStructured());
async function loadStructured() {
  const logs = await getJson('/api/telemetry/logs');
  const f = $('#logs-filter').value.toLowerCase();
  const shown = logs.reverse().filter((l) => !f || (l.body + ' ' + l.service + ' ' + l.severity).toLowerCase().includes(f)).slice(0, 500);
  const key = f + '|' + logs.length + '|' + (logs[0] ? logs[0].timeUnixNano : '');
  if (key === shownLogs) return;
  shownLogs = key;
  $('#structured tbody').replaceChildren(...shown.map((l) => el('tr', {},
    el('td', {}, fmtNanos(l.timeUnixNano)), el('td', {}, l.service), el('td', { class: 'level-' + l.severity }, l.severity),
    el('td', {}, l.body), el('td', {}, l.traceId ? el('a', { href: '#', onclick: (e) => { e.preventDefault(); showTab('traces'); showTrace(l.traceId); } }, l.traceId.slice(0, 8)) : ''))));
}
async function loadTraces() {
  const traces = await getJson('/api/telemetry/traces');
  const key = traces.map((t) => t.traceId + ':' + t.spans).join(',') + '|' + state.selectedTrace;
  if (key === shownTraces) return;
  shownTraces = key;
  $('#traces tbody').replaceChildren(...traces.slice(0, 500).map((t) => el('tr', {
    class: 'clickable' + (t.traceId === state.selectedTrace ? ' selected' : ''), 'data-trace': t.traceId, onclick: () => showTrace(t.traceId) },
    el('td', {}, fmtNanos(t.startUnixNano)), el('td', { class: t.error ? 'level-ERROR' : '' }, t.rootName), el('td', {}, t.services),
    el('td', {}, t.spans), el('td', {}, fmtDuration(t.durationNanos)))));
  if (state.selectedTrace) showTrace(state.selectedTrace, true);
}
async function showTrace(id, quiet) {
  state.selectedTrace = id;
  if (!quiet) document.querySelectorAll('#traces tr').forEach((tr) => tr.classList.toggle('selected', tr.dataset.trace === id));
  const spans = await getJson('/api/telemetry/traces/' + encodeURIComponent(id));
  if (!spans.length) return;
  const start = Math.min(...spans.map((s) => s.startUnixNano));
  const end = Math.max(...spans.map((s) => s.endUnixNano));
  const total = Math.max(1, end - start);
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map();
  for (const s of spans) {
    const p = s.parentSpanId && ids.has(s.parentSpanId) ? s.parentSpanId : '';
    if (!children.has(p)) children.set(p, []);
    children.get(p).push(s);
  }
  const rows = [];
  const walk = (parent, depth) => {
    for (const s of (children.get(parent) || []).sort((a, b) => a.startUnixNano - b.startUnixNano)) {
      const bar = el('div', { class: 'span-bar' + (s.status === 'ERROR' ? ' err' : '') });
      bar.style.left = ((s.startUnixNano - start) / total * 100) + '%';
      bar.style.width = ((s.endUnixNano - s.startUnixNano) / total * 100) + '%';
      const name = el('div', { class: 'span-name', title: s.name }, s.name, el('span', { class: 'svc' }, s.service + ' · ' + fmtDuration(s.endUnixNano - s.startUnixNano)));
      name.style.paddingLeft = (depth * 16) + 'px';
      rows.push(el('div', { class: 'span-row', 'data-span': s.spanId }, name, el('div', { class: 'span-bar-track' }, bar)));
      const attrs = Object.entries(s.attributes).map(([k, v]) => k + '=' + v).join('  ');
      if (attrs) { const a = el('div', { class: 'span-attrs' }, s.kind + '  ' + attrs); a.style.paddingLeft = (depth * 16) + 'px'; rows.push(a); }
      walk(s.spanId, depth + 1);
    }
  };
  walk('', 0);
  $('#trace-detail').replaceChildren(el('h3', {}, 'Trace ' + id), el('div', { id: 'span-tree' }, ...rows));
}
$('#metrics-filter').addEventListener('input', () => loadMetrics());
async function loadMetrics() {
  const instruments = await getJson('/api/telemetry/metrics');
  const f = $('#metrics-filter').value.toLowerCase();
  $('#metrics').replaceChildren(...instruments.filter((m) => !f || (m.service + ' ' + m.name).toLowerCase().includes(f)).map(chart));
}
function chart(m) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 300 100');
  svg.setAttribute('preserveAspectRatio', 'none');
  const pts = m.points;
  const last = pts.length ? pts[pts.length - 1].value : 0;
  if (pts.length) {
    const t0 = pts[0].timeUnixNano, t1 = pts[pts.length - 1].timeUnixNano;
    const vs = pts.map((p) => p.value);
    const lo = Math.min(0, ...vs), hi = Math.max(...vs, lo + 1e-9);
    const line = document.createElementNS(ns, 'polyline');
    line.setAttribute('points', pts.map((p) => ((t1 === t0 ? 300 : (p.timeUnixNano - t0) / (t1 - t0) * 300).toFixed(1)
      + ',' + (95 - (p.value - lo) / (hi - lo) * 90).toFixed(1))).join(' '));
    svg.append(line);
  }
  return el('div', { class: 'chart', 'data-instrument': m.name }, el('h3', {}, m.name),
    el('div', { class: 'muted' }, m.service + ' · ' + m.type + (m.unit ? ' · ' + m.unit : '') + ' · last ' + (Math.round(last * 1000) / 1000)), svg);
}

// ---- live SignalR trace
$('#lt-pause').addEventListener('click', () => {
  state.paused = !state.paused;
  $('#lt-pause').textContent = state.paused ? 'Resume' : 'Pause';
  invalidate('livetrace');
});
$('#lt-clear').addEventListener('click', () => { state.liveEvents = []; state.liveCounters = {}; invalidate('livetrace'); });
$('#lt-filter').addEventListener('input', () => invalidate('livetrace'));
let frozen = null; // the rows shown while paused
function addLive(e) {
  state.liveEvents.push(e);
  if (state.liveEvents.length > 20000) state.liveEvents.splice(0, state.liveEvents.length - 20000);
  const k = e.resource + '/' + e.kind;
  state.liveCounters[k] = (state.liveCounters[k] || 0) + 1;
}
function renderLiveTrace() {
  if (state.tab !== 'livetrace') return;
  $('#lt-counters').replaceChildren(...Object.entries(state.liveCounters).sort().map(([k, v]) =>
    el('span', { class: 'counter', 'data-counter': k }, k + ' ', el('b', {}, v))));
  if (state.paused && frozen) return;
  const f = $('#lt-filter').value.toLowerCase();
  const match = (e) => !f || (e.kind + ' ' + e.hub + ' ' + e.resource + ' ' + Object.entries(e.details).map(([k, v]) => k + '=' + v).join(' ')).toLowerCase().includes(f);
  const shown = [];
  for (let i = state.liveEvents.length - 1; i >= 0 && shown.length < MAX_TRACE_ROWS; i--) if (match(state.liveEvents[i])) shown.push(state.liveEvents[i]);
  $('#livetrace tbody').replaceChildren(...shown.map((e) => el('tr', { 'data-kind': e.kind },
    el('td', {}, fmtTime(e.time)), el('td', {}, e.resource), el('td', {}, e.kind), el('td', {}, e.hub),
    el('td', { class: 'details' }, Object.entries(e.details).map(([k, v]) => k + '=' + v).join('  ')))));
  frozen = state.paused ? true : null;
}

// ---- live updates
async function loadAll() {
  const [resources, lt] = await Promise.all([getJson('/api/resources'), getJson('/api/livetrace')]);
  state.resources = resources;
  invalidate('resources');
  state.liveEvents = lt.events;
  state.liveCounters = { ...lt.counters };
  invalidate('livetrace');
  if (state.consoleResource) selectConsole(state.consoleResource);
}
function connect() {
  const es = new EventSource('/api/events');
  es.addEventListener('open', () => { $('#conn').textContent = 'live'; $('#conn').classList.add('live'); });
  es.addEventListener('error', () => { $('#conn').textContent = 'reconnecting…'; $('#conn').classList.remove('live'); });
  es.addEventListener('resources', (m) => { state.resources = JSON.parse(m.data); invalidate('resources'); });
  es.addEventListener('log', (m) => {
    const l = JSON.parse(m.data);
    if (l.resource !== state.consoleResource) return;
    state.consoleLines.push(l);
    if (state.consoleLines.length > MAX_LINES + 1000) state.consoleLines.splice(0, state.consoleLines.length - MAX_LINES);
    invalidate('console');
  });
  es.addEventListener('trace', (m) => { addLive(JSON.parse(m.data)); invalidate('livetrace'); });
  es.addEventListener('telemetry', (m) => refreshTelemetrySoon(JSON.parse(m.data).signal));
  es.addEventListener('resync', () => loadAll());
}
connect();
loadAll();
