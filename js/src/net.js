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

// Adds the plan's headers that the caller did not set itself; returns the plan's handle.
function addHeaders(plan, has, set) {
  for (let i = 1; i < plan.length; i += 2) if (!has(plan[i])) set(plan[i], plan[i + 1]);
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
      const own = Object.keys(headers).map((n) => n.toLowerCase());
      request.handle = addHeaders(plan, (n) => own.includes(n.toLowerCase()), (n, v) => (headers[n] = v));
    } else {
      headers = new Headers(given);
      request.handle = addHeaders(plan, (n) => headers.has(n), (n, v) => headers.set(n, v));
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
      requests.set(this, { kind: XHR, method: String(method).toUpperCase(), rawUrl: url, headers: new Set() });
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
  // An abort is the app's choice, not a failure: marked here, so that one `loadend` listener per
  // request tells it from an error or a timeout (status 0 all three).
  proto.abort = function () {
    const request = requests.get(this);
    if (request) request.aborted = true;
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
      (n) => request.headers.has(n.toLowerCase()),
      (n, v) => setRequestHeader.call(xhr, n, v),
    );
  }
  xhr.addEventListener(
    'loadend',
    () => {
      const status = xhr.status;
      finished(request, status, !request.aborted && (status === 0 || status >= 500));
    },
    { once: true },
  );
  request.start = performance.now();
}
