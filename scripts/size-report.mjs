// Prints the transfer size of what a browser downloads for the SDK: each file of the package
// that is loaded at run time, raw, gzip (level 9) and brotli (quality 11), and the totals.
//   node scripts/size-report.mjs dist/npm [--json]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const dir = process.argv[2] ?? 'dist/npm';
const files = ['index.js', 'wasm_rum.js', 'wasm_rum_bg.wasm'];

const rows = files.map((name) => {
  const bytes = readFileSync(join(dir, name));
  return {
    file: name,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
    }).length,
  };
});
const total = { file: 'total (JS + wasm)', raw: 0, gzip: 0, brotli: 0 };
for (const r of rows) for (const k of ['raw', 'gzip', 'brotli']) total[k] += r[k];
rows.push(total);

if (process.argv.includes('--json')) {
  console.log(JSON.stringify(rows));
} else {
  const kib = (n) => `${n} B (${(n / 1024).toFixed(1)} KiB)`;
  console.log('\nsize report: what a browser downloads for wasm-rum');
  console.log('file'.padEnd(20) + 'raw'.padEnd(22) + 'gzip -9'.padEnd(22) + 'brotli 11');
  for (const r of rows) {
    console.log(r.file.padEnd(20) + kib(r.raw).padEnd(22) + kib(r.gzip).padEnd(22) + kib(r.brotli));
  }
}
