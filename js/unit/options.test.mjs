import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readOptions } from '../src/options.js';

test('options cross as JSON, with functions and matchers kept here and marked', () => {
  const beforeSend = () => true;
  const proxy = () => 'https://proxy.example/';
  const re = /api/;
  const read = readOptions({
    applicationId: 'x',
    env: undefined,
    beforeSend,
    proxy,
    allowedTracingUrls: ['https://a.example', re],
    __proto__: null,
  });
  assert.deepEqual(JSON.parse(read.json), {
    applicationId: 'x',
    beforeSend: { $js: -1 },
    proxy: { $js: -1 },
    allowedTracingUrls: ['https://a.example', { $js: 0 }],
  });
  assert.equal(read.beforeSend, beforeSend);
  assert.equal(read.proxy, proxy);
  assert.deepEqual(read.matchers, [re]);
  // A key named __proto__ is an option like any other (the module refuses it as unknown).
  const odd = readOptions(JSON.parse('{"__proto__": 1, "site": "datadoghq.eu"}'));
  assert.deepEqual(JSON.parse(odd.json), JSON.parse('{"__proto__": 1, "site": "datadoghq.eu"}'));
});

test('what is not an object goes as it is, for the module to name', () => {
  assert.equal(readOptions(undefined).json, undefined);
  assert.equal(readOptions('abc').json, '"abc"');
  assert.equal(readOptions([1]).json, '[1]');
  // A beforeSend that is not a function is data: the module says what it should be.
  assert.equal(readOptions({ beforeSend: 12 }).json, '{"beforeSend":12}');
});

test('functions and symbols where data is expected, and unreadable objects, are refused by name', () => {
  const message =
    'wasm-rum: service must be a string, number, boolean, array or plain object ' +
    '(functions, symbols and class instances cannot be read)';
  assert.throws(() => readOptions({ applicationId: 'x', service: () => 'svc' }), { message });
  assert.throws(() => readOptions({ service: Symbol('s') }), { message });
  const trap = Object.defineProperty({}, 'site', { enumerable: true, get() { throw new Error('no'); } });
  assert.throws(() => readOptions(trap), { message: 'wasm-rum: the configuration object cannot be read' });
  const proxy = new Proxy({}, { ownKeys() { throw new Error('no'); } });
  assert.throws(() => readOptions(proxy), { message: 'wasm-rum: the configuration object cannot be read' });
});

test('allowedTrackingOrigins stays with the engine: the module only learns it was given', () => {
  const read = readOptions({ applicationId: 'x', allowedTrackingOrigins: [/app/, (o) => true, 'https://a.example'] });
  assert.deepEqual(JSON.parse(read.json), { applicationId: 'x', allowedTrackingOrigins: true });
});
