// Datadog's public API beyond the basics, proven by its effect in a real page against a local
// intake, every event checked against the RUM schema: the account, the user's and the global
// context's properties and getters, the view's context and options, custom timings, feature
// flags, introspection, tracking consent, timed actions and duration vitals, browser reports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { until, initPage, openIn, sessionOf } from './helpers.mjs';
import { packageSuite } from './suite.mjs';

const PAGES = {
  '/default.html': initPage('(rum, base) => rum.init(base)'),
  // The calls made before init resolves are replayed once the engine runs.
  '/early.html': initPage(`(rum, base) => {
    const ready = rum.init(base);
    rum.setAccount({ id: 'acc-early', name: 'Early Ltd' });
    rum.addFeatureFlagEvaluation('early_flag', 'on');
    return ready;
  }`),
  // Written against Datadog's SDK, as its documentation has it: only the import map says
  // where '@datadog/browser-rum' comes from. (`proxy` is Datadog's way to another intake.)
  '/datadog.html': `<!doctype html><html><head><meta charset="utf-8">
<script type="importmap">{"imports":{"@datadog/browser-rum":"/pkg/index.js"}}</script></head><body>
<button id="checkout" data-dd-unused="x">Checkout</button>
<script type="module">
import { datadogRum } from '@datadog/browser-rum';
datadogRum.init({
  applicationId: '2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96',
  clientToken: 'pub0123456789abcdef0123456789abcdef',
  site: 'datadoghq.com',
  service: 'shop-frontend',
  env: 'staging',
  version: '1.2.3',
  sessionSampleRate: 100,
  sessionReplaySampleRate: 20,
  trackUserInteractions: true,
  trackResources: true,
  trackLongTasks: true,
  defaultPrivacyLevel: 'mask-user-input',
  proxy: location.origin + '/intake/proxy',
});
datadogRum.setUser({ id: 'u-1', name: 'Ada', email: 'ada@example.com' });
datadogRum.setAccount({ id: 'acme', name: 'Acme Corp' });
datadogRum.setGlobalContextProperty('customer_id', 'c-42');
datadogRum.onReady(() => {
  datadogRum.startView({ name: 'home' });
  datadogRum.addFeatureFlagEvaluation('new_checkout', true);
  datadogRum.addAction('opened home', { source: 'docs' });
});
</script>
<script type="module">
// The test's own glue, apart from the app's code above.
import * as rum from '@datadog/browser-rum';
window.rum = rum;
window.datadogRum = rum.datadogRum;
window.ready = Promise.resolve('ok');
</script></body></html>`,
  // Datadog's whole option list (7.16), as a Datadog app writes it: init not awaited.
  '/all-options.html': `<!doctype html><html><head><meta charset="utf-8">
<script type="importmap">{"imports":{"@datadog/browser-rum":"/pkg/index.js"}}</script></head><body>
<button id="buy">Buy</button>
<script type="module">
import { datadogRum } from '@datadog/browser-rum';
window.rejections = [];
addEventListener('unhandledrejection', (e) => window.rejections.push(String(e.reason)));
datadogRum.init({
  applicationId: '2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96', clientToken: 'pub0123456789abcdef0123456789abcdef',
  site: 'datadoghq.com', service: 'shop', env: 'prod', version: '1.0.0',
  proxy: location.origin + '/intake/proxy', sessionSampleRate: 100, sessionReplaySampleRate: 10,
  startSessionReplayRecordingManually: true, sessionReplayCanvasRecording: { enabled: false },
  telemetrySampleRate: 20, telemetryConfigurationSampleRate: 5, telemetryUsageSampleRate: 5,
  trackUserInteractions: true, trackResources: true, trackLongTasks: true, trackViewsManually: false,
  trackResourceHeaders: true, actionNameAttribute: 'data-track', defaultPrivacyLevel: 'mask-user-input',
  enablePrivacyForActionName: false, allowedTracingUrls: [], traceSampleRate: 100, traceContextInjection: 'sampled',
  propagateTraceBaggage: true, excludedActivityUrls: [], workerUrl: '/dd-worker.js', compressIntakeRequests: true,
  remoteConfigurationId: 'rc-1', remoteConfiguration: { id: 'rc-1' }, remoteConfigurationProxy: '/rc',
  plugins: [], trackFeatureFlagsForEvents: [], profilingSampleRate: 0, allowedGraphQlUrls: [],
  betaEnableViewUpdates: false, betaTrackWebSockets: false, subdomain: 'app', silentMultipleInit: false,
  sessionPersistence: 'local-storage', allowUntrustedEvents: false, storeContextsAcrossPages: false,
  trackingConsent: 'granted', allowedTrackingOrigins: [location.origin], useSecureSessionCookie: false,
  usePartitionedCrossSiteSessionCookie: false, trackSessionAcrossSubdomains: false, trackAnonymousUser: false,
  enableExperimentalFeatures: [], datacenter: 'us1', source: 'browser', sdkVersion: '7.16.2', variant: 'x',
  replica: { clientToken: 'pub-replica' },
  beforeSend: () => true,
});
</script>
<script type="module">
import * as rum from '@datadog/browser-rum';
window.rum = rum;
window.ready = Promise.resolve('ok');
</script></body></html>`,
  // A bad option, and init's promise ignored as Datadog's examples ignore it.
  '/bad-unawaited.html': `<!doctype html><html><head><meta charset="utf-8">
<script type="importmap">{"imports":{"@datadog/browser-rum":"/pkg/index.js"}}</script></head><body>
<script type="module">
import * as rum from '@datadog/browser-rum';
window.rum = rum;
window.rejections = [];
addEventListener('unhandledrejection', (e) => window.rejections.push(String(e.reason)));
rum.datadogRum.init({ applicationId: '2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96', clientToken: 'pub', sessionSampelRate: 50 });
window.ready = new Promise((ok) => setTimeout(() => ok('ok'), 500));
</script></body></html>`,
  '/quiet.html': initPage(`(rum, base) => {
    const ready = rum.init({ ...base, trackLongTasks: false });
    rum.init({ ...base, silentMultipleInit: true });
    return ready;
  }`),
  // A Content Security Policy that refuses images (in the head, where a meta CSP applies).
  '/csp.html': `<!doctype html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="img-src 'none'">
<script type="importmap">{"imports":{"wasm-rum":"/pkg/index.js"}}</script></head><body>
<script type="module">
import * as rum from 'wasm-rum';
window.rum = rum;
window.ready = rum.init({
  applicationId: '2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96',
  intakeUrl: location.origin + '/intake/api/v2/rum',
  trackResources: false,
}).then(() => 'ok', (e) => 'init failed: ' + e.message);
</script></body></html>`,
  // Datadog's async snippet as its documentation has it, with the package's classic-script build
  // as the source: no module, no bundler.
  '/snippet.html': `<!doctype html><html><head><meta charset="utf-8">
<script>
  (function(h,o,u,n,d) {
    h=h[d]=h[d]||{q:[],onReady:function(c){h.q.push(c)}}
    d=o.createElement(u);d.async=1;d.src=n
    n=o.getElementsByTagName(u)[0];n.parentNode.insertBefore(d,n)
  })(window,document,'script','/pkg/datadog-rum.js','DD_RUM')
  window.DD_RUM.onReady(function() {
    window.DD_RUM.init({
      clientToken: 'pub0123456789abcdef0123456789abcdef',
      applicationId: '2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96',
      site: 'datadoghq.com',
      service: 'snippet-app',
      sessionSampleRate: 100,
      proxy: location.origin + '/intake/proxy',
    })
    window.DD_RUM.setUser({ id: 'snippet-user' })
  })
  window.DD_RUM.onReady(function() { throw new Error('an app callback that throws') })
</script></head><body><button id="go">Go</button>
<script>
  window.ready = new Promise(function (ok) {
    (function wait() {
      if (window.DD_RUM && window.DD_RUM.getInternalContext && window.DD_RUM.getInternalContext()) ok('ok');
      else setTimeout(wait, 20);
    })();
  });
</script></body></html>`,
  '/origins.html': initPage(`(rum, base) => rum.init({
    ...base,
    allowedTrackingOrigins: new URLSearchParams(location.search).get('allowed') === 'yes'
      ? ['https://other.example', /^http:\\/\\/127\\.0\\.0\\.1:/]
      : ['https://other.example', (origin) => origin.startsWith('https:')],
    sessionPersistence: ['cookie', 'memory'],
  })`),
  '/stored.html': initPage('(rum, base) => rum.init({ ...base, storeContextsAcrossPages: true })'),
  // Consent withdrawn while the session starts: the engine waits for the cross-tab lock then.
  '/consent-race.html': initPage(`(rum, base) => {
    const request = navigator.locks.request.bind(navigator.locks);
    navigator.locks.request = (name, fn) => {
      rum.setTrackingConsent('not-granted');
      return request(name, fn);
    };
    return rum.init(base);
  }`),
  '/consent.html': initPage(`(rum, base) => {
    rum.setUser({ id: 'before-consent' });
    return rum.init({ ...base, trackingConsent: 'not-granted' });
  }`, '<button id="buy">Buy</button>'),
};

const { open, eventsOf, settle, latestViews, assertValid, server, browser } = packageSuite({ pages: PAGES });

test('account and user: set, set and remove a property, read back, clear', async () => {
  const { context, page, sessionId, warnings } = await open('/default.html');
  const read = await page.evaluate(() => {
    const { rum } = window;
    rum.setAccount({ id: 1234, name: 'Acme', tier: 'gold' });
    rum.setUser({ id: 'u1', name: 'Ada' });
    rum.setUserProperty('email', 'ada@example.com');
    rum.setUserProperty('id', 42);
    rum.setAccountProperty('region', 'eu');
    rum.addAction('both');
    const got = { user: rum.getUser(), account: rum.getAccount() };
    got.user.name = 'changed'; // a copy: the SDK's context stays
    rum.removeUserProperty('email');
    rum.removeAccountProperty('tier');
    rum.addAction('removed');
    rum.clearAccount();
    rum.addAction('no account');
    rum.setAccount({ name: 'No id' });
    rum.addAction('account without id');
    return { ...got, later: rum.getUser() };
  });
  assert.deepEqual(read.user, { id: '42', name: 'changed', email: 'ada@example.com' });
  assert.deepEqual(read.account, { id: '1234', name: 'Acme', tier: 'gold', region: 'eu' });
  assert.deepEqual(read.later, { id: '42', name: 'Ada' });
  await settle(page, sessionId);
  const byName = Object.fromEntries(eventsOf(sessionId, 'action').map((e) => [e.action.target.name, e]));
  assert.deepEqual(byName.both.usr, { id: '42', name: 'Ada', email: 'ada@example.com' });
  assert.deepEqual(byName.both.account, { id: '1234', name: 'Acme', tier: 'gold', region: 'eu' });
  assert.deepEqual(byName.removed.usr, { id: '42', name: 'Ada' });
  assert.deepEqual(byName.removed.account, { id: '1234', name: 'Acme', region: 'eu' });
  assert.equal(byName['no account'].account, undefined);
  assert.equal(byName['account without id'].account, undefined, 'an account goes out only with its id');
  assert.deepEqual(await page.evaluate(() => window.rum.getAccount()), { name: 'No id' });
  assertValid(sessionId);
  assert.deepEqual(warnings.filter((w) => w.startsWith('wasm-rum:')), []);
  await context.close();
});

test('global and view context: getters, the view context on every event of its view only', async () => {
  const { context, page, sessionId } = await open('/default.html');
  const got = await page.evaluate(() => {
    const { rum } = window;
    rum.setGlobalContext({ company_id: 'c1', plan: 'pro' });
    rum.setViewContext({ step: 'cart', plan: 'view-plan' });
    rum.setViewContextProperty('items', 3);
    rum.addAction('in the cart', { items: 4 });
    const read = { global: rum.getGlobalContext(), view: rum.getViewContext() };
    history.pushState({}, '', '/checkout');
    rum.addAction('next view');
    read.nextView = rum.getViewContext();
    return read;
  });
  assert.deepEqual(got.global, { company_id: 'c1', plan: 'pro' });
  assert.deepEqual(got.view, { step: 'cart', plan: 'view-plan', items: 3 });
  assert.deepEqual(got.nextView, {});
  await settle(page, sessionId);
  const byName = Object.fromEntries(eventsOf(sessionId, 'action').map((e) => [e.action.target.name, e]));
  // Global, then the view's, then the event's own.
  assert.deepEqual(byName['in the cart'].context, { company_id: 'c1', plan: 'view-plan', step: 'cart', items: 4 });
  assert.deepEqual(byName['next view'].context, { company_id: 'c1', plan: 'pro' });
  const [first] = latestViews(sessionId).filter((v) => v.view.id === byName['in the cart'].view.id);
  assert.deepEqual(first.context, { company_id: 'c1', plan: 'view-plan', step: 'cart', items: 3 });
  assertValid(sessionId);
  await context.close();
});

test('feature flags: the view and its errors carry them, other events and the next view do not', async () => {
  const { context, page, sessionId } = await open('/default.html');
  const viewIds = await page.evaluate(() => {
    const { rum } = window;
    rum.addFeatureFlagEvaluation('new_checkout', true);
    rum.addFeatureFlagEvaluation('variant', { name: 'b', weight: 2 });
    rum.addError(new Error('with flags'));
    rum.addAction('an action');
    history.pushState({}, '', '/next');
    rum.addError(new Error('next view'));
  });
  await settle(page, sessionId);
  const errors = Object.fromEntries(eventsOf(sessionId, 'error').map((e) => [e.error.message, e]));
  const flags = { new_checkout: true, variant: { name: 'b', weight: 2 } };
  assert.deepEqual(errors['with flags'].feature_flags, flags);
  assert.equal(errors['next view'].feature_flags, undefined);
  assert.equal(eventsOf(sessionId, 'action').find((e) => e.action.target.name === 'an action').feature_flags, undefined);
  const first = latestViews(sessionId).find((v) => v.view.id === errors['with flags'].view.id);
  assert.deepEqual(first.feature_flags, flags);
  assertValid(sessionId);
  assert.equal(viewIds, undefined);
  await context.close();
});

test('context calls made before init resolves are replayed in order', async () => {
  const { context, page, sessionId } = await open('/early.html');
  await page.evaluate(() => window.rum.addError(new Error('after start')));
  await settle(page, sessionId);
  const error = eventsOf(sessionId, 'error').find((e) => e.error.message === 'after start');
  assert.deepEqual(error.account, { id: 'acc-early', name: 'Early Ltd' });
  assert.deepEqual(error.feature_flags, { early_flag: 'on' });
  assertValid(sessionId);
  await context.close();
});

test('bad context calls are warned about once, by name, and change nothing', async () => {
  const { context, page, sessionId, warnings } = await open('/default.html');
  await page.evaluate(() => {
    const { rum } = window;
    rum.setAccount({ id: 'a1' });
    rum.setAccount('not an object');
    rum.setViewContextProperty(42, 'x');
    rum.addAction('after bad calls');
  });
  await settle(page, sessionId);
  const action = eventsOf(sessionId, 'action').find((e) => e.action.target.name === 'after bad calls');
  assert.deepEqual(action.account, { id: 'a1' });
  assert.equal(action.context, undefined);
  assert.deepEqual(warnings.filter((w) => w.startsWith('wasm-rum:')), ['wasm-rum: setAccount expects an object']);
  await context.close();
});

test('introspection: getInternalContext, getInitConfiguration, version, onReady', async () => {
  const { context, page, sessionId } = await open('/default.html');
  const got = await page.evaluate(() => {
    const { rum } = window;
    let readyCalled = false;
    rum.onReady(() => (readyCalled = true));
    history.pushState({}, '', '/cart?x=1');
    return {
      internal: rum.getInternalContext(),
      config: rum.getInitConfiguration(),
      version: rum.version,
      readyCalled,
      url: location.href,
    };
  });
  assert.equal(got.internal.application_id, '2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96');
  assert.equal(got.internal.session_id, sessionId);
  assert.equal(got.internal.view.url, got.url);
  assert.match(got.internal.view.id, /^[0-9a-f-]{36}$/);
  assert.equal(got.config.applicationId, '2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96');
  assert.equal(got.config.trackResources, false);
  assert.match(got.version, /^\d+\.\d+\.\d+$/);
  assert.equal(got.readyCalled, true);
  await settle(page, sessionId);
  const views = eventsOf(sessionId, 'view').filter((v) => v.view.id === got.internal.view.id);
  assert.ok(views.length > 0, 'the internal context names the view the events carry');
  assert.equal(views[0]._dd.browser_sdk_version, got.version);
  await context.close();
});

test('views: startView with options, setViewName, addTiming, setViewLoadingTime', async () => {
  const { context, page, sessionId, warnings } = await open('/default.html');
  const start = await page.evaluate(async () => {
    const { rum } = window;
    history.pushState({}, '', '/checkout');
    rum.startView({ name: 'Checkout', service: 'checkout-svc', version: '2.0.1', context: { step: 'address' } });
    const at = Date.now();
    rum.addAction('in checkout');
    await new Promise((ok) => setTimeout(ok, 120));
    rum.addTiming('address_filled');
    rum.addTiming('hero image', 80);
    rum.setViewName('Checkout / address');
    rum.setViewLoadingTime();
    return at;
  });
  await settle(page, sessionId);
  const action = eventsOf(sessionId, 'action').find((e) => e.action.target.name === 'in checkout');
  assert.equal(action.service, 'checkout-svc');
  assert.equal(action.version, '2.0.1');
  assert.equal(action.view.name, 'Checkout');
  assert.deepEqual(action.context, { step: 'address' });
  const [view] = latestViews(sessionId).filter((v) => v.view.id === action.view.id);
  assert.equal(view.view.name, 'Checkout / address');
  assert.equal(view.service, 'checkout-svc');
  const timings = view.view.custom_timings;
  assert.deepEqual(Object.keys(timings), ['address_filled', 'hero_image']);
  assert.equal(timings.hero_image, 80e6);
  assert.ok(timings.address_filled >= 110e6 && timings.address_filled < 5000e6, `${timings.address_filled}`);
  assert.ok(view.view.loading_time >= timings.address_filled, `${view.view.loading_time}`);
  assert.ok(start > 0);
  assert.deepEqual(
    warnings.filter((w) => w.startsWith('wasm-rum:')),
    ['wasm-rum: invalid timing name hero image, sanitized to hero_image'],
  );
  assertValid(sessionId);
  await context.close();
});

test('tracking consent: nothing collected, stored or sent until granted; withdrawn, it all stops', async () => {
  // Sessions of the other tests, whose pages may still deliver on their way out.
  const known = new Set(server().events.map((e) => e.session?.id));
  const t0 = Date.now();
  const { context, page } = await open('/consent.html');
  const storage = () =>
    page.evaluate(() => ({ cookies: document.cookie, keys: Object.keys(localStorage) }));
  // Not granted: a click, an error, a route change and an action: nothing goes anywhere.
  await page.click('#buy');
  await page.evaluate(() => {
    window.rum.addAction('while not granted');
    history.pushState({}, '', '/elsewhere');
    window.rum.addError(new Error('while not granted'));
    window.rum.flush();
  });
  await new Promise((ok) => setTimeout(ok, 500));
  assert.equal(await page.evaluate(() => window.rum.getSessionId()), undefined);
  assert.deepEqual(await storage(), { cookies: '', keys: [] }, 'no cookie, no storage');
  const strangers = server().requests.filter((r) => r.at >= t0 && [...r.sessions].some((id) => !known.has(id)));
  assert.deepEqual(strangers, [], 'nothing sent');

  // Granted: a session and a first view at the page's URL then; the calls made meanwhile follow.
  const sessionId = await page.evaluate(async () => {
    window.rum.setTrackingConsent('granted');
    for (let i = 0; i < 50 && !window.rum.getSessionId(); i++) await new Promise((ok) => setTimeout(ok, 20));
    return window.rum.getSessionId();
  });
  assert.match(sessionId, /^[0-9a-f-]{36}$/);
  await settle(page, sessionId);
  const [view] = latestViews(sessionId);
  assert.ok(view.view.url.endsWith('/elsewhere'), view.view.url);
  const actions = eventsOf(sessionId, 'action').map((e) => e.action.target.name);
  assert.ok(actions.includes('while not granted'), 'the app\'s own calls waited for consent');
  assert.ok(!actions.includes('Buy'), 'the click seen before consent was not recorded');
  assert.equal(eventsOf(sessionId, 'action').find((e) => e.action.target.name === 'marker').usr.id, 'before-consent');
  assert.ok((await storage()).keys.length > 0, 'the session is stored once granted');
  assertValid(sessionId);

  // Withdrawn: the session ends in storage, and what follows is neither collected nor sent.
  const t1 = Date.now();
  await page.evaluate(() => {
    window.rum.addAction('queued, not sent');
    window.rum.setTrackingConsent('not-granted');
    window.rum.addAction('after withdrawal');
    window.rum.flush();
  });
  await page.click('#buy');
  await new Promise((ok) => setTimeout(ok, 800));
  const late = server().requests.filter((r) => r.at > t1 + 50 && r.sessions.has(sessionId));
  assert.deepEqual(late, [], 'nothing of the session sent after the withdrawal');
  const names = eventsOf(sessionId, 'action').map((e) => e.action.target.name);
  assert.ok(!names.includes('after withdrawal') && !names.includes('queued, not sent'), 'what waited was dropped');
  assert.equal(await page.evaluate(() => window.rum.getSessionId()), undefined);
  assert.deepEqual((await storage()).keys.filter((k) => k.startsWith('_wrum_s')), []);

  // Granted again: a new session.
  const again = await page.evaluate(async () => {
    window.rum.setTrackingConsent('granted');
    for (let i = 0; i < 50 && !window.rum.getSessionId(); i++) await new Promise((ok) => setTimeout(ok, 20));
    return window.rum.getSessionId();
  });
  assert.match(again, /^[0-9a-f-]{36}$/);
  assert.notEqual(again, sessionId);
  await settle(page, again, 'second marker');
  await context.close();
});

test("a page written against Datadog's API runs unchanged", async () => {
  const { context, page, warnings, pageErrors } = await open('/datadog.html');
  const sessionId = await page.evaluate(async () => {
    for (let i = 0; i < 100 && !window.datadogRum.getInternalContext(); i++) await new Promise((ok) => setTimeout(ok, 20));
    const { datadogRum } = window;
    datadogRum.addError(new Error('payment declined'), { provider: 'stripe' });
    datadogRum.addTiming('checkout_ready');
    datadogRum.setViewName('home page');
    return datadogRum.getInternalContext().session_id;
  });
  await page.click('#checkout');
  await settle(page, sessionId);
  const actions = Object.fromEntries(eventsOf(sessionId, 'action').map((e) => [e.action.target.name, e]));
  const opened = actions['opened home'];
  assert.deepEqual(opened.usr, { id: 'u-1', name: 'Ada', email: 'ada@example.com' });
  assert.deepEqual(opened.account, { id: 'acme', name: 'Acme Corp' });
  assert.deepEqual(opened.context, { customer_id: 'c-42', source: 'docs' });
  assert.equal(opened.service, 'shop-frontend');
  assert.equal(opened.view.name, 'home');
  assert.ok(actions.Checkout, 'the click is an action named by its text');
  const error = eventsOf(sessionId, 'error').find((e) => e.error.message === 'payment declined');
  assert.equal(error.feature_flags.new_checkout, true);
  assert.ok(server().requests.some((r) => r.url.startsWith('/intake/proxy?ddforward=')), 'through the proxy');
  assertValid(sessionId);
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(
    warnings.filter((w) => w.startsWith('wasm-rum:')),
    ['wasm-rum: option sessionReplaySampleRate has no effect: wasm-rum has no Session Replay'],
  );
  await context.close();
});

test("Datadog's whole option list runs unchanged: each option without effect named once, no unhandled rejection", async () => {
  const { context, page, warnings, pageErrors } = await open('/all-options.html');
  const sessionId = await sessionOf(page);
  assert.ok(sessionId, 'the SDK runs');
  await page.click('#buy');
  await settle(page, sessionId);
  assert.ok(eventsOf(sessionId, 'action').some((e) => e.action.target.name === 'Buy'));
  assertValid(sessionId);
  const noEffect = warnings.filter((w) => w.startsWith('wasm-rum: option ')).map((w) => w.split(' ')[2]);
  assert.deepEqual(noEffect.sort(), [
    'betaEnableViewUpdates', 'betaTrackWebSockets', 'datacenter', 'enableExperimentalFeatures',
    'profilingSampleRate', 'remoteConfiguration', 'remoteConfigurationId',
    'remoteConfigurationProxy', 'replica', 'sdkVersion', 'sessionReplayCanvasRecording', 'sessionReplaySampleRate',
    'source', 'startSessionReplayRecordingManually', 'subdomain', 'telemetryConfigurationSampleRate',
    'telemetrySampleRate', 'telemetryUsageSampleRate', 'trackResourceHeaders', 'variant', 'workerUrl',
    'allowUntrustedEvents',
  ].sort());
  assert.deepEqual(await page.evaluate(() => window.rejections), []);
  assert.deepEqual(pageErrors, []);
  await context.close();
});

test('a bad option with init not awaited: said in the console with the nearest name, never an unhandled rejection', async () => {
  const { context, page, pageErrors } = await open('/bad-unawaited.html');
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.reload();
  await page.waitForTimeout(600);
  assert.deepEqual(errors, ['wasm-rum: unknown option "sessionSampelRate" (did you mean "sessionSampleRate"?)']);
  assert.deepEqual(await page.evaluate(() => window.rejections), []);
  assert.deepEqual(pageErrors, []);
  await context.close();
});

test('a long animation frame is a long_task event with its scripts, as Datadog sends it', async () => {
  const { context, page, sessionId } = await open('/default.html');
  // A click handler that blocks the page for 150 ms: one long frame, its script the handler.
  await page.evaluate(() => {
    const button = document.createElement('button');
    button.id = 'slow';
    button.textContent = 'Slow';
    button.addEventListener('click', function block() {
      const end = performance.now() + 150;
      while (performance.now() < end) {
        // busy
      }
    });
    document.body.append(button);
  });
  await page.click('#slow');
  await page.waitForTimeout(300);
  await settle(page, sessionId);
  const tasks = eventsOf(sessionId, 'long_task');
  const frame = tasks.find((t) => t.long_task.duration >= 150e6);
  assert.ok(frame, JSON.stringify(tasks));
  assert.equal(frame.long_task.entry_type, 'long-animation-frame');
  assert.ok(frame.long_task.blocking_duration > 90e6);
  const script = frame.long_task.scripts.find((s) => s.invoker_type === 'event-listener');
  assert.ok(script, JSON.stringify(frame.long_task.scripts));
  assert.match(script.invoker, /BUTTON#slow\.onclick/);
  assert.ok(script.duration >= 150e6);
  const [view] = latestViews(sessionId);
  assert.equal(view.view.long_task.count, tasks.length);
  assertValid(sessionId);
  await context.close();
});

test('silentMultipleInit: a second init says nothing; trackLongTasks: false counts no long task', async () => {
  const { context, page, sessionId, warnings } = await open('/quiet.html');
  await page.evaluate(async () => {
    const end = performance.now() + 200;
    while (performance.now() < end) {
      // a long task
    }
    await new Promise((ok) => setTimeout(ok, 300));
  });
  await settle(page, sessionId);
  const [view] = latestViews(sessionId);
  assert.equal(view.view.long_task.count, 0);
  assert.deepEqual(warnings.filter((w) => w.startsWith('wasm-rum:')), []);
  await context.close();
});

test('timed actions and duration vitals', async () => {
  const { context, page, sessionId } = await open('/default.html');
  const started = await page.evaluate(async () => {
    const { rum } = window;
    const at = Date.now();
    rum.startAction('checkout', { type: 'tap', context: { cart: 3 } });
    rum.startDurationVital('hero_render', { description: 'home hero' });
    await new Promise((ok) => setTimeout(ok, 150));
    rum.addError(new Error('during checkout'));
    rum.stopAction('checkout', { context: { cart: 4 } });
    rum.stopDurationVital('hero_render', { context: { cache: 'warm' } });
    rum.addDurationVital('upload', { startTime: at, duration: 42 });
    rum.stopAction('never started');
    return at;
  });
  await settle(page, sessionId);
  const checkout = eventsOf(sessionId, 'action').find((e) => e.action.target.name === 'checkout');
  assert.equal(checkout.action.type, 'tap');
  assert.ok(checkout.date >= started - 1 && checkout.date <= started + 50, `${checkout.date} vs ${started}`);
  assert.ok(checkout.action.loading_time >= 140e6 && checkout.action.loading_time < 5000e6, `${checkout.action.loading_time}`);
  assert.equal(checkout.action.error.count, 1);
  assert.deepEqual(checkout.action.frustration.type, ['error_click']);
  assert.deepEqual(checkout.context, { cart: 4 });
  const vitals = Object.fromEntries(eventsOf(sessionId, 'vital').map((e) => [e.vital.name, e]));
  assert.equal(vitals.hero_render.vital.type, 'duration');
  assert.equal(vitals.hero_render.vital.description, 'home hero');
  assert.ok(vitals.hero_render.vital.duration >= 140e6, `${vitals.hero_render.vital.duration}`);
  assert.deepEqual(vitals.hero_render.context, { cache: 'warm' });
  assert.equal(vitals.upload.vital.duration, 42e6);
  assert.equal(vitals.upload.date, started);
  assert.equal(eventsOf(sessionId, 'action').filter((e) => e.action.target.name === 'never started').length, 0);
  assertValid(sessionId);
  await context.close();
});

// Datadog's vitals scenarios (test/e2e/scenario/rum/vitals.scenario.ts), then its operations
// API in full (startOperation, succeedOperation, failOperation and their earlier names).
test('vitals: Datadog\'s scenarios, and operations started, succeeded and failed', async () => {
  const { context, page, sessionId } = await open('/default.html');
  await page.evaluate(async () => {
    const { rum } = window;
    rum.startDurationVital('foo');
    rum.startDurationVital('pair', { vitalKey: 'key-1' });
    rum.startDurationVital('pair', { vitalKey: 'key-2' });
    await new Promise((ok) => setTimeout(ok, 5));
    rum.stopDurationVital('foo');
    rum.stopDurationVital('pair', { vitalKey: 'key-1' });
    rum.stopDurationVital('pair', { vitalKey: 'key-2' });
    rum.startOperation('op');
    rum.startOperation('upload', { operationKey: 'cover', context: { size: 3 }, description: 'cover photo' });
    rum.succeedOperation('upload', { operationKey: 'cover' });
    rum.failOperation('checkout', 'abandoned');
    rum.datadogRum.failFeatureOperation('checkout', 'not a reason');
    rum.datadogRum.startSessionReplayRecording();
    rum.datadogRum.stopSessionReplayRecording();
  });
  assert.equal(await page.evaluate(() => window.rum.datadogRum.getSessionReplayLink()), undefined);
  assert.ok((await page.evaluate(() => window.rum.datadogRum.DEFAULT_TRACKED_RESOURCE_HEADERS)).includes('server-timing'));
  await settle(page, sessionId);
  const vitals = eventsOf(sessionId, 'vital');
  const durations = vitals.filter((e) => e.vital.type === 'duration');
  assert.deepEqual(durations.map((e) => e.vital.name).sort(), ['foo', 'pair', 'pair']);
  for (const d of durations) assert.equal(typeof d.vital.duration, 'number');
  const steps = vitals.filter((e) => e.vital.type === 'operation_step').map((e) => e.vital);
  const shape = ({ name, step_type, operation_key, failure_reason, description }) =>
    ({ name, step_type, operation_key, failure_reason, description });
  assert.deepEqual(steps.map(shape), [
    { name: 'op', step_type: 'start', operation_key: undefined, failure_reason: undefined, description: undefined },
    { name: 'upload', step_type: 'start', operation_key: 'cover', failure_reason: undefined, description: 'cover photo' },
    { name: 'upload', step_type: 'end', operation_key: 'cover', failure_reason: undefined, description: undefined },
    { name: 'checkout', step_type: 'end', operation_key: undefined, failure_reason: 'abandoned', description: undefined },
    { name: 'checkout', step_type: 'end', operation_key: undefined, failure_reason: 'other', description: undefined },
  ]);
  assert.equal(new Set(steps.map((v) => v.id)).size, 5);
  assert.deepEqual(vitals.find((e) => e.vital.description === 'cover photo').context, { size: 3 });
  assertValid(sessionId);
  await context.close();
});

test('a Content Security Policy violation is an error with source report, as Datadog sends it', async () => {
  const { context, page, sessionId, pageErrors } = await open('/csp.html');
  await page.evaluate(async () => {
    const img = new Image();
    img.src = location.origin + '/blocked.png';
    document.body.append(img);
    await new Promise((ok) => setTimeout(ok, 300));
  });
  await settle(page, sessionId);
  const report = eventsOf(sessionId, 'error').find((e) => e.error.source === 'report');
  assert.ok(report, 'a report error');
  assert.equal(report.error.type, 'img-src');
  assert.match(report.error.message, /^csp_violation: '.*\/blocked\.png' blocked by 'img-src' directive$/);
  assert.equal(report.error.handling, 'unhandled');
  assert.deepEqual(report.error.csp, { disposition: 'enforce' });
  assertValid(sessionId);
  assert.deepEqual(pageErrors, []);
  await context.close();
});

test('the classic-script build runs under Datadog\'s async snippet: DD_RUM, its queue, the engine beside it', async () => {
  const { context, page, warnings, pageErrors } = await openIn(browser(), server().url + 'snippet.html');
  assert.equal(await page.evaluate(() => window.ready), 'ok');
  const sessionId = await page.evaluate(() => window.DD_RUM.getInternalContext().session_id);
  await page.click('#go');
  await page.evaluate(() => {
    window.DD_RUM.addAction('marker');
    // DD_RUM has no flush (neither has Datadog's): the page going away sends everything.
    window.dispatchEvent(new Event('pagehide'));
  });
  await until(() => eventsOf(sessionId, 'action').some((e) => e.action.target.name === 'marker'), 'the action');
  const action = eventsOf(sessionId, 'action').find((e) => e.action.target.name === 'marker');
  assert.equal(action.usr.id, 'snippet-user');
  assert.equal(action.service, 'snippet-app');
  assert.equal(typeof (await page.evaluate(() => window.DD_RUM.version)), 'string');
  assert.ok(eventsOf(sessionId, 'action').some((e) => e.action.target.name === 'Go'), 'the click');
  assert.ok(server().requests.some((r) => r.url.startsWith('/intake/proxy?ddforward=')));
  assertValid(sessionId);
  assert.deepEqual(pageErrors, [], 'a throwing callback is reported, not thrown at the page');
  assert.deepEqual(warnings.filter((w) => w.startsWith('wasm-rum:')), []);
  await context.close();
});

test('allowedTrackingOrigins: another origin starts nothing; sessionPersistence puts the session in a cookie', async () => {
  const refused = await openIn(browser(), server().url + 'origins.html?allowed=no');
  assert.match(refused.ready, /^init failed: wasm-rum: allowedTrackingOrigins does not allow this origin, http:\/\/127\.0\.0\.1:\d+; nothing was started$/);
  assert.equal(await refused.page.evaluate(() => window.rum.getSessionId()), undefined);
  assert.deepEqual(await refused.page.evaluate(() => [document.cookie, Object.keys(localStorage)]), ['', []]);
  await refused.context.close();
  const allowed = await openIn(browser(), server().url + 'origins.html?allowed=yes');
  assert.equal(allowed.ready, 'ok');
  const stored = await allowed.page.evaluate(() => [document.cookie, Object.keys(localStorage)]);
  assert.match(stored[0], /_wrum_s=id=/, 'the session in a cookie, as asked');
  assert.deepEqual(stored[1], []);
  await allowed.context.close();
});

test('storeContextsAcrossPages: the next page of the site starts with the user, account and global context', async () => {
  const { context, page } = await open('/stored.html');
  await page.evaluate(() => {
    window.rum.setUser({ id: 'kept-user' });
    window.rum.setAccount({ id: 'kept-account' });
    window.rum.setGlobalContextProperty('plan', 'pro');
    window.rum.setViewContextProperty('step', 'not kept');
  });
  await page.goto(server().url + 'stored.html');
  assert.equal(await page.evaluate(() => window.ready), 'ok');
  const sessionId = await page.evaluate(() => window.rum.getSessionId());
  await settle(page, sessionId, 'on the next page');
  const action = eventsOf(sessionId, 'action').find((e) => e.action.target.name === 'on the next page');
  assert.deepEqual(action.usr, { id: 'kept-user' });
  assert.deepEqual(action.account, { id: 'kept-account' });
  assert.deepEqual(action.context, { plan: 'pro' });
  await context.close();
});

test('consent withdrawn while the session starts: nothing is collected, stored or sent after it', async () => {
  // Sessions of the other tests, whose pages may still deliver on their way out.
  const known = new Set(server().events.map((e) => e.session?.id));
  const t0 = Date.now();
  const { context, page } = await openIn(browser(), server().url + 'consent-race.html');
  assert.equal(await page.evaluate(() => window.ready), 'ok');
  await page.evaluate(() => {
    window.rum.addAction('after the withdrawal');
    window.rum.flush();
  });
  await new Promise((ok) => setTimeout(ok, 800));
  assert.equal(await page.evaluate(() => window.rum.getSessionId()), undefined);
  assert.deepEqual(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('_wrum_s'))), []);
  const names = server().events.filter((e) => e.type === 'action').map((e) => e.action.target.name);
  assert.ok(!names.includes('after the withdrawal'));
  const strangers = server().requests.filter((r) => r.at >= t0 && [...r.sessions].some((id) => !known.has(id)));
  assert.deepEqual(strangers, [], 'nothing sent by the page');
  await context.close();
});
