// From dashboard to detection: the demo server with a rules file of short windows, a webhook
// receiver on 127.0.0.1, and events and requests made to fire each kind of monitor: a route made
// slow fires and resolves once, a burst from one company, a new error type, a failing synthetic
// check, a webhook that fails and is retried while the intake keeps taking events. A bad rules
// file stops the server with the rule and the field named. Leaves a screenshot of the panels.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { ROOT, launchBrowser, startDemo, until } from './helpers.mjs';

const RULES = `
[settings]
interval_seconds = 30     # overridden by --monitor-interval-ms
renotify_minutes = 60
retry_ms = 150

[[monitor]]
name = "Orders slow"
kind = "latency"
route = "/api/orders"
side = "server"
stat = "p95"
window_seconds = 3
threshold_ms = 300

[[monitor]]
name = "Company surge"
kind = "share"
by = "company"
factor = 3
min_requests = 10
window_seconds = 3

[[monitor]]
name = "New error type"
kind = "new_error"
lookback_hours = 24
window_seconds = 5

[[check]]
name = "Failing API"
url = "/api/fail"
interval_seconds = 0.5
expect_status = 200
max_latency_ms = 2000
`;

let demo;
let dir;
let hook;
const posts = [];
// The receiver answers 500 to this many posts before taking them.
let failNext = 0;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wasm-rum-monitors-'));
  await writeFile(join(dir, 'monitors.toml'), RULES);
  hook = createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = JSON.parse(Buffer.concat(chunks).toString());
    if (failNext > 0) {
      failNext--;
      posts.push({ ...body, refused: true, at: Date.now() });
      res.writeHead(500).end('down');
      return;
    }
    posts.push({ ...body, at: Date.now() });
    res.writeHead(200).end('ok');
  });
  await new Promise((ok) => hook.listen(0, '127.0.0.1', ok));
  demo = await startDemo({
    extraArgs: [
      '--db', join(dir, 'demo.sqlite'),
      '--monitors', join(dir, 'monitors.toml'),
      '--webhook', `http://127.0.0.1:${hook.address().port}/hook/secret-token`,
      '--monitor-interval-ms', '300',
      '--test-switches',
    ],
  });
});

after(async () => {
  await demo?.stop();
  await new Promise((ok) => (hook ? hook.close(ok) : ok()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

const delivered = (pattern) => posts.filter((p) => !p.refused && pattern.test(p.text));
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

async function call(route, times) {
  for (let i = 0; i < times; i++) await fetch(new URL(`/api/${route}`, demo.url));
}

function event(type, date, extra) {
  return JSON.stringify({
    type,
    date,
    application: { id: '7f3d2a10-5c4b-4e8f-9a61-0b2c3d4e5f60' },
    session: { id: randomUUID(), type: 'user' },
    view: { id: randomUUID(), url: 'http://127.0.0.1/orders' },
    _dd: { format_version: 2 },
    ...extra,
  });
}

async function intake(lines) {
  const started = Date.now();
  const r = await fetch(new URL('/api/v2/rum?ddsource=browser', demo.url), { method: 'POST', body: lines.join('\n') });
  return { status: r.status, ms: Date.now() - started };
}

const request = (company, date) =>
  event('resource', date, {
    context: { company_id: company },
    resource: { type: 'fetch', url: 'http://127.0.0.1/api/orders', status_code: 200, duration: 1e7 },
  });

test('a route made slow fires its latency monitor once, and it resolves once after recovery', async () => {
  await call('orders', 5);
  await sleep(700);
  assert.equal(delivered(/Orders slow/).length, 0, 'fast: nothing fires');
  await fetch(new URL('/test/slow?route=orders&ms=450', demo.url), { method: 'POST' });
  await call('orders', 3);
  await until(() => delivered(/FIRING: Orders slow/).length === 1, 'the latency alert', 10_000);
  const fired = delivered(/FIRING: Orders slow/)[0].text;
  assert.match(fired, /\/api\/orders: \d+\.\d ms \(threshold 300 ms, window 3 s\)/);
  assert.match(fired, /\/dashboard\/\?route=\/api\/orders/, 'links to the route');
  await fetch(new URL('/test/slow?route=orders&ms=0', demo.url), { method: 'POST' });
  // The slow requests leave the 3 s window; fast ones keep it fed.
  const until_ = Date.now() + 4000;
  while (Date.now() < until_) await call('orders', 1);
  await until(() => delivered(/RESOLVED: Orders slow/).length === 1, 'the resolution', 10_000);
  await sleep(1000);
  assert.equal(delivered(/FIRING: Orders slow/).length, 1, 'posted once while firing');
  assert.equal(delivered(/RESOLVED: Orders slow/).length, 1, 'resolved once');
});

test('a burst from one company fires the share monitor, naming the company', async () => {
  const now = Date.now();
  const lines = [];
  for (let i = 0; i < 20; i++) lines.push(request('acme', now - 4500 + i), request('globex', now - 4500 + i));
  for (let i = 0; i < 5; i++) lines.push(request('acme', now - 500 + i), request('globex', now - 500 + i));
  for (let i = 0; i < 30; i++) lines.push(request('initech', now - 500 + i));
  assert.equal((await intake(lines)).status, 202);
  await until(() => delivered(/FIRING: Company surge/).length === 1, 'the share alert', 10_000);
  const text = delivered(/FIRING: Company surge/)[0].text;
  assert.match(text, /initech/);
  assert.match(text, /\/dashboard\/\?company=initech/);
});

test('a new error type fires once; a known one does not', async () => {
  const now = Date.now();
  const error = (type, message, date) =>
    event('error', date, { error: { type, message, source: 'source', handling: 'unhandled' } });
  assert.equal(
    (await intake([
      error('TypeError', 'known for an hour', now - 3_600_000),
      error('TypeError', 'known for an hour', now),
      error('QuotaError', 'storage is full', now),
      error('QuotaError', 'storage is full', now + 1),
    ])).status,
    202,
  );
  await until(() => delivered(/New error type/).length >= 1, 'the new error alert', 10_000);
  await sleep(1500);
  const alerts = delivered(/New error type/);
  assert.equal(alerts.length, 1, alerts.map((a) => a.text).join('\n'));
  assert.match(alerts[0].text, /QuotaError: storage is full/);
});

test('a failing synthetic check fires, and its spans are kept apart as synthetic', async () => {
  await until(() => delivered(/FIRING: synthetic check Failing API/).length === 1, 'the check alert', 10_000);
  assert.match(delivered(/Failing API/)[0].text, /status 500, expected 200/);
  const plain = await (await fetch(new URL('/dashboard/api/overview', demo.url))).json();
  const all = await (await fetch(new URL('/dashboard/api/overview?synthetic=1', demo.url))).json();
  assert.ok(all.traffic.total > plain.traffic.total, 'synthetic requests are shown only when asked');
});

test('a webhook that fails is retried, and the intake keeps taking events meanwhile', async () => {
  failNext = 2;
  const now = Date.now();
  const error = event('error', now, { error: { type: 'RetryError', message: 'after a webhook outage', source: 'source' } });
  assert.equal((await intake([error])).status, 202);
  // While the alert waits for its retries, events still go in at once.
  for (let i = 0; i < 5; i++) {
    const r = await intake([request('acme', Date.now())]);
    assert.equal(r.status, 202);
    assert.ok(r.ms < 1000, `the intake answered in ${r.ms} ms`);
  }
  await until(() => delivered(/RetryError/).length === 1, 'the alert after two refusals', 10_000);
  assert.equal(posts.filter((p) => p.refused && /RetryError/.test(p.text)).length, 2);
  const state = await (await fetch(new URL('/dashboard/api/alerts', demo.url))).json();
  const sent = state.alerts.find((a) => /RetryError/.test(a.text));
  assert.equal(sent.status, 'delivered');
  assert.equal(sent.attempts, 3);
  assert.equal(state.webhook, `http://127.0.0.1:${hook.address().port}/hook/…`, 'the secret path is not shown');
});

test('the dashboard shows the monitors, the alerts, what changed and the system', async () => {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 2400 } });
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(new URL('/dashboard/?company=initech', demo.url).href);
    await page.waitForFunction(() => document.getElementById('updated').textContent.startsWith('updated'));
    await page.waitForFunction(() => document.querySelectorAll('#monitors tbody tr').length === 4);
    const states = await page.$$eval('#monitors tbody tr', (rows) => rows.map((r) => r.cells[0].textContent + ':' + r.cells[1].textContent));
    assert.ok(states.includes('Failing API:firing'), states.join(', '));
    assert.ok(await page.$$eval('#alerts tbody tr', (r) => r.length) >= 4);
    assert.ok(await page.$$eval('#changes-companies tbody tr', (r) => r.length) >= 3);
    assert.match(await page.textContent('#filter'), /company: initech/);
    const listed = await page.$$eval('#sessions tbody tr', (rows) => rows.map((r) => r.cells[2].textContent));
    assert.ok(listed.length > 0 && listed.every((c) => c === 'initech'), 'only the company\'s sessions');
    const byError = await (await fetch(new URL('/dashboard/api/sessions?error=' + encodeURIComponent('QuotaError: storage is full'), demo.url))).json();
    assert.equal(byError.length, 2, 'the two sessions that had the error');
    const byRoute = await (await fetch(new URL('/dashboard/api/sessions?route=/api/orders', demo.url))).json();
    assert.ok(byRoute.length >= 30, 'sessions that called the route');
    await mkdir(join(ROOT, 'tests/artifacts'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'tests/artifacts/dashboard-monitors.png'), fullPage: true });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('a bad rules file stops the server with the rule and the field named', async () => {
  const bad = join(dir, 'bad.toml');
  await writeFile(bad, '[[monitor]]\nname = "Orders slow"\nkind = "latency"\nroute = "/api/orders"\nthreshold_ms = 1\ntreshold = 2\n');
  const child = spawn(join(ROOT, 'target/debug/wasm-rum-demo'), ['--port', '0', '--db', join(dir, 'bad.sqlite'), '--monitors', bad], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise((ok) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('exit', (c) => {
      clearTimeout(timer);
      ok(c);
    });
  });
  assert.notEqual(code, 0);
  assert.match(stderr, /monitor "Orders slow": unknown field "treshold"/);
});
