// The package entry. It loads the WebAssembly module once and guards every call into it: a
// failed download, a bad config or a trap inside the SDK must never break the host page.
import loadModule, * as sdk from './wasm_rum.js';

const PREFIX = 'wasm-rum: ';

let ready = false;
// Set after a trap: the module's state can no longer be trusted, so every call becomes a no-op.
let disabled = false;
let reported = false;

function warn(message) {
  try {
    console.warn(PREFIX + message);
  } catch {
    // a console that throws is the page's business, not ours
  }
}

function fault(error) {
  if (error instanceof WebAssembly.RuntimeError) disabled = true;
  if (!reported) {
    reported = true;
    warn('internal error' + (disabled ? ', the SDK is now disabled: ' : ': ') + describe(error));
  }
}

function describe(value) {
  try {
    return value instanceof Error ? value.message : String(value);
  } catch {
    return 'unknown error';
  }
}

// Runs `fn` against the loaded module; returns `fallback` when the SDK is not running.
function guarded(fn, fallback) {
  if (!ready || disabled) return fallback;
  try {
    return fn();
  } catch (error) {
    fault(error);
    return fallback;
  }
}

/**
 * Starts the SDK. Resolves once it runs; rejects with an `Error` naming the bad option when the
 * configuration is invalid (and then starts nothing), or when the module cannot be loaded.
 */
export async function init(config) {
  if (disabled) throw new Error(PREFIX + 'the SDK is disabled after an internal error');
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
    throw new Error(PREFIX + 'could not load the WebAssembly module: ' + describe(error));
  }
  try {
    sdk.rumInit(options);
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError) fault(error);
    throw error;
  }
  ready = true;
}

/** The id of the current session, or `undefined` before `init` or when it is not tracked. */
export function getSessionId() {
  return guarded(() => sdk.rumGetSessionId(), undefined);
}
