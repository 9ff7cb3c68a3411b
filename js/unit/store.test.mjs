import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cookieLine, createStores, domainCandidates } from '../src/store.js';

test('cookie domains go from the widest; IPs and bare hosts have none', () => {
  assert.deepEqual(domainCandidates('a.b.example.co.uk'), ['co.uk', 'example.co.uk', 'b.example.co.uk', 'a.b.example.co.uk']);
  assert.deepEqual(domainCandidates('app.example.com'), ['example.com', 'app.example.com']);
  assert.deepEqual(domainCandidates('example.com'), ['example.com']);
  assert.deepEqual(domainCandidates('localhost'), []);
  assert.deepEqual(domainCandidates('127.0.0.1'), []);
});

test('cookies are SameSite=Strict, and Secure on https; partitioned ones cross-site, Secure and Partitioned', () => {
  assert.equal(cookieLine('_wrum_s', 'id=x', 14400, '', false), '_wrum_s=id=x; path=/; max-age=14400; SameSite=Strict');
  assert.equal(
    cookieLine('_wrum_s', '', 0, '; domain=example.com', true),
    '_wrum_s=; path=/; max-age=0; SameSite=Strict; domain=example.com; Secure',
  );
  assert.equal(
    cookieLine('_wrum_s', 'id=x', 60, '', 'partitioned'),
    '_wrum_s=id=x; path=/; max-age=60; SameSite=None; Secure; Partitioned',
  );
});

test('useSecureSessionCookie makes the cookie Secure on http too; usePartitionedCrossSiteSessionCookie partitions it', () => {
  for (const [cookie, expected] of [
    [[true, false], '_wrum_s=id=1; path=/; max-age=14400; SameSite=Strict; Secure'],
    [[false, true], '_wrum_s=id=1; path=/; max-age=14400; SameSite=None; Secure; Partitioned'],
    [[false, false], '_wrum_s=id=1; path=/; max-age=14400; SameSite=Strict'],
  ]) {
    const lines = [];
    globalThis.document = {
      get cookie() {
        return lines.length ? lines.at(-1).split(';')[0] : '';
      },
      set cookie(line) {
        lines.push(line);
      },
    };
    globalThis.location = { protocol: 'http:', hostname: 'localhost' };
    const [session] = createStores(false, 'cookie', cookie);
    session('id=1', 14400);
    assert.equal(lines.at(-1), expected);
    delete globalThis.document;
    delete globalThis.location;
  }
});

function fakeStorage() {
  const map = new Map();
  return {
    map,
    getItem: (k) => (map.has(k) ? map.get(k) : null),
    setItem: (k, v) => map.set(k, String(v)),
    removeItem: (k) => map.delete(k),
  };
}

test('the session goes to localStorage by default; kept events too', () => {
  globalThis.localStorage = fakeStorage();
  const [session, kept] = createStores(false);
  assert.equal(session(), undefined);
  session('id=1&rum=1', 14400);
  assert.equal(localStorage.map.get('_wrum_s'), 'id=1&rum=1');
  assert.equal(session(), 'id=1&rum=1');
  session(null);
  assert.equal(session(), undefined);
  kept('entries');
  assert.equal(localStorage.map.get('_wrum_unsent'), 'entries');
  kept(null);
  assert.equal(kept(), undefined);
  const contexts = createStores(false)[2];
  contexts('[{},{},{}]');
  assert.equal(localStorage.map.get('_wrum_ctx'), '[{},{},{}]');
  delete globalThis.localStorage;
});

test('without storage or cookies the session lives in memory, and nothing is kept', () => {
  globalThis.document = {
    get cookie() {
      return '';
    },
    set cookie(v) {},
  };
  globalThis.location = { protocol: 'https:', hostname: 'app.example.com' };
  const [session, kept] = createStores(true);
  session('id=2', 60);
  assert.equal(session(), 'id=2');
  session(null);
  assert.equal(session(), undefined);
  kept('x');
  assert.equal(kept(), undefined);
  delete globalThis.document;
  delete globalThis.location;
});

test('across subdomains the session is a cookie on the widest domain that takes one', () => {
  const jar = new Map();
  const lines = [];
  globalThis.document = {
    get cookie() {
      return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    },
    set cookie(line) {
      lines.push(line);
      const [pair, ...attrs] = line.split('; ');
      const i = pair.indexOf('=');
      const [k, v] = [pair.slice(0, i), pair.slice(i + 1)];
      const domain = attrs.find((a) => a.startsWith('domain='))?.slice(7);
      if (domain === 'com') return; // a public suffix: refused
      if (attrs.includes('max-age=0')) jar.delete(k);
      else jar.set(k, v);
    },
  };
  globalThis.location = { protocol: 'https:', hostname: 'shop.example.com' };
  globalThis.localStorage = fakeStorage();
  const [session] = createStores(true);
  session('id=3', 14400);
  assert.equal(lines.at(-1), '_wrum_s=id=3; path=/; max-age=14400; SameSite=Strict; domain=example.com; Secure');
  assert.equal(session(), 'id=3');
  assert.equal(localStorage.map.size, 0, 'not in localStorage');
  delete globalThis.document;
  delete globalThis.location;
  delete globalThis.localStorage;
});

test('sessionPersistence chooses the store, in the order given, skipping what does not work', () => {
  globalThis.localStorage = fakeStorage();
  let jar = '';
  globalThis.document = {
    get cookie() {
      return jar;
    },
    set cookie(line) {
      const [pair] = line.split(';');
      const expired = / max-age=0/.test(line);
      const [name] = pair.split('=');
      const rest = jar.split('; ').filter((p) => p && !p.startsWith(name + '='));
      jar = (expired ? rest : [...rest, pair]).join('; ');
    },
  };
  globalThis.location = { protocol: 'https:', hostname: 'app.example.com' };
  try {
    let [session] = createStores(false, 'cookie');
    session('id=3', 60);
    assert.match(jar, /_wrum_s=id=3/);
    assert.equal(localStorage.map.has('_wrum_s'), false);
    [session] = createStores(false, ['memory', 'local-storage']);
    session('id=4', 60);
    assert.equal(session(), 'id=4');
    assert.equal(localStorage.map.has('_wrum_s'), false, 'memory came first');
    delete globalThis.localStorage;
    [session] = createStores(false, ['local-storage', 'cookie']);
    session('id=5', 60);
    assert.match(jar, /_wrum_s=id=5/, 'no storage: the cookie, next in the list');
  } finally {
    delete globalThis.localStorage;
    delete globalThis.document;
    delete globalThis.location;
  }
});
