// Copies whatever the app hands over (context, user, error payloads, options, what beforeSend
// left in an event) into JSON text without ever throwing: cycles, functions, symbols, BigInt,
// DOM nodes, throwing getters and proxies are dropped or turned into strings, and the walk is
// bounded in depth and size. The module reads the text (src/core/json_parse.rs).

// How deep the copy goes; deeper values become a marker string.
const MAX_DEPTH = 8;
// Roughly how much JSON the copy may produce before it stops adding entries. Well above the
// 3 KiB context limit, which the core applies exactly; this bounds the work on huge input.
export const MAX_BYTES = 32 * 1024;

const quote = JSON.stringify;

/**
 * `[json, lossy]`: the JSON text of a copy of `value` (`undefined` for what JSON leaves out
 * altogether: `undefined` and functions), and whether anything had to be left out or changed.
 */
export function sanitize(value, maxBytes = MAX_BYTES) {
  let budget = maxBytes;
  let lossy = false;
  const ancestors = [];
  const spend = (n) => {
    budget = Math.max(0, budget - n);
  };
  // A string, cut if the budget runs out (never inside a surrogate pair).
  const text = (s) => {
    if (s.length + 2 <= budget) {
      spend(s.length + 2);
      return s;
    }
    lossy = true;
    let end = Math.max(0, budget - 2);
    const last = s.charCodeAt(end - 1);
    if (last >= 0xd800 && last < 0xdc00) end--;
    budget = 0;
    return s.slice(0, end);
  };

  function walk(v, depth) {
    switch (typeof v) {
      case 'undefined':
        return undefined;
      case 'function':
        lossy = true;
        return undefined;
      case 'boolean':
        return '' + v;
      case 'number':
        spend(8);
        return Number.isFinite(v) ? '' + v : 'null';
      case 'string':
        return quote(text(v));
      case 'bigint':
        return quote(text(v.toString()));
      case 'symbol':
        lossy = true;
        return quote(text(v.toString()));
    }
    if (v === null) return 'null';
    if (ancestors.includes(v)) {
      lossy = true;
      return '"[Circular]"';
    }
    if (depth >= MAX_DEPTH || budget === 0) {
      lossy = true;
      return '"[…]"';
    }
    ancestors.push(v);
    try {
      return special(v) ?? (Array.isArray(v) ? array(v, depth) : object(v, depth));
    } catch {
      // a revoked proxy, a throwing `instanceof` or `length`: nothing readable
      lossy = true;
      return '{}';
    } finally {
      ancestors.pop();
    }
  }

  // Objects whose own keys say nothing useful: DOM nodes, dates, errors, `toJSON` holders.
  function special(v) {
    if (typeof Node === 'function' && v instanceof Node) {
      lossy = true;
      return quote('[' + (v.constructor?.name || 'object') + ']');
    }
    if (v instanceof Date) return quote(isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString());
    if (v instanceof Error) {
      const name = typeof v.name === 'string' ? v.name : 'Error';
      return quote(text(name + ': ' + (typeof v.message === 'string' ? v.message : '')));
    }
    let toJSON;
    try {
      toJSON = v.toJSON;
    } catch {
      return undefined;
    }
    if (typeof toJSON !== 'function') return undefined;
    try {
      const result = toJSON.call(v);
      // The result is walked as a fresh value: it may be anything, even `v` itself.
      if (result !== v) return walk(result, MAX_DEPTH - 1);
    } catch {
      // as below
    }
    lossy = true;
    return 'null';
  }

  function array(v, depth) {
    const len = Math.max(0, Math.min(+v.length || 0, 2 ** 32 - 1));
    const items = [];
    spend(2);
    for (let i = 0; i < len; i++) {
      if (budget === 0) {
        lossy = true;
        break;
      }
      let item;
      try {
        item = v[i];
      } catch {
        lossy = true;
      }
      spend(1);
      // JSON writes `null` for holes and for what it cannot represent in arrays.
      items.push(walk(item, depth + 1) ?? 'null');
    }
    return '[' + items + ']';
  }

  function object(v, depth) {
    const entries = [];
    spend(2);
    for (const key of Reflect.ownKeys(v)) {
      if (typeof key !== 'string') continue; // symbol keys, as JSON does
      if (budget === 0) {
        lossy = true;
        break;
      }
      let item;
      try {
        item = v[key];
      } catch {
        lossy = true;
        continue;
      }
      const name = text(key);
      spend(2);
      const json = walk(item, depth + 1);
      if (json !== undefined) entries.push(quote(name) + ':' + json);
    }
    return '{' + entries + '}';
  }

  const json = walk(value, 0);
  return [json, lossy];
}
