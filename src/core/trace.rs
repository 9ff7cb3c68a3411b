//! Trace propagation: which requests get trace headers, the ids they carry, and the header
//! formats of the tracers that read them (Datadog, W3C Trace Context, B3).

use crate::prelude::*;
/// A header format, as `propagatorTypes` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Propagator {
    Datadog,
    TraceContext,
    B3,
    B3Multi,
}

impl Propagator {
    pub const DEFAULT: [Propagator; 2] = [Propagator::Datadog, Propagator::TraceContext];

    pub fn parse(name: &str) -> Option<Propagator> {
        match name {
            "datadog" => Some(Propagator::Datadog),
            "tracecontext" => Some(Propagator::TraceContext),
            "b3" => Some(Propagator::B3),
            "b3multi" => Some(Propagator::B3Multi),
            _ => None,
        }
    }
}

/// How an `allowedTracingUrls` entry matches a URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlMatch {
    /// The URL starts with this string. When the string is only an origin, the URL must go on
    /// with `/`, `?`, `#` or end there, so `https://api.example.com` never matches
    /// `https://api.example.com.attacker.net`.
    Prefix(String),
    /// A `RegExp` or a function, evaluated by the browser layer; the number is its index.
    Js(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TracingRule {
    pub matcher: UrlMatch,
    pub propagators: Vec<Propagator>,
}

/// Whether unsampled traces still carry headers (with the sampled flag off).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Injection {
    All,
    Sampled,
}

/// The first rule that matches `url`; `js` evaluates the JS matchers (false on any exception).
pub fn matching_rule<'a>(
    rules: &'a [TracingRule],
    url: &str,
    mut js: impl FnMut(usize) -> bool,
) -> Option<&'a TracingRule> {
    rules.iter().find(|rule| match &rule.matcher {
        UrlMatch::Prefix(prefix) => prefix_matches(prefix, url),
        UrlMatch::Js(index) => js(*index),
    })
}

fn prefix_matches(prefix: &str, url: &str) -> bool {
    let Some(rest) = url.strip_prefix(prefix) else {
        return false;
    };
    // A scheme's `://` found by hand: a `&str` pattern would bring the two-way searcher in.
    let after_scheme = prefix
        .bytes()
        .position(|b| b == b':')
        .and_then(|i| prefix.get(i..)?.strip_prefix("://"));
    const PATH_START: &[u8] = b"/?#";
    let origin_only =
        after_scheme.is_some_and(|after| !after.bytes().any(|b| one_of(PATH_START, b)));
    !origin_only || rest.bytes().next().map_or(true, |b| one_of(PATH_START, b))
}

/// The ids of one traced request: a 128-bit trace id and the 64-bit id of the span that stands
/// for the browser's side of the request. Neither is ever zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TraceIds {
    pub trace: u128,
    pub span: u64,
}

impl TraceIds {
    pub fn from_random(trace: [u8; 16], span: [u8; 8]) -> TraceIds {
        TraceIds {
            trace: u128::from_be_bytes(trace).max(1),
            span: u64::from_be_bytes(span).max(1),
        }
    }

    /// 32 lower-case hex digits, as `traceparent` and the resource event carry it.
    pub fn trace_hex(&self) -> String {
        hex(self.trace, 32)
    }

    pub fn span_hex(&self) -> String {
        hex(u128::from(self.span), 16)
    }

    /// The low 64 bits in decimal: Datadog's `x-datadog-trace-id`.
    pub fn trace_low_decimal(&self) -> String {
        decimal(self.trace as u64)
    }

    /// The high 64 bits in hex: Datadog's `_dd.p.tid` tag.
    pub fn trace_high_hex(&self) -> String {
        hex(self.trace >> 64, 16)
    }

    pub fn span_decimal(&self) -> String {
        decimal(self.span)
    }
}

/// The headers of `propagators` for a request, in a stable order.
pub fn headers(
    ids: &TraceIds,
    sampled: bool,
    propagators: &[Propagator],
) -> Vec<(&'static str, String)> {
    let flag = if sampled { "1" } else { "0" };
    let mut out = Vec::new();
    for p in propagators {
        match p {
            Propagator::Datadog => {
                out.push(("x-datadog-trace-id", ids.trace_low_decimal()));
                out.push(("x-datadog-parent-id", ids.span_decimal()));
                out.push(("x-datadog-origin", "rum".into()));
                out.push(("x-datadog-sampling-priority", flag.into()));
                out.push((
                    "x-datadog-tags",
                    "_dd.p.tid=".to_owned() + &ids.trace_high_hex(),
                ));
            }
            Propagator::TraceContext => {
                let parent = ["00-", &ids.trace_hex(), "-", &ids.span_hex(), "-0", flag];
                out.push(("traceparent", cat(&parent)));
                out.push(("tracestate", cat(&["dd=s:", flag, ";o:rum"])));
            }
            Propagator::B3 => {
                let b3 = [&ids.trace_hex(), "-", &ids.span_hex(), "-", flag];
                out.push(("b3", cat(&b3)));
            }
            Propagator::B3Multi => {
                out.push(("X-B3-TraceId", ids.trace_hex()));
                out.push(("X-B3-SpanId", ids.span_hex()));
                out.push(("X-B3-Sampled", flag.into()));
            }
        }
    }
    // A header named by two propagators goes once.
    let mut seen: Vec<&str> = Vec::new();
    out.retain(|(name, _)| {
        let dup = seen.iter().any(|s| s.eq_ignore_ascii_case(name));
        seen.push(name);
        !dup
    });
    out
}

/// Adds `key=value` to a W3C `baggage` header's list, the value percent-encoded as
/// `encodeURIComponent` does, as Datadog's SDK writes it (a valid baggage value, whatever the
/// app's ids hold).
pub fn add_baggage(out: &mut String, key: &str, value: &str) {
    if !out.is_empty() {
        out.push(',');
    }
    out.push_str(key);
    out.push('=');
    super::intake::push_component(out, value);
}

/// The low `digits` hex digits of `value`, lower-case and zero-padded.
pub fn hex(value: u128, digits: usize) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    (0..digits)
        .rev()
        .map(|i| HEX[((value >> (i * 4)) & 0xf) as usize] as char)
        .collect()
}

fn decimal(value: u64) -> String {
    let mut s = String::new();
    super::json::write_u64(&mut s, value);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn baggage_values_are_percent_encoded_as_encode_uri_component() {
        let mut bag = String::new();
        add_baggage(&mut bag, "session.id", "0f8f-a1");
        add_baggage(&mut bag, "user.id", "ada lovelace,=;é");
        add_baggage(&mut bag, "account.id", "acme");
        assert_eq!(
            bag,
            "session.id=0f8f-a1,user.id=ada%20lovelace%2C%3D%3B%C3%A9,account.id=acme"
        );
    }

    const IDS: TraceIds = TraceIds {
        trace: 0x0123456789abcdef_fedcba9876543210,
        span: 0x00f067aa0ba902b7,
    };

    #[test]
    fn ids_are_encoded_for_each_reader() {
        assert_eq!(IDS.trace_hex(), "0123456789abcdeffedcba9876543210");
        assert_eq!(IDS.span_hex(), "00f067aa0ba902b7");
        assert_eq!(IDS.trace_low_decimal(), "18364758544493064720");
        assert_eq!(IDS.trace_high_hex(), "0123456789abcdef");
        assert_eq!(IDS.span_decimal(), "67667974448284343");
    }

    #[test]
    fn ids_are_never_zero() {
        let zero = TraceIds::from_random([0; 16], [0; 8]);
        assert_eq!((zero.trace, zero.span), (1, 1));
        assert_eq!(zero.trace_hex(), format!("{}1", "0".repeat(31)));
        let ids = TraceIds::from_random([0xff; 16], [0x11; 8]);
        assert_eq!(ids.trace, u128::MAX);
        assert_eq!(ids.span, 0x1111111111111111);
    }

    #[test]
    fn header_formats() {
        let all = [
            Propagator::Datadog,
            Propagator::TraceContext,
            Propagator::B3,
            Propagator::B3Multi,
        ];
        let h = headers(&IDS, true, &all);
        let get = |name: &str| h.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str());
        assert_eq!(get("x-datadog-trace-id"), Some("18364758544493064720"));
        assert_eq!(get("x-datadog-parent-id"), Some("67667974448284343"));
        assert_eq!(get("x-datadog-origin"), Some("rum"));
        assert_eq!(get("x-datadog-sampling-priority"), Some("1"));
        assert_eq!(get("x-datadog-tags"), Some("_dd.p.tid=0123456789abcdef"));
        assert_eq!(
            get("traceparent"),
            Some("00-0123456789abcdeffedcba9876543210-00f067aa0ba902b7-01")
        );
        assert_eq!(get("tracestate"), Some("dd=s:1;o:rum"));
        assert_eq!(
            get("b3"),
            Some("0123456789abcdeffedcba9876543210-00f067aa0ba902b7-1")
        );
        assert_eq!(
            get("X-B3-TraceId"),
            Some("0123456789abcdeffedcba9876543210")
        );
        assert_eq!(get("X-B3-SpanId"), Some("00f067aa0ba902b7"));
        assert_eq!(get("X-B3-Sampled"), Some("1"));
        assert_eq!(h.len(), 11);

        let unsampled = headers(&IDS, false, &Propagator::DEFAULT);
        let names: Vec<_> = unsampled.iter().map(|(n, _)| *n).collect();
        assert_eq!(
            names,
            [
                "x-datadog-trace-id",
                "x-datadog-parent-id",
                "x-datadog-origin",
                "x-datadog-sampling-priority",
                "x-datadog-tags",
                "traceparent",
                "tracestate"
            ]
        );
        assert_eq!(unsampled[3].1, "0");
        assert!(unsampled[5].1.ends_with("-00"));
        assert_eq!(unsampled[6].1, "dd=s:0;o:rum");
        assert_eq!(
            headers(&IDS, true, &[Propagator::B3, Propagator::B3]).len(),
            1
        );
    }

    #[test]
    fn every_header_leads_back_to_the_same_trace_id() {
        let h = headers(
            &IDS,
            true,
            &[
                Propagator::Datadog,
                Propagator::TraceContext,
                Propagator::B3,
            ],
        );
        let get = |name: &str| h.iter().find(|(n, _)| *n == name).unwrap().1.clone();
        let from_traceparent = u128::from_str_radix(&get("traceparent")[3..35], 16).unwrap();
        let from_b3 = u128::from_str_radix(&get("b3")[..32], 16).unwrap();
        let low: u64 = get("x-datadog-trace-id").parse().unwrap();
        let high = u64::from_str_radix(&get("x-datadog-tags")["_dd.p.tid=".len()..], 16).unwrap();
        let from_datadog = (u128::from(high) << 64) | u128::from(low);
        assert_eq!(from_traceparent, IDS.trace);
        assert_eq!(from_b3, IDS.trace);
        assert_eq!(from_datadog, IDS.trace);
    }

    #[test]
    fn prefixes_match_at_a_boundary() {
        let rules = vec![
            TracingRule {
                matcher: UrlMatch::Prefix("https://api.example.com".into()),
                propagators: vec![Propagator::B3],
            },
            TracingRule {
                matcher: UrlMatch::Prefix("http://127.0.0.1:8080/api/".into()),
                propagators: Propagator::DEFAULT.to_vec(),
            },
            TracingRule {
                matcher: UrlMatch::Js(0),
                propagators: vec![Propagator::B3Multi],
            },
        ];
        let find = |url: &str| {
            matching_rule(&rules, url, |_| url.contains("js-match")).map(|r| r.propagators.clone())
        };
        assert_eq!(
            find("https://api.example.com/v1/users"),
            Some(vec![Propagator::B3])
        );
        assert_eq!(
            find("https://api.example.com?x=1"),
            Some(vec![Propagator::B3])
        );
        assert_eq!(find("https://api.example.com"), Some(vec![Propagator::B3]));
        assert_eq!(find("https://api.example.com.attacker.net/"), None);
        assert_eq!(find("https://api.example.com:8443/"), None);
        assert_eq!(
            find("http://127.0.0.1:8080/api/fast"),
            Some(Propagator::DEFAULT.to_vec())
        );
        assert_eq!(find("http://127.0.0.1:8080/apix"), None);
        assert_eq!(
            find("http://other.example/js-match"),
            Some(vec![Propagator::B3Multi])
        );
        assert_eq!(find("http://other.example/"), None);
        assert_eq!(
            matching_rule(&[], "https://api.example.com/", |_| true),
            None
        );
    }
}
