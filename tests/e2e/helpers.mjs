// Shared by the end-to-end tests: a headless Chromium, a static file server and the demo server,
// all on 127.0.0.1, each bounded in time.
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { spawn } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { inflateSync } from 'node:zlib';
import assert from 'node:assert/strict';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    timeout: 60_000,
  });
}

/** A page that records its uncaught errors and console warnings, for assertions. */
export async function openPage(browser, url) {
  const page = await browser.newPage();
  const pageErrors = [];
  const warnings = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'warning' || m.type() === 'error') warnings.push(m.text());
  });
  page.setDefaultTimeout(20_000);
  await page.goto(url);
  return { page, pageErrors, warnings };
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
};

/**
 * A test server on 127.0.0.1 at a free port: static folders by URL prefix, fixed pages, and an
 * intake at `/intake/...` that stores every NDJSON line it receives (plain or deflate).
 * Resolves to { url, events, requests, close }.
 */
export async function serve({ dirs = {}, pages = {}, handler } = {}) {
  const events = [];
  const requests = [];
  // Answers for the next intake requests, e.g. { status: 503 } or { status: 429, headers }:
  // a failed request is recorded but its events are not kept.
  const failures = [];
  // CORS preflights the intake received (the SDK's requests should need none).
  const preflights = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    if (handler && (await handler(req, res, url))) return;
    if (url.pathname.startsWith('/intake/') && req.method === 'OPTIONS') {
      preflights.push({ url: req.url, headers: req.headers });
      res.writeHead(204, {
        'access-control-allow-origin': '*',
        'access-control-allow-headers': '*',
        'access-control-allow-methods': 'POST',
      }).end();
      return;
    }
    if (url.pathname.startsWith('/intake/')) {
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      let body = Buffer.concat(chunks);
      // As Datadog's intake: compression said in the query (no preflight), or by the header.
      // (Through a `proxy` URL, the intake's query is inside `ddforward`.)
      const forwarded = url.searchParams.get('ddforward');
      const query = forwarded ? new URL(forwarded, 'http://x').searchParams : url.searchParams;
      if (query.get('dd-evp-encoding') === 'deflate' || req.headers['content-encoding'] === 'deflate') {
        body = inflateSync(body);
      }
      const lines = body.toString('utf8').split('\n').filter((l) => l.length > 0);
      const sessions = new Set();
      for (const line of lines) {
        try {
          sessions.add(JSON.parse(line).session?.id);
        } catch {
          // counted as a line; the intake below stores only what parses
        }
      }
      const failure = failures.shift();
      requests.push({
        url: req.url,
        method: req.method,
        sessions,
        headers: req.headers,
        lines: lines.length,
        bytes: Number(req.headers['content-length'] ?? 0),
        // The NDJSON the body decodes to, in bytes.
        plainBytes: body.length,
        at: Date.now(),
        status: failure?.status ?? 202,
      });
      const cors = { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'Retry-After' };
      if (failure) {
        res.writeHead(failure.status, { ...cors, ...failure.headers }).end('{}');
        return;
      }
      for (const line of lines) events.push(JSON.parse(line));
      res.writeHead(202, cors).end('{}');
      return;
    }
    if (pages[url.pathname] !== undefined) {
      res.writeHead(200, { 'content-type': TYPES['.html'] }).end(pages[url.pathname]);
      return;
    }
    const prefix = Object.keys(dirs)
      .sort((a, b) => b.length - a.length)
      .find((p) => url.pathname.startsWith(p));
    if (prefix === undefined) {
      res.writeHead(404).end('not found');
      return;
    }
    const root = resolve(dirs[prefix]);
    let file = join(root, normalize(decodeURIComponent(url.pathname.slice(prefix.length))));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    events,
    requests,
    failures,
    preflights,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections?.();
        server.close(ok);
      }),
  };
}

/** Serves `dir` on 127.0.0.1 at a free port. Resolves to { url, close }. */
export function serveDir(dir) {
  return serve({ dirs: { '/': dir } });
}

/** Waits until `check()` is truthy, polling; fails after `timeoutMs`. */
export async function until(check, what, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

/**
 * Starts the demo server binary on a free port. Resolves to { url, stop } once it printed its
 * address; gives up after `timeoutMs`.
 */
export async function startDemo({ timeoutMs = 30_000, extraArgs = [] } = {}) {
  const bin = join(ROOT, 'target/debug/wasm-rum-demo');
  const child = spawn(bin, ['--port', '0', ...extraArgs], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('demo server did not start in time')), timeoutMs);
    child.once('exit', (code) => fail(new Error(`demo server exited with ${code}`)));
    lines.on('line', (line) => {
      const m = line.match(/listening on (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
  });
  const stop = () =>
    new Promise((ok) => {
      if (child.exitCode !== null) return ok(child.exitCode);
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      child.once('exit', (code) => {
        clearTimeout(timer);
        ok(code);
      });
      child.kill('SIGINT');
    });
  return { url, stop };
}

/**
 * A page that starts wasm-rum (from /pkg/) with the options in its `?config=` query laid over a
 * local intake at /intake/; `extra` is more module code (helpers the test calls).
 */
export function sdkPage(extra = '') {
  return `<!doctype html><html><head><meta charset="utf-8">
<script type="importmap">{"imports":{"wasm-rum":"/pkg/index.js"}}</script></head><body>
<script type="module">
import * as rum from 'wasm-rum';
window.rum = rum;
const extra = JSON.parse(new URLSearchParams(location.search).get('config') || '{}');
window.ready = rum.init({
  applicationId: '2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96',
  intakeUrl: location.origin + '/intake/api/v2/rum',
  trackResources: false,
  ...extra,
}).then(() => 'ok', (e) => 'init failed: ' + e.message);
${extra}
</script></body></html>`;
}

/**
 * A page that starts wasm-rum (from /pkg/) with `start`, the source of a function
 * `(rum, base) => promise` (how the page calls init: any options, functions included), `base`
 * being the options every test page shares; `body` is the page's markup.
 */
export function initPage(start, body = '') {
  return `<!doctype html><html><head><meta charset="utf-8">
<script type="importmap">{"imports":{"wasm-rum":"/pkg/index.js"}}</script></head><body>
${body}
<script type="module">
import * as rum from 'wasm-rum';
window.rum = rum;
const base = {
  applicationId: '2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96',
  intakeUrl: location.origin + '/intake/api/v2/rum',
  trackResources: false,
};
window.ready = (${start})(rum, base).then(() => 'ok', (e) => 'init failed: ' + e.message);
</script></body></html>`;
}

/** Opens `url` in a fresh context, recording warnings and page errors; resolves once `window.ready` settles. */
export async function openIn(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const warnings = [];
  const pageErrors = [];
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.setDefaultTimeout(20_000);
  await page.goto(url);
  const ready = await page.evaluate(() => window.ready);
  return { context, page, ready, warnings, pageErrors };
}

/**
 * What the API tests share, over a test file's `server` and `browser` (`get` returns them when
 * called): `open(path)` a page made by `initPage` and its session id, the session's events, the
 * latest version of each of its views, and `settle`, which sends everything and waits for it.
 */
/** The page's session id once the SDK runs (`window.rum`, for pages whose app calls `init` itself), within 2 s. */
export function sessionOf(page) {
  return page.evaluate(async () => {
    for (let i = 0; i < 100 && !window.rum.getSessionId(); i++) await new Promise((ok) => setTimeout(ok, 20));
    return window.rum.getSessionId();
  });
}

export function sessionTools(get) {
  const eventsOf = (sessionId, type) =>
    get().server.events.filter((e) => e.session?.id === sessionId && (!type || e.type === type));
  return {
    eventsOf,
    async open(path) {
      const { server, browser } = get();
      const opened = await openIn(browser, server.url + path.slice(1));
      assert.equal(opened.ready, 'ok', path);
      const sessionId = await opened.page.evaluate(() => window.rum.getSessionId());
      return { ...opened, sessionId };
    },
    /** The latest version of each view, by id, in the order the views started. */
    latestViews(sessionId) {
      const byId = new Map();
      for (const e of eventsOf(sessionId, 'view')) {
        const seen = byId.get(e.view.id);
        if (!seen || seen._dd.document_version < e._dd.document_version) byId.set(e.view.id, e);
      }
      return [...byId.values()].sort((a, b) => a.date - b.date);
    },
    /** Sends everything now and waits for the custom action `marker`, the last thing sent. */
    async settle(page, sessionId, marker = 'marker') {
      await page.evaluate((m) => {
        window.rum.addAction(m);
        window.rum.flush();
      }, marker);
      await until(
        () => eventsOf(sessionId, 'action').some((e) => e.action.target.name === marker),
        `the action "${marker}"`,
      );
    },
  };
}
