// The entry without its engine: under node, the engine's WebAssembly module cannot be fetched
// (there is none beside the sources), which is exactly the case of a page whose download fails.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { installPage } from './dom-stub.mjs';

let rum;
let ctx;
before(async () => {
  installPage();
  rum = await import('../src/index.js');
  ({ ctx } = await import('../src/ctx.js'));
});

test('calls before init are buffered, and getSessionId says undefined', () => {
  rum.setUser({ id: 'u1' });
  rum.startView('home');
  assert.deepEqual(ctx.buffer.map((b) => b[0]), ['setUser', 'startView']);
  assert.deepEqual(ctx.buffer[1][2], ['home', 'https://app.example.com/']);
  assert.equal(rum.getSessionId(), undefined);
});

test('a wasmUrl that is neither a string nor a URL is refused by name', async () => {
  await assert.rejects(rum.init({ wasmUrl: 42 }), /wasm-rum: wasmUrl must be a string or a URL, got number/);
  assert.equal(ctx.state, 'idle');
});

test('an engine that cannot load rejects init, and the SDK stays off', async () => {
  await assert.rejects(rum.init({ applicationId: 'x' }), /wasm-rum: could not load the WebAssembly module/);
  assert.equal(ctx.state, 'failed');
  assert.equal(ctx.on, false);
  assert.equal(ctx.buffer.length, 0);
  rum.addAction('after');
  assert.equal(ctx.buffer.length, 0);
  // The History wrapper is in place and transparent.
  assert.equal(history.pushState({}, '', '/x'), 'pushed');
});
