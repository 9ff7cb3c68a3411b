// Page activity in a real page, as Datadog reads it: dead clicks (a click that changes nothing),
// a route view's loading time (until its requests and DOM mutations settle, not counting
// `excludedActivityUrls`), and the privacy of action names (`enablePrivacyForActionName`,
// `data-dd-privacy`). Every event is checked against the RUM schema.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initPage } from './helpers.mjs';
import { packageSuite } from './suite.mjs';

// (`#top` names an element: an anchor, so the link's click stays on the view, as Datadog has it.)
const BUTTONS = `
<h1 id="top">Clicks</h1>
<button id="dead">Does nothing</button>
<button id="live">Adds a line</button>
<button id="fetches">Loads</button>
<input id="field" placeholder="Type here">
<a id="link" href="#top">Top</a>
<p id="text">Some static text</p>
<div data-dd-privacy="allow"><button id="allowed">Allowed</button></div>
<div data-dd-privacy="hidden"><button id="hidden">Hidden</button></div>
<button id="card" aria-label="Card 4242 4242">Pay</button>
<button id="named" data-dd-action-name="Pay order">Card 4242</button>
<script>
  document.getElementById('live').onclick = () => document.body.append('a line');
  document.getElementById('fetches').onclick = () => fetch('/slow?ms=50');
</script>`;

const PAGES = {
  '/clicks.html': initPage('(rum, base) => rum.init(base)', BUTTONS),
  '/private.html': initPage('(rum, base) => rum.init({ ...base, enablePrivacyForActionName: true })', BUTTONS),
  // A route view whose content comes from a request, and a poll that must not count.
  '/routes.html': initPage(
    `(rum, base) => rum.init({ ...base, excludedActivityUrls: [/\\/poll/, (url) => url.endsWith('/beacon')] })`,
    `<script>
      window.route = async () => {
        history.pushState({}, '', '/products');
        const res = await fetch('/slow?ms=300');
        await res.text();
        document.body.append('products');
      };
      window.poll = async () => {
        history.pushState({}, '', '/polling');
        const end = Date.now() + 600;
        while (Date.now() < end) await (await fetch('/poll?ms=100')).text();
      };
    </script>`,
  ),
};

const { open, eventsOf, settle, latestViews, assertValid } = packageSuite({
  pages: PAGES,
  // Answers after `ms` (bounded), for requests that take a known time.
  handler: async (req, res, url) => {
    if (url.pathname !== '/slow' && url.pathname !== '/poll') return false;
    await new Promise((ok) => setTimeout(ok, Math.min(+url.searchParams.get('ms') || 0, 2000)));
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    return true;
  },
});

// Clicks `selector`, then waits past the click's rage window, so that each click is its own.
async function clickAndWait(page, selector) {
  await page.click(selector);
  await page.waitForTimeout(1200);
}

test('a click that changes nothing is a dead click; activity, links and text fields are not', async () => {
  const { context, page, sessionId } = await open('/clicks.html');
  for (const id of ['#dead', '#live', '#fetches', '#field', '#link', '#text']) await clickAndWait(page, id);
  // Three quick clicks on a button that does nothing: a rage click, and dead.
  for (let i = 0; i < 3; i++) await page.click('#dead', { delay: 10 });
  await page.waitForTimeout(1200);
  // A double click selects the text: not dead.
  await page.dblclick('#text');
  await page.waitForTimeout(1200);
  await settle(page, sessionId);
  const clicks = eventsOf(sessionId, 'action').filter((e) => e.action.type === 'click');
  const frustrations = clicks.map((e) => [e.action.target.name, e.action.frustration?.type ?? []]);
  assert.deepEqual(frustrations, [
    ['Does nothing', ['dead_click']],
    ['Adds a line', []],
    ['Loads', []],
    ['Type here', []],
    ['Top', []],
    ['Some static text', ['dead_click']],
    ['Does nothing', ['rage_click', 'dead_click']],
    ['Some static text', []],
    ['Some static text', []],
  ]);
  const [view] = latestViews(sessionId);
  assert.equal(view.view.frustration.count, 4);
  assertValid(sessionId);
  await context.close();
});

test('enablePrivacyForActionName: masked elements are named only explicitly; hidden ones make no action', async () => {
  // (Datadog names a button by its text before its aria-label: #card is "Pay".)
  for (const [path, expected] of [
    ['/clicks.html', ['Allowed', 'Hidden', 'Pay', 'Pay order', 'Adds a line']],
    ['/private.html', ['Allowed', 'Masked Element', 'Pay order', 'Masked Element']],
  ]) {
    const { context, page, sessionId } = await open(path);
    for (const id of ['#allowed', '#hidden', '#card', '#named', '#live']) await page.click(id);
    await settle(page, sessionId);
    const names = eventsOf(sessionId, 'action')
      .filter((e) => e.action.type === 'click')
      .map((e) => e.action.target.name);
    assert.deepEqual(names, expected, path);
    if (path === '/private.html') assert.ok(!JSON.stringify(eventsOf(sessionId)).includes('4242'), 'masked texts go nowhere');
    assertValid(sessionId);
    await context.close();
  }
});

test("a route view's loading time lasts until its requests and DOM mutations settle; excluded URLs do not count", async () => {
  const { context, page, sessionId } = await open('/routes.html');
  await page.waitForTimeout(300);
  await page.evaluate(() => window.route());
  await page.waitForTimeout(400);
  await page.evaluate(() => window.poll());
  await page.waitForTimeout(200);
  await settle(page, sessionId);
  const views = latestViews(sessionId);
  assert.deepEqual(views.map((v) => new URL(v.view.url).pathname), ['/routes.html', '/products', '/polling']);
  const products = views[1].view;
  // The request takes 300 ms, then the DOM changes: the loading time ends there.
  assert.ok(products.loading_time >= 300e6 && products.loading_time < 900e6, `products: ${products.loading_time}`);
  assert.equal(views[2].view.loading_time, undefined, 'only excluded requests: no activity');
  assert.ok(views[0].view.loading_time > 0, 'the first view has one: its load event');
  assertValid(sessionId);
  await context.close();
});
