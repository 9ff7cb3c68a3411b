// The demo as a newcomer meets it: the server on a free port with a fresh database, the app
// driven in headless Chromium (sign in, navigate, call each API, throw, close the page), then
// checked through the dashboard's JSON API: the session with its views, named actions and
// requests, the company/customer context, and each request joined to the backend span of its
// trace. Leaves a screenshot of the dashboard in tests/artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, UUID_V4, launchBrowser, startDemo, until } from './helpers.mjs';
import { schemaErrors } from './schema.mjs';

let demo;
let browser;
let dbDir;

before(async () => {
  dbDir = await mkdtemp(join(tmpdir(), 'wasm-rum-demo-'));
  demo = await startDemo({ extraArgs: ['--db', join(dbDir, 'demo.sqlite')] });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  const code = await demo?.stop();
  assert.equal(code, 0, 'the demo server stops cleanly on Ctrl-C');
  if (dbDir) await rm(dbDir, { recursive: true, force: true });
});

const api = async (path) => {
  const response = await fetch(new URL(path, demo.url));
  assert.equal(response.status, 200, path);
  return response.json();
};

test('a session in the app is followed from click to backend span in the dashboard', async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.setDefaultTimeout(20_000);
  await page.goto(demo.url);
  await page.waitForFunction(() => document.getElementById('rum-status').textContent !== 'starting…');
  assert.equal(await page.textContent('#rum-status'), 'running');
  const sessionId = await page.textContent('#session-id');
  assert.match(sessionId, UUID_V4);

  await page.selectOption('select[name=company]', 'globex');
  await page.fill('input[name=customer]', 'cust-2002');
  await page.fill('input[name=user]', 'grace');
  await page.click('button[type=submit]');
  await page.click('a[href="/orders"]');
  await page.click('#orders');
  await page.click('#inventory');
  await page.click('#report');
  await page.click('#fail');
  await page.click('#unreachable');
  await page.click('a[href="/admin/users"]');
  await page.click('#crash');
  await page.waitForFunction(() => document.querySelectorAll('#calls tr').length === 5, null, { timeout: 10_000 });
  await page.waitForTimeout(300);
  await page.close({ runBeforeUnload: true });
  assert.deepEqual(pageErrors, ["Cannot read properties of undefined (reading 'theme')"]);

  const timeline = await until(async () => {
    const r = await fetch(new URL(`/dashboard/api/sessions/${sessionId}`, demo.url));
    if (r.status !== 200) return null;
    const t = (await r.json()).timeline;
    const resources = t.filter((i) => i.event.type === 'resource' && i.event.resource.url.includes('/api/'));
    const views = t.filter((i) => i.event.type === 'view');
    return resources.length >= 5 && views.some((v) => !v.event.view.is_active) && views.length >= 3 ? t : null;
  }, 'the session in the dashboard', 20_000);

  for (const { event } of timeline) assert.equal(schemaErrors(event), null, JSON.stringify(event));
  const events = timeline.map((i) => i.event);
  const views = events.filter((e) => e.type === 'view');
  assert.deepEqual(views.map((v) => new URL(v.view.url).pathname), ['/', '/orders', '/admin/users']);
  const actions = events.filter((e) => e.type === 'action').map((e) => e.action.target.name);
  for (const name of ['Sign in', 'signed_in', 'Load orders fetch · fast', 'Sync inventory XHR · fast', 'Throw an error uncaught TypeError']) {
    assert.ok(actions.includes(name), `action ${name}; got ${actions.join(' | ')}`);
  }
  assert.ok(!JSON.stringify(events).includes('not-sent-anywhere'), 'the password never appears');
  const signedIn = events.find((e) => e.type === 'action' && e.action.target.name === 'signed_in');
  const after = events.filter((e) => e.type !== 'view' && e.date >= signedIn.date);
  for (const e of after) {
    assert.equal(e.context.company_id, 'globex', JSON.stringify(e));
    assert.equal(e.context.customer_id, 'cust-2002');
    assert.equal(e.usr.id, 'grace');
  }

  // A click is linked to the request it caused, as Datadog links them: the resource carries the
  // click's id, and the click its loading time and its count of requests.
  const click = events.find((e) => e.type === 'action' && e.action.target.name === 'Load orders fetch · fast');
  const orders = timeline.find((i) => i.event.type === 'resource' && i.event.resource.url.endsWith('/api/orders'));
  assert.ok(orders.event.action?.id?.includes(click.action.id), JSON.stringify(orders.event.action));
  assert.ok(click.action.resource.count >= 1, JSON.stringify(click.action));
  assert.ok(click.action.loading_time > 0);
  assert.ok(orders.span, 'and the request its backend span');

  // Each traced request joins the backend span of its trace, whose parent is the request's span.
  const traced = timeline.filter((i) => i.event.type === 'resource' && i.event._dd.trace_id);
  const paths = traced.map((i) => new URL(i.event.resource.url).pathname).sort();
  assert.deepEqual(paths, ['/api/fail', '/api/inventory', '/api/orders', '/api/report']);
  for (const { event, span } of traced) {
    assert.ok(span, `a backend span for ${event.resource.url}`);
    assert.equal(span.trace_id, event._dd.trace_id);
    assert.equal(span.parent_id, event._dd.span_id);
    assert.equal(span.route, new URL(event.resource.url).pathname);
    assert.equal(span.company_id, 'globex');
    assert.equal(span.customer_id, 'cust-2002');
    assert.equal(span.propagation, 'tracecontext');
  }
  const unreachable = events.find((e) => e.type === 'resource' && e.resource.url.includes('127.0.0.1:1/'));
  assert.equal(unreachable.resource.status_code, 0);
  assert.equal(unreachable._dd.trace_id, undefined, 'another origin gets no trace headers');
  const errors = events.filter((e) => e.type === 'error');
  assert.ok(errors.some((e) => e.error.type === 'TypeError' && e.error.source === 'source'));
  assert.ok(errors.some((e) => e.error.source === 'network' && e.error.message.includes('/api/unreachable')));
  assert.ok(errors.some((e) => e.error.source === 'network' && e.error.message.includes('/api/fail')));

  const sessions = await api('/dashboard/api/sessions');
  const row = sessions.find((s) => s.session_id === sessionId);
  assert.equal(row.company_id, 'globex');
  assert.equal(row.customer_id, 'cust-2002');
  assert.equal(row.user_id, 'grace');
  assert.equal(row.views, 3);

  const overview = await api('/dashboard/api/overview');
  const route = (r) => overview.latency.find((l) => l.route === r);
  for (const r of ['/api/orders', '/api/inventory', '/api/report', '/api/fail']) {
    assert.ok(route(r).frontend.count >= 1 && route(r).backend.count >= 1, r);
  }
  assert.ok(route('/api/report').backend.p50 >= 600, 'the slow API is slow on the server');
  assert.ok(route('/api/report').frontend.p50 >= route('/api/report').backend.p50, 'the browser sees at least the server time');
  assert.ok(overview.traffic.total >= 4);
  assert.ok(overview.traffic.by_company.some((c) => c.key === 'globex'));
  assert.deepEqual(overview.traffic.by_site.map((s) => s.key).sort(), ['admin', 'user']);
  const sources = Object.fromEntries(overview.errors.by_source.map((s) => [s.key, s.count]));
  assert.ok(sources.frontend >= 1 && sources.network >= 2 && sources.API >= 1, JSON.stringify(sources));

  // The dashboard itself, with this session's timeline open.
  const dash = await browser.newPage({ viewport: { width: 1400, height: 2200 } });
  const dashErrors = [];
  dash.on('pageerror', (e) => dashErrors.push(e.message));
  await dash.goto(new URL(`/dashboard/#session=${sessionId}`, demo.url).href);
  await dash.waitForFunction(() => document.getElementById('updated').textContent.startsWith('updated'));
  await dash.waitForFunction(() => document.querySelectorAll('#timeline tbody tr').length > 5);
  const spanCells = await dash.$$eval('#timeline tbody tr td:last-child', (tds) => tds.map((td) => td.textContent));
  assert.ok(spanCells.some((t) => t.includes('/api/orders') && t.includes('✓')), 'the timeline shows the joined span');
  // Under the click, the request it caused, with its backend span.
  const rows = await dash.$$eval('#timeline tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent)));
  const at = rows.findIndex((r) => r[2].includes('“Load orders fetch · fast”'));
  assert.ok(at >= 0, JSON.stringify(rows));
  assert.equal(rows[at + 1][1], '↳ resource');
  assert.ok(rows[at + 1][2].includes('/api/orders') && rows[at + 1][5].includes('✓'), JSON.stringify(rows[at + 1]));
  await mkdir(join(ROOT, 'tests/artifacts'), { recursive: true });
  await dash.screenshot({ path: join(ROOT, 'tests/artifacts/dashboard.png'), fullPage: true });
  assert.deepEqual(dashErrors, []);
  await context.close();
  await dash.close();
});

test('the demo serves the wasm with the type streaming compilation needs', async () => {
  const res = await fetch(new URL('/pkg/wasm-rum/wasm_rum_bg.wasm', demo.url));
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/wasm');
});
