// The demo intake under bad and heavy input: garbage, mixed lines, truncated deflate, a wrong
// encoding, a huge body, a retried request, 100 concurrent posts. It answers with a clear 4xx,
// keeps serving, and loses no valid event.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { randomUUID } from 'node:crypto';
import { startDemo } from './helpers.mjs';

let demo;
let dbDir;

before(async () => {
  dbDir = await mkdtemp(join(tmpdir(), 'wasm-rum-intake-'));
  demo = await startDemo({ extraArgs: ['--db', join(dbDir, 'demo.sqlite')] });
});

after(async () => {
  await demo?.stop();
  if (dbDir) await rm(dbDir, { recursive: true, force: true });
});

const event = (session, i) =>
  JSON.stringify({
    type: 'action',
    date: Date.now(),
    application: { id: '7f3d2a10-5c4b-4e8f-9a61-0b2c3d4e5f60' },
    session: { id: session, type: 'user' },
    view: { id: randomUUID(), url: 'http://127.0.0.1/' },
    action: { type: 'custom', target: { name: `a-${i}` } },
    _dd: { format_version: 2 },
  });

async function post(body, headers = {}, query = '') {
  const response = await fetch(new URL(`/api/v2/rum?ddsource=browser${query}`, demo.url), {
    method: 'POST',
    body,
    headers: { 'content-type': 'text/plain', ...headers },
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}

async function stored(session) {
  const r = await fetch(new URL(`/dashboard/api/sessions/${session}`, demo.url));
  if (r.status === 404) return 0;
  return (await r.json()).timeline.length;
}

async function stillServing() {
  assert.equal((await fetch(demo.url)).status, 200);
}

test('garbage and mixed lines: bad lines are refused and counted, good ones kept', async () => {
  const garbage = await post('this is not json\n{"also": "not an event"}\n');
  assert.equal(garbage.status, 400);
  assert.deepEqual({ ...garbage.body, errors: garbage.body.errors.length }, { accepted: 0, rejected: 2, errors: 2 });
  assert.match(garbage.body.errors[0], /^line 1: not JSON/);
  assert.equal(garbage.body.errors[1], 'line 2: type is missing');
  const session = randomUUID();
  const mixed = await post([event(session, 0), '{"type":"view"', event(session, 1), ''].join('\n'));
  assert.equal(mixed.status, 202);
  assert.deepEqual(mixed.body, { accepted: 2, rejected: 1, errors: ['line 2: not JSON (EOF while parsing an object at line 1 column 14)'] });
  assert.equal(await stored(session), 2);
  await stillServing();
});

test('deflate bodies are read; truncated ones and other encodings are refused', async () => {
  const session = randomUUID();
  const packed = deflateSync(Buffer.from([event(session, 0), event(session, 1)].join('\n')));
  assert.equal((await post(packed, { 'content-encoding': 'deflate' })).status, 202);
  assert.equal(await stored(session), 2);
  // As Datadog's SDK says it: in the query, with no header.
  const other = randomUUID();
  const inQuery = deflateSync(Buffer.from(event(other, 0)));
  assert.equal((await post(inQuery, {}, '&dd-evp-encoding=deflate')).status, 202);
  assert.equal(await stored(other), 1);
  const truncated = await post(packed.subarray(0, packed.length - 6), { 'content-encoding': 'deflate' });
  assert.equal(truncated.status, 400);
  assert.match(truncated.body.error, /not valid deflate/);
  const gzip = await post(packed, { 'content-encoding': 'gzip' });
  assert.equal(gzip.status, 415);
  assert.match(gzip.body.error, /"gzip" is not supported/);
  await stillServing();
});

test('a body over 5 MiB gets 413', async () => {
  const huge = await post('x'.repeat(5 * 1024 * 1024 + 1));
  assert.equal(huge.status, 413);
  await stillServing();
});

test('a retried request (same dd-request-id) is stored once', async () => {
  const session = randomUUID();
  const body = [event(session, 0), event(session, 1)].join('\n');
  const id = `&dd-request-id=${randomUUID()}`;
  assert.equal((await post(body, {}, id)).status, 202);
  const again = await post(body, {}, id);
  assert.equal(again.status, 202);
  assert.equal(again.body.duplicate, true);
  assert.equal(await stored(session), 2);
});

test('100 concurrent posts: every valid event is kept', async () => {
  const session = randomUUID();
  const results = await Promise.all(
    Array.from({ length: 100 }, (_, i) =>
      post([0, 1, 2, 3, 4].map((j) => event(session, i * 5 + j)).join('\n'), {}, `&dd-request-id=${randomUUID()}`),
    ),
  );
  assert.deepEqual([...new Set(results.map((r) => r.status))], [202]);
  assert.equal(await stored(session), 500);
  await stillServing();
});
