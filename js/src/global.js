// The classic-script build (`datadog-rum.js`), for pages that load the SDK with a `<script>` tag
// or Datadog's async snippet instead of a bundler: it defines `window.DD_RUM`, the whole API, and
// runs the callbacks the snippet queued meanwhile (`DD_RUM.onReady(fn)` before the script
// loaded). The engine and the wasm load from beside this file, as with the npm entry.
import { datadogRum } from './index.js';

const PREFIX = 'wasm-rum: ';

const queued = window.DD_RUM;
window.DD_RUM = datadogRum;
for (const callback of (queued && queued.q) || []) {
  try {
    callback();
  } catch (error) {
    console.error(PREFIX + 'an onReady callback threw an error:', error);
  }
}
