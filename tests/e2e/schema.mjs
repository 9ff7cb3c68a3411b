// Validates events against Datadog's public RUM event schema, vendored in tests/schema/.
import Ajv from 'ajv';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers.mjs';

const DIR = join(ROOT, 'tests', 'schema', 'rum-events-format');

let ajv;
let validateAny;

function load() {
  ajv = new Ajv({ strict: false, allErrors: true });
  for (const file of readdirSync(join(DIR, 'rum'))) {
    if (file.endsWith('.json')) ajv.addSchema(JSON.parse(readFileSync(join(DIR, 'rum', file))));
  }
  validateAny = ajv.compile(JSON.parse(readFileSync(join(DIR, 'rum-events-browser-schema.json'))));
}

/**
 * Returns `null` when the event validates against the browser schema (exactly one of its event
 * types), else the errors of the schema of the event's own type, which say what is wrong.
 */
export function schemaErrors(event) {
  if (!ajv) load();
  if (validateAny(event)) return null;
  const own = ajv.getSchema(`rum/${event.type}-schema.json`);
  if (own && !own(event)) return JSON.stringify(own.errors);
  return JSON.stringify(validateAny.errors.slice(0, 12));
}
