// Prints the transfer size of what a browser downloads for the SDK: each file of the package
// that is loaded at run time, raw, gzip (level 9) and brotli (quality 11), the critical path (what
// the page loads before it runs: index.js) and the total; then checks both against the budget
// in `size-budget` (gzip bytes) and exits 1 when either is over it. The classic-script build
// (`datadog-rum.js`, loaded instead of index.js by a `<script>` tag) is printed apart and held to
// the critical path's budget too.
//   node scripts/size-report.mjs dist/npm [--json]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const dir = process.argv[2] ?? 'dist/npm';
const files = ['index.js', 'engine.js', 'wasm_rum_bg.wasm'];
const CRITICAL = ['index.js'];

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
const sum = (file, of) => {
  const out = { file, raw: 0, gzip: 0, brotli: 0 };
  for (const r of of) for (const k of ['raw', 'gzip', 'brotli']) out[k] += r[k];
  return out;
};
const critical = sum('critical path', rows.filter((r) => CRITICAL.includes(r.file)));
const total = sum('total (JS + wasm)', rows);
rows.push(critical, total);

// The budget: `total <bytes>` and `critical <bytes>` lines (gzip -9), comments after `#`.
const budget = {};
const budgetFile = new URL('../size-budget', import.meta.url);
for (const line of readFileSync(budgetFile, 'utf8').split('\n')) {
  const [key, value] = line.replace(/#.*/, '').trim().split(/\s+/);
  if (key) budget[key] = Number(value);
}
const script = sum('datadog-rum.js', [
  (() => {
    const bytes = readFileSync(join(dir, 'datadog-rum.js'));
    return {
      file: 'datadog-rum.js',
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  })(),
]);
rows.push({ ...script, file: 'datadog-rum.js (instead of index.js, by <script>)' });
const over = [
  ['total', total.gzip],
  ['critical', critical.gzip],
  ['critical', script.gzip],
].filter(([key, gzip]) => !(gzip <= budget[key]));

if (process.argv.includes('--json')) {
  console.log(JSON.stringify(rows));
} else {
  const kib = (n) => `${n} B (${(n / 1024).toFixed(1)} KiB)`;
  console.log('\nsize report: what a browser downloads for wasm-rum');
  console.log('file'.padEnd(20) + 'raw'.padEnd(22) + 'gzip -9'.padEnd(22) + 'brotli 11');
  for (const r of rows) {
    const name = r.file.length > 19 ? r.file + '\n' + ''.padEnd(20) : r.file.padEnd(20);
    console.log(name + kib(r.raw).padEnd(22) + kib(r.gzip).padEnd(22) + kib(r.brotli));
  }
  console.log(`budget (gzip -9, size-budget): total ${budget.total} B, critical path ${budget.critical} B`);
}
for (const [key, gzip] of over) {
  console.error(`size budget exceeded: ${key} is ${gzip} B gzip, the budget is ${budget[key]} B`);
}
if (over.length > 0) process.exitCode = 1;
