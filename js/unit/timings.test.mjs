import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTimings, matches, TIMING_WAIT_MS } from '../src/timings.js';

const request = (over) => ({ kind: 0, url: 'https://a/x', start: 100, duration: 50, ...over });
const entry = (over) => ({ initiatorType: 'fetch', name: 'https://a/x', startTime: 100.5, ...over });

test('an entry belongs to a request of its kind and URL that was under way when it started', () => {
  assert.ok(matches(request(), entry()));
  assert.ok(matches(request({ kind: 1 }), entry({ initiatorType: 'xmlhttprequest' })));
  assert.ok(!matches(request({ kind: 1 }), entry()));
  assert.ok(!matches(request(), entry({ name: 'https://a/y' })));
  assert.ok(!matches(request(), entry({ startTime: 151 })));
  assert.ok(!matches(request(), entry({ startTime: 98 })));
});

test('whichever comes second reports: entry first or request first', () => {
  const reported = [];
  const t = createTimings((r, e) => reported.push([r.url, e?.startTime]));
  t.arrived(entry());
  t.finished(request());
  t.finished(request({ url: 'https://a/z' }));
  t.arrived(entry({ name: 'https://a/z' }));
  assert.deepEqual(reported, [
    ['https://a/x', 100.5],
    ['https://a/z', 100.5],
  ]);
});

test('a request whose entry never comes is reported without one after the wait', () => {
  const reported = [];
  const t = createTimings((r, e) => reported.push([r.url, e]));
  t.finished(request());
  assert.equal(t.deadline(), 150 + TIMING_WAIT_MS);
  // `expire(before)`: the requests that ended before `before` (the engine passes now − the wait).
  t.expire(149);
  assert.equal(reported.length, 0);
  t.expire(150);
  assert.deepEqual(reported, [['https://a/x', undefined]]);
  assert.equal(t.deadline(), Infinity);
});

test('entries nobody claims are forgotten in bulk past 200', () => {
  const reported = [];
  const t = createTimings((r, e) => reported.push(e));
  for (let i = 0; i < 201; i++) t.arrived(entry({ name: 'https://intake/' + i }));
  t.finished(request({ url: 'https://intake/5' }));
  assert.equal(reported.length, 0, 'the early entry was dropped with the rest');
});
