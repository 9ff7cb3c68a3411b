// Writes js/src/abi.js from src/browser/abi.rs: the numbers the engine's JS and the module
// exchange are defined once, in Rust; and the resource timing fields, in the order the core
// reads them (TIMING_FIELDS in src/core/resource.rs). `node scripts/abi.mjs` rewrites the file; js/unit/abi.test.mjs
// fails when it is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('..', import.meta.url);

/** The `export const` lines for the `pub const NAME: u8 = N;` lines of abi.rs, and the fields. */
export function abiJs(rust, resource, cargo) {
  const lines = [...rust.matchAll(/^pub const ([A-Z_]+): u8 = (\d+);$/gm)].map(([, name, n]) => `export const ${name} = ${n};`);
  const fields = /^pub const TIMING_FIELDS: &str = "((?:[^"\\]|\\\n)*)";$/m.exec(resource);
  if (!fields) throw new Error('abi.mjs: TIMING_FIELDS not found in src/core/resource.rs');
  lines.push(`export const TIMING_FIELDS = ${JSON.stringify(fields[1].replace(/\\\n/g, ''))};`);
  // The SDK's version, as the events' `_dd.browser_sdk_version` has it (from Cargo.toml).
  const version = /^version = "([^"]+)"$/m.exec(cargo);
  if (!version) throw new Error('abi.mjs: no version in Cargo.toml');
  lines.push(`export const VERSION = ${JSON.stringify(version[1])};`);
  return `// Written by scripts/abi.mjs from src/browser/abi.rs, src/core/resource.rs and Cargo.toml: edit those, then run the script.\n${lines.join('\n')}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const read = (path) => readFileSync(new URL(path, root), 'utf8');
  writeFileSync(new URL('js/src/abi.js', root), abiJs(read('src/browser/abi.rs'), read('src/core/resource.rs'), read('Cargo.toml')));
}
