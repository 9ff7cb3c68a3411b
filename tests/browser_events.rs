//! Browser-layer tests of events across the module's boundary, in headless Chromium: the app's
//! calls with JSON arguments, an error with its context, the app's `beforeSend` (called through
//! the host: edits kept, drops honoured, views never dropped), and the request that carries
//! them out through the outbox.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{get, install_host, parts, put, set, start_with};
use wasm_bindgen_test::*;
use wasm_rum::browser::abi;
use wasm_rum::browser::delivery::next_send;
use wasm_rum::browser::errors::error;
use wasm_rum::browser::public::{api, context};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn events_cross_the_boundary_through_before_send() {
    let host = install_host();
    let hook = js_sys::eval(
        r#"(event) => {
            if (event.type === "action") return false;
            if (event.type === "view") return false;
            if (event.type === "error") {
                event.error.message = "redacted";
                event.context.added = true;
                event.date = 0; // not an editable field: ignored
            }
        }"#,
    )
    .expect("test snippet runs");
    set(&host, "beforeSend", &hook);
    start_with(
        r#"{"applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","intakeUrl":"https://intake.example/rum",
               "compressIntakeRequests":false,"beforeSend":{"$js":-1}}"#,
    );

    let lens = put(&[], &[Some(r#""company_id""#), Some(r#""acme""#)]);
    context(abi::GLOBAL, abi::SET_PROPERTY, lens[0], lens[1]);
    let lens = put(&[], &[Some(r#"{"id":7,"name":"Acme"}"#), None]);
    context(abi::ACCOUNT, abi::REPLACE_CONTEXT, lens[0], lens[1]);
    let lens = put(&[], &[Some(r#""export""#), Some(r#"{"rows":3}"#)]);
    api(abi::ADD_ACTION, lens[0], lens[1]);
    let lens = put(
        &[],
        &[
            Some("payment declined ünïcode"),
            Some("TypeError"),
            Some("TypeError: payment declined\n    at pay (app.js:1:2)"),
            Some(r#"{"provider":"stripe"}"#),
        ],
    );
    error(abi::CUSTOM, lens[0], lens[1], lens[2], lens[3]);

    let deadline = next_send(true, true);
    assert!(deadline > 0.0);
    let request = parts();
    assert_eq!(request.len(), 3, "id, URL and body");
    assert!(request[0].parse::<u64>().is_ok(), "{}", request[0]);
    assert!(
        request[1].starts_with("https://intake.example/rum?"),
        "{}",
        request[1]
    );
    let lines: Vec<serde_json::Value> = request[2]
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    let types: Vec<&str> = lines.iter().map(|e| e["type"].as_str().unwrap()).collect();
    // The action was dropped; the view could not be, and the hook saw each event once.
    assert_eq!(types, ["view", "error"], "{lines:?}");
    let seen = js_sys::Array::from(&get(&host, "events"));
    assert_eq!(seen.length(), 3);
    let error = &lines[1];
    assert_eq!(error["error"]["message"], "redacted");
    assert_eq!(error["error"]["type"], "TypeError");
    assert_eq!(error["error"]["source"], "custom");
    assert_eq!(
        error["context"],
        serde_json::json!({"company_id": "acme", "provider": "stripe", "added": true})
    );
    assert_ne!(error["date"], 0);
    assert_eq!(
        error["account"],
        serde_json::json!({"id": "7", "name": "Acme"})
    );
    context(abi::ACCOUNT, abi::GET_CONTEXT, -1, -1);
    assert_eq!(parts(), [r#"{"id":"7","name":"Acme"}"#]);
    let warnings = js_sys::Array::from(&get(&host, "warnings"));
    assert!(warnings.iter().any(|w| w
        .as_string()
        .unwrap()
        .contains("beforeSend cannot drop view events")));
}
