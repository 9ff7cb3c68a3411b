//! Where events go: the Datadog browser intake of the configured site, or `intakeUrl`.

use super::config::Config;
use super::event::SDK_VERSION;
use crate::prelude::*;

/// The intake path of Datadog's browser SDK.
pub const RUM_PATH: &str = "/api/v2/rum";

/// The URL of one intake request. `request_id` is a fresh UUID per request, so the intake can
/// tell a retry from a new batch.
pub fn request_url(config: &Config, ddtags: &str, request_id: &str) -> String {
    let mut url = endpoint(config);
    url.push(if url.contains('?') { '&' } else { '?' });
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
    url
}

/// The intake URL without the per-request query: what the SDK's own requests start with.
pub fn endpoint(config: &Config) -> String {
    match &config.intake_url {
        Some(u) => u.clone(),
        None => cat(&["https://", &intake_host(&config.site), RUM_PATH]),
    }
}

/// `datadoghq.com` → `browser-intake-datadoghq.com`, `us3.datadoghq.com` →
/// `browser-intake-us3-datadoghq.com`: every label but the last joins with `-`.
pub fn intake_host(site: &str) -> String {
    match site.rsplit_once('.') {
        Some((rest, tld)) => cat(&["browser-intake-", &rest.replace('.', "-"), ".", tld]),
        None => "browser-intake-".to_owned() + site,
    }
}

/// `encodeURIComponent`: everything but the unreserved characters is percent-encoded.
pub fn encode_component(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 0xf)] as char);
        }
    }
    out
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
        assert_eq!(
            request_url(
                &c,
                "sdk_version:0.1.0,env:prod",
                "0f8fad5b-d9cb-469f-a165-70867728950e"
            ),
            format!(
                "https://browser-intake-datadoghq.eu/api/v2/rum?ddsource=browser\
                 &ddtags=sdk_version%3A0.1.0%2Cenv%3Aprod&dd-api-key=pub%20tok\
                 &dd-evp-origin-version={SDK_VERSION}&dd-evp-origin=browser\
                 &dd-request-id=0f8fad5b-d9cb-469f-a165-70867728950e"
            )
        );
    }

    #[test]
    fn intake_url_gets_the_same_query() {
        let c = config(
            r#"{"applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","intakeUrl":"http://127.0.0.1:8080/api/v2/rum"}"#,
        );
        let url = request_url(&c, "t", "r");
        assert!(
            url.starts_with("http://127.0.0.1:8080/api/v2/rum?ddsource=browser&ddtags=t&dd-evp")
        );
        assert!(!url.contains("dd-api-key"));
        let c = config(
            r#"{"applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","intakeUrl":"https://proxy.example/rum?app=1"}"#,
        );
        assert!(request_url(&c, "t", "r")
            .starts_with("https://proxy.example/rum?app=1&ddsource=browser"));
    }

    #[test]
    fn encodes_like_encode_uri_component() {
        assert_eq!(encode_component("a-Z_0.~!*'()"), "a-Z_0.~!*'()");
        assert_eq!(encode_component("a b/c?d=é"), "a%20b%2Fc%3Fd%3D%C3%A9");
    }
}
