// The page's events, History and console, observed from the moment `init()` is called. Each
// hook only records what it saw (`observe`): the engine decides what it means, once it runs.
import { ctx, observe } from './ctx.js';
import { CLICK_SCROLLED, CLICK_TYPED } from './abi.js';

// Performance entries the engine reads, with the options each needs.
const ENTRY_TYPES = [
  ['resource'],
  ['paint'],
  ['largest-contentful-paint'],
  ['layout-shift'],
  ['event', { durationThreshold: 40 }],
  // Long animation frames where the browser has them (with their scripts), as Datadog reads them.
  [globalThis.PerformanceObserver?.supportedEntryTypes?.includes('long-animation-frame') ? 'long-animation-frame' : 'longtask'],
  ['navigation'],
];

/** Installs every hook. `options` is the app's raw configuration (the engine validates it). */
export function installHooks(options) {
  const o = options !== null && typeof options === 'object' ? options : {};
  const on = (target, type, fn, capture) =>
    target.addEventListener(
      type,
      (e) => {
        try {
          if (ctx.on) fn(e);
        } catch {
          // a hook never throws into the page
        }
      },
      capture && { capture: true, passive: true },
    );

  // A click is a primary pointer's press and release, as Datadog's listenActionEvents reads it:
  // about what was pressed (inside a shadow root, the element itself, not its host), at the
  // release. So a label's forwarded click, a key press on a button and a script's `click()` are
  // not user clicks. The engine names the element (`click.js`); whether text is selected is
  // known only now.
  if (o.trackUserInteractions !== false) {
    // `pressed`: [element, what names it]; `seen`: the user activity since the press (1 a
    // scroll, 2 an input), which the click carries, and tells of later as it comes.
    let pressed;
    let released;
    let seen = 0;
    const primary = (e) => e.isPrimary !== false && e.target instanceof Element;
    on(window, 'pointerdown', (e) => {
      seen = 0;
      released = false;
      const target = primary(e) && ((e.target.shadowRoot && e.composedPath()[0]) || e.target);
      // Named now, before the page reacts to the press, as Datadog names it (by the engine once
      // it runs; a press before that is named when it does).
      pressed = target ? [target, ctx.name?.(target)] : undefined;
    }, true);
    on(window, 'pointerup', (e) => {
      if (pressed && primary(e)) {
        // (The selection's type, not its text: reading the text would force a layout. The time
        // is the event's, which the frames it causes start after, on the clock of Date.now()
        // that the module's other times use.)
        const at = Date.now() - (performance.now() - e.timeStamp);
        observe('click', [...pressed, globalThis.getSelection?.()?.type === 'Range', seen, at]);
        released = true;
      }
      pressed = undefined;
    }, true);
    // Datadog's user activity of a click: a scroll makes it neither dead nor rage, an input not
    // dead. Each told once.
    for (const [type, bit, signal] of [['scroll', 1, CLICK_SCROLLED], ['input', 2, CLICK_TYPED]]) {
      on(window, type, () => {
        if (!(seen & bit) && released) observe('signal', [signal]);
        seen |= bit;
      }, true);
    }
  }
  // A click that opens a window is not dead: that is page activity, as Datadog counts it.
  const open = window.open;
  if (typeof open === 'function') {
    window.open = function (...args) {
      observe('opened', []);
      return open.apply(this, args);
    };
  }
  on(window, 'error', (e) => e instanceof ErrorEvent && observe('error', [e]));
  on(window, 'unhandledrejection', (e) => observe('rejection', [e.reason]));
  on(window, 'popstate', () => observe('nav', [location.href]));
  on(window, 'hashchange', () => observe('nav', [location.href]));
  wrapHistory('pushState');
  wrapHistory('replaceState');

  // Activity keeps the session alive (once a second is enough), and the first input ends LCP.
  let last = 0;
  let inputSeen = false;
  for (const type of ['pointerdown', 'keydown', 'scroll', 'touchstart']) {
    on(window, type, (e) => {
      const input = e.type === 'pointerdown' || e.type === 'keydown';
      const now = Date.now();
      if (now - last < 1000 && (inputSeen || !input)) return;
      last = now;
      inputSeen ||= input;
      observe('activity', [input]);
    }, true);
  }
  on(document, 'visibilitychange', () => document.visibilityState === 'hidden' && observe('hidden', []));
  on(window, 'pagehide', () => observe('hidden', []), true);
  on(window, 'beforeunload', () => observe('hidden', []), true);
  on(window, 'online', () => observe('online', []));
  // Browser reports, as Datadog collects them: CSP violations, interventions, deprecations.
  on(document, 'securitypolicyviolation', (e) => observe('report', [e]));
  try {
    new ReportingObserver((reports) => reports.forEach((r) => ctx.on && observe('report', [r])), {
      types: ['intervention', 'deprecation'],
      buffered: true,
    }).observe();
  } catch {
    // a browser without ReportingObserver
  }
  if (o.trackConsoleErrors !== false) wrapConsoleError();
  observeEntries(o.trackResources !== false);
}

// The original runs first, and its result or exception is the caller's, exactly as before.
function wrapHistory(name) {
  const original = history[name];
  if (typeof original !== 'function') return;
  history[name] = function (...args) {
    const result = original.apply(this, args);
    observe('nav', [location.href]);
    return result;
  };
}

function wrapConsoleError() {
  const original = console.error;
  if (typeof original !== 'function') return;
  console.error = function (...args) {
    observe('console', [args]);
    return original.apply(this, args);
  };
}

function observeEntries(resources) {
  if (typeof PerformanceObserver !== 'function') return;
  const wanted = (e) =>
    e.entryType === 'resource'
      ? e.initiatorType === 'fetch' || e.initiatorType === 'xmlhttprequest' || (resources && e.initiatorType !== 'beacon')
      : e.entryType !== 'event' || e.interactionId > 0;
  for (const [type, extra] of ENTRY_TYPES) {
    try {
      // One observation per list the browser hands over: the engine takes it in one go.
      new PerformanceObserver((list) => {
        const entries = ctx.on ? list.getEntries().filter(wanted) : [];
        if (entries.length > 0) observe('entries', [entries]);
      }).observe({ type, buffered: true, ...extra });
    } catch {
      // an entry type this browser does not know
    }
  }
}
