import { test, before, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { installPage } from './dom-stub.mjs';
import { ctx } from '../src/ctx.js';

const logged = [];
const names = () => ctx.buffer.map((b) => b[0]);

before(async () => {
  installPage();
  console.error = (...args) => logged.push(args);
  const { installHooks } = await import('../src/hooks.js');
  installHooks({ trackConsoleErrors: true });
});

beforeEach(() => {
  Object.assign(ctx, { state: 'starting', on: true, buffer: [], dropped: 0, sink: undefined });
  logged.length = 0;
});

test('errors and rejections are recorded as they happen', () => {
  const error = new ErrorEvent('error', { message: 'boom', error: new Error('boom') });
  window.dispatchEvent(error);
  const rejection = new Event('unhandledrejection');
  rejection.reason = 'nope';
  window.dispatchEvent(rejection);
  assert.deepEqual(names(), ['error', 'rejection']);
  assert.equal(ctx.buffer[0][2][0], error);
  assert.deepEqual(ctx.buffer[1][2], ['nope']);
});

test('History keeps its result; the navigation is recorded with the URL it went to', () => {
  assert.equal(history.pushState({}, '', '/cart'), 'pushed');
  history.replaceState({}, '', '/cart?step=2');
  window.dispatchEvent(new Event('popstate'));
  assert.deepEqual(ctx.buffer.map((b) => b[2]), [
    ['https://app.example.com/cart'],
    ['https://app.example.com/cart?step=2'],
    ['https://app.example.com/cart?step=2'],
  ]);
});

test('console.error still logs exactly what it was given', () => {
  const err = new Error('x');
  console.error('failed', err);
  assert.deepEqual(logged, [['failed', err]]);
  assert.deepEqual(names(), ['console']);
});

test('activity: the first input at once, then at most once a second', () => {
  const at = (type) => window.dispatchEvent(new Event(type));
  at('scroll');
  at('scroll');
  at('pointerdown');
  at('keydown');
  assert.deepEqual(ctx.buffer.map((b) => b[2]), [[false], [true]]);
});

test('the page going away is recorded; nothing is when the SDK is off', () => {
  window.dispatchEvent(new Event('pagehide'));
  document.visibilityState = 'hidden';
  document.dispatchEvent(new Event('visibilitychange'));
  assert.deepEqual(names(), ['hidden', 'hidden']);
  ctx.on = false;
  window.dispatchEvent(new Event('pagehide'));
  history.pushState({}, '', '/off');
  assert.equal(ctx.buffer.length, 2);
});
