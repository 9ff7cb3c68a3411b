import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clickSources, MASKED, MAY_BE_DEAD, SELECTED } from '../src/click.js';
import * as abi from '../src/abi.js';

// Just enough of an element for the reader: attributes, tag, text, closest().
function element(tag, attributes = {}, { text, parent } = {}) {
  const el = {
    nodeType: 1,
    tagName: tag.toUpperCase(),
    parent,
    getAttribute: (name) => (name in attributes ? attributes[name] : null),
    innerText: text,
    closest(selector) {
      for (let e = el; e; e = e.parent) if (e.matches(selector)) return e;
      return null;
    },
    matches(selector) {
      if (selector.startsWith('[')) {
        if (selector.includes(' ')) throw new SyntaxError('not a valid selector');
        return selector.split(',').some((s) => s.slice(1, -1) in attributes);
      }
      return selector.split(',').some((s) => s === tag || s === `[role=${attributes.role}]`);
    },
  };
  return el;
}

test("the flags are the module's numbers", () => {
  assert.deepEqual([MAY_BE_DEAD, MASKED, SELECTED], [abi.MAY_BE_DEAD, abi.MASKED, abi.SELECTED]);
});

test('reads every naming source of the element a click is about', () => {
  const wrapper = element('div', { 'data-rum-action-name': 'Checkout' });
  const button = element('button', { 'aria-label': 'Pay now', title: 'Pay' }, { text: 'Pay', parent: wrapper });
  const span = element('span', {}, { text: 'Pay', parent: button });
  const [id, flags, explicit, aria, text, attribute, tag] = clickSources(span, 'data-rum-action-name');
  assert.equal(flags, MAY_BE_DEAD);
  assert.equal(typeof id, 'number');
  assert.deepEqual([explicit, aria, text, attribute, tag], ['Checkout', 'Pay now', 'Pay', 'Pay', 'button']);
});

test('input values are never read, but for button-like inputs', () => {
  const password = element('input', { type: 'password', value: 'hunter2', placeholder: 'Password' });
  assert.deepEqual(clickSources(password, 'x').slice(4), [null, 'Password', 'input']);
  const submit = element('input', { type: 'Submit', value: 'Send' });
  assert.equal(clickSources(submit, 'x')[4], 'Send');
  const area = element('textarea', {}, { text: 'typed text' });
  assert.equal(clickSources(area, 'x')[4], null);
  assert.equal(clickSources(area, 'x')[1], 0, 'a text field is never a dead click');
});

test('one element keeps one identity; non-elements and bad attribute names are safe', () => {
  const a = element('button');
  const b = element('button');
  assert.equal(clickSources(a, 'x')[0], clickSources(a, 'x')[0]);
  assert.notEqual(clickSources(a, 'x')[0], clickSources(b, 'x')[0]);
  assert.equal(clickSources(undefined, 'x'), undefined);
  assert.equal(clickSources({ nodeType: 3 }, 'x'), undefined);
  assert.equal(clickSources(a, 'bad name')[2], null);
});

test("Datadog's data-dd-action-name names an element too; the configured attribute wins", () => {
  const dd = element('button', { 'data-dd-action-name': 'Add to cart' }, { text: 'Add' });
  assert.equal(clickSources(dd, 'data-rum-action-name')[2], 'Add to cart');
  const both = element('button', { 'data-dd-action-name': 'dd', 'data-track': 'ours' }, { text: 'x' });
  assert.equal(clickSources(both, 'data-track')[2], 'ours');
});
