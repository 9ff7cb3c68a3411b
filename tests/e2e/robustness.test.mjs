// Never break the host page: after a trap inside the SDK's module (a Rust panic), the SDK turns
// itself off and the page's fetch, XMLHttpRequest, History, console and error handlers work as
// before, with nothing thrown into the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, launchBrowser, serve } from './helpers.mjs';

const PAGE = `<!doctype html><html><head><meta charset="utf-8">
<script type="importmap">{"imports":{"wasm-rum":"/pkg/index.js"}}</script></head><body>
<button id="b">Press</button>
<script type="module">
import * as rum from 'wasm-rum';
window.rum = rum;
window.ownErrors = [];
window.addEventListener('error', (e) => window.ownErrors.push(e.message));
window.ready = rum.init({
  applicationId: '2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96',
  intakeUrl: location.origin + '/intake/api/v2/rum',
  trackConsoleErrors: true,
}).then(() => 'ok', (e) => 'init failed: ' + e.message);
window.probe = async () => {
  const out = {};
  out.fetch = (await fetch('/pkg/package.json')).status;
  out.xhr = await new Promise((ok) => {
    const x = new XMLHttpRequest();
    x.open('GET', '/pkg/package.json');
    x.onload = () => ok(x.status);
    x.onerror = () => ok('error');
    x.send();
  });
  const sync = new XMLHttpRequest();
  sync.open('GET', '/pkg/package.json', false);
  sync.send();
  out.syncXhr = sync.status;
  history.pushState({ n: 1 }, '', '/moved');
  out.path = location.pathname;
  out.state = history.state.n;
  console.error('still logs');
  setTimeout(() => { throw new Error('page error after'); });
  await new Promise((ok) => setTimeout(ok, 50));
  out.ownErrors = window.ownErrors.slice();
  document.getElementById('b').click();
  return out;
};
</script></body></html>`;

let server;
let browser;

before(async () => {
  server = await serve({ dirs: { '/pkg/': join(ROOT, 'dist/npm-faults') }, pages: { '/': PAGE } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('a panic inside the SDK disables it and leaves the page working', async () => {
  const page = await browser.newPage();
  const pageErrors = [];
  const warnings = [];
  const logged = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => (m.type() === 'warning' ? warnings : logged).push(m.text()));
  await page.goto(server.url);
  assert.equal(await page.evaluate(() => window.ready), 'ok');
  const before = await page.evaluate(() => window.probe());
  assert.ok(await page.evaluate(() => window.rum.getSessionId()), 'running before the fault');

  await page.evaluate(() => window.rum.__injectFault());
  if (process.env.DEBUG_E2E) console.error('warnings', warnings, 'logged', logged);
  assert.ok(
    warnings.some((w) => w.startsWith('wasm-rum: internal error, the SDK is now disabled')),
    warnings.join('\n'),
  );
  const calls = await page.evaluate(() => {
    const thrown = [];
    for (const call of [
      () => window.rum.getSessionId(),
      () => window.rum.addAction('after fault'),
      () => window.rum.setUser({ id: 'x' }),
      () => window.rum.addError(new Error('x')),
      () => window.rum.flush(),
    ]) {
      try {
        call();
      } catch (e) {
        thrown.push(String(e));
      }
    }
    return { thrown, session: window.rum.getSessionId() ?? null };
  });
  assert.deepEqual(calls, { thrown: [], session: null });

  await page.evaluate(() => history.back());
  const after = await page.evaluate(() => window.probe());
  assert.deepEqual(
    { ...after, ownErrors: after.ownErrors.length },
    { ...before, ownErrors: before.ownErrors.length + 1 },
    'fetch, XHR, History and the page error handler behave as before the fault',
  );
  assert.ok(logged.filter((l) => l === 'still logs').length === 2, 'console.error still logs');
  assert.deepEqual(pageErrors, ['page error after', 'page error after'], 'only the page own errors');
  await page.close();
});
