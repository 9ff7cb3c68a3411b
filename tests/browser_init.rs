//! Browser-layer tests of `init`, `rumStart` and the session id across the module's boundary
//! (inbox, outbox, the host's stores), run by wasm-bindgen-test in headless Chromium. The SDK
//! is a page-wide singleton, so the whole life cycle is one test in order.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{get, install_host, parts, put};
use wasm_bindgen_test::*;
use wasm_rum::browser::abi;
use wasm_rum::browser::init::{init, start};
use wasm_rum::browser::public::get_session_id;

wasm_bindgen_test_configure!(run_in_browser);

/// `init` with `options` as the engine's JS passes them (JSON; `None` for `undefined`).
fn init_with(options: Option<&str>) -> i32 {
    init(put(&[], &[options])[0])
}

fn init_error(options: Option<&str>) -> String {
    assert_eq!(init_with(options), -2, "init should refuse {options:?}");
    parts().pop().expect("the message")
}

fn session_id() -> Option<String> {
    get_session_id();
    parts().pop()
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
    let host = install_host();
    // Bad configs are refused with the option named, and leave nothing started.
    assert_eq!(
        init_error(Some(
            r#"{"applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","clientToken":"t","sessionSampleRate":"abc"}"#
        )),
        r#"wasm-rum: sessionSampleRate must be a number from 0 to 100, got "abc""#
    );
    assert_eq!(
        init_error(Some(r#"{"clientToken":"t"}"#)),
        "wasm-rum: applicationId is required (the application's UUID)"
    );
    assert_eq!(
        init_error(Some(
            r#"{"applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","clientToken":"t","sit":"x"}"#
        )),
        r#"wasm-rum: unknown option "sit" (did you mean "site"?)"#
    );
    assert_eq!(
        init_error(None),
        "wasm-rum: init expects a configuration object, got undefined"
    );
    assert_eq!(
        init_error(Some(r#""abc""#)),
        r#"wasm-rum: init expects a configuration object, got "abc""#
    );
    assert_eq!(
        init_error(Some(
            r#"{"applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","clientToken":"t","beforeSend":12}"#
        )),
        "wasm-rum: beforeSend must be a function, got 12"
    );
    assert_eq!(
        init_error(Some(
            r#"{"applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","intakeUrl":"https://i.example/rum","proxy":{"$js":-1}}"#
        )),
        "wasm-rum: proxy and intakeUrl cannot be used together: proxy forwards to Datadog's \
         intake, intakeUrl replaces it"
    );
    assert_eq!(
        init_error(Some("{not json")),
        "wasm-rum: init expects a configuration object, got null"
    );
    assert_eq!(session_id(), None, "a refused init starts nothing");
    assert!(get(&host, "stores").is_truthy());
    assert!(
        js_sys::Reflect::get_u32(&get(&host, "stores"), 0)
            .unwrap()
            .is_undefined(),
        "and stores nothing"
    );

    // The feature flags: clicks, console errors, resources and long tasks are on by default
    // (compression is the module's own: no flag).
    let flags = init_with(Some(
        r#"{"applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","clientToken":"pub"}"#,
    ));
    assert_eq!(
        flags,
        i32::from(
            abi::TRACK_CLICKS
                | abi::TRACK_CONSOLE_ERRORS
                | abi::TRACK_RESOURCES
                | abi::TRACK_LONG_TASKS
        )
    );
    let (url, referrer) = (Some("http://127.0.0.1/page"), Some(""));
    let lens = put(&[], &[url, referrer]);
    start(lens[0], lens[1], 0.0);
    let id = session_id().expect("a tracked session has an id");
    assert!(is_uuid_v4(&id), "{id}");
    let stored = js_sys::Reflect::get_u32(&get(&host, "stores"), 0)
        .unwrap()
        .as_string()
        .expect("the session record went to the session store");
    assert!(stored.contains(&id), "{stored}");

    // A second init warns and keeps the first: same session, even with a config that would
    // track nothing.
    assert_eq!(
        init_with(Some(
            r#"{"applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","clientToken":"pub","sessionSampleRate":0}"#,
        )),
        -1
    );
    assert_eq!(session_id(), Some(id));
    let warnings = js_sys::Array::from(&get(&host, "warnings"));
    assert_eq!(
        warnings.get(0).as_string().as_deref(),
        Some("init was called more than once; the first configuration is kept")
    );
}
