// Renames the wasm module's imports and exports to the short names wasm-opt gave them
// (`--minify-imports-and-exports` prints the mapping as JSON) in the wasm-bindgen glue, so that
// neither file carries wasm-bindgen's long hashed names (75 imports of ~35 bytes each).
//   node scripts/minify-names.mjs glue.js mapping.json
import { readFileSync, writeFileSync } from 'node:fs';

const [glueFile, mappingFile] = process.argv.slice(2);
let glue = readFileSync(glueFile, 'utf8');
// wasm-opt prints other lines around the JSON object.
const text = readFileSync(mappingFile, 'utf8');
const mapping = JSON.parse(text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1));

function replace(pattern, to, what) {
  const before = glue;
  glue = glue.replace(pattern, to);
  if (glue === before) throw new Error(`minify-names: ${what} not found in the glue`);
}

// Imports are the keys of the object __wbg_get_imports builds: `name: function(…)`; their one
// module, wasm-bindgen's `./wasm_rum_bg.js`, is renamed `a` (the first short name wasm-opt's
// `--minify-imports-and-exports-and-modules` gives a module).
for (const [, from, to] of mapping.imports) {
  replace(new RegExp(`\\b${from}:`, 'g'), `${JSON.stringify(to)}:`, `import ${from}`);
}
const modules = new Set(mapping.imports.map(([module]) => module));
if (modules.size !== 1) throw new Error(`minify-names: expected one import module, got ${[...modules]}`);
replace(`${JSON.stringify([...modules][0])}: import0`, '"a": import0', 'the import module');
// Exports are read as `wasm.name`.
for (const [from, to] of mapping.exports) {
  if (!new RegExp(`\\bwasm\\.${from}\\b`).test(glue)) continue; // an export the glue never reads
  replace(new RegExp(`\\bwasm\\.${from}\\b`, 'g'), `wasm[${JSON.stringify(to)}]`, `export ${from}`);
}
// wasm-bindgen's console messages, shorter: the engine always passes one object (so the
// deprecated-parameters branches never run), and the MIME fallback keeps its meaning.
replace(
  /"`WebAssembly\.instantiateStreaming` failed because your server does not serve Wasm with `application\/wasm` MIME type\. Falling back to `WebAssembly\.instantiate` which is slower\. Original error:\\n"/,
  '"wasm-rum: not served as application/wasm, compiled without streaming:"',
  'the MIME fallback message',
);
replace(/'using deprecated parameters for `initSync\(\)`; pass a single object instead'/, "''", 'initSync message');
replace(/'using deprecated parameters for the initialization function; pass a single object instead'/, "''", 'init message');
writeFileSync(glueFile, glue);
