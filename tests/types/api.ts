// Every call of the package's API as an app writes it, checked against `index.d.ts` by tsc
// (tests/e2e/types.test.mjs). The `@ts-expect-error` lines must fail to compile: they prove the
// types say something (a declaration gone `any` would let them through).
import * as rum from '../../dist/npm/index.js';
import { datadogRum } from '../../dist/npm/index.js';

async function app(): Promise<void> {
  await rum.init({
    applicationId: '2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96',
    clientToken: 'pub0123',
    site: 'datadoghq.eu',
    service: 'shop',
    env: 'prod',
    version: '1.0.0',
    sessionSampleRate: 100,
    trackUserInteractions: true,
    trackResources: true,
    trackLongTasks: true,
    trackViewsManually: false,
    allowedTracingUrls: ['https://api.example', /graphql/, (url: string) => url.startsWith('https://'), { match: 'https://b.example', propagatorTypes: ['tracecontext', 'b3multi'] }],
    traceSampleRate: 50,
    traceContextInjection: 'sampled',
    beforeSend: (event) => event.type !== 'action',
    proxy: ({ path, parameters }) => `https://proxy.example${path}?${parameters}`,
    trackingConsent: 'not-granted',
    silentMultipleInit: true,
    sessionReplaySampleRate: 20,
    defaultPrivacyLevel: 'mask-user-input',
    enablePrivacyForActionName: true,
    excludedActivityUrls: ['https://api.example/poll', /\/metrics/, (url: string) => url.endsWith('/beacon')],
    trackAnonymousUser: true,
    allowedGraphQlUrls: [{ match: /\/graphql$/, trackPayload: true }, 'https://api.example/gql', (url: string) => url.endsWith('/q')],
    trackFeatureFlagsForEvents: ['action', 'vital'],
    sessionPersistence: ['cookie', 'memory'],
    allowedTrackingOrigins: ['https://app.example', /\.example$/],
    storeContextsAcrossPages: true,
    persistUnsentEvents: true,
    wasmUrl: new URL('https://cdn.example/wasm_rum_bg.wasm'),
  });
  rum.setTrackingConsent('granted');
  const sessionId: string | undefined = rum.getSessionId();
  rum.setUser({ id: 42, name: 'Ada', email: 'ada@example.com', plan: 'pro' });
  rum.setUserProperty('team', 'core');
  rum.removeUserProperty('team');
  const user: Record<string, unknown> = rum.getUser();
  rum.setAccount({ id: 'acme', name: 'Acme' });
  rum.setAccountProperty('tier', 'gold');
  rum.removeAccountProperty('tier');
  const account = rum.getAccount();
  rum.clearAccount();
  rum.setGlobalContext({ company_id: 'acme' });
  rum.setGlobalContextProperty('customer_id', 'c-42');
  rum.removeGlobalContextProperty('customer_id');
  const global = rum.getGlobalContext();
  rum.clearGlobalContext();
  rum.setViewContext({ step: 'cart' });
  rum.setViewContextProperty('items', 3);
  const viewContext = rum.getViewContext();
  rum.addFeatureFlagEvaluation('new_checkout', true);
  rum.addAction('export', { rows: 3 });
  rum.addError(new Error('declined'), { provider: 'stripe' });
  rum.startView('home');
  rum.startView({ name: 'checkout', service: 'checkout', version: '2.0', context: { step: 1 } });
  rum.setViewName('checkout / address');
  rum.addTiming('hero');
  rum.addTiming('cart', 120);
  rum.setViewLoadingTime();
  rum.startAction('pay', { type: 'tap', context: { cart: 3 }, actionKey: 'p1' });
  rum.stopAction('pay', { actionKey: 'p1' });
  rum.startDurationVital('render', { description: 'hero', vitalKey: 'r1' });
  rum.stopDurationVital('render', { vitalKey: 'r1' });
  rum.addDurationVital('upload', { startTime: Date.now(), duration: 42 });
  const internal = rum.getInternalContext();
  const viewId: string | undefined = internal?.view?.id;
  const config = rum.getInitConfiguration();
  const version: string = rum.version;
  rum.onReady(() => {});
  rum.stopSession();
  rum.clearUser();
  rum.flush();
  rum.startResource('https://api.example/upload', { type: 'fetch', method: 'PUT', context: { big: true }, resourceKey: 'u1' });
  rum.stopResource('https://api.example/upload', { statusCode: 201, size: 1024, resourceKey: 'u1' });
  datadogRum.startResource('https://api.example/x');
  rum.startOperation('upload', { operationKey: 'cover', context: { size: 3 } });
  datadogRum.succeedOperation('upload', { operationKey: 'cover' });
  datadogRum.failFeatureOperation('checkout', 'abandoned');
  const replay: string | undefined = datadogRum.getSessionReplayLink();
  const headers: readonly string[] = datadogRum.DEFAULT_TRACKED_RESOURCE_HEADERS;
  void [replay, headers];
  datadogRum.init({ applicationId: 'x', clientToken: 'y' });
  datadogRum.addAction('same API');
  if (window.DD_RUM && 'addError' in window.DD_RUM) window.DD_RUM.addError('from the global');
  void [sessionId, user, account, global, viewContext, viewId, config, version];

  // @ts-expect-error: an unknown option is refused, in the types as at run time
  await rum.init({ applicationId: 'x', sampleRate: 100 });
  // @ts-expect-error: a privacy level is one of Datadog's four
  await rum.init({ applicationId: 'x', defaultPrivacyLevel: 'secret' });
  // @ts-expect-error: a resource type is one of the schema's
  rum.startResource('https://api.example/x', { type: 'rpc' });
  // @ts-expect-error: a failure's reason is one of the schema's three
  rum.failOperation('checkout', 'timeout');
  // @ts-expect-error: consent is one of two words
  rum.setTrackingConsent('yes');
  // @ts-expect-error: a duration vital given whole needs its times
  rum.addDurationVital('upload', { description: 'no times' });
  // @ts-expect-error: getSessionId returns a string or undefined, not a number
  const wrong: number = rum.getSessionId();
  void wrong;
}
void app;
