//! A dynamically typed value, as read from the JS objects the app hands us.
//!
//! Options and user data arrive untyped; reading them into this first lets the core validate
//! them and name the offending option in its error, which serde's typed errors cannot do.

use crate::prelude::*;
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null` or `undefined`.
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Value>),
    /// Keys in the order the object enumerates them.
    Object(Vec<(String, Value)>),
}

impl Value {
    /// How the value reads in an error message: `"abc"`, `12`, `true`, `null`, `an array`;
    /// a long string is cut at 40 bytes.
    pub fn describe(&self) -> String {
        const MAX: usize = 40;
        match self {
            Value::Null => "null".into(),
            Value::Bool(b) => if *b { "true" } else { "false" }.into(),
            Value::Number(n) => format_number(*n),
            Value::String(s) => cat(&["\"", &cut(s.clone(), MAX), "\""]),
            Value::Array(_) => "an array".into(),
            Value::Object(_) => "an object".into(),
        }
    }

    /// The entry named `key` of an object value.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The value at a path of object keys, e.g. `["view", "url"]`.
    pub fn get_path_mut(&mut self, path: &[&str]) -> Option<&mut Value> {
        path.iter().try_fold(self, |v, key| match v {
            Value::Object(entries) => entries.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        })
    }

    /// Sets `key` of an object value (appending it when new); no effect on other values.
    pub fn set(&mut self, key: &str, value: Value) {
        if let Value::Object(entries) = self {
            match entries.iter_mut().find(|(k, _)| k == key) {
                Some((_, slot)) => *slot = value,
                None => entries.push((key.to_owned(), value)),
            }
        }
    }

    pub fn remove(&mut self, key: &str) {
        if let Value::Object(entries) = self {
            entries.retain(|(k, _)| k != key);
        }
    }
}

/// (Never NaN nor infinite: the values come from JSON, where the JS sanitizer wrote `null` for
/// those.)
fn format_number(n: f64) -> String {
    if n.abs() >= 1e15 {
        return "a very large number".into();
    }
    let mut out = String::new();
    super::json::write_number(&mut out, n);
    out
}

/// `s` cut to at most `max` bytes on a character boundary; `…` marks a cut.
pub fn cut(mut s: String, max: usize) -> String {
    if s.len() > max {
        let mut end = max;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
        s.push('…');
    }
    s
}

/// Reading JSON into a [`Value`], for the native tests (they build values from JSON text with
/// serde_json). The wasm reads JS values itself and carries no serde.
#[cfg(test)]
mod de {
    use super::Value;
    use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
    use std::fmt;

    impl<'de> Deserialize<'de> for Value {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_any(ValueVisitor)
        }
    }

    struct ValueVisitor;

    impl<'de> Visitor<'de> for ValueVisitor {
        type Value = Value;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a JSON-like value")
        }

        fn visit_unit<E>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }

        fn visit_none<E>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
            Value::deserialize(d)
        }

        fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
            Ok(Value::Bool(v))
        }

        fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
            Ok(Value::Number(v as f64))
        }

        fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
            Ok(Value::Number(v as f64))
        }

        fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
            Ok(Value::Number(v))
        }

        fn visit_str<E>(self, v: &str) -> Result<Value, E> {
            Ok(Value::String(v.to_owned()))
        }

        fn visit_string<E>(self, v: String) -> Result<Value, E> {
            Ok(Value::String(v))
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
            let mut items = Vec::new();
            while let Some(item) = seq.next_element()? {
                items.push(item);
            }
            Ok(Value::Array(items))
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
            let mut entries = Vec::new();
            while let Some(key) = map.next_key::<String>()? {
                // Name the key: a bare "invalid type" from deep inside a config object helps no one.
                let value = map.next_value::<Value>().map_err(|_| {
                    de::Error::custom(format_args!(
                        "{key} must be a string, number, boolean, array or plain object \
                         (functions, symbols and class instances cannot be read)"
                    ))
                })?;
                entries.push((key, value));
            }
            Ok(Value::Object(entries))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Value {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn reads_every_json_shape() {
        let v = parse(r#"{"a":1,"b":"x","c":[true,null],"d":{"e":2.5}}"#);
        assert_eq!(v.get("a"), Some(&Value::Number(1.0)));
        assert_eq!(v.get("b"), Some(&Value::String("x".into())));
        assert_eq!(
            v.get("c"),
            Some(&Value::Array(vec![Value::Bool(true), Value::Null]))
        );
        assert_eq!(
            v.get("d").and_then(|d| d.get("e")),
            Some(&Value::Number(2.5))
        );
        assert_eq!(v.get("missing"), None);
    }

    #[test]
    fn paths_set_and_remove() {
        let mut v = parse(r#"{"view":{"url":"a"},"n":1}"#);
        *v.get_path_mut(&["view", "url"]).unwrap() = Value::String("b".into());
        assert_eq!(
            v.get("view").and_then(|w| w.get("url")),
            Some(&Value::String("b".into()))
        );
        assert!(v.get_path_mut(&["view", "missing"]).is_none());
        assert!(v.get_path_mut(&["n", "deeper"]).is_none());
        v.set("n", Value::Bool(true));
        v.set("m", Value::Null);
        assert_eq!(v.get("n"), Some(&Value::Bool(true)));
        v.remove("m");
        assert_eq!(v.get("m"), None);
    }

    #[test]
    fn describes_values_for_error_messages() {
        assert_eq!(parse(r#""abc""#).describe(), "\"abc\"");
        assert_eq!(parse("12").describe(), "12");
        assert_eq!(parse("-0.5").describe(), "-0.5");
        assert_eq!(parse("101.25").describe(), "101.25");
        assert_eq!(parse("0.000001").describe(), "0.000001");
        assert_eq!(parse("1e300").describe(), "a very large number");
        assert_eq!(parse("true").describe(), "true");
        assert_eq!(parse("null").describe(), "null");
        assert_eq!(parse("[1]").describe(), "an array");
        assert_eq!(parse("{}").describe(), "an object");
        let long = Value::String("x".repeat(100));
        assert_eq!(long.describe(), format!("\"{}…\"", "x".repeat(40)));
    }
}
