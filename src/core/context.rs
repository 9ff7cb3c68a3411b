//! The app's own context carried by every event: the user (`usr`) and the global context
//! (`context`), e.g. the company and customer a session belongs to.

use super::json;
use super::value::Value;
use crate::prelude::*;

/// Beyond this, a context is cut (and the app warned): every event carries it, so its size
/// multiplies into the bytes sent.
pub const CONTEXT_LIMIT_BYTES: usize = 3 * 1024;

/// An ordered set of properties, as the app set them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Context {
    entries: Vec<(String, Value)>,
}

/// Whether a change had to cut the context to fit [`CONTEXT_LIMIT_BYTES`].
#[must_use]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Truncated(pub bool);

impl Context {
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn set_property(&mut self, key: &str, value: Value) -> Truncated {
        match self.entries.iter_mut().find(|(k, _)| k == key) {
            Some((_, slot)) => *slot = value,
            None => self.entries.push((key.to_owned(), value)),
        }
        self.fit()
    }

    pub fn remove_property(&mut self, key: &str) {
        self.entries.retain(|(k, _)| k != key);
    }

    /// Replaces everything with the entries of an object (anything else empties it).
    pub fn replace(&mut self, value: Value) -> Truncated {
        self.entries = match value {
            Value::Object(entries) => entries,
            _ => Vec::new(),
        };
        self.fit()
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn to_value(&self) -> Value {
        Value::Object(self.entries.clone())
    }

    pub fn entries(&self) -> &[(String, Value)] {
        &self.entries
    }

    fn fit(&mut self) -> Truncated {
        let mut value = Value::Object(core::mem::take(&mut self.entries));
        let cut = truncate(&mut value, CONTEXT_LIMIT_BYTES);
        if let Value::Object(entries) = value {
            self.entries = entries;
        }
        Truncated(cut)
    }
}

/// `value` with its `fields` as the event schema types them, strings: numbers, booleans,
/// arrays and objects given for them become their JSON text, and `null` leaves them out (the
/// user's `id`, `name` and `email`; the account's `id` and `name`). Other properties are kept as
/// given.
pub fn normalized(value: Value, fields: &[&str]) -> Value {
    let Value::Object(entries) = value else {
        return value;
    };
    let entries = entries
        .into_iter()
        .filter_map(|(key, value)| {
            if !fields.contains(&key.as_str()) {
                return Some((key, value));
            }
            let text = match value {
                Value::Null => return None,
                Value::String(s) => s,
                v => json::to_string(&v),
            };
            Some((key, Value::String(text)))
        })
        .collect();
    Value::Object(entries)
}

/// Cuts `value` so that its JSON fits in `limit` bytes, keeping what comes first: entries past
/// the budget are dropped and the one that straddles it is cut in turn (a long string is
/// shortened and marked with `…`). Returns whether anything was cut.
pub fn truncate(value: &mut Value, limit: usize) -> bool {
    if json_len(value) <= limit {
        return false;
    }
    if fit(value, limit).is_none() {
        *value = Value::Null;
    }
    true
}

fn json_len(value: &Value) -> usize {
    json::to_string(value).len()
}

/// Shrinks `value` to at most `budget` bytes of JSON; returns the bytes used, or `None` if not
/// even an empty form of it fits.
fn fit(value: &mut Value, budget: usize) -> Option<usize> {
    let len = json_len(value);
    if len <= budget {
        return Some(len);
    }
    match value {
        Value::String(s) => {
            const MARK: &str = "…";
            let mut kept = String::new();
            let mut used = 2 + MARK.len();
            for c in s.chars() {
                let mut one = String::new();
                json::write_str(&mut one, c.encode_utf8(&mut [0; 4]));
                let c_len = one.len() - 2;
                if used + c_len > budget {
                    break;
                }
                used += c_len;
                kept.push(c);
            }
            if used > budget {
                return None;
            }
            kept.push_str(MARK);
            *s = kept;
            Some(used)
        }
        Value::Object(entries) => {
            let items = entries
                .iter_mut()
                .map(|(key, item)| (json_len(&Value::String(key.clone())) + 1, item));
            let (keep, used) = fit_leading(items, budget);
            entries.truncate(keep);
            (used <= budget).then_some(used)
        }
        Value::Array(items) => {
            let (keep, used) = fit_leading(items.iter_mut().map(|item| (0, item)), budget);
            items.truncate(keep);
            (used <= budget).then_some(used)
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => None,
    }
}

/// Keeps as many leading items of an object or array as fit, each given with the bytes of its
/// key (`"key":`, or 0 in an array); the one that straddles the budget is cut in turn. Returns
/// how many are kept and the bytes used, brackets included.
fn fit_leading<'a>(
    items: impl Iterator<Item = (usize, &'a mut Value)>,
    budget: usize,
) -> (usize, usize) {
    let mut used = 2;
    let mut keep = 0;
    for (key_len, item) in items {
        let prefix = key_len + usize::from(keep > 0);
        if used + prefix >= budget {
            break;
        }
        match fit(item, budget - used - prefix) {
            Some(n) => {
                used += prefix + n;
                keep += 1;
            }
            None => break,
        }
    }
    (keep, used)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Value {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn properties_are_set_replaced_and_removed() {
        let mut c = Context::default();
        assert_eq!(
            c.set_property("company_id", parse(r#""acme""#)),
            Truncated(false)
        );
        assert_eq!(c.set_property("customer_id", parse("42")), Truncated(false));
        assert_eq!(
            c.set_property("company_id", parse(r#""globex""#)),
            Truncated(false)
        );
        assert_eq!(
            json::to_string(&c.to_value()),
            r#"{"company_id":"globex","customer_id":42}"#
        );
        c.remove_property("company_id");
        assert_eq!(json::to_string(&c.to_value()), r#"{"customer_id":42}"#);
        assert_eq!(c.replace(parse(r#"{"plan":"pro"}"#)), Truncated(false));
        assert_eq!(json::to_string(&c.to_value()), r#"{"plan":"pro"}"#);
        c.clear();
        assert!(c.is_empty());
    }

    #[test]
    fn oversized_context_is_cut_to_the_limit_keeping_the_first_entries() {
        let mut c = Context::default();
        assert_eq!(
            c.set_property("company_id", parse(r#""acme""#)),
            Truncated(false)
        );
        let big = format!(r#""{}""#, "x".repeat(5000));
        assert_eq!(c.set_property("notes", parse(&big)), Truncated(true));
        assert_eq!(c.set_property("later", parse("1")), Truncated(true));
        let text = json::to_string(&c.to_value());
        assert!(text.len() <= CONTEXT_LIMIT_BYTES, "{}", text.len());
        assert!(
            text.len() > CONTEXT_LIMIT_BYTES - 16,
            "uses the budget: {}",
            text.len()
        );
        assert_eq!(c.get("company_id"), Some(&parse(r#""acme""#)));
        match c.get("notes") {
            Some(Value::String(s)) => assert!(s.ends_with('…')),
            other => panic!("notes should be a cut string: {other:?}"),
        }
        assert_eq!(c.get("later"), None, "nothing fits after the cut");
    }

    #[test]
    fn truncate_handles_nesting_arrays_and_multibyte_text() {
        let mut v = parse(&format!(
            r#"{{"list":[1,2,3,{{"deep":"{}"}}],"tail":true}}"#,
            "é\\n".repeat(400)
        ));
        assert!(truncate(&mut v, 200));
        let text = json::to_string(&v);
        assert!(text.len() <= 200, "{}", text.len());
        let back: Value = serde_json::from_str(&text).expect("still valid JSON");
        assert_eq!(back, v);
        let mut small = parse(r#"{"a":1}"#);
        assert!(!truncate(&mut small, 100));
        let mut hopeless = parse("123456");
        assert!(truncate(&mut hopeless, 3));
        assert_eq!(hopeless, Value::Null);
    }

    #[test]
    fn schema_string_fields_become_strings() {
        let u = normalized(
            parse(
                r#"{"id":42,"name":"Ada","email":null,"company_id":"acme","admin":true,"tags":[1]}"#,
            ),
            &["id", "name", "email", "tags"],
        );
        assert_eq!(
            json::to_string(&u),
            r#"{"id":"42","name":"Ada","company_id":"acme","admin":true,"tags":"[1]"}"#
        );
        assert_eq!(
            normalized(parse(r#""just a string""#), &["id"]),
            parse(r#""just a string""#)
        );
        let big = format!(r#"{{"id":"u1","bio":"{}"}}"#, "b".repeat(4000));
        let mut user = Context::default();
        assert_eq!(
            user.replace(normalized(parse(&big), &["id"])),
            Truncated(true)
        );
        assert!(json::to_string(&user.to_value()).len() <= CONTEXT_LIMIT_BYTES);
    }
}
