// The npm package as an app would use it: `npm install` of the packed tarball into a fresh
// scratch app, bundled with esbuild and with Vite, and loaded unbundled through an import map,
// each opened in headless Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, writeFile, copyFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { build as viteBuild } from 'vite';
import { ROOT, UUID_V4, launchBrowser, openPage, serveDir } from './helpers.mjs';

const APP = `
import { init, getSessionId } from 'wasm-rum';

async function run() {
  const out = { before: getSessionId() ?? null };
  try {
    await init({ applicationId: '2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96', clientToken: 'pub', sessionSampleRate: 'abc' });
    out.bad = 'resolved';
  } catch (e) {
    out.bad = e instanceof Error ? e.message : 'not an Error: ' + String(e);
  }
  out.afterBad = getSessionId() ?? null;
  await init({ applicationId: '2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96', clientToken: 'pub', service: 'scratch-app' });
  out.sessionId = getSessionId() ?? null;
  await init({ applicationId: '2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96', clientToken: 'pub' });
  out.afterSecondInit = getSessionId() ?? null;
  return out;
}
window.__result = run().catch((e) => ({ failed: String((e && e.stack) || e) }));
`;

// The SDK cannot load its module: init rejects, and the page's own code goes on unharmed.
const BROKEN_APP = `
import { init, getSessionId } from 'wasm-rum';

window.__result = (async () => {
  const out = {};
  try {
    await init({ applicationId: '2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96', clientToken: 'pub', wasmUrl: 42 });
  } catch (e) {
    out.badWasmUrl = e.message;
  }
  try {
    await init({ applicationId: '2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96', clientToken: 'pub', wasmUrl: '/no-such.wasm' });
    out.init = 'resolved';
  } catch (e) {
    out.init = e.message;
  }
  out.sessionId = getSessionId() ?? null;
  out.fetchStatus = (await fetch('/index.html')).status;
  return out;
})();
`;

const page = (script, head = '') =>
  `<!doctype html><html><head><meta charset="utf-8">${head}</head>` +
  `<body><script type="module" src="${script}"></script></body></html>`;

let scratch;
let browser;
let server;

before(async () => {
  const tarballs = (await readdir(join(ROOT, 'dist'))).filter((f) => /^wasm-rum-.*\.tgz$/.test(f));
  assert.equal(tarballs.length, 1, 'one packed tarball in dist/ (scripts/build.sh --pack)');
  scratch = await mkdtemp(join(tmpdir(), 'wasm-rum-scratch-'));
  await writeFile(
    join(scratch, 'package.json'),
    JSON.stringify({ name: 'scratch-app', private: true, type: 'module' }),
  );
  execFileSync(
    'npm',
    ['install', join(ROOT, 'dist', tarballs[0]), '--no-audit', '--no-fund', '--loglevel=error'],
    { cwd: scratch, stdio: 'inherit', timeout: 120_000 },
  );
  await mkdir(join(scratch, 'src'));
  await writeFile(join(scratch, 'src/main.js'), APP);
  await writeFile(join(scratch, 'src/broken.js'), BROKEN_APP);
  await writeFile(join(scratch, 'index.html'), page('/src/main.js'));

  // esbuild does not rewrite `new URL(..., import.meta.url)`: as the package README says, the
  // wasm is copied next to the bundle.
  await esbuild.build({
    entryPoints: [join(scratch, 'src/main.js')],
    bundle: true,
    minify: true,
    format: 'esm',
    outfile: join(scratch, 'out-esbuild/main.js'),
    absWorkingDir: scratch,
    logLevel: 'warning',
  });
  await copyFile(
    join(scratch, 'node_modules/wasm-rum/wasm_rum_bg.wasm'),
    join(scratch, 'out-esbuild/wasm_rum_bg.wasm'),
  );
  await writeFile(join(scratch, 'out-esbuild/index.html'), page('./main.js'));

  await viteBuild({
    root: scratch,
    logLevel: 'warn',
    configFile: false,
    base: './',
    build: { outDir: join(scratch, 'out-vite'), emptyOutDir: true },
  });

  const importMap = `<script type="importmap">{"imports":{"wasm-rum":"/node_modules/wasm-rum/index.js"}}</script>`;
  await writeFile(join(scratch, 'plain.html'), page('/src/main.js', importMap));
  await writeFile(join(scratch, 'broken.html'), page('/src/broken.js', importMap));

  server = await serveDir(scratch);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

async function resultOf(path) {
  const { page: p, pageErrors, warnings } = await openPage(browser, server.url + path);
  await p.waitForFunction(() => window.__result !== undefined);
  const result = await p.evaluate(() => window.__result);
  await p.close();
  return { result, pageErrors, warnings };
}

for (const [name, path] of [
  ['esbuild bundle', 'out-esbuild/index.html'],
  ['Vite build', 'out-vite/index.html'],
  ['unbundled <script type="module"> with an import map', 'plain.html'],
]) {
  test(`${name}: init starts a session and refuses a bad config by name`, async () => {
    const { result, pageErrors, warnings } = await resultOf(path);
    assert.equal(result.failed, undefined, result.failed);
    assert.equal(result.before, null, 'no session before init');
    assert.equal(
      result.bad,
      'wasm-rum: sessionSampleRate must be a number from 0 to 100, got "abc"',
    );
    assert.equal(result.afterBad, null, 'a refused init starts nothing');
    assert.match(result.sessionId, UUID_V4);
    assert.equal(result.afterSecondInit, result.sessionId, 'a second init keeps the first');
    assert.ok(
      warnings.some((w) => w.includes('wasm-rum: init was called more than once')),
      `warned about the second init; console had: ${warnings.join(' | ')}`,
    );
    assert.deepEqual(pageErrors, []);
  });
}

test('a module that cannot load rejects init and leaves the page working', async () => {
  const { result, pageErrors } = await resultOf('broken.html');
  assert.equal(result.badWasmUrl, 'wasm-rum: wasmUrl must be a string or a URL, got number');
  assert.match(result.init, /^wasm-rum: could not load the WebAssembly module/);
  assert.equal(result.sessionId, null);
  assert.equal(result.fetchStatus, 200);
  assert.deepEqual(pageErrors, []);
});
