// The WebAssembly module and its boundary (src/browser/host.rs), in place of a generated glue:
// numbers cross as they are; an export's strings (and numbers lists) are written into the
// module's inbox first and passed by their byte lengths; its results are read as parts from the
// outbox; the module's imports are the few things it asks of the page. Each wrapper below is one
// export, under the name the engine calls.
import { GET_CONTEXT } from './abi.js';
import { sanitize } from './sanitize.js';
import { test } from './tracing.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
let w; // the instance's exports
let pending; // the bytes an import prepared for `take`
let lossyWarned = false;
let threwWarned = false;

/** What the imports reach: the stores, the app's matchers and `beforeSend`, set by `init`. */
export const host = { stores: undefined, matchers: [], beforeSend: undefined, warn: undefined };

const view = (ptr, len) => new Uint8Array(w.memory.buffer, ptr, len);
const text = (ptr, len) => decoder.decode(view(ptr, len));
const str = (bytes) => decoder.decode(bytes);
// Prepares `s` for `take`: its byte length, or -1 when there is none.
const prepare = (s) => (typeof s === 'string' ? (pending = encoder.encode(s)).length : -1);

// What the module asks of the page. None may throw: an exception through the module would
// leave its state mid-change.
export const imports = {
  r: {
    now: Date.now,
    warn(ptr, len) {
      host.warn(text(ptr, len));
    },
    // `len` -2 reads the store, -1 removes what it holds, otherwise writes the text.
    store(which, ptr, len, maxAge) {
      try {
        const store = host.stores[which];
        if (len === -2) return prepare(store());
        store(len < 0 ? null : text(ptr, len), maxAge);
      } catch {
        // a store that throws (full, refused) loses the write, or reads as empty
      }
      return -1;
    },
    take(ptr) {
      view(ptr, pending.length).set(pending);
    },
    random(ptr, len) {
      try {
        crypto.getRandomValues(view(ptr, len));
        return 1;
      } catch {
        return 0;
      }
    },
    // (A matcher that throws does not match.)
    matches(index, ptr, len) {
      return test(host.matchers[index], text(ptr, len)) ? 1 : 0;
    },
    // Runs the app's hook on a copy of the event: -1 dropped, -2 unchanged (it threw), else the
    // copy as it left it, `[context, the rest]`, each sanitized on its own.
    before_send(ptr, len) {
      try {
        const copy = JSON.parse(text(ptr, len));
        // (Every event has a context to edit, as in Datadog's SDK; left empty, none is sent.)
        copy.context ??= {};
        let result;
        try {
          result = host.beforeSend(copy);
        } catch {
          if (!threwWarned) host.warn('beforeSend threw an exception; the event is sent unchanged');
          threwWarned = true;
          return -2;
        }
        if (result === false) return -1;
        let context;
        try {
          context = copy.context;
          delete copy.context;
        } catch {
          // a frozen copy: its context is read with the rest
        }
        return prepare('[' + (sanitize(context)[0] ?? 'null') + ',' + (sanitize(copy, 1 << 20)[0] ?? 'null') + ']');
      } catch {
        return -2;
      }
    },
  },
};

/**
 * Streams and compiles the module from `response` (a promise of it); compiles from its bytes
 * when the server sends another MIME type than `application/wasm`.
 */
export async function load(response) {
  if (w) return; // a second `init` after a refused configuration: the module is there
  let result;
  try {
    result = await WebAssembly.instantiateStreaming(response, imports);
  } catch (error) {
    const r = await response;
    if (!r.ok || r.headers.get('Content-Type')?.startsWith('application/wasm')) throw error;
    host.warn('not served as application/wasm, compiled without streaming');
    result = await WebAssembly.instantiate(await r.arrayBuffer(), imports);
  }
  attach(result.instance.exports);
}

/** Uses `exports` as the module's (what `load` does; the unit tests hand over their own). */
export function attach(exports) {
  w = exports;
}

// Writes `numbers` and then `strings` (null or undefined for none) into the inbox; returns the
// strings' byte lengths (-1 for none).
function put(numbers, ...strings) {
  let size = numbers.length * 8;
  for (const s of strings) size += s == null ? 0 : s.length * 3; // UTF-8 takes at most 3 bytes per UTF-16 unit
  let at = w.rumIn(size);
  if (numbers.length) new Float64Array(w.memory.buffer, at, numbers.length).set(numbers);
  at += numbers.length * 8;
  return strings.map((s) => {
    if (s == null) return -1;
    const n = encoder.encodeInto(s, view(at, size)).written;
    at += n;
    size -= n;
    return n;
  });
}

// The outbox's parts, as views of the module's memory (valid until its next call).
function parts() {
  const buffer = w.memory.buffer;
  const data = new DataView(buffer);
  let at = w.rumOut();
  const out = [];
  for (let n = data.getUint32(at, true); n > 0; n--) {
    const len = data.getUint32(at + 4, true);
    out.push(new Uint8Array(buffer, at + 8, len));
    at += 4 + len;
  }
  return out;
}

// The app's data as the module reads it, with the one warning when something had to go.
function json(value) {
  const [out, lossy] = sanitize(value);
  if (lossy && !lossyWarned) {
    lossyWarned = true;
    host.warn('a context value held functions, symbols, DOM nodes or cycles; they were dropped or turned into strings');
  }
  return out;
}

/** The feature flags, or `undefined` when the SDK was already initialised; throws the module's message. */
export function rumInit(optionsJson) {
  const flags = w.rumInit(...put([], optionsJson));
  if (flags === -2) throw new Error(str(parts()[0]));
  return flags < 0 ? undefined : flags;
}

export const rumStart = (url, referrer, timeOrigin) => w.rumStart(...put([], url, referrer), timeOrigin);
export const rumApi = (op, a, b) => w.rumApi(op, ...put([], json(a), json(b)));
/** A context call (src/browser/public.rs); `GET_CONTEXT` returns the context, a fresh copy. */
export function rumContext(which, change, a, b) {
  w.rumContext(which, change, ...put([], json(a), json(b)));
  if (change === GET_CONTEXT) return JSON.parse(str(parts()[0]));
}
export const rumError = (kind, message, type, stack, context) =>
  w.rumError(kind, ...put([], message, type, stack, json(context)));
export const rumOnClick = (id, flags, ...sources) => w.rumOnClick(id, flags, ...put([], ...sources));
export const rumOnNavigate = (anchor, url) => w.rumOnNavigate(anchor, ...put([], url));
export const rumTiming = (name, a, b, c, d) => w.rumTiming(...put([], name), a, b, c, d);
export const rumSignal = (kind, at) => w.rumSignal(kind, at);
export const rumSendResult = (id, status, retryAfter) => w.rumSendResult(id, status, retryAfter);
export const rumInjectPanic = () => w.rumInjectPanic?.();

// (`graphql`: a GraphQL request's `resource.graphql` as JSON, or none.)
export const rumAddRequest = (kind, method, url, status, start, duration, failed, handle, timing, graphql) =>
  w.rumAddRequest(kind, ...put(timing, method, url, graphql), status, start, duration, failed, handle, timing.length);
export const rumAddResourceEntry = (initiator, url, timeOrigin, timing, trace) =>
  w.rumAddResourceEntry(...put(timing, initiator, url, trace), timeOrigin, timing.length);

export function rumGetSessionId() {
  w.rumGetSessionId();
  const [id] = parts();
  return id && str(id);
}

/** `null` to leave the request alone, `undefined` to report it without headers, or `[handle, name, value, …]`. */
export function rumPlanRequest(url) {
  const plan = w.rumPlanRequest(...put([], url));
  return plan < 0 ? null : plan ? parts().map(str) : undefined;
}

/** The next deadline, or `[deadline, id, url, body bytes]` with the request to send now. */
export function rumNextSend(force, online) {
  const deadline = w.rumNextSend(force, online);
  const request = parts();
  return request.length ? [deadline, +str(request[0]), str(request[1]), request[2].slice()] : deadline;
}

/** Everything waiting as the page goes: `[[url, body bytes], …]`. */
export function rumTakeExit(online) {
  w.rumTakeExit(online);
  const out = [];
  const p = parts();
  for (let i = 0; i < p.length; i += 2) out.push([str(p[i]), p[i + 1].slice()]);
  return out;
}
