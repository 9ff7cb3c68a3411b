import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { ctx, emit, observe, MAX_BUFFERED } from '../src/ctx.js';

beforeEach(() => {
  Object.assign(ctx, { state: 'idle', on: false, buffer: [], dropped: 0, sink: undefined });
});

test('before the engine runs, calls are buffered in order with their time', () => {
  const t = Date.now();
  emit('addAction', ['a']);
  emit('setUser', [{ id: 1 }]);
  assert.deepEqual(ctx.buffer.map(([name, , args]) => [name, args]), [
    ['addAction', ['a']],
    ['setUser', [{ id: 1 }]],
  ]);
  assert.ok(ctx.buffer[0][1] >= t && ctx.buffer[0][1] <= Date.now());
});

test('a buffered API call keeps a copy: later changes by the app do not leak in', () => {
  const user = { id: 'u1', tags: ['a'] };
  emit('setUser', [user], true);
  user.id = 'u2';
  user.tags.push('b');
  assert.deepEqual(ctx.buffer[0][2], [{ id: 'u1', tags: ['a'] }]);
  // What cannot be cloned (a function inside) is kept as given, for the engine's sanitizer.
  const odd = { f() {} };
  emit('setUser', [odd], true);
  assert.equal(ctx.buffer[1][2][0], odd);
});

test('the buffer is bounded and counts what it drops', () => {
  for (let i = 0; i < MAX_BUFFERED + 25; i++) emit('addAction', [i]);
  assert.equal(ctx.buffer.length, MAX_BUFFERED);
  assert.equal(ctx.dropped, 25);
  assert.deepEqual(ctx.buffer.at(-1)[2], [MAX_BUFFERED - 1], 'the first ones are kept');
});

test('once the engine runs, calls go straight to it; after a failure they go nowhere', () => {
  const seen = [];
  ctx.state = 'running';
  ctx.sink = (name, args) => seen.push([name, args]);
  emit('addAction', ['now']);
  assert.deepEqual(seen, [['addAction', ['now']]]);
  assert.equal(ctx.buffer.length, 0);
  ctx.sink = undefined;
  ctx.state = 'failed';
  emit('addAction', ['lost']);
  assert.equal(ctx.buffer.length, 0);
});

test('hooks report only while on, and never throw', () => {
  observe('click', [1]);
  assert.equal(ctx.buffer.length, 0, 'off before init');
  ctx.on = true;
  ctx.state = 'starting';
  observe('click', [1]);
  assert.equal(ctx.buffer.length, 1);
  ctx.sink = () => {
    throw new Error('engine bug');
  };
  assert.doesNotThrow(() => observe('click', [2]));
});
