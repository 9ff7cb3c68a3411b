import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDelivery, retryAfterMs } from '../src/delivery.js';

test('Retry-After in seconds or as an HTTP date', () => {
  assert.equal(retryAfterMs('3'), 3000);
  assert.equal(retryAfterMs('0'), 0);
  const now = Date.parse('Wed, 25 Nov 2026 10:00:00 GMT');
  assert.equal(retryAfterMs('Wed, 25 Nov 2026 10:00:05 GMT', now), 5000);
  assert.equal(retryAfterMs('Wed, 25 Nov 2026 09:00:00 GMT', now), 0);
  assert.ok(Number.isNaN(retryAfterMs(null)));
  assert.ok(Number.isNaN(retryAfterMs('soon')));
});

test('a send posts the bytes with the page’s own fetch and reports the status', async () => {
  const calls = [];
  const fakeFetch = async (url, init) => {
    calls.push([url, init]);
    return new Response('{}', { status: 429, headers: { 'Retry-After': '2' } });
  };
  const delivery = createDelivery(fakeFetch);
  const body = new TextEncoder().encode('{"a":1}');
  assert.deepEqual(await delivery.send('https://intake/x', body), [429, 2000]);
  const [url, init] = calls[0];
  assert.equal(url, 'https://intake/x');
  assert.equal(init.method, 'POST');
  assert.equal(init.body, body);
  assert.equal(init.keepalive, true);
  assert.equal(init.credentials, 'omit');
});

test('bodies go as the module encoded them, with no header; a failed fetch is status 0', async () => {
  let sent;
  let sentUrl;
  const delivery = createDelivery(async (url, init) => {
    sent = init;
    sentUrl = url;
    return new Response('');
  });
  const body = new Uint8Array([0x78, 0x01, 1, 2, 3]);
  await delivery.send('https://intake/x?a=1', body);
  assert.equal(sentUrl, 'https://intake/x?a=1', 'the URL is the engine\'s, as it came');
  assert.equal(sent.headers, undefined, 'no header: a cross-origin intake gets no preflight');
  assert.equal(sent.body, body);
  const broken = createDelivery(async () => {
    throw new TypeError('Failed to fetch');
  });
  assert.deepEqual(await broken.send('u', new Uint8Array(1)), [0, NaN]);
});

test('large bodies go without keepalive (its budget is 64 KiB)', async () => {
  let sent;
  const delivery = createDelivery(async (url, init) => {
    sent = init;
    return new Response('');
  });
  await delivery.send('u', new Uint8Array(61 * 1024));
  assert.equal(sent.keepalive, false);
});

test('a proxy function makes the URL of the intake path and query; one that throws fails the send', async () => {
  const seen = [];
  const delivery = createDelivery(
    async (url) => {
      seen.push(url);
      return new Response('');
    },
    ({ path, parameters }) => `https://proxy.example${path}?${parameters}&via=fn`,
  );
  assert.deepEqual(await delivery.send('/api/v2/rum?ddsource=browser&x=1', new Uint8Array(1)), [200, NaN]);
  assert.deepEqual(seen, ['https://proxy.example/api/v2/rum?ddsource=browser&x=1&via=fn']);
  const broken = createDelivery(async () => new Response(''), () => {
    throw new Error('app bug');
  });
  assert.deepEqual(await broken.send('/api/v2/rum?a=1', new Uint8Array(1)), [0, NaN]);
});
