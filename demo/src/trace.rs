//! Reading incoming trace context the way a real tracer does, and making the server span.
//! Order of precedence: W3C `traceparent`, then Datadog `x-datadog-*`, then B3 single, then B3
//! multi. A header that does not parse is ignored, and a request without any starts a new trace.

use axum::http::HeaderMap;

/// The trace a server span joins: its 128-bit trace id and the span that called it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Incoming {
    pub trace_id: u128,
    pub parent_id: u64,
    pub sampled: Option<bool>,
    pub format: &'static str,
}

pub fn extract(headers: &HeaderMap) -> Option<Incoming> {
    let get = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    get("traceparent")
        .and_then(traceparent)
        .or_else(|| {
            datadog(
                get("x-datadog-trace-id")?,
                get("x-datadog-parent-id")?,
                get("x-datadog-tags"),
                get("x-datadog-sampling-priority"),
            )
        })
        .or_else(|| get("b3").and_then(b3_single))
        .or_else(|| {
            b3_multi(
                get("x-b3-traceid")?,
                get("x-b3-spanid")?,
                get("x-b3-sampled"),
            )
        })
}

fn traceparent(value: &str) -> Option<Incoming> {
    let mut parts = value.split('-');
    let (version, trace, span, flags) =
        (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    if version != "00" || trace.len() != 32 || span.len() != 16 || flags.len() != 2 {
        return None;
    }
    let trace_id = u128::from_str_radix(trace, 16).ok().filter(|t| *t != 0)?;
    let parent_id = u64::from_str_radix(span, 16).ok().filter(|s| *s != 0)?;
    let flags = u8::from_str_radix(flags, 16).ok()?;
    Some(Incoming {
        trace_id,
        parent_id,
        sampled: Some(flags & 1 == 1),
        format: "tracecontext",
    })
}

fn datadog(
    trace: &str,
    parent: &str,
    tags: Option<&str>,
    priority: Option<&str>,
) -> Option<Incoming> {
    let low: u64 = trace.parse().ok().filter(|t| *t != 0)?;
    let parent_id: u64 = parent.parse().ok().filter(|p| *p != 0)?;
    // The high 64 bits of a 128-bit trace id travel in the `_dd.p.tid` tag.
    let high = tags
        .into_iter()
        .flat_map(|t| t.split(','))
        .find_map(|tag| tag.trim().strip_prefix("_dd.p.tid="))
        .and_then(|h| u64::from_str_radix(h, 16).ok())
        .unwrap_or(0);
    Some(Incoming {
        trace_id: (u128::from(high) << 64) | u128::from(low),
        parent_id,
        sampled: priority.and_then(|p| p.parse::<i32>().ok()).map(|p| p > 0),
        format: "datadog",
    })
}

fn b3_single(value: &str) -> Option<Incoming> {
    let mut parts = value.split('-');
    let (trace, span) = (parts.next()?, parts.next()?);
    let sampled = parts.next().map(|s| s == "1" || s == "d");
    let mut found = b3_multi(trace, span, None)?;
    found.sampled = sampled;
    found.format = "b3";
    Some(found)
}

fn b3_multi(trace: &str, span: &str, sampled: Option<&str>) -> Option<Incoming> {
    if !(trace.len() == 16 || trace.len() == 32) || span.len() != 16 {
        return None;
    }
    Some(Incoming {
        trace_id: u128::from_str_radix(trace, 16).ok().filter(|t| *t != 0)?,
        parent_id: u64::from_str_radix(span, 16).ok().filter(|s| *s != 0)?,
        sampled: sampled.map(|s| s == "1" || s.eq_ignore_ascii_case("true")),
        format: "b3multi",
    })
}

pub fn random_u64() -> u64 {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).expect("the OS has randomness");
    u64::from_le_bytes(bytes).max(1)
}

pub fn random_u128() -> u128 {
    (u128::from(random_u64()) << 64) | u128::from(random_u64())
}

pub fn hex128(v: u128) -> String {
    format!("{v:032x}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderName, HeaderValue};

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(
                HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        h
    }

    const TRACE: u128 = 0x0123456789abcdef_fedcba9876543210;

    #[test]
    fn each_format_yields_the_same_trace() {
        let w3c = extract(&headers(&[(
            "traceparent",
            "00-0123456789abcdeffedcba9876543210-00f067aa0ba902b7-01",
        )]))
        .unwrap();
        assert_eq!(
            (w3c.trace_id, w3c.parent_id, w3c.sampled),
            (TRACE, 0x00f067aa0ba902b7, Some(true))
        );
        let dd = extract(&headers(&[
            ("x-datadog-trace-id", "18364758544493064720"),
            ("x-datadog-parent-id", "67667974448284343"),
            ("x-datadog-tags", "_dd.p.tid=0123456789abcdef"),
            ("x-datadog-sampling-priority", "1"),
        ]))
        .unwrap();
        assert_eq!(
            (dd.trace_id, dd.parent_id, dd.sampled),
            (TRACE, 67667974448284343, Some(true))
        );
        let b3 = extract(&headers(&[(
            "b3",
            "0123456789abcdeffedcba9876543210-00f067aa0ba902b7-0",
        )]))
        .unwrap();
        assert_eq!(
            (b3.trace_id, b3.parent_id, b3.sampled),
            (TRACE, 0x00f067aa0ba902b7, Some(false))
        );
        let multi = extract(&headers(&[
            ("x-b3-traceid", "0123456789abcdeffedcba9876543210"),
            ("x-b3-spanid", "00f067aa0ba902b7"),
            ("x-b3-sampled", "1"),
        ]))
        .unwrap();
        assert_eq!((multi.trace_id, multi.format), (TRACE, "b3multi"));
    }

    #[test]
    fn w3c_wins_and_bad_headers_are_ignored() {
        let h = headers(&[
            (
                "traceparent",
                "00-0123456789abcdeffedcba9876543210-00f067aa0ba902b7-01",
            ),
            ("x-datadog-trace-id", "1"),
            ("x-datadog-parent-id", "2"),
        ]);
        assert_eq!(extract(&h).unwrap().format, "tracecontext");
        let bad = headers(&[
            (
                "traceparent",
                "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            ),
            ("x-datadog-trace-id", "42"),
            ("x-datadog-parent-id", "7"),
        ]);
        let dd = extract(&bad).unwrap();
        assert_eq!((dd.format, dd.trace_id, dd.parent_id), ("datadog", 42, 7));
        assert_eq!(extract(&headers(&[("traceparent", "garbage")])), None);
        assert_eq!(extract(&HeaderMap::new()), None);
    }
}
