//! What the browser tests share: a page-side host for the module's imports (the part of
//! `js/src/module.js` the tests need, in memory: stores, randomness, the app's matchers and
//! `beforeSend`, recorded warnings), and the inbox and outbox as the engine's JS uses them.
#![allow(dead_code)] // each test crate uses its part

use wasm_bindgen::JsValue;
use wasm_rum::browser::host::{inbox, outbox};

/// Installs `globalThis.rumHost` over this module's memory; returns it, for the test to set the
/// matchers and `beforeSend` and read what was stored and warned.
pub fn install_host() -> JsValue {
    let make = js_sys::eval(
        r#"(memory) => {
            const decoder = new TextDecoder();
            const encoder = new TextEncoder();
            const bytes = (p, l) => new Uint8Array(memory.buffer, p, l);
            const text = (p, l) => decoder.decode(bytes(p, l));
            let pending;
            const prepare = (s) => (typeof s === 'string' ? (pending = encoder.encode(s)).length : -1);
            const host = {
                stores: [undefined, undefined], matchers: [], asked: [], warnings: [], events: [],
                beforeSend: undefined,
                now: () => Date.now(),
                warn: (p, l) => { host.warnings.push(text(p, l)); },
                store(which, p, l) {
                    if (l === -2) return prepare(host.stores[which]);
                    host.stores[which] = l < 0 ? undefined : text(p, l);
                    return -1;
                },
                take: (p) => bytes(p, pending.length).set(pending),
                random: (p, l) => (crypto.getRandomValues(bytes(p, l)), 1),
                matches(i, p, l) {
                    host.asked.push(i);
                    return host.matchers[i](text(p, l)) ? 1 : 0;
                },
                before_send(p, l) {
                    const event = JSON.parse(text(p, l));
                    host.events.push(event.type);
                    if (host.beforeSend(event) === false) return -1;
                    const context = event.context;
                    delete event.context;
                    return prepare(JSON.stringify([context ?? null, event]));
                },
            };
            globalThis.rumHost = host;
            return host;
        }"#,
    )
    .expect("the host maker runs");
    let make: js_sys::Function = make.into();
    make.call1(&JsValue::UNDEFINED, &wasm_bindgen::memory())
        .expect("the host installs")
}

/// Writes `strings` into the inbox as the engine's JS does; their byte lengths (-1 for none).
pub fn put(numbers: &[f64], strings: &[Option<&str>]) -> Vec<i32> {
    let size = numbers.len() * 8 + strings.iter().flatten().map(|s| s.len()).sum::<usize>();
    let at = inbox(size);
    let mut bytes: Vec<u8> = numbers.iter().flat_map(|n| n.to_le_bytes()).collect();
    let mut lens = Vec::new();
    for s in strings {
        lens.push(s.map_or(-1, |s| s.len() as i32));
        bytes.extend_from_slice(s.unwrap_or_default().as_bytes());
    }
    // SAFETY: `inbox` made room for `size` bytes at `at`, and `bytes` holds exactly that many.
    unsafe { core::ptr::copy_nonoverlapping(bytes.as_ptr(), at, size) };
    lens
}

/// The outbox's parts, as text.
pub fn parts() -> Vec<String> {
    let at = outbox();
    let word = |p: *const u8| {
        let mut b = [0u8; 4];
        // SAFETY: the outbox holds the count and each part's length as 4 bytes, then the part.
        unsafe { core::ptr::copy_nonoverlapping(p, b.as_mut_ptr(), 4) };
        u32::from_le_bytes(b) as usize
    };
    let mut p = at;
    let count = word(p);
    let mut out = Vec::new();
    for _ in 0..count {
        let len = word(unsafe { p.add(4) });
        // SAFETY: as above.
        let part = unsafe { core::slice::from_raw_parts(p.add(8), len) };
        out.push(String::from_utf8_lossy(part).into_owned());
        p = unsafe { p.add(4 + len) };
    }
    out
}

/// `init` with the options `json` (which must be accepted), then the session and the first view
/// at `https://app.example/`.
pub fn start_with(json: &str) {
    let lens = put(&[], &[Some(json)]);
    assert!(
        wasm_rum::browser::init::init(lens[0]) >= 0,
        "init refused {json}"
    );
    let lens = put(&[], &[Some("https://app.example/"), Some("")]);
    wasm_rum::browser::init::start(lens[0], lens[1], 0.0);
}

/// Reads `key` of a JS object.
pub fn get(object: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(object, &key.into()).expect("readable")
}

pub fn set(object: &JsValue, key: &str, value: &JsValue) {
    js_sys::Reflect::set(object, &key.into(), value).expect("writable");
}
