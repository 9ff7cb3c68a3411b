//! Identifiers made from random bytes the caller supplies, so the core needs no source of
//! randomness of its own (the browser layer reads `crypto.getRandomValues`).

use super::trace::hex;
use crate::prelude::*;

/// A random (version 4) UUID in its lower-case hyphenated form. Written here rather than with
/// the `uuid` crate: these lines are all of it that the SDK needs.
pub fn uuid_v4(mut random: [u8; 16]) -> String {
    random[6] = (random[6] & 0x0f) | 0x40; // version 4
    random[8] = (random[8] & 0x3f) | 0x80; // RFC 4122 variant
    let mut out = String::with_capacity(36);
    for (i, c) in hex(u128::from_be_bytes(random), 32).chars().enumerate() {
        if matches!(i, 8 | 12 | 16 | 20) {
            out.push('-');
        }
        out.push(c);
    }
    out
}

/// Whether an entity with the given random draw falls inside a `rate` percentage (0 to 100).
/// The draw is a u32 so the decision needs no floating-point randomness.
pub fn is_sampled(draw: u32, rate: f64) -> bool {
    (f64::from(draw) / (f64::from(u32::MAX) + 1.0)) * 100.0 < rate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_has_version_and_variant_bits() {
        let id = uuid_v4([0xff; 16]);
        assert_eq!(id, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        let id = uuid_v4([0; 16]);
        assert_eq!(id, "00000000-0000-4000-8000-000000000000");
        let id = uuid_v4(*b"\x01\x23\x45\x67\x89\xab\xcd\xef\x01\x23\x45\x67\x89\xab\xcd\xef");
        assert_eq!(id, "01234567-89ab-4def-8123-456789abcdef");
    }

    #[test]
    fn sampling_bounds() {
        assert!(!is_sampled(0, 0.0));
        assert!(!is_sampled(u32::MAX, 0.0));
        assert!(is_sampled(0, 100.0));
        assert!(is_sampled(u32::MAX, 100.0));
        assert!(is_sampled(u32::MAX / 2 - 1000, 50.0));
        assert!(!is_sampled(u32::MAX / 2 + 1000, 50.0));
    }
}
