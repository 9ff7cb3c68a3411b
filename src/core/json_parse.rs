//! A small JSON reader into [`Value`]: what the app hands over (options, context, user data,
//! `beforeSend`'s edits) crosses from the engine's JS as JSON text, written by `JSON.stringify`
//! after the JS sanitizer (`js/src/sanitize.js`). Hand-written: serde_json and std's float
//! parser (dec2flt) would cost the wasm kilobytes.

use super::value::Value;
use crate::prelude::*;

/// The value of `text`, or `None` when it is not JSON (or nests deeper than the sanitizer
/// lets anything nest).
pub fn parse(text: &str) -> Option<Value> {
    let mut r = Reader {
        s: text.as_bytes(),
        i: 0,
    };
    let v = r.value(0)?;
    r.space();
    (r.i == r.s.len()).then_some(v)
}

/// Far deeper than the sanitizer's 8 levels; bounds the recursion on anything else.
const MAX_DEPTH: usize = 64;

struct Reader<'a> {
    s: &'a [u8],
    i: usize,
}

impl Reader<'_> {
    fn peek(&self) -> u8 {
        self.s.get(self.i).copied().unwrap_or(0)
    }

    fn space(&mut self) {
        while matches!(self.peek(), b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        self.space();
        let hit = self.peek() == b;
        self.i += usize::from(hit);
        hit
    }

    fn word(&mut self, w: &[u8], v: Value) -> Option<Value> {
        let end = self.i + w.len();
        (self.s.get(self.i..end)? == w).then(|| {
            self.i = end;
            v
        })
    }

    fn value(&mut self, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.space();
        match self.peek() {
            b'n' => self.word(b"null", Value::Null),
            b't' => self.word(b"true", Value::Bool(true)),
            b'f' => self.word(b"false", Value::Bool(false)),
            b'"' => self.string().map(Value::String),
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                if !self.eat(b']') {
                    loop {
                        items.push(self.value(depth + 1)?);
                        if self.eat(b']') {
                            break;
                        }
                        self.eat(b',').then_some(())?;
                    }
                }
                Some(Value::Array(items))
            }
            b'{' => {
                self.i += 1;
                let mut entries = Vec::new();
                if !self.eat(b'}') {
                    loop {
                        self.space();
                        let key = self.string()?;
                        self.eat(b':').then_some(())?;
                        entries.push((key, self.value(depth + 1)?));
                        if self.eat(b'}') {
                            break;
                        }
                        self.eat(b',').then_some(())?;
                    }
                }
                Some(Value::Object(entries))
            }
            _ => self.number().map(Value::Number),
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.s.get(self.i..self.i + 4)?;
        self.i += 4;
        digits
            .iter()
            .try_fold(0u32, |n, &b| Some(n * 16 + (b as char).to_digit(16)?))
    }

    fn string(&mut self) -> Option<String> {
        if self.peek() != b'"' {
            return None;
        }
        self.i += 1;
        let mut out: Vec<u8> = Vec::new();
        loop {
            let b = self.peek();
            self.i += 1;
            match b {
                b'"' => break,
                b'\\' => {
                    let e = self.peek();
                    self.i += 1;
                    let c = match e {
                        b'n' => '\n',
                        b't' => '\t',
                        b'r' => '\r',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        // `JSON.stringify` escapes only control characters and lone
                        // surrogates (a pair goes as its character): the latter, which Rust
                        // strings cannot hold, become U+FFFD.
                        b'u' => char::from_u32(self.hex4()?).unwrap_or('\u{fffd}'),
                        b'"' | b'\\' | b'/' => e as char,
                        _ => return None,
                    };
                    let mut buf = [0; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                // The end of the text, or a raw control character: not JSON.
                0..=0x1f => return None,
                _ => out.push(b),
            }
        }
        // SAFETY: `out` holds whole UTF-8 sequences only: runs of the input `str` copied up to an
        // ASCII quote or backslash (never inside a sequence), and `encode_utf8`'s output.
        // (`String::from_utf8` would check again, and costs the wasm 0.4 KB.)
        Some(unsafe { String::from_utf8_unchecked(out) })
    }

    /// A JSON number. Exact (correctly rounded) when its digits fit 2^53 and its exponent is
    /// within 10^±22, which covers what `JSON.stringify` writes for every figure the SDK keeps;
    /// otherwise within a few units in the last place.
    fn number(&mut self) -> Option<f64> {
        let negative = self.peek() == b'-';
        self.i += usize::from(negative);
        let mut mantissa: u64 = 0;
        let mut exp: i32 = 0;
        let mut digits = 0;
        let mut fraction = false;
        loop {
            match self.peek() {
                b @ b'0'..=b'9' => {
                    digits += 1;
                    if mantissa < 1_000_000_000_000_000_000 {
                        mantissa = mantissa * 10 + u64::from(b - b'0');
                        exp -= i32::from(fraction);
                    } else {
                        exp += i32::from(!fraction);
                    }
                }
                b'.' if !fraction => fraction = true,
                _ => break,
            }
            self.i += 1;
        }
        if digits == 0 {
            return None;
        }
        if matches!(self.peek(), b'e' | b'E') {
            self.i += 1;
            let sign = match self.peek() {
                b'-' => -1,
                b'+' => 1,
                _ => 0,
            };
            self.i += usize::from(sign != 0);
            let mut e: i32 = 0;
            let start = self.i;
            while let b @ b'0'..=b'9' = self.peek() {
                e = (e * 10 + i32::from(b - b'0')).min(10_000);
                self.i += 1;
            }
            if self.i == start {
                return None;
            }
            exp += if sign < 0 { -e } else { e };
        }
        let mut n = mantissa as f64;
        // Powers of ten up to 10^22 are exact doubles: one rounding when the mantissa is exact,
        // one more per further factor of 10^22 otherwise.
        let mut left = exp.unsigned_abs().min(800);
        while left > 0 {
            let step = left.min(22);
            let mut scale = 1.0;
            for _ in 0..step {
                scale *= 10.0;
            }
            if exp < 0 {
                n /= scale;
            } else {
                n *= scale;
            }
            left -= step;
        }
        Some(if negative { -n } else { n })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same_as_serde(text: &str) {
        let ours = parse(text).unwrap_or_else(|| panic!("parses {text}"));
        let theirs: Value = serde_json::from_str(text).unwrap();
        assert_eq!(ours, theirs, "{text}");
    }

    #[test]
    fn reads_what_json_stringify_writes() {
        same_as_serde(r#"{"a":[1,2.5,-3,null,true,false],"b":{"c":"d"},"e":[],"f":{}}"#);
        same_as_serde(r#" { "x" : [ 1 , { } ] } "#);
        same_as_serde(r#""a\"b\\c\/d\n\t\r\b\f\u0001\u00e9 é😀""#);
        same_as_serde("[0.1,0.2,0.3,1e21,1e-7,123456789012345,9007199254740993,-0.000001]");
    }

    #[test]
    fn numbers_within_the_exact_range_are_exact() {
        for (text, n) in [
            ("0.1", 0.1),
            ("12.5", 12.5),
            ("100", 100.0),
            ("1700000000123.456", 1_700_000_000_123.456),
            ("-42.42", -42.42),
            ("2.71", 2.71),
            ("1e22", 1e22),
            ("1E-5", 1e-5),
            ("0", 0.0),
        ] {
            assert_eq!(parse(text), Some(Value::Number(n)), "{text}");
        }
        // Beyond the exact range, close: within a relative 1e-15.
        for (text, n) in [
            ("1.7976931348623157e308", f64::MAX),
            ("1e-310", 1e-310),
            ("1.5e300", 1.5e300),
            ("2.2250738585072014e-308", 2.2250738585072014e-308),
        ] {
            let Some(Value::Number(got)) = parse(text) else {
                panic!("{text}");
            };
            assert!(((got - n) / n).abs() < 1e-15, "{text}: {got}");
        }
        assert_eq!(parse("1e999"), Some(Value::Number(f64::INFINITY)));
    }

    #[test]
    fn lone_surrogates_become_replacement_characters() {
        assert_eq!(
            parse(r#""a\ud800b\udc00""#),
            Some(Value::String("a\u{fffd}b\u{fffd}".into()))
        );
        assert_eq!(
            parse(r#""\ud800\u0041""#),
            Some(Value::String("\u{fffd}A".into()))
        );
        // A pair escaped (which `JSON.stringify` never writes) is two halves, each U+FFFD.
        assert_eq!(
            parse(r#""\ud83d\ude00""#),
            Some(Value::String("\u{fffd}\u{fffd}".into()))
        );
    }

    #[test]
    fn what_is_not_json_is_refused() {
        for text in [
            "",
            "{",
            "[1,]",
            "{\"a\"}",
            "{\"a\":1,}",
            "nul",
            "tru",
            "\"abc",
            "\"\\x\"",
            "1 2",
            "-",
            "1e",
            "\"a\nb\"",
            "{a:1}",
            "[1 2]",
            ".",
            "\"\\u12\"",
        ] {
            assert_eq!(parse(text), None, "{text:?}");
        }
        let deep = "[".repeat(100) + &"]".repeat(100);
        assert_eq!(parse(&deep), None);
    }
}
