// Every option and API call a user relies on, proven by its effect in a real page against a
// local intake: views (manual, hash), click naming and tracking, resources, tracing sampling,
// batching by size, the context APIs, web vitals, and the transport's limits and fallbacks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, launchBrowser, serve, until, initPage, sessionTools } from './helpers.mjs';



const BUTTONS = `<button id="buy" data-track="Buy now">🛒</button>
<button id="slow">Slow</button>
<script>
document.getElementById('slow').addEventListener('click', () => {
  const end = performance.now() + 150;
  while (performance.now() < end) {}
});
</script>`;

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

const PAGES = {
  '/manual.html': initPage('(rum, base) => rum.init({ ...base, trackViewsManually: true })'),
  '/default.html': initPage('(rum, base) => rum.init(base)', BUTTONS),
  '/hash.html': initPage('(rum, base) => rum.init({ ...base, trackHashChanges: false })'),
  '/attribute.html': initPage("(rum, base) => rum.init({ ...base, actionNameAttribute: 'data-track' })", BUTTONS),
  '/no-clicks.html': initPage('(rum, base) => rum.init({ ...base, trackUserInteractions: false })', BUTTONS),
  '/resources.html': initPage('(rum, base) => rum.init({ ...base, trackResources: true })'),
  '/traced.html': initPage(`(rum, base) => rum.init({ ...base, traceSampleRate: 0,
    allowedTracingUrls: [location.origin + '/api/'],
    traceContextInjection: new URLSearchParams(location.search).get('injection') ?? undefined })`),
  '/small-batches.html': initPage(
    '(rum, base) => rum.init({ ...base, batchMaxBytes: 2048, compressIntakeRequests: false })',
  ),
  '/vitals.html': initPage(
    '(rum, base) => rum.init(base)',
    `<h1 style="font-size:64px">The largest text of the page</h1><p id="top">top</p>${BUTTONS}`,
  ),
  '/no-beacon.html': initPage(`(rum, base) => {
    navigator.sendBeacon = () => false;
    return rum.init({ ...base, batchFlushTimeout: 600000 });
  }`),
};

let server;
let browser;

before(async () => {
  server = await serve({
    dirs: { '/pkg/': join(ROOT, 'dist/npm') },
    pages: PAGES,
    handler: (req, res, url) => {
      if (url.pathname === '/api/echo') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(req.headers));
        return true;
      }
      if (url.pathname === '/pixel.png') {
        res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
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

const { open, eventsOf, settle, latestViews: views } = sessionTools(() => ({ server, browser }));

test('trackViewsManually: only startView makes views, and what came before waits for the first', async () => {
  const { context, page, sessionId } = await open('/manual.html');
  await page.evaluate(() => {
    window.rum.addAction('early');
    history.pushState({}, '', '/ignored-route');
    window.rum.startView('Checkout');
  });
  await settle(page, sessionId);
  const all = views(sessionId);
  assert.equal(all.length, 1, 'the route change made no view');
  assert.equal(all[0].view.name, 'Checkout');
  assert.equal(all[0].view.loading_type, 'initial_load');
  const early = eventsOf(sessionId, 'action').find((e) => e.action.target.name === 'early');
  assert.equal(early.view.id, all[0].view.id);
  await page.evaluate(() => window.rum.startView('Payment'));
  await settle(page, sessionId, 'marker 2');
  assert.deepEqual(views(sessionId).map((v) => [v.view.name, v.view.loading_type]), [
    ['Checkout', 'initial_load'],
    ['Payment', 'route_change'],
  ]);
  await context.close();
});

test('a new hash route is a new view, as in Datadog\'s SDK; an anchor is not; trackHashChanges: false turns it off', async () => {
  for (const [path, expected] of [
    ['/default.html', 2],
    ['/hash.html', 1],
  ]) {
    const { context, page, sessionId } = await open(path);
    await page.evaluate(() => {
      const anchor = document.createElement('h2');
      anchor.id = 'faq';
      document.body.append(anchor);
      location.hash = '#faq';
    });
    await page.waitForFunction(() => location.hash === '#faq');
    await page.evaluate(() => {
      location.hash = '#/settings';
    });
    await page.waitForFunction(() => location.hash === '#/settings');
    await new Promise((ok) => setTimeout(ok, 100));
    await settle(page, sessionId);
    assert.equal(views(sessionId).length, expected, path);
    await context.close();
  }
});

test('actionNameAttribute names clicks; trackUserInteractions: false sends none', async () => {
  const named = await open('/attribute.html');
  await named.page.click('#buy');
  await settle(named.page, named.sessionId);
  const clicks = eventsOf(named.sessionId, 'action').filter((e) => e.action.type === 'click');
  assert.deepEqual(clicks.map((e) => e.action.target.name), ['Buy now']);
  await named.context.close();

  const off = await open('/no-clicks.html');
  await off.page.click('#buy');
  await off.page.click('#slow');
  await settle(off.page, off.sessionId);
  const actions = eventsOf(off.sessionId, 'action');
  assert.deepEqual(actions.map((e) => e.action.type), ['custom'], 'the custom action only');
  await off.context.close();
});

test('trackResources: images and scripts become resources with the option; fetch always does', async () => {
  for (const [path, withImage] of [
    ['/default.html', false],
    ['/resources.html', true],
  ]) {
    const { context, page, sessionId } = await open(path);
    await page.evaluate(async () => {
      const img = new Image();
      img.src = '/pixel.png?' + Math.random();
      await img.decode();
      await fetch('/api/echo');
    });
    await new Promise((ok) => setTimeout(ok, 300));
    await settle(page, sessionId);
    const kinds = eventsOf(sessionId, 'resource').map((e) => e.resource.type);
    assert.equal(kinds.filter((k) => k === 'fetch').length, 1, `${path}: ${kinds}`);
    assert.equal(kinds.filter((k) => k === 'image').length, withImage ? 1 : 0, `${path}: ${kinds}`);
    await context.close();
  }
});

test('traceSampleRate 0: no trace headers by default ("sampled"); with "all", headers that say not sampled', async () => {
  for (const [query, expectHeaders] of [
    ['', false],
    ['?injection=all', true],
  ]) {
    const { context, page, sessionId } = await open('/traced.html' + query);
    const headers = await page.evaluate(async () => (await fetch('/api/echo')).json());
    if (expectHeaders) {
      assert.match(headers.traceparent, /^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
      assert.equal(headers['x-datadog-sampling-priority'], '0');
    } else {
      assert.equal(headers.traceparent, undefined);
      assert.equal(headers['x-datadog-trace-id'], undefined);
    }
    await settle(page, sessionId);
    const [resource] = eventsOf(sessionId, 'resource');
    assert.equal(resource._dd.trace_id, undefined, 'an unsampled trace leaves no trace id');
    await context.close();
  }
});

test('batchMaxBytes: a batch goes as soon as it holds that many bytes, long before its timeout', async () => {
  const { context, page, sessionId } = await open('/small-batches.html');
  const started = Date.now();
  await page.evaluate(() => {
    for (let i = 0; i < 30; i++) window.rum.addAction('sized action number ' + i + ' ' + 'x'.repeat(100));
  });
  // No flush: the default batchFlushTimeout is 30 s, so only the size sends it this soon.
  await until(() => server.requests.some((r) => r.sessions.has(sessionId)), 'a batch sent by its size', 5_000);
  assert.ok(Date.now() - started < 5_000);
  const [first] = server.requests.filter((r) => r.sessions.has(sessionId));
  assert.ok(first.bytes < 4096, `the first request holds ${first.bytes} bytes`);
  await settle(page, sessionId);
  const names = eventsOf(sessionId, 'action').map((e) => e.action.target.name);
  assert.equal(names.length, 31);
  assert.equal(new Set(names).size, 31, 'each once');
  await context.close();
});

test('user and global context: setUser/clearUser, setGlobalContext, removeGlobalContextProperty, clearGlobalContext', async () => {
  const { context, page, sessionId } = await open('/default.html');
  await page.evaluate(() => {
    const { rum } = window;
    rum.setUser({ id: 'u1', name: 'Ada' });
    rum.setGlobalContext({ company_id: 'c1', plan: 'pro' });
    rum.addAction('a1');
    rum.removeGlobalContextProperty('plan');
    rum.setGlobalContextProperty('customer_id', 'k9');
    rum.addAction('a2');
    rum.clearUser();
    rum.clearGlobalContext();
    rum.addAction('a3');
  });
  await settle(page, sessionId);
  const byName = Object.fromEntries(eventsOf(sessionId, 'action').map((e) => [e.action.target.name, e]));
  assert.deepEqual(byName.a1.usr, { id: 'u1', name: 'Ada' });
  assert.deepEqual(byName.a1.context, { company_id: 'c1', plan: 'pro' });
  assert.deepEqual(byName.a2.context, { company_id: 'c1', customer_id: 'k9' });
  assert.equal(byName.a3.usr, undefined);
  assert.equal(byName.a3.context, undefined);
  await context.close();
});

test('LCP, CLS, INP and long tasks reach the view', async () => {
  const { context, page, sessionId } = await open('/vitals.html');
  // A shift of visible content, away from any input.
  await page.evaluate(async () => {
    const block = document.createElement('div');
    block.style.height = '200px';
    document.body.insertBefore(block, document.getElementById('top'));
    await new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
  });
  await new Promise((ok) => setTimeout(ok, 600));
  // A real click (CDP input) on a button whose handler blocks for 150 ms: an interaction and a
  // long task.
  await page.click('#slow');
  await new Promise((ok) => setTimeout(ok, 500));
  await settle(page, sessionId);
  const [view] = views(sessionId);
  assert.ok(view.view.largest_contentful_paint > 0, 'LCP');
  assert.ok(view.view.cumulative_layout_shift > 0, 'CLS');
  assert.ok(view.view.interaction_to_next_paint >= 150e6, `INP ${view.view.interaction_to_next_paint}`);
  assert.ok(view.view.long_task.count >= 1, 'a long task');
  await context.close();
});

test('an event over 256 KiB is dropped alone and warned once', async () => {
  const { context, page, sessionId, warnings } = await open('/default.html');
  await page.evaluate(async () => {
    await fetch('/api/echo?long=' + 'a'.repeat(300 * 1024)).catch(() => {});
  });
  await settle(page, sessionId);
  const urls = eventsOf(sessionId, 'resource').map((e) => e.resource.url);
  assert.deepEqual(urls, [], 'the huge resource event is not sent');
  assert.equal(warnings.filter((w) => w.includes('an event larger than 256 KiB was dropped')).length, 1);
  await context.close();
});

test('a refused sendBeacon falls back to a keepalive fetch on exit', async () => {
  const { context, page, sessionId } = await open('/no-beacon.html');
  await page.evaluate(() => {
    for (let i = 0; i < 5; i++) window.rum.addAction('exit-' + i);
  });
  await page.close({ runBeforeUnload: true });
  await until(
    () => eventsOf(sessionId, 'action').filter((e) => e.action.target.name.startsWith('exit-')).length === 5,
    'the 5 actions sent on exit',
  );
  const exits = server.requests.filter((r) => r.sessions.has(sessionId) && r.url.includes('_dd.api=beacon'));
  assert.ok(exits.length >= 1, 'sent by the exit path');
  await context.close();
});
