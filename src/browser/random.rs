//! Randomness from `crypto.getRandomValues`, the only source the SDK uses for ids and sampling.

use wasm_bindgen::JsValue;

pub fn bytes<const N: usize>() -> Result<[u8; N], JsValue> {
    let mut buf = [0u8; N];
    let crypto = web_sys::window()
        .ok_or_else(|| JsValue::from_str("no window"))?
        .crypto()?;
    crypto.get_random_values_with_u8_array(&mut buf)?;
    Ok(buf)
}
