import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describe, fromConsole, fromCustom, fromErrorEvent, fromRejection, fromReport, read, stackOf } from '../src/errors.js';

test('errors are read from what the page throws', () => {
  const [kind, message, type, stack] = fromCustom(new RangeError('too far'));
  assert.deepEqual([kind, message, type], [3, 'too far', 'RangeError']);
  assert.match(stack, /RangeError: too far/);
  assert.deepEqual(fromCustom({ code: 42 }), [3, 'Provided {"code":42}', undefined, undefined]);
  assert.deepEqual(fromCustom('quota'), [3, 'Provided "quota"', undefined, undefined], "Datadog's non-error prefix");
  assert.deepEqual(fromRejection('plain reason'), [1, 'Unhandled promise rejection: plain reason', undefined, undefined]);
  // An error from another realm is not `instanceof Error` but reads the same.
  assert.deepEqual(fromCustom({ name: 'CustomError', message: 'foreign', stack: 'at x' }), [3, 'foreign', 'CustomError', 'CustomError: foreign']);
  assert.deepEqual(fromConsole(['failed:', 42, new Error('inner')]).slice(0, 3), [2, 'failed: 42 Error: inner', 'Error']);
  assert.deepEqual(fromErrorEvent({ message: 'Script error.', filename: 'https://cdn.example/a.js', lineno: 3, colno: 7 }), [
    0,
    'Script error.',
    undefined,
    'Error: Script error.\n  at <anonymous> @ https://cdn.example/a.js:3:7',
  ]);
  assert.deepEqual(fromErrorEvent({ message: '', error: 42 }), [0, 'Uncaught 42', undefined, undefined]);
  assert.deepEqual(fromCustom(new Error('')).slice(0, 2), [3, 'Empty message']);
});

test('odd values are described without throwing', () => {
  const circular = { a: 1 };
  circular.self = circular;
  assert.equal(describe(circular), '{"a":1,"self":"[Circular]"}');
  assert.equal(describe(10n), '10');
  assert.equal(describe(undefined), 'undefined');
  assert.equal(describe(Symbol('s')), 'Symbol(s)');
  const hostile = {
    get name() {
      throw new Error('getter');
    },
  };
  assert.deepEqual(read(fromCustom, hostile), [3, 'Provided {}', undefined, undefined]); // its throwing getter left out
  const proxy = new Proxy({}, {
    getPrototypeOf() {
      throw new Error('trap');
    },
  });
  assert.deepEqual(read(fromCustom, proxy), [3, '[unreadable error]', undefined, undefined]);
});

test('browser reports are read as Datadog reads them', () => {
  const csp = {
    blockedURI: 'https://cdn.example/x.png',
    effectiveDirective: 'img-src',
    originalPolicy: "img-src 'none'",
    disposition: 'enforce',
    sourceFile: 'https://app.example/app.js',
    lineNumber: 3,
    columnNumber: 14,
  };
  assert.deepEqual(fromReport(csp), [
    4,
    "csp_violation: 'https://cdn.example/x.png' blocked by 'img-src' directive",
    'img-src',
    "img-src: 'https://cdn.example/x.png' blocked by 'img-src' directive of the policy \"img-src 'none'\"\n  at <anonymous> @ https://app.example/app.js:3:14",
    'enforce',
  ]);
  const deprecation = { type: 'deprecation', body: { id: 'UnloadHandler', message: 'Unload handlers are deprecated.', sourceFile: null } };
  assert.deepEqual(fromReport(deprecation), [4, 'deprecation: Unload handlers are deprecated.', 'UnloadHandler', undefined]);
});

test("stacks in Datadog's form, from Chromium's and from Firefox's and Safari's", () => {
  const chromium = {
    name: 'Error',
    message: 'oh snap',
    stack: 'Error: oh snap\n    at foo (http://localhost:8080/app.js:12:34)\n    at HTMLButtonElement.handler (http://localhost:8080/:5:9)\n    at http://localhost:8080/app.js:40:1',
  };
  assert.equal(
    stackOf(chromium),
    'Error: oh snap\n  at foo @ http://localhost:8080/app.js:12:34\n  at HTMLButtonElement.handler @ http://localhost:8080/:5:9\n  at <anonymous> @ http://localhost:8080/app.js:40:1',
  );
  const gecko = { name: 'CustomTestError3', message: 'oh snap', stack: 'customError@http://localhost/x.js:3:10\n@http://localhost/x.js:9:1\n' };
  assert.equal(
    stackOf(gecko),
    'CustomTestError3: oh snap\n  at customError @ http://localhost/x.js:3:10\n  at <anonymous> @ http://localhost/x.js:9:1',
  );
  assert.equal(stackOf({ name: 'E', message: 'm' }), undefined, 'no stack, none made up');
});
