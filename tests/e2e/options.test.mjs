// Options and API behaviour a user relies on, each proven in a real page against a local
// intake: what `init` accepts and refuses, `beforeSend`'s reach, and the event rate limit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, UUID_V4, launchBrowser, serve, until, initPage, openIn } from './helpers.mjs';
import { schemaErrors } from './schema.mjs';



const PAGES = {
  '/edit-all.html': initPage(`(rum, base) => rum.init({ ...base, service: 'shop', version: '1.0',
    beforeSend: (event) => {
      event.view.name = 'Edited view';
      event.view.url = 'https://app.example/redacted';
      event.view.referrer = 'https://ref.example/redacted';
      event.service = 'edited-service';
      event.version = '2.0';
      if (event.action) event.action.target.name = event.action.target.name.toUpperCase();
      if (event.error) {
        event.error.message = 'edited message';
        event.error.stack = 'edited stack';
      }
      event.date = 0; // not editable
    } })`),
  '/proxy-url.html': initPage(`(rum, base) => rum.init({ ...base, intakeUrl: undefined, clientToken: 'tok',
    proxy: location.origin + '/intake/proxy' })`),
  '/proxy-fn.html': initPage(`(rum, base) => rum.init({ ...base, intakeUrl: undefined, clientToken: 'tok',
    proxy: ({ path, parameters }) => location.origin + '/intake/fn' + path + '?' + parameters })`),
  '/proxy-and-intake.html': initPage(`(rum, base) => rum.init({ ...base, clientToken: 'tok',
    proxy: location.origin + '/intake/proxy' })`),
  // The intake on another origin, from the query (?intake=…&plain).
  '/cross-origin.html': initPage(`(rum, base) => rum.init({ ...base, clientToken: 'pub-token',
    intakeUrl: new URLSearchParams(location.search).get('intake'),
    compressIntakeRequests: !location.search.includes('plain') })`),
  '/wasm-url-undefined.html': initPage('(rum, base) => rum.init({ ...base, wasmUrl: undefined })'),
  '/wasm-url-null.html': initPage('(rum, base) => rum.init({ ...base, wasmUrl: null })'),
  '/no-config.html': initPage('(rum) => rum.init()'),
  '/null-config.html': initPage('(rum) => rum.init(null)'),
  '/drop-all.html': initPage('(rum, base) => rum.init({ ...base, beforeSend: () => false })'),
  '/redact.html': initPage(`(rum, base) => rum.init({ ...base,
    allowedTracingUrls: [location.origin + '/api/'],
    beforeSend: (event) => {
      const redact = (url) => url.replace(/token=[^&]*/, 'token=REDACTED');
      if (event.resource) event.resource.url = redact(event.resource.url);
      if (event.error?.resource) event.error.resource.url = redact(event.error.resource.url);
      if (event.error) event.error.message = redact(event.error.message);
      if (event.error) event.error.fingerprint = 'api-failure';
      event.type = 'not editable';
    } })`),
};

let server;
let browser;

before(async () => {
  server = await serve({
    dirs: { '/pkg/': join(ROOT, 'dist/npm') },
    pages: PAGES,
    handler: (req, res, url) => {
      if (url.pathname !== '/api/fail') return false;
      res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"down"}');
      return true;
    },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const open = (path) => openIn(browser, server.url + path.slice(1));

const eventsOf = (sessionId) => server.events.filter((e) => e.session?.id === sessionId);

test('wasmUrl: undefined and wasmUrl: null mean the default location', async () => {
  for (const path of ['/wasm-url-undefined.html', '/wasm-url-null.html']) {
    const { context, page, ready } = await open(path);
    assert.equal(ready, 'ok', path);
    const sessionId = await page.evaluate(() => window.rum.getSessionId());
    await page.evaluate(() => window.rum.flush());
    await until(() => eventsOf(sessionId).some((e) => e.type === 'view'), `the view of ${path}`);
    await context.close();
  }
});

test('init without a configuration names what it was given', async () => {
  for (const [path, given] of [
    ['/no-config.html', 'undefined'],
    ['/null-config.html', 'null'],
  ]) {
    const { context, ready } = await open(path);
    assert.equal(ready, `init failed: wasm-rum: init expects a configuration object, got ${given}`);
    await context.close();
  }
});

test('beforeSend returning false drops actions and errors but never the view', async () => {
  const { context, page, ready, warnings } = await open('/drop-all.html');
  assert.equal(ready, 'ok');
  const sessionId = await page.evaluate(() => {
    window.rum.addAction('dropped');
    window.rum.addError(new Error('dropped'));
    window.rum.flush();
    return window.rum.getSessionId();
  });
  const events = await until(() => {
    const all = eventsOf(sessionId);
    return all.some((e) => e.type === 'view') ? all : null;
  }, 'the view');
  assert.deepEqual([...new Set(events.map((e) => e.type))], ['view']);
  const warned = warnings.filter((w) => w.includes('beforeSend cannot drop view events'));
  assert.equal(warned.length, 1, warnings.join('\n'));
  await context.close();
});

test('beforeSend can redact resource.url and error.resource.url; other fields stay', async () => {
  const { context, page, ready, pageErrors } = await open('/redact.html');
  assert.equal(ready, 'ok');
  const sessionId = await page.evaluate(async () => {
    const response = await fetch('/api/fail?token=s3cr3t&x=1');
    window.rum.flush();
    return [response.status, window.rum.getSessionId()];
  });
  assert.equal(sessionId[0], 500, 'the app sees its response unchanged');
  const events = await until(() => {
    const all = eventsOf(sessionId[1]);
    return all.some((e) => e.type === 'error') && all.some((e) => e.type === 'resource') ? all : null;
  }, 'the resource and its network error');
  const resources = events.filter((e) => e.type === 'resource');
  const errors = events.filter((e) => e.type === 'error');
  assert.equal(resources.length, 1);
  assert.equal(errors.length, 1);
  assert.equal(resources[0].resource.url, server.url + 'api/fail?token=REDACTED&x=1');
  assert.equal(errors[0].error.resource.url, server.url + 'api/fail?token=REDACTED&x=1');
  assert.equal(errors[0].error.fingerprint, 'api-failure');
  assert.equal(errors[0].error.resource.status_code, 500);
  assert.ok(!JSON.stringify(events).includes('s3cr3t'), 'the token is gone from every event');
  for (const e of [...resources, ...errors]) assert.equal(schemaErrors(e), null);
  assert.deepEqual(pageErrors, []);
  await context.close();
});

test('an addError loop is rate limited to 3,000 errors a minute', async () => {
  const { context, page, ready } = await open('/wasm-url-undefined.html');
  assert.equal(ready, 'ok');
  const sessionId = await page.evaluate(() => {
    for (let i = 0; i < 3100; i++) window.rum.addError(new Error('loop ' + i));
    window.rum.flush();
    return window.rum.getSessionId();
  });
  const count = () => eventsOf(sessionId).filter((e) => e.type === 'error').length;
  await until(() => count() >= 3000, '3,000 errors', 30_000);
  // Anything past the limit would have been sent in the same flush.
  await page.evaluate(() => window.rum.flush());
  await new Promise((ok) => setTimeout(ok, 500));
  assert.equal(count(), 3000);
  const views = eventsOf(sessionId).filter((e) => e.type === 'view');
  assert.equal(views.at(-1).view.error.count, 3000, 'dropped errors are not counted on the view');
  await context.close();
});

test('a cross-origin intake gets no preflight, compressed or not, and the query Datadog sends', async () => {
  const intake = await serve();
  try {
    for (const plain of [false, true]) {
      const path = `/cross-origin.html?intake=${encodeURIComponent(intake.url + 'intake/api/v2/rum')}${plain ? '&plain' : ''}`;
      const before = Date.now();
      const { context, page, ready } = await open(path);
      assert.equal(ready, 'ok');
      const sessionId = await page.evaluate(() => {
        window.rum.addAction('cross-origin');
        window.rum.flush();
        return window.rum.getSessionId();
      });
      await until(() => intake.events.some((e) => e.session?.id === sessionId && e.type === 'action'), 'the action');
      const requests = intake.requests.filter((r) => r.sessions.has(sessionId));
      assert.ok(requests.length >= 1);
      for (const r of requests) {
        const q = new URL(r.url, intake.url).searchParams;
        assert.equal(q.get('ddsource'), 'browser');
        assert.match(q.get('ddtags'), /^sdk_version:/);
        assert.equal(q.get('dd-api-key'), 'pub-token');
        assert.equal(q.get('dd-evp-origin'), 'browser');
        assert.equal(q.get('dd-evp-origin-version'), '0.1.0');
        assert.match(q.get('dd-request-id'), UUID_V4);
        const batchTime = Number(q.get('batch_time'));
        assert.ok(batchTime >= before && batchTime <= Date.now(), `batch_time ${batchTime}`);
        assert.equal(q.get('_dd.api'), 'fetch');
        assert.equal(q.get('_dd.retry_count'), null, 'a first attempt is no retry');
        assert.equal(q.get('dd-evp-encoding'), plain ? null : 'deflate');
        assert.equal(r.headers['content-encoding'], undefined);
      }
      await context.close();
    }
    assert.deepEqual(intake.preflights, [], 'no OPTIONS request reached the intake');
  } finally {
    await intake.close();
  }
});

test('proxy, as a URL or a function, receives every intake request as Datadog sends it', async () => {
  for (const [path, prefix] of [
    ['/proxy-url.html', '/intake/proxy?ddforward=%2Fapi%2Fv2%2Frum%3Fddsource%3Dbrowser%26'],
    ['/proxy-fn.html', '/intake/fn/api/v2/rum?ddsource=browser&'],
  ]) {
    const { context, page, ready } = await open(path);
    assert.equal(ready, 'ok', path);
    const sessionId = await page.evaluate(() => {
      window.rum.addAction('through the proxy');
      window.rum.flush();
      return window.rum.getSessionId();
    });
    await until(() => eventsOf(sessionId).some((e) => e.type === 'action'), `the action via ${path}`);
    const requests = server.requests.filter((r) => r.sessions.has(sessionId));
    assert.ok(requests.length >= 1);
    for (const r of requests) assert.ok(r.url.startsWith(prefix), `${path}: ${r.url}`);
    await context.close();
  }
  const { context, ready } = await open('/proxy-and-intake.html');
  assert.match(ready, /^init failed: wasm-rum: proxy and intakeUrl cannot be used together/);
  await context.close();
});

test('beforeSend edits every editable field on every event type, and nothing else', async () => {
  const { context, page, ready } = await open('/edit-all.html');
  assert.equal(ready, 'ok');
  const sessionId = await page.evaluate(() => {
    window.rum.addAction('quiet action');
    window.rum.addError(new Error('secret message'));
    window.rum.flush();
    return window.rum.getSessionId();
  });
  const events = await until(() => {
    const all = eventsOf(sessionId);
    return ['view', 'action', 'error'].every((t) => all.some((e) => e.type === t)) ? all : null;
  }, 'a view, an action and an error');
  for (const e of events) {
    assert.equal(e.view.name, 'Edited view', e.type);
    assert.equal(e.view.url, 'https://app.example/redacted', e.type);
    assert.equal(e.view.referrer, 'https://ref.example/redacted', e.type);
    assert.equal(e.service, 'edited-service', e.type);
    assert.equal(e.version, '2.0', e.type);
    assert.ok(e.date > 0, 'date is not editable');
  }
  assert.equal(events.find((e) => e.type === 'action').action.target.name, 'QUIET ACTION');
  const error = events.find((e) => e.type === 'error');
  assert.equal(error.error.message, 'edited message');
  assert.equal(error.error.stack, 'edited stack');
  assert.ok(!JSON.stringify(events).includes('secret message'));
  await context.close();
});
