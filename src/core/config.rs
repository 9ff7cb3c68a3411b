//! The `init` configuration: every option, its default, and the checks that reject bad values
//! with a message naming the option, before anything starts.

use super::batch::Limits;
use super::json::u64_string;
use super::trace::{Injection, TracingRule};
use super::transport::EXIT_BODY_BYTES;
use super::value::Value;
use crate::prelude::*;

/// The Datadog site whose intake is used when neither `site` nor `intakeUrl` is given.
pub const DEFAULT_SITE: &str = "datadoghq.com";

/// How an option's value is checked. One check per kind, so an option costs a table row, not
/// a copy of its check.
#[derive(Clone, Copy)]
enum Check {
    /// A non-empty string of at most 1024 bytes, or absent.
    Text,
    /// An application id: a UUID, lower-cased.
    Uuid,
    /// An absolute http(s) URL, or absent.
    Url,
    /// A Datadog site host name.
    Site,
    /// `true` or `false`, with its default.
    Flag(bool),
    /// A number from 0 to 100, 100 by default.
    Percent,
    /// A whole number in `[min, max]`, with its default.
    Whole(u32, u32, u32),
    /// An HTML attribute name.
    Attribute,
    /// One of a list of strings; the first is the default.
    Choice(&'static [&'static str]),
    /// A function or a RegExp: the browser layer reads it, the core only knows its name.
    Js,
    /// Read as it is, and checked by its own module (`allowedTracingUrls`).
    Any,
    /// Datadog's `plugins`: a list of objects (their hooks are called by the JS entry).
    Plugins,
    /// A Datadog option for what wasm-rum does not have: accepted, so that a Datadog
    /// configuration runs unchanged, and named in a warning with the [`IGNORED_WHY`] it gives.
    Ignored(u8),
}

/// Why an [`Check::Ignored`] option has no effect, by its number.
pub const IGNORED_WHY: [&str; 4] = [
    "wasm-rum has no Session Replay",
    "wasm-rum sends no telemetry of its own",
    "wasm-rum compresses without a worker",
    "wasm-rum does not support it (docs/moving-from-datadog.md)",
];

/// Every option `init` accepts, in the spelling the app uses, with its check; the `OPT_*`
/// positions below follow this order. Anything else is rejected, so a typo is caught at once
/// instead of silently running with a default.
const OPTIONS: &[(&str, Check)] = &[
    ("applicationId", Check::Uuid),
    ("clientToken", Check::Text),
    ("site", Check::Site),
    ("service", Check::Text),
    ("env", Check::Text),
    ("version", Check::Text),
    ("intakeUrl", Check::Url),
    ("sessionSampleRate", Check::Percent),
    ("trackUserInteractions", Check::Flag(true)),
    ("trackViewsManually", Check::Flag(false)),
    // On as Datadog's SDK has it (a new hash route is a new view); `false` turns it off.
    ("trackHashChanges", Check::Flag(true)),
    // On, as Datadog's RUM collects `console.error` calls; `false` turns it off.
    ("trackConsoleErrors", Check::Flag(true)),
    ("trackSessionAcrossSubdomains", Check::Flag(false)),
    ("actionNameAttribute", Check::Attribute),
    ("trackResources", Check::Flag(true)),
    ("compressIntakeRequests", Check::Flag(true)),
    ("persistUnsentEvents", Check::Flag(false)),
    ("batchMaxEvents", Check::Whole(1, 10_000, 1000)),
    (
        "batchMaxBytes",
        Check::Whole(1024, 1024 * 1024, EXIT_BODY_BYTES as u32),
    ),
    ("batchFlushTimeout", Check::Whole(100, 600_000, 30_000)),
    ("traceSampleRate", Check::Percent),
    ("traceContextInjection", Check::Choice(&["sampled", "all"])),
    // The app's RegExps and functions in it arrive as `{ $js: n }` (`js/src/tracing.js`).
    ("allowedTracingUrls", Check::Any),
    ("beforeSend", Check::Js),
    // A URL (checked by [`check_proxy`]) or a function: the browser layer reads it.
    ("proxy", Check::Js),
    // Whether the SDK may collect before the app says so (`setTrackingConsent`): the engine's
    // JS holds it back until then.
    (
        "trackingConsent",
        Check::Choice(&["granted", "not-granted"]),
    ),
    ("trackLongTasks", Check::Flag(true)),
    // Read by the JS entry (a second `init` it answers itself); checked here.
    ("silentMultipleInit", Check::Flag(false)),
    ("sessionReplaySampleRate", Check::Ignored(0)),
    // Read by the hooks' JS for `enablePrivacyForActionName` (Datadog's default is `mask`).
    (
        "defaultPrivacyLevel",
        Check::Choice(&[
            "mask",
            "allow",
            "mask-user-input",
            "mask-unless-allowlisted",
        ]),
    ),
    // Checked by [`feature_flag_events`].
    ("trackFeatureFlagsForEvents", Check::Any),
    ("sessionPersistence", Check::Any),
    // Checked by the engine's JS, which holds its RegExps and functions.
    ("allowedTrackingOrigins", Check::Any),
    ("storeContextsAcrossPages", Check::Flag(false)),
    ("enablePrivacyForActionName", Check::Flag(false)),
    // Checked by the engine's JS, which holds its RegExps and functions.
    ("excludedActivityUrls", Check::Any),
    // Off by default, unlike Datadog's: a year-long identifier is the app's choice to make.
    ("trackAnonymousUser", Check::Flag(false)),
    // Checked by the engine's JS, which holds its RegExps and functions.
    ("allowedGraphQlUrls", Check::Any),
    // Datadog 7's default: requests to the app's backends say whose they are (W3C baggage).
    ("propagateTraceBaggage", Check::Flag(true)),
    // Datadog's plugins (their hooks): called by the JS entry, known here.
    ("plugins", Check::Plugins),
    // Read by the engine's JS (`js/src/store.js`): the session cookie's attributes.
    ("useSecureSessionCookie", Check::Flag(false)),
    ("usePartitionedCrossSiteSessionCookie", Check::Flag(false)),
    // The rest of Datadog's options (7.16), each with why it has no effect here.
    ("startSessionReplayRecordingManually", Check::Ignored(0)),
    ("sessionReplayCanvasRecording", Check::Ignored(0)),
    ("telemetrySampleRate", Check::Ignored(1)),
    ("telemetryConfigurationSampleRate", Check::Ignored(1)),
    ("telemetryUsageSampleRate", Check::Ignored(1)),
    ("workerUrl", Check::Ignored(2)),
    ("allowUntrustedEvents", Check::Ignored(3)),
    ("betaEnableViewUpdates", Check::Ignored(3)),
    ("betaTrackWebSockets", Check::Ignored(3)),
    ("datacenter", Check::Ignored(3)),
    ("enableExperimentalFeatures", Check::Ignored(3)),
    ("profilingSampleRate", Check::Ignored(3)),
    ("remoteConfiguration", Check::Ignored(3)),
    ("remoteConfigurationId", Check::Ignored(3)),
    ("remoteConfigurationProxy", Check::Ignored(3)),
    ("replica", Check::Ignored(3)),
    ("sdkVersion", Check::Ignored(3)),
    ("source", Check::Ignored(3)),
    ("subdomain", Check::Ignored(3)),
    ("trackResourceHeaders", Check::Ignored(3)),
    ("variant", Check::Ignored(3)),
];
const OPT_APPLICATION_ID: usize = 0;
const OPT_CLIENT_TOKEN: usize = 1;
const OPT_SITE: usize = 2;
const OPT_SERVICE: usize = 3;
const OPT_ENV: usize = 4;
const OPT_VERSION: usize = 5;
const OPT_INTAKE_URL: usize = 6;
const OPT_SESSION_SAMPLE_RATE: usize = 7;
const OPT_TRACK_USER_INTERACTIONS: usize = 8;
const OPT_TRACK_VIEWS_MANUALLY: usize = 9;
const OPT_TRACK_HASH_CHANGES: usize = 10;
const OPT_TRACK_CONSOLE_ERRORS: usize = 11;
const OPT_TRACK_SESSION_ACROSS_SUBDOMAINS: usize = 12;
const OPT_ACTION_NAME_ATTRIBUTE: usize = 13;
const OPT_TRACK_RESOURCES: usize = 14;
const OPT_COMPRESS_INTAKE_REQUESTS: usize = 15;
const OPT_PERSIST_UNSENT_EVENTS: usize = 16;
const OPT_BATCH_MAX_EVENTS: usize = 17;
const OPT_BATCH_MAX_BYTES: usize = 18;
const OPT_BATCH_FLUSH_TIMEOUT: usize = 19;
const OPT_TRACE_SAMPLE_RATE: usize = 20;
const OPT_TRACE_CONTEXT_INJECTION: usize = 21;
const OPT_ALLOWED_TRACING_URLS: usize = 22;
const OPT_TRACK_LONG_TASKS: usize = 26;
const OPT_TRACK_FEATURE_FLAGS_FOR_EVENTS: usize = 30;
const OPT_SESSION_PERSISTENCE: usize = 31;
const OPT_STORE_CONTEXTS_ACROSS_PAGES: usize = 33;
const OPT_TRACK_ANONYMOUS_USER: usize = 36;
const OPT_PROPAGATE_TRACE_BAGGAGE: usize = 38;

/// Whether `value` is the engine's mark of a function (`{ $js: -1 }`): functions stay in JS,
/// and the options cross as data (`js/src/options.js`).
pub fn is_js_function(value: &Value) -> bool {
    matches!(value, Value::Object(fields)
        if fields.len() == 1 && fields[0].0 == "$js" && fields[0].1 == Value::Number(-1.0))
}

/// The attribute that names a clicked element when the app sets it.
pub const DEFAULT_ACTION_NAME_ATTRIBUTE: &str = "data-rum-action-name";

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub application_id: String,
    pub client_token: Option<String>,
    pub site: String,
    pub service: Option<String>,
    pub env: Option<String>,
    pub version: Option<String>,
    /// Where events go instead of the site's intake (a self-hosted intake), with the query as is.
    pub intake_url: Option<String>,
    /// Datadog's `proxy`: a URL, which gets the intake path and query in `ddforward`; or empty
    /// for a function, which the engine's JS calls with the path and query of a relative URL.
    pub proxy: Option<String>,
    /// Percentage of sessions that are tracked, 0 to 100.
    pub session_sample_rate: f64,
    /// Clicks become actions.
    pub track_user_interactions: bool,
    /// Views start only with `startView`, not on route changes.
    pub track_views_manually: bool,
    /// A change of the URL's hash starts a new view.
    pub track_hash_changes: bool,
    /// `console.error` calls become errors.
    pub track_console_errors: bool,
    /// The session cookie is set on the widest domain the page may use, so that subdomains share it.
    pub track_session_across_subdomains: bool,
    pub action_name_attribute: String,
    /// Resources other than fetch and XHR (scripts, styles, images…) become events.
    pub track_resources: bool,
    /// Percentage of traced requests whose trace is sampled, 0 to 100.
    pub trace_sample_rate: f64,
    pub trace_context_injection: Injection,
    /// Which requests get trace headers; empty (the default) means none.
    pub tracing_rules: Vec<TracingRule>,
    /// Bodies are deflate-compressed when the browser can.
    pub compress_intake_requests: bool,
    /// Events not yet delivered when the page goes away are kept for the next page.
    pub persist_unsent_events: bool,
    /// Long tasks are counted on their view.
    pub track_long_tasks: bool,
    /// Traced requests carry a W3C `baggage` header with the session, user and account ids.
    pub propagate_baggage: bool,
    /// The user, account and global contexts are kept in `localStorage` for the next page.
    pub store_contexts: bool,
    /// A stable anonymous id goes with every event (`usr.anonymous_id`), kept across sessions.
    pub track_anonymous_user: bool,
    /// The event types, beyond views and errors, that carry the view's feature flags
    /// ([`FEATURE_FLAG_EVENTS`] order, one bit each).
    pub feature_flag_events: u8,
    /// Options given that wasm-rum accepts but has no use for, with why (an [`IGNORED_WHY`]).
    pub ignored: Vec<(&'static str, &'static str)>,
    /// When a batch is flushed.
    pub batch: Limits,
}

/// Why a configuration was refused. Its text is what the app sees as the `Error` message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(String);

impl ConfigError {
    fn new(message: impl Into<String>) -> Self {
        ConfigError(message.into())
    }

    fn expected(option: &str, what: &str, got: &Value) -> Self {
        ConfigError(cat(&[option, " must be ", what, ", got ", &got.describe()]))
    }

    /// `init` was given something other than an object, described as the app wrote it.
    pub fn not_an_object(given: &str) -> Self {
        ConfigError("init expects a configuration object, got ".to_owned() + given)
    }

    /// The message as the app sees it, prefixed. (Not `Display`: core::fmt would come into the
    /// wasm with it.)
    pub fn message(&self) -> String {
        "wasm-rum: ".to_owned() + &self.0
    }
}

impl Config {
    /// Checks a configuration object as the app passed it to `init`.
    pub fn from_value(value: &Value) -> Result<Config, ConfigError> {
        let Value::Object(entries) = value else {
            return Err(ConfigError::not_an_object(&value.describe()));
        };
        if let Some((key, _)) = entries
            .iter()
            .find(|(k, _)| !OPTIONS.iter().any(|(name, _)| name == k))
        {
            return Err(unknown_option(key));
        }
        // Each option checked and given its default, in table order.
        let mut read = Vec::with_capacity(OPTIONS.len());
        for (name, check) in OPTIONS {
            let given = value.get(name).unwrap_or(&Value::Null);
            match self::check(*check, given) {
                Ok(v) => read.push(v),
                Err(what) => return Err(ConfigError::expected(name, &what, given)),
            }
        }
        let mut ignored = Vec::new();
        for (name, check) in OPTIONS {
            if let Check::Ignored(why) = check {
                if !matches!(value.get(name), None | Some(Value::Null)) {
                    ignored.push((*name, IGNORED_WHY[*why as usize]));
                }
            }
        }
        let text = |i: usize| match &read[i] {
            Value::String(s) => Some(s.clone()),
            _ => None,
        };
        let flag = |i: usize| matches!(read[i], Value::Bool(true));
        let number = |i: usize| match read[i] {
            Value::Number(n) => n,
            _ => 0.0,
        };
        // Read by the engine's JS (`js/src/store.js`), checked here.
        names(
            &read[OPT_SESSION_PERSISTENCE],
            &["cookie", "local-storage", "memory"],
            true,
            "sessionPersistence",
            "\"cookie\", \"local-storage\", \"memory\" or a list of them",
        )?;
        let application_id = text(OPT_APPLICATION_ID).ok_or_else(|| {
            ConfigError::new("applicationId is required (the application's UUID)")
        })?;
        let intake_url = text(OPT_INTAKE_URL);
        let client_token = text(OPT_CLIENT_TOKEN);
        if client_token.is_none() && intake_url.is_none() {
            return Err(ConfigError::new(
                "clientToken is required unless intakeUrl is set (a non-empty string)",
            ));
        }
        Ok(Config {
            application_id,
            client_token,
            site: text(OPT_SITE).unwrap_or_else(|| DEFAULT_SITE.into()),
            service: text(OPT_SERVICE),
            env: text(OPT_ENV),
            version: text(OPT_VERSION),
            intake_url,
            proxy: None,
            session_sample_rate: number(OPT_SESSION_SAMPLE_RATE),
            track_user_interactions: flag(OPT_TRACK_USER_INTERACTIONS),
            track_views_manually: flag(OPT_TRACK_VIEWS_MANUALLY),
            track_hash_changes: flag(OPT_TRACK_HASH_CHANGES),
            track_console_errors: flag(OPT_TRACK_CONSOLE_ERRORS),
            track_session_across_subdomains: flag(OPT_TRACK_SESSION_ACROSS_SUBDOMAINS),
            action_name_attribute: text(OPT_ACTION_NAME_ATTRIBUTE)
                .unwrap_or_else(|| DEFAULT_ACTION_NAME_ATTRIBUTE.into()),
            track_resources: flag(OPT_TRACK_RESOURCES),
            trace_sample_rate: number(OPT_TRACE_SAMPLE_RATE),
            // "sampled" by default, as in Datadog's SDK since v6.
            trace_context_injection: if text(OPT_TRACE_CONTEXT_INJECTION).as_deref() == Some("all")
            {
                Injection::All
            } else {
                Injection::Sampled
            },
            tracing_rules: tracing_rules(&tracing_entries(&read[OPT_ALLOWED_TRACING_URLS])?)?,
            compress_intake_requests: flag(OPT_COMPRESS_INTAKE_REQUESTS),
            persist_unsent_events: flag(OPT_PERSIST_UNSENT_EVENTS),
            track_long_tasks: flag(OPT_TRACK_LONG_TASKS),
            propagate_baggage: flag(OPT_PROPAGATE_TRACE_BAGGAGE),
            store_contexts: flag(OPT_STORE_CONTEXTS_ACROSS_PAGES),
            track_anonymous_user: flag(OPT_TRACK_ANONYMOUS_USER),
            feature_flag_events: names(
                &read[OPT_TRACK_FEATURE_FLAGS_FOR_EVENTS],
                &FEATURE_FLAG_EVENTS,
                false,
                "trackFeatureFlagsForEvents",
                "a list of \"action\", \"resource\", \"long_task\" and \"vital\"",
            )?,
            ignored,
            batch: Limits {
                max_events: number(OPT_BATCH_MAX_EVENTS) as usize,
                max_bytes: number(OPT_BATCH_MAX_BYTES) as usize,
                max_age_ms: number(OPT_BATCH_FLUSH_TIMEOUT),
            },
        })
    }
}

/// One option's value, checked: what the config keeps (the default when absent, `Null` when
/// an optional one is absent), or what was expected, for the message.
fn check(check: Check, value: &Value) -> Result<Value, String> {
    let absent = matches!(value, Value::Null);
    let string = match value {
        Value::String(s) => Some(s.as_str()),
        _ => None,
    };
    let ok = match check {
        Check::Js | Check::Any | Check::Ignored(_) => true,
        Check::Flag(default) if absent => return Ok(Value::Bool(default)),
        Check::Flag(_) => matches!(value, Value::Bool(_)),
        Check::Percent if absent => return Ok(Value::Number(100.0)),
        Check::Percent => matches!(value, Value::Number(n) if (0.0..=100.0).contains(n)),
        Check::Whole(_, _, default) if absent => return Ok(Value::Number(f64::from(default))),
        Check::Choice(choices) if absent => return Ok(Value::String(choices[0].into())),
        Check::Whole(min, max, _) => matches!(value, Value::Number(n)
            if super::float::trunc(*n) == *n && *n >= f64::from(min) && *n <= f64::from(max)),
        _ if absent => true,
        Check::Text => string.is_some_and(|s| !s.trim().is_empty() && s.len() <= 1024),
        Check::Uuid => {
            let Some(s) = string.filter(|s| !s.trim().is_empty() && s.len() <= 1024) else {
                return Err(TEXT.into());
            };
            return normalize_uuid(s)
                .map(Value::String)
                .ok_or_else(|| "a UUID such as \"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96\"".into());
        }
        Check::Url => {
            if !string.is_some_and(|s| !s.trim().is_empty() && s.len() <= 1024) {
                return Err(TEXT.into());
            }
            string.is_some_and(is_http_url)
        }
        Check::Site => string.is_some_and(is_site),
        Check::Attribute => string.is_some_and(is_attribute_name),
        Check::Choice(choices) => string.is_some_and(|s| choices.contains(&s)),
        Check::Plugins => {
            matches!(value, Value::Array(items) if items.iter().all(|p| matches!(p, Value::Object(_))))
        }
    };
    if ok {
        return Ok(value.clone());
    }
    Err(match check {
        Check::Flag(_) => "true or false".into(),
        Check::Percent => "a number from 0 to 100".into(),
        Check::Whole(min, max, _) => cat(&[
            "a whole number from ",
            &u64_string(u64::from(min)),
            " to ",
            &u64_string(u64::from(max)),
        ]),
        Check::Url => {
            "an absolute http(s) URL such as \"https://rum.example.com/api/v2/rum\"".into()
        }
        Check::Site => "a Datadog site host such as \"datadoghq.com\" or \"datadoghq.eu\"".into(),
        Check::Attribute => "an HTML attribute name such as \"data-rum-action-name\"".into(),
        Check::Choice(choices) => cat(&["\"", &join(choices, "\" or \""), "\""]),
        Check::Plugins => "a list of plugin objects".into(),
        _ => TEXT.into(),
    })
}

const TEXT: &str = "a non-empty string of at most 1024 characters";

/// `proxy`: an absolute http(s) URL, or a function (`Ok("")`); not with `intakeUrl`, which is
/// a different way to say where events go.
pub fn check_proxy(
    config: &Config,
    is_function: bool,
    value: &Value,
) -> Result<String, ConfigError> {
    if config.intake_url.is_some() {
        return Err(ConfigError::new(
            "proxy and intakeUrl cannot be used together: proxy forwards to Datadog's intake, \
             intakeUrl replaces it",
        ));
    }
    if is_function {
        return Ok(String::new());
    }
    match (value, check(Check::Url, value)) {
        (Value::String(url), Ok(_)) => Ok(url.clone()),
        _ => Err(ConfigError::expected(
            "proxy",
            "an absolute http(s) URL or a function",
            value,
        )),
    }
}

/// The event types `trackFeatureFlagsForEvents` may name, in bit order.
pub const FEATURE_FLAG_EVENTS: [&str; 4] = ["action", "resource", "long_task", "vital"];

/// A list of names from `allowed` (or one name alone, when `one`), as bits in `allowed` order;
/// `null` is none. Anything else is refused, naming `option` and saying `what` it takes.
fn names(
    value: &Value,
    allowed: &[&str],
    one: bool,
    option: &str,
    what: &str,
) -> Result<u8, ConfigError> {
    let bit = |item: &Value| match item {
        Value::String(s) => allowed.iter().position(|t| t == s).map(|i| 1 << i),
        _ => None,
    };
    let bad = || ConfigError::expected(option, what, value);
    match value {
        Value::Null => Ok(0),
        Value::Array(items) => items
            .iter()
            .try_fold(0, |bits, item| Ok(bits | bit(item).ok_or_else(bad)?)),
        Value::String(_) if one => bit(value).ok_or_else(bad),
        _ => Err(bad()),
    }
}

/// A UUID in lower case (the schema's form), from either case.
fn normalize_uuid(s: &str) -> Option<String> {
    let lower = s.trim().to_ascii_lowercase();
    let ok = lower.len() == 36
        && lower.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        });
    ok.then_some(lower)
}

/// An HTML attribute name (letters, digits, `-`, `_`, `:`, `.`), as `getAttribute` takes it.
fn is_attribute_name(s: &str) -> bool {
    s.len() <= 100
        && s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
}

fn is_http_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let host = rest.map(|r| until_any(r, b"/?#"));
    matches!(host, Some(h) if !h.is_empty()) && !url.chars().any(char::is_whitespace)
}

/// A Datadog site is a bare host name (`datadoghq.eu`, `us3.datadoghq.com`): a scheme or a path
/// here is a common mistake that would send events nowhere.
fn is_site(site: &str) -> bool {
    let valid_label = |l: &str| {
        !l.is_empty()
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    };
    has(site, b'.') && pieces(site, b'.').all(valid_label)
}

fn unknown_option(key: &str) -> ConfigError {
    let closest = OPTIONS
        .iter()
        .map(|(known, _)| {
            (
                edit_distance(&key.to_ascii_lowercase(), &known.to_ascii_lowercase()),
                known,
            )
        })
        .min();
    // The nearest known name, whatever its distance: the message says what to write instead.
    let known = closest.map_or("", |(_, known)| known);
    ConfigError(cat(&[
        "unknown option \"",
        key,
        "\" (did you mean \"",
        known,
        "\"?)",
    ]))
}

/// Levenshtein distance, for "did you mean" suggestions on option names (short strings).
fn edit_distance(a: &str, b: &str) -> usize {
    // By bytes: option names are ASCII, and a suggestion for a non-ASCII typo needs no more.
    // A fixed row: every option name is shorter than it.
    let b = b.as_bytes();
    let mut row = [0usize; 40];
    let n = b.len().min(row.len() - 1);
    for (j, slot) in row.iter_mut().enumerate().take(n + 1) {
        *slot = j;
    }
    for (i, ca) in a.bytes().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().take(n).enumerate() {
            let substitution = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[n]
}

#[cfg(test)]
mod documented;
mod tracing;
pub use tracing::{tracing_entries, tracing_not_a_list, tracing_rules, TracingEntry};

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<Config, String> {
        let value: Value = serde_json::from_str(json).unwrap();
        Config::from_value(&value).map_err(|e| e.message())
    }

    #[test]
    fn minimal_config_gets_defaults() {
        let c = parse(
            r#"{"applicationId":"2B4C8A5E-6F0D-4B1C-9A3E-7D2F1C0B5A96","clientToken":"pub123"}"#,
        )
        .unwrap();
        assert_eq!(
            c.application_id, "2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96",
            "lower-cased"
        );
        assert_eq!(c.client_token.as_deref(), Some("pub123"));
        assert_eq!(c.site, DEFAULT_SITE);
        assert_eq!(c.session_sample_rate, 100.0);
        assert_eq!(
            (c.service, c.env, c.version, c.intake_url),
            (None, None, None, None)
        );
    }

    #[test]
    fn full_config_is_read() {
        let c = parse(
            r#"{"applicationId":"2B4C8A5E-6F0D-4B1C-9A3E-7D2F1C0B5A96","clientToken":"t","site":"us3.datadoghq.com",
                "service":"shop","env":"prod","version":"1.2.3",
                "intakeUrl":"http://127.0.0.1:8080/api/v2/rum","sessionSampleRate":12.5}"#,
        )
        .unwrap();
        assert_eq!(c.site, "us3.datadoghq.com");
        assert_eq!(c.service.as_deref(), Some("shop"));
        assert_eq!(c.env.as_deref(), Some("prod"));
        assert_eq!(c.version.as_deref(), Some("1.2.3"));
        assert_eq!(
            c.intake_url.as_deref(),
            Some("http://127.0.0.1:8080/api/v2/rum")
        );
        assert_eq!(c.session_sample_rate, 12.5);
    }

    #[test]
    fn null_means_default() {
        let c = parse(
            r#"{"applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","clientToken":"t","site":null,"sessionSampleRate":null}"#,
        )
        .unwrap();
        assert_eq!(c.site, DEFAULT_SITE);
        assert_eq!(c.session_sample_rate, 100.0);
    }

    #[test]
    fn intake_url_makes_client_token_optional() {
        let c = parse(r#"{"applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","intakeUrl":"https://rum.example.com/i"}"#).unwrap();
        assert_eq!(c.client_token, None);
    }

    #[test]
    fn sample_rate_out_of_range_or_wrong_type_names_the_option() {
        assert_eq!(
            parse(r#"{"applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","clientToken":"t","sessionSampleRate":"abc"}"#)
                .unwrap_err(),
            r#"wasm-rum: sessionSampleRate must be a number from 0 to 100, got "abc""#
        );
        assert_eq!(
            parse(r#"{"applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","clientToken":"t","sessionSampleRate":101}"#)
                .unwrap_err(),
            "wasm-rum: sessionSampleRate must be a number from 0 to 100, got 101"
        );
        assert_eq!(
            parse(r#"{"applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","clientToken":"t","sessionSampleRate":-0.5}"#)
                .unwrap_err(),
            "wasm-rum: sessionSampleRate must be a number from 0 to 100, got -0.5"
        );
        assert!(parse(r#"{"applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","clientToken":"t","sessionSampleRate":0}"#).is_ok());
    }

    #[test]
    fn missing_application_id_is_refused() {
        assert_eq!(
            parse(r#"{"clientToken":"t"}"#).unwrap_err(),
            "wasm-rum: applicationId is required (the application's UUID)"
        );
        assert_eq!(
            parse(r#"{"applicationId":"my-app","clientToken":"t"}"#).unwrap_err(),
            r#"wasm-rum: applicationId must be a UUID such as "2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96", got "my-app""#
        );
        assert_eq!(
            parse(r#"{"applicationId":"  ","clientToken":"t"}"#).unwrap_err(),
            r#"wasm-rum: applicationId must be a non-empty string of at most 1024 characters, got "  ""#
        );
        assert_eq!(
            parse(r#"{"applicationId":42,"clientToken":"t"}"#).unwrap_err(),
            "wasm-rum: applicationId must be a non-empty string of at most 1024 characters, got 42"
        );
    }

    #[test]
    fn missing_client_token_without_intake_url_is_refused() {
        assert_eq!(
            parse(r#"{"applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96"}"#).unwrap_err(),
            "wasm-rum: clientToken is required unless intakeUrl is set (a non-empty string)"
        );
    }

    #[test]
    fn string_options_reject_other_types() {
        for option in ["clientToken", "service", "env", "version"] {
            let json = format!(
                r#"{{"applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","intakeUrl":"https://x.io","{option}":true}}"#
            );
            assert_eq!(
                parse(&json).unwrap_err(),
                format!("wasm-rum: {option} must be a non-empty string of at most 1024 characters, got true")
            );
        }
        let long = format!(
            r#"{{"applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","clientToken":"t","service":"{}"}}"#,
            "s".repeat(1025)
        );
        assert!(parse(&long)
            .unwrap_err()
            .starts_with("wasm-rum: service must be"));
    }

    #[test]
    fn bad_intake_urls_are_refused() {
        for url in [
            "/api/v2/rum",
            "ftp://x.io/",
            "https://",
            "https:// x.io",
            "rum.example.com",
        ] {
            let json = format!(
                r#"{{"applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","intakeUrl":"{url}"}}"#
            );
            let err = parse(&json).unwrap_err();
            assert!(
                err.starts_with("wasm-rum: intakeUrl must be an absolute http(s) URL"),
                "{url}: {err}"
            );
        }
    }

    #[test]
    fn bad_sites_are_refused() {
        for site in [
            "https://datadoghq.com",
            "datadoghq",
            "DATADOGHQ.COM",
            "x..com",
            "a.com/path",
        ] {
            let json = format!(
                r#"{{"applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","clientToken":"t","site":"{site}"}}"#
            );
            let err = parse(&json).unwrap_err();
            assert!(
                err.starts_with("wasm-rum: site must be a Datadog site host"),
                "{site}: {err}"
            );
        }
        for site in [
            "datadoghq.eu",
            "us5.datadoghq.com",
            "ap1.datadoghq.com",
            "ddog-gov.com",
        ] {
            let json = format!(
                r#"{{"applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","clientToken":"t","site":"{site}"}}"#
            );
            assert!(parse(&json).is_ok(), "{site}");
        }
    }

    #[test]
    fn unknown_options_are_refused_with_a_suggestion() {
        assert_eq!(
            parse(r#"{"applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","clientToken":"t","sampleRate":5}"#).unwrap_err(),
            r#"wasm-rum: unknown option "sampleRate" (did you mean "traceSampleRate"?)"#,
            "the nearest name, however far"
        );
        assert_eq!(
            parse(r#"{"applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","clientToken":"t","sessionSamplerate":5}"#).unwrap_err(),
            r#"wasm-rum: unknown option "sessionSamplerate" (did you mean "sessionSampleRate"?)"#
        );
        assert_eq!(
            parse(r#"{"applicationID":"a","clientToken":"t"}"#).unwrap_err(),
            r#"wasm-rum: unknown option "applicationID" (did you mean "applicationId"?)"#
        );
    }

    #[test]
    fn boolean_options_are_read_and_checked() {
        let c = parse(
            r#"{"applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","clientToken":"t","trackUserInteractions":false,
                "trackViewsManually":true,"trackHashChanges":true,"trackConsoleErrors":true,
                "trackSessionAcrossSubdomains":true,"actionNameAttribute":"data-track"}"#,
        )
        .unwrap();
        assert!(!c.track_user_interactions);
        assert!(c.track_views_manually && c.track_hash_changes && c.track_console_errors);
        assert!(c.track_session_across_subdomains);
        assert_eq!(c.action_name_attribute, "data-track");
        for option in [
            "trackUserInteractions",
            "trackViewsManually",
            "trackHashChanges",
            "trackConsoleErrors",
            "trackSessionAcrossSubdomains",
            "trackResources",
            "compressIntakeRequests",
            "persistUnsentEvents",
        ] {
            let json = format!(
                r#"{{"applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","clientToken":"t","{option}":"yes"}}"#
            );
            assert_eq!(
                parse(&json).unwrap_err(),
                format!(r#"wasm-rum: {option} must be true or false, got "yes""#)
            );
        }
        for bad in [r#""""#, r#""1abc""#, r#""data rum""#, "3"] {
            let json = format!(
                r#"{{"applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","clientToken":"t","actionNameAttribute":{bad}}}"#
            );
            assert!(
                parse(&json)
                    .unwrap_err()
                    .starts_with("wasm-rum: actionNameAttribute must be an HTML attribute name"),
                "{bad}"
            );
        }
    }

    #[test]
    fn tracing_options_are_read_and_checked() {
        let c =
            parse(r#"{"applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","clientToken":"t"}"#)
                .unwrap();
        assert_eq!(
            (c.trace_sample_rate, c.trace_context_injection),
            (100.0, Injection::Sampled),
            "sampled by default, as Datadog's SDK since v6"
        );
        assert!(
            c.tracing_rules.is_empty(),
            "no request is traced unless the app allows it"
        );
        assert!(c.track_resources);
        let c = parse(
            r#"{"applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","clientToken":"t",
                "traceSampleRate":20,"traceContextInjection":"all","trackResources":false}"#,
        )
        .unwrap();
        assert_eq!(
            (c.trace_sample_rate, c.trace_context_injection),
            (20.0, Injection::All)
        );
        assert!(!c.track_resources);
        assert_eq!(
            parse(r#"{"applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","clientToken":"t","traceContextInjection":"some"}"#)
                .unwrap_err(),
            r#"wasm-rum: traceContextInjection must be "sampled" or "all", got "some""#
        );
        assert_eq!(
            parse(r#"{"applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","clientToken":"t","traceSampleRate":-1}"#)
                .unwrap_err(),
            "wasm-rum: traceSampleRate must be a number from 0 to 100, got -1"
        );
    }

    #[test]
    fn proxy_is_a_url_or_a_function_and_not_with_intake_url() {
        let c =
            parse(r#"{"applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","clientToken":"t"}"#)
                .unwrap();
        let url = Value::String("https://proxy.example/rum".into());
        assert_eq!(
            check_proxy(&c, false, &url).unwrap(),
            "https://proxy.example/rum"
        );
        assert_eq!(
            check_proxy(&c, true, &Value::Null).unwrap(),
            "",
            "a function"
        );
        for (bad, got) in [
            (Value::Number(42.0), "42"),
            (
                Value::String("ftp://proxy.example".into()),
                r#""ftp://proxy.example""#,
            ),
            (Value::String("/relative".into()), r#""/relative""#),
            (Value::Bool(true), "true"),
            // Not the empty string either: the core's mark of a function-valued proxy.
            (Value::String(String::new()), r#""""#),
        ] {
            assert_eq!(
                check_proxy(&c, false, &bad).unwrap_err().message(),
                format!("wasm-rum: proxy must be an absolute http(s) URL or a function, got {got}")
            );
        }
        let with_intake = parse(
            r#"{"applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","intakeUrl":"https://i.example/rum"}"#,
        )
        .unwrap();
        assert!(check_proxy(&with_intake, true, &Value::Null)
            .unwrap_err()
            .message()
            .starts_with("wasm-rum: proxy and intakeUrl cannot be used together"));
    }

    #[test]
    fn allowed_tracing_urls_are_read_and_refused_by_place() {
        let base = r#""applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","clientToken":"t""#;
        let c = parse(&format!(
            r#"{{{base},"allowedTracingUrls":["https://api.example.com",{{"$js":0}}]}}"#
        ))
        .unwrap();
        assert_eq!(c.tracing_rules.len(), 2);
        for (option, message) in [
            (
                r#""https://a.io""#,
                r#"allowedTracingUrls must be a list whose entries are each a URL prefix string, a RegExp, a function or { match, propagatorTypes }, got "https://a.io""#,
            ),
            (
                r#"[{"url":"https://a.io"}]"#,
                r#"allowedTracingUrls[0] has an unknown key "url" (expected match and propagatorTypes)"#,
            ),
            (
                r#"["https://a.io",{"match":5}]"#,
                "allowedTracingUrls[1].match must be a URL prefix string, a RegExp or a function, got 5",
            ),
        ] {
            assert_eq!(
                parse(&format!(r#"{{{base},"allowedTracingUrls":{option}}}"#)).unwrap_err(),
                format!("wasm-rum: {message}")
            );
        }
    }

    #[test]
    fn transport_options_are_read_and_checked() {
        let base = r#""applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","clientToken":"t""#;
        let c = parse(&format!("{{{base}}}")).unwrap();
        assert!(c.compress_intake_requests && !c.persist_unsent_events);
        assert_eq!(c.batch, Limits::default());
        let c = parse(&format!(
            r#"{{{base},"compressIntakeRequests":false,"persistUnsentEvents":true,
                "batchMaxEvents":10,"batchMaxBytes":2048,"batchFlushTimeout":1000}}"#
        ))
        .unwrap();
        assert!(!c.compress_intake_requests && c.persist_unsent_events);
        assert_eq!(
            c.batch,
            Limits {
                max_events: 10,
                max_bytes: 2048,
                max_age_ms: 1000.0
            }
        );
        for (option, bad, expected) in [
            (
                "batchMaxEvents",
                "0",
                "a whole number from 1 to 10000, got 0",
            ),
            (
                "batchMaxEvents",
                "2.5",
                "a whole number from 1 to 10000, got 2.5",
            ),
            (
                "batchMaxBytes",
                "100",
                "a whole number from 1024 to 1048576, got 100",
            ),
            (
                "batchFlushTimeout",
                r#""1s""#,
                r#"a whole number from 100 to 600000, got "1s""#,
            ),
            ("compressIntakeRequests", "1", "true or false, got 1"),
            ("persistUnsentEvents", "null", ""),
        ] {
            let result = parse(&format!(r#"{{{base},"{option}":{bad}}}"#));
            if expected.is_empty() {
                assert!(result.is_ok());
            } else {
                assert_eq!(
                    result.unwrap_err(),
                    format!("wasm-rum: {option} must be {expected}")
                );
            }
        }
    }

    #[test]
    fn non_object_config_is_refused() {
        assert_eq!(
            parse("null").unwrap_err(),
            "wasm-rum: init expects a configuration object, got null"
        );
        assert_eq!(
            parse(r#""app""#).unwrap_err(),
            "wasm-rum: init expects a configuration object, got \"app\""
        );
    }

    /// Every init option of Datadog's browser SDK 7.16 (its `InitConfiguration` and
    /// `RumInitConfiguration`), as @datadog/browser-rum-core 7.16.2 declares them.
    const DATADOG_7_16_OPTIONS: &[&str] = &[
        "actionNameAttribute",
        "allowUntrustedEvents",
        "allowedGraphQlUrls",
        "allowedTracingUrls",
        "allowedTrackingOrigins",
        "applicationId",
        "beforeSend",
        "betaEnableViewUpdates",
        "betaTrackWebSockets",
        "clientToken",
        "compressIntakeRequests",
        "datacenter",
        "defaultPrivacyLevel",
        "enableExperimentalFeatures",
        "enablePrivacyForActionName",
        "env",
        "excludedActivityUrls",
        "plugins",
        "profilingSampleRate",
        "propagateTraceBaggage",
        "proxy",
        "remoteConfiguration",
        "remoteConfigurationId",
        "remoteConfigurationProxy",
        "replica",
        "sdkVersion",
        "service",
        "sessionPersistence",
        "sessionReplayCanvasRecording",
        "sessionReplaySampleRate",
        "sessionSampleRate",
        "silentMultipleInit",
        "site",
        "source",
        "startSessionReplayRecordingManually",
        "storeContextsAcrossPages",
        "subdomain",
        "telemetryConfigurationSampleRate",
        "telemetrySampleRate",
        "telemetryUsageSampleRate",
        "traceContextInjection",
        "traceSampleRate",
        "trackAnonymousUser",
        "trackFeatureFlagsForEvents",
        "trackLongTasks",
        "trackResourceHeaders",
        "trackResources",
        "trackSessionAcrossSubdomains",
        "trackUserInteractions",
        "trackViewsManually",
        "trackingConsent",
        "usePartitionedCrossSiteSessionCookie",
        "useSecureSessionCookie",
        "variant",
        "version",
        "workerUrl",
    ];

    #[test]
    fn every_datadog_option_is_known_and_the_ones_without_effect_say_why() {
        for name in DATADOG_7_16_OPTIONS {
            assert!(
                OPTIONS.iter().any(|(known, _)| known == name),
                "{name} is refused"
            );
        }
        let base = r#""applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","clientToken":"t""#;
        let c = parse(&format!(
            r#"{{{base},"telemetrySampleRate":20,"workerUrl":"/w.js","plugins":[{{"name":"x"}}],"useSecureSessionCookie":true,"trackResourceHeaders":true}}"#
        ))
        .unwrap();
        assert_eq!(
            c.ignored,
            [
                ("telemetrySampleRate", IGNORED_WHY[1]),
                ("workerUrl", IGNORED_WHY[2]),
                ("trackResourceHeaders", IGNORED_WHY[3]),
            ],
            "plugins and useSecureSessionCookie have their effect (index.js, store.js)"
        );
        assert_eq!(
            parse(&format!(r#"{{{base},"useSecureSessionCookie":"yes"}}"#)).unwrap_err(),
            r#"wasm-rum: useSecureSessionCookie must be true or false, got "yes""#
        );
        assert_eq!(
            parse(&format!(
                r#"{{{base},"usePartitionedCrossSiteSessionCookie":1}}"#
            ))
            .unwrap_err(),
            r#"wasm-rum: usePartitionedCrossSiteSessionCookie must be true or false, got 1"#
        );
        assert_eq!(
            parse(&format!(r#"{{{base},"propagateTraceBaggage":"no"}}"#)).unwrap_err(),
            r#"wasm-rum: propagateTraceBaggage must be true or false, got "no""#
        );
        for (bad, got) in [
            ("{}", "an object"),
            ("[1]", "an array"),
            (r#"[{"name":"x"},null]"#, "an array"),
            (r#""react""#, r#""react""#),
        ] {
            assert_eq!(
                parse(&format!(r#"{{{base},"plugins":{bad}}}"#)).unwrap_err(),
                format!("wasm-rum: plugins must be a list of plugin objects, got {got}"),
            );
        }
        assert!(parse(&format!(r#"{{{base},"plugins":[]}}"#)).is_ok());
        assert_eq!(
            parse(&format!(r#"{{{base},"telemetrySampleRat":20}}"#)).unwrap_err(),
            r#"wasm-rum: unknown option "telemetrySampleRat" (did you mean "telemetrySampleRate"?)"#
        );
    }

    #[test]
    fn datadog_replay_options_are_accepted_and_named_as_ignored() {
        let base = r#""applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","clientToken":"t""#;
        let c = parse(&format!(
            r#"{{{base},"sessionReplaySampleRate":20,"defaultPrivacyLevel":"mask-user-input","trackLongTasks":false,"silentMultipleInit":true}}"#
        ))
        .unwrap();
        assert_eq!(c.ignored, [("sessionReplaySampleRate", IGNORED_WHY[0])]);
        assert!(!c.track_long_tasks);
        // defaultPrivacyLevel names action names' privacy (enablePrivacyForActionName).
        assert_eq!(
            parse(&format!(r#"{{{base},"defaultPrivacyLevel":"secret"}}"#)).unwrap_err(),
            r#"wasm-rum: defaultPrivacyLevel must be "mask" or "allow" or "mask-user-input" or "mask-unless-allowlisted", got "secret""#
        );
        assert_eq!(
            parse(&format!(r#"{{{base},"enablePrivacyForActionName":1}}"#)).unwrap_err(),
            r#"wasm-rum: enablePrivacyForActionName must be true or false, got 1"#
        );
        assert_eq!(
            parse(&format!(r#"{{{base},"trackAnonymousUser":"yes"}}"#)).unwrap_err(),
            r#"wasm-rum: trackAnonymousUser must be true or false, got "yes""#
        );
        assert!(
            parse(&format!(r#"{{{base},"trackAnonymousUser":true}}"#))
                .unwrap()
                .track_anonymous_user
        );
        let c = parse(&format!(r#"{{{base},"sessionReplaySampleRate":null}}"#)).unwrap();
        assert!(
            c.ignored.is_empty() && c.track_long_tasks,
            "null is absent; long tasks by default"
        );
        assert_eq!(
            parse(&format!(r#"{{{base},"trackLongTasks":"yes"}}"#)).unwrap_err(),
            r#"wasm-rum: trackLongTasks must be true or false, got "yes""#
        );
    }

    #[test]
    fn feature_flags_for_other_events_are_a_list_of_event_types() {
        let base = r#""applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","clientToken":"t""#;
        let c = parse(&format!(
            r#"{{{base},"trackFeatureFlagsForEvents":["vital","action"]}}"#
        ))
        .unwrap();
        assert_eq!(c.feature_flag_events, 0b1001);
        assert_eq!(
            parse(&format!("{{{base}}}")).unwrap().feature_flag_events,
            0
        );
        for bad in [r#"["view"]"#, r#""action""#, "[1]"] {
            assert!(
                parse(&format!(r#"{{{base},"trackFeatureFlagsForEvents":{bad}}}"#))
                    .unwrap_err()
                    .starts_with(
                        "wasm-rum: trackFeatureFlagsForEvents must be a list of \"action\""
                    ),
                "{bad}"
            );
        }
    }

    #[test]
    fn datadog_options_refuse_bad_values_by_name() {
        let base = r#""applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","clientToken":"t""#;
        for (option, value, expected) in [
            (
                "trackingConsent",
                r#""maybe""#,
                r#"must be "granted" or "not-granted", got "maybe""#,
            ),
            (
                "trackingConsent",
                "true",
                r#"must be "granted" or "not-granted", got true"#,
            ),
            (
                "silentMultipleInit",
                r#""yes""#,
                r#"must be true or false, got "yes""#,
            ),
            (
                "storeContextsAcrossPages",
                "1",
                "must be true or false, got 1",
            ),
        ] {
            assert_eq!(
                parse(&format!(r#"{{{base},"{option}":{value}}}"#)).unwrap_err(),
                format!("wasm-rum: {option} {expected}")
            );
        }
        let c = parse(&format!(
            r#"{{{base},"trackingConsent":"not-granted","storeContextsAcrossPages":true}}"#
        ))
        .unwrap();
        assert!(c.store_contexts);
    }

    #[test]
    fn session_persistence_is_one_store_or_a_list() {
        let base = r#""applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","clientToken":"t""#;
        for ok in [r#""cookie""#, r#"["memory","local-storage"]"#, "null"] {
            assert!(
                parse(&format!(r#"{{{base},"sessionPersistence":{ok}}}"#)).is_ok(),
                "{ok}"
            );
        }
        for bad in [r#""disk""#, r#"["cookie","disk"]"#, "1"] {
            assert_eq!(
                parse(&format!(r#"{{{base},"sessionPersistence":{bad}}}"#)).unwrap_err(),
                format!(
                    r#"wasm-rum: sessionPersistence must be "cookie", "local-storage", "memory" or a list of them, got {}"#,
                    match bad {
                        "1" => "1",
                        r#""disk""# => r#""disk""#,
                        _ => "an array",
                    }
                )
            );
        }
    }

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }
}
