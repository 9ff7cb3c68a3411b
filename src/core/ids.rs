//! Identifiers made from random bytes the caller supplies, so the core needs no source of
//! randomness of its own (the browser layer reads `crypto.getRandomValues`).

use uuid::Builder;

/// A random (version 4) UUID in its lower-case hyphenated form.
pub fn uuid_v4(random: [u8; 16]) -> String {
    let mut buf = [0u8; uuid::fmt::Hyphenated::LENGTH];
    Builder::from_random_bytes(random)
        .into_uuid()
        .hyphenated()
        .encode_lower(&mut buf)
        .to_owned()
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
