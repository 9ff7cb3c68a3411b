/** A value the SDK can carry in an event's context: JSON-like data. Anything else (functions,
 * symbols, DOM nodes, cycles) is dropped or turned into a string, never thrown. */
export type ContextValue = unknown;

/** The event as `beforeSend` sees it: a copy following Datadog's RUM event schema. */
export interface RumEvent {
  type: 'view' | 'action' | 'error' | 'resource' | string;
  date: number;
  session: { id: string; type: string };
  view: { id: string; url: string; referrer?: string; name?: string; [key: string]: unknown };
  usr?: Record<string, ContextValue>;
  context?: Record<string, ContextValue>;
  action?: { id?: string | string[]; type?: string; target?: { name: string }; [key: string]: unknown };
  error?: { message: string; source: string; type?: string; stack?: string; [key: string]: unknown };
  resource?: { url: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** A URL prefix, a RegExp or a predicate over the absolute URL. */
export type TracingMatcher = string | RegExp | ((url: string) => boolean);

/** Datadog's MatchOption: a string equal to the value, a RegExp that matches it, or a function that returns `true` for it. */
export type MatchOption = string | RegExp | ((value: string) => boolean);
/** Header formats: `datadog` (x-datadog-*), `tracecontext` (W3C traceparent/tracestate), `b3` (single header), `b3multi` (X-B3-*). Default `["datadog", "tracecontext"]`. */
export type PropagatorType = 'datadog' | 'tracecontext' | 'b3' | 'b3multi';

/**
 * Options of {@link init}: Datadog's (7.16) and a few of wasm-rum's own. Datadog's options that
 * have no effect here are accepted and named in one console warning each; any other name is
 * rejected with the nearest known one suggested, so a typo never goes unnoticed.
 */
export interface RumInitConfiguration {
  /** The RUM application id. Required. */
  applicationId: string;
  /** The client token of the Datadog intake. Required unless `intakeUrl` is set. */
  clientToken?: string;
  /** The Datadog site whose intake receives the events, e.g. `"datadoghq.eu"`. Default `"datadoghq.com"`. */
  site?: string;
  /** The service name reported with every event. */
  service?: string;
  /** The environment reported with every event, e.g. `"prod"`. */
  env?: string;
  /** The version of the app reported with every event. */
  version?: string;
  /** A full http(s) URL that receives the events instead of the site's intake (self-hosted intake or proxy). */
  intakeUrl?: string;
  /**
   * Datadog's `proxy`: a URL that receives each intake request with the intake path and query in
   * `ddforward`, or a function of them that returns the URL. Not with `intakeUrl`.
   */
  proxy?: string | ((request: { path: string; parameters: string }) => string);
  /** Percentage of sessions tracked, from 0 to 100. Default 100. An untracked session sends nothing. */
  sessionSampleRate?: number;
  /** Clicks become actions. Default `true`. */
  trackUserInteractions?: boolean;
  /** Views start only with {@link startView}, not on route changes. Default `false`. */
  trackViewsManually?: boolean;
  /** A new hash route starts a new view, as in Datadog's SDK (the hash up to its `?`; not a hash that names an element of the page, an anchor). Default `true`. */
  trackHashChanges?: boolean;
  /** `console.error` calls become errors (source `console`), as Datadog's RUM collects them. Default `true`. */
  trackConsoleErrors?: boolean;
  /** The session is kept in a `SameSite` cookie on the registrable domain, so subdomains share it; otherwise it lives in `localStorage`. Default `false`. */
  trackSessionAcrossSubdomains?: boolean;
  /** The attribute that names a clicked element, after Datadog's `data-dd-action-name` (which wins, as in Datadog's SDK). Default `"data-rum-action-name"`. */
  actionNameAttribute?: string;
  /** Scripts, style sheets, images and other resources become events (fetch and XHR always do). Default `true`. */
  trackResources?: boolean;
  /**
   * Which requests get trace-propagation headers. Default: none. An entry matches a URL (resolved
   * against the page) when it is a string the URL starts with (a bare origin must be followed by
   * `/`, `?`, `#` or the end), a RegExp that matches it, a function that returns `true` for it (an
   * exception counts as no match), or `{ match, propagatorTypes }` to choose the header formats.
   */
  allowedTracingUrls?: Array<TracingMatcher | { match: TracingMatcher; propagatorTypes?: PropagatorType[] }>;
  /** Bodies sent to the intake are deflate-compressed (by the module, page-exit beacons too), said by the query parameter `dd-evp-encoding=deflate` (no header, so a cross-origin intake gets no CORS preflight). Default `true`. */
  compressIntakeRequests?: boolean;
  /** Events the intake could not take before the page went away (offline, or the intake failing) are kept in `localStorage` (at most 1 MiB) and sent by the next page of the site. Default `false`. */
  persistUnsentEvents?: boolean;
  /** A batch is sent when it holds this many events (1 to 10000). Default 1000. */
  batchMaxEvents?: number;
  /** A batch is sent when it holds this many bytes of NDJSON (1024 to 1048576). Default 61440 (one page-exit beacon body). */
  batchMaxBytes?: number;
  /** A batch is sent this many milliseconds after its first event at the latest (100 to 600000). Default 30000. */
  batchFlushTimeout?: number;
  /** Where the session is kept: the first of these that works. Default: localStorage (a cookie with `trackSessionAcrossSubdomains`), then the other, then memory. */
  sessionPersistence?: 'cookie' | 'local-storage' | 'memory' | Array<'cookie' | 'local-storage' | 'memory'>;
  /** The origins the SDK may run on (exact strings, RegExps or functions); on another, `init` rejects and nothing starts. */
  allowedTrackingOrigins?: MatchOption[];
  /** The user, account and global context are kept in localStorage for the next page of the site. Default `false`. */
  storeContextsAcrossPages?: boolean;
  /** Event types that carry the view's feature flags besides views and errors. Default `[]`. */
  trackFeatureFlagsForEvents?: Array<'action' | 'resource' | 'long_task' | 'vital'>;
  /** Long animation frames (else long tasks) become `long_task` events, with their scripts, and are counted on their view. Default `true`. */
  trackLongTasks?: boolean;
  /** A second `init` says nothing instead of warning. Default `false`. */
  silentMultipleInit?: boolean;
  /** Datadog's Session Replay option: accepted, and named in a console warning as having no effect (wasm-rum has no Session Replay). */
  sessionReplaySampleRate?: number;
  /**
   * Action names follow the privacy level of the clicked element (`data-dd-privacy` or a
   * `dd-privacy-*` class on it or an ancestor, else {@link defaultPrivacyLevel}): a masked
   * element is named only by its action-name attribute, else `"Masked Element"`; a hidden one
   * makes no action. Default `false`.
   */
  enablePrivacyForActionName?: boolean;
  /** The level of elements without `data-dd-privacy`, for {@link enablePrivacyForActionName}. Default `"mask"`. */
  defaultPrivacyLevel?: 'mask' | 'allow' | 'mask-user-input' | 'mask-unless-allowlisted';
  /** Requests that are not page activity (for dead clicks and loading times): exact URLs, RegExps or functions. Default `[]`. */
  excludedActivityUrls?: MatchOption[];
  /**
   * GraphQL endpoints (exact URLs, RegExps, functions, or `{ match, trackPayload }`): the
   * resource events of their requests (a POST's JSON body, a GET's query parameters) carry
   * `resource.graphql` with the operation type and name; with `trackPayload: true`, the
   * variables and the query (cut at 32 KiB) too. Default `[]`.
   */
  allowedGraphQlUrls?: Array<MatchOption | { match: MatchOption; trackPayload?: boolean }>;
  /** A stable anonymous id for the browser in `usr.anonymous_id`, kept across sessions (a year, in the session's record). Default `false` (Datadog's is `true`). */
  trackAnonymousUser?: boolean;
  /** `"not-granted"` holds the SDK back (nothing collected, stored or sent) until {@link setTrackingConsent}`("granted")`. Default `"granted"`. */
  trackingConsent?: 'granted' | 'not-granted';
  /** Percentage of traced requests whose trace is sampled, 0 to 100. Default 100. */
  traceSampleRate?: number;
  /** `"sampled"`: only sampled traces carry headers (Datadog's default since v6). `"all"`: unsampled ones carry them too, with the sampled flag off. Default `"sampled"`. */
  traceContextInjection?: 'all' | 'sampled';
  /**
   * Called with a copy of each event before it is sent. It may change Datadog's editable fields
   * (`view.name`, `view.url`, `view.referrer`, `service`, `version`, `context`,
   * `action.target.name`, `error.message`, `error.stack`, `error.resource.url`,
   * `error.fingerprint`, `resource.url`); other changes are not kept. Returning `false` drops the
   * event, but a view is never dropped (the other events refer to it): that is warned once and
   * the view is sent. An exception in it is caught and the event is sent unchanged.
   */
  beforeSend?: (event: RumEvent) => boolean | void;
  /**
   * Datadog's plugins (`@datadog/browser-rum-react`'s `reactPlugin()`, say): each plugin's
   * `onInit({ initConfiguration, publicApi })` is called by `init` before the options are read,
   * and `onRumStart({ addError })` once the SDK runs. A plugin that throws is warned about.
   */
  plugins?: Array<{ name: string; onInit?(options: { initConfiguration: RumInitConfiguration; publicApi: typeof datadogRum }): void; onRumStart?(options: { addError(error: { error: unknown; context?: Record<string, ContextValue> }): void }): void }>;
  /**
   * Requests that get trace headers also carry a W3C `baggage` header with `session.id`, and
   * `user.id` and `account.id` once set (values percent-encoded), so the backend's tracer puts
   * them on its spans; an app's own `baggage` keeps its entries and gets these for the keys it
   * lacks. Default `true` (as Datadog 7's).
   */
  propagateTraceBaggage?: boolean;
  /** The session cookie is `Secure` on http too (it always is on https). Default `false`. */
  useSecureSessionCookie?: boolean;
  /** The session cookie is `SameSite=None; Secure; Partitioned`, for a page embedded in another site's iframe. Default `false`. */
  usePartitionedCrossSiteSessionCookie?: boolean;
  /** Datadog's Session Replay options: accepted, and named in a console warning as having no effect. */
  startSessionReplayRecordingManually?: boolean;
  sessionReplayCanvasRecording?: unknown;
  /** Datadog's telemetry of its own SDK: accepted, and named in a console warning as having no effect. */
  telemetrySampleRate?: number;
  telemetryConfigurationSampleRate?: number;
  telemetryUsageSampleRate?: number;
  /** Datadog's compression worker: accepted and warned about (wasm-rum compresses without a worker). */
  workerUrl?: string;
  /**
   * Datadog options wasm-rum does not support yet: accepted, so that a Datadog configuration runs
   * unchanged, and each named in a console warning as having no effect.
   */
  allowUntrustedEvents?: boolean;
  betaEnableViewUpdates?: boolean;
  betaTrackWebSockets?: boolean;
  datacenter?: string;
  enableExperimentalFeatures?: string[];
  profilingSampleRate?: number;
  remoteConfiguration?: unknown;
  remoteConfigurationId?: string;
  remoteConfigurationProxy?: string;
  replica?: unknown;
  sdkVersion?: string;
  source?: string;
  subdomain?: string;
  trackResourceHeaders?: unknown;
  variant?: string;
  /**
   * Where to fetch `wasm_rum_bg.wasm` from. Default: next to the package's JS, resolved with
   * `import.meta.url` (works as is with Vite, webpack and a plain `<script type="module">`).
   */
  wasmUrl?: string | URL;
}

/** The user of the session: `id`, `name` and `email` are reported as strings; other keys as given. */
export interface RumUser {
  id?: string | number;
  name?: string;
  email?: string;
  [key: string]: ContextValue;
}

/**
 * Starts the SDK: the hooks are installed at once and what they see is kept until the engine
 * (loaded off the critical path) runs; then it resolves. Rejects with an `Error` whose message names the option
 * when the configuration is invalid (nothing is started then), or when the WebAssembly module
 * cannot be loaded. A second call warns and keeps the first configuration.
 */
export function init(config: RumInitConfiguration): Promise<void>;

/** The id of the current session, or `undefined` before the engine runs or when the session is not tracked. */
export function getSessionId(): string | undefined;

/** Sets the user every later event carries (`usr`). Copied at call time; over 3 KiB it is truncated with a warning. */
export function setUser(user: RumUser): void;
/** Sets one property of the user (`id`, `name` and `email` as strings). */
export function setUserProperty(key: string, value: ContextValue): void;
export function removeUserProperty(key: string): void;
export function clearUser(): void;
/** A copy of the user; `{}` before the engine runs. */
export function getUser(): Record<string, ContextValue>;

/** The account (company) the user belongs to: every later event carries it (`account`), once it has an `id`. */
export interface RumAccount {
  id: string | number;
  name?: string;
  [key: string]: ContextValue;
}
export function setAccount(account: RumAccount): void;
/** Sets one property of the account (`id` and `name` as strings). */
export function setAccountProperty(key: string, value: ContextValue): void;
export function removeAccountProperty(key: string): void;
export function clearAccount(): void;
/** A copy of the account; `{}` before the engine runs. */
export function getAccount(): Record<string, ContextValue>;

/** Sets one property of the global context every later event carries (`context`), e.g. `company_id`. */
export function setGlobalContextProperty(key: string, value: ContextValue): void;
export function removeGlobalContextProperty(key: string): void;
/** Replaces the whole global context. */
export function setGlobalContext(context: Record<string, ContextValue>): void;
export function clearGlobalContext(): void;
/** A copy of the global context; `{}` before the engine runs. */
export function getGlobalContext(): Record<string, ContextValue>;

/** Replaces the current view's context: the view and every event of it carry it in `context`, over the global context. A new view starts without one. */
export function setViewContext(context: Record<string, ContextValue>): void;
export function setViewContextProperty(key: string, value: ContextValue): void;
/** A copy of the current view's context; `{}` before the engine runs. */
export function getViewContext(): Record<string, ContextValue>;

/** Records a feature flag evaluated on the current view: the view event and its errors carry it in `feature_flags`. */
export function addFeatureFlagEvaluation(key: string, value: ContextValue): void;

/** The ids other tools use to link to the session; `undefined` before the engine runs or when the session is not tracked. */
export interface RumInternalContext {
  application_id: string;
  session_id: string;
  view?: { id: string; url: string; referrer: string; name?: string };
}
export function getInternalContext(): RumInternalContext | undefined;
/** A copy (first level) of the configuration `init` was given; `undefined` before `init`. */
export function getInitConfiguration(): RumInitConfiguration | undefined;
/**
 * The app's tracking consent, as Datadog's API has it. While `"not-granted"`, nothing is
 * collected, stored (no cookie, no storage) or sent, and the app's calls wait; granted, the SDK
 * starts then, with a new session; withdrawn, it stops at once, drops what waits to be sent and
 * ends the session. Called before `init`, it wins over the `trackingConsent` option.
 */
export function setTrackingConsent(consent: 'granted' | 'not-granted'): void;
/** The SDK's version. */
export const version: string;
/** Calls `callback` now (with the npm package, the SDK is loaded once it can be called). */
export function onReady(callback: () => void): void;

/** Reports a custom action, with its own context laid over the global context. */
export function addAction(name: string, context?: Record<string, ContextValue>): void;

/** Reports a handled error (source `custom`): an `Error`, or any value describing it. */
export function addError(error: unknown, context?: Record<string, ContextValue>): void;

/** What a view may be given when it starts: its name, and a service, version and context of its own for its events. */
export interface RumViewOptions {
  name?: string;
  /** The view's URL, in place of the page's (as Datadog's `startView` takes it). */
  url?: string;
  service?: string;
  version?: string;
  context?: Record<string, ContextValue>;
}
/** Starts a new view at the current URL (with `trackViewsManually`, the only way views start). */
export function startView(options?: string | RumViewOptions): void;
/** Renames the current view (its later events, and the view event itself). */
export function setViewName(name: string): void;
/** Records a custom timing of the current view (`view.custom_timings`): now, or `time` in ms from the view's start (or an epoch time). Names keep letters, digits and `-_.@$`. */
export function addTiming(name: string, time?: number): void;
/** The current view is loaded now: its `loading_time`, in place of the measured one. */
export function setViewLoadingTime(): void;

export interface RumActionOptions {
  /** `custom` (default), `click`, `tap`, `scroll`, `swipe`, `application_start` or `back`. */
  type?: string;
  context?: Record<string, ContextValue>;
  /** Tells apart actions of one name in progress together. */
  actionKey?: string;
}
/** Starts a timed action now. */
export function startAction(name: string, options?: RumActionOptions): void;
/** Stops it: an action dated at its start, with its `loading_time` and the errors, resources and long tasks seen meanwhile (the stop's options over the start's). */
export function stopAction(name: string, options?: RumActionOptions): void;

export interface RumVitalOptions {
  context?: Record<string, ContextValue>;
  description?: string;
  /** Tells apart vitals of one name in progress together. */
  vitalKey?: string;
}
/** Starts a duration vital now. */
export function startDurationVital(name: string, options?: RumVitalOptions): void;
/** Stops it: a `vital` event of type `duration`. */
export function stopDurationVital(name: string, options?: RumVitalOptions): void;
/** A duration vital given whole: `startTime` an epoch time and `duration`, both in ms. */
export function addDurationVital(name: string, options: RumVitalOptions & { startTime: number; duration: number }): void;

export interface RumOperationOptions {
  context?: Record<string, ContextValue>;
  description?: string;
  /** Tells apart operations of one name in progress together. */
  operationKey?: string;
}
export type RumOperationFailureReason = 'error' | 'abandoned' | 'other';
/** An operation starts: a `vital` event of type `operation_step`, `step_type` `start`. */
export function startOperation(name: string, options?: RumOperationOptions): void;
/** It ends well: `step_type` `end`. */
export function succeedOperation(name: string, options?: RumOperationOptions): void;
/** It ends badly: `step_type` `end` and its `failure_reason` (another value is sent as `other`). */
export function failOperation(name: string, failureReason: RumOperationFailureReason, options?: RumOperationOptions): void;

/** The schema's resource types. */
export type RumResourceType = 'document' | 'xhr' | 'beacon' | 'fetch' | 'css' | 'js' | 'image' | 'font' | 'media' | 'other';
export interface RumResourceOptions {
  /** Default `other`. */
  type?: RumResourceType;
  method?: string;
  context?: Record<string, ContextValue>;
  /** Tells apart resources of one URL in progress together. */
  resourceKey?: string;
}
/** Starts a custom resource (network activity the SDK cannot see) now. */
export function startResource(url: string, options?: RumResourceOptions): void;
/** Stops it: a `resource` event dated at its start, of its duration (the stop's type and context over the start's). */
export function stopResource(
  url: string,
  options?: { type?: RumResourceType; statusCode?: number; size?: number; context?: Record<string, ContextValue>; resourceKey?: string },
): void;

/** Ends the session now, in every tab; the next activity or event starts a new one. */
export function stopSession(): void;

/** Sends everything pending now: pending clicks, the view's latest state and the batch. */
export function flush(): void;

/** The whole API as one object under Datadog's name (`import { datadogRum } from '@datadog/browser-rum'` runs unchanged with an import map or alias). */
export const datadogRum: {
  init: typeof init; getSessionId: typeof getSessionId;
  setUser: typeof setUser; setUserProperty: typeof setUserProperty; removeUserProperty: typeof removeUserProperty; clearUser: typeof clearUser; getUser: typeof getUser;
  setAccount: typeof setAccount; setAccountProperty: typeof setAccountProperty; removeAccountProperty: typeof removeAccountProperty; clearAccount: typeof clearAccount; getAccount: typeof getAccount;
  setGlobalContext: typeof setGlobalContext; setGlobalContextProperty: typeof setGlobalContextProperty; removeGlobalContextProperty: typeof removeGlobalContextProperty; clearGlobalContext: typeof clearGlobalContext; getGlobalContext: typeof getGlobalContext;
  setViewContext: typeof setViewContext; setViewContextProperty: typeof setViewContextProperty; getViewContext: typeof getViewContext;
  addFeatureFlagEvaluation: typeof addFeatureFlagEvaluation; getInternalContext: typeof getInternalContext; getInitConfiguration: typeof getInitConfiguration;
  setTrackingConsent: typeof setTrackingConsent; version: string; onReady: typeof onReady;
  addAction: typeof addAction; addError: typeof addError; startView: typeof startView; setViewName: typeof setViewName;
  addTiming: typeof addTiming; setViewLoadingTime: typeof setViewLoadingTime; stopSession: typeof stopSession;
  startAction: typeof startAction; stopAction: typeof stopAction; startDurationVital: typeof startDurationVital;
  stopDurationVital: typeof stopDurationVital; addDurationVital: typeof addDurationVital;
  startResource: typeof startResource; stopResource: typeof stopResource;
  startOperation: typeof startOperation; succeedOperation: typeof succeedOperation; failOperation: typeof failOperation;
  /** Datadog's earlier names of the operations' calls. */
  startFeatureOperation: typeof startOperation; succeedFeatureOperation: typeof succeedOperation; failFeatureOperation: typeof failOperation;
  /** Datadog's Session Replay calls, which do nothing here: wasm-rum records no replay (the link is always `undefined`). */
  startSessionReplayRecording(options?: { force?: boolean }): void; stopSessionReplayRecording(): void;
  getSessionReplayLink(): string | undefined;
  /** The headers Datadog's `trackResourceHeaders: true` collects; wasm-rum collects no response header. */
  DEFAULT_TRACKED_RESOURCE_HEADERS: readonly string[];
};

declare global {
  interface Window {
    /** Defined by the classic-script build (`datadog-rum.js`); before it loads, Datadog's snippet's queue. */
    DD_RUM?: typeof datadogRum | { q: Array<() => void>; onReady(callback: () => void): void };
  }
}
