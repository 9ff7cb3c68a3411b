// The set-up the end-to-end files of the package share: a test server with the package at
// `/pkg/` and the file's pages, a browser, both closed after the file's tests; the session
// tools of helpers.mjs, and a check of every event of a session against the RUM schema.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, launchBrowser, serve, sessionTools } from './helpers.mjs';
import { schemaErrors } from './schema.mjs';

/** `pages` by path; `handler(req, res, url)` answers what it takes (returns true). */
export function packageSuite({ pages, handler }) {
  let server;
  let browser;
  before(async () => {
    server = await serve({ dirs: { '/pkg/': join(ROOT, 'dist/npm') }, pages, handler });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  const tools = sessionTools(() => ({ server, browser }));
  return {
    ...tools,
    server: () => server,
    browser: () => browser,
    assertValid(sessionId) {
      for (const event of tools.eventsOf(sessionId)) {
        assert.equal(schemaErrors(event), null, `${event.type} event: ${JSON.stringify(event)}`);
      }
    },
  };
}
