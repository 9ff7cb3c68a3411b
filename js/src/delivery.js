// Sends what the engine decided to send, as the module encoded it (deflated there, so that page
// exit sends compressed bodies too): posts with the page's original fetch, and hands the status
// back. On page exit, everything goes by sendBeacon, or by a keepalive fetch when the beacon is
// refused.

// keepalive requests share a 64 KiB budget per page; stay under it.
const KEEPALIVE_LIMIT = 60 * 1024;

/** Retry-After in milliseconds: delta-seconds or an HTTP date; NaN when absent or unreadable. */
export function retryAfterMs(value, now = Date.now()) {
  if (!value) return NaN;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : NaN;
}

/**
 * `proxy`, Datadog's function-valued option: the engine's URL is then the intake path and query
 * alone (`/api/v2/rum?…`), and the function makes the URL of them. A proxy that throws fails the
 * request (a network error: retried), so nothing goes where the app did not say.
 */
const target = (proxy, url) => {
  if (!proxy) return url;
  const i = url.indexOf('?');
  const out = proxy({ path: url.slice(0, i), parameters: url.slice(i + 1) });
  if (typeof out !== 'string') throw new TypeError('proxy returned no URL');
  return out;
};

/**
 * `send(url, bytes)` posts one request and resolves to `[status, retryAfterMs]` (status 0 for a
 * network error); `sendOnExit(url, bytes)` hands one body to the browser as the page goes.
 */
export function createDelivery(nativeFetch, proxy) {
  const beacon =
    typeof navigator !== 'undefined' && typeof navigator.sendBeacon === 'function'
      ? navigator.sendBeacon.bind(navigator)
      : undefined;
  return {
    // No header of our own: a cross-origin intake gets a simple request, with no preflight.
    // Compression is said in the query (`dd-evp-encoding`, which the engine's URL carries), as
    // Datadog's SDK does.
    async send(url, bytes) {
      try {
        const response = await nativeFetch(target(proxy, url), {
          method: 'POST',
          body: bytes,
          keepalive: bytes.byteLength <= KEEPALIVE_LIMIT,
          mode: 'cors',
          credentials: 'omit',
        });
        // Until its body is read, a keepalive request counts against the page's 64 KiB budget.
        await response.arrayBuffer().catch(() => {});
        return [response.status, retryAfterMs(response.headers.get('Retry-After'))];
      } catch {
        return [0, NaN]; // network error, CORS refusal, or the fetch could not start
      }
    },
    sendOnExit(url, bytes) {
      try {
        // (A text type keeps the beacon a simple request: no preflight.)
        const blob = new Blob([bytes], { type: 'text/plain;charset=UTF-8' });
        url = target(proxy, url);
        if (beacon && beacon(url, blob)) return;
        nativeFetch?.(url, { method: 'POST', body: blob, keepalive: true, mode: 'cors', credentials: 'omit' }).catch(() => {});
      } catch {
        // nothing more can be done while the page goes away
      }
    },
  };
}
