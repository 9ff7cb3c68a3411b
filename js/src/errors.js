// What the page throws or reports, read into the strings the engine needs: `[kind, message,
// type, stack]`, where `kind` says where it came from (src/browser/abi.rs). Read here, in the
// engine's JS, so the module takes plain strings instead of walking JS objects across the
// boundary. Never throws.
import { CONSOLE, CUSTOM, REJECTION, REPORT, UNCAUGHT } from './abi.js';
import { sanitize } from './sanitize.js';

// Errors of this realm and of others (an iframe's), which only look like one.
const isErrorLike = (v) =>
  v instanceof Error || (v !== null && typeof v === 'object' && typeof v.message === 'string' && typeof v.name === 'string');

/** A thrown value that is not an error, as text: objects as JSON (sanitize.js), the rest as `String` has it. */
export const describe = (v) => (v !== null && typeof v === 'object' ? sanitize(v)[0] : String(v));

const text = (v) => (typeof v === 'string' ? v : undefined);

// A stack frame as Chromium (`at fn (url:line:col)`, `at url:line:col`) or Firefox and Safari
// (`fn@url:line:col`) write it: [function, url, line, column].
const FRAME = /^\s*at (?:(.+?) \()?(.+?):(\d+):(\d+)\)?$|^(.*?)@(.+?):(\d+):(\d+)$/;

// An error as Datadog writes it in a message or a stack's first line: `Name: message`.
const heading = (e) => `${text(e.name) || 'Error'}: ${text(e.message) ?? ''}`;

/**
 * An error's stack in Datadog's form (its `toStackTraceString`): `Name: message`, then a line
 * `  at fn @ url:line:col` per frame the browser wrote; lines of no known form are left out, as
 * Datadog's parser leaves them.
 */
export function stackOf(error) {
  const stack = text(error.stack);
  if (!stack) return undefined;
  let out = heading(error);
  for (const line of stack.split('\n')) {
    const m = FRAME.exec(line);
    if (m) {
      const [fn, url, row, col] = m[2] ? m.slice(1, 5) : m.slice(5, 9);
      out += `\n  at ${fn || '<anonymous>'} @ ${url}:${row}:${col}`;
    }
  }
  return out;
}

function parts(kind, error, emptyAs) {
  const message = text(error.message);
  return [kind, message || emptyAs, text(error.name) || undefined, stackOf(error)];
}

/** `[kind, message, type?, stack?]` of an `ErrorEvent`. */
export function fromErrorEvent(e) {
  const error = e.error;
  if (isErrorLike(error)) return parts(UNCAUGHT, error, 'Empty message');
  // Without an error object (a cross-origin script, or a thrown primitive), the location is all
  // the stack there is.
  const message = error == null ? text(e.message) || 'Script error.' : 'Uncaught ' + describe(error);
  return [UNCAUGHT, message, undefined, frame('Error', message, e.filename, e.lineno | 0, e.colno | 0)];
}

export function fromRejection(reason) {
  return isErrorLike(reason)
    ? parts(REJECTION, reason, 'Empty message')
    : [REJECTION, 'Unhandled promise rejection: ' + describe(reason), undefined, undefined];
}

/** `console.error(...args)`: the arguments joined as the console shows them; the first error's type and stack. */
export function fromConsole(args) {
  const first = args.find(isErrorLike);
  const message = args.map((a) => (isErrorLike(a) ? heading(a) : describe(a))).join(' ');
  return [CONSOLE, message, first && (text(first.name) || undefined), first && stackOf(first)];
}

// A value `addError` was given that is no error, as Datadog writes it: `Provided "text"`, or
// the value as JSON.
export function fromCustom(error) {
  if (isErrorLike(error)) return parts(CUSTOM, error, 'Empty message');
  return [CUSTOM, 'Provided ' + (typeof error === 'string' ? JSON.stringify(error) : describe(error)), undefined, undefined];
}

// A one-frame stack in Datadog's form, where the report says where it happened.
const frame = (name, message, file, line, column) =>
  file ? `${name}: ${message}\n  at <anonymous> @ ${file}${line ? ':' + line + (column ? ':' + column : '') : ''}` : undefined;

/**
 * `[kind, message, type, stack, disposition?]` of a browser report: a `securitypolicyviolation`
 * event, or a `ReportingObserver` report (intervention, deprecation), as Datadog reads them.
 */
export function fromReport(r) {
  const body = r.body;
  if (body) {
    return [REPORT, r.type + ': ' + body.message, body.id, frame(body.id, body.message, body.sourceFile, body.lineNumber, body.columnNumber)];
  }
  const message = `'${r.blockedURI}' blocked by '${r.effectiveDirective}' directive`;
  const policy = r.originalPolicy;
  const detail = policy ? `${message} of the policy "${policy.length > 100 ? policy.slice(0, 100) + '...' : policy}"` : 'no policy';
  return [REPORT, 'csp_violation: ' + message, r.effectiveDirective, frame(r.effectiveDirective, detail, r.sourceFile, r.lineNumber, r.columnNumber), r.disposition];
}

/** Reads safely: a throwing getter on the app's object is an unreadable error, not a fault. */
export function read(fn, value) {
  try {
    return fn(value);
  } catch {
    return [CUSTOM, '[unreadable error]', undefined, undefined];
  }
}
