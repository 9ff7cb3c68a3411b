//! Randomness from `crypto.getRandomValues`, the only source the SDK uses for ids and sampling,
//! drawn 256 bytes at a time (a traced request needs three draws, and each call out of the
//! module costs more than the bytes).

const POOL: usize = 256;

/// A buffer of random bytes, refilled from the browser when used up.
pub struct Pool {
    bytes: [u8; POOL],
    used: usize,
}

impl Pool {
    pub fn new() -> Pool {
        Pool {
            bytes: [0; POOL],
            used: POOL,
        }
    }

    /// 16 bytes never handed out before; `None` when the browser gives none.
    pub fn take16(&mut self) -> Option<[u8; 16]> {
        if self.used + 16 > POOL {
            if !super::host::fill_random(&mut self.bytes) {
                return None;
            }
            self.used = 0;
        }
        let mut out = [0u8; 16];
        for (o, b) in out.iter_mut().zip(self.bytes.iter_mut().skip(self.used)) {
            // Never hand out the same bytes twice.
            *o = core::mem::take(b);
        }
        self.used += 16;
        Some(out)
    }
}
