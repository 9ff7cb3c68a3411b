//! The `init` configuration: every option, its default, and the checks that reject bad values
//! with a message naming the option, before anything starts.

use super::batch::Limits;
use super::json::u64_string;
use super::trace::{Injection, TracingRule};
use super::value::Value;
use crate::prelude::*;

/// The Datadog site whose intake is used when neither `site` nor `intakeUrl` is given.
pub const DEFAULT_SITE: &str = "datadoghq.com";

/// Every option `init` accepts, in the spelling the app uses. Anything else is rejected, so a
/// typo is caught at once instead of silently running with a default.
pub const OPTIONS: &[&str] = &[
    "applicationId",
    "clientToken",
    "site",
    "service",
    "env",
    "version",
    "intakeUrl",
    "sessionSampleRate",
    "trackUserInteractions",
    "trackViewsManually",
    "trackHashChanges",
    "trackConsoleErrors",
    "trackSessionAcrossSubdomains",
    "actionNameAttribute",
    "trackResources",
    "compressIntakeRequests",
    "persistUnsentEvents",
    "batchMaxEvents",
    "batchMaxBytes",
    "batchFlushTimeout",
    "traceSampleRate",
    "traceContextInjection",
    // Functions and RegExps: the browser layer takes these out before the rest is read here.
    "allowedTracingUrls",
    "beforeSend",
];

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
    /// Where events go instead of the site's intake (a self-hosted intake or a proxy).
    pub intake_url: Option<String>,
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
        ConfigError([option, " must be ", what, ", got ", &got.describe()].concat())
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
            return Err(ConfigError(
                "init expects a configuration object, got ".to_owned() + &value.describe(),
            ));
        };
        if let Some((key, _)) = entries.iter().find(|(k, _)| !OPTIONS.contains(&k.as_str())) {
            return Err(unknown_option(key));
        }
        let get = |key: &str| value.get(key).unwrap_or(&Value::Null);

        let application_id =
            optional_string("applicationId", get("applicationId"))?.ok_or_else(|| {
                ConfigError::new("applicationId is required (the application's UUID)")
            })?;
        // The event schema requires a UUID here; an intake would refuse anything else.
        let application_id = normalize_uuid(&application_id).ok_or_else(|| {
            ConfigError::expected(
                "applicationId",
                "a UUID such as \"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96\"",
                &Value::String(application_id.clone()),
            )
        })?;
        let intake_url = optional_string("intakeUrl", get("intakeUrl"))?;
        if let Some(url) = &intake_url {
            check_url("intakeUrl", url)?;
        }
        let client_token = optional_string("clientToken", get("clientToken"))?;
        if client_token.is_none() && intake_url.is_none() {
            return Err(ConfigError::new(
                "clientToken is required unless intakeUrl is set (a non-empty string)",
            ));
        }
        let site = optional_string("site", get("site"))?.unwrap_or_else(|| DEFAULT_SITE.into());
        let defaults = Limits::default();
        check_site(&site)?;

        Ok(Config {
            application_id,
            client_token,
            site,
            service: optional_string("service", get("service"))?,
            env: optional_string("env", get("env"))?,
            version: optional_string("version", get("version"))?,
            intake_url,
            session_sample_rate: percentage("sessionSampleRate", get("sessionSampleRate"), 100.0)?,
            track_user_interactions: boolean(
                "trackUserInteractions",
                get("trackUserInteractions"),
                true,
            )?,
            track_views_manually: boolean("trackViewsManually", get("trackViewsManually"), false)?,
            track_hash_changes: boolean("trackHashChanges", get("trackHashChanges"), false)?,
            track_console_errors: boolean("trackConsoleErrors", get("trackConsoleErrors"), false)?,
            track_session_across_subdomains: boolean(
                "trackSessionAcrossSubdomains",
                get("trackSessionAcrossSubdomains"),
                false,
            )?,
            action_name_attribute: attribute_name(
                "actionNameAttribute",
                get("actionNameAttribute"),
            )?,
            track_resources: boolean("trackResources", get("trackResources"), true)?,
            trace_sample_rate: percentage("traceSampleRate", get("traceSampleRate"), 100.0)?,
            trace_context_injection: match get("traceContextInjection") {
                Value::Null => Injection::All,
                Value::String(s) if s == "all" => Injection::All,
                Value::String(s) if s == "sampled" => Injection::Sampled,
                other => {
                    return Err(ConfigError::expected(
                        "traceContextInjection",
                        "\"all\" or \"sampled\"",
                        other,
                    ))
                }
            },
            // Set by the browser layer from the JS value, see [`tracing_rules`].
            tracing_rules: Vec::new(),
            compress_intake_requests: boolean(
                "compressIntakeRequests",
                get("compressIntakeRequests"),
                true,
            )?,
            persist_unsent_events: boolean(
                "persistUnsentEvents",
                get("persistUnsentEvents"),
                false,
            )?,
            batch: Limits {
                max_events: integer(
                    "batchMaxEvents",
                    get("batchMaxEvents"),
                    defaults.max_events,
                    1,
                    10_000,
                )?,
                max_bytes: integer(
                    "batchMaxBytes",
                    get("batchMaxBytes"),
                    defaults.max_bytes,
                    1024,
                    1024 * 1024,
                )?,
                max_age_ms: integer(
                    "batchFlushTimeout",
                    get("batchFlushTimeout"),
                    defaults.max_age_ms as usize,
                    100,
                    600_000,
                )? as f64,
            },
        })
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

/// A non-empty string, or `None` when the option is absent, `null` or `undefined`.
fn optional_string(option: &str, value: &Value) -> Result<Option<String>, ConfigError> {
    const MAX_LEN: usize = 1024;
    match value {
        Value::Null => Ok(None),
        Value::String(s) if !s.trim().is_empty() && s.len() <= MAX_LEN => Ok(Some(s.clone())),
        other => Err(ConfigError::expected(
            option,
            "a non-empty string of at most 1024 characters",
            other,
        )),
    }
}

fn boolean(option: &str, value: &Value, default: bool) -> Result<bool, ConfigError> {
    match value {
        Value::Null => Ok(default),
        Value::Bool(b) => Ok(*b),
        other => Err(ConfigError::expected(option, "true or false", other)),
    }
}

/// An HTML attribute name (letters, digits, `-`, `_`, `:`, `.`), as `getAttribute` takes it.
fn attribute_name(option: &str, value: &Value) -> Result<String, ConfigError> {
    match value {
        Value::Null => Ok(DEFAULT_ACTION_NAME_ATTRIBUTE.into()),
        Value::String(s)
            if s.len() <= 100
                && s.starts_with(|c: char| c.is_ascii_alphabetic())
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.')) =>
        {
            Ok(s.clone())
        }
        other => Err(ConfigError::expected(
            option,
            "an HTML attribute name such as \"data-rum-action-name\"",
            other,
        )),
    }
}

fn integer(
    option: &str,
    value: &Value,
    default: usize,
    min: usize,
    max: usize,
) -> Result<usize, ConfigError> {
    match value {
        Value::Null => Ok(default),
        Value::Number(n)
            if super::float::trunc(*n) == *n && *n >= min as f64 && *n <= max as f64 =>
        {
            Ok(*n as usize)
        }
        other => Err(ConfigError::expected(
            option,
            &[
                "a whole number from ",
                &u64_string(min as u64),
                " to ",
                &u64_string(max as u64),
            ]
            .concat(),
            other,
        )),
    }
}

fn percentage(option: &str, value: &Value, default: f64) -> Result<f64, ConfigError> {
    match value {
        Value::Null => Ok(default),
        Value::Number(n) if (0.0..=100.0).contains(n) => Ok(*n),
        other => Err(ConfigError::expected(
            option,
            "a number from 0 to 100",
            other,
        )),
    }
}

fn check_url(option: &str, url: &str) -> Result<(), ConfigError> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or(""));
    match host {
        Some(h) if !h.is_empty() && !url.contains(char::is_whitespace) => Ok(()),
        _ => Err(ConfigError::expected(
            option,
            "an absolute http(s) URL such as \"https://rum.example.com/api/v2/rum\"",
            &Value::String(url.into()),
        )),
    }
}

/// A Datadog site is a bare host name (`datadoghq.eu`, `us3.datadoghq.com`): a scheme or a path
/// here is a common mistake that would send events nowhere.
fn check_site(site: &str) -> Result<(), ConfigError> {
    let valid_label = |l: &str| {
        !l.is_empty()
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    };
    if site.contains('.') && site.split('.').all(valid_label) {
        Ok(())
    } else {
        Err(ConfigError::expected(
            "site",
            "a Datadog site host such as \"datadoghq.com\" or \"datadoghq.eu\"",
            &Value::String(site.into()),
        ))
    }
}

fn unknown_option(key: &str) -> ConfigError {
    let closest = OPTIONS
        .iter()
        .map(|known| {
            (
                edit_distance(&key.to_ascii_lowercase(), &known.to_ascii_lowercase()),
                known,
            )
        })
        .min();
    match closest {
        Some((distance, known)) if distance <= 3 => ConfigError(
            [
                "unknown option \"",
                key,
                "\" (did you mean \"",
                known,
                "\"?)",
            ]
            .concat(),
        ),
        _ => ConfigError(
            [
                "unknown option \"",
                key,
                "\"; known options are ",
                &OPTIONS.join(", "),
            ]
            .concat(),
        ),
    }
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

mod tracing;
pub use tracing::{tracing_not_a_list, tracing_rules, TracingEntry};

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
            r#"wasm-rum: unknown option "sampleRate"; known options are applicationId, clientToken, site, service, env, version, intakeUrl, sessionSampleRate, trackUserInteractions, trackViewsManually, trackHashChanges, trackConsoleErrors, trackSessionAcrossSubdomains, actionNameAttribute, trackResources, compressIntakeRequests, persistUnsentEvents, batchMaxEvents, batchMaxBytes, batchFlushTimeout, traceSampleRate, traceContextInjection, allowedTracingUrls, beforeSend"#
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
            (100.0, Injection::All)
        );
        assert!(
            c.tracing_rules.is_empty(),
            "no request is traced unless the app allows it"
        );
        assert!(c.track_resources);
        let c = parse(
            r#"{"applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","clientToken":"t",
                "traceSampleRate":20,"traceContextInjection":"sampled","trackResources":false}"#,
        )
        .unwrap();
        assert_eq!(
            (c.trace_sample_rate, c.trace_context_injection),
            (20.0, Injection::Sampled)
        );
        assert!(!c.track_resources);
        assert_eq!(
            parse(r#"{"applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","clientToken":"t","traceContextInjection":"some"}"#)
                .unwrap_err(),
            r#"wasm-rum: traceContextInjection must be "all" or "sampled", got "some""#
        );
        assert_eq!(
            parse(r#"{"applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","clientToken":"t","traceSampleRate":-1}"#)
                .unwrap_err(),
            "wasm-rum: traceSampleRate must be a number from 0 to 100, got -1"
        );
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

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }
}
