import { test, before, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { ctx } from '../src/ctx.js';

const calls = [];
let respond = async () => new Response('ok', { status: 200 });

// An XMLHttpRequest that ends as the test says: 'load' (status 200), 'error' or 'abort'.
class FakeXhr extends EventTarget {
  open(method, url) {
    this.url = url;
    this.sent = [];
  }
  setRequestHeader(name, value) {
    this.sent.push([name, value]);
  }
  send() {}
  abort() {
    this.end(0);
  }
  // As a browser ends one: done (readyState 4, its status) with a readystatechange, then loadend.
  end(status) {
    this.status = status;
    this.readyState = 4;
    this.dispatchEvent(new Event('readystatechange'));
    this.dispatchEvent(new Event('loadend'));
  }
}

before(async () => {
  globalThis.XMLHttpRequest = FakeXhr;
  globalThis.location = { href: 'https://app.example.com/page' };
  globalThis.fetch = async function (...args) {
    calls.push(args);
    return respond(...args);
  };
  const { wrapNetwork } = await import('../src/net.js');
  wrapNetwork();
});

beforeEach(() => {
  calls.length = 0;
  Object.assign(ctx, { state: 'running', on: true, buffer: [], sink: undefined, plan: undefined });
  respond = async () => new Response('ok', { status: 200 });
});

test('the app gets the very promise and response; the request is reported once it ends', async () => {
  const seen = [];
  ctx.sink = (name, args) => seen.push([name, args]);
  ctx.plan = () => undefined;
  const response = await fetch('/api/a', { method: 'post' });
  assert.equal(await response.text(), 'ok');
  await new Promise((ok) => setTimeout(ok, 0));
  assert.equal(seen.length, 1);
  const [name, [kind, method, url, status, , , failed, handle]] = seen[0];
  assert.deepEqual([name, kind, method, url, status, failed, handle], ['request', 0, 'POST', 'https://app.example.com/api/a', 200, false, undefined]);
  assert.deepEqual(calls[0], ['/api/a', { method: 'post' }], 'untraced: passed on as made');
});

test('trace headers are added, but not over the app’s own', async () => {
  ctx.sink = () => {};
  ctx.plan = () => ['7', 'traceparent', '00-abc-def-01', 'x-datadog-origin', 'rum'];
  // Given as a plain object: it stays one, with the app's spelling kept.
  await fetch('https://app.example.com/api', { headers: { 'X-Datadog-Origin': 'mine' } });
  assert.deepEqual(calls[0][1].headers, { 'X-Datadog-Origin': 'mine', traceparent: '00-abc-def-01' });
  // Given as Headers (or an array, or in a Request): Headers.
  await fetch('https://app.example.com/api', { headers: new Headers({ 'x-datadog-origin': 'mine' }) });
  const headers = calls[1][1].headers;
  assert.equal(headers.get('traceparent'), '00-abc-def-01');
  assert.equal(headers.get('x-datadog-origin'), 'mine');
  await fetch(new Request('https://app.example.com/api', { headers: [['x-app', '1']] }));
  assert.equal(calls[2][1].headers.get('x-app'), '1');
  assert.equal(calls[2][1].headers.get('traceparent'), '00-abc-def-01');
});

test('the SDK’s own intake is left alone entirely', async () => {
  const seen = [];
  ctx.sink = (name) => seen.push(name);
  ctx.plan = () => null;
  await fetch('https://intake/x');
  await new Promise((ok) => setTimeout(ok, 0));
  assert.deepEqual(seen, []);
});

test('a header the browser refuses reaches the app as its own error, with no SDK fault', async () => {
  ctx.plan = () => ['1', 'traceparent', 'x'];
  respond = async (url, init) => {
    new Headers(init?.headers); // the browser's own check
    return new Response('');
  };
  await assert.rejects(fetch('/api', { headers: { 'bad header': 'x' } }), TypeError);
  assert.equal(ctx.state, 'running');
});

test('a failed request is reported as failed; an abort is not a failure', async () => {
  const seen = [];
  ctx.sink = (name, args) => seen.push(args);
  respond = async () => {
    throw new TypeError('Failed to fetch');
  };
  await assert.rejects(fetch('/down'));
  respond = async () => {
    throw new DOMException('aborted', 'AbortError');
  };
  await assert.rejects(fetch('/aborted'));
  await new Promise((ok) => setTimeout(ok, 0));
  assert.deepEqual(seen.map((a) => [a[3], a[6]]), [[0, true], [0, false]]);
});

test('before the engine runs, requests are buffered without headers', async () => {
  Object.assign(ctx, { state: 'starting' });
  await fetch('/early');
  await new Promise((ok) => setTimeout(ok, 0));
  assert.equal(ctx.buffer.length, 1);
  assert.equal(ctx.buffer[0][0], 'request');
  assert.deepEqual(calls[0], ['/early']);
});

test('XHR: headers through the original setRequestHeader; an abort is not a failure, an error is', () => {
  const seen = [];
  ctx.sink = (name, args) => seen.push(args);
  ctx.plan = () => ['3', 'traceparent', '00-abc-def-01'];
  const ok = new XMLHttpRequest();
  ok.open('GET', '/api/x');
  ok.send();
  assert.deepEqual(ok.sent, [['traceparent', '00-abc-def-01']]);
  ok.end(200);
  const failed = new XMLHttpRequest();
  failed.open('GET', '/api/x');
  failed.setRequestHeader('traceparent', 'mine');
  failed.send();
  assert.deepEqual(failed.sent, [['traceparent', 'mine']], 'the app’s own header is kept');
  failed.end(0);
  const aborted = new XMLHttpRequest();
  aborted.open('GET', '/api/x');
  aborted.send();
  aborted.abort();
  assert.deepEqual(seen.map((a) => [a[0], a[3], a[6], a[7]]), [
    [1, 200, false, 3],
    [1, 0, true, 3],
    [1, 0, false, 3],
  ]);
});
