// The entry without its engine: under node, the engine's WebAssembly module cannot be fetched
// (there is none beside the sources), which is exactly the case of a page whose download fails.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { installPage } from './dom-stub.mjs';
import { ACCOUNT, FEATURE_FLAGS, REPLACE_CONTEXT, SET_PROPERTY, START_VIEW, USER, VERSION } from '../src/abi.js';

let rum;
let ctx;
before(async () => {
  installPage();
  rum = await import('../src/index.js');
  ({ ctx } = await import('../src/ctx.js'));
});

test('calls before init are buffered, and the getters say undefined or an empty context', () => {
  const user = { id: 'u1' };
  rum.setUser(user);
  user.id = 'changed later';
  rum.setAccountProperty('id', 'a1');
  rum.addFeatureFlagEvaluation('beta', true);
  rum.startView('home');
  assert.deepEqual(ctx.buffer.map((b) => b[0]), ['context', 'context', 'context', 'api']);
  // [context, change, a, b] by the numbers of src/browser/abi.rs, a copy of the app's value.
  assert.deepEqual(ctx.buffer[0][2], [USER, REPLACE_CONTEXT, { id: 'u1' }, undefined]);
  assert.deepEqual(ctx.buffer[1][2], [ACCOUNT, SET_PROPERTY, 'id', 'a1']);
  assert.deepEqual(ctx.buffer[2][2], [FEATURE_FLAGS, SET_PROPERTY, 'beta', true]);
  assert.deepEqual(ctx.buffer[3][2], [START_VIEW, 'home', 'https://app.example.com/']);
  assert.equal(rum.getSessionId(), undefined);
  for (const get of [rum.getUser, rum.getAccount, rum.getGlobalContext, rum.getViewContext]) assert.deepEqual(get(), {});
});

test('introspection before the engine runs: version, onReady, no internal context', () => {
  assert.equal(rum.version, VERSION);
  assert.match(rum.version, /^\d+\.\d+\.\d+/);
  let called = 0;
  rum.onReady(() => called++);
  assert.equal(called, 1);
  // The app's own exception in its callback is its own: it reaches the app.
  assert.throws(() => rum.onReady(() => { throw new Error('app bug'); }), /app bug/);
  assert.equal(rum.getInternalContext(), undefined);
  assert.equal(rum.getInitConfiguration(), undefined);
});

test('setTrackingConsent takes "granted" or "not-granted", and warns about anything else', () => {
  const warned = [];
  const original = console.warn;
  console.warn = (m) => warned.push(m);
  try {
    rum.setTrackingConsent('maybe');
    assert.equal(ctx.consent, undefined);
    assert.deepEqual(warned, ['wasm-rum: setTrackingConsent expects "granted" or "not-granted"']);
    rum.setTrackingConsent('granted');
    assert.equal(ctx.consent, 'granted');
  } finally {
    console.warn = original;
    ctx.consent = undefined;
  }
});

test('a wasmUrl that is neither a string nor a URL is refused by name', async () => {
  await assert.rejects(rum.init({ wasmUrl: 42 }), /wasm-rum: wasmUrl must be a string or a URL, got number/);
  assert.equal(ctx.state, 'idle');
  // What init was given, as a copy.
  const given = rum.getInitConfiguration();
  assert.deepEqual(given, { wasmUrl: 42 });
  given.wasmUrl = 1;
  assert.deepEqual(rum.getInitConfiguration(), { wasmUrl: 42 });
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
