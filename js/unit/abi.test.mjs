import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { abiJs } from '../../scripts/abi.mjs';

test('js/src/abi.js is what src/browser/abi.rs says (run scripts/abi.mjs after editing it)', () => {
  const read = (path) => readFileSync(new URL(path, import.meta.url), 'utf8');
  const js = read('../src/abi.js');
  assert.equal(js, abiJs(read('../../src/browser/abi.rs'), read('../../src/core/resource.rs'), read('../../Cargo.toml')));
  // The package's version is the SDK's.
  assert.match(js, new RegExp(`export const VERSION = "${JSON.parse(read('../package.json')).version}";`));
  assert.match(js, /export const HIDDEN = 5;/);
  assert.match(js, /export const TIMING_FIELDS = "startTime,duration,encodedBodySize,.*,responseStatus";/);
});
