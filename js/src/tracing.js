// `allowedTracingUrls` as the module can read it: the app's RegExps and functions cannot cross as
// data, so each becomes `{ $js: n }` (n counting them in order) and the matchers stay here for
// the module to call by number. Everything else goes as the app wrote it; the core checks it.

const isMatcher = (m) => m instanceof RegExp || typeof m === 'function';

/**
 * Whether the app's matcher accepts `value`: a RegExp (from its start: a global one keeps state
 * between calls), a function, or a string equal to it. One that throws does not match.
 */
export function test(matcher, value) {
  try {
    if (matcher instanceof RegExp) {
      matcher.lastIndex = 0;
      return matcher.test(value);
    }
    return typeof matcher === 'function' ? !!matcher(value) : matcher === value;
  } catch {
    return false;
  }
}

/** `[options for the module, matchers]`. Never throws: an unreadable option goes as it is. */
export function splitMatchers(options) {
  const matchers = [];
  try {
    const list = options?.allowedTracingUrls;
    if (!Array.isArray(list)) return [options, matchers];
    const mark = (m) => (isMatcher(m) ? { $js: matchers.push(m) - 1 } : m);
    const entries = list.map((entry) =>
      entry !== null && typeof entry === 'object' && !isMatcher(entry) && !Array.isArray(entry) && 'match' in entry
        ? { ...entry, match: mark(entry.match) }
        : mark(entry),
    );
    return [{ ...options, allowedTracingUrls: entries }, matchers];
  } catch {
    return [options, []];
  }
}

/**
 * Option `name` of `options`, a list of the app's matchers (`[]` when not given), or throws the
 * error that names it when it is something else (`excludedActivityUrls`, `allowedGraphQlUrls`).
 */
export function matcherList(options, name) {
  const list = options?.[name] ?? [];
  if (!Array.isArray(list)) throw new Error('wasm-rum: ' + name + ' must be a list of URLs, RegExps or functions');
  return list;
}

/**
 * Datadog's `allowedTrackingOrigins`: why the SDK may not run on `origin` (the option given and
 * not matching it, or not a list), or `undefined` when it may.
 */
export function refusedOrigin(origins, origin) {
  if (origins == null) return undefined;
  if (!Array.isArray(origins)) return 'allowedTrackingOrigins must be a list of origins, RegExps or functions';
  if (origins.some((o) => test(o, origin))) return undefined;
  return 'allowedTrackingOrigins does not allow this origin, ' + origin + '; nothing was started';
}
