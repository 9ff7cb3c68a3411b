//! Randomness from `crypto.getRandomValues`, the only source the SDK uses for ids and sampling.
//! Drawn 256 bytes at a time: a traced request needs three draws, and each call into the
//! browser costs more than the bytes.

use wasm_bindgen::JsValue;

const POOL: usize = 256;

pub fn bytes<const N: usize>() -> Result<[u8; N], JsValue> {
    let mut buf = [0u8; N];
    fill(&mut buf)?;
    Ok(buf)
}

fn fill(buf: &mut [u8]) -> Result<(), JsValue> {
    let crypto = web_sys::window()
        .ok_or_else(|| JsValue::from_str("no window"))?
        .crypto()?;
    crypto.get_random_values_with_u8_array(buf)?;
    Ok(())
}

/// A buffer of random bytes, refilled from `crypto.getRandomValues` when used up.
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

    pub fn take16(&mut self) -> Result<[u8; 16], JsValue> {
        if self.used + 16 > POOL {
            fill(&mut self.bytes)?;
            self.used = 0;
        }
        let mut out = [0u8; 16];
        out.copy_from_slice(&self.bytes[self.used..self.used + 16]);
        // Never hand out the same bytes twice.
        self.bytes[self.used..self.used + 16].fill(0);
        self.used += 16;
        Ok(out)
    }
}
