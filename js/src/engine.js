// The engine: the WebAssembly module and the code that feeds it. `index.js` imports it once
// `init()` is called, so none of it is on the page's critical path. It replays what the hooks
// buffered (each at the time it happened), then takes every observation as it comes, guards
// each call into the module, and owns the one timer and the delivery.
import * as sdk from './module.js';
import { host, load } from './module.js';
import { createDelivery } from './delivery.js';
import { createStores } from './store.js';
import { fromConsole, fromCustom, fromErrorEvent, fromRejection, fromReport, read } from './errors.js';
import { readOptions } from './options.js';
import { matcherList, refusedOrigin, test } from './tracing.js';
// The numbers the module and this file exchange, defined once in src/browser/abi.rs.
import {
  ACTIVITY, CLICK_SCROLLED, CLICK_TYPED, CLOCK, CONSENT_WITHDRAWN, FLUSH, GET_CONTEXT, HIDDEN, INPUT, LONG_TASK_ENTRY, MAY_BE_DEAD, PAGE_CHANGE, SELECTED,
  REQUEST_END, REQUEST_START, STOP_SESSION, TICK, TIMING_FIELDS, TRACK_CLICKS, TRACK_LONG_TASKS, TRACK_RESOURCES, VIEW_LOADED,
} from './abi.js';
import { clickSources } from './click.js';
import { longTask } from './longtask.js';
import { createTimer } from './timer.js';
import { createTimings, TIMING_WAIT_MS } from './timings.js';

const PREFIX = 'wasm-rum: ';

let ctx;
let flags = 0;
// How the session is stored: [trackSessionAcrossSubdomains, sessionPersistence].
let stores;
let delivery;
let reported = false;
// Page activity (DOM mutations, requests, loaded resources) goes to the module only while it
// watches for it (a click's first 100 ms, a new view until the page settles), and the DOM is
// observed only then. `excludedActivityUrls`: the app's matchers of requests that do not count.
let watching = false;
let mutations;
let excluded = [];
// `allowedGraphQlUrls`: the app's matchers, each alone or `{ match, trackPayload }`.
let graphQlUrls = [];
// [actionNameAttribute, privacy level or false], for click.js.
let naming;
const name = (target) => clickSources(target, naming[0], naming[1]);
let documentSent = 0;
// Resource timing fields, in the order the module reads them.
const fields = TIMING_FIELDS.split(',');
const timer = createTimer(() => run(wake));
const timings = createTimings((r, entry) =>
  sdk.rumAddRequest(r.kind, r.method, r.url, r.status, performance.timeOrigin + r.start, r.duration, r.failed, r.handle ?? 0, numbers(entry), r.graphql),
);

function warn(message) {
  try {
    console.warn(PREFIX + message);
  } catch {
    // a console that throws is the page's business, not ours
  }
}

function fault(error) {
  if (error instanceof WebAssembly.RuntimeError) {
    ctx.state = 'disabled';
    ctx.on = false;
    ctx.sink = ctx.plan = ctx.sessionId = ctx.get = ctx.name = undefined;
    ctx.buffer = [];
    watch(0);
  }
  if (!reported) {
    reported = true;
    const disabled = ctx.state === 'disabled' ? ', the SDK is now disabled' : '';
    let why;
    try {
      why = error instanceof Error ? error.message : String(error);
    } catch {
      why = 'unknown error';
    }
    warn('internal error' + disabled + ': ' + why);
  }
}

// Runs `fn` against the module; a fault there never reaches the page.
function call(fn, fallback) {
  if (ctx.state === 'disabled') return fallback;
  try {
    return fn();
  } catch (error) {
    fault(error);
    return fallback;
  }
}

// `call`, then lets the transport send what is due and re-arms the timer.
const run = (fn, fallback) => call(() => {
  const result = fn();
  drain(false);
  return result;
}, fallback);

const online = () => navigator.onLine !== false;

// Sends the next request if one may go now (`force` seals the batch first), and arms the timer
// for the next deadline: the module's, or a request's wait for its timing entry.
function drain(force) {
  let next = sdk.rumNextSend(force, online());
  if (typeof next !== 'number') {
    const [, id, url, body] = next;
    delivery.send(url, body).then(([status, retryAfter]) => run(() => sdk.rumSendResult(id, status, retryAfter)));
    next = next[0];
  }
  timer.arm(Math.min(next, performance.timeOrigin + timings.deadline()));
}

function wake() {
  timings.expire(performance.now() - TIMING_WAIT_MS);
  sdk.rumSignal(TICK);
}

function watch(on) {
  if (!on === !watching) return;
  watching = !!on;
  try {
    if (!watching) mutations.disconnect();
    else {
      mutations ??= new MutationObserver(() => run(() => activity(PAGE_CHANGE, NaN)));
      mutations.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
    }
  } catch {
    // a browser without MutationObserver: requests and resources still count
  }
}

// `at`: the time (NaN for now), or a request's duration when it ended.
function activity(kind, at, url) {
  if (watching && !(url && excluded.some((m) => test(m, url)))) watch(sdk.rumSignal(kind, at));
}

// The `resource.graphql` object (JSON) of a GraphQL request to an allowed URL (a POST's JSON
// body, a GET's query parameters), as Datadog reads it: the operation type and name, and the
// variables and the query itself only with `trackPayload`.
function graphql(url, method, body) {
  const rule = graphQlUrls.find((r) => test(typeof r === 'string' ? r : r?.match ?? r, url));
  let g;
  try {
    g = rule && (method === 'GET' ? Object.fromEntries(new URL(url).searchParams) : method === 'POST' && JSON.parse(body));
  } catch {
    // not JSON: not a GraphQL request
  }
  if (!g || typeof g !== 'object') return undefined;
  let { query, operationName, variables, operationType } = g;
  if (typeof variables !== 'string') variables = variables && JSON.stringify(variables);
  query = typeof query === 'string' ? query.trim() : '';
  const type = String(/^(query|mutation|subscription)\b/i.exec(query)?.[1] ?? operationType).toLowerCase();
  const text = (v) => (typeof v === 'string' ? v : undefined);
  const all = rule.trackPayload === true;
  // (JSON.stringify leaves out what is undefined.)
  return JSON.stringify({
    operationType: ['query', 'mutation', 'subscription'].includes(type) ? type : undefined,
    operationName: text(operationName),
    variables: all ? text(variables) : undefined,
    payload: all && query ? query.slice(0, 32768) : undefined,
  });
}

// A click or a navigation the page made just now (not one replayed): the module watches.
const live = () => ctx.state === 'running';

function numbers(entry) {
  return entry ? Float64Array.from(fields, (k) => +entry[k] || 0) : new Float64Array(0);
}

// The trace the server rendered the page in, as Datadog's tracers write it (`dd-trace-id` and
// `dd-trace-time` metas, or a `DATADOG;trace-id=…,trace-time=…` comment at the document's top
// or the body's end), unless it is older than two minutes before the navigation (a cached page).
function documentTrace() {
  const meta = (name) => document.querySelector(`meta[name=${name}]`)?.content;
  let [id, time] = [meta('dd-trace-id'), meta('dd-trace-time')];
  if (!id || !time) {
    const nodes = [...document.childNodes, ...[...(document.body?.childNodes ?? [])].reverse()];
    const comment = nodes.find((n) => n.nodeType === 8 && /^\s*DATADOG;/.test(n.data))?.data ?? '';
    const field = (key) => new RegExp(`(?:^|[;,])\\s*${key}=([^,;]*)`).exec(comment)?.[1]?.trim();
    [id, time] = [field('trace-id'), field('trace-time')];
  }
  return id && +time > performance.timeOrigin - 120_000 ? id : undefined;
}

// The page may be closed right after it is hidden: everything pending goes by sendBeacon.
function hidden() {
  timings.expire(Infinity);
  sdk.rumSignal(HIDDEN);
  for (const [url, body] of sdk.rumTakeExit(online())) delivery.sendOnExit(url, body);
}

function entry(e) {
  switch (e.entryType) {
    // (Requests count as activity from the wrapped fetch and XHR; the SDK's own go around it.)
    // A request made before the hooks went in is known by its entry alone, as Datadog reports it.
    case 'resource': {
      const request = e.initiatorType === 'fetch' || e.initiatorType === 'xmlhttprequest';
      if (request && e.startTime >= ctx.hooked) timings.arrived(e);
      else {
        activity(PAGE_CHANGE, NaN, e.name);
        if (flags & TRACK_RESOURCES || request) sdk.rumAddResourceEntry(e.initiatorType, e.name, performance.timeOrigin, numbers(e));
      }
      break;
    }
    case 'paint':
      if (e.name === 'first-contentful-paint') sdk.rumTiming('fcp', e.startTime);
      break;
    // The core knows when LCP stopped (first input, first hide), and so which candidates count.
    case 'largest-contentful-paint':
      sdk.rumTiming('lcp', e.startTime);
      break;
    case 'layout-shift':
      sdk.rumTiming('cls', e.value, e.startTime, e.hadRecentInput ? 1 : 0);
      break;
    // Every entry of an interaction: the core keeps the longest of each.
    case 'event':
      sdk.rumTiming('inp', e.interactionId, e.duration, e.startTime, performance.interactionCount || 0);
      break;
    // (The event's part is written in longtask.js: a frame's scripts and their attribution.)
    case 'longtask':
    case 'long-animation-frame':
      if (flags & TRACK_LONG_TASKS) sdk.rumApi(LONG_TASK_ENTRY, e.startTime, longTask(e));
      break;
    // The page's own navigation is also its `document` resource, as Datadog sends it (once:
    // Chromium hands a buffered observer its navigation entry twice).
    case 'navigation':
      if (flags & TRACK_RESOURCES && !documentSent++) sdk.rumAddResourceEntry('navigation', e.name, performance.timeOrigin, numbers(e), documentTrace());
      sdk.rumTiming('ttfb', e.responseStart);
      sdk.rumTiming('dom_interactive', e.domInteractive);
      sdk.rumTiming('dom_content_loaded', e.domContentLoadedEventEnd);
      sdk.rumTiming('dom_complete', e.domComplete);
      if (e.loadEventEnd > 0) sdk.rumTiming('load_event', e.loadEventEnd);
  }
}

// What the hooks and the public API hand over, by name (the module's exports where the
// arguments go through as they are).
const handlers = {
  // (A replayed click cannot be dead: nobody watched the page after it. Its element is named
  // now, as it is now: a click made while the engine loaded is named once it runs.)
  click: (target, read, selected, seen, at) => {
    read = flags & TRACK_CLICKS && (read ?? name(target));
    if (!read) return;
    let bits = read[1] | (selected ? SELECTED : 0);
    if (live()) {
      watch(1);
      sdk.rumSignal(CLOCK, at);
    } else bits &= ~MAY_BE_DEAD;
    sdk.rumOnClick(read[0], bits, read[2], read[3]);
    if (live()) sdk.rumSignal(CLOCK, NaN);
    if (seen & 1) sdk.rumSignal(CLICK_SCROLLED);
    if (seen & 2) sdk.rumSignal(CLICK_TYPED);
  },
  error: (e) => sdk.rumError(...read(fromErrorEvent, e)),
  rejection: (reason) => sdk.rumError(...read(fromRejection, reason)),
  console: (args) => sdk.rumError(...read(fromConsole, args)),
  report: (r) => sdk.rumError(...read(fromReport, r)),
  // (Whether the new hash names an element of the page: an anchor is no new view, as Datadog
  // has it.)
  nav: (url) => {
    const id = new URL(url).hash.slice(1);
    sdk.rumOnNavigate(!!id && !!document.getElementById(id), url);
    if (live()) watch(1);
  },
  activity: (input) => sdk.rumSignal(input ? INPUT : ACTIVITY),
  signal: sdk.rumSignal,
  opened: () => activity(PAGE_CHANGE, NaN),
  hidden,
  online: () => {},
  request: (kind, method, url, status, start, duration, failed, handle, body) => {
    activity(REQUEST_END, duration, url);
    timings.finished({ kind, method, url, status, start, duration, failed, handle, graphql: graphql(url, method, body) });
  },
  entries: (list) => list.forEach(entry),
  context: sdk.rumContext,
  api: sdk.rumApi,
  addError: (error, context) => sdk.rumError(...read(fromCustom, error), context),
  setViewLoadingTime: () => sdk.rumSignal(VIEW_LOADED),
  stopSession: () => sdk.rumSignal(STOP_SESSION),
  flush: () => {
    timings.expire(Infinity);
    sdk.rumSignal(FLUSH);
    drain(true);
  },
  fault: () => sdk.rumInjectPanic?.(),
};

const dispatch = (name, args) => run(() => handlers[name](...args));

function underSessionLock(fn) {
  // Tabs that start together must not each create a session: the Web Locks API serialises
  // them across tabs, so the second one finds the first one's session.
  const locks = navigator.locks;
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
 * Loads the module, checks the configuration, starts the session at `page` ([time, url,
 * referrer] of the init call) and replays what was buffered. Rejects with the module's `Error`
 * naming a bad option (the SDK then goes back to idle), or with `failed(error)` when the module
 * cannot be loaded.
 */
export async function start(context, options, wasmUrl, page, failed) {
  ctx = context;
  host.warn = warn;
  let given;
  const url = wasmUrl ?? new URL('wasm_rum_bg.wasm', import.meta.url);
  try {
    // Streaming compilation, through the page's own fetch (with a plain compile when the server
    // sends the wrong MIME type).
    await load((ctx.fetch ?? fetch)(url));
  } catch (error) {
    throw failed(error);
  }
  try {
    // Datadog's allowedTrackingOrigins: on another origin, nothing starts.
    const refused = refusedOrigin(options?.allowedTrackingOrigins, location.origin);
    if (refused) throw new Error(PREFIX + refused);
    excluded = matcherList(options, 'excludedActivityUrls');
    graphQlUrls = matcherList(options, 'allowedGraphQlUrls');
    given = readOptions(options);
    host.matchers = given.matchers;
    host.beforeSend = given.beforeSend;
    flags = sdk.rumInit(given.json);
    // What click.js names clicks by: `actionNameAttribute`, and the default privacy level when
    // `enablePrivacyForActionName` is on (Datadog's default level is `mask`).
    naming = [
      options.actionNameAttribute ?? 'data-rum-action-name',
      options.enablePrivacyForActionName === true && (options.defaultPrivacyLevel ?? 'mask'),
    ];
    ctx.name = name;
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError) fault(error);
    else {
      ctx.state = 'idle';
      ctx.on = false;
    }
    throw error;
  }
  delivery = createDelivery(ctx.fetch, given.proxy);
  stores = [
    options.trackSessionAcrossSubdomains === true,
    options.sessionPersistence,
    [options.useSecureSessionCookie === true, options.usePartitionedCrossSiteSessionCookie === true],
  ];
  ctx.onConsent = consentChanged;
  if (ctx.consent === 'not-granted') {
    // Loaded, and waiting: nothing is read, written or sent until the app grants consent.
    ctx.state = 'consent';
    ctx.on = false;
    return;
  }
  await begin(page);
}

// Starts the session at `page` ([time, url, referrer]) and replays what was buffered.
async function begin(page) {
  ctx.state = 'starting';
  // (The stores probe storage by writing to it: not before consent.)
  host.stores ??= createStores(...stores);
  await underSessionLock(() => {
    call(() => {
      sdk.rumSignal(CLOCK, page[0]);
      sdk.rumStart(page[1], page[2], performance.timeOrigin);
    });
    // Everything the hooks saw and the app called so far, each at its own time.
    for (const [name, time, args] of ctx.buffer) {
      call(() => {
        sdk.rumSignal(CLOCK, time);
        handlers[name](...args);
      });
    }
    ctx.buffer = [];
    run(() => sdk.rumSignal(CLOCK, NaN));
    if (ctx.state !== 'starting') return;
    ctx.state = 'running';
    ctx.sink = dispatch;
    ctx.plan = (u) => call(() => (activity(REQUEST_START, NaN, u), sdk.rumPlanRequest(u)), null);
    ctx.sessionId = () => call(() => sdk.rumGetSessionId());
    ctx.get = (which) => call(() => sdk.rumContext(which, GET_CONTEXT), {});
    // The first view waits for the page to settle.
    watch(1);
  });
  // Consent withdrawn while the session was starting: withdrawn now.
  if (ctx.consent === 'not-granted') consentChanged();
  if (ctx.dropped > 0) {
    warn(ctx.dropped + ' events seen while the SDK was loading were dropped: the buffer was full');
    ctx.dropped = 0;
  }
}

function consentChanged() {
  if (ctx.consent === 'granted' && ctx.state === 'consent') {
    ctx.on = true;
    begin([Date.now(), location.href, document.referrer]);
  } else if (ctx.consent === 'not-granted' && ctx.state === 'running') {
    ctx.state = 'consent';
    ctx.on = false;
    ctx.sink = ctx.plan = ctx.sessionId = undefined;
    watch(0);
    run(() => sdk.rumSignal(CONSENT_WITHDRAWN));
  }
}
