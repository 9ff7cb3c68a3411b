//! `allowedTracingUrls`: each entry, as the browser layer found it, checked and turned into a
//! tracing rule, with a message naming the entry's place when it is wrong.

use super::ConfigError;
use crate::core::json::u64_string;
use crate::core::trace::{Propagator, TracingRule, UrlMatch};
use crate::core::value::Value;
use crate::prelude::*;

/// One `allowedTracingUrls` entry, as the browser layer found it (RegExps and functions cannot
/// cross into the core, so they arrive as [`TracingEntry::Js`]).
#[derive(Debug, Clone, PartialEq)]
pub enum TracingEntry {
    Prefix(String),
    /// A `RegExp` or a function `url => boolean`.
    Js,
    Object {
        matcher: Option<Box<TracingEntry>>,
        propagators: Value,
        unknown_key: Option<String>,
    },
    Other(Value),
}

const TRACING_ENTRY: &str =
    "a URL prefix string, a RegExp, a function or { match, propagatorTypes }";

pub fn tracing_not_a_list(got: &Value) -> ConfigError {
    ConfigError::expected(
        "allowedTracingUrls",
        &("a list whose entries are each ".to_owned() + TRACING_ENTRY),
        got,
    )
}

/// `allowedTracingUrls` as data: strings, `{ match, propagatorTypes }` objects, and `{ $js: n }`
/// where the app gave a RegExp or a function (the engine's JS keeps those).
pub fn tracing_entries(value: &Value) -> Result<Vec<TracingEntry>, ConfigError> {
    match value {
        Value::Null => Ok(Vec::new()),
        Value::Array(items) => Ok(items.iter().map(|v| entry(v, true)).collect()),
        other => Err(tracing_not_a_list(other)),
    }
}

fn entry(v: &Value, top: bool) -> TracingEntry {
    match v {
        Value::String(s) => TracingEntry::Prefix(s.clone()),
        Value::Object(fields) if fields.len() == 1 && fields[0].0 == "$js" => TracingEntry::Js,
        Value::Object(fields) if top => TracingEntry::Object {
            matcher: v.get("match").map(|m| Box::new(entry(m, false))),
            propagators: v.get("propagatorTypes").cloned().unwrap_or(Value::Null),
            unknown_key: fields
                .iter()
                .map(|(k, _)| k)
                .find(|k| *k != "match" && *k != "propagatorTypes")
                .cloned(),
        },
        other => TracingEntry::Other(other.clone()),
    }
}

/// Checks `allowedTracingUrls` entry by entry. JS matchers are numbered in the order they
/// appear, which is the order the browser layer keeps them in.
pub fn tracing_rules(entries: &[TracingEntry]) -> Result<Vec<TracingRule>, ConfigError> {
    let mut js_count = 0;
    let mut js_index = || {
        js_count += 1;
        js_count - 1
    };
    let mut rules = Vec::with_capacity(entries.len());
    for (i, entry) in entries.iter().enumerate() {
        let at = cat(&["allowedTracingUrls[", &u64_string(i as u64), "]"]);
        let rule = match entry {
            TracingEntry::Prefix(p) => TracingRule {
                matcher: prefix(&at, p)?,
                propagators: Propagator::DEFAULT.to_vec(),
            },
            TracingEntry::Js => TracingRule {
                matcher: UrlMatch::Js(js_index()),
                propagators: Propagator::DEFAULT.to_vec(),
            },
            TracingEntry::Object {
                unknown_key: Some(key),
                ..
            } => {
                return Err(ConfigError(cat(&[
                    &at,
                    " has an unknown key \"",
                    key,
                    "\" (expected match and propagatorTypes)",
                ])))
            }
            TracingEntry::Object {
                matcher,
                propagators,
                ..
            } => {
                let at_match = at.clone() + ".match";
                let matcher = match matcher.as_deref() {
                    Some(TracingEntry::Prefix(p)) => prefix(&at_match, p)?,
                    Some(TracingEntry::Js) => UrlMatch::Js(js_index()),
                    Some(TracingEntry::Other(v)) => {
                        return Err(ConfigError::expected(
                            &at_match,
                            "a URL prefix string, a RegExp or a function",
                            v,
                        ))
                    }
                    _ => {
                        return Err(ConfigError(
                            at_match + " is required (a URL prefix string, a RegExp or a function)",
                        ))
                    }
                };
                TracingRule {
                    matcher,
                    propagators: propagator_list(&(at + ".propagatorTypes"), propagators)?,
                }
            }
            TracingEntry::Other(v) => return Err(ConfigError::expected(&at, TRACING_ENTRY, v)),
        };
        rules.push(rule);
    }
    Ok(rules)
}

fn prefix(at: &str, p: &str) -> Result<UrlMatch, ConfigError> {
    // An empty prefix would send trace headers everywhere, third parties included.
    if p.is_empty() {
        return Err(ConfigError(
            at.to_owned() + " must not be empty (it would match every URL)",
        ));
    }
    Ok(UrlMatch::Prefix(p.to_owned()))
}

fn propagator_list(at: &str, value: &Value) -> Result<Vec<Propagator>, ConfigError> {
    const EXPECTED: &str =
        "a non-empty list of \"datadog\", \"tracecontext\", \"b3\" and \"b3multi\"";
    match value {
        Value::Null => Ok(Propagator::DEFAULT.to_vec()),
        Value::Array(items) if !items.is_empty() => items
            .iter()
            .map(|item| match item {
                Value::String(s) => Propagator::parse(s),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| ConfigError::expected(at, EXPECTED, value)),
        other => Err(ConfigError::expected(at, EXPECTED, other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracing_entries_become_rules() {
        let entries = [
            TracingEntry::Prefix("https://api.example.com".into()),
            TracingEntry::Js,
            TracingEntry::Object {
                matcher: Some(Box::new(TracingEntry::Js)),
                propagators: serde_json::from_str(r#"["b3","b3multi"]"#).unwrap(),
                unknown_key: None,
            },
            TracingEntry::Object {
                matcher: Some(Box::new(TracingEntry::Prefix("/api/".into()))),
                propagators: Value::Null,
                unknown_key: None,
            },
        ];
        let rules = tracing_rules(&entries).unwrap();
        assert_eq!(
            rules[0].matcher,
            UrlMatch::Prefix("https://api.example.com".into())
        );
        assert_eq!(rules[0].propagators, Propagator::DEFAULT);
        assert_eq!(rules[1].matcher, UrlMatch::Js(0));
        assert_eq!(rules[2].matcher, UrlMatch::Js(1));
        assert_eq!(rules[2].propagators, [Propagator::B3, Propagator::B3Multi]);
        assert_eq!(rules[3].propagators, Propagator::DEFAULT);
    }

    #[test]
    fn the_option_as_data_becomes_entries() {
        let value: Value = serde_json::from_str(
            r#"["https://api.example.com", {"$js": 0},
                {"match": {"$js": 1}, "propagatorTypes": ["b3multi"]},
                {"match": 5}, {"url": "u", "match": "/x"}, 42]"#,
        )
        .unwrap();
        let entries = tracing_entries(&value).unwrap();
        assert_eq!(
            entries[0],
            TracingEntry::Prefix("https://api.example.com".into())
        );
        assert_eq!(entries[1], TracingEntry::Js);
        assert_eq!(
            entries[2],
            TracingEntry::Object {
                matcher: Some(Box::new(TracingEntry::Js)),
                propagators: serde_json::from_str(r#"["b3multi"]"#).unwrap(),
                unknown_key: None
            }
        );
        assert_eq!(
            tracing_rules(&entries[..3]).unwrap()[2].matcher,
            UrlMatch::Js(1),
            "JS matchers numbered in order"
        );
        assert!(
            matches!(&entries[3], TracingEntry::Object { matcher: Some(m), .. }
            if **m == TracingEntry::Other(Value::Number(5.0)))
        );
        assert!(
            matches!(&entries[4], TracingEntry::Object { unknown_key: Some(k), .. } if k == "url")
        );
        assert_eq!(entries[5], TracingEntry::Other(Value::Number(42.0)));
        assert!(tracing_entries(&Value::Null).unwrap().is_empty());
        assert!(tracing_entries(&Value::String("https://a.io".into())).is_err());
    }

    #[test]
    fn bad_tracing_entries_name_their_place() {
        let err = |entry: TracingEntry| {
            tracing_rules(&[TracingEntry::Js, entry])
                .unwrap_err()
                .message()
        };
        assert_eq!(
            err(TracingEntry::Other(Value::Number(42.0))),
            "wasm-rum: allowedTracingUrls[1] must be a URL prefix string, a RegExp, a function or { match, propagatorTypes }, got 42"
        );
        assert_eq!(
            err(TracingEntry::Prefix(String::new())),
            "wasm-rum: allowedTracingUrls[1] must not be empty (it would match every URL)"
        );
        assert_eq!(
            err(TracingEntry::Object { matcher: None, propagators: Value::Null, unknown_key: None }),
            "wasm-rum: allowedTracingUrls[1].match is required (a URL prefix string, a RegExp or a function)"
        );
        assert_eq!(
            err(TracingEntry::Object {
                matcher: Some(Box::new(TracingEntry::Prefix("https://a.io".into()))),
                propagators: serde_json::from_str(r#"["zipkin"]"#).unwrap(),
                unknown_key: None
            }),
            r#"wasm-rum: allowedTracingUrls[1].propagatorTypes must be a non-empty list of "datadog", "tracecontext", "b3" and "b3multi", got an array"#
        );
        assert_eq!(
            err(TracingEntry::Object {
                matcher: Some(Box::new(TracingEntry::Prefix("https://a.io".into()))),
                propagators: Value::Null,
                unknown_key: Some("matches".into())
            }),
            r#"wasm-rum: allowedTracingUrls[1] has an unknown key "matches" (expected match and propagatorTypes)"#
        );
        assert_eq!(
            tracing_not_a_list(&Value::String("https://a.io".into())).message(),
            r#"wasm-rum: allowedTracingUrls must be a list whose entries are each a URL prefix string, a RegExp, a function or { match, propagatorTypes }, got "https://a.io""#
        );
    }
}
