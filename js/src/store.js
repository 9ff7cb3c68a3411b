// Where the session record lives, and the events kept for a next page: the engine hands these
// to the module, which decides what to store and when.
//
// The session goes to localStorage by default: a cookie rides along on every request the page
// makes to its own origin (about 0.3 ms of CPU each, measured on a page without the SDK), and
// tabs of one origin share localStorage as they share cookies. A cookie (SameSite=Strict, Secure
// on https) only where subdomains must share the session (trackSessionAcrossSubdomains) or where
// storage is refused; memory when neither works.

const SESSION = '_wrum_s';
const KEPT = '_wrum_unsent';
const CONTEXTS = '_wrum_ctx';

function storage() {
  try {
    const s = localStorage;
    s.setItem('_wrum_probe', '1');
    s.removeItem('_wrum_probe');
    return s;
  } catch {
    return undefined; // refused by the browser's settings, or no storage at all
  }
}

/** `a.b.example.co.uk` → `co.uk`, …, `a.b.example.co.uk`: the widest first (browsers refuse public suffixes). */
export function domainCandidates(host) {
  if (/^[\d.]*$/.test(host) || !host.includes('.')) return [];
  const labels = host.split('.');
  return labels.slice(0, -1).map((_, i) => labels.slice(labels.length - 2 - i).join('.'));
}

// `secure`: true, false, or 'partitioned' (Datadog's `usePartitionedCrossSiteSessionCookie`: a
// cookie a page embedded in another site's iframe may keep, partitioned by that site).
export function cookieLine(name, value, maxAge, domain, secure) {
  const partitioned = secure === 'partitioned';
  return `${name}=${value}; path=/; max-age=${maxAge}; SameSite=${partitioned ? 'None' : 'Strict'}${domain}${secure ? '; Secure' : ''}${partitioned ? '; Partitioned' : ''}`;
}

function readCookie(name) {
  for (const pair of document.cookie.split(';')) {
    const p = pair.trim();
    const i = p.indexOf('=');
    // (the value itself holds `=`: split at the first one only)
    if (i > 0 && p.slice(0, i) === name && i + 1 < p.length) return p.slice(i + 1);
  }
  return undefined;
}

// `cookie`: Datadog's [useSecureSessionCookie, usePartitionedCrossSiteSessionCookie].
function cookieStore(acrossSubdomains, [secure, partitioned] = []) {
  secure = partitioned ? 'partitioned' : secure || location.protocol === 'https:';
  const domains = (acrossSubdomains ? domainCandidates(location.hostname) : []).map((d) => '; domain=' + d);
  // The widest domain that takes a cookie, or a host-only one.
  for (const domain of [...domains, '']) {
    try {
      document.cookie = cookieLine('_wrum_test', '1', 60, domain, secure);
      const works = readCookie('_wrum_test') !== undefined;
      document.cookie = cookieLine('_wrum_test', '', 0, domain, secure);
      if (works) {
        return (value, maxAge) => {
          if (value === undefined) return readCookie(SESSION);
          document.cookie = cookieLine(SESSION, value ?? '', value === null ? 0 : maxAge, domain, secure);
        };
      }
    } catch {
      return undefined; // a document without cookies (sandboxed)
    }
  }
  return undefined;
}

// `(value, maxAge)`: `undefined` reads, `null` removes, a string writes.
function storageEntry(s, key) {
  return (value) => {
    try {
      if (value === undefined) return s.getItem(key) ?? undefined;
      if (value === null) s.removeItem(key);
      else s.setItem(key, value);
    } catch {
      // full or refused: the session lives on in the page, the kept events are lost
    }
  };
}

function memoryStore() {
  let memory;
  return (value) => (value === undefined ? memory : void (memory = value ?? undefined));
}

/**
 * `[session, kept, contexts]`: functions `(value, maxAgeSeconds)` where `undefined` reads,
 * `null` removes and a string writes; `kept` (the events kept for a next page) and `contexts`
 * (`storeContextsAcrossPages`) store nothing where localStorage is refused. The session
 * goes to the first of `persistence` that works (Datadog's `sessionPersistence`: `cookie`,
 * `local-storage`, `memory`, or a list of them); by default localStorage, or a cookie across
 * subdomains, then the other, then memory. `cookie`: see `cookieStore`.
 */
export function createStores(acrossSubdomains, persistence, cookie) {
  const local = storage();
  const order = persistence
    ? [].concat(persistence)
    : acrossSubdomains
      ? ['cookie', 'local-storage', 'memory']
      : ['local-storage', 'cookie', 'memory'];
  let session;
  for (const kind of order) {
    if (kind === 'cookie') session = cookieStore(acrossSubdomains, cookie);
    else if (kind === 'local-storage') session = local && storageEntry(local, SESSION);
    else if (kind === 'memory') session = memoryStore();
    if (session) break;
  }
  // None of those works: the session lives in the page.
  session ??= memoryStore();
  const none = () => undefined;
  return [session, local ? storageEntry(local, KEPT) : none, local ? storageEntry(local, CONTEXTS) : none];
}
