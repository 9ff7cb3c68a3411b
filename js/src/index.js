// The package entry: all of the SDK that runs before the page goes on. `init()` installs every
// hook at once and the hooks record what they see in a bounded buffer, while the engine (the
// WebAssembly module and the code that feeds it, `engine.js`) downloads and compiles off the
// critical path. Nothing here throws into the page; the app's own calls behave as without it.
import {
  ACCOUNT, ADD_ACTION, ADD_TIMING, ADD_VITAL, SET_VIEW_NAME, START_ACTION, START_RESOURCE, START_VIEW, START_VITAL,
  STOP_ACTION, STOP_RESOURCE, STOP_VITAL, OPERATION_STEP, CLEAR_CONTEXT, FEATURE_FLAGS, GLOBAL, INTERNAL_CONTEXT, REMOVE_PROPERTY, REPLACE_CONTEXT, SET_PROPERTY, USER,
  VERSION, VIEW_CONTEXT,
} from './abi.js';
import { ctx, emit } from './ctx.js';
import { installHooks } from './hooks.js';
import { wrapNetwork } from './net.js';

const PREFIX = 'wasm-rum: ';
let installed = false;
let initConfiguration;

/**
 * Starts the SDK. Resolves once it runs; rejects with an `Error` naming the bad option when the
 * configuration is invalid (and then reports nothing), or when the engine cannot be loaded. The
 * rejection is also said in the console, and a page that ignores the promise (as Datadog's
 * examples call `init`) gets no unhandled rejection: awaiting it still throws.
 */
export function init(config) {
  const started = start(config);
  started.catch((error) => console.error(error.message));
  return started;
}

async function start(config) {
  if (ctx.state === 'disabled') throw new Error(PREFIX + 'the SDK is disabled after an internal error');
  if (ctx.state !== 'idle') {
    if (config?.silentMultipleInit !== true) {
      console.warn(PREFIX + 'init was called more than once; the first configuration is kept');
    }
    return;
  }
  initConfiguration = config;
  // Datadog's plugin interface: each plugin's `onInit` sees the configuration (which it may
  // change, as the React plugin's router sets `trackViewsManually`) and the public API, before
  // the options are read; `onRumStart` gets `addError` once the SDK runs.
  const plugins = [].concat(config?.plugins ?? []);
  plugin(plugins, 'onInit', { initConfiguration: config, publicApi: datadogRum });
  let options = config;
  let wasmUrl;
  if (config !== null && typeof config === 'object' && 'wasmUrl' in config) {
    ({ wasmUrl, ...options } = config);
    // null and undefined mean the default (`{ wasmUrl: import.meta.env.X }` may be either).
    if (wasmUrl != null && typeof wasmUrl !== 'string' && !(wasmUrl instanceof URL)) {
      throw new Error(PREFIX + 'wasmUrl must be a string or a URL, got ' + typeof wasmUrl);
    }
  }
  // Where and when the page was when the app called init: the first view starts there.
  const page = [Date.now(), location.href, document.referrer];
  // The option is the first word on consent; a setTrackingConsent call before init wins.
  if (ctx.consent === undefined && options?.trackingConsent === 'not-granted') ctx.consent = 'not-granted';
  ctx.state = 'starting';
  ctx.on = ctx.consent !== 'not-granted';
  if (!installed) {
    installed = true;
    try {
      ctx.hooked = performance.now();
      installHooks(options);
      wrapNetwork();
    } catch {
      // a page without some API: what could be hooked is
    }
  }
  let engine;
  try {
    engine = await import('./engine.js');
  } catch (error) {
    throw failed(error);
  }
  await engine.start(ctx, options, wasmUrl, page, failed);
  plugin(plugins, 'onRumStart', {
    // (A React error boundary's error: Datadog's `{ error, context }`, reported as `addError`.)
    addError: (e) => addError(e?.error, e?.context),
  });
}

// A plugin's hook; one that throws is the plugin's fault, said in the console, never the page's.
function plugin(plugins, hook, argument) {
  for (const p of plugins) {
    try {
      p?.[hook]?.(argument);
    } catch (error) {
      console.warn(PREFIX + 'plugin ' + p?.name + ' failed in ' + hook + ': ' + error);
    }
  }
}

// The engine could not be loaded: final, and the hooks stay inert.
function failed(error) {
  ctx.state = 'failed';
  ctx.on = false;
  ctx.buffer = [];
  let why;
  try {
    why = error instanceof Error ? error.message : String(error);
  } catch {
    why = 'unknown error';
  }
  return new Error(PREFIX + 'could not load the WebAssembly module: ' + why);
}

// Public calls: run now, buffered (a copy of their arguments, in order with what the hooks saw)
// before the engine runs, dropped after a failure.
const api = (name) => (...args) => {
  try {
    emit(name, args, true);
  } catch {
    // the engine reports its own faults
  }
};

/** The id of the current session, or `undefined` before the engine runs or when it is not tracked. */
export function getSessionId() {
  return ctx.sessionId ? ctx.sessionId() : undefined;
}

// The contexts' calls: one entry point, by context and change (src/browser/abi.rs).
const context = api('context');
const change = (which, how) => (a, b) => context(which, how, a, b);
// A copy of a context as the engine holds it; `{}` before it runs, as Datadog's SDK before start.
const getter = (which) => () => (ctx.get ? ctx.get(which) : {});

export const setUser = change(USER, REPLACE_CONTEXT);
export const setUserProperty = change(USER, SET_PROPERTY);
export const removeUserProperty = change(USER, REMOVE_PROPERTY);
export const clearUser = change(USER, CLEAR_CONTEXT);
export const getUser = getter(USER);
export const setAccount = change(ACCOUNT, REPLACE_CONTEXT);
export const setAccountProperty = change(ACCOUNT, SET_PROPERTY);
export const removeAccountProperty = change(ACCOUNT, REMOVE_PROPERTY);
export const clearAccount = change(ACCOUNT, CLEAR_CONTEXT);
export const getAccount = getter(ACCOUNT);
export const setGlobalContext = change(GLOBAL, REPLACE_CONTEXT);
export const setGlobalContextProperty = change(GLOBAL, SET_PROPERTY);
export const removeGlobalContextProperty = change(GLOBAL, REMOVE_PROPERTY);
export const clearGlobalContext = change(GLOBAL, CLEAR_CONTEXT);
export const getGlobalContext = getter(GLOBAL);
/** The current view's context: every event of the view carries it in `context`; a new view starts without it. */
export const setViewContext = change(VIEW_CONTEXT, REPLACE_CONTEXT);
export const setViewContextProperty = change(VIEW_CONTEXT, SET_PROPERTY);
export const getViewContext = getter(VIEW_CONTEXT);
/** A feature flag evaluated on the current view: its view event and errors carry it in `feature_flags`. */
export const addFeatureFlagEvaluation = change(FEATURE_FLAGS, SET_PROPERTY);

/** `{ application_id, session_id, view: { id, url, referrer, name } }`, or `undefined` before the engine runs or when the session is not tracked. */
export const getInternalContext = () => (ctx.get ? ctx.get(INTERNAL_CONTEXT) ?? undefined : undefined);
/** A copy of the configuration `init` was given (its first level). */
export const getInitConfiguration = () => initConfiguration && { ...initConfiguration };
/**
 * `"granted"` or `"not-granted"`, as Datadog's API has it: while not granted nothing is collected,
 * stored or sent (the app's calls wait); granted, the SDK starts (a new session); withdrawn, it
 * stops at once, drops what waits to be sent and ends the session.
 */
export function setTrackingConsent(consent) {
  if (consent !== 'granted' && consent !== 'not-granted') {
    console.warn(PREFIX + 'setTrackingConsent expects "granted" or "not-granted"');
    return;
  }
  ctx.consent = consent;
  if (ctx.state === 'starting') ctx.on = consent === 'granted';
  ctx.onConsent?.();
}
/** The SDK's version. */
export const version = VERSION;
/** Calls `callback` now: the package is loaded once it can be called (the script-tag snippet queues it instead). */
export function onReady(callback) {
  callback();
}
// The other calls that carry values: one entry point, by number (src/browser/abi.rs).
const call = api('api');
const op = (n) => (a, b) => call(n, a, b);
export const addAction = op(ADD_ACTION);
export const addError = api('addError');
/** Starts a view (`name`, or `{ name, service, version, context, url }`) at the current URL or `url` (with `trackViewsManually`, the first one). */
export const startView = (options) => call(START_VIEW, options, typeof options?.url === 'string' ? options.url : location.href);
/** Renames the current view. */
export const setViewName = op(SET_VIEW_NAME);
/** A custom timing of the current view: now, or `time` (ms from the view's start, or an epoch time). */
export const addTiming = op(ADD_TIMING);
/** The current view is loaded now (its `loading_time`, whatever was measured). */
export const setViewLoadingTime = api('setViewLoadingTime');
/** A timed action: started now (`{ type, context, actionKey }`), sent when stopped with its `loading_time`. */
export const startAction = op(START_ACTION);
export const stopAction = op(STOP_ACTION);
/** A duration vital (`vital` event): started and stopped by name (`{ context, description, vitalKey }`), or given whole (`{ startTime, duration }`). */
export const startDurationVital = op(START_VITAL);
export const stopDurationVital = op(STOP_VITAL);
export const addDurationVital = op(ADD_VITAL);
/** A custom resource (`resource` event): started now at `url` (`{ type, method, context, resourceKey }`), sent when stopped (`{ type, statusCode, size, context, resourceKey }`). */
export const startResource = op(START_RESOURCE);
export const stopResource = op(STOP_RESOURCE);
const noop = () => {};
/**
 * Datadog's operations (`operation_step` vitals): started, then succeeded or failed (with its
 * reason, `error`, `abandoned` or `other`), by name and `{ operationKey, context, description }`.
 */
const step = (name, options, more) => call(OPERATION_STEP, name, { ...options, ...more });
export const startOperation = (name, options) => step(name, options);
export const succeedOperation = (name, options) => step(name, options, { step: 'end' });
export const failOperation = (name, failureReason, options) => step(name, options, { step: 'end', failureReason });
export const stopSession = api('stopSession');
/** Sends everything pending now (the events of pending clicks and the view's latest state included). */
export const flush = api('flush');
/**
 * The whole API as one object under Datadog's name, so that code written against
 * `import { datadogRum } from '@datadog/browser-rum'` runs unchanged with an import map or alias.
 */
export const datadogRum = {
  init, getSessionId, setUser, setUserProperty, removeUserProperty, clearUser, getUser, setAccount, setAccountProperty,
  removeAccountProperty, clearAccount, getAccount, setGlobalContext, setGlobalContextProperty,
  removeGlobalContextProperty, clearGlobalContext, getGlobalContext, setViewContext, setViewContextProperty,
  getViewContext, addFeatureFlagEvaluation, getInternalContext, getInitConfiguration, setTrackingConsent, version,
  onReady, addAction, addError, startView, setViewName, addTiming, setViewLoadingTime, stopSession, startAction,
  stopAction, startDurationVital, stopDurationVital, addDurationVital, startResource, stopResource, startOperation,
  succeedOperation, failOperation,
  // Datadog's calls that wasm-rum has only under Datadog's name: its earlier names of the
  // operations; its Session Replay's (wasm-rum records no replay); the headers its
  // `trackResourceHeaders: true` collects (wasm-rum collects none).
  startFeatureOperation: startOperation, succeedFeatureOperation: succeedOperation, failFeatureOperation: failOperation,
  startSessionReplayRecording: noop, stopSessionReplayRecording: noop, getSessionReplayLink: noop,
  DEFAULT_TRACKED_RESOURCE_HEADERS:
    'cache-control etag age expires content-type content-encoding vary content-length server-timing x-cache cf-cache-status x-vercel-cache'.split(' '),
};

// Test builds only (the cargo feature `fault-injection`): makes the module trap, so the tests can
// prove that the page survives it. A no-op in the published package.
export const __injectFault = api('fault');
