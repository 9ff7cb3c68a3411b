// Size and speed of wasm-rum against the SDKs frontend teams use today, side by side in one run.
// Each SDK is bundled with esbuild (minified, code splitting on) into the same tiny app (init,
// trace headers for /api/, click tracking on), served from 127.0.0.1 and driven in headless
// Chromium. Every SDK run sits between two runs without an SDK (paired), overheads are taken
// against them, and the table reports medians over runs. Run by scripts/bench.sh.
//   node tests/bench/compare.mjs [--runs N] [--json FILE] [--build-only]
import * as esbuild from 'esbuild';
import { createServer } from 'node:http';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { cpus, totalmem } from 'node:os';
import { chromium } from 'playwright-core';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const OUT = join(ROOT, 'dist/bench');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const RUNS = Number(arg('--runs', 5));
const JSON_OUT = arg('--json', join(OUT, 'results.json'));
const FETCHES = 1000;
const ACTIONS = 10_000;
const CLICKS = 2000;
const REAL_CLICKS = 200;
const IDLE_SETTLE_MS = 6000;
const IDLE_MS = 10_000;
const APP_ID = '2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96';

// Each app exposes window.bench = { ready, init (ms the init call took), addAction?, flush? }.
const SDKS = {
  'no SDK': `
    window.bench = { ready: Promise.resolve(), init: 0, hooks: performance.now() };`,
  'wasm-rum': `
    import { init, addAction, flush } from 'wasm-rum';
    const t = performance.now();
    const ready = init({ applicationId: '${APP_ID}', intakeUrl: location.origin + '/intake/wasm-rum',
      allowedTracingUrls: [location.origin + '/api/'], trackUserInteractions: true });
    window.bench = { ready, init: performance.now() - t, hooks: performance.now(), addAction, flush };`,
  '@datadog/browser-rum': `
    import { datadogRum } from '@datadog/browser-rum';
    const t = performance.now();
    datadogRum.init({ applicationId: '${APP_ID}', clientToken: 'pub0123456789abcdef0123456789abcdef', site: 'datadoghq.com',
      proxy: location.origin + '/intake/datadog', service: 'bench', sessionSampleRate: 100, sessionReplaySampleRate: 0,
      trackUserInteractions: true, trackResources: true, allowedTracingUrls: [location.origin + '/api/'] });
    window.bench = { ready: Promise.resolve(), init: performance.now() - t, hooks: performance.now(), addAction: (n, c) => datadogRum.addAction(n, c) };`,
  '@datadog/browser-rum-slim': `
    import { datadogRum } from '@datadog/browser-rum-slim';
    const t = performance.now();
    datadogRum.init({ applicationId: '${APP_ID}', clientToken: 'pub0123456789abcdef0123456789abcdef', site: 'datadoghq.com',
      proxy: location.origin + '/intake/datadog', service: 'bench', sessionSampleRate: 100,
      trackUserInteractions: true, trackResources: true, allowedTracingUrls: [location.origin + '/api/'] });
    window.bench = { ready: Promise.resolve(), init: performance.now() - t, hooks: performance.now(), addAction: (n, c) => datadogRum.addAction(n, c) };`,
  '@elastic/apm-rum': `
    import { init } from '@elastic/apm-rum';
    const t = performance.now();
    init({ serviceName: 'bench', serverUrl: location.origin + '/intake/elastic', distributedTracingOrigins: [location.origin] });
    window.bench = { ready: Promise.resolve(), init: performance.now() - t, hooks: performance.now() };`,
  '@sentry/browser': `
    import * as Sentry from '@sentry/browser';
    const t = performance.now();
    Sentry.init({ dsn: 'http://public@' + location.host + '/1', integrations: [Sentry.browserTracingIntegration()],
      tracesSampleRate: 1, tracePropagationTargets: [location.origin + '/api/'] });
    window.bench = { ready: Promise.resolve(), init: performance.now() - t, hooks: performance.now() };`,
};

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>bench</title></head>
<body><button id="save" aria-label="Save settings">Save</button><script type="module" src="app.js"></script></body></html>`;

const slug = (name) => name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '');

async function buildApps() {
  await rm(OUT, { recursive: true, force: true });
  const sizes = {};
  for (const [name, source] of Object.entries(SDKS)) {
    const dir = join(OUT, slug(name));
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'entry.js'), source);
    // Code splitting on, as an app's bundler would: what an SDK loads with import() becomes a
    // chunk of its own, fetched after the page runs. The entry file is the critical path.
    const result = await esbuild.build({
      entryPoints: { app: join(dir, 'entry.js') },
      bundle: true,
      minify: true,
      splitting: true,
      format: 'esm',
      target: 'es2020',
      outdir: dir,
      chunkNames: 'chunk-[hash]',
      metafile: true,
      nodePaths: [join(HERE, 'node_modules'), join(ROOT, 'tests/node_modules')],
      alias: { 'wasm-rum': join(ROOT, 'dist/npm/index.js') },
      logLevel: 'error',
    });
    await writeFile(join(dir, 'index.html'), PAGE);
    const files = Object.keys(result.metafile.outputs).map((f) => resolve(f));
    if (name === 'wasm-rum') {
      await copyFile(join(ROOT, 'dist/npm/wasm_rum_bg.wasm'), join(dir, 'wasm_rum_bg.wasm'));
      files.push(join(dir, 'wasm_rum_bg.wasm'));
    }
    const total = { raw: 0, gzip: 0, brotli: 0, critical: 0 };
    for (const f of files) {
      const bytes = await readFile(f);
      const gzip = gzipSync(bytes, { level: 9 }).length;
      total.raw += bytes.length;
      total.gzip += gzip;
      total.brotli += brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
      if (f.endsWith('/app.js')) total.critical = gzip;
    }
    sizes[name] = total;
  }
  // What the SDK adds: the app with it, less the same app without.
  const base = sizes['no SDK'];
  for (const name of Object.keys(sizes)) {
    if (name === 'no SDK') continue;
    for (const k of ['raw', 'gzip', 'brotli', 'critical']) sizes[name][k] -= base[k];
  }
  sizes['no SDK'] = { raw: 0, gzip: 0, brotli: 0, critical: 0 };
  return sizes;
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
const intake = { requests: 0, bytes: 0 };

function startServer() {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    const cors = {
      'access-control-allow-origin': '*',
      'access-control-allow-headers': '*',
      'access-control-allow-methods': 'GET, POST, OPTIONS',
    };
    if (req.method === 'OPTIONS') return res.writeHead(204, cors).end();
    if (url.pathname === '/api/ping') return res.writeHead(200, { 'content-type': 'text/plain' }).end('pong');
    if (url.pathname.startsWith('/intake/') || /^\/api\/\d+\/envelope/.test(url.pathname)) {
      let bytes = 0;
      for await (const chunk of req) bytes += chunk.length;
      intake.requests += 1;
      intake.bytes += bytes;
      return res.writeHead(202, cors).end('{}');
    }
    try {
      const path = url.pathname.endsWith('/') ? url.pathname + 'index.html' : url.pathname;
      const file = join(OUT, decodeURIComponent(path));
      if (!file.startsWith(OUT)) throw new Error('outside');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

// In-page phases, each run by page.evaluate so that the CPU profile and the CDP clicks can be
// taken around them from outside.
const PHASES = {
  start: async () => {
    await window.bench.ready;
    return { hooks: window.bench.hooks, ready: performance.now(), init: window.bench.init };
  },
  fetch: async (n) => {
    const t = performance.now();
    for (let i = 0; i < n; i++) await (await fetch('/api/ping')).text();
    return ((performance.now() - t) * 1000) / n;
  },
  xhr: async (n) => {
    const t = performance.now();
    for (let i = 0; i < n; i++) {
      await new Promise((ok) => {
        const x = new XMLHttpRequest();
        x.open('GET', '/api/ping');
        x.onloadend = ok;
        x.send();
      });
    }
    return ((performance.now() - t) * 1000) / n;
  },
  click: (n) => {
    const button = document.getElementById('save');
    const t = performance.now();
    for (let i = 0; i < n; i++) button.click();
    return ((performance.now() - t) * 1000) / n;
  },
  actions: async (n) => {
    if (!window.bench.addAction) return null;
    const longTasks = [];
    new PerformanceObserver((l) => l.getEntries().forEach((e) => longTasks.push(e.duration))).observe({ type: 'longtask' });
    const t = performance.now();
    for (let i = 0; i < n; i++) window.bench.addAction('bench-action', { i, plan: 'pro' });
    const us = ((performance.now() - t) * 1000) / n;
    await new Promise((ok) => setTimeout(ok, 100));
    return { us, longestTask: longTasks.length ? Math.max(...longTasks) : 0 };
  },
};

const inPage = (page, phase, arg) => page.evaluate(PHASES[phase], arg);

// Main-thread CPU of a phase from a sampling profile, in µs: every sample but the idle ones
// (busy), and the samples whose running function is the SDK's own code (own): its script files
// and its wasm, not the browser functions it calls nor the app's loop (which runs from the
// evaluated script).
async function busyMicros(cdp, run) {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  const value = await run();
  const { profile } = await cdp.send('Profiler.stop');
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  const own = new Set(profile.nodes.filter((n) => /\/(app|chunk-[^/]*)\.js$|\.wasm$/.test(n.callFrame.url)).map((n) => n.id));
  let busy = 0;
  let ownTime = 0;
  profile.samples.forEach((id, i) => {
    if (!idle.has(id)) busy += profile.timeDeltas[i];
    if (own.has(id)) ownTime += profile.timeDeltas[i];
  });
  return [value, busy, ownTime];
}

// Real input, as a person clicks: mouse pressed and released over the button (every SDK sees these).
async function cdpClicks(page, cdp, n) {
  const box = await page.locator('#save').boundingBox();
  const at = { x: box.x + box.width / 2, y: box.y + box.height / 2, button: 'left', clickCount: 1 };
  const t = Date.now();
  for (let i = 0; i < n; i++) {
    await cdp.send('Input.dispatchMouseEvent', { type: 'mousePressed', ...at });
    await cdp.send('Input.dispatchMouseEvent', { type: 'mouseReleased', ...at });
  }
  return ((Date.now() - t) * 1000) / n;
}

async function memory(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  // The JS heap plus the backing stores of ArrayBuffers, which hold wasm memory.
  return usage.usedSize + (usage.backingStorageSize ?? 0);
}

async function runOnce(browser, base, name) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(120_000);
  await page.goto(`${base}${slug(name)}/`);
  const cdp = await context.newCDPSession(page);
  const figures = await inPage(page, 'start');
  [figures.fetch, figures.fetchCpu, figures.fetchOwn] = await busyMicros(cdp, () => inPage(page, 'fetch', FETCHES));
  [figures.xhr, figures.xhrCpu, figures.xhrOwn] = await busyMicros(cdp, () => inPage(page, 'xhr', FETCHES));
  for (const key of ['fetchCpu', 'fetchOwn', 'xhrCpu', 'xhrOwn']) figures[key] /= FETCHES;
  figures.click = await inPage(page, 'click', CLICKS);
  figures.realClick = await cdpClicks(page, cdp, REAL_CLICKS);
  const actions = await inPage(page, 'actions', ACTIONS);
  figures.action = actions?.us ?? null;
  figures.longestTask = actions?.longestTask ?? null;
  await cdp.detach();
  figures.memory = await memory(page);
  // Wire: what reaches the intake for the actions once the page goes away (every SDK sends on exit).
  const before = { ...intake };
  await page.goto('about:blank');
  await new Promise((ok) => setTimeout(ok, 1500));
  figures.wireRequests = intake.requests - before.requests;
  figures.wireBytes = intake.bytes - before.bytes;
  await context.close();
  return figures;
}

// Timer callbacks that run while the page sits idle (after start-up settles), per minute: how
// often an SDK wakes a page that does nothing.
async function idleWakeups(browser, base, name) {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    window.__timerCalls = 0;
    for (const key of ['setTimeout', 'setInterval']) {
      const original = window[key];
      window[key] = function (fn, ...rest) {
        if (typeof fn !== 'function') return original.call(this, fn, ...rest);
        return original.call(this, function () { window.__timerCalls++; return fn.apply(this, arguments); }, ...rest);
      };
    }
  });
  const page = await context.newPage();
  await page.goto(`${base}${slug(name)}/`);
  await page.evaluate(() => window.bench.ready);
  await new Promise((ok) => setTimeout(ok, IDLE_SETTLE_MS));
  const before = await page.evaluate(() => window.__timerCalls);
  await new Promise((ok) => setTimeout(ok, IDLE_MS));
  const after = await page.evaluate(() => window.__timerCalls);
  await context.close();
  return ((after - before) * 60_000) / IDLE_MS;
}

async function initMemory(browser, base, name) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}${slug(name)}/`);
  await page.evaluate(() => window.bench.ready);
  await new Promise((ok) => setTimeout(ok, 300));
  const bytes = await memory(page);
  await context.close();
  return bytes;
}

const median = (values) => {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  return v.length ? v[Math.floor((v.length - 1) / 2)] : null;
};

const sizes = await buildApps();
// `--build-only`: the apps in dist/bench, for profiling by hand.
if (process.argv.includes('--build-only')) process.exit(0);
const server = await startServer();
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const names = Object.keys(SDKS);
const none = 'no SDK';
// Paired: each SDK run sits between two runs without an SDK, and its overheads are taken against
// their mean, so the machine's drift during a run cancels out.
const samples = Object.fromEntries(names.map((n) => [n, []]));
const baselines = Object.fromEntries(names.map((n) => [n, []]));
const initMem = Object.fromEntries(names.map((n) => [n, []]));
const wakeups = Object.fromEntries(names.map((n) => [n, []]));
const started = Date.now();
for (let run = 0; run < RUNS; run++) {
  const order = run % 2 ? [...names].reverse() : names;
  for (const name of order) {
    if (name === none) continue;
    const a = await runOnce(browser, base, none);
    samples[name].push(await runOnce(browser, base, name));
    const b = await runOnce(browser, base, none);
    baselines[name].push({ a, b });
    samples[none].push(a, b);
    initMem[name].push(await initMemory(browser, base, name));
    wakeups[name].push(await idleWakeups(browser, base, name));
  }
  initMem[none].push(await initMemory(browser, base, none));
  wakeups[none].push(await idleWakeups(browser, base, none));
  process.stderr.write(`run ${run + 1}/${RUNS} done (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
}
await browser.close();
server.close();

const m = (name, key) => median(samples[name].map((s) => s[key]));
// The median over runs of (SDK − mean of its two no-SDK neighbours).
const paired = (name, key) =>
  name === none ? 0 : median(samples[name].map((s, i) => s[key] - (baselines[name][i].a[key] + baselines[name][i].b[key]) / 2));
const results = names.map((name) => ({
  sdk: name,
  transfer: sizes[name],
  hooksMs: m(name, 'hooks'),
  readyMs: m(name, 'ready'),
  initCallMs: m(name, 'init'),
  fetchOverheadUs: paired(name, 'fetch'),
  xhrOverheadUs: paired(name, 'xhr'),
  fetchCpuUs: paired(name, 'fetchCpu'),
  xhrCpuUs: paired(name, 'xhrCpu'),
  fetchOwnUs: m(name, 'fetchOwn'),
  xhrOwnUs: m(name, 'xhrOwn'),
  actionUs: m(name, 'action'),
  longestTaskMs: m(name, 'longestTask'),
  clickUs: m(name, 'click'),
  realClickUs: paired(name, 'realClick'),
  idleWakeupsPerMin: median(wakeups[name]),
  memoryAfterInitKiB: (median(initMem[name]) - median(initMem[none])) / 1024,
  memoryAfterActionsKiB: (m(name, 'memory') - m(none, 'memory')) / 1024,
  wireRequests: m(name, 'wireRequests'),
  wireKiB: m(name, 'wireBytes') / 1024,
}));

const fmt = (v, digits = 1) => (v == null || Number.isNaN(v) ? 'n/a' : v.toFixed(digits));
const kib = (b) => (b / 1024).toFixed(1);
const rows = [
  ['transfer, KiB raw / gzip / brotli', (r) => `${kib(r.transfer.raw)} / ${kib(r.transfer.gzip)} / ${kib(r.transfer.brotli)}`],
  ['critical path (entry file), KiB gzip', (r) => kib(r.transfer.critical)],
  ['hooks installed after navigation start, ms', (r) => fmt(r.hooksMs)],
  ['ready after navigation start, ms', (r) => fmt(r.readyMs)],
  ['init() call, ms', (r) => fmt(r.initCallMs, 2)],
  [`fetch overhead, µs/call (${FETCHES} traced, paired)`, (r) => fmt(r.fetchOverheadUs)],
  [`XHR overhead, µs/call (${FETCHES} traced, paired)`, (r) => fmt(r.xhrOverheadUs)],
  ['fetch: added main-thread CPU, µs/call (profile)', (r) => fmt(r.fetchCpuUs)],
  ['XHR: added main-thread CPU, µs/call (profile)', (r) => fmt(r.xhrCpuUs)],
  ['fetch / XHR: the SDK’s own code, µs/call (profile)', (r) => `${fmt(r.fetchOwnUs)} / ${fmt(r.xhrOwnUs)}`],
  [`addAction, µs/call (${ACTIONS} calls)`, (r) => fmt(r.actionUs, 2)],
  ['longest task during the actions, ms', (r) => (r.actionUs == null ? 'n/a' : fmt(r.longestTaskMs))],
  [`click(), µs/click (${CLICKS} clicks)`, (r) => fmt(r.clickUs, 2)],
  [`real click (CDP), µs added (${REAL_CLICKS}, paired)`, (r) => fmt(r.realClickUs)],
  ['wake-ups per idle minute', (r) => fmt(r.idleWakeupsPerMin, 0)],
  ['memory after init, KiB over no SDK', (r) => fmt(r.memoryAfterInitKiB, 0)],
  ['memory after the run, KiB over no SDK', (r) => fmt(r.memoryAfterActionsKiB, 0)],
  ['wire: requests / KiB for the run', (r) => (r.actionUs == null && r.sdk !== none ? `${fmt(r.wireRequests, 0)} / ${fmt(r.wireKiB)} (no actions)` : `${fmt(r.wireRequests, 0)} / ${fmt(r.wireKiB)}`)],
];
const width = 50;
const col = 24;
console.log(`\nwasm-rum benchmark · ${new Date().toISOString().slice(0, 10)} · ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB · headless Chromium · median of ${RUNS} paired runs\n`);
console.log(''.padEnd(width) + results.map((r) => r.sdk.padEnd(col)).join(''));
for (const [label, cell] of rows) console.log(label.padEnd(width) + results.map((r) => String(cell(r)).padEnd(col)).join(''));
await mkdir(dirname(JSON_OUT), { recursive: true });
await writeFile(JSON_OUT, JSON.stringify({ date: new Date().toISOString(), runs: RUNS, cores: cpus().length, results, samples, baselines }, null, 2));
console.log(`\nJSON: ${JSON_OUT}`);
