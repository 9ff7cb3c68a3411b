import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { abiJs } from '../../scripts/abi.mjs';

test('js/src/abi.js is what src/browser/abi.rs says (run scripts/abi.mjs after editing it)', () => {
  const rust = readFileSync(new URL('../../src/browser/abi.rs', import.meta.url), 'utf8');
  const js = readFileSync(new URL('../src/abi.js', import.meta.url), 'utf8');
  assert.equal(js, abiJs(rust));
  assert.match(js, /export const HIDDEN = 7;/);
});
