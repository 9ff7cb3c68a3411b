//! A small JSON writer for [`Value`]. Hand-written rather than serde_json: the wasm ships to
//! every page view, and this is all the SDK needs (no float `Display`, no reflection).

use super::float::{round, trunc};
use super::value::Value;
use crate::prelude::*;

/// The JSON text of `value`.
pub fn to_string(value: &Value) -> String {
    let mut out = String::with_capacity(256);
    write(&mut out, value);
    out
}

pub fn write(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(n) => write_number(out, *n),
        Value::String(s) => write_str(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(out, item);
            }
            out.push(']');
        }
        Value::Object(entries) => {
            out.push('{');
            for (i, (key, item)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_str(out, key);
                out.push(':');
                write(out, item);
            }
            out.push('}');
        }
    }
}

/// A JSON object written as it is built, member by member, with no tree of values in between
/// (events are made this way: the wasm then carries one small writer instead of a `Value` per
/// field and its drop). A member's comma comes from the text before it: none after `{`.
pub struct Obj(pub String);

impl Obj {
    pub fn begin() -> Obj {
        Obj("{".into())
    }

    /// The text, the object closed.
    pub fn end(mut self) -> String {
        self.0.push('}');
        self.0
    }

    pub fn key(&mut self, key: &str) -> &mut Obj {
        if !self.0.ends_with('{') {
            self.0.push(',');
        }
        write_str(&mut self.0, key);
        self.0.push(':');
        self
    }

    /// Opens the object member `key`; [`Obj::close`] ends it.
    pub fn open(&mut self, key: &str) -> &mut Obj {
        self.key(key).0.push('{');
        self
    }

    pub fn close(&mut self) -> &mut Obj {
        self.0.push('}');
        self
    }

    pub fn str(&mut self, key: &str, value: &str) -> &mut Obj {
        write_str(&mut self.key(key).0, value);
        self
    }

    /// `key` when there is a value; nothing otherwise.
    pub fn opt(&mut self, key: &str, value: Option<&str>) -> &mut Obj {
        if let Some(value) = value {
            self.str(key, value);
        }
        self
    }

    pub fn num(&mut self, key: &str, value: f64) -> &mut Obj {
        write_number(&mut self.key(key).0, value);
        self
    }

    pub fn value(&mut self, key: &str, value: &Value) -> &mut Obj {
        write(&mut self.key(key).0, value);
        self
    }

    /// A member whose value is JSON text already.
    pub fn raw(&mut self, key: &str, json: &str) -> &mut Obj {
        self.key(key).0.push_str(json);
        self
    }
}

pub fn write_str(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let mut plain_from = 0;
    for (i, b) in s.bytes().enumerate() {
        let escaped: Option<&str> = match b {
            b'"' => Some("\\\""),
            b'\\' => Some("\\\\"),
            b'\n' => Some("\\n"),
            b'\r' => Some("\\r"),
            b'\t' => Some("\\t"),
            0..=0x1f => Some(""),
            _ => None,
        };
        if let Some(esc) = escaped {
            out.push_str(s.get(plain_from..i).unwrap_or_default());
            if esc.is_empty() {
                out.push_str("\\u00");
                out.push(HEX[usize::from(b >> 4)] as char);
                out.push(HEX[usize::from(b & 0xf)] as char);
            } else {
                out.push_str(esc);
            }
            plain_from = i + 1;
        }
    }
    // (`get`, never a panicking slice: the indexes are at ASCII bytes, so always boundaries,
    // and the slice-error path would cost the wasm 1.4 KB.)
    out.push_str(s.get(plain_from..).unwrap_or_default());
    out.push('"');
}

/// Integers exactly; other numbers with up to six decimals, which covers every figure an event
/// carries (durations are integer nanoseconds, scores like CLS are small decimals).
/// JSON has no NaN or infinity: those become `null`.
pub fn write_number(out: &mut String, n: f64) {
    if !n.is_finite() {
        out.push_str("null");
        return;
    }
    if n < 0.0 {
        out.push('-');
    }
    let abs = n.abs();
    // Beyond 2^53 integers are not exact anyway; keep the digits we have.
    if abs >= 9.007_199_254_740_992e15 {
        write_u64(out, abs as u64);
        return;
    }
    let mut whole = trunc(abs) as u64;
    let mut fraction = round((abs - trunc(abs)) * 1e6) as u64;
    if fraction == 1_000_000 {
        whole += 1;
        fraction = 0;
    }
    write_u64(out, whole);
    if fraction > 0 {
        let mut digits = [b'0'; 6];
        for d in digits.iter_mut().rev() {
            *d = b'0' + (fraction % 10) as u8;
            fraction /= 10;
        }
        let mut len = 6;
        while digits[len - 1] == b'0' {
            len -= 1;
        }
        out.push('.');
        for &d in &digits[..len] {
            out.push(d as char);
        }
    }
}

/// `n` in decimal, for messages and headers (no `format!`: core::fmt stays out of the wasm).
pub fn u64_string(n: u64) -> String {
    let mut s = String::new();
    write_u64(&mut s, n);
    s
}

pub fn write_u64(out: &mut String, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &buf[i..] {
        out.push(d as char);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(n: f64) -> String {
        let mut s = String::new();
        write_number(&mut s, n);
        s
    }

    #[test]
    fn numbers() {
        assert_eq!(num(0.0), "0");
        assert_eq!(num(42.0), "42");
        assert_eq!(num(-3.0), "-3");
        assert_eq!(num(12.5), "12.5");
        assert_eq!(num(0.1234567), "0.123457");
        assert_eq!(num(0.9999999), "1");
        assert_eq!(num(1_700_000_000_123.0), "1700000000123");
        assert_eq!(num(f64::NAN), "null");
        assert_eq!(num(f64::INFINITY), "null");
        assert_eq!(num(u64::MAX as f64), "18446744073709551615");
    }

    #[test]
    fn strings_are_escaped() {
        let v = Value::String("a\"b\\c\nd\u{1}é😀".into());
        assert_eq!(to_string(&v), r#""a\"b\\c\nd\u0001é😀""#);
    }

    #[test]
    fn objects_are_written_member_by_member() {
        let mut o = Obj::begin();
        o.str("a", "x\"")
            .num("b", 1.5)
            .opt("none", None)
            .open("c")
            .close();
        o.open("d")
            .opt("e", Some("f"))
            .value("g", &Value::Bool(true))
            .close();
        o.raw("h", "[1]");
        assert_eq!(
            o.end(),
            r#"{"a":"x\"","b":1.5,"c":{},"d":{"e":"f","g":true},"h":[1]}"#
        );
        assert_eq!(Obj::begin().end(), "{}");
    }

    #[test]
    fn round_trips_through_a_real_parser() {
        let v = Value::Object(vec![
            (
                "a".into(),
                Value::Array(vec![Value::Null, Value::Bool(true)]),
            ),
            ("b".into(), Value::Number(1.5)),
            ("c\t".into(), Value::String("x\u{7f}\u{1f}".into())),
            ("d".into(), Value::Object(vec![])),
        ]);
        let text = to_string(&v);
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, v);
    }
}
