// The dashboard: panels from the demo server's JSON API, drawn with Chart.js, refreshed every 5 s.
/* global Chart */
const $ = (id) => document.getElementById(id);
const charts = {};
const COLORS = ['#3657d6', '#2f9e6a', '#c0453b', '#e0a030', '#8a63d2', '#2aa7b8', '#d2638a', '#6b7489'];

function chart(id, type, labels, datasets, options = {}) {
  const data = { labels, datasets: datasets.map((d, i) => ({ backgroundColor: d.colors ?? COLORS[i], borderColor: d.colors ? undefined : COLORS[i], ...d })) };
  if (charts[id]) {
    charts[id].data = data;
    charts[id].update('none');
    return;
  }
  charts[id] = new Chart($(id), {
    type,
    data,
    options: { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { display: type !== 'bar' || datasets.length > 1, position: 'bottom' } }, ...options },
  });
}

function table(id, head, rows) {
  const t = $(id);
  t.replaceChildren();
  const thead = t.createTHead().insertRow();
  for (const h of head) thead.append(Object.assign(document.createElement('th'), { textContent: h }));
  const body = t.createTBody();
  for (const r of rows) {
    const tr = body.insertRow();
    for (const cell of r.cells) {
      const td = tr.insertCell();
      if (cell instanceof Node) td.append(cell);
      else td.textContent = cell ?? '–';
    }
    if (r.onclick) tr.addEventListener('click', r.onclick);
  }
}

const ms = (v) => (v == null ? '–' : `${v.toFixed(0)} ms`);
const time = (t) => new Date(t).toLocaleTimeString();

function range() {
  const to = Date.now() + 1;
  return { from: to - Number($('range').value), to };
}

// What the alerts link to: ?company=, ?user=, ?route=, ?monitor=, ?synthetic=1.
const focus = new URLSearchParams(location.search);
if (focus.get('synthetic') === '1') $('synthetic').checked = true;

function filterQuery() {
  const q = new URLSearchParams();
  for (const k of ['company', 'user', 'route', 'error']) if (focus.get(k)) q.set(k, focus.get(k));
  return q.toString() ? '&' + q : '';
}

const link = (text, query) => Object.assign(document.createElement('a'), { textContent: text, href: `/dashboard/?${query}` });

function delta(now, before) {
  if (before === 0 && now === 0) return '0';
  if (before === 0) return `new (${now})`;
  const pct = ((now - before) * 100) / before;
  return `${now} (${pct >= 0 ? '+' : ''}${pct.toFixed(0)}%)`;
}

async function refreshAlerts() {
  const a = await get('/dashboard/api/alerts');
  const firing = a.monitors.filter((m) => m.state === 'firing').length;
  $('alerts-summary').textContent = a.monitors.length ? `${firing} firing of ${a.monitors.length}` : 'no monitors';
  $('webhook').textContent = a.webhook ? `posting to ${a.webhook}` : 'no webhook set (--webhook URL): alerts show here only';
  table('monitors', ['monitor', 'state', 'since', 'last value', 'about', 'rule'], a.monitors.map((m) => ({
    cells: [
      m.name,
      Object.assign(document.createElement('span'), { className: m.state === 'firing' ? 'bad' : 'ok', textContent: m.state }),
      m.since ? time(m.since) : '–',
      m.value == null ? '–' : m.value.toFixed(1),
      m.subject || '–',
      m.rule,
    ],
  })));
  table('alerts', ['time', 'alert', 'delivery'], a.alerts.slice(0, 15).map((x) => ({
    cells: [time(x.at), x.text, Object.assign(document.createElement('span'), {
      className: x.status === 'failed' ? 'bad' : x.status === 'delivered' ? 'ok' : '',
      textContent: `${x.status}${x.attempts > 1 ? ` after ${x.attempts} attempts` : ''}${x.error ? ` (${x.error})` : ''}`,
    })],
  })));
}

async function refreshChanges(from, to) {
  const c = await get(`/dashboard/api/changes?from=${from}&to=${to}`);
  const d = c.dimensions;
  const rows = (list, param) => list.map((r) => ({
    cells: [
      param && r.key !== '(none)' ? link(r.key, `${param}=${encodeURIComponent(r.key)}`) : r.key,
      delta(r.now.requests, r.day_before.requests),
      delta(r.now.requests, r.week_before.requests),
      delta(r.now.errors, r.day_before.errors),
      ms(r.now.p95_ms),
      ms(r.day_before.p95_ms),
    ],
  }));
  const head = ['key', 'requests vs day', 'vs week', 'errors vs day', 'p95', 'p95 a day before'];
  table('changes-routes', head, rows(d.routes, 'route'));
  table('changes-companies', head, rows(d.companies, 'company'));
  table('changes-users', head, rows(d.users, 'user'));
  table('changes-error_types', ['error', 'now', 'a day before', 'a week before'], d.error_types.map((r) => ({
    cells: [link(r.key, `error=${encodeURIComponent(r.key)}`), r.now.errors, r.day_before.errors, r.week_before.errors],
  })));
}

async function refreshSystem(from, to) {
  const s = await get(`/dashboard/api/system?from=${from}&to=${to}`);
  chart('system-chart', 'line', s.server.map((p) => time(p.at)), [
    { label: 'server CPU, % of a core', data: s.server.map((p) => p.cpu_pct), yAxisID: 'cpu' },
    { label: 'server memory, MiB', data: s.server.map((p) => p.rss_mib), yAxisID: 'mem' },
  ], { scales: { cpu: { position: 'left', min: 0 }, mem: { position: 'right', min: 0 } } });
  table('view-load', ['time', 'route', 'long tasks', 'JS heap'], s.views.slice(0, 12).map((v) => ({
    cells: [time(v.date), v.route, v.long_tasks, v.js_heap_used == null ? 'not reported' : `${(v.js_heap_used / 1048576).toFixed(1)} MiB`],
  })));
}

async function get(path) {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

async function refresh() {
  const { from, to } = range();
  const synthetic = $('synthetic').checked ? '&synthetic=1' : '';
  const [o, sessions] = await Promise.all([
    get(`/dashboard/api/overview?from=${from}&to=${to}${synthetic}`),
    get(`/dashboard/api/sessions?from=${from}&to=${to}${filterQuery()}`),
    refreshAlerts(),
    refreshChanges(from, to),
    refreshSystem(from, to),
  ]);
  const shown = [...focus].filter(([k]) => k !== 'synthetic').map(([k, v]) => `${k}: ${v}`);
  $('filter').textContent = shown.length ? `focus · ${shown.join(' · ')}` : '';
  const t = o.traffic;
  const change = t.change_pct == null ? 'no earlier traffic' : `${t.change_pct >= 0 ? '+' : ''}${t.change_pct.toFixed(0)}% vs previous period`;
  $('traffic-total').textContent = `${t.total} API requests · ${change}`;
  chart('traffic-chart', 'bar', t.per_minute.map((p) => new Date(p.minute).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })), [
    { label: 'API requests / minute (backend spans)', data: t.per_minute.map((p) => p.requests) },
  ], { plugins: { legend: { display: true, position: 'bottom' } } });
  chart('company-chart', 'doughnut', t.by_company.map((c) => c.key), [{ data: t.by_company.map((c) => c.count), colors: COLORS }]);
  chart('site-chart', 'bar', t.by_site.map((c) => c.key), [{ label: 'views', data: t.by_site.map((c) => c.count), colors: ['#8a63d2', '#2aa7b8'] }]);
  table('top-users', ['user', 'company', 'events', 'sessions'], t.top_users.map((u) => ({ cells: [u.user, u.company, u.events, u.sessions] })));

  const e = o.errors;
  chart('error-type-chart', 'bar', e.by_type.map((x) => x.key), [{ label: 'errors', data: e.by_type.map((x) => x.count), colors: '#c0453b' }], { indexAxis: 'y' });
  chart('error-source-chart', 'doughnut', e.by_source.map((x) => x.key), [{ data: e.by_source.map((x) => x.count), colors: ['#c0453b', '#e0a030', '#8a63d2'] }]);
  chart('status-chart', 'doughnut', e.status_share.map((x) => x.key), [{ data: e.status_share.map((x) => x.count), colors: ['#2f9e6a', '#2aa7b8', '#e0a030', '#c0453b', '#6b7489'] }]);

  const routes = o.latency.filter((r) => r.route.startsWith('/api/') && r.route !== '/api/v2/rum');
  chart('latency-chart', 'bar', routes.map((r) => r.route), [
    { label: 'browser p50', data: routes.map((r) => r.frontend.p50) },
    { label: 'browser p95', data: routes.map((r) => r.frontend.p95) },
    { label: 'server p50', data: routes.map((r) => r.backend.p50) },
    { label: 'server p95', data: routes.map((r) => r.backend.p95) },
  ], { scales: { y: { title: { display: true, text: 'ms' } } } });
  table('latency-table', ['route', 'browser p50', 'browser p95', 'server p50', 'server p95', 'calls'], routes.map((r) => ({
    cells: [r.route, ms(r.frontend.p50), ms(r.frontend.p95), ms(r.backend.p50), ms(r.backend.p95), `${r.frontend.count} / ${r.backend.count}`],
  })));

  table('sessions', ['last seen', 'session', 'company', 'customer', 'user', 'views', 'actions', 'errors', 'requests'], sessions.map((s) => ({
    cells: [time(s.end), s.session_id.slice(0, 8) + '…', s.company_id, s.customer_id, s.user_id, s.views, s.actions, s.errors, s.resources],
    onclick: () => { location.hash = `session=${s.session_id}`; },
  })));
  $('updated').textContent = `updated ${new Date().toLocaleTimeString()}`;
  await showSession();
}

function describe(e) {
  switch (e.type) {
    case 'view': return `${new URL(e.view.url).pathname} · ${(e.view.time_spent / 1e6).toFixed(0)} ms · ${e.view.action.count} actions, ${e.view.error.count} errors, ${e.view.resource.count} requests`;
    case 'action': return `${e.action.type} “${e.action.target.name}”${e.action.loading_time != null ? ` · ${(e.action.loading_time / 1e6).toFixed(0)} ms` : ''}${e.action.resource ? ` · ${e.action.resource.count} requests` : ''}${e.action.frustration?.type.length ? ' · ' + e.action.frustration.type.join(', ') : ''}`;
    case 'error': return `${e.error.source}: ${e.error.type ? e.error.type + ': ' : ''}${e.error.message}`;
    case 'resource': return `${e.resource.method ?? ''} ${e.resource.url} → ${e.resource.status_code ?? '?'} · ${((e.resource.duration ?? 0) / 1e6).toFixed(0)} ms`;
    default: return e.type;
  }
}

async function showSession() {
  const id = new URLSearchParams(location.hash.slice(1)).get('session');
  $('timeline-panel').hidden = !id;
  if (!id) return;
  $('timeline-id').textContent = id;
  let data;
  try {
    data = await get(`/dashboard/api/sessions/${encodeURIComponent(id)}`);
  } catch {
    table('timeline', ['time', 'event'], [{ cells: ['–', 'no events of this session yet'] }]);
    return;
  }
  // What a click caused (the requests and errors that carry its id in `action.id`) goes right
  // under it, indented, with each request's backend span: from the click to the trace.
  const actionIds = new Set(data.timeline.filter((i) => i.event.type === 'action').map((i) => i.event.action.id));
  const parentOf = (e) => (e.type !== 'action' && [e.action?.id ?? []].flat().find((id) => actionIds.has(id))) || null;
  const ordered = [];
  for (const item of data.timeline) {
    if (parentOf(item.event)) continue;
    ordered.push([item, false]);
    if (item.event.type === 'action') {
      for (const child of data.timeline) if (parentOf(child.event) === item.event.action.id) ordered.push([child, true]);
    }
  }
  table('timeline', ['time', 'kind', 'what', 'user · company', 'trace id', 'backend span'], ordered.map(([{ event: e, span: s }, caused]) => {
    const kind = Object.assign(document.createElement('span'), { className: `kind ${e.type}`, textContent: caused ? `↳ ${e.type}` : e.type });
    const spanText = s
      ? `${s.method} ${s.route} → ${s.status} · ${s.duration_ms.toFixed(0)} ms · span ${s.span_id} · parent ${s.parent_id}${s.parent_id === e._dd?.span_id ? ' ✓' : ''}`
      : e._dd?.trace_id ? 'no backend span (yet)' : '';
    return { cells: [time(e.date), kind, describe(e), `${e.usr?.id ?? '–'} · ${e.context?.company_id ?? '–'}`, e._dd?.trace_id ?? '', spanText] };
  }));
}

async function loop() {
  try {
    await refresh();
  } catch (error) {
    $('updated').textContent = `refresh failed: ${error.message}`;
  }
}

$('range').addEventListener('change', loop);
$('synthetic').addEventListener('change', loop);
addEventListener('hashchange', showSession);
loop();
setInterval(loop, 5000);
