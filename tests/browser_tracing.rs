//! Browser-layer tests of the app's own `allowedTracingUrls` matchers (RegExps and functions),
//! in headless Chromium.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use wasm_rum::browser::tracing::{keep, matches};

wasm_bindgen_test_configure!(run_in_browser);

/// Whether each of the four matchers accepts `url`.
fn evaluate_matchers(url: &str) -> Vec<bool> {
    let url = JsValue::from_str(url);
    (0..4).map(|i| matches(i, &url)).collect()
}

#[wasm_bindgen_test]
fn matchers_are_evaluated_by_number_and_never_throw() {
    let matchers: js_sys::Array = js_sys::eval(
        r#"[
            /\/graphql$/g,
            (url) => url.includes("/fn/"),
            () => { throw new Error("matcher bug"); },
            /legacy/,
        ]"#,
    )
    .expect("test snippet runs")
    .dyn_into()
    .expect("an array");
    keep(&matchers);
    // A global RegExp is tested from the start every time; a throwing function never matches.
    for _ in 0..3 {
        assert_eq!(
            evaluate_matchers("https://x.example/graphql"),
            [true, false, false, false]
        );
    }
    assert_eq!(
        evaluate_matchers("https://x.example/fn/legacy"),
        [false, true, false, true]
    );
    assert!(
        !matches(9, &JsValue::from_str("https://x.example/")),
        "no such matcher"
    );
}
