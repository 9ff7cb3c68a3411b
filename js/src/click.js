// Reads what names a clicked element, as Datadog's `getActionNameFromElement` computes it: the
// programmatic name (`data-dd-action-name`, then `actionNameAttribute`, on the element or any
// ancestor); else, unless its privacy level masks it, the priority strategies (its label, a
// button-like input's value, a button's text, `aria-label`, `aria-labelledby`, `alt`, `name`,
// `title`, `placeholder`, a select's first option) on it and up to ten ancestors, stopping at a
// form; then its visible text, likewise. Whitespace and length are the core's rules. Input
// values are never read, but for button-like inputs, so typed text and passwords stay out.

// `rumOnClick`'s flags, as src/browser/abi.rs numbers them (a unit test checks): written here,
// not imported, so that this file stands alone (the browser tests load it by itself).
export const MAY_BE_DEAD = 1;
export const MASKED = 2;
export const SELECTED = 4;

// The element whose tag names a click that nothing else names: the nearest control or link.
const INTERACTIVE =
  'button,a,[role=button],[role=link],[role=menuitem],[role=tab],input[type=button],input[type=submit],input[type=reset],label,summary';

// A number per element, to tell repeated clicks on one target from clicks elsewhere; weak, so a
// removed element is not kept alive.
const ids = new WeakMap();
let nextId = 1;
const DD_NAME = 'data-dd-action-name';
// Datadog's privacy levels, from the strongest: `hidden` on an ancestor cannot be undone below it.
const LEVELS = ['hidden', 'mask', 'mask-unless-allowlisted', 'mask-user-input', 'allow'];
const MASKING = /^(hidden|mask(-unless-allowlisted)?)$/;
// Clicks that are never dead (Datadog's list, read with `closest`, so that what is inside one
// counts too): text fields, whose clicks change nothing visible; contenteditable, canvas and
// links, whose effects the page cannot see.
const NEVER_DEAD =
  'input:not([type=checkbox],[type=radio],[type=button],[type=submit],[type=reset],[type=range]),textarea,select,[contenteditable],canvas,a[href]';
// Elements whose text Datadog's reader separates with a space (the rendered-text rules).
const BLOCKS = /^(block|flex|grid|list-item|table|table-caption)$/;

function closest(element, selector) {
  try {
    return element.closest(selector);
  } catch {
    return null; // an attribute name that makes no valid selector
  }
}

// The parent, across a shadow root's boundary (Datadog's `getParentElement`).
const parentOf = (e) => e.parentElement || e.parentNode?.host || null;

// An element's own privacy level, by attribute or class.
const levelOf = (e) => LEVELS.find((l) => e.getAttribute('data-dd-privacy') === l || e.classList?.contains('dd-privacy-' + l));

// The first of `attributes` that an element or an ancestor (any number, across shadow roots)
// carries, and its value; an empty one names nothing but still stops the search, as Datadog's.
function programmatic(e, attribute) {
  for (const name of [DD_NAME, attribute]) {
    for (let a = e; a; a = parentOf(a)) {
      if (a.hasAttribute?.(name)) {
        const value = a.getAttribute(name).trim();
        if (value) return value;
        break;
      }
    }
  }
}

// Datadog's `getTextualContent`: the visible text, without what names itself or is masked.
function textOf(root, attribute, privacy) {
  if (root.isContentEditable) return;
  // The elements the walk takes that separate their text, found while their style is at hand.
  const spaced = new Set();
  const walker = document.createTreeWalker(root, 5 /* SHOW_ELEMENT | SHOW_TEXT */, (node) => {
    if (node.nodeType !== 1) return 1;
    const style = getComputedStyle(node);
    if (
      (privacy && MASKING.test(levelOf(node))) ||
      node.hasAttribute(DD_NAME) ||
      node.hasAttribute(attribute) ||
      style.visibility !== 'visible' ||
      style.display === 'none' ||
      (style.contentVisibility && style.contentVisibility !== 'visible')
    ) {
      return 2; /* FILTER_REJECT */
    }
    if (node.nodeName === 'BR' || node.nodeName === 'P' || BLOCKS.test(style.display)) spaced.add(node);
    return 1;
  });
  let text = '';
  for (let node; (node = walker.nextNode()); ) {
    if (node.nodeType === 3) text += node.textContent;
    else if (spaced.has(node)) text += ' ';
  }
  return text;
}

function byId(e, id) {
  return e.getRootNode().getElementById?.(id) || e.ownerDocument.getElementById(id);
}

// Datadog's priority strategies, in its order; each gives a name or nothing.
const PRIORITY = [
  (e, text) => e.labels?.length && text(e.labels[0]),
  (e) => e.nodeName === 'INPUT' && /^(button|submit|reset)$/.test(e.getAttribute('type')) && e.value,
  (e, text) => (e.nodeName === 'BUTTON' || e.nodeName === 'LABEL' || e.getAttribute('role') === 'button') && text(e),
  (e) => e.getAttribute('aria-label'),
  (e, text) =>
    e
      .getAttribute('aria-labelledby')
      ?.split(/\s+/)
      .map((id) => id && byId(e, id))
      .filter(Boolean)
      .map(text)
      .join(' '),
  (e) => e.getAttribute('alt'),
  (e) => e.getAttribute('name'),
  (e) => e.getAttribute('title'),
  (e) => e.getAttribute('placeholder'),
  (e, text) => e.options?.length && text(e.options[0]),
];
const FALLBACK = [(e, text) => text(e)];

function byStrategies(target, strategies, text) {
  for (let e = target, i = 0; i <= 10 && e && !/^(BODY|HTML|HEAD)$/.test(e.nodeName); e = parentOf(e), i++) {
    for (const strategy of strategies) {
      const name = strategy(e, text);
      if (typeof name === 'string' && name.trim()) return name;
    }
    // (Datadog takes a form as the limit of what names its fields.)
    if (e.nodeName === 'FORM') break;
  }
}

/**
 * `[identity, flags, name, tag]` of the clicked `target`, or undefined when it is not an
 * element or is hidden by `data-dd-privacy`. `name` is what Datadog would name it (`null` when
 * nothing does; the core then names it by `tag`, or `Masked Element` when masked). Flags:
 * `MAY_BE_DEAD` unless the click is one of Datadog's exclusions; `MASKED` when `privacy` (the
 * default level, given when `enablePrivacyForActionName` is on) or the element's
 * `data-dd-privacy` masks it: then only the programmatic name may name it.
 */
export function clickSources(target, attribute, privacy) {
  if (!target || target.nodeType !== 1) return undefined;
  let level = privacy;
  if (privacy) {
    for (let e = target, own = null; e; e = parentOf(e)) {
      const found = levelOf(e);
      if (found === 'hidden') return undefined;
      if (found && !own) level = own = found;
    }
  }
  let id = ids.get(target);
  if (!id) ids.set(target, (id = nextId++));
  let labelled = target;
  if (target.tagName === 'LABEL' && target.htmlFor) labelled = document.getElementById(target.htmlFor) || target;
  const masked = /^mask(-unless|$)/.test(level);
  const flags = (closest(labelled, NEVER_DEAD) ? 0 : MAY_BE_DEAD) | (masked ? MASKED : 0);
  const text = (e) => textOf(e, attribute, privacy);
  const name =
    programmatic(target, attribute) ??
    (masked ? null : byStrategies(target, PRIORITY, text) ?? byStrategies(target, FALLBACK, text) ?? null);
  return [id, flags, name, (closest(target, INTERACTIVE) || target).tagName.toLowerCase()];
}
