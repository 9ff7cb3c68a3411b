/** Options of {@link init}. Unknown options are rejected, so a typo never goes unnoticed. */
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
  /** Percentage of sessions tracked, from 0 to 100. Default 100. */
  sessionSampleRate?: number;
  /**
   * Where to fetch `wasm_rum_bg.wasm` from. Default: next to the package's JS, resolved with
   * `import.meta.url` (works as is with Vite, webpack and a plain `<script type="module">`).
   */
  wasmUrl?: string | URL;
}

/**
 * Starts the SDK. Resolves once it runs. Rejects with an `Error` whose message names the option
 * when the configuration is invalid (nothing is started then), or when the WebAssembly module
 * cannot be loaded. A second call warns and keeps the first configuration.
 */
export function init(config: RumInitConfiguration): Promise<void>;

/** The id of the current session, or `undefined` before `init` or when the session is not tracked. */
export function getSessionId(): string | undefined;
