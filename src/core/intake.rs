//! Where events go: the Datadog browser intake of the configured site, or `intakeUrl`.

use super::config::Config;
use super::event::SDK_VERSION;
use crate::prelude::*;

/// The intake path of Datadog's browser SDK.
pub const RUM_PATH: &str = "/api/v2/rum";

/// How a request goes, for the intake's `_dd.api` parameter.
pub const API_FETCH: &str = "fetch";
pub const API_BEACON: &str = "beacon";

/// One attempt at an intake request, for its query: what Datadog's SDK sends with each.
pub struct Attempt<'a> {
    /// A UUID per batch, kept across its retries, so the intake can tell a retry from a new one.
    pub request_id: &'a str,
    /// When it is sent (epoch ms): `batch_time`.
    pub now: f64,
    pub api: &'a str,
    /// Attempts before this one, and the HTTP status of the last (`_dd.retry_count`,
    /// `_dd.retry_after`, as Datadog names them).
    pub retries: u32,
    pub last_status: u16,
}

/// The URL of one intake request, with the query Datadog's SDK sends; through `proxy`, the
/// intake path and query go in `ddforward`, as Datadog's SDK sends them.
pub fn request_url(config: &Config, ddtags: &str, attempt: &Attempt) -> String {
    let url = endpoint(config);
    let sep = if has(&url, b'?') { "&" } else { "?" };
    let query = parameters(config, ddtags, attempt);
    match config.proxy.as_deref() {
        // A function: the engine hands it the path and the query.
        Some("") => cat(&[RUM_PATH, "?", &query]),
        Some(_) => cat(&[
            &url,
            sep,
            "ddforward=",
            &encode_component(&cat(&[RUM_PATH, "?", &query])),
        ]),
        None => cat(&[&url, sep, &query]),
    }
}

/// The query of one intake request (what a function-valued `proxy` is given as `parameters`).
pub fn parameters(config: &Config, ddtags: &str, attempt: &Attempt) -> String {
    let request_id = attempt.request_id;
    let mut url = String::new();
    url.push_str("ddsource=browser&ddtags=");
    url.push_str(&encode_component(ddtags));
    if let Some(token) = &config.client_token {
        url.push_str("&dd-api-key=");
        url.push_str(&encode_component(token));
    }
    url.push_str("&dd-evp-origin-version=");
    url.push_str(&encode_component(SDK_VERSION));
    url.push_str("&dd-evp-origin=browser&dd-request-id=");
    url.push_str(&encode_component(request_id));
    url.push_str("&batch_time=");
    url.push_str(&super::json::u64_string(attempt.now.max(0.0) as u64));
    url.push_str("&_dd.api=");
    url.push_str(attempt.api);
    if attempt.retries > 0 {
        url.push_str("&_dd.retry_count=");
        url.push_str(&super::json::u64_string(u64::from(attempt.retries)));
        url.push_str("&_dd.retry_after=");
        url.push_str(&super::json::u64_string(u64::from(attempt.last_status)));
    }
    // Bodies are deflated by the module (core::deflate), beacons at page exit too.
    if config.compress_intake_requests {
        url.push_str("&dd-evp-encoding=deflate");
    }
    url
}

/// The intake URL without the per-request query: what the SDK's own requests start with.
pub fn endpoint(config: &Config) -> String {
    match (&config.intake_url, &config.proxy) {
        (Some(u), _) | (None, Some(u)) => u.clone(),
        _ => cat(&["https://", &intake_host(&config.site), RUM_PATH]),
    }
}

/// `datadoghq.com` → `browser-intake-datadoghq.com`, `us3.datadoghq.com` →
/// `browser-intake-us3-datadoghq.com`: every label but the last joins with `-`.
pub fn intake_host(site: &str) -> String {
    match split_last_dot(site) {
        Some((rest, tld)) => {
            let mut labels = String::with_capacity(rest.len());
            for c in rest.chars() {
                labels.push(if c == '.' { '-' } else { c });
            }
            cat(&["browser-intake-", &labels, ".", tld])
        }
        None => "browser-intake-".to_owned() + site,
    }
}

/// `encodeURIComponent`: everything but the unreserved characters is percent-encoded.
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_component(&mut out, s);
    out
}

/// [`encode_component`] of `s`, written at the end of `out`.
pub fn push_component(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || one_of(b"-_.!~*'()", b) {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 0xf)] as char);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::value::Value;

    fn config(json: &str) -> Config {
        let v: Value = serde_json::from_str(json).unwrap();
        Config::from_value(&v).unwrap()
    }

    #[test]
    fn site_hosts() {
        assert_eq!(intake_host("datadoghq.com"), "browser-intake-datadoghq.com");
        assert_eq!(intake_host("datadoghq.eu"), "browser-intake-datadoghq.eu");
        assert_eq!(
            intake_host("us3.datadoghq.com"),
            "browser-intake-us3-datadoghq.com"
        );
        assert_eq!(
            intake_host("ap1.datadoghq.com"),
            "browser-intake-ap1-datadoghq.com"
        );
    }

    #[test]
    fn datadog_request_url() {
        let c = config(
            r#"{"applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","clientToken":"pub tok","site":"datadoghq.eu"}"#,
        );
        let mut attempt = Attempt {
            request_id: "0f8fad5b-d9cb-469f-a165-70867728950e",
            now: 1_700_000_000_123.0,
            api: API_FETCH,
            retries: 0,
            last_status: 0,
        };
        assert_eq!(
            request_url(&c, "sdk_version:0.1.0,env:prod", &attempt),
            format!(
                "https://browser-intake-datadoghq.eu/api/v2/rum?ddsource=browser\
                 &ddtags=sdk_version%3A0.1.0%2Cenv%3Aprod&dd-api-key=pub%20tok\
                 &dd-evp-origin-version={SDK_VERSION}&dd-evp-origin=browser\
                 &dd-request-id=0f8fad5b-d9cb-469f-a165-70867728950e\
                 &batch_time=1700000000123&_dd.api=fetch&dd-evp-encoding=deflate"
            )
        );
        attempt.retries = 2;
        attempt.last_status = 503;
        attempt.api = API_BEACON;
        assert!(
            request_url(&c, "t", &attempt).ends_with(
                "&_dd.api=beacon&_dd.retry_count=2&_dd.retry_after=503&dd-evp-encoding=deflate"
            ),
            "a beacon body is compressed too"
        );
    }

    #[test]
    fn intake_url_gets_the_same_query() {
        let c = config(
            r#"{"applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","intakeUrl":"http://127.0.0.1:8080/api/v2/rum"}"#,
        );
        let attempt = Attempt {
            request_id: "r",
            now: 0.0,
            api: API_FETCH,
            retries: 0,
            last_status: 0,
        };
        let url = request_url(&c, "t", &attempt);
        assert!(
            url.starts_with("http://127.0.0.1:8080/api/v2/rum?ddsource=browser&ddtags=t&dd-evp")
        );
        assert!(!url.contains("dd-api-key"));
        let c = config(
            r#"{"applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","intakeUrl":"https://proxy.example/rum?app=1"}"#,
        );
        assert!(request_url(&c, "t", &attempt)
            .starts_with("https://proxy.example/rum?app=1&ddsource=browser"));
    }

    #[test]
    fn a_proxy_gets_the_intake_path_and_query_in_ddforward() {
        let mut c = config(
            r#"{"applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","clientToken":"tok","compressIntakeRequests":false}"#,
        );
        c.proxy = Some("https://proxy.example/rum".into());
        let attempt = Attempt {
            request_id: "r",
            now: 5.0,
            api: API_FETCH,
            retries: 0,
            last_status: 0,
        };
        let query = parameters(&c, "t", &attempt);
        assert_eq!(
            request_url(&c, "t", &attempt),
            "https://proxy.example/rum?ddforward=".to_owned()
                + &encode_component(&("/api/v2/rum?".to_owned() + &query))
        );
        assert!(query.starts_with("ddsource=browser&ddtags=t&dd-api-key=tok&"));
        assert_eq!(
            endpoint(&c),
            "https://proxy.example/rum",
            "its own requests are known"
        );
    }

    #[test]
    fn encodes_like_encode_uri_component() {
        assert_eq!(encode_component("a-Z_0.~!*'()"), "a-Z_0.~!*'()");
        assert_eq!(encode_component("a b/c?d=é"), "a%20b%2Fc%3Fd%3D%C3%A9");
    }
}
