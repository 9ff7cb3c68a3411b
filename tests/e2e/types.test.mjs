// The package's types (`index.d.ts`) cover the whole API: an app calling every function and
// option compiles under `tsc --strict`, and wrong calls do not (tests/types/api.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './helpers.mjs';

test('index.d.ts types every call and option, and refuses wrong ones', () => {
  const tsc = join(ROOT, 'tests/node_modules/.bin/tsc');
  const args = ['--noEmit', '--strict', '--target', 'es2020', '--module', 'esnext', '--moduleResolution', 'bundler',
    '--lib', 'es2020,dom', join(ROOT, 'tests/types/api.ts')];
  const run = spawnSync(tsc, args, { encoding: 'utf8', timeout: 120_000 });
  assert.equal(run.status, 0, run.stdout + run.stderr);
});
