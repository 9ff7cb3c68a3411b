import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitMatchers } from '../src/tracing.js';

test('RegExps and functions become numbered markers, in order; the rest goes as written', () => {
  const fn = (url) => url.includes('/fn/');
  const re = /legacy/;
  const [options, matchers] = splitMatchers({
    applicationId: 'x',
    allowedTracingUrls: ['https://api.example.com', /\/graphql$/g, fn, { match: re, propagatorTypes: ['b3multi'] }, { url: 'u' }, 42],
  });
  assert.deepEqual(options.allowedTracingUrls, [
    'https://api.example.com',
    { $js: 0 },
    { $js: 1 },
    { match: { $js: 2 }, propagatorTypes: ['b3multi'] },
    { url: 'u' },
    42,
  ]);
  assert.equal(matchers[1], fn);
  assert.equal(matchers[2], re);
  assert.equal(options.applicationId, 'x');
});

test('no list, or an unreadable one, goes as it is', () => {
  const options = { allowedTracingUrls: 'https://a.io' };
  assert.deepEqual(splitMatchers(options), [options, []]);
  assert.deepEqual(splitMatchers(undefined), [undefined, []]);
  const hostile = {
    get allowedTracingUrls() {
      throw new Error('getter');
    },
  };
  assert.deepEqual(splitMatchers(hostile), [hostile, []]);
});

test('a matcher is a RegExp (from its start), a function, or an equal string; one that throws does not match', async () => {
  const { test: matches } = await import('../src/tracing.js');
  const global = /^https:\/\/a\.example$/g;
  assert.equal(matches(global, 'https://a.example'), true);
  assert.equal(matches(global, 'https://a.example'), true, 'lastIndex reset');
  assert.equal(matches((v) => v.endsWith('.example'), 'https://b.example'), true);
  assert.equal(matches('https://a.example', 'https://a.example'), true);
  assert.equal(matches('https://a.example', 'https://a.example.evil'), false, 'strings are exact');
  assert.equal(matches(() => { throw new Error('app bug'); }, 'x'), false);
  assert.equal(matches(undefined, 'x'), false);
});

test('allowedTrackingOrigins: a list whose entry matches lets the SDK run; anything else says why not', async () => {
  const { refusedOrigin } = await import('../src/tracing.js');
  const origin = 'https://app.example';
  assert.equal(refusedOrigin(undefined, origin), undefined);
  assert.equal(refusedOrigin(null, origin), undefined);
  assert.equal(refusedOrigin(['https://other.example', /^https:\/\/app\./], origin), undefined);
  assert.equal(refusedOrigin([(o) => o === origin], origin), undefined);
  assert.equal(
    refusedOrigin(['https://app.example/', 42, () => { throw new Error('bug'); }], origin),
    'allowedTrackingOrigins does not allow this origin, https://app.example; nothing was started',
  );
  for (const bad of ['https://app.example', { match: 'x' }, 1]) {
    assert.equal(refusedOrigin(bad, origin), 'allowedTrackingOrigins must be a list of origins, RegExps or functions');
  }
});

test('excludedActivityUrls and allowedGraphQlUrls: a list, none given is an empty one, anything else is refused by name', async () => {
  const { matcherList } = await import('../src/tracing.js');
  const list = ['https://a.example/poll', /\/graphql$/, () => true];
  assert.equal(matcherList({ excludedActivityUrls: list }, 'excludedActivityUrls'), list);
  assert.deepEqual(matcherList({}, 'allowedGraphQlUrls'), []);
  assert.deepEqual(matcherList(undefined, 'allowedGraphQlUrls'), []);
  assert.deepEqual(matcherList({ allowedGraphQlUrls: null }, 'allowedGraphQlUrls'), []);
  for (const bad of ['https://a.example/graphql', /graphql/, { match: 'x' }, 1, true]) {
    for (const name of ['excludedActivityUrls', 'allowedGraphQlUrls']) {
      assert.throws(() => matcherList({ [name]: bad }, name), {
        message: 'wasm-rum: ' + name + ' must be a list of URLs, RegExps or functions',
      });
    }
  }
});
