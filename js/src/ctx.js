// What the page-side modules share with the engine: the SDK's state, the buffer of what was
// observed before the engine ran, and the engine's entry points once it runs. One object, handed
// to the engine (a separate file, loaded later), so neither side imports the other.

// Observations and API calls kept while the engine loads; past this they are counted, dropped,
// and the count is reported once.
export const MAX_BUFFERED = 1000;

export const ctx = {
  // idle → starting → running; consent (loaded, waiting for the app's tracking consent, or after
  // it was withdrawn) → starting; failed (the engine did not load) and disabled (a trap) are final.
  state: 'idle',
  // When the hooks went in (ms from the time origin): requests that began before were not seen.
  hooked: 0,
  // The app's tracking consent, once it said (`trackingConsent`, `setTrackingConsent`).
  consent: undefined,
  // Whether the hooks report what they see (false before init, after a refusal or a failure).
  on: false,
  // [name, epoch ms, args] in the order they happened.
  buffer: [],
  dropped: 0,
  // Set by the engine once it runs: the dispatcher, the request planner, the session id, the
  // contexts' getter, what names a pressed element (click.js).
  sink: undefined,
  plan: undefined,
  sessionId: undefined,
  get: undefined,
  name: undefined,
  // The page's own fetch as it was when the SDK loaded: the engine's downloads and intake
  // requests go through it, never through the instrumented one.
  fetch: typeof fetch === 'function' ? fetch.bind(globalThis) : undefined,
};

// A copy taken when a buffered API call is made, so later changes by the app do not leak in.
function snapshot(value) {
  if (value === null || typeof value !== 'object') return value;
  try {
    return structuredClone(value);
  } catch {
    return value; // functions or DOM nodes inside: the engine's sanitizer handles the original
  }
}

/** Hands `name(...args)` to the engine, or buffers it (with its time) until the engine runs. */
export function emit(name, args, copy) {
  if (ctx.sink) return ctx.sink(name, args);
  if (ctx.state !== 'idle' && ctx.state !== 'starting' && ctx.state !== 'consent') return;
  if (ctx.buffer.length < MAX_BUFFERED) {
    ctx.buffer.push([name, Date.now(), copy ? args.map(snapshot) : args]);
  } else {
    ctx.dropped++;
  }
}

/** What a hook saw, unless the SDK is off. Never throws. */
export function observe(name, args) {
  try {
    if (ctx.on) emit(name, args);
  } catch {
    // the engine reports its own faults; nothing reaches the page
  }
}
