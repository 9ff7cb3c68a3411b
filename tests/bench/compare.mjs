// Size and speed of wasm-rum against the SDKs frontend teams use today, side by side in one run.
// Each SDK is bundled with esbuild (minified) into the same tiny app (init, trace headers for
// /api/, click tracking on), served from 127.0.0.1 and driven in headless Chromium; runs
// alternate between SDKs and the table reports medians. Run by scripts/bench.sh.
//   node tests/bench/compare.mjs [--runs N] [--json FILE]
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
const APP_ID = '2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96';

// Each app exposes window.bench = { ready, init (ms the init call took), addAction?, flush? }.
const SDKS = {
  'no SDK': `
    window.bench = { ready: Promise.resolve(), init: 0 };`,
  'wasm-rum': `
    import { init, addAction, flush } from 'wasm-rum';
    const t = performance.now();
    const ready = init({ applicationId: '${APP_ID}', intakeUrl: location.origin + '/intake/wasm-rum',
      allowedTracingUrls: [location.origin + '/api/'], trackUserInteractions: true });
    window.bench = { ready, init: performance.now() - t, addAction, flush };`,
  '@datadog/browser-rum': `
    import { datadogRum } from '@datadog/browser-rum';
    const t = performance.now();
    datadogRum.init({ applicationId: '${APP_ID}', clientToken: 'pub0123456789abcdef0123456789abcdef', site: 'datadoghq.com',
      proxy: location.origin + '/intake/datadog', service: 'bench', sessionSampleRate: 100, sessionReplaySampleRate: 0,
      trackUserInteractions: true, trackResources: true, allowedTracingUrls: [location.origin + '/api/'] });
    window.bench = { ready: Promise.resolve(), init: performance.now() - t, addAction: (n, c) => datadogRum.addAction(n, c) };`,
  '@datadog/browser-rum-slim': `
    import { datadogRum } from '@datadog/browser-rum-slim';
    const t = performance.now();
    datadogRum.init({ applicationId: '${APP_ID}', clientToken: 'pub0123456789abcdef0123456789abcdef', site: 'datadoghq.com',
      proxy: location.origin + '/intake/datadog', service: 'bench', sessionSampleRate: 100,
      trackUserInteractions: true, trackResources: true, allowedTracingUrls: [location.origin + '/api/'] });
    window.bench = { ready: Promise.resolve(), init: performance.now() - t, addAction: (n, c) => datadogRum.addAction(n, c) };`,
  '@elastic/apm-rum': `
    import { init } from '@elastic/apm-rum';
    const t = performance.now();
    init({ serviceName: 'bench', serverUrl: location.origin + '/intake/elastic', distributedTracingOrigins: [location.origin] });
    window.bench = { ready: Promise.resolve(), init: performance.now() - t };`,
  '@sentry/browser': `
    import * as Sentry from '@sentry/browser';
    const t = performance.now();
    Sentry.init({ dsn: 'http://public@' + location.host + '/1', integrations: [Sentry.browserTracingIntegration()],
      tracesSampleRate: 1, tracePropagationTargets: [location.origin + '/api/'] });
    window.bench = { ready: Promise.resolve(), init: performance.now() - t };`,
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
    await esbuild.build({
      entryPoints: [join(dir, 'entry.js')],
      bundle: true,
      minify: true,
      format: 'esm',
      target: 'es2020',
      outfile: join(dir, 'app.js'),
      nodePaths: [join(HERE, 'node_modules'), join(ROOT, 'tests/node_modules')],
      alias: { 'wasm-rum': join(ROOT, 'dist/npm/index.js') },
      logLevel: 'error',
    });
    await writeFile(join(dir, 'index.html'), PAGE);
    const files = [join(dir, 'app.js')];
    if (name === 'wasm-rum') {
      await copyFile(join(ROOT, 'dist/npm/wasm_rum_bg.wasm'), join(dir, 'wasm_rum_bg.wasm'));
      files.push(join(dir, 'wasm_rum_bg.wasm'));
    }
    const total = { raw: 0, gzip: 0, brotli: 0 };
    for (const f of files) {
      const bytes = await readFile(f);
      total.raw += bytes.length;
      total.gzip += gzipSync(bytes, { level: 9 }).length;
      total.brotli += brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    }
    sizes[name] = total;
  }
  // What the SDK adds: the app with it, less the same app without.
  const base = sizes['no SDK'];
  for (const name of Object.keys(sizes)) {
    for (const k of ['raw', 'gzip', 'brotli']) sizes[name][k] -= name === 'no SDK' ? 0 : base[k];
  }
  sizes['no SDK'] = { raw: 0, gzip: 0, brotli: 0 };
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

// Runs in the page: every figure but memory and wire bytes.
const DRIVE = async ([fetches, actions, clicks]) => {
  await window.bench.ready;
  const out = { ready: performance.now(), init: window.bench.init };
  let t = performance.now();
  for (let i = 0; i < fetches; i++) await (await fetch('/api/ping')).text();
  out.fetch = ((performance.now() - t) * 1000) / fetches;
  t = performance.now();
  for (let i = 0; i < fetches; i++) {
    await new Promise((ok) => {
      const x = new XMLHttpRequest();
      x.open('GET', '/api/ping');
      x.onloadend = ok;
      x.send();
    });
  }
  out.xhr = ((performance.now() - t) * 1000) / fetches;
  const button = document.getElementById('save');
  t = performance.now();
  for (let i = 0; i < clicks; i++) button.click();
  out.click = ((performance.now() - t) * 1000) / clicks;
  if (window.bench.addAction) {
    const longTasks = [];
    new PerformanceObserver((l) => l.getEntries().forEach((e) => longTasks.push(e.duration))).observe({ type: 'longtask' });
    t = performance.now();
    for (let i = 0; i < actions; i++) window.bench.addAction('bench-action', { i, plan: 'pro' });
    out.action = ((performance.now() - t) * 1000) / actions;
    await new Promise((ok) => setTimeout(ok, 100));
    out.longestTask = longTasks.length ? Math.max(...longTasks) : 0;
  }
  return out;
};

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
  const figures = await page.evaluate(DRIVE, [FETCHES, ACTIONS, CLICKS]);
  figures.memoryAfterInit = null;
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
const server = await startServer();
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const names = Object.keys(SDKS);
const samples = Object.fromEntries(names.map((n) => [n, []]));
const initMem = Object.fromEntries(names.map((n) => [n, []]));
const started = Date.now();
for (let run = 0; run < RUNS; run++) {
  // Alternate the order every run, so no SDK always runs first or last.
  const order = run % 2 ? [...names].reverse() : names;
  for (const name of order) {
    samples[name].push(await runOnce(browser, base, name));
    initMem[name].push(await initMemory(browser, base, name));
  }
  process.stderr.write(`run ${run + 1}/${RUNS} done (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
}
await browser.close();
server.close();

const m = (name, key) => median(samples[name].map((s) => s[key]));
const none = 'no SDK';
const results = names.map((name) => ({
  sdk: name,
  transfer: sizes[name],
  readyMs: m(name, 'ready'),
  initCallMs: m(name, 'init'),
  fetchOverheadUs: m(name, 'fetch') - m(none, 'fetch'),
  xhrOverheadUs: m(name, 'xhr') - m(none, 'xhr'),
  actionUs: m(name, 'action'),
  longestTaskMs: m(name, 'longestTask'),
  clickUs: m(name, 'click'),
  memoryAfterInitKiB: (median(initMem[name]) - median(initMem[none])) / 1024,
  memoryAfterActionsKiB: (m(name, 'memory') - m(none, 'memory')) / 1024,
  wireRequests: m(name, 'wireRequests'),
  wireKiB: m(name, 'wireBytes') / 1024,
}));

const fmt = (v, digits = 1) => (v == null || Number.isNaN(v) ? 'n/a' : v.toFixed(digits));
const kib = (b) => (b / 1024).toFixed(1);
const rows = [
  ['transfer, KiB raw / gzip / brotli', (r) => `${kib(r.transfer.raw)} / ${kib(r.transfer.gzip)} / ${kib(r.transfer.brotli)}`],
  ['ready after navigation start, ms', (r) => fmt(r.readyMs)],
  ['init() call, ms', (r) => fmt(r.initCallMs, 2)],
  [`fetch overhead, µs/call (${FETCHES} traced calls)`, (r) => fmt(r.fetchOverheadUs)],
  [`XHR overhead, µs/call (${FETCHES} traced calls)`, (r) => fmt(r.xhrOverheadUs)],
  [`addAction, µs/call (${ACTIONS} calls)`, (r) => fmt(r.actionUs, 2)],
  ['longest task during the actions, ms', (r) => (r.actionUs == null ? 'n/a' : fmt(r.longestTaskMs))],
  [`click, µs/click (${CLICKS} clicks)`, (r) => fmt(r.clickUs, 2)],
  ['memory after init, KiB over no SDK', (r) => fmt(r.memoryAfterInitKiB, 0)],
  ['memory after the run, KiB over no SDK', (r) => fmt(r.memoryAfterActionsKiB, 0)],
  ['wire: requests / KiB for the run', (r) => (r.actionUs == null && r.sdk !== none ? `${fmt(r.wireRequests, 0)} / ${fmt(r.wireKiB)} (no actions)` : `${fmt(r.wireRequests, 0)} / ${fmt(r.wireKiB)}`)],
];
const width = 46;
const col = 24;
console.log(`\nwasm-rum benchmark · ${new Date().toISOString().slice(0, 10)} · ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB · headless Chromium · median of ${RUNS} runs\n`);
console.log(''.padEnd(width) + results.map((r) => r.sdk.padEnd(col)).join(''));
for (const [label, cell] of rows) console.log(label.padEnd(width) + results.map((r) => String(cell(r)).padEnd(col)).join(''));
await mkdir(dirname(JSON_OUT), { recursive: true });
await writeFile(JSON_OUT, JSON.stringify({ date: new Date().toISOString(), runs: RUNS, cores: cpus().length, results, samples }, null, 2));
console.log(`\nJSON: ${JSON_OUT}`);
