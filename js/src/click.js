// Reads what names a clicked element, in one pass at click time (the element may change before
// the engine runs). The naming rules themselves are the engine's. Input values are never read,
// only the label of button-like inputs, so typed text and passwords stay out.

// The element a click is about: the nearest control or link around the clicked node.
const INTERACTIVE =
  'button,a,[role=button],[role=link],[role=menuitem],[role=tab],input[type=button],input[type=submit],input[type=reset],label,summary';

// A number per element, to tell repeated clicks on one target from clicks elsewhere; weak, so a
// removed element is not kept alive.
const ids = new WeakMap();
let nextId = 1;
const DD_NAME = 'data-dd-action-name';

function closest(element, selector) {
  try {
    return element.closest(selector);
  } catch {
    return null; // an attribute name that makes no valid selector
  }
}

/**
 * `[identity, explicit name, aria-label, visible text, alt/title/placeholder, tag]` of the
 * clicked `target`, or undefined when it is not an element.
 */
export function clickSources(target, attribute) {
  if (!target || target.nodeType !== 1) return undefined;
  const element = closest(target, INTERACTIVE) || target;
  // Datadog's attribute names too, so a Datadog-instrumented app keeps its names.
  const named = closest(target, '[' + attribute + '],[' + DD_NAME + ']');
  const tag = element.tagName.toLowerCase();
  const attr = (name) => element.getAttribute(name) ?? target.getAttribute(name);
  let text = null;
  if (tag === 'input') {
    const type = (element.getAttribute('type') || '').toLowerCase();
    if (type === 'button' || type === 'submit' || type === 'reset') text = element.getAttribute('value');
  } else if (tag !== 'select' && tag !== 'textarea') {
    text = element.innerText ?? element.textContent;
  }
  let id = ids.get(element);
  if (!id) ids.set(element, (id = nextId++));
  return [
    id,
    named && (named.getAttribute(attribute) ?? named.getAttribute(DD_NAME)),
    attr('aria-label'),
    text,
    attr('alt') ?? attr('title') ?? attr('placeholder'),
    tag,
  ];
}
