// trackAnonymousUser in a real page: one anonymous id for the browser, on every event, across
// sessions and pages, in a cookie that lasts a year; none by default; none left after the
// tracking consent is withdrawn.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initPage } from './helpers.mjs';
import { packageSuite } from './suite.mjs';

const PAGES = {
  // (In a cookie, to see its lifetime: the session is in localStorage by default.)
  '/anonymous.html': initPage(
    "(rum, base) => rum.init({ ...base, trackAnonymousUser: true, sessionPersistence: 'cookie' })",
  ),
  '/default.html': initPage('(rum, base) => rum.init(base)'),
};

const { open, eventsOf, settle, assertValid, server } = packageSuite({ pages: PAGES });

test('trackAnonymousUser: one id on every event, across sessions and pages, kept a year', async () => {
  const { context, page, sessionId } = await open('/anonymous.html');
  await page.evaluate(() => window.rum.setUser({ id: 'u1' }));
  await settle(page, sessionId);
  const first = eventsOf(sessionId);
  const aid = first[0].usr.anonymous_id;
  assert.match(aid, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.ok(first.every((e) => e.usr.anonymous_id === aid));
  assert.deepEqual(eventsOf(sessionId, 'action').at(-1).usr, { id: 'u1', anonymous_id: aid });
  const [cookie] = (await context.cookies()).filter((c) => c.value.includes('aid='));
  assert.ok(cookie.expires * 1000 - Date.now() > 360 * 24 * 3600e3, 'a cookie that lasts a year');
  // A new session, then a new page: the same id.
  const second = await page.evaluate(() => {
    window.rum.stopSession();
    window.rum.addAction('after stop');
    return window.rum.getSessionId();
  });
  assert.notEqual(second, sessionId);
  await settle(page, second);
  const next = await context.newPage();
  await next.goto(server().url + 'anonymous.html');
  assert.equal(await next.evaluate(() => window.ready), 'ok');
  const third = await next.evaluate(() => window.rum.getSessionId());
  assert.equal(third, second, 'the next page joins the session');
  await settle(next, third, 'next page');
  for (const id of [second, third]) assert.ok(eventsOf(id).every((e) => e.usr?.anonymous_id === aid));
  for (const id of [sessionId, second]) assertValid(id);
  // Consent withdrawn: the id goes too.
  await next.evaluate(() => window.rum.setTrackingConsent('not-granted'));
  assert.deepEqual((await context.cookies()).filter((c) => c.value.includes('aid=')), []);
  await context.close();
});

test('without trackAnonymousUser (the default) there is no anonymous id', async () => {
  const { context, page, sessionId } = await open('/default.html');
  await settle(page, sessionId);
  assert.ok(eventsOf(sessionId).every((e) => e.usr === undefined));
  assert.ok(!(await page.evaluate(() => JSON.stringify(localStorage))).includes('aid='));
  await context.close();
});
