// fetch and XMLHttpRequest, wrapped so that the caller gets the very promise, result, exception
// and events the original gives. The SDK's part runs in try/catch around the original call; if
// it fails, the call goes through exactly as the app made it. A request the engine does not
// trace is passed on untouched, byte for byte. Before the engine runs, requests are reported
// but carry no trace headers.
import { FETCH, XHR } from './abi.js';
import { ctx, observe } from './ctx.js';

const absoluteUrl = (url) => new URL(String(url), location.href).href;

// The engine's plan for `url`: null to leave it alone (the SDK's own intake), undefined to
// report it without headers, or `[handle, name, value, …]` for the trace headers to add.
const planFor = (url) => (ctx.plan ? ctx.plan(url) : undefined);

// Adds the plan's headers that the caller did not set itself (`own(name)`: its value, or
// null); returns the plan's handle. A W3C `baggage` the caller set keeps its entries, and gets
// the plan's for the keys it lacks: the whole list where `set` replaces, the added entries
// where it appends (XHR's setRequestHeader joins values with a comma).
function addHeaders(plan, own, set, appends) {
  for (let i = 1; i < plan.length; i += 2) {
    const [name, value] = [plan[i], plan[i + 1]];
    const given = own(name);
    if (given == null) set(name, value);
    else if (name === 'baggage') {
      const keys = given.split(',').map((m) => m.split('=')[0].trim());
      const added = value.split(',').filter((m) => !keys.includes(m.split('=')[0]));
      if (added.length) set(name, appends ? added.join(',') : given + ',' + added.join(','));
    }
  }
  return +plan[0];
}

function finished(request, status, failed) {
  observe('request', [
    request.kind,
    request.method,
    request.url,
    status,
    request.start,
    performance.now() - request.start,
    failed,
    request.handle,
    request.body,
  ]);
}

/** Wraps `fetch` and `XMLHttpRequest`, once. */
export function wrapNetwork() {
  wrapFetch();
  wrapXhr();
}

function wrapFetch() {
  const original = globalThis.fetch;
  if (typeof original !== 'function') return;
  globalThis.fetch = function fetch(input, init) {
    let request;
    try {
      if (ctx.on) request = planFetch(input, init);
    } catch {
      // e.g. a header name the browser refuses: the original call reports the app's own error
      request = undefined;
    }
    if (!request) return original.apply(this, arguments);
    const promise = original.apply(this, request.args);
    // Observing the outcome must not change it, nor create an unhandled rejection.
    promise.then(
      (response) => finished(request, response.status, response.status >= 500),
      (error) => finished(request, 0, !(error && error.name === 'AbortError')),
    );
    return promise;
  };
}

function planFetch(input, init) {
  const isRequest = typeof Request === 'function' && input instanceof Request;
  const url = absoluteUrl(isRequest ? input.url : input);
  const plan = planFor(url);
  if (plan === null) return undefined;
  const method = String((init && init.method) || (isRequest ? input.method : 'GET')).toUpperCase();
  // (The body, a string for GraphQL, is only referenced: the engine reads it for allowedGraphQlUrls.)
  const request = { kind: FETCH, method, url, start: performance.now(), args: [input, init], body: init?.body };
  if (init === undefined) request.args.length = 1;
  const mode = (init && init.mode) || (isRequest ? input.mode : 'cors');
  // A no-cors request cannot carry custom headers: adding some would make it fail.
  if (plan !== undefined && mode !== 'no-cors') {
    const given = init && init.headers !== undefined ? init.headers : isRequest ? input.headers : undefined;
    // Headers given as a plain object (or none) stay one: the browser reads it once, where a
    // Headers object costs a call into the browser per header set.
    const plain = given === undefined || Object.getPrototypeOf(given) === Object.prototype;
    let headers;
    if (plain) {
      headers = { ...given };
      // (The app's own name for a header, whatever its case, is the one kept and merged.)
      const key = (n) => Object.keys(headers).find((k) => k.toLowerCase() === n.toLowerCase());
      request.handle = addHeaders(
        plan,
        (n) => headers[key(n)] ?? null,
        (n, v) => (headers[key(n) ?? n] = v),
      );
    } else {
      headers = new Headers(given);
      request.handle = addHeaders(plan, (n) => headers.get(n), (n, v) => headers.set(n, v));
    }
    request.args = [input, { ...init, headers }];
  }
  return request;
}

function wrapXhr() {
  if (typeof XMLHttpRequest !== 'function') return;
  const proto = XMLHttpRequest.prototype;
  const { open, send, setRequestHeader, abort } = proto;
  const requests = new WeakMap();
  proto.open = function (method, url) {
    try {
      requests.set(this, { kind: XHR, method: String(method).toUpperCase(), rawUrl: url, headers: new Map() });
    } catch {
      requests.delete(this);
    }
    return open.apply(this, arguments);
  };
  proto.setRequestHeader = function (name, value) {
    const result = setRequestHeader.apply(this, arguments);
    try {
      // (Values as the browser joins them, for the baggage the plan merges with.)
      const headers = requests.get(this)?.headers;
      const n = String(name).toLowerCase();
      headers?.set(n, headers.has(n) ? headers.get(n) + ', ' + value : String(value));
    } catch {
      // only bookkeeping
    }
    return result;
  };
  // An abort is the app's choice, not a failure: marked here, so that one listener per request
  // tells it from an error or a timeout (status 0 all three). Aborted once done (Angular does it
  // from onreadystatechange), the request keeps what it got, and no event will tell it: it is
  // reported now, as Datadog reports it.
  proto.abort = function () {
    const request = requests.get(this);
    if (request?.sent && this.readyState === 4) done(this, request);
    else if (request) request.aborted = true;
    return abort.apply(this, arguments);
  };
  proto.send = function () {
    const request = requests.get(this);
    try {
      if (request && !request.sent && ctx.on) {
        request.body = arguments[0];
        planXhr(this, request, setRequestHeader);
      }
    } catch {
      // the request goes as the app made it
    }
    return send.apply(this, arguments);
  };
}

function planXhr(xhr, request, setRequestHeader) {
  request.url = absoluteUrl(request.rawUrl);
  const plan = planFor(request.url);
  if (plan === null) return;
  request.sent = true;
  if (plan !== undefined) {
    request.handle = addHeaders(
      plan,
      (n) => request.headers.get(n.toLowerCase()) ?? null,
      (n, v) => setRequestHeader.call(xhr, n, v),
      true,
    );
  }
  // Reported when done, before a later event of the app's reopens the same object: its status is
  // this request's.
  const listener = () => {
    if (xhr.readyState !== 4) return;
    xhr.removeEventListener('readystatechange', listener);
    done(xhr, request);
  };
  xhr.addEventListener('readystatechange', listener);
  request.start = performance.now();
}

function done(xhr, request) {
  if (request.reported) return;
  request.reported = true;
  const status = xhr.status;
  finished(request, status, !request.aborted && (status === 0 || status >= 500));
}
