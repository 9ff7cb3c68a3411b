// The package entry. It loads the WebAssembly module once, owns every hook into the page
// (listeners, the History and console wrappers, observers, timers) and guards each call into the
// module: a failed download, a bad config or a trap inside the SDK never breaks the host page.
import loadModule, * as sdk from './wasm_rum.js';

const PREFIX = 'wasm-rum: ';
const TRACK_CLICKS = 1;
const TRACK_CONSOLE_ERRORS = 2;
const TRACK_RESOURCES = 4;
const COMPRESS = 8;
// How long a finished fetch waits for its PerformanceResourceTiming entry (which the browser adds
// only once the body is in) before it is reported without one.
const TIMING_WAIT_MS = 3000;
// API calls made before the SDK runs are replayed once it does, up to this many.
const MAX_QUEUED = 1000;
// keepalive requests share a 64 KiB budget per page; stay under it.
const KEEPALIVE_LIMIT = 60 * 1024;

// The page's own network functions as they were when this module loaded: the SDK's own requests
// go through them, never through instrumented versions.
const nativeFetch = typeof fetch === 'function' ? fetch.bind(globalThis) : undefined;
const nativeBeacon =
  typeof navigator !== 'undefined' && typeof navigator.sendBeacon === 'function'
    ? navigator.sendBeacon.bind(navigator)
    : undefined;

// idle → starting → running; failed (the module did not load) and disabled (a trap) are final.
let state = 'idle';
let queue = [];
let reported = false;

function warn(message) {
  try {
    console.warn(PREFIX + message);
  } catch {
    // a console that throws is the page's business, not ours
  }
}

function describe(value) {
  try {
    return value instanceof Error ? value.message : String(value);
  } catch {
    return 'unknown error';
  }
}

function fault(error) {
  if (error instanceof WebAssembly.RuntimeError) {
    state = 'disabled';
    queue = [];
  }
  if (!reported) {
    reported = true;
    const disabled = state === 'disabled' ? ', the SDK is now disabled' : '';
    warn('internal error' + disabled + ': ' + describe(error));
  }
}

// Runs `fn` against the running module, then sends the batch if it is due.
function run(fn, fallback) {
  if (state !== 'running') return fallback;
  try {
    const result = fn();
    drain(false);
    return result;
  } catch (error) {
    fault(error);
    return fallback;
  }
}

// A listener or wrapper body that can never throw into the page.
function guard(fn) {
  return function guarded(...args) {
    run(() => fn.apply(this, args));
  };
}

// ---- delivery ----
//
// The core decides what goes and when (batches, one request in flight, backoff, offline); this
// part compresses, sends with the page's original fetch, and reports the status back.

let compress = false;

async function deflate(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

// Retry-After in milliseconds: delta-seconds or an HTTP date; NaN when absent or unreadable.
function retryAfterMs(value) {
  if (!value) return NaN;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : NaN;
}

async function deliver(id, url, body) {
  let status = 0;
  let retryAfter = NaN;
  try {
    let payload = new TextEncoder().encode(body);
    const headers = { 'Content-Type': 'text/plain;charset=UTF-8' };
    if (compress) {
      payload = await deflate(payload);
      headers['Content-Encoding'] = 'deflate';
    }
    const response = await nativeFetch(url, {
      method: 'POST',
      body: payload,
      headers,
      keepalive: payload.byteLength <= KEEPALIVE_LIMIT,
      mode: 'cors',
      credentials: 'omit',
    });
    status = response.status;
    retryAfter = retryAfterMs(response.headers.get('Retry-After'));
    // Until its response body is read, a keepalive request keeps its bytes counted against the
    // page's 64 KiB keepalive budget, and the next one would be refused.
    await response.arrayBuffer().catch(() => {});
  } catch {
    status = 0; // network error, CORS refusal, or the fetch could not start
  }
  run(() => sdk.rumSendResult(id, status, retryAfter));
}

// Sends the next request if one may go now; `force` seals the batch first (flush).
function drain(force) {
  if (!nativeFetch) return;
  const online = typeof navigator === 'undefined' || navigator.onLine !== false;
  const next = sdk.rumNextSend(force, online);
  if (next) deliver(next[0], next[1], next[2]);
}

// The page may be closed: everything waiting goes now by sendBeacon (no compression, which is
// asynchronous), or by a keepalive fetch when the beacon is refused.
function sendOnExit() {
  const online = typeof navigator === 'undefined' || navigator.onLine !== false;
  for (const [url, body] of sdk.rumTakeExit(online)) {
    try {
      const blob = new Blob([body], { type: 'text/plain;charset=UTF-8' });
      if (nativeBeacon && nativeBeacon(url, blob)) continue;
      nativeFetch?.(url, { method: 'POST', body: blob, keepalive: true, mode: 'cors', credentials: 'omit' }).catch(() => {});
    } catch {
      // nothing more can be done while the page goes away
    }
  }
}

// A copy taken when the call is made: later changes by the app do not leak into the event.
function snapshot(value) {
  if (value === null || typeof value !== 'object') return value;
  try {
    return structuredClone(value);
  } catch {
    return value; // functions or DOM nodes inside: the SDK's sanitizer handles the original
  }
}

// Public calls: run now, queue before the SDK runs, drop after a failure.
function api(fn) {
  return (...args) => {
    if (state === 'running') return run(() => fn(...args));
    if ((state === 'idle' || state === 'starting') && queue.length < MAX_QUEUED) {
      queue.push([fn, args.map(snapshot)]);
    }
    return undefined;
  };
}

function underSessionLock(fn) {
  // Tabs that start together must not each create a session: the Web Locks API serialises
  // them across tabs, so the second one finds the first one's session.
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks || typeof locks.request !== 'function') return Promise.resolve().then(fn);
  let done = false;
  const once = () => {
    if (!done) {
      done = true;
      fn();
    }
  };
  try {
    return locks.request('wasm-rum-session', once).catch(once);
  } catch {
    return Promise.resolve().then(once);
  }
}

/**
 * Starts the SDK. Resolves once it runs; rejects with an `Error` naming the bad option when the
 * configuration is invalid (and then starts nothing), or when the module cannot be loaded.
 */
export async function init(config) {
  if (state === 'disabled') throw new Error(PREFIX + 'the SDK is disabled after an internal error');
  let options = config;
  let wasmUrl;
  if (config !== null && typeof config === 'object' && 'wasmUrl' in config) {
    ({ wasmUrl, ...options } = config);
    if (typeof wasmUrl !== 'string' && !(wasmUrl instanceof URL)) {
      throw new Error(PREFIX + 'wasmUrl must be a string or a URL, got ' + typeof wasmUrl);
    }
  }
  try {
    await loadModule(wasmUrl === undefined ? undefined : { module_or_path: wasmUrl });
  } catch (error) {
    if (state === 'idle') {
      state = 'failed';
      queue = [];
    }
    throw new Error(PREFIX + 'could not load the WebAssembly module: ' + describe(error));
  }
  let flags;
  try {
    flags = sdk.rumInit(options);
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError) fault(error);
    throw error;
  }
  if (flags === undefined) return; // a second init: warned, the first one goes on
  state = 'starting';
  compress = (flags & COMPRESS) !== 0 && typeof CompressionStream === 'function';
  await underSessionLock(() => {
    try {
      sdk.rumStart();
      install(flags);
      state = 'running';
    } catch (error) {
      fault(error);
    }
  });
  const pending = queue;
  queue = [];
  for (const [fn, args] of pending) run(() => fn(...args));
}

let lastActivity = 0;
let inputSeen = false;

function install(flags) {
  const on = (target, type, fn, options) => target.addEventListener(type, guard(fn), options);
  const passive = { capture: true, passive: true };
  if (flags & TRACK_CLICKS) on(document, 'click', (e) => sdk.rumOnClick(e.target), passive);
  on(window, 'error', (e) => {
    if (e instanceof ErrorEvent) sdk.rumOnError(e);
  });
  on(window, 'unhandledrejection', (e) => sdk.rumOnRejection(e.reason));
  on(window, 'popstate', () => sdk.rumOnNavigate(2));
  on(window, 'hashchange', () => sdk.rumOnNavigate(3));
  wrapHistory('pushState', 0);
  wrapHistory('replaceState', 1);
  for (const type of ['pointerdown', 'keydown', 'scroll', 'touchstart']) {
    on(window, type, activity, passive);
  }
  on(document, 'visibilitychange', () => {
    if (document.visibilityState === 'hidden') hidden();
  });
  on(window, 'pagehide', hidden, { capture: true });
  on(window, 'beforeunload', hidden, { capture: true });
  on(window, 'online', () => drain(false));
  if (flags & TRACK_CONSOLE_ERRORS) wrapConsoleError();
  wrapFetch();
  wrapXhr();
  observePerformance(flags);
  setInterval(
    guard(() => {
      reportStaleRequests(performance.now() - TIMING_WAIT_MS);
      sdk.rumTick();
    }),
    1000,
  );
}

function activity(e) {
  if (e.type === 'pointerdown' || e.type === 'keydown') inputSeen = true;
  const now = Date.now();
  if (now - lastActivity < 1000) return;
  lastActivity = now;
  sdk.rumOnActivity();
}

// The page may be closed right after it is hidden: everything pending goes by sendBeacon.
function hidden() {
  reportStaleRequests(Infinity);
  sdk.rumOnHidden();
  sendOnExit();
}

// ---- fetch and XMLHttpRequest ----
//
// The wrappers keep the browser's semantics exactly: the caller gets the very promise, result,
// exception and events the original gives. The SDK's part runs in try/catch around the original
// call; if it fails, the call goes through exactly as the app made it. A request the app did not
// allow for tracing is passed on untouched, byte for byte.

// Finished requests waiting for their resource timing entry.
let awaitingTiming = [];

function absoluteUrl(url) {
  return new URL(String(url), location.href).href;
}

// Adds the trace headers of `plan` (trace id, span id, sampled, then name/value pairs, one per
// line) that the caller did not set itself.
function traceHeaders(plan, has, set) {
  const parts = plan.split('\n');
  for (let i = 3; i < parts.length; i += 2) {
    if (!has(parts[i])) set(parts[i], parts[i + 1]);
  }
}

function finished(request, status, failed) {
  request.duration = performance.now() - request.start;
  request.status = status;
  request.failed = failed;
  // The entry may come before or after the request ends: whichever comes second reports.
  const entry = findTiming(request);
  if (entry) report(request, entry);
  else awaitingTiming.push(request);
}

function report(request, entry) {
  sdk.rumAddRequest(
    request.kind,
    request.method,
    request.url,
    request.status,
    performance.timeOrigin + request.start,
    request.duration,
    entry,
    request.trace,
    request.failed,
  );
}

function matchesTiming(request, entry) {
  const type = request.kind === 'xhr' ? 'xmlhttprequest' : 'fetch';
  return (
    entry.initiatorType === type &&
    entry.name === request.url &&
    entry.startTime >= request.start - 1 &&
    entry.startTime <= request.start + request.duration
  );
}

// Timing entries of fetch/XHR that came before their request finished, by URL. The observer sees
// every entry (the browser's own buffer keeps only 250, and the page's buffer is not ours to
// clear); entries of requests the SDK does not report (its own intake's) are forgotten in bulk.
const recentTimings = new Map();
let recentCount = 0;

function rememberTiming(entry) {
  let list = recentTimings.get(entry.name);
  if (!list) recentTimings.set(entry.name, (list = []));
  list.push(entry);
  if (++recentCount > 200) {
    recentTimings.clear();
    recentCount = 0;
  }
}

function findTiming(request) {
  const list = recentTimings.get(request.url);
  if (!list) return undefined;
  for (let i = list.length - 1; i >= 0; i--) {
    if (matchesTiming(request, list[i])) {
      recentCount--;
      const [entry] = list.splice(i, 1);
      if (list.length === 0) recentTimings.delete(request.url);
      return entry;
    }
  }
  return undefined;
}

// A resource timing entry arrived: the request it belongs to can be reported now.
function timingArrived(entry) {
  const i = awaitingTiming.findIndex((r) => matchesTiming(r, entry));
  if (i < 0) {
    rememberTiming(entry);
    return;
  }
  report(awaitingTiming.splice(i, 1)[0], entry);
}

function reportStaleRequests(before) {
  if (awaitingTiming.length === 0) return;
  const stale = awaitingTiming.filter((r) => r.start + r.duration <= before);
  awaitingTiming = awaitingTiming.filter((r) => r.start + r.duration > before);
  for (const r of stale) report(r, undefined);
}

function wrapFetch() {
  const original = globalThis.fetch;
  if (typeof original !== 'function') return;
  globalThis.fetch = function fetch(input, init) {
    let request;
    if (state === 'running') {
      try {
        request = planFetch(input, init);
      } catch (error) {
        fault(error);
        request = undefined;
      }
    }
    if (!request) return original.apply(this, arguments);
    const promise = original.apply(this, request.args);
    // Observing the outcome must not change it, nor create an unhandled rejection.
    promise.then(
      guard((response) => finished(request, response.status, response.status >= 500)),
      guard((error) => finished(request, 0, !(error && error.name === 'AbortError'))),
    );
    return promise;
  };
}

function planFetch(input, init) {
  const isRequest = typeof Request === 'function' && input instanceof Request;
  const url = absoluteUrl(isRequest ? input.url : input);
  const plan = sdk.rumPlanRequest(url);
  if (plan === null) return undefined;
  const method = String((init && init.method) || (isRequest ? input.method : 'GET')).toUpperCase();
  const request = { kind: 'fetch', method, url, start: performance.now(), args: [input, init] };
  if (init === undefined) request.args.length = 1;
  const mode = (init && init.mode) || (isRequest ? input.mode : 'cors');
  // A no-cors request cannot carry custom headers: adding some would make it fail.
  if (plan !== undefined && mode !== 'no-cors') {
    const given = init && init.headers !== undefined ? init.headers : isRequest ? input.headers : undefined;
    const headers = new Headers(given);
    traceHeaders(plan, (n) => headers.has(n), (n, v) => headers.set(n, v));
    request.args = [input, { ...init, headers }];
    request.trace = plan;
  }
  return request;
}

function wrapXhr() {
  if (typeof XMLHttpRequest !== 'function') return;
  const proto = XMLHttpRequest.prototype;
  const { open, send, setRequestHeader } = proto;
  const requests = new WeakMap();
  proto.open = function (method, url) {
    try {
      requests.set(this, { method: String(method).toUpperCase(), rawUrl: url, headers: new Set() });
    } catch {
      requests.delete(this);
    }
    return open.apply(this, arguments);
  };
  proto.setRequestHeader = function (name) {
    const result = setRequestHeader.apply(this, arguments);
    try {
      requests.get(this)?.headers.add(String(name).toLowerCase());
    } catch {
      // only bookkeeping
    }
    return result;
  };
  proto.send = function () {
    const request = requests.get(this);
    if (request && !request.sent && state === 'running') {
      try {
        planXhr(this, request, setRequestHeader);
      } catch (error) {
        fault(error);
      }
    }
    return send.apply(this, arguments);
  };
}

function planXhr(xhr, request, setRequestHeader) {
  request.url = absoluteUrl(request.rawUrl);
  const plan = sdk.rumPlanRequest(request.url);
  if (plan === null) return;
  request.sent = true;
  request.kind = 'xhr';
  if (plan !== undefined) {
    traceHeaders(
      plan,
      (n) => request.headers.has(n.toLowerCase()),
      (n, v) => setRequestHeader.call(xhr, n, v),
    );
    request.trace = plan;
  }
  let outcome = 'load';
  const note = (e) => (outcome = e.type);
  xhr.addEventListener('error', note);
  xhr.addEventListener('timeout', note);
  xhr.addEventListener('abort', note);
  xhr.addEventListener(
    'loadend',
    guard(() => {
      const status = outcome === 'load' ? xhr.status : 0;
      finished(request, status, outcome === 'error' || outcome === 'timeout' || status >= 500);
    }),
    { once: true },
  );
  request.start = performance.now();
}

// The original runs first and its result or exception is the caller's, exactly as before.
function wrapHistory(name, kind) {
  const original = history[name];
  if (typeof original !== 'function') return;
  const notify = guard(() => sdk.rumOnNavigate(kind));
  history[name] = function (...args) {
    const result = original.apply(this, args);
    notify();
    return result;
  };
}

function wrapConsoleError() {
  const original = console.error;
  if (typeof original !== 'function') return;
  const notify = guard((args) => sdk.rumOnConsoleError(args));
  console.error = function (...args) {
    notify(args);
    return original.apply(this, args);
  };
}

function observe(type, onEntry, extra) {
  try {
    const observer = new PerformanceObserver(
      guard((list) => {
        for (const entry of list.getEntries()) onEntry(entry);
      }),
    );
    observer.observe({ type, buffered: true, ...extra });
  } catch {
    // an entry type this browser does not know
  }
}

function observePerformance(flags) {
  if (typeof PerformanceObserver !== 'function') return;
  observe('resource', (e) => {
    if (e.initiatorType === 'fetch' || e.initiatorType === 'xmlhttprequest') timingArrived(e);
    else if (flags & TRACK_RESOURCES && e.initiatorType !== 'beacon') {
      sdk.rumAddResourceEntry(e, performance.timeOrigin);
    }
  });
  observe('paint', (e) => {
    if (e.name === 'first-contentful-paint') sdk.rumTiming('fcp', e.startTime);
  });
  // LCP candidates stop counting at the first input, as web-vitals defines it.
  observe('largest-contentful-paint', (e) => {
    if (!inputSeen) sdk.rumTiming('lcp', e.startTime);
  });
  observe('layout-shift', (e) => sdk.rumLayoutShift(e.value, e.startTime, e.hadRecentInput));
  const interactions = new Set();
  observe(
    'event',
    (e) => {
      if (!e.interactionId || interactions.has(e.interactionId)) return;
      if (interactions.size > 1000) interactions.clear();
      interactions.add(e.interactionId);
      sdk.rumInteraction(e.duration);
    },
    { durationThreshold: 40 },
  );
  observe('longtask', () => sdk.rumLongTask());
  observe('navigation', (e) => {
    sdk.rumTiming('ttfb', e.responseStart);
    sdk.rumTiming('dom_interactive', e.domInteractive);
    sdk.rumTiming('dom_content_loaded', e.domContentLoadedEventEnd);
    sdk.rumTiming('dom_complete', e.domComplete);
    if (e.loadEventEnd > 0) sdk.rumTiming('load_event', e.loadEventEnd);
  });
}

/** The id of the current session, or `undefined` before `init` or when it is not tracked. */
export function getSessionId() {
  return run(() => sdk.rumGetSessionId(), undefined);
}

export const setUser = api((user) => sdk.rumSetUser(user));
export const clearUser = api(() => sdk.rumClearUser());
export const setGlobalContextProperty = api((key, value) =>
  sdk.rumSetGlobalContextProperty(key, value),
);
export const removeGlobalContextProperty = api((key) => sdk.rumRemoveGlobalContextProperty(key));
export const setGlobalContext = api((context) => sdk.rumSetGlobalContext(context));
export const clearGlobalContext = api(() => sdk.rumClearGlobalContext());
export const addAction = api((name, context) => sdk.rumAddAction(name, context));
export const addError = api((error, context) => sdk.rumAddError(error, context));
export const startView = api((name) => sdk.rumStartView(name));
export const stopSession = api(() => sdk.rumStopSession());

/** Sends everything pending now (the events of pending clicks and the view's latest state included). */
export const flush = api(() => {
  reportStaleRequests(Infinity);
  sdk.rumOnHidden();
  drain(true);
});

// Test builds only (the cargo feature `fault-injection`): makes the module trap, so the tests can
// prove that the page survives it. A no-op in the published package.
export const __injectFault = api(() => sdk.rumInjectPanic?.());
