//! Browser-layer tests of `init` and `getSessionId`, run by wasm-bindgen-test in headless Chromium.
//! The SDK is a page-wide singleton, so the whole life cycle is one test in order.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use wasm_rum::browser::init::{init, start};
use wasm_rum::browser::public::get_session_id;

wasm_bindgen_test_configure!(run_in_browser);

fn config(json: &str) -> JsValue {
    js_sys::JSON::parse(json).expect("test config is JSON")
}

/// A store in memory, as `js/src/store.js` makes when the page has no storage.
fn memory_store() -> js_sys::Function {
    js_sys::Function::new_no_args(
        "let m; return (v) => (v === undefined ? m : void (m = v ?? undefined));",
    )
    .call0(&JsValue::UNDEFINED)
    .expect("the store maker runs")
    .dyn_into()
    .expect("a function")
}

fn init_with(options: JsValue) -> Result<Option<u32>, wasm_bindgen::JsError> {
    let random =
        js_sys::Function::new_no_args("return crypto.getRandomValues(new Uint8Array(256))");
    init(
        options,
        memory_store(),
        memory_store(),
        random,
        js_sys::Array::new(),
    )
}

fn init_error(options: JsValue) -> String {
    let err = init_with(options).expect_err("init should refuse this config");
    let err: JsValue = err.into();
    err.dyn_into::<js_sys::Error>()
        .expect("init throws a real Error")
        .message()
        .into()
}

fn is_uuid_v4(id: &str) -> bool {
    let b = id.as_bytes();
    id.len() == 36
        && [8, 13, 18, 23].iter().all(|&i| b[i] == b'-')
        && b[14] == b'4'
        && matches!(b[19], b'8' | b'9' | b'a' | b'b')
        && id
            .chars()
            .all(|c| c == '-' || c.is_ascii_digit() || ('a'..='f').contains(&c))
}

#[wasm_bindgen_test]
fn init_life_cycle() {
    // Bad configs are refused with the option named, and leave nothing started.
    assert_eq!(
        init_error(config(
            r#"{"applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","clientToken":"t","sessionSampleRate":"abc"}"#
        )),
        r#"wasm-rum: sessionSampleRate must be a number from 0 to 100, got "abc""#
    );
    assert_eq!(
        init_error(config(r#"{"clientToken":"t"}"#)),
        "wasm-rum: applicationId is required (the application's UUID)"
    );
    assert_eq!(
        init_error(config(
            r#"{"applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","clientToken":"t","sit":"x"}"#
        )),
        r#"wasm-rum: unknown option "sit" (did you mean "site"?)"#
    );
    assert_eq!(
        init_error(JsValue::UNDEFINED),
        "wasm-rum: init expects a configuration object, got undefined"
    );
    let with_function =
        config(r#"{"applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","clientToken":"t"}"#);
    js_sys::Reflect::set(
        &with_function,
        &"service".into(),
        &js_sys::Function::new_no_args("return 1"),
    )
    .unwrap();
    assert_eq!(
        init_error(with_function),
        "wasm-rum: service must be a string, number, boolean, array or plain object \
         (functions, symbols and class instances cannot be read)"
    );
    assert_eq!(get_session_id(), None, "a refused init starts nothing");

    // `undefined` options count as absent, as in JS object spreads.
    let good =
        config(r#"{"applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","clientToken":"pub"}"#);
    js_sys::Reflect::set(&good, &"env".into(), &JsValue::UNDEFINED).unwrap();
    init_with(good).expect("a valid config starts the SDK");
    start("http://127.0.0.1/page", "", 0.0);
    let id = get_session_id().expect("a tracked session has an id");
    assert!(is_uuid_v4(&id), "{id}");

    // A second init warns and keeps the first: same session, even with a config that would
    // track nothing.
    init_with(config(
        r#"{"applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","clientToken":"pub","sessionSampleRate":0}"#,
    ))
    .expect("a second init is not an error");
    assert_eq!(get_session_id(), Some(id));
}
