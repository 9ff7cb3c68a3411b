// The event model in a real page: a session with views, named clicks, custom actions with
// company/customer context, errors and rejections, delivered to a local intake and checked
// against Datadog's RUM event schema. Also: tabs sharing a session, bad input never reaching
// the app, and a panic inside the SDK leaving the page working.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, UUID_V4, launchBrowser, openPage, serve, until } from './helpers.mjs';
import { schemaErrors } from './schema.mjs';

const PAGE = (config, head = '') => `<!doctype html><html><head><meta charset="utf-8">${head}
<script type="importmap">{"imports":{"wasm-rum":"/pkg/index.js"}}</script></head><body>
<button id="save" data-rum-action-name="Save settings">💾</button>
<button id="buy"> Buy
   now </button>
<a href="#" id="help" aria-label="Open help">?</a>
<input type="password" id="pw" value="hunter2">
<div id="box" style="width:50px;height:50px"></div>
<script type="module">
import * as rum from 'wasm-rum';
window.rum = rum;
window.ready = rum.init({
  applicationId: '2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96',
  intakeUrl: location.origin + '/intake/api/v2/rum',
  service: 'e2e', env: 'test', version: '1.0.0',
  ${config}
}).then(() => 'ok', (e) => 'init failed: ' + e.message);
</script></body></html>`;

const STANDARD = `trackConsoleErrors: true,
  beforeSend: (event) => {
    if (event.type === 'action' && event.action.target.name === 'secret') return false;
    if (event.type === 'error') event.error.message = event.error.message.replace(/password=\\S+/, 'password=[redacted]');
    if (event.context && event.context.drop_me) delete event.context.drop_me;
  },`;

let server;
let browser;

before(async () => {
  server = await serve({
    dirs: { '/pkg/': join(ROOT, 'dist/npm') },
    pages: {
      '/app.html': PAGE(STANDARD),
      '/throwing-hook.html': PAGE(`beforeSend: () => { throw new Error('hook bug'); },`),
      '/subdomains.html': PAGE('trackSessionAcrossSubdomains: true,'),
      // A browser that refuses storage to the site (as some privacy settings do).
      '/no-storage.html': PAGE(
        '',
        `<script>Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } });</script>`,
      ),
      // A browser with cookies turned off for the site: writes are ignored.
      '/no-cookies.html': PAGE(
        '',
        `<script>Object.defineProperty(Document.prototype, 'cookie', { get: () => '', set: () => {} });</script>`,
      ),
    },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(context, path) {
  const page = await context.newPage();
  const pageErrors = [];
  const warnings = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'warning') warnings.push(m.text());
  });
  page.setDefaultTimeout(20_000);
  await page.goto(server.url + path.replace(/^\//, ''));
  assert.equal(await page.evaluate(() => window.ready), 'ok');
  return { page, pageErrors, warnings };
}

function eventsOf(sessionId) {
  return server.events.filter((e) => e.session?.id === sessionId);
}

/** The latest version of each view, by id. */
function latestViews(events) {
  const views = new Map();
  for (const e of events.filter((e) => e.type === 'view')) {
    const seen = views.get(e.view.id);
    if (!seen || seen._dd.document_version < e._dd.document_version) views.set(e.view.id, e);
  }
  return views;
}

test('a session yields schema-valid views, actions and errors with the app context', async () => {
  const context = await browser.newContext();
  const { page, pageErrors } = await open(context, '/app.html');
  const sessionId = await page.evaluate(() => window.rum.getSessionId());
  assert.match(sessionId, UUID_V4);

  await page.evaluate(() => {
    window.rum.setUser({ id: 'u-1', name: 'Ada', email: 'ada@example.com' });
    window.rum.setGlobalContextProperty('company_id', 'acme');
    window.rum.setGlobalContextProperty('customer_id', 'cust-42');
  });
  await page.click('#save');
  await page.click('#buy');
  await page.click('#pw');
  await page.keyboard.type('typed-secret');
  await page.evaluate(() => history.pushState({}, '', '/admin/users'));
  await page.evaluate(() => {
    window.rum.addAction('export_report', { rows: 12, drop_me: true });
    window.rum.addAction('secret');
    window.rum.addError(new RangeError('quota exceeded'), { attempt: 2 });
    setTimeout(() => {
      throw new TypeError('boom password=abc');
    });
    Promise.reject(new Error('rejected for a reason'));
    console.error('console says', new Error('logged'));
  });
  // Three quick clicks on one target: a rage click.
  for (let i = 0; i < 3; i++) await page.click('#help');
  await page.waitForTimeout(300);
  await page.evaluate(() => window.rum.flush());

  const events = await until(() => {
    const all = eventsOf(sessionId);
    return all.some((e) => e.type === 'action' && e.action.target.name === 'Open help') &&
      all.filter((e) => e.type === 'error').length >= 4
      ? all
      : null;
  }, 'the events of the session at the intake');

  for (const e of events) assert.equal(schemaErrors(e), null, `${e.type} event: ${JSON.stringify(e)}`);

  const views = [...latestViews(events).values()];
  const home = views.find((v) => v.view.url.endsWith('/app.html'));
  const admin = views.find((v) => v.view.url.endsWith('/admin/users'));
  assert.ok(home && admin, 'an initial view and a route-change view');
  assert.equal(home.view.loading_type, 'initial_load');
  assert.equal(admin.view.loading_type, 'route_change');
  assert.equal(admin.view.referrer, home.view.url);
  assert.equal(home.view.is_active, false, 'the first view ended at the route change');
  assert.ok(home.view.first_contentful_paint > 0, 'FCP measured on the first view');
  assert.ok(home.view.first_byte >= 0 && home.view.loading_time > 0, 'TTFB and loading time');
  assert.ok(home.view.time_spent > 0);
  assert.equal(home.view.action.count, 3, 'the home view counted its three clicks');

  const actions = events.filter((e) => e.type === 'action');
  const named = (name) => actions.find((a) => a.action.target.name === name);
  // Exactly these, once each: three clicks on the first view (the password field is named by
  // its tag, never its value), the custom action and the rage click on the second.
  assert.deepEqual(
    actions.map((a) => [a.action.target.name, a.view.id === home.view.id ? 'home' : 'admin']),
    [
      ['Save settings', 'home'],
      ['Buy now', 'home'],
      ['input', 'home'],
      ['export_report', 'admin'],
      ['Open help', 'admin'],
    ],
  );
  for (const name of ['Save settings', 'Buy now', 'export_report', 'Open help']) {
    assert.ok(named(name), `an action named ${name}; got ${actions.map((a) => a.action.target.name)}`);
  }
  assert.equal(named('secret'), undefined, 'beforeSend dropped it');
  assert.ok(!JSON.stringify(events).includes('hunter2'), 'input values never appear');
  assert.ok(!JSON.stringify(events).includes('typed-secret'), 'typed text never appears');
  assert.equal(named('Save settings').view.id, home.view.id);
  assert.equal(named('Buy now').view.id, home.view.id);
  assert.equal(named('export_report').view.id, admin.view.id);
  assert.equal(named('export_report').action.type, 'custom');
  assert.equal(named('export_report').context.rows, 12);
  assert.equal(named('export_report').context.drop_me, undefined, 'beforeSend edited the context');
  assert.deepEqual(named('Open help').action.frustration.type, ['rage_click']);

  const errors = events.filter((e) => e.type === 'error');
  assert.equal(errors.length, 4, 'each error once');
  assert.equal(admin.view.error.count, 4);
  const error = (text) => errors.find((e) => e.error.message.includes(text));
  assert.equal(error('boom').error.message, 'boom password=[redacted]');
  assert.equal(error('boom').error.type, 'TypeError');
  assert.equal(error('boom').error.source, 'source');
  assert.match(error('boom').error.stack, /TypeError: boom/);
  assert.equal(error('rejected for a reason').error.handling, 'unhandled');
  assert.equal(error('quota exceeded').error.source, 'custom');
  assert.equal(error('quota exceeded').error.type, 'RangeError');
  assert.equal(error('quota exceeded').context.attempt, 2);
  assert.equal(error('logged').error.source, 'console');
  for (const e of errors) assert.equal(e.view.id, admin.view.id);

  for (const e of [...actions, ...errors]) {
    assert.equal(e.session.id, sessionId);
    assert.equal(e.usr.id, 'u-1');
    assert.equal(e.usr.email, 'ada@example.com');
    assert.equal(e.context.company_id, 'acme');
    assert.equal(e.context.customer_id, 'cust-42');
    assert.equal(e.application.id, '2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96');
    assert.equal(e.service, 'e2e');
  }
  const scripts = server.events.filter((e) => e.session?.id === sessionId && e.type === 'resource' && e.resource.type === 'js');
  assert.ok(scripts.some((e) => e.resource.url.endsWith('/pkg/index.js')), 'scripts the page loaded are resources');
  assert.ok(home.view.resource.count >= 1, 'counted in the view');
  const intakeRequest = server.requests.at(-1);
  assert.match(intakeRequest.url, /ddsource=browser/);
  assert.match(intakeRequest.url, /ddtags=sdk_version%3A[^&]*%2Cservice%3Ae2e%2Cenv%3Atest/);
  assert.match(intakeRequest.url, /dd-request-id=[0-9a-f-]{36}/);
  // Only the thrown error and the rejection are the page's own; the SDK added none.
  assert.deepEqual(pageErrors.sort(), ['boom password=abc', 'rejected for a reason']);
  await context.close();
});

test('closing the page sends the pending clicks and the final view', async () => {
  const context = await browser.newContext();
  const { page } = await open(context, '/app.html');
  const sessionId = await page.evaluate(() => window.rum.getSessionId());
  await page.click('#save');
  await page.close({ runBeforeUnload: true });
  const events = await until(() => {
    const all = eventsOf(sessionId);
    return all.some((e) => e.type === 'action') ? all : null;
  }, 'the click sent on page exit');
  assert.equal(events.find((e) => e.type === 'action').action.target.name, 'Save settings');
  await context.close();
});

test('tabs of one site share one session, stored in localStorage with no cookie', async () => {
  const context = await browser.newContext();
  const [a, b] = await Promise.all([open(context, '/app.html'), open(context, '/app.html')]);
  const [idA, idB] = await Promise.all([
    a.page.evaluate(() => window.rum.getSessionId()),
    b.page.evaluate(() => window.rum.getSessionId()),
  ]);
  assert.match(idA, UUID_V4);
  assert.equal(idB, idA);
  // No cookie: it would ride along on every request the page makes to its origin.
  assert.deepEqual(await context.cookies(), []);
  const stored = await a.page.evaluate(() => localStorage.getItem('_wrum_s'));
  assert.match(stored, new RegExp(`^id=${idA}&created=\\d+&expire=\\d+&rum=1$`));

  // One tab ends the session; the other follows to the same new one.
  await a.page.evaluate(() => window.rum.stopSession());
  await a.page.evaluate(() => window.rum.addAction('after stop'));
  const renewed = await a.page.evaluate(() => window.rum.getSessionId());
  assert.notEqual(renewed, idA);
  await b.page.waitForTimeout(1100);
  await b.page.evaluate(() => window.rum.addAction('in the other tab'));
  assert.equal(await b.page.evaluate(() => window.rum.getSessionId()), renewed);
  await context.close();
});

test('across subdomains, or without storage, the session is a SameSite cookie', async () => {
  for (const path of ['/subdomains.html', '/no-storage.html']) {
    const context = await browser.newContext();
    const { page, pageErrors } = await open(context, path);
    const id = await page.evaluate(() => window.rum.getSessionId());
    assert.match(id, UUID_V4);
    const cookie = (await context.cookies()).find((c) => c.name === '_wrum_s');
    assert.ok(cookie, `${path}: session cookie set`);
    assert.equal(cookie.sameSite, 'Strict');
    assert.equal(cookie.secure, false, 'plain http: not Secure');
    // 127.0.0.1 has no registrable domain: the cookie is host-only.
    assert.equal(cookie.domain, '127.0.0.1');
    assert.match(cookie.value, new RegExp(`^id=${id}&created=\\d+&expire=\\d+&rum=1$`));
    const other = await open(context, path);
    assert.equal(await other.page.evaluate(() => window.rum.getSessionId()), id, 'a second tab joins it');
    assert.deepEqual(pageErrors, []);
    await context.close();
  }
});

test('without cookies the session lives in localStorage', async () => {
  const context = await browser.newContext();
  const { page, pageErrors } = await open(context, '/no-cookies.html');
  const id = await page.evaluate(() => window.rum.getSessionId());
  assert.match(id, UUID_V4);
  const stored = await page.evaluate(() => localStorage.getItem('_wrum_s'));
  assert.match(stored, new RegExp(`^id=${id}&created=\\d+&expire=\\d+&rum=1$`));
  assert.equal((await context.cookies()).length, 0);
  // A second tab finds it there too.
  const other = await open(context, '/no-cookies.html');
  assert.equal(await other.page.evaluate(() => window.rum.getSessionId()), id);
  assert.deepEqual(pageErrors, []);
  await context.close();
});

test('bad context values and a throwing beforeSend never reach the app', async () => {
  const context = await browser.newContext();
  const { page, pageErrors, warnings } = await open(context, '/throwing-hook.html');
  const sessionId = await page.evaluate(() => window.rum.getSessionId());
  const result = await page.evaluate(() => {
    const circular = { name: 'loop' };
    circular.self = circular;
    const hostile = {};
    Object.defineProperty(hostile, 'boom', { enumerable: true, get: () => { throw new Error('getter'); } });
    const proxy = new Proxy({}, { ownKeys: () => { throw new Error('proxy'); } });
    const calls = [
      () => window.rum.setGlobalContextProperty('circular', circular),
      () => window.rum.setGlobalContextProperty('fn', () => 1),
      () => window.rum.setGlobalContextProperty('sym', Symbol('s')),
      () => window.rum.setGlobalContextProperty('big', 12345678901234567890n),
      () => window.rum.setGlobalContextProperty('node', document.body),
      () => window.rum.setGlobalContextProperty('hostile', hostile),
      () => window.rum.setGlobalContextProperty('proxy', proxy),
      () => window.rum.setGlobalContextProperty('date', new Date(0)),
      () => window.rum.setGlobalContextProperty('huge', 'x'.repeat(100_000)),
      () => window.rum.setUser('not an object'),
      () => window.rum.setUser({ id: 7, nested: { deep: { deeper: [1, 2, { fn() {} }] } } }),
      () => window.rum.addAction(42),
      () => window.rum.addAction('with odd context', 'not an object'),
      () => window.rum.addError(undefined),
      () => window.rum.addError({ weird: true }),
    ];
    const thrown = [];
    for (const call of calls) {
      try {
        call();
      } catch (e) {
        thrown.push(String(e));
      }
    }
    window.rum.addAction('after bad input');
    window.rum.flush();
    return thrown;
  });
  assert.deepEqual(result, [], 'no call threw into the app');
  const events = await until(() => {
    const all = eventsOf(sessionId);
    return all.some((e) => e.type === 'action' && e.action.target.name === 'after bad input') ? all : null;
  }, 'the action sent after bad input');
  const action = events.find((e) => e.type === 'action' && e.action.target.name === 'after bad input');
  assert.equal(schemaErrors(action), null);
  const ctx = action.context;
  assert.equal(ctx.circular.self, '[Circular]');
  assert.equal(ctx.fn, undefined, 'functions are dropped');
  assert.equal(ctx.sym, 'Symbol(s)');
  assert.equal(ctx.big, '12345678901234567890');
  assert.equal(ctx.node, '[HTMLBodyElement]');
  assert.deepEqual(ctx.hostile, {}, 'a throwing getter is skipped');
  assert.equal(ctx.date, '1970-01-01T00:00:00.000Z');
  assert.ok(JSON.stringify(ctx).length <= 3 * 1024, 'context cut to 3 KiB');
  assert.equal(action.usr.id, '7');
  assert.ok(warnings.some((w) => w.includes('wasm-rum: a context larger than 3 KiB was truncated')), warnings.join('\n'));
  assert.ok(warnings.some((w) => w.includes('wasm-rum: beforeSend threw an exception; the event is sent unchanged')));
  assert.ok(events.some((e) => e.type === 'error' && e.error.source === 'custom'), 'odd addError values still report');
  assert.deepEqual(pageErrors, []);
  await context.close();
});
