// Just enough of a page for the hook modules under node: window and document as event targets,
// History, location, console.
export function installPage() {
  globalThis.window = new EventTarget();
  globalThis.document = Object.assign(new EventTarget(), { visibilityState: 'visible', referrer: '' });
  globalThis.location = { href: 'https://app.example.com/' };
  globalThis.history = {
    pushState(state, title, url) {
      location.href = new URL(url, location.href).href;
      return 'pushed';
    },
    replaceState(state, title, url) {
      location.href = new URL(url, location.href).href;
    },
  };
  globalThis.ErrorEvent = class ErrorEvent extends Event {
    constructor(type, init) {
      super(type);
      Object.assign(this, init);
    }
  };
}
