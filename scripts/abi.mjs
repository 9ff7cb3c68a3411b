// Writes js/src/abi.js from src/browser/abi.rs: the numbers the engine's JS and the module
// exchange are defined once, in Rust. `node scripts/abi.mjs` rewrites the file; js/unit/abi.test.mjs
// fails when it is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('..', import.meta.url);

/** The `export const` lines for the `pub const NAME: u8 = N;` lines of the Rust source. */
export function abiJs(rust) {
  const lines = [...rust.matchAll(/^pub const ([A-Z_]+): u8 = (\d+);$/gm)].map(([, name, n]) => `export const ${name} = ${n};`);
  return `// Written by scripts/abi.mjs from src/browser/abi.rs: edit that file, then run the script.\n${lines.join('\n')}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rust = readFileSync(new URL('src/browser/abi.rs', root), 'utf8');
  writeFileSync(new URL('js/src/abi.js', root), abiJs(rust));
}
