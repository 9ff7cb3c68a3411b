// Reads what names a clicked element, in one pass at click time (the element may change before
// the engine runs). The naming rules themselves are the engine's. Input values are never read,
// only the label of button-like inputs, so typed text and passwords stay out.

// `rumOnClick`'s flags, as src/browser/abi.rs numbers them (a unit test checks): written here,
// not imported, so that this file stands alone (the browser tests load it by itself).
export const MAY_BE_DEAD = 1;
export const MASKED = 2;
export const SELECTED = 4;

// The element a click is about: the nearest control or link around the clicked node.
const INTERACTIVE =
  'button,a,[role=button],[role=link],[role=menuitem],[role=tab],input[type=button],input[type=submit],input[type=reset],label,summary';

// A number per element, to tell repeated clicks on one target from clicks elsewhere; weak, so a
// removed element is not kept alive.
const ids = new WeakMap();
let nextId = 1;
const DD_NAME = 'data-dd-action-name';
// Datadog's privacy levels, from the strongest: `hidden` on an ancestor cannot be undone below it.
const LEVELS = ['hidden', 'mask', 'mask-unless-allowlisted', 'mask-user-input', 'allow'];
// Clicks that are never dead (Datadog's list, read with `closest`, so that what is inside one
// counts too): text fields, whose clicks change nothing visible; contenteditable, canvas and
// links, whose effects the page cannot see.
const NEVER_DEAD =
  'input:not([type=checkbox],[type=radio],[type=button],[type=submit],[type=reset],[type=range]),textarea,select,[contenteditable],canvas,a[href]';

function closest(element, selector) {
  try {
    return element.closest(selector);
  } catch {
    return null; // an attribute name that makes no valid selector
  }
}

/**
 * `[identity, flags, explicit name, aria-label, visible text, alt/title/placeholder, tag]` of the
 * clicked `target`, or undefined when it is not an element or is hidden by `data-dd-privacy`.
 * Flags: `MAY_BE_DEAD` unless the click is one of Datadog's exclusions; `SELECTED` when text is
 * selected (a double or triple click selecting words: neither rage nor dead); `MASKED` when `privacy` (the default level, given when
 * `enablePrivacyForActionName` is on) or the element's `data-dd-privacy` masks it: then only
 * the explicit name is read.
 */
export function clickSources(target, attribute, privacy) {
  if (!target || target.nodeType !== 1) return undefined;
  const element = closest(target, INTERACTIVE) || target;
  let level = privacy;
  if (privacy) {
    for (let e = target, own = null; e; e = e.parentElement) {
      const found = LEVELS.find((l) => e.getAttribute('data-dd-privacy') === l || e.classList.contains('dd-privacy-' + l));
      if (found === 'hidden') return undefined;
      if (found && !own) level = own = found;
    }
  }
  // Datadog's names first, then ours, so a Datadog-instrumented app keeps its names.
  const named = closest(target, '[' + attribute + '],[' + DD_NAME + ']');
  const explicit = named && (named.getAttribute(attribute) ?? named.getAttribute(DD_NAME));
  const tag = element.tagName.toLowerCase();
  let id = ids.get(element);
  if (!id) ids.set(element, (id = nextId++));
  let labelled = target;
  if (target.tagName === 'LABEL' && target.htmlFor) labelled = document.getElementById(target.htmlFor) || target;
  const flags =
    (closest(labelled, NEVER_DEAD) ? 0 : MAY_BE_DEAD) |
    (/^mask(-unless|$)/.test(level) ? MASKED : 0) |
    // (The selection's type, not its text: reading the text would force a layout.)
    (globalThis.getSelection?.()?.type === 'Range' ? SELECTED : 0);
  if (flags & MASKED) return [id, flags, explicit, null, null, null, tag];
  const attr = (name) => element.getAttribute(name) ?? target.getAttribute(name);
  let text = null;
  if (tag === 'input') {
    const type = (element.getAttribute('type') || '').toLowerCase();
    if (type === 'button' || type === 'submit' || type === 'reset') text = element.getAttribute('value');
  } else if (tag !== 'select' && tag !== 'textarea') {
    text = element.innerText ?? element.textContent;
  }
  return [id, flags, explicit, attr('aria-label'), text, attr('alt') ?? attr('title') ?? attr('placeholder'), tag];
}
