// Datadog's own end-to-end scenarios of resource collection (DataDog/browser-sdk,
// test/e2e/scenario/rum/resources.scenario.ts), ported case by case against wasm-rum: the same
// requests, the same expectations. Where wasm-rum differs, the case says so and
// docs/moving-from-datadog.md says why. Every event is checked against the RUM schema.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initPage } from './helpers.mjs';
import { packageSuite } from './suite.mjs';

// Datadog's `withRum()`: resources tracked.
const rum = (head = '', body = '') =>
  initPage('(rum, base) => rum.init({ ...base, trackResources: true })', body).replace('<head>', '<head>' + head);

const { open, eventsOf, settle, assertValid } = packageSuite({
  pages: {
    '/plain.html': rum(),
    '/early-css.html': rum('<link rel="stylesheet" href="/empty.css" />'),
    '/early-fetch.html': rum("<script>fetch('/ok')</script>"),
    '/early-resource.html': initPage(`(rum, base) => {
      rum.startResource('https://api.example.com/early');
      return new Promise((ok) => setTimeout(ok, 50)).then(() => {
        const started = rum.init({ ...base, trackResources: true });
        rum.stopResource('https://api.example.com/early');
        return started;
      });
    }`),
  },
  // Datadog's test server: /ok answers after `duration` ms, /redirect sends there.
  handler: async (req, res, url) => {
    if (url.pathname === '/empty.css') {
      res.writeHead(200, { 'content-type': 'text/css' }).end('');
      return true;
    }
    if (url.pathname === '/redirect') {
      res.writeHead(302, { location: '/ok' + url.search }).end();
      return true;
    }
    if (url.pathname !== '/ok') return false;
    await new Promise((ok) => setTimeout(ok, Math.min(+url.searchParams.get('duration') || 0, 2000)));
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    return true;
  },
});

async function run(path, act = async () => {}) {
  const { context, page, sessionId } = await open(path);
  await act(page);
  await page.waitForTimeout(300);
  await settle(page, sessionId);
  const resources = eventsOf(sessionId, 'resource');
  const errors = eventsOf(sessionId, 'error');
  assertValid(sessionId);
  await context.close();
  return { resources, errors };
}

const xhr = (url) => (page) =>
  page.evaluate(
    (u) =>
      new Promise((ok) => {
        const x = new XMLHttpRequest();
        x.open('GET', u);
        x.onloadend = ok;
        x.send();
      }),
    url,
  );

// Datadog's expectToHaveValidTimings.
function validTimings(r) {
  assert.ok(r.date > 0);
  assert.ok(r.resource.duration > 0, String(r.resource.duration));
  if (r.resource.download) assert.ok(r.resource.download.start > 0);
}

test('track xhr timings', async () => {
  const { resources } = await run('/plain.html', xhr('/ok?duration=200'));
  const r = resources.find((e) => e.resource.url.includes('/ok'));
  assert.equal(r.resource.method, 'GET');
  assert.equal(r.resource.status_code, 200);
  validTimings(r);
});

test('track redirect xhr timings', async () => {
  const { resources } = await run('/plain.html', xhr('/redirect?duration=200'));
  const r = resources.find((e) => e.resource.url.includes('/redirect'));
  assert.equal(r.resource.method, 'GET');
  assert.equal(r.resource.status_code, 200);
  validTimings(r);
  assert.ok(r.resource.redirect?.duration > 0, JSON.stringify(r.resource));
});

test('track redirect fetch timings', async () => {
  const { resources } = await run('/plain.html', (page) => page.evaluate(() => fetch('/redirect?duration=200').then((r) => r.text())));
  const r = resources.find((e) => e.resource.url.includes('/redirect'));
  assert.equal(r.resource.status_code, 200);
  validTimings(r);
  assert.ok(r.resource.redirect?.duration > 0, JSON.stringify(r.resource));
});

test('retrieve early requests timings', async () => {
  const { resources } = await run('/early-css.html');
  const r = resources.find((e) => e.resource.url.includes('empty.css'));
  assert.ok(r, 'the style sheet loaded before init');
  validTimings(r);
});

test('collect fetch requests made before init', async () => {
  const { resources } = await run('/early-fetch.html');
  const r = resources.find((e) => e.resource.type === 'fetch');
  assert.ok(r, JSON.stringify(resources.map((e) => [e.resource.type, e.resource.url])));
  assert.ok(r.resource.url.includes('/ok'));
});

test('retrieve initial document timings', async () => {
  const { resources } = await run('/plain.html', (page) => page.waitForLoadState('load'));
  const r = resources.find((e) => e.resource.type === 'document');
  assert.ok(r.resource.url.endsWith('/plain.html'));
  validTimings(r);
});

test('track aborted XHR', async () => {
  const { resources } = await run('/plain.html', (page) =>
    page.evaluate(
      () =>
        new Promise((resolve) => {
          const x = new XMLHttpRequest();
          x.open('GET', '/ok?duration=1000');
          x.send();
          setTimeout(() => {
            x.abort();
            resolve();
          }, 100);
        }),
    ),
  );
  assert.equal(resources.find((e) => e.resource.type === 'xhr').resource.status_code, 0);
});

for (const [name, script] of [
  ['aborting an unsent XHR should be ignored', `const x = new XMLHttpRequest(); x.open('GET', '/ok'); x.abort(); x.send(); x.addEventListener('loadend', () => resolve());`],
  ['aborting an XHR when state becomes DONE and before the loadend event should be ignored', `const x = new XMLHttpRequest(); x.open('GET', '/ok'); x.onreadystatechange = () => { if (x.readyState === XMLHttpRequest.DONE) { x.abort(); resolve(); } }; x.send();`],
  ['aborting an XHR after the loadend event should be ignored', `const x = new XMLHttpRequest(); x.open('GET', '/ok'); x.addEventListener('loadend', () => setTimeout(() => { x.abort(); resolve(); })); x.send();`],
]) {
  test(name, async () => {
    const { resources } = await run('/plain.html', (page) => page.evaluate(`new Promise((resolve) => { ${script} })`));
    assert.equal(resources.find((e) => e.resource.type === 'xhr').resource.status_code, 200);
  });
}

test('track aborted fetch', async () => {
  const { resources } = await run('/plain.html', (page) =>
    page.evaluate(
      () =>
        new Promise((resolve) => {
          const controller = new AbortController();
          fetch('/ok?duration=1000', { signal: controller.signal }).catch(() => resolve());
          setTimeout(() => controller.abort(), 100);
        }),
    ),
  );
  assert.equal(resources.find((e) => e.resource.type === 'fetch').resource.status_code, 0);
});

test('track concurrent fetch to same resource', async () => {
  const { resources } = await run('/plain.html', (page) => page.evaluate(() => Promise.all([fetch('/ok'), fetch('/ok')]).then(() => {})));
  const fetches = resources.filter((e) => e.resource.type === 'fetch');
  assert.equal(fetches.length, 2);
  for (const f of fetches) assert.notEqual(f.resource.size, undefined, JSON.stringify(f.resource));
});

test('track XHRs when calling requests one after another', async () => {
  const { resources, errors } = await run('/plain.html', (page) =>
    page.evaluate(
      () =>
        new Promise((resolve) => {
          const x = new XMLHttpRequest();
          const second = () => {
            x.removeEventListener('loadend', second);
            x.addEventListener('loadend', () => resolve());
            x.open('GET', '/ok?duration=100&call=2');
            x.send();
          };
          x.addEventListener('loadend', second);
          x.open('GET', '/ok?duration=100&call=1');
          x.send();
        }),
    ),
  );
  const xhrs = resources.filter((e) => e.resource.type === 'xhr');
  assert.equal(xhrs.length, 2);
  assert.equal(errors.length, 0);
  assert.ok(xhrs[0].resource.url.includes('/ok?duration=100&call=1'));
  assert.equal(xhrs[0].resource.status_code, 200);
  assert.ok(xhrs[1].resource.url.includes('/ok?duration=100&call=2'));
  assert.equal(xhrs[1].resource.status_code, 200);
});

test('preserve timing when startResource is called before init', async () => {
  const { resources } = await run('/early-resource.html');
  const early = resources.filter((r) => r.resource.url.includes('api.example.com/early'));
  assert.equal(early.length, 1);
  assert.equal(early[0].resource.url, 'https://api.example.com/early');
  assert.ok(early[0].resource.duration >= 40 * 1e6, String(early[0].resource.duration));
});
