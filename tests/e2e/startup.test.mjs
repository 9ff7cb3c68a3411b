// Start-up and timers: the hooks work from the moment init() is called, before the engine has
// downloaded (the test server holds the wasm back 2 s); what the buffer cannot keep is counted
// and reported once; an idle page wakes the SDK zero times; batchFlushTimeout is kept to within
// 50 ms; a wasm served with the wrong type still compiles.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { ROOT, launchBrowser, openPage, serve, until } from './helpers.mjs';
import { schemaErrors } from './schema.mjs';

const WASM_DELAY_MS = 2000;

// `before` runs first in the page's module (e.g. timer counting); `after` runs right after
// init() is called, before it resolves.
const PAGE = (config, { before = '', after = '' } = {}) => `<!doctype html><html><head><meta charset="utf-8">
<script type="importmap">{"imports":{"wasm-rum":"/pkg/index.js"}}</script></head><body>
<button id="buy">Buy now</button>
<script type="module">
${before}
import * as rum from 'wasm-rum';
window.rum = rum;
window.ready = rum.init({
  applicationId: '2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96',
  intakeUrl: location.origin + '/intake/api/v2/rum',
  trackResources: false,
  ${config}
}).then(() => 'ok', (e) => 'init failed: ' + e.message);
${after}
</script></body></html>`;

// What the page does right after init(), while the engine is still downloading; each step
// records when it happened.
// Each step is bracketed by the times before and after it: on this shared machine a step can
// take milliseconds (the click reads the layout), and the event's time must fall inside.
const EARLY = `
window.marks = {};
window.marks.initCalled = Date.now();
window.ready.then(() => { window.marks.ready = Date.now(); });
window.addEventListener('error', () => { window.marks.errorSeen = Date.now(); });
setTimeout(() => { window.marks.error = Date.now(); throw new Error('thrown before the engine'); }, 10);
setTimeout(() => {
  window.marks.click = Date.now();
  // A press and release, as a pointer makes them (a script's click() is no user click).
  for (const type of ['pointerdown', 'pointerup']) {
    document.getElementById('buy').dispatchEvent(new PointerEvent(type, { bubbles: true, isPrimary: true }));
  }
  window.marks.navigate = Date.now();
  history.pushState({}, '', '/checkout');
  window.marks.fetch = Date.now();
  window.fetched = fetch('/api/early?x=1', { headers: { 'x-app': 'mine' } }).then((r) => r.status);
  window.marks.fetched = Date.now();
}, 50);
`;

// The marks are whole milliseconds of `Date.now()`; an event's date is its sub-millisecond
// `performance` time rounded: 1 ms either side is the same instant.
const within = (at, from, to, what) =>
  assert.ok(at >= from - 1 && at <= to + 1, `${what} at ${at}, expected from ${from} to ${to}`);

// Counts the timer callbacks that run in the page: the only way an idle SDK can wake up.
const COUNT_TIMERS = `
window.timerCalls = 0;
for (const name of ['setTimeout', 'setInterval']) {
  const original = window[name];
  window[name] = function (fn, ...rest) {
    if (typeof fn !== 'function') return original.call(this, fn, ...rest);
    return original.call(this, function () { window.timerCalls++; return fn.apply(this, arguments); }, ...rest);
  };
}`;

let server;
let browser;
const apiHeaders = [];

before(async () => {
  server = await serve({
    dirs: { '/pkg/': join(ROOT, 'dist/npm') },
    pages: {
      // (The wasm URL says to hold it back: the page's own URL changes before the download starts
      // on a loaded machine, so the Referer cannot say it.)
      '/early.html': PAGE(`allowedTracingUrls: [location.origin + '/api/'], wasmUrl: '/pkg/wasm_rum_bg.wasm?hold',`, {
        after: EARLY,
      }),
      '/flood.html': PAGE(`wasmUrl: '/pkg/wasm_rum_bg.wasm?hold',`, {
        after: `window.marks = {}; for (let i = 0; i < 1100; i++) rum.addAction('early ' + i);`,
      }),
      '/idle.html': PAGE('', { before: COUNT_TIMERS }),
      '/flush.html': PAGE('batchFlushTimeout: 300,'),
      '/mime.html': PAGE(`wasmUrl: '/pkg/wasm_rum_bg.wasm?mime',`),
    },
    async handler(req, res, url) {
      // The engine's download is held back for the pages that test start-up.
      if (url.pathname === '/pkg/wasm_rum_bg.wasm' && url.searchParams.has('hold')) {
        await new Promise((ok) => setTimeout(ok, WASM_DELAY_MS));
        return false; // then served from /pkg/ as usual
      }
      // A server that does not know the wasm type: no streaming compilation possible.
      if (url.pathname === '/pkg/wasm_rum_bg.wasm' && url.searchParams.has('mime')) {
        const wasm = await readFile(join(ROOT, 'dist/npm/wasm_rum_bg.wasm'));
        res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(wasm);
        return true;
      }
      if (url.pathname === '/api/early') {
        apiHeaders.push(req.headers);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
        return true;
      }
      return false;
    },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const sessionEvents = (id) => server.events.filter((e) => e.session?.id === id);

test('events made before the engine has loaded arrive with their own times and views', async () => {
  const { page, pageErrors } = await openPage(browser, server.url + 'early.html');
  assert.equal(await page.evaluate(() => window.ready), 'ok');
  assert.equal(await page.evaluate(() => window.fetched), 200);
  const marks = await page.evaluate(() => window.marks);
  // Held back by the server: without the delay the engine is ready in tens of milliseconds. (Half
  // the delay: once, on a loaded machine, the page's clock saw less than the server's timer.)
  assert.ok(marks.ready - marks.initCalled >= WASM_DELAY_MS / 2, `the engine really came late: ${JSON.stringify(marks)}`);
  assert.ok(marks.fetch < marks.ready, 'everything happened before init resolved');
  const id = await page.evaluate(() => rum.getSessionId());
  await page.evaluate(() => rum.flush());
  await until(() => sessionEvents(id).some((e) => e.type === 'resource'), 'the early fetch');
  await until(() => sessionEvents(id).some((e) => e.type === 'action'), 'the early click');
  await until(() => sessionEvents(id).some((e) => e.type === 'view' && e.view.url.endsWith('/checkout')), 'the route view');
  await page.close();

  const events = sessionEvents(id);
  for (const e of events) assert.equal(schemaErrors(e), null, JSON.stringify(e));
  const views = new Map();
  for (const v of events.filter((e) => e.type === 'view')) views.set(v.view.id, v);
  assert.equal(views.size, 2, 'the initial view and the route view');
  const [first, route] = [...views.values()].sort((a, b) => a.date - b.date);
  assert.ok(first.view.url.endsWith('/early.html'));
  assert.equal(first.view.loading_type, 'initial_load');
  assert.ok(route.view.url.endsWith('/checkout'));
  assert.equal(route.view.loading_type, 'route_change');
  within(route.date, marks.navigate, marks.fetch, 'the route view');

  const errors = events.filter((e) => e.type === 'error');
  assert.equal(errors.length, 1);
  assert.match(errors[0].error.message, /thrown before the engine/);
  within(errors[0].date, marks.error, marks.errorSeen, 'the error');
  assert.equal(errors[0].view.id, first.view.id);

  const actions = events.filter((e) => e.type === 'action');
  assert.equal(actions.length, 1);
  assert.equal(actions[0].action.target.name, 'Buy now');
  within(actions[0].date, marks.click, marks.navigate, 'the click');
  assert.equal(actions[0].view.id, first.view.id, 'clicked before the navigation');

  const resources = events.filter((e) => e.type === 'resource');
  assert.equal(resources.length, 1);
  assert.ok(resources[0].resource.url.endsWith('/api/early?x=1'));
  assert.equal(resources[0].resource.status_code, 200);
  assert.equal(resources[0].view.id, route.view.id, 'fetched after the navigation');
  within(resources[0].date, marks.fetch, marks.fetched, 'the fetch');
  // Before the engine runs there is no trace to join: the request went as the app made it.
  assert.equal(resources[0]._dd?.trace_id, undefined);
  assert.equal(apiHeaders.length, 1);
  assert.equal(apiHeaders[0]['x-app'], 'mine');
  assert.equal(apiHeaders[0].traceparent, undefined);
  assert.deepEqual(pageErrors, ['thrown before the engine'], 'the app still sees its own error');
});

test('the buffer before start-up is bounded: what it drops is counted and reported once', async () => {
  const { page, warnings } = await openPage(browser, server.url + 'flood.html');
  assert.equal(await page.evaluate(() => window.ready), 'ok');
  const id = await page.evaluate(() => rum.getSessionId());
  await page.evaluate(() => rum.flush());
  const dropWarnings = () => warnings.filter((w) => w.includes('dropped: the buffer was full'));
  await until(() => dropWarnings().length === 1, 'the drop warning');
  const dropped = Number(dropWarnings()[0].match(/(\d+) events seen/)[1]);
  // The calls came first (right after init), so they took the buffer's 1,000 places in order;
  // the other 100 calls are counted with whatever the hooks saw after them.
  const early = () => sessionEvents(id).filter((e) => e.type === 'action' && e.action.target.name.startsWith('early '));
  await until(() => early().length >= 1000, '1,000 early actions');
  assert.deepEqual(
    early().map((e) => e.action.target.name),
    Array.from({ length: 1000 }, (_, i) => 'early ' + i),
  );
  assert.ok(dropped >= 100, `the 100 calls over the bound are counted, got ${dropped}`);
  await new Promise((ok) => setTimeout(ok, 300));
  assert.equal(dropWarnings().length, 1, 'reported once');
  await page.close();
});

test('an idle page wakes the SDK zero times', async () => {
  const { page } = await openPage(browser, server.url + 'idle.html');
  assert.equal(await page.evaluate(() => window.ready), 'ok');
  const id = await page.evaluate(() => rum.getSessionId());
  // Let the load's vitals come in, then send everything pending.
  await new Promise((ok) => setTimeout(ok, 500));
  await page.evaluate(() => rum.flush());
  await until(() => sessionEvents(id).length > 0, 'the flushed view');
  await new Promise((ok) => setTimeout(ok, 200));
  const before = await page.evaluate(() => window.timerCalls);
  await new Promise((ok) => setTimeout(ok, 3000));
  const after = await page.evaluate(() => window.timerCalls);
  assert.equal(after - before, 0, 'timer callbacks while idle');
  await page.close();
});

test('batchFlushTimeout is kept to within 50 ms', async () => {
  const { page } = await openPage(browser, server.url + 'flush.html');
  assert.equal(await page.evaluate(() => window.ready), 'ok');
  const id = await page.evaluate(() => rum.getSessionId());
  await until(() => server.requests.some((r) => r.url.includes('/intake/')), 'the first batch');
  await new Promise((ok) => setTimeout(ok, 600));
  const sentAt = [];
  for (let i = 0; i < 3; i++) {
    const count = server.requests.length;
    const at = await page.evaluate((n) => {
      rum.addAction('timed ' + n);
      return Date.now();
    }, i);
    await until(() => sessionEvents(id).some((e) => e.action?.target?.name === 'timed ' + i), 'the timed action');
    const request = server.requests.slice(count).find((r) => r.status === 202);
    sentAt.push(request.at - at);
    await new Promise((ok) => setTimeout(ok, 100));
  }
  for (const delay of sentAt) {
    assert.ok(delay >= 300 - 5 && delay <= 350, `sent ${delay} ms after the action (300 ms asked): ${sentAt}`);
  }
  await page.close();
});

test('a wasm served with another type than application/wasm is compiled without streaming', async () => {
  const { page, warnings, pageErrors } = await openPage(browser, server.url + 'mime.html');
  assert.equal(await page.evaluate(() => window.ready), 'ok');
  const id = await page.evaluate(() => rum.getSessionId());
  assert.match(id, /^[0-9a-f-]{36}$/);
  await page.evaluate(() => {
    rum.addAction('after a slow start');
    rum.flush();
  });
  await until(() => sessionEvents(id).some((e) => e.action?.target?.name === 'after a slow start'), 'the action');
  assert.deepEqual(
    warnings.filter((w) => w.startsWith('wasm-rum:')),
    ['wasm-rum: not served as application/wasm, compiled without streaming'],
  );
  assert.deepEqual(pageErrors, []);
  await page.close();
});
