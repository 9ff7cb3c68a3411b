// Sends what the engine decided to send: compresses off the main thread, posts with the page's
// original fetch, and hands the status back. On page exit, everything goes by sendBeacon, or by
// a keepalive fetch when the beacon is refused.

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

async function deflate(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * `send(url, bytes)` posts one request and resolves to `[status, retryAfterMs]` (status 0 for a
 * network error); `sendOnExit(url, text)` hands one body to the browser as the page goes.
 */
export function createDelivery(nativeFetch, compress) {
  const beacon =
    typeof navigator !== 'undefined' && typeof navigator.sendBeacon === 'function'
      ? navigator.sendBeacon.bind(navigator)
      : undefined;
  compress = compress && typeof CompressionStream === 'function';
  return {
    // No header of our own: a cross-origin intake gets a simple request, with no preflight.
    // Compression is said in the query, as Datadog's SDK does.
    async send(url, bytes) {
      try {
        if (compress) {
          bytes = await deflate(bytes);
          url += '&dd-evp-encoding=deflate';
        }
        const response = await nativeFetch(url, {
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
    sendOnExit(url, text) {
      try {
        const blob = new Blob([text], { type: 'text/plain;charset=UTF-8' });
        if (beacon && beacon(url, blob)) return;
        nativeFetch?.(url, { method: 'POST', body: blob, keepalive: true, mode: 'cors', credentials: 'omit' }).catch(() => {});
      } catch {
        // nothing more can be done while the page goes away
      }
    },
  };
}
