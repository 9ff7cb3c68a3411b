// Resources beyond what the browser measures, in a real page: GraphQL requests to
// `allowedGraphQlUrls` carry their operation (schema `resource.graphql`), as Datadog reads it;
// `startResource`/`stopResource` make custom resources. Every event is checked against the
// RUM schema.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initPage } from './helpers.mjs';
import { packageSuite } from './suite.mjs';

const PAGES = {
  '/graphql.html': initPage(`(rum, base) => rum.init({
    ...base,
    allowedGraphQlUrls: [
      { match: /\\/graphql$/, trackPayload: true },
      location.origin + '/gql',
      (url) => url.includes('/gql-get'),
    ],
  })`),
};

// The server rendered these pages inside a backend trace, as Datadog's tracers write it: in
// metas, or in a comment after the document; the last one two minutes too old.
const documentPage = (head, tail = '') =>
  initPage(`(rum, base) => rum.init({ ...base, trackResources: true })`).replace('<head>', '<head>' + head) + tail;
PAGES['/document.html'] = documentPage(
  `<meta name="dd-trace-id" content="5467838362345638912"><meta name="dd-trace-time" content="${Date.now()}">`,
);
PAGES['/commented.html'] = documentPage('', `\n<!-- DATADOG;trace-id=8473612930457812345,trace-time=${Date.now()} -->\n`);
PAGES['/stale.html'] = documentPage(
  `<meta name="dd-trace-id" content="1234"><meta name="dd-trace-time" content="${Date.now() - 10 * 60_000}">`,
);

const { open, eventsOf, settle, assertValid, server } = packageSuite({
  pages: PAGES,
  handler: async (req, res, url) => {
    if (!['/graphql', '/gql', '/gql-get', '/other'].includes(url.pathname)) return false;
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{}}');
    return true;
  },
});

test('allowedGraphQlUrls: operation type and name, and with trackPayload the variables and query', async () => {
  const { context, page, sessionId } = await open('/graphql.html');
  await page.evaluate(async () => {
    const post = (path, body) =>
      fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.text());
    await post('/graphql', {
      query: '  mutation AddItem($id: ID!) { addItem(id: $id) { id } }',
      operationName: 'AddItem',
      variables: { id: 42 },
    });
    await post('/gql', { query: 'query Cart { cart { id } }', operationName: 'Cart', variables: { secret: 'x' } });
    await fetch('/gql-get?query=' + encodeURIComponent('subscription Ticks { tick }') + '&operationName=Ticks').then((r) => r.text());
    await post('/gql', 'not json at all');
    await post('/other', { query: 'query Other { x }' });
    // XHR too.
    await new Promise((done) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', '/graphql');
      xhr.onloadend = done;
      xhr.send(JSON.stringify({ query: '{ me { id } }', operationType: 'query' }));
    });
  });
  await page.waitForTimeout(300);
  await settle(page, sessionId);
  const byPath = eventsOf(sessionId, 'resource').map((e) => [new URL(e.resource.url).pathname, e.resource.graphql]);
  assert.deepEqual(byPath, [
    ['/graphql', {
      operationType: 'mutation',
      operationName: 'AddItem',
      variables: '{"id":42}',
      payload: 'mutation AddItem($id: ID!) { addItem(id: $id) { id } }',
    }],
    ['/gql', { operationType: 'query', operationName: 'Cart' }],
    ['/gql-get', { operationType: 'subscription', operationName: 'Ticks' }],
    ['/gql', undefined],
    ['/other', undefined],
    ['/graphql', { operationType: 'query', payload: '{ me { id } }' }],
  ]);
  assert.ok(!JSON.stringify(eventsOf(sessionId)).includes('secret'), 'variables only with trackPayload');
  assertValid(sessionId);
  await context.close();
});

test('startResource / stopResource: a resource event of its duration, with its type, status, size and context', async () => {
  const { context, page, sessionId } = await open('/graphql.html');
  await page.evaluate(async () => {
    const { rum } = window;
    rum.startResource('wss://live.example.com/feed', { type: 'fetch', method: 'GET', context: { channel: 'prices' } });
    rum.startResource('https://cdn.example.com/a.bin', { resourceKey: 'second' });
    await new Promise((ok) => setTimeout(ok, 120));
    rum.stopResource('wss://live.example.com/feed', { statusCode: 101, size: 512 });
    rum.stopResource('https://cdn.example.com/a.bin'); // started under its key: not stopped
    rum.stopResource('https://cdn.example.com/a.bin', { resourceKey: 'second', type: 'media' });
    rum.stopResource('https://never.started.example/');
  });
  await settle(page, sessionId);
  const custom = eventsOf(sessionId, 'resource').filter((e) => !e.resource.url.startsWith(server().url));
  assert.equal(custom.length, 2);
  const [feed, media] = custom;
  assert.deepEqual(
    [feed.resource.type, feed.resource.method, feed.resource.status_code, feed.resource.size, feed.context],
    ['fetch', 'GET', 101, 512, { channel: 'prices' }],
  );
  assert.ok(feed.resource.duration >= 110e6 && feed.resource.duration < 2e9, String(feed.resource.duration));
  assert.equal(media.resource.type, 'media');
  assert.equal(media.resource.url, 'https://cdn.example.com/a.bin');
  assertValid(sessionId);
  await context.close();
});

test('the page itself is a document resource with its timings, linked to the trace the server rendered it in', async () => {
  for (const [path, traceId] of [
    ['/document.html', '5467838362345638912'],
    ['/commented.html', '8473612930457812345'],
    ['/stale.html', undefined],
  ]) {
    const { context, page, sessionId } = await open(path);
    await page.waitForLoadState('load');
    await page.waitForTimeout(300);
    await settle(page, sessionId);
    const documents = eventsOf(sessionId, 'resource').filter((e) => e.resource.type === 'document');
    assert.equal(documents.length, 1, path);
    const [doc] = documents;
    assert.equal(doc.resource.url, new URL(path, server().url).href);
    assert.equal(doc.resource.method, 'GET');
    assert.equal(doc.resource.status_code, 200);
    assert.ok(doc.resource.duration > 0 && doc.resource.duration < 5e9, String(doc.resource.duration));
    assert.ok(doc.resource.size > 0, 'its decoded size');
    assert.ok(doc.resource.first_byte && doc.resource.download, JSON.stringify(doc.resource));
    const [view] = eventsOf(sessionId, 'view');
    assert.ok(Math.abs(doc.date - view.date) < 1000, 'at the navigation start');
    assert.equal(doc._dd.trace_id, traceId, path);
    if (traceId) assert.match(doc._dd.span_id, /^[1-9][0-9]*$/);
    assertValid(sessionId);
    await context.close();
  }
});
