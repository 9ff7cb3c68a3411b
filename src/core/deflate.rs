//! zlib-wrapped deflate (RFC 1950, 1951), done in the module and synchronously, so that what
//! leaves at page exit is compressed like the rest: `CompressionStream` answers only after the
//! page may be gone. One block of fixed Huffman codes after greedy LZ77 over a 32 KiB window:
//! for RUM's NDJSON, whose keys repeat in every event, the matches do most of the work (about
//! 11 times smaller on a session of actions and resources; zlib's level 6 is 15 times). A crate
//! was measured first: miniz_oxide's encoder is 7.9 KB gzip of wasm, this one a tenth of it.

use crate::prelude::*;

const WINDOW: usize = 1 << 15;
const MIN_MATCH: usize = 3;
const MAX_MATCH: usize = 258;
const HASH_BITS: u32 = 12;
/// How many earlier places of the same 3 bytes are tried: enough for JSON's repeated keys.
const MAX_CHAIN: usize = 32;

/// Bits written least significant first, as deflate orders them.
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    fn put(&mut self, value: u32, bits: u32) {
        self.acc |= u64::from(value) << self.n;
        self.n += bits;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    /// A Huffman code, which deflate writes most significant bit first.
    fn code(&mut self, code: u32, bits: u32) {
        self.put(code.reverse_bits() >> (32 - bits), bits);
    }

    /// A literal or length symbol (0–287) in the fixed code of RFC 1951, 3.2.6.
    fn symbol(&mut self, s: u32) {
        match s {
            0..=143 => self.code(0x30 + s, 8),
            144..=255 => self.code(0x190 + s - 144, 9),
            256..=279 => self.code(s - 256, 7),
            _ => self.code(0xc0 + s - 280, 8),
        }
    }
}

/// `(code, extra bits, their value)` of `value` in deflate's length or distance scheme, whose
/// ranges double every `per` codes after the first `2 * per`: lengths (less 3) with `per` 4,
/// distances (less 1) with `per` 2.
fn bucket(value: u32, per: u32) -> (u32, u32, u32) {
    if value < 2 * per {
        return (value, 0, 0);
    }
    let top = 31 - value.leading_zeros();
    let extra = top + 1 - per.trailing_zeros() - 1;
    let code = per * extra + per + ((value >> extra) & (per - 1));
    (code, extra, value & ((1 << extra) - 1))
}

fn hash(data: &[u8], i: usize) -> usize {
    let v = u32::from(data[i]) | u32::from(data[i + 1]) << 8 | u32::from(data[i + 2]) << 16;
    (v.wrapping_mul(0x9e37_79b1) >> (32 - HASH_BITS)) as usize
}

/// `data` compressed, in the zlib format the intake reads (`dd-evp-encoding=deflate`).
pub fn zlib(data: &[u8]) -> Vec<u8> {
    let mut bits = Bits {
        out: Vec::with_capacity(data.len() / 4 + 16),
        acc: 0,
        n: 0,
    };
    // The zlib header (32 KiB window, no dictionary), then one final block of fixed codes.
    bits.out.extend_from_slice(&[0x78, 0x01]);
    bits.put(0b011, 3);
    // The last place of each hash (position + 1; 0 is none), and how far back the place
    // before each place with its hash is (0: none): 80 KiB of tables for any body.
    let mut head = vec![0u32; 1 << HASH_BITS];
    let mut prev = vec![0u16; WINDOW];
    let mut i = 0;
    let insert = |head: &mut [u32], prev: &mut [u16], at: usize| {
        let h = hash(data, at);
        let back = (at + 1).saturating_sub(head[h] as usize);
        prev[at % WINDOW] = if head[h] == 0 || back > WINDOW {
            0
        } else {
            back as u16
        };
        head[h] = at as u32 + 1;
    };
    while i < data.len() {
        let (mut best, mut distance) = (0, 0);
        if i + MIN_MATCH <= data.len() {
            let max = (data.len() - i).min(MAX_MATCH);
            let mut at = head[hash(data, i)] as usize;
            for _ in 0..MAX_CHAIN {
                // (`at` is a position + 1 here.)
                if at == 0 || i + 1 - at > WINDOW {
                    break;
                }
                at -= 1;
                let mut len = 0;
                while len < max && data.get(at + len) == data.get(i + len) {
                    len += 1;
                }
                if len > best {
                    (best, distance) = (len, i - at);
                    if len == max {
                        break;
                    }
                }
                let back = prev[at % WINDOW] as usize;
                at = if back == 0 { 0 } else { at + 1 - back };
            }
            insert(&mut head, &mut prev, i);
        }
        if best >= MIN_MATCH {
            let (code, extra, value) = if best == MAX_MATCH {
                (28, 0, 0)
            } else {
                bucket(best as u32 - 3, 4)
            };
            bits.symbol(257 + code);
            bits.put(value, extra);
            let (code, extra, value) = bucket(distance as u32 - 1, 2);
            bits.code(code, 5);
            bits.put(value, extra);
            // (Every place inside a match goes into the tables: leaving out those of long
            // matches, as zlib's faster levels do, was measured at 4–6 % larger bodies for 30–40 %
            // less time.)
            for at in i + 1..i + best {
                if at + MIN_MATCH <= data.len() {
                    insert(&mut head, &mut prev, at);
                }
            }
            i += best;
        } else {
            bits.symbol(u32::from(data[i]));
            i += 1;
        }
    }
    bits.symbol(256);
    bits.put(0, 7);
    let (mut a, mut b) = (1u32, 0u32);
    for chunk in data.chunks(5552) {
        for &byte in chunk {
            a += u32::from(byte);
            b += a;
        }
        a %= 65521;
        b %= 65521;
    }
    let mut out = bits.out;
    out.extend_from_slice(&(b << 16 | a).to_be_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inflate(bytes: &[u8]) -> Vec<u8> {
        use std::io::Read;
        let mut out = Vec::new();
        flate2::read::ZlibDecoder::new(bytes)
            .read_to_end(&mut out)
            .expect("a valid zlib stream");
        out
    }

    #[test]
    fn lengths_and_distances_fall_in_rfc_1951_codes() {
        // (length - 3) → (code, extra bits, value): 3 → 257, 10 → 264, 11 → 265 + 1 bit…
        assert_eq!(bucket(0, 4), (0, 0, 0));
        assert_eq!(bucket(7, 4), (7, 0, 0));
        assert_eq!(bucket(8, 4), (8, 1, 0));
        assert_eq!(bucket(9, 4), (8, 1, 1));
        assert_eq!(bucket(10, 4), (9, 1, 0));
        assert_eq!(bucket(254, 4), (27, 5, 30));
        // (distance - 1): 1 → 0, 5 → 4 + 1 bit, 32768 → 29 + 13 bits.
        assert_eq!(bucket(3, 2), (3, 0, 0));
        assert_eq!(bucket(4, 2), (4, 1, 0));
        assert_eq!(bucket(6, 2), (5, 1, 0));
        assert_eq!(bucket(32767, 2), (29, 13, 8191));
    }

    #[test]
    fn what_it_compresses_inflates_back() {
        let mut cases: Vec<Vec<u8>> = vec![
            Vec::new(),
            b"a".to_vec(),
            b"ab".to_vec(),
            b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".to_vec(),
            "éèà 😀 {\"a\":1}\n".repeat(50).into_bytes(),
            vec![7u8; 100_000],
        ];
        // Bytes no match helps, and matches at every distance up to the window.
        let mut noise = Vec::new();
        let mut x = 12345u32;
        for _ in 0..200_000 {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            noise.push((x >> 16) as u8);
        }
        cases.push(noise.clone());
        let mut far = noise[..40_000].to_vec();
        far.extend_from_slice(&noise[..40_000]);
        cases.push(far);
        for case in cases {
            assert_eq!(inflate(&zlib(&case)), case, "{} bytes", case.len());
        }
    }

    #[test]
    fn rum_events_compress_about_tenfold() {
        let line = r#"{"type":"action","date":1796408402505,"application":{"id":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96"},"session":{"id":"45d16223-e35a-41e9-9a57-fc6ca7a44981","type":"user"},"view":{"id":"c9d65028-fe2f-423f-809e-6acd6afb44dc","url":"https://shop.example.com/orders/42"},"action":{"id":"ID","type":"custom","target":{"name":"export_report"}},"context":{"company_id":"acme","rows":N}}"#;
        let body: String = (0..300)
            .map(|i| {
                line.replace("ID", &crate::core::ids::uuid_v4([i as u8; 16]))
                    .replace('N', &i.to_string())
            })
            .collect::<Vec<_>>()
            .join("\n");
        let packed = zlib(body.as_bytes());
        assert_eq!(inflate(&packed), body.as_bytes());
        assert!(
            packed.len() * 8 < body.len(),
            "{} of {} bytes",
            packed.len(),
            body.len()
        );
    }
}
