// Delivery against a local intake that can be told to fail: retries keep every event exactly
// once and in order, Retry-After is honoured, a 400 drops and warns, offline holds events, a
// closed tab still delivers by sendBeacon, compressed bodies decode to the same NDJSON, and
// persisted events survive a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, launchBrowser, sdkPage, serve, until } from './helpers.mjs';

const PAGE = sdkPage(`
window.actions = (prefix, n) => { for (let i = 0; i < n; i++) rum.addAction(prefix + '-' + i); };
`);

let server;
let browser;

before(async () => {
  server = await serve({ dirs: { '/pkg/': join(ROOT, 'dist/npm') }, pages: { '/': PAGE } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(config = {}, context) {
  const ctx = context ?? (await browser.newContext());
  const page = await ctx.newPage();
  const warnings = [];
  const pageErrors = [];
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.setDefaultTimeout(30_000);
  await page.goto(`${server.url}?config=${encodeURIComponent(JSON.stringify(config))}`);
  assert.equal(await page.evaluate(() => window.ready), 'ok');
  const sessionId = await page.evaluate(() => window.rum.getSessionId());
  return { ctx, page, warnings, pageErrors, sessionId };
}

const actionNames = (sessionId, prefix) =>
  server.events
    .filter((e) => e.session?.id === sessionId && e.type === 'action' && e.action.target.name.startsWith(prefix))
    .map((e) => e.action.target.name);

const requestsOf = (since) => server.requests.slice(since);

test('5xx for a while, then recovery: every event arrives exactly once and in order', async () => {
  const { ctx, page, sessionId, pageErrors } = await open({ batchMaxEvents: 10 });
  const since = server.requests.length;
  server.failures.push({ status: 503 }, { status: 500 }, { status: 502 });
  await page.evaluate(() => window.actions('seq', 45));
  await page.evaluate(() => window.rum.flush());
  const expected = Array.from({ length: 45 }, (_, i) => `seq-${i}`);
  await until(() => actionNames(sessionId, 'seq-').length >= 45, 'all 45 actions after the outage', 30_000);
  assert.deepEqual(actionNames(sessionId, 'seq-'), expected);
  const attempts = requestsOf(since);
  assert.deepEqual(attempts.slice(0, 4).map((r) => r.status), [503, 500, 502, 202]);
  const ids = attempts.slice(0, 4).map((r) => new URL(r.url, server.url).searchParams.get('dd-request-id'));
  assert.equal(new Set(ids).size, 1, 'a retry is the same request (same dd-request-id)');
  // Each retry says which it is and what the last attempt got, as Datadog's SDK does.
  const retryOf = (r) => {
    const q = new URL(r.url, server.url).searchParams;
    return [q.get('_dd.retry_count'), q.get('_dd.retry_after')];
  };
  assert.deepEqual(attempts.slice(0, 4).map(retryOf), [
    [null, null],
    ['1', '503'],
    ['2', '500'],
    ['3', '502'],
  ]);
  // Backoff: each wait at least half of 1 s, 2 s, 4 s.
  const gaps = attempts.slice(0, 4).map((r, i, all) => (i ? r.at - all[i - 1].at : 0)).slice(1);
  assert.ok(gaps[0] >= 450 && gaps[1] >= 950 && gaps[2] >= 1950, `backoff gaps ${gaps}`);
  assert.deepEqual(pageErrors, []);
  await ctx.close();
});

test('429 with Retry-After is honoured', async () => {
  const { ctx, page, sessionId } = await open();
  const since = server.requests.length;
  server.failures.push({ status: 429, headers: { 'Retry-After': '3' } });
  await page.evaluate(() => window.actions('throttled', 3));
  await page.evaluate(() => window.rum.flush());
  await until(() => actionNames(sessionId, 'throttled-').length === 3, 'the throttled actions', 20_000);
  const [refused, accepted] = requestsOf(since);
  assert.equal(refused.status, 429);
  assert.ok(accepted.at - refused.at >= 2900, `waited ${accepted.at - refused.at} ms`);
  await ctx.close();
});

test('a 400 drops the batch, is not retried, and warns once', async () => {
  const { ctx, page, sessionId, warnings } = await open();
  const since = server.requests.length;
  server.failures.push({ status: 400 });
  await page.evaluate(() => window.actions('refused', 2));
  await page.evaluate(() => window.rum.flush());
  await until(() => requestsOf(since).length >= 1, 'the refused request');
  await page.evaluate(() => window.actions('later', 1));
  await page.evaluate(() => window.rum.flush());
  await until(() => actionNames(sessionId, 'later-').length === 1, 'the next batch');
  assert.deepEqual(actionNames(sessionId, 'refused-'), []);
  assert.equal(requestsOf(since).filter((r) => r.status === 400).length, 1, 'not retried');
  assert.equal(warnings.filter((w) => w.includes('the intake refused')).length, 1, warnings.join('\n'));
  await ctx.close();
});

test('offline: events are held, then sent when the browser is back online', async () => {
  const { ctx, page, sessionId } = await open();
  await ctx.setOffline(true);
  const since = server.requests.length;
  await page.evaluate(() => window.actions('offline', 5));
  await page.evaluate(() => window.rum.flush());
  await page.waitForTimeout(1500);
  assert.equal(requestsOf(since).length, 0, 'nothing sent while offline');
  await ctx.setOffline(false);
  await until(() => actionNames(sessionId, 'offline-').length === 5, 'the held actions');
  await ctx.close();
});

test('a tab closed right after 20 actions still delivers all 20', async () => {
  const { ctx, page, sessionId } = await open({ batchFlushTimeout: 600000, batchMaxEvents: 1000 });
  await page.evaluate(() => window.actions('closing', 20));
  await page.close({ runBeforeUnload: true });
  await until(() => actionNames(sessionId, 'closing-').length === 20, 'the 20 actions sent on close');
  assert.deepEqual(actionNames(sessionId, 'closing-'), Array.from({ length: 20 }, (_, i) => `closing-${i}`));
  await ctx.close();
});

test('what leaves at page exit is compressed as during the page: 300 events in one beacon, far under their NDJSON', async () => {
  // Flushed by nothing but the page's exit: the batch waits 10 minutes and takes 1 MiB.
  const { ctx, page, sessionId } = await open({ batchFlushTimeout: 600000, batchMaxBytes: 1048576 });
  await page.evaluate(() => window.actions('exit', 300));
  await page.close({ runBeforeUnload: true });
  await until(() => actionNames(sessionId, 'exit-').length === 300, 'the 300 actions sent on close');
  assert.deepEqual(actionNames(sessionId, 'exit-'), Array.from({ length: 300 }, (_, i) => `exit-${i}`));
  const exits = server.requests.filter((r) => r.sessions.has(sessionId) && r.url.includes('_dd.api=beacon'));
  assert.equal(exits.length, 1, 'one beacon');
  const [beacon] = exits;
  assert.equal(new URL(beacon.url, server.url).searchParams.get('dd-evp-encoding'), 'deflate');
  assert.ok(beacon.plainBytes > 100 * 1024, `${beacon.plainBytes} B of NDJSON: more than two plain beacons could carry`);
  assert.ok(beacon.bytes * 8 < beacon.plainBytes, `compressed ${beacon.bytes} B vs NDJSON ${beacon.plainBytes} B`);
  await ctx.close();
});

test('compressed bodies decode to the same NDJSON as plain ones', async () => {
  const compressed = await open();
  const plain = await open({ compressIntakeRequests: false });
  await compressed.page.evaluate(() => window.actions('wire', 30));
  await compressed.page.evaluate(() => window.rum.flush());
  await plain.page.evaluate(() => window.actions('wire', 30));
  await plain.page.evaluate(() => window.rum.flush());
  await until(() => actionNames(compressed.sessionId, 'wire-').length === 30, 'compressed batch');
  await until(() => actionNames(plain.sessionId, 'wire-').length === 30, 'plain batch');
  // Each request is attributed by the sessions of its events, not by when it came.
  const of = (sessionId) => server.requests.filter((r) => r.sessions.has(sessionId));
  const compressedRequests = of(compressed.sessionId);
  const plainRequests = of(plain.sessionId);
  assert.ok(compressedRequests.length > 0 && plainRequests.length > 0);
  const encoding = (r) => new URL(r.url, server.url).searchParams.get('dd-evp-encoding');
  assert.ok(compressedRequests.every((r) => encoding(r) === 'deflate' && r.headers['content-encoding'] === undefined));
  assert.ok(plainRequests.every((r) => encoding(r) === null && r.headers['content-encoding'] === undefined));
  const total = (rs) => rs.reduce((n, r) => n + r.bytes, 0);
  assert.ok(
    total(compressedRequests) < total(plainRequests) / 3,
    `compressed ${total(compressedRequests)} B vs plain ${total(plainRequests)} B`,
  );
  const strip = (e) => ({ name: e.action.target.name, type: e.type });
  assert.deepEqual(
    server.events.filter((e) => e.session?.id === compressed.sessionId && e.type === 'action').map(strip),
    server.events.filter((e) => e.session?.id === plain.sessionId && e.type === 'action').map(strip),
  );
  await compressed.ctx.close();
  await plain.ctx.close();
});

test('with persistUnsentEvents, events the intake could not take survive a reload', async () => {
  const config = { persistUnsentEvents: true };
  const first = await open(config);
  for (let i = 0; i < 20; i++) server.failures.push({ status: 503 });
  await first.page.evaluate(() => window.actions('kept', 4));
  await first.page.evaluate(() => window.rum.flush());
  await until(() => server.requests.some((r) => r.status === 503), 'a failed attempt');
  // The page learns of the failure when the response reaches it, a moment after the server.
  await new Promise((ok) => setTimeout(ok, 300));
  await first.page.reload();
  server.failures.length = 0;
  assert.equal(await first.page.evaluate(() => window.ready), 'ok');
  await first.page.evaluate(() => window.rum.flush());
  await until(() => actionNames(first.sessionId, 'kept-').length === 4, 'the kept actions sent by the next page');
  assert.deepEqual(actionNames(first.sessionId, 'kept-'), ['kept-0', 'kept-1', 'kept-2', 'kept-3']);
  await first.ctx.close();
});

test('with persistUnsentEvents, a hidden tab keeps sending when it comes back, and nothing is sent twice', async () => {
  const config = { persistUnsentEvents: true };
  const tab = await open(config);
  server.failures.push({ status: 503 }, { status: 503 });
  await tab.page.evaluate(() => window.actions('back', 3));
  await tab.page.evaluate(() => window.rum.flush());
  await until(() => server.requests.some((r) => r.status === 503), 'a failed attempt');
  // The page learns of the failure when the response reaches it, a moment after the server.
  await new Promise((ok) => setTimeout(ok, 300));
  // Switched away (not closed): a copy waits in localStorage, the events stay queued.
  const kept = await tab.page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
    delete document.visibilityState;
    // One entry per unsent payload, separated by the ASCII record separator.
    return (localStorage.getItem('_wrum_unsent') || '').split('\x1e').filter(Boolean).length;
  });
  assert.ok(kept >= 1, 'the unsent events are kept for a next page');
  await until(() => actionNames(tab.sessionId, 'back-').length === 3, 'the actions sent by the same page', 30_000);
  // The page updates its copy when the intake's answer reaches it, a moment after the server has
  // the events: what was delivered is no longer kept, soon.
  await until(
    async () => (await tab.page.evaluate(() => localStorage.getItem('_wrum_unsent'))) === null,
    'the kept copy emptied once delivered',
    5_000,
  );
  await tab.page.reload();
  assert.equal(await tab.page.evaluate(() => window.ready), 'ok');
  await tab.page.evaluate(() => window.rum.flush());
  await new Promise((ok) => setTimeout(ok, 1000));
  assert.deepEqual(actionNames(tab.sessionId, 'back-'), ['back-0', 'back-1', 'back-2'], 'each once');
  assert.deepEqual(tab.pageErrors, []);
  await tab.ctx.close();
});

test('Retry-After as an HTTP date is honoured', async () => {
  const { ctx, page, sessionId } = await open();
  const since = server.requests.length;
  // Second precision: the retry waits at least 2 s, well past a first backoff (at most 1 s).
  server.failures.push({ status: 503, headers: { 'Retry-After': new Date(Date.now() + 3000).toUTCString() } });
  await page.evaluate(() => window.actions('dated', 2));
  await page.evaluate(() => window.rum.flush());
  await until(() => actionNames(sessionId, 'dated-').length === 2, 'the actions after the date', 20_000);
  const [refused, accepted] = requestsOf(since);
  assert.equal(refused.status, 503);
  assert.ok(accepted.at - refused.at >= 1900, `waited ${accepted.at - refused.at} ms`);
  await ctx.close();
});

test('while the intake fails, what waits is bounded at 3 MiB: the oldest are dropped, counted and warned', async () => {
  const { ctx, page, sessionId, warnings } = await open();
  server.failures.push({ status: 503 }, { status: 503 });
  await page.evaluate(() => window.actions('before', 1));
  await page.evaluate(() => window.rum.flush());
  await until(() => server.requests.some((r) => r.status === 503), 'the intake failing');
  // About 3.5 MiB of events: 1,000 actions with a 3 KiB context each.
  await page.evaluate(() => {
    const context = { blob: 'x'.repeat(3000) };
    for (let i = 0; i < 1000; i++) window.rum.addAction('bulk-' + i, context);
    window.rum.flush();
  });
  const dropped = await until(
    () => warnings.map((w) => w.match(/wasm-rum: (\d+) events were dropped/)).find(Boolean),
    'the drop warning',
    30_000,
  );
  await page.evaluate(() => window.rum.flush());
  await new Promise((ok) => setTimeout(ok, 3000));
  const arrived = actionNames(sessionId, 'bulk-');
  assert.ok(arrived.length < 1000 && arrived.length > 700, `${arrived.length} arrived`);
  // Nothing is lost uncounted (the count also covers the view updates dropped with them).
  assert.ok(arrived.length + Number(dropped[1]) >= 1000, `${arrived.length} arrived, ${dropped[1]} dropped`);
  assert.equal(new Set(arrived).size, arrived.length, 'each once');
  // The newest are kept, in order.
  assert.equal(arrived.at(-1), 'bulk-999');
  await ctx.close();
});
