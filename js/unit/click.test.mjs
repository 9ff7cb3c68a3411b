import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clickSources, MASKED, MAY_BE_DEAD, SELECTED } from '../src/click.js';
import * as abi from '../src/abi.js';

// Just enough of an element for a click named by its attribute (the strategies that read the
// DOM are proven in a real browser: tests/browser_click.rs).
function element(tag, attributes = {}, parent = null) {
  const el = {
    nodeType: 1,
    tagName: tag.toUpperCase(),
    nodeName: tag.toUpperCase(),
    parentElement: parent,
    getAttribute: (name) => (name in attributes ? attributes[name] : null),
    hasAttribute: (name) => name in attributes,
    classList: { contains: () => false },
    closest(selector) {
      for (let e = el; e; e = e.parentElement) if (selector.split(',').includes(e.tagName.toLowerCase())) return e;
      return null;
    },
  };
  return el;
}

test("the flags are the module's numbers", () => {
  assert.deepEqual([MAY_BE_DEAD, MASKED, SELECTED], [abi.MAY_BE_DEAD, abi.MASKED, abi.SELECTED]);
});

test("Datadog's attribute first, then the configured one, on the element or an ancestor", () => {
  const wrapper = element('div', { 'data-dd-action-name': 'Add to cart', 'data-track': 'ours' });
  const button = element('button', {}, wrapper);
  const [id, flags, name, tag] = clickSources(button, 'data-track');
  assert.equal(typeof id, 'number');
  assert.equal(flags, MAY_BE_DEAD);
  assert.deepEqual([name, tag], ['Add to cart', 'button']);
  const ours = element('span', {}, element('div', { 'data-track': ' Checkout ' }));
  assert.equal(clickSources(ours, 'data-track')[2], 'Checkout');
});

test('one element keeps one identity; non-elements are safe', () => {
  const a = element('button', { 'data-x': 'a' });
  const b = element('button', { 'data-x': 'b' });
  assert.equal(clickSources(a, 'data-x')[0], clickSources(a, 'data-x')[0]);
  assert.notEqual(clickSources(a, 'data-x')[0], clickSources(b, 'data-x')[0]);
  assert.equal(clickSources(undefined, 'x'), undefined);
  assert.equal(clickSources({ nodeType: 3 }, 'x'), undefined);
});

test('a masked element is named only by its attribute; a hidden one makes no action', () => {
  const masked = element('button', { 'data-dd-privacy': 'mask' });
  assert.deepEqual(clickSources(masked, 'data-x', 'allow').slice(1), [MAY_BE_DEAD | MASKED, null, 'button']);
  const named = element('button', { 'data-dd-privacy': 'mask', 'data-x': 'Pay' });
  assert.equal(clickSources(named, 'data-x', 'allow')[2], 'Pay');
  const hidden = element('button', { 'data-x': 'Pay' }, element('div', { 'data-dd-privacy': 'hidden' }));
  assert.equal(clickSources(hidden, 'data-x', 'allow'), undefined);
});
