//! Posting alerts: JSON that Slack and Microsoft Teams incoming webhooks both accept
//! (`{"text": …}`), with a timeout and retries with backoff, off the async threads so a webhook
//! that is down never holds up the intake.

use std::time::Duration;

/// How long one post may take.
const TIMEOUT: Duration = Duration::from_secs(5);
/// Attempts per alert: the first and four retries (the wait doubles each time).
pub const ATTEMPTS: u32 = 5;

/// The URL as logs and the dashboard may show it: scheme, host and the first path segment; the
/// rest of a webhook URL is its secret.
pub fn redact(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let mut parts = rest.splitn(3, '/');
    let host = parts.next().unwrap_or("");
    match parts.next() {
        Some(first) if !first.is_empty() => format!("{scheme}://{host}/{first}/…"),
        _ => format!("{scheme}://{host}/…"),
    }
}

/// One post; `Err` says why (status or network error), without the URL.
pub fn post(url: &str, text: &str) -> Result<u16, String> {
    let agent = ureq::AgentBuilder::new().timeout(TIMEOUT).build();
    match agent
        .post(url)
        .set("content-type", "application/json")
        .send_string(&serde_json::json!({ "text": text }).to_string())
    {
        Ok(r) => Ok(r.status()),
        Err(ureq::Error::Status(code, _)) => Err(format!("HTTP {code}")),
        Err(ureq::Error::Transport(t)) => Err(format!("network error ({})", t.kind())),
    }
}

/// The waits before each retry: `base`, twice, four times…
pub fn backoff(base_ms: u64, retry: u32) -> Duration {
    Duration::from_millis(base_ms.saturating_mul(1 << retry.min(10)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_secret_path_is_not_shown() {
        assert_eq!(
            redact("https://hooks.slack.com/services/T000/B000/XXXXSECRET"),
            "https://hooks.slack.com/services/…"
        );
        assert_eq!(
            redact("http://127.0.0.1:9/hook"),
            "http://127.0.0.1:9/hook/…"
        );
        assert_eq!(redact("http://127.0.0.1:9"), "http://127.0.0.1:9/…");
    }

    #[test]
    fn backoff_doubles() {
        assert_eq!(backoff(100, 0), Duration::from_millis(100));
        assert_eq!(backoff(100, 3), Duration::from_millis(800));
    }
}
