import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sanitize } from '../src/sanitize.js';

test('plain data is copied as it is', () => {
  const value = { a: 1, b: 'x', c: [true, null, 2.5], d: { e: {} }, 'q"\n': 'é😀' };
  assert.deepEqual(sanitize(value), [JSON.stringify(value), false]);
  assert.deepEqual(sanitize(undefined), [undefined, false]);
  assert.deepEqual(sanitize(() => 1), [undefined, true]);
  assert.deepEqual(sanitize(-0), ['0', false]);
  assert.deepEqual(sanitize(1e21), ['1e+21', false]);
});

test('hostile values are dropped or turned into strings, and nothing throws', () => {
  // A DOM node, as the page has them (node has no DOM).
  globalThis.Node = class Node {};
  class HTMLDivElement extends Node {}
  try {
    const o = {
      f() {},
      s: Symbol('tag'),
      big: 10n ** 20n,
      node: new HTMLDivElement(),
      when: new Date(0),
      bad: new Date(NaN),
      err: new TypeError('nope'),
      undef: undefined,
      nan: NaN,
      list: [() => 1, undefined],
    };
    o.self = o;
    Object.defineProperty(o, 'trap', { enumerable: true, get() { throw new Error('getter'); } });
    o.proxy = new Proxy({}, { ownKeys() { throw new Error('proxy'); } });
    o.json = { toJSON() { return { from: 'toJSON' }; } };
    o[Symbol('key')] = 'symbol keys are left out, as JSON does';
    const [json, lossy] = sanitize(o);
    assert.equal(lossy, true);
    assert.equal(
      json,
      '{"s":"Symbol(tag)","big":"100000000000000000000","node":"[HTMLDivElement]",' +
        '"when":"1970-01-01T00:00:00.000Z","bad":"Invalid Date","err":"TypeError: nope",' +
        '"nan":null,"list":[null,null],"self":"[Circular]","proxy":{},"json":{"from":"toJSON"}}',
    );
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    assert.deepEqual(sanitize({ revoked: proxy }), ['{"revoked":{}}', true]);
  } finally {
    delete globalThis.Node;
  }
});

test('a value seen twice but not inside itself is copied twice', () => {
  const shared = { id: 1 };
  assert.deepEqual(sanitize({ a: shared, b: [shared] }), ['{"a":{"id":1},"b":[{"id":1}]}', false]);
});

test('huge and deep values are bounded', () => {
  let [json, lossy] = sanitize('x'.repeat(1_000_000));
  assert.ok(lossy && json.length < 40 * 1024, `${json.length}`);
  [json, lossy] = sanitize(Array.from({ length: 100_000 }, (_, i) => i));
  assert.ok(lossy && json.length < 40 * 1024);
  JSON.parse(json);
  const root = {};
  let o = root;
  for (let i = 0; i < 50; i++) o = o.n = {};
  [json, lossy] = sanitize(root);
  assert.ok(lossy && json.includes('"[…]"'), json);
  // A cut never splits a surrogate pair.
  [json] = sanitize('😀'.repeat(40_000));
  assert.doesNotMatch(JSON.parse(json), /[\ud800-\udbff]$/);
  // A bigger budget where the caller asks for one (beforeSend's copy of an event).
  [json, lossy] = sanitize({ stack: 'y'.repeat(100_000) }, 1 << 20);
  assert.equal(lossy, false);
});
