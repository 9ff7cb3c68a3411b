// Transport figures, printed as a table: the longest main-thread block while 10,000 custom
// actions are buffered, serialized and flushed, and the requests and bytes that reach the intake
// for them with and without compression. Run by scripts/transport-report.sh (after a build).
import { join } from 'node:path';
import { ROOT, launchBrowser, sdkPage, serve, until } from '../e2e/helpers.mjs';

const ACTIONS = 10_000;
const CHUNK = 100;
// What reaches the intake of them: actions are rate limited at 3,000 a minute, as Datadog's SDK
// limits them (docs/delivery.md); the rest are counted and reported once.
const DELIVERED = 3_000;

const PAGE = sdkPage(`
window.longTasks = [];
new PerformanceObserver((l) => { for (const e of l.getEntries()) window.longTasks.push(e.duration); })
  .observe({ type: 'longtask' });
// The actions in chunks, one task each, as an app's events arrive; returns the longest chunk.
window.run = async (n, chunk) => {
  let longest = 0;
  for (let i = 0; i < n; i += chunk) {
    const t = performance.now();
    for (let j = i; j < Math.min(n, i + chunk); j++) rum.addAction('action-' + j, { index: j, plan: 'pro' });
    longest = Math.max(longest, performance.now() - t);
    await new Promise((ok) => setTimeout(ok, 0));
  }
  const t = performance.now();
  rum.flush();
  const flush = performance.now() - t;
  await new Promise((ok) => setTimeout(ok, 200));
  return { longestChunk: longest, flush, longTasks: window.longTasks.slice() };
};
`);

const server = await serve({ dirs: { '/pkg/': join(ROOT, 'dist/npm') }, pages: { '/': PAGE } });
const browser = await launchBrowser();

async function measure(config) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}?config=${encodeURIComponent(JSON.stringify(config))}`);
  if ((await page.evaluate(() => window.ready)) !== 'ok') throw new Error('init failed');
  const sessionId = await page.evaluate(() => window.rum.getSessionId());
  const since = server.requests.length;
  const figures = await page.evaluate(([n, c]) => window.run(n, c), [ACTIONS, CHUNK]);
  const actions = () =>
    server.events.filter((e) => e.session?.id === sessionId && e.type === 'action').length;
  await until(async () => {
    await page.evaluate(() => window.rum.flush());
    return actions() >= DELIVERED;
  }, 'all actions at the intake', 120_000).catch((e) => { console.error('arrived', actions(), 'requests', JSON.stringify(server.requests.slice(since).map((r) => [r.lines, r.bytes, r.status, r.headers['content-encoding'], r.headers['content-type']]))); throw e; });
  const requests = server.requests.slice(since);
  await context.close();
  return {
    ...figures,
    requests: requests.length,
    bytes: requests.reduce((n, r) => n + r.bytes, 0),
  };
}

const rows = [];
for (const [name, config] of [
  ['default batches (1,000 events / 60 KiB), deflate', {}],
  ['small batches (50 events / 16 KiB), deflate', { batchMaxEvents: 50, batchMaxBytes: 16384 }],
  ['default batches, no compression', { compressIntakeRequests: false }],
  ['large batches (up to 1 MiB), deflate', { batchMaxEvents: 10000, batchMaxBytes: 1048576 }],
]) {
  const m = await measure(config);
  rows.push({ name, ...m });
}
await browser.close();
await server.close();

const ms = (n) => `${n.toFixed(1)} ms`;
console.log(`\ntransport report: ${ACTIONS} addAction calls with a small context, in tasks of ${CHUNK} (${DELIVERED} delivered: the rate limit)`);
console.log('run'.padEnd(48) + 'longest task'.padEnd(15) + 'long tasks'.padEnd(12) + 'flush()'.padEnd(10) + 'requests'.padEnd(10) + 'bytes on the wire');
for (const r of rows) {
  const longTask = r.longTasks.length ? ms(Math.max(...r.longTasks)) : 'none';
  console.log(
    r.name.padEnd(48) +
      ms(r.longestChunk).padEnd(15) +
      longTask.padEnd(12) +
      ms(r.flush).padEnd(10) +
      String(r.requests).padEnd(10) +
      `${r.bytes} B (${(r.bytes / 1024).toFixed(1)} KiB)`,
  );
}
console.log('\nlongest task: the longest of the tasks that each made 100 calls (SDK work included);');
console.log('long tasks: the longest entry the Long Tasks API reported (tasks over 50 ms), if any.');
