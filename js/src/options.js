// The app's `init` options as the module reads them: JSON text. The values JSON cannot carry stay
// here and cross as marks: a function-valued `beforeSend` or `proxy` as `{ $js: -1 }`, the app's
// `allowedTracingUrls` matchers as `{ $js: n }` (js/src/tracing.js). The module checks the rest
// and names a bad option (src/core/config.rs).
import { sanitize } from './sanitize.js';
import { splitMatchers } from './tracing.js';

const PREFIX = 'wasm-rum: ';
// The options whose value may be a function.
const FUNCTIONS = ['beforeSend', 'proxy'];
// Read by the engine's JS itself (it may hold RegExps and functions): the module only learns
// that it was given.
const JS_ONLY = ['allowedTrackingOrigins', 'excludedActivityUrls', 'allowedGraphQlUrls'];

/**
 * `{ json, beforeSend, proxy, matchers }` for `options` (`json` undefined for `undefined`).
 * Throws an `Error` naming an option no JSON can carry (a function or symbol where data is
 * expected), or when the object cannot be read (a throwing getter or proxy).
 */
export function readOptions(options) {
  const [data, matchers] = splitMatchers(options);
  const out = { matchers };
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    out.json = sanitize(data)[0];
    return out;
  }
  const copy = Object.create(null); // (a key "__proto__" is then a key like any other)
  try {
    for (const key of Reflect.ownKeys(data)) {
      if (typeof key !== 'string') continue;
      let value = data[key];
      if (JS_ONLY.includes(key)) value = value == null ? value : true;
      else if (typeof value === 'function' && FUNCTIONS.includes(key)) {
        out[key] = value;
        value = { $js: -1 };
      } else if (typeof value === 'function' || typeof value === 'symbol') {
        throw new Error(
          PREFIX + key + ' must be a string, number, boolean, array or plain object ' +
            '(functions, symbols and class instances cannot be read)',
        );
      }
      copy[key] = value;
    }
  } catch (error) {
    if (error instanceof Error && error.message.startsWith(PREFIX)) throw error;
    throw new Error(PREFIX + 'the configuration object cannot be read');
  }
  out.json = sanitize(copy)[0];
  return out;
}
