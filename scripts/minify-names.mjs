// Renames the wasm module's imports and exports in js/src/module.js (a copy, at build time) to
// the short names wasm-opt gave them (`--minify-imports-and-exports-and-modules` prints the
// mapping as JSON), so that neither file carries the long ones.
//   node scripts/minify-names.mjs module.js mapping.json
import { readFileSync, writeFileSync } from 'node:fs';

const [file, mappingFile] = process.argv.slice(2);
let js = readFileSync(file, 'utf8');
// wasm-opt prints other lines around the JSON object.
const text = readFileSync(mappingFile, 'utf8');
const mapping = JSON.parse(text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1));

const fail = (what) => {
  throw new Error(`minify-names: ${what} not found in ${file}`);
};

// Imports: the keys of `const imports = { r: { … } }`, one per line at four spaces (`name:` or
// a method `name(`); the one module, `r`, becomes wasm-opt's `a`.
const start = js.indexOf('const imports = {\n  r: {\n');
const end = js.indexOf('\n};\n', start);
if (start < 0 || end < 0) fail('the imports object');
let block = js.slice(start, end);
const modules = new Set(mapping.imports.map(([module]) => module));
if (modules.size !== 1 || !modules.has('r')) fail(`one import module "r" (got ${[...modules]})`);
block = block.replace('\n  r: {\n', '\n  a: {\n');
for (const [, from, to] of mapping.imports) {
  const before = block;
  block = block.replace(new RegExp(`^    ${from}([:(])`, 'm'), `    ${to}$1`);
  if (block === before) fail(`import ${from}`);
}
js = js.slice(0, start) + block + js.slice(end);
// Exports are read as `w.name`.
for (const [from, to] of mapping.exports) {
  const pattern = new RegExp(`\\bw\\.${from}\\b`, 'g');
  if (!pattern.test(js)) continue; // an export the JS never reads (__heap_base, __data_end)
  js = js.replace(pattern, `w.${to}`);
}
// An export the JS calls that the module does not have would fail only when called: fail here.
// (`rumInjectPanic` exists in the fault-injection build only, and the JS calls it optionally.)
const missing = [...js.matchAll(/\bw\.(rum\w+)/g)].map((m) => m[1]).filter((n) => n !== 'rumInjectPanic');
if (missing.length > 0) throw new Error(`minify-names: the module has no export ${[...new Set(missing)]}`);
writeFileSync(file, js);
