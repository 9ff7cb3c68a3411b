// Trace propagation in a real browser: which requests get headers, in which formats, that every
// header leads back to the trace id of the resource event, and that fetch and XMLHttpRequest
// behave exactly as without the SDK (same results, same events, same errors).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createServer } from 'node:http';
import { ROOT, initPage, launchBrowser, serve, until } from './helpers.mjs';
import { ROOT_CONTEXT, propagation, defaultTextMapGetter } from '@opentelemetry/api';
import { W3CBaggagePropagator } from '@opentelemetry/core';
import { schemaErrors } from './schema.mjs';

const TRACE_HEADERS = [
  'traceparent', 'tracestate', 'x-datadog-trace-id', 'x-datadog-parent-id', 'x-datadog-origin',
  'x-datadog-sampling-priority', 'x-datadog-tags', 'b3', 'x-b3-traceid', 'x-b3-spanid', 'x-b3-sampled',
];

// Every request the API servers saw: method, path, headers.
const seen = [];

async function echo(req, res, url, origin) {
  const cors = {
    'access-control-allow-origin': '*',
    'access-control-allow-headers': '*',
    'access-control-allow-methods': 'GET, POST, PUT',
  };
  const chunks = [];
  for await (const c of req) chunks.push(c);
  seen.push({ origin, method: req.method, path: url.pathname + url.search, headers: req.headers });
  if (req.method === 'OPTIONS') {
    res.writeHead(204, cors).end();
    return;
  }
  const status = url.pathname.endsWith('/fail') ? 500 : 200;
  const wait = Number(url.searchParams.get('wait') || 0);
  if (wait) await new Promise((ok) => setTimeout(ok, wait));
  res.writeHead(status, { ...cors, 'content-type': 'application/json' });
  res.end(JSON.stringify({ method: req.method, body: Buffer.concat(chunks).toString(), app: req.headers['x-app'] ?? null }));
}

let server;
let other;
let otherUrl;
let closedUrl;
let browser;

const SCENARIO = `async (base) => {
  const out = [];
  const record = async (name, run) => {
    console.log('step ' + name);
    try {
      const r = await run();
      out.push([name, 'ok', r]);
    } catch (e) {
      out.push([name, 'threw', e.name + ': ' + (e.name === 'TypeError' ? 'TypeError' : e.message)]);
    }
  };
  const text = async (r) => [r.status, await r.text()];
  await record('plain', () => fetch(base.same + '/api/a').then(text));
  await record('object headers', () => fetch(base.same + '/api/b', { headers: { 'X-App': '1' } }).then(text));
  await record('Headers', () => fetch(base.same + '/api/c', { headers: new Headers([['X-App', '2']]) }).then(text));
  await record('array headers', () => fetch(base.same + '/api/d', { method: 'POST', body: 'payload', headers: [['X-App', '3']] }).then(text));
  await record('Request', () => fetch(new Request(base.same + '/api/e', { method: 'PUT', body: 'put-body', headers: { 'X-App': '4' } })).then(text));
  await record('Request + init', () => fetch(new Request(base.same + '/api/f'), { headers: { 'X-App': '5' } }).then(text));
  await record('own traceparent kept', () => fetch(base.same + '/api/g', { headers: { traceparent: '00-11111111111111111111111111111111-2222222222222222-01' } }).then(text));
  await record('cross-origin allowed', () => fetch(base.other + '/api/x').then(text));
  await record('cross-origin not allowed', () => fetch(base.other + '/public/y', { headers: { 'X-App': '6' } }).then(text));
  await record('cross-origin not allowed, simple', () => fetch(base.other + '/public/s').then(text));
  await record('regexp match', () => fetch(base.other + '/rx/z').then(text));
  await record('function match', () => fetch(base.same + '/fn/q').then(text));
  await record('server error', () => fetch(base.same + '/api/fail').then(text));
  await record('network error', () => fetch(base.closed + '/api/down'));
  await record('bad header', () => fetch(base.same + '/api/h', { headers: { 'bad header': 'x' } }));
  await record('no-cors', () => fetch(base.other + '/api/nc', { mode: 'no-cors' }).then((r) => r.type));
  await record('abort', () => {
    const c = new AbortController();
    const p = fetch(base.same + '/api/slow?wait=2000', { signal: c.signal });
    setTimeout(() => c.abort(), 20);
    return p;
  });
  const xhr = (method, url, { sync = false, headers = {}, abort = false } = {}) =>
    new Promise((ok) => {
      const x = new XMLHttpRequest();
      const states = [];
      x.onreadystatechange = () => states.push(x.readyState);
      const events = [];
      for (const t of ['loadstart', 'load', 'error', 'abort', 'loadend']) x.addEventListener(t, () => events.push(t));
      x.open(method, url, !sync);
      for (const [k, v] of Object.entries(headers)) x.setRequestHeader(k, v);
      if (!sync) x.onloadend = () => setTimeout(() => ok({ status: x.status, body: x.responseText, states, events }));
      try {
        x.send(method === 'POST' ? 'xhr-body' : null);
      } catch (e) {
        ok({ threw: e.name, states, events });
        return;
      }
      if (abort) x.abort();
      if (sync) ok({ status: x.status, body: x.responseText, states, events });
    });
  await record('xhr async', () => xhr('GET', base.same + '/api/xa', { headers: { 'X-App': '7' } }));
  await record('xhr sync', () => xhr('POST', base.same + '/api/xs', { sync: true }));
  await record('xhr cross-origin', () => xhr('GET', base.other + '/api/xc'));
  await record('xhr network error', () => xhr('GET', base.closed + '/api/xd'));
  await record('xhr abort', () => xhr('GET', base.same + '/api/slow?wait=2000', { abort: true }));
  return out;
}`;

const PAGE = (withSdk) => `<!doctype html><html><head><meta charset="utf-8">
<script type="importmap">{"imports":{"wasm-rum":"/pkg/index.js"}}</script></head><body>
<script type="module">
import * as rum from 'wasm-rum';
window.rum = rum;
window.scenario = ${SCENARIO};
window.ready = ${withSdk ? `rum.init({
  applicationId: '2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96',
  intakeUrl: location.origin + '/intake/api/v2/rum',
  allowedTracingUrls: [
    location.origin + '/api/',
    { match: OTHER + '/api/', propagatorTypes: ['b3', 'b3multi'] },
    /\\/rx\\//,
    (url) => url.includes('/fn/'),
    () => { throw new Error('matcher bug'); },
  ],
}).then(() => 'ok', (e) => 'init failed: ' + e.message)` : `Promise.resolve('ok')`};
</script></body></html>`;

// The company's and the customer's requests, whose ids the backend's tracer reads from baggage.
const BAGGAGE_PAGE = (propagate) => initPage(`(rum, base) => {
  window.requests = async () => {
    await fetch('/api/bag-session');
    rum.setUser({ id: 'ada lovelace,=;é', name: 'Ada' });
    rum.setAccount({ id: 'acme', name: 'Acme' });
    await fetch('/api/bag-user');
    await fetch('/api/bag-object', { headers: { Baggage: 'app=1,user.id=theirs' } });
    await fetch('/api/bag-headers', { headers: new Headers({ baggage: 'team=web' }) });
    await new Promise((ok) => {
      const x = new XMLHttpRequest();
      x.open('GET', '/api/bag-xhr');
      x.setRequestHeader('baggage', 'tier=gold');
      x.onloadend = ok;
      x.send();
    });
    await fetch('/fn/not-allowed');
  };
  // (With propagation, the option is left out: it is on by default.)
  return rum.init({ ...base, trackResources: true, allowedTracingUrls: [location.origin + '/api/']${propagate ? '' : ', propagateTraceBaggage: false'} });
}`);

// The baggage a real W3C parser (OpenTelemetry's propagator) reads from a request's headers.
function baggageOf(headers) {
  const context = new W3CBaggagePropagator().extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
  const bag = propagation.getBaggage(context);
  return bag ? Object.fromEntries(bag.getAllEntries().map(([k, v]) => [k, v.value])) : undefined;
}

before(async () => {
  other = await serve({ handler: (req, res, url) => echo(req, res, url, 'other').then(() => true) });
  otherUrl = other.url.replace(/\/$/, '');
  // A port with nothing listening: connections fail at once.
  const probe = createServer();
  await new Promise((ok) => probe.listen(0, '127.0.0.1', ok));
  closedUrl = `http://127.0.0.1:${probe.address().port}`;
  await new Promise((ok) => probe.close(ok));
  server = await serve({
    dirs: { '/pkg/': join(ROOT, 'dist/npm') },
    pages: {
      '/with.html': PAGE(true).replace('OTHER', JSON.stringify(otherUrl)),
      '/without.html': PAGE(false),
      '/baggage.html': BAGGAGE_PAGE(true),
      '/no-baggage.html': BAGGAGE_PAGE(false),
    },
    handler: async (req, res, url) => {
      if (!/^\/(api|fn)\//.test(url.pathname)) return false;
      await echo(req, res, url, 'same');
      return true;
    },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  await other?.close();
});

async function runScenario(path) {
  const page = await browser.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => process.env.DEBUG_E2E && console.error(path, m.text()));
  page.setDefaultTimeout(60_000);
  await page.goto(server.url + path);
  assert.equal(await page.evaluate(() => window.ready), 'ok');
  const start = seen.length;
  const base = { same: server.url.replace(/\/$/, ''), other: otherUrl, closed: closedUrl };
  const results = await page.evaluate((b) => window.scenario(b), base);
  const sessionId = await page.evaluate(() => window.rum.getSessionId() ?? null);
  if (sessionId) await page.evaluate(() => window.rum.flush());
  const requests = seen.slice(start);
  return { page, results, requests, sessionId, pageErrors };
}

const request = (requests, path, method = 'GET') =>
  requests.find((r) => r.path.startsWith(path) && r.method === method);
const traceHeadersOf = (r) =>
  Object.fromEntries(Object.entries(r.headers).filter(([k]) => TRACE_HEADERS.includes(k)));

test('fetch and XHR behave exactly as without the SDK, and only allowed URLs get headers', async () => {
  const plain = await runScenario('without.html');
  const traced = await runScenario('with.html');
  assert.deepEqual(traced.results, plain.results, 'same results, errors and events with and without the SDK');
  assert.deepEqual(traced.pageErrors, []);
  // Sanity of the scenario itself: what the app sees.
  const result = Object.fromEntries(traced.results.map(([n, kind, r]) => [n, [kind, r]]));
  assert.deepEqual(result['object headers'], ['ok', [200, '{"method":"GET","body":"","app":"1"}']]);
  assert.deepEqual(result['array headers'], ['ok', [200, '{"method":"POST","body":"payload","app":"3"}']]);
  assert.deepEqual(result['Request'], ['ok', [200, '{"method":"PUT","body":"put-body","app":"4"}']]);
  assert.deepEqual(result['Request + init'], ['ok', [200, '{"method":"GET","body":"","app":"5"}']]);
  assert.deepEqual(result['network error'], ['threw', 'TypeError: TypeError']);
  assert.deepEqual(result['bad header'], ['threw', 'TypeError: TypeError']);
  assert.deepEqual(result['abort'], ['threw', 'AbortError: signal is aborted without reason']);
  assert.deepEqual(result['no-cors'], ['ok', 'opaque']);
  assert.equal(result['xhr sync'][1].status, 200);
  assert.deepEqual(result['xhr abort'][1].events, ['loadstart', 'abort', 'loadend']);

  const r = traced.requests;
  const sameOrigin = traceHeadersOf(request(r, '/api/a'));
  assert.deepEqual(Object.keys(sameOrigin).sort(), [
    'traceparent', 'tracestate', 'x-datadog-origin', 'x-datadog-parent-id',
    'x-datadog-sampling-priority', 'x-datadog-tags', 'x-datadog-trace-id',
  ]);
  for (const path of ['/api/b', '/api/c', '/api/d', '/api/e', '/api/f', '/fn/q', '/api/xa', '/api/xs']) {
    assert.ok(request(r, path, path === '/api/d' ? 'POST' : path === '/api/e' ? 'PUT' : path === '/api/xs' ? 'POST' : 'GET')?.headers.traceparent, `${path} traced`);
  }
  assert.equal(request(r, '/api/b').headers['x-app'], '1', 'the app header is kept, once');
  assert.equal(request(r, '/api/g').headers.traceparent, '00-11111111111111111111111111111111-2222222222222222-01', 'an app-set traceparent is never overwritten');
  assert.deepEqual(Object.keys(traceHeadersOf(request(r, '/api/x'))).sort(), ['b3', 'x-b3-sampled', 'x-b3-spanid', 'x-b3-traceid']);
  assert.ok(request(r, '/api/x', 'OPTIONS'), 'the allowed cross-origin request was preflighted');
  assert.ok(request(r, '/rx/z').headers.traceparent, 'RegExp matcher');
  assert.deepEqual(traceHeadersOf(request(r, '/public/y')), {}, 'not allowed: no headers');
  const preflight = (requests) => request(requests, '/public/y', 'OPTIONS')?.headers['access-control-request-headers'];
  assert.equal(preflight(r), preflight(plain.requests), 'the same preflight (for the app header only) as without the SDK');
  assert.equal(preflight(r), 'x-app');
  assert.equal(request(r, '/api/a', 'OPTIONS'), undefined, 'same-origin: no preflight');
  assert.ok(request(r, '/public/s'), 'the simple cross-origin request went out');
  assert.equal(request(r, '/public/s', 'OPTIONS'), undefined, 'a simple request not allowed for tracing is never preflighted');
  assert.deepEqual(traceHeadersOf(request(r, '/public/s')), {});
  assert.deepEqual(traceHeadersOf(request(r, '/api/nc')), {}, 'no-cors requests get no headers');
  assert.deepEqual(request(r, '/public/y').headers['x-app'], '6');

  // Every header leads to the trace id recorded in the resource event.
  const events = await until(() => {
    const all = server.events.filter((e) => e.session?.id === traced.sessionId && e.type === 'resource');
    return all.filter((e) => e._dd.trace_id).length >= 12 ? all : null;
  }, 'the traced resource events');
  const byPath = (path) => events.find((e) => new URL(e.resource.url).pathname + new URL(e.resource.url).search === path);
  for (const e of events) assert.equal(schemaErrors(e), null, JSON.stringify(e));
  const a = byPath('/api/a');
  const h = request(r, '/api/a').headers;
  assert.equal(h.traceparent.split('-')[1], a._dd.trace_id);
  assert.equal(BigInt('0x' + h.traceparent.split('-')[2]).toString(), a._dd.span_id);
  const ddTrace = (BigInt('0x' + h['x-datadog-tags'].split('=')[1]) << 64n) | BigInt(h['x-datadog-trace-id']);
  assert.equal(ddTrace.toString(16).padStart(32, '0'), a._dd.trace_id);
  assert.equal(h['x-datadog-parent-id'], a._dd.span_id);
  assert.equal(h['x-datadog-origin'], 'rum');
  assert.equal(h['x-datadog-sampling-priority'], '1');
  assert.equal(h.tracestate, 'dd=s:1;o:rum');
  const x = byPath('/api/x');
  const hx = request(r, '/api/x').headers;
  assert.equal(hx.b3.split('-')[0], x._dd.trace_id);
  assert.equal(hx['x-b3-traceid'], x._dd.trace_id);
  assert.equal(BigInt('0x' + hx['x-b3-spanid']).toString(), x._dd.span_id);
  assert.equal(a.resource.type, 'fetch');
  assert.equal(a.resource.status_code, 200);
  assert.ok(a.resource.duration > 0);
  assert.equal(byPath('/api/xa').resource.type, 'xhr');
  assert.equal(byPath('/api/d').resource.method, 'POST');
  assert.equal(byPath('/public/y')._dd.trace_id, undefined);
  await until(() => server.events.some((e) => e.session?.id === traced.sessionId && e.type === 'error' && e.error.source === 'network'), 'network errors');
  const errors = server.events.filter((e) => e.session?.id === traced.sessionId && e.type === 'error');
  const messages = errors.map((e) => e.error.message);
  assert.ok(messages.includes(`Fetch error GET ${closedUrl}/api/down`), messages.join('\n'));
  assert.ok(messages.includes(`XHR error GET ${closedUrl}/api/xd`), messages.join('\n'));
  assert.ok(messages.some((m) => m.startsWith('Fetch error GET') && m.endsWith('/api/fail')));
  assert.ok(!messages.some((m) => m.includes('/api/slow')), 'aborts are not errors');
  const slow = events.filter((e) => e.resource.url.includes('/api/slow'));
  assert.ok(slow.length === 2 && slow.every((e) => e.resource.status_code === 0), 'aborted requests: status 0');
  for (const e of errors) assert.equal(schemaErrors(e), null, JSON.stringify(e));
  // The intake's own requests are never reported as resources.
  assert.ok(!events.some((e) => e.resource.url.includes('/intake/')));
  await plain.page.close();
  await traced.page.close();
});

test('timings come from the browser entry for every request, past its 250-entry buffer', async () => {
  const page = await browser.newPage();
  await page.goto(server.url + 'with.html');
  assert.equal(await page.evaluate(() => window.ready), 'ok');
  const sessionId = await page.evaluate(() => window.rum.getSessionId());
  await page.evaluate(async () => {
    for (let i = 0; i < 260; i++) await (await fetch(`/api/timing-${i}`)).text();
    // XHRs once the browser's own buffer is full.
    for (let i = 260; i < 300; i++) {
      await new Promise((ok) => {
        const x = new XMLHttpRequest();
        x.open('GET', `/api/timing-${i}`);
        x.onloadend = ok;
        x.send();
      });
    }
  });
  await page.waitForTimeout(300);
  await page.evaluate(() => window.rum.flush());
  const resources = await until(() => {
    const all = server.events.filter((e) => e.session?.id === sessionId && e.type === 'resource' && e.resource.url.includes('/api/timing-'));
    return all.length >= 300 ? all : null;
  }, '300 resource events');
  await page.waitForTimeout(300);
  assert.equal(
    server.events.filter((e) => e.session?.id === sessionId && e.type === 'resource' && e.resource.url.includes('/api/timing-')).length,
    300,
    'each request reported once',
  );
  const enriched = resources.filter((e) => e.resource.first_byte && e.resource.download && e.resource.decoded_body_size > 0);
  assert.ok(enriched.length >= 297, `${enriched.length} of 300 have the browser's timing phases and sizes`);
  const xhrs = resources.filter((e) => e.resource.type === 'xhr');
  assert.equal(xhrs.length, 40);
  assert.ok(xhrs.every((e) => e.resource.first_byte), 'XHRs past the buffer too');
  await page.close();
});

test('baggage: the session, user and account to allowed URLs, merged with the app\'s own, read by a W3C parser', async () => {
  for (const [path, propagate] of [['baggage.html', true], ['no-baggage.html', false]]) {
    const page = await browser.newPage();
    await page.goto(server.url + path);
    assert.equal(await page.evaluate(() => window.ready), 'ok');
    const start = seen.length;
    await page.evaluate(() => window.requests());
    const sessionId = await page.evaluate(() => window.rum.getSessionId());
    const r = seen.slice(start);
    const bag = (p) => baggageOf(request(r, p).headers);
    if (!propagate) {
      for (const p of ['/api/bag-session', '/api/bag-user']) assert.equal(request(r, p).headers.baggage, undefined, p);
      assert.equal(bag('/api/bag-object')['user.id'], 'theirs', 'the app\'s own baggage goes as it was');
      assert.ok(request(r, '/api/bag-user').headers.traceparent, 'still traced');
      await page.close();
      continue;
    }
    assert.deepEqual(bag('/api/bag-session'), { 'session.id': sessionId });
    assert.deepEqual(bag('/api/bag-user'), { 'session.id': sessionId, 'user.id': 'ada lovelace,=;é', 'account.id': 'acme' });
    assert.deepEqual(bag('/api/bag-object'), { app: '1', 'user.id': 'theirs', 'session.id': sessionId, 'account.id': 'acme' }, 'merged: the app\'s entries kept');
    assert.deepEqual(bag('/api/bag-headers'), { team: 'web', 'session.id': sessionId, 'user.id': 'ada lovelace,=;é', 'account.id': 'acme' });
    assert.deepEqual(bag('/api/bag-xhr'), { tier: 'gold', 'session.id': sessionId, 'user.id': 'ada lovelace,=;é', 'account.id': 'acme' });
    assert.equal(request(r, '/fn/not-allowed').headers.baggage, undefined, 'no baggage where tracing is not allowed');
    await page.close();
  }
});
