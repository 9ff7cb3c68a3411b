//! Randomness from `crypto.getRandomValues`, the only source the SDK uses for ids and sampling,
//! drawn by the engine's JS 256 bytes at a time (a traced request needs three draws, and each
//! call out of the module costs more than the bytes). The module binds neither `window` nor
//! `crypto` itself: that glue costs more than the one function the engine hands over.

use js_sys::{Function, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

const POOL: usize = 256;

/// A buffer of random bytes, refilled when used up from `source`: `() => Uint8Array(256)`.
pub struct Pool {
    source: Function,
    bytes: [u8; POOL],
    used: usize,
}

impl Pool {
    pub fn new(source: Function) -> Pool {
        Pool {
            source,
            bytes: [0; POOL],
            used: POOL,
        }
    }

    fn fill(&mut self) -> Option<()> {
        let fresh: Uint8Array = self
            .source
            .call0(&JsValue::UNDEFINED)
            .ok()?
            .dyn_into()
            .ok()?;
        if fresh.length() as usize != POOL {
            return None;
        }
        fresh.copy_to(&mut self.bytes);
        Some(())
    }

    /// 16 bytes never handed out before; `None` when the browser gives none.
    pub fn take16(&mut self) -> Option<[u8; 16]> {
        if self.used + 16 > POOL {
            self.fill()?;
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
