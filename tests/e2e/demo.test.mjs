// The demo as a newcomer meets it: the server starts, the page loads the SDK through its package
// name and shows a running session.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { UUID_V4, launchBrowser, openPage, startDemo } from './helpers.mjs';

let demo;
let browser;

before(async () => {
  demo = await startDemo();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  const code = await demo?.stop();
  assert.equal(code, 0, 'the demo server stops cleanly on Ctrl-C');
});

test('the demo page starts a RUM session', async () => {
  const { page, pageErrors } = await openPage(browser, demo.url);
  await page.waitForFunction(() => document.getElementById('rum-status').textContent !== 'starting…');
  assert.equal(await page.textContent('#rum-status'), 'running');
  assert.match(await page.textContent('#session-id'), UUID_V4);
  assert.deepEqual(pageErrors, []);
  await page.close();
});

test('the demo serves the wasm with the type streaming compilation needs', async () => {
  const res = await fetch(new URL('/pkg/wasm-rum/wasm_rum_bg.wasm', demo.url));
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/wasm');
});
