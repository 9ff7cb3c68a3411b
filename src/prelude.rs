//! What std's prelude gives, from `alloc`, for the `no_std` wasm build.

pub use alloc::borrow::ToOwned;
pub use alloc::boxed::Box;
pub use alloc::string::String;
pub use alloc::vec;
pub use alloc::vec::Vec;

/// The strings one after another. Not `[..].concat()`: std's generic join costs the wasm 1 KB.
pub fn cat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        out.push_str(p);
    }
    out
}

/// What follows the last `.` of `s` and what precedes it. Not `rsplit_once('.')`: its
/// searcher costs the wasm 0.6 KB.
pub fn split_last_dot(s: &str) -> Option<(&str, &str)> {
    let i = s.bytes().rposition(|b| b == b'.')?;
    Some((s.get(..i)?, s.get(i + 1..)?))
}

/// A decimal `u64` of digits only (what the SDK itself wrote). Not `str::parse`, whose generic
/// code and error type cost the wasm more than this.
pub fn parse_u64(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 19 {
        return None;
    }
    s.bytes().try_fold(0u64, |n, b| {
        b.is_ascii_digit().then(|| n * 10 + u64::from(b - b'0'))
    })
}

// Byte-level cuts at ASCII separators. std's char patterns bring their searchers (and memchr)
// into the wasm, about 1 KB for what these few lines do.

/// Whether `s` holds the byte `b`.
pub fn has(s: &str, b: u8) -> bool {
    s.bytes().any(|c| c == b)
}

/// Before and after the first `sep`.
pub fn cut(s: &str, sep: u8) -> Option<(&str, &str)> {
    let i = s.bytes().position(|b| b == sep)?;
    Some((s.get(..i)?, s.get(i + 1..)?))
}

/// Whether `b` is one of `set` (`[u8]::contains` brings a 0.4 KB search into the wasm).
#[allow(clippy::manual_contains)]
pub fn one_of(set: &[u8], b: u8) -> bool {
    set.iter().any(|s| *s == b)
}

/// What precedes the first of `seps` (all of `s` without one).
pub fn until_any<'a>(s: &'a str, seps: &[u8]) -> &'a str {
    let i = s.bytes().position(|b| one_of(seps, b)).unwrap_or(s.len());
    s.get(..i).unwrap_or(s)
}

/// `s` cut at each `sep`, like `split`.
pub fn pieces(s: &str, sep: u8) -> Pieces<'_> {
    Pieces { rest: Some(s), sep }
}

pub struct Pieces<'a> {
    rest: Option<&'a str>,
    sep: u8,
}

impl<'a> Iterator for Pieces<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let s = self.rest?;
        match cut(s, self.sep) {
            Some((head, tail)) => {
                self.rest = Some(tail);
                Some(head)
            }
            None => {
                self.rest = None;
                Some(s)
            }
        }
    }
}

/// The strings with `sep` between them.
pub fn join(parts: &[&str], sep: &str) -> String {
    let mut out = String::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(p);
    }
    out
}

/// `bytes` as a string when they are UTF-8, as the JS's `TextEncoder` writes them (the browser
/// layer reads them). Checked here rather than by `String::from_utf8`, whose fast paths cost the
/// wasm 0.3 KB gzip more.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub fn utf8(bytes: Vec<u8>) -> Option<String> {
    let mut i = 0;
    while let Some(&lead) = bytes.get(i) {
        // The sequence's length, and the range its second byte must be in (which rules out
        // overlong forms, surrogates and code points past U+10FFFF).
        let (len, low, high) = match lead {
            0..=0x7f => (1, 0, 0),
            0xc2..=0xdf => (2, 0x80, 0xbf),
            0xe0 => (3, 0xa0, 0xbf),
            0xed => (3, 0x80, 0x9f),
            0xe1..=0xef => (3, 0x80, 0xbf),
            0xf0 => (4, 0x90, 0xbf),
            0xf1..=0xf3 => (4, 0x80, 0xbf),
            0xf4 => (4, 0x80, 0x8f),
            _ => return None,
        };
        for k in 1..len {
            let b = *bytes.get(i + k)?;
            let (lo, hi) = if k == 1 { (low, high) } else { (0x80, 0xbf) };
            if b < lo || b > hi {
                return None;
            }
        }
        i += len;
    }
    // SAFETY: every sequence was checked above.
    Some(unsafe { String::from_utf8_unchecked(bytes) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_checked_as_std_checks_it() {
        let mut cases: Vec<Vec<u8>> = vec![
            b"plain".to_vec(),
            "é€😀 mixed".as_bytes().to_vec(),
            vec![],
            vec![0xc0, 0x80],             // overlong
            vec![0xe0, 0x80, 0x80],       // overlong
            vec![0xed, 0xa0, 0x80],       // a surrogate
            vec![0xf4, 0x90, 0x80, 0x80], // past U+10FFFF
            vec![0xf5, 0x80, 0x80, 0x80],
            vec![0xe2, 0x82], // cut short
            vec![0x80],
            vec![b'a', 0xff],
        ];
        // Every one- and two-byte sequence, and each three-byte lead with edge continuations.
        for a in 0..=255u8 {
            cases.push(vec![a]);
            for b in 0..=255u8 {
                cases.push(vec![a, b]);
            }
            for (b, c) in [
                (0x80, 0x80),
                (0x9f, 0xbf),
                (0xa0, 0x80),
                (0xbf, 0xbf),
                (0x90, 0x8f),
            ] {
                cases.push(vec![a, b, c]);
                cases.push(vec![a, b, c, 0x80]);
            }
        }
        for bytes in cases {
            let std = String::from_utf8(bytes.clone()).ok();
            assert_eq!(utf8(bytes.clone()), std, "{bytes:x?}");
        }
    }
}
