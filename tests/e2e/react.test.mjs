// A React 19 + React Router 7 app written for Datadog, run against wasm-rum: the app imports
// `@datadog/browser-rum` (an import map points it at the package) and Datadog's own React
// plugin from npm (`@datadog/browser-rum-react` 7.16: `reactPlugin({ router: true })`, its
// React Router wrapper and its ErrorBoundary), bundled with esbuild as an app would be. Route
// views are named by their pattern, the boundary's error is reported, a form field is named
// by its label, and a click is linked to the request it caused. Every event is checked against
// the RUM schema.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { ROOT, sessionOf } from './helpers.mjs';
import { packageSuite } from './suite.mjs';

const APP = `
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider, Link, Outlet, useParams } from 'react-router';
import { datadogRum } from '@datadog/browser-rum';
import { reactPlugin, ErrorBoundary } from '@datadog/browser-rum-react';
import { createBrowserRouter } from '@datadog/browser-rum-react/react-router-v7';

datadogRum.init({
  applicationId: '2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96',
  clientToken: 'pub0123456789abcdef0123456789abcdef',
  site: 'datadoghq.com',
  proxy: location.origin + '/intake/proxy',
  service: 'orders-app',
  sessionSampleRate: 100,
  sessionReplaySampleRate: 0,
  trackResources: true,
  trackUserInteractions: true,
  plugins: [reactPlugin({ router: true })],
});

function Layout() {
  return (
    <main>
      <nav><Link id="to-order" to="/orders/42">Order 42</Link> <Link id="to-other" to="/orders/7">Order 7</Link></nav>
      <Outlet />
    </main>
  );
}

function Crash() {
  throw new Error('render failed');
}

function Order() {
  const { id } = useParams();
  const [crash, setCrash] = useState(false);
  const [status, setStatus] = useState('');
  return (
    <ErrorBoundary fallback={() => <p id="fallback">Something broke</p>}>
      <h1>Order {id}</h1>
      <label htmlFor="nickname">Card nickname</label>
      <input id="nickname" />
      <button id="load" onClick={async () => setStatus((await fetch('/api/orders/' + id)).status + '')}>Refresh</button>
      <span id="status">{status}</span>
      <button id="crash" onClick={() => setCrash(true)}>Break it</button>
      {crash && <Crash />}
    </ErrorBoundary>
  );
}

const router = createBrowserRouter([
  { path: '/', element: <Layout />, children: [{ path: 'orders/:id', element: <Order /> }] },
]);
createRoot(document.getElementById('root')).render(<RouterProvider router={router} />);
`;

const PAGE = `<!doctype html><html><head><meta charset="utf-8">
<script type="importmap">{"imports":{"@datadog/browser-rum":"/pkg/index.js"}}</script></head><body>
<div id="root"></div>
<script type="module">
import * as rum from '@datadog/browser-rum';
window.rum = rum;
window.ready = Promise.resolve('ok');
</script>
<script type="module" src="/app.js"></script>
</body></html>`;

let bundle;
before(async () => {
  const built = await esbuild.build({
    stdin: { contents: APP, resolveDir: join(ROOT, 'tests'), loader: 'jsx', sourcefile: 'app.jsx' },
    bundle: true,
    format: 'esm',
    jsx: 'automatic',
    minify: true,
    write: false,
    external: ['@datadog/browser-rum'],
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  bundle = built.outputFiles[0].text;
});

const { open, eventsOf, settle, assertValid, server } = packageSuite({
  pages: { '/': PAGE, '/orders/42': PAGE },
  handler: async (req, res, url) => {
    if (url.pathname === '/app.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
      return true;
    }
    if (url.pathname.startsWith('/api/orders/')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      return true;
    }
    return false;
  },
});

test("a React Router app with Datadog's React plugin: route views by pattern, the boundary's error, named clicks linked to their requests", async () => {
  const { context, page, pageErrors, warnings } = await open('/');
  const sessionId = await sessionOf(page);
  assert.ok(sessionId, 'the SDK runs');
  await page.click('#to-order');
  await page.waitForSelector('#nickname');
  await page.click('label[for=nickname]');
  await page.click('#nickname');
  await page.click('#load');
  await page.waitForFunction(() => document.getElementById('status').textContent === '200');
  await page.waitForTimeout(1200);
  await page.click('#to-other');
  await page.waitForFunction(() => location.pathname === '/orders/7');
  await page.click('#crash');
  await page.waitForSelector('#fallback');
  await settle(page, sessionId);

  const views = [];
  for (const v of eventsOf(sessionId, 'view')) if (!views.some((w) => w.view.id === v.view.id)) views.push(v);
  assert.deepEqual(
    views.map((v) => [v.view.name, new URL(v.view.url).pathname]),
    [['/', '/'], ['/orders/:id', '/orders/42'], ['/orders/:id', '/orders/7']],
    'one view per route, named by its pattern',
  );
  const clicks = eventsOf(sessionId, 'action').filter((a) => a.action.type === 'click');
  const names = clicks.map((a) => a.action.target.name);
  assert.deepEqual(names, ['Order 42', 'Card nickname', 'Card nickname', 'Refresh', 'Order 7', 'Break it']);
  const refresh = clicks.find((a) => a.action.target.name === 'Refresh');
  const request = eventsOf(sessionId, 'resource').find((r) => r.resource.url.endsWith('/api/orders/42'));
  assert.ok(request.action?.id?.includes(refresh.action.id), JSON.stringify(request.action));
  assert.equal(refresh.action.resource.count, 1);
  assert.ok(refresh.action.loading_time > 0);
  const errors = eventsOf(sessionId, 'error').filter((e) => e.error.message === 'render failed');
  assert.equal(errors.length, 1, 'the boundary reported the render error once');
  assert.equal(errors[0].error.source, 'custom');
  assert.equal(errors[0].context.framework, 'react');
  assert.equal(errors[0].view.name, '/orders/:id');
  assert.ok(eventsOf(sessionId, 'resource').some((r) => r.resource.type === 'document'), 'the document resource');
  assertValid(sessionId);
  assert.ok(server().requests.some((r) => r.url.startsWith('/intake/proxy?ddforward=')));
  assert.deepEqual(warnings.filter((w) => w.startsWith('wasm-rum:')), [
    'wasm-rum: option sessionReplaySampleRate has no effect: wasm-rum has no Session Replay',
  ]);
  assert.deepEqual(pageErrors.filter((e) => e !== 'render failed'), []);
  await context.close();
});
