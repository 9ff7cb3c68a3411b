import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as m from '../src/module.js';

// A stand-in for the module's exports: its memory, an inbox at 1024, an outbox at 8192, and a
// record of every call with the arguments it got.
function fakeModule() {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const calls = [];
  const record = (name, result) => (...args) => {
    calls.push([name, ...args]);
    return typeof result === 'function' ? result(...args) : result;
  };
  const exports = {
    memory,
    rumIn: () => 1024,
    rumOut: () => 8192,
    calls,
    // The inbox's strings for lengths `lens` after `skip` bytes of numbers.
    strings(lens, skip = 0) {
      let at = 1024 + skip;
      return lens.map((len) => {
        if (len < 0) return null;
        const s = new TextDecoder().decode(new Uint8Array(memory.buffer, at, len));
        at += len;
        return s;
      });
    },
    // Writes the outbox's parts as the module does.
    outbox(...parts) {
      const data = new DataView(memory.buffer);
      data.setUint32(8192, parts.length, true);
      let at = 8192;
      for (const part of parts) {
        const bytes = typeof part === 'string' ? new TextEncoder().encode(part) : part;
        data.setUint32(at + 4, bytes.length, true);
        new Uint8Array(memory.buffer, at + 8, bytes.length).set(bytes);
        at += 4 + bytes.length;
      }
    },
  };
  for (const name of ['rumOnClick', 'rumApi', 'rumError', 'rumAddRequest', 'rumStart', 'rumSignal', 'rumTakeExit', 'rumGetSessionId']) {
    exports[name] = record(name);
  }
  m.attach(exports);
  return exports;
}

test('strings cross as UTF-8 in the inbox, by byte length; none is -1', () => {
  const w = fakeModule();
  m.rumOnClick(7, 3, 'Pay €5', null, 'ünï 😀', undefined, 'BUTTON');
  const [[name, id, flags, ...lens]] = w.calls;
  assert.equal(name, 'rumOnClick');
  assert.deepEqual([id, flags], [7, 3]);
  assert.deepEqual(lens, [8, -1, 10, -1, 6]);
  assert.deepEqual(w.strings(lens), ['Pay €5', null, 'ünï 😀', null, 'BUTTON']);
});

test('numbers go first in the inbox, then the strings', () => {
  const w = fakeModule();
  m.rumAddRequest(1, 'GET', 'https://a.example/x', 200, 1700000000000, 12.5, false, 3, Float64Array.of(1.5, 2, 3));
  const [[, kind, method, url, graphql, status, start, duration, failed, handle, count]] = w.calls;
  assert.equal(graphql, -1, 'no GraphQL');
  assert.deepEqual([kind, status, start, duration, failed, handle, count], [1, 200, 1700000000000, 12.5, false, 3, 3]);
  assert.deepEqual([...new Float64Array(w.memory.buffer, 1024, 3)], [1.5, 2, 3]);
  assert.deepEqual(w.strings([method, url], 24), ['GET', 'https://a.example/x']);
  m.rumAddRequest(0, 'POST', 'https://a.example/graphql', 200, 1, 1, false, 0, new Float64Array(0), '{"operationName":"Q"}');
  const [, , postMethod, postUrl, postGraphql] = w.calls.pop();
  assert.deepEqual(w.strings([postMethod, postUrl, postGraphql]), ['POST', 'https://a.example/graphql', '{"operationName":"Q"}']);
});

test('the app values cross as sanitized JSON, with one warning for what had to go', () => {
  const w = fakeModule();
  const warnings = [];
  m.host.warn = (message) => warnings.push(message);
  const cyclic = { id: 'u1' };
  cyclic.self = cyclic;
  m.rumApi(0, cyclic);
  const [, op, a, b] = w.calls.pop();
  assert.equal(op, 0);
  assert.deepEqual(w.strings([a, b]), ['{"id":"u1","self":"[Circular]"}', null]);
  m.rumApi(1, 'company_id', { f() {} });
  const [, , key, value] = w.calls.pop();
  assert.deepEqual(w.strings([key, value]), ['"company_id"', '{}']);
  m.rumError(3, 'boom', 'TypeError', undefined, { provider: 'stripe' });
  const [, kind, ...lens] = w.calls.pop();
  assert.equal(kind, 3);
  assert.deepEqual(w.strings(lens), ['boom', 'TypeError', null, '{"provider":"stripe"}']);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /dropped or turned into strings/);
});

test('results come back from the outbox as parts', () => {
  const w = fakeModule();
  w.rumNextSend = () => {
    w.outbox('42', 'https://intake.example/rum?x', new Uint8Array([1, 2, 3]));
    return 1700000000000;
  };
  const [deadline, id, url, body] = m.rumNextSend(false, true);
  assert.deepEqual([deadline, id, url, [...body]], [1700000000000, 42, 'https://intake.example/rum?x', [1, 2, 3]]);
  body[0] = 9; // a copy, not a view of the module's memory
  assert.equal(new Uint8Array(w.memory.buffer, 8192 + 8 + 2 + 4 + 28 + 4, 1)[0], 1);
  w.rumNextSend = () => (w.outbox(), Infinity);
  assert.equal(m.rumNextSend(true, true), Infinity);

  w.rumTakeExit = () => w.outbox('u1', 'b1', 'u2', 'b2');
  assert.deepEqual(
    m.rumTakeExit(true).map(([u, b]) => [u, new TextDecoder().decode(b)]),
    [['u1', 'b1'], ['u2', 'b2']],
  );
  w.rumGetSessionId = () => w.outbox();
  assert.equal(m.rumGetSessionId(), undefined);
  w.rumGetSessionId = () => w.outbox('abc');
  assert.equal(m.rumGetSessionId(), 'abc');
  for (const [code, parts, plan] of [[-1, [], null], [0, [], undefined], [1, ['5', 'traceparent', '00-…'], ['5', 'traceparent', '00-…']]]) {
    w.rumPlanRequest = () => (w.outbox(...parts), code);
    assert.deepEqual(m.rumPlanRequest('https://a.example/'), plan);
  }
  w.rumInit = () => (w.outbox('wasm-rum: site must be …'), -2);
  assert.throws(() => m.rumInit('{}'), { message: 'wasm-rum: site must be …' });
  w.rumInit = () => -1;
  assert.equal(m.rumInit('{}'), undefined);
  w.rumInit = () => 13;
  assert.equal(m.rumInit('{}'), 13);
});

// Calls an import with `text` written in the module's memory at 2048.
function withText(w, text) {
  const bytes = new TextEncoder().encode(text);
  new Uint8Array(w.memory.buffer, 2048, bytes.length).set(bytes);
  return [2048, bytes.length];
}

// What an import prepared for `take`, as the module copies it (to 4096).
function taken(w, len) {
  m.imports.r.take(4096);
  return new TextDecoder().decode(new Uint8Array(w.memory.buffer, 4096, len));
}

test('the stores are read, written and removed through the host, and never throw', () => {
  const w = fakeModule();
  let value;
  const writes = [];
  m.host.stores = [(v, maxAge) => (v === undefined ? value : void writes.push([v, maxAge])), () => { throw new Error('refused'); }];
  assert.equal(m.imports.r.store(0, 0, -2, 0), -1, 'nothing stored');
  value = 'sid=1&é';
  const len = m.imports.r.store(0, 0, -2, 0);
  assert.equal(taken(w, len), 'sid=1&é');
  m.imports.r.store(0, ...withText(w, 'next'), 900);
  m.imports.r.store(0, 0, -1, 0);
  assert.deepEqual(writes, [['next', 900], [null, 0]]);
  assert.equal(m.imports.r.store(1, 0, -2, 0), -1, 'a throwing store reads as empty');
  m.imports.r.store(1, ...withText(w, 'x'), 0);
});

test('matchers are called by number; a global RegExp starts over; one that throws does not match', () => {
  const w = fakeModule();
  m.host.matchers = [/graphql$/g, (url) => url.includes('/fn/'), () => { throw new Error('bug'); }];
  for (let i = 0; i < 3; i++) assert.equal(m.imports.r.matches(0, ...withText(w, 'https://x.example/graphql')), 1);
  assert.equal(m.imports.r.matches(1, ...withText(w, 'https://x.example/fn/')), 1);
  assert.equal(m.imports.r.matches(1, ...withText(w, 'https://x.example/')), 0);
  assert.equal(m.imports.r.matches(2, ...withText(w, 'https://x.example/')), 0);
  assert.equal(m.imports.r.matches(9, ...withText(w, 'https://x.example/')), 0, 'no such matcher');
});

test('beforeSend: dropped, unchanged when it throws (warned once), or the edited copy with its context apart', () => {
  const w = fakeModule();
  const warnings = [];
  m.host.warn = (message) => warnings.push(message);
  const event = JSON.stringify({ type: 'error', error: { message: 'secret' }, context: { a: 1 } });
  m.host.beforeSend = () => false;
  assert.equal(m.imports.r.before_send(...withText(w, event)), -1);
  m.host.beforeSend = () => {
    throw new Error('app bug');
  };
  assert.equal(m.imports.r.before_send(...withText(w, event)), -2);
  assert.equal(m.imports.r.before_send(...withText(w, event)), -2);
  assert.deepEqual(warnings, ['beforeSend threw an exception; the event is sent unchanged']);
  m.host.beforeSend = (e) => {
    e.error.message = 'redacted';
    e.context.fn = () => 1;
    e.context.b = 2;
  };
  const len = m.imports.r.before_send(...withText(w, event));
  assert.deepEqual(JSON.parse(taken(w, len)), [{ a: 1, b: 2 }, { type: 'error', error: { message: 'redacted' } }]);
});

test('random bytes fill the module memory, or say the browser has none', () => {
  const w = fakeModule();
  assert.equal(m.imports.r.random(512, 256), 1);
  assert.ok(new Uint8Array(w.memory.buffer, 512, 256).some((b) => b !== 0));
});
