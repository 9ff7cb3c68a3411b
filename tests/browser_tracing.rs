//! Browser-layer tests of `allowedTracingUrls` in its JS form, in headless Chromium.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use wasm_rum::browser::tracing::{matches, read_rules};
use wasm_rum::core::trace::{Propagator, UrlMatch};

wasm_bindgen_test_configure!(run_in_browser);

/// Whether each of the first four JS matchers accepts `url`.
fn evaluate_matchers(url: &str) -> Vec<bool> {
    let url = JsValue::from_str(url);
    (0..4).map(|i| matches(i, &url)).collect()
}

fn eval(code: &str) -> JsValue {
    js_sys::eval(code).expect("test snippet runs")
}

#[wasm_bindgen_test]
fn js_entries_become_rules_and_matchers() {
    let rules = read_rules(&eval(
        r#"[
            "https://api.example.com",
            /\/graphql$/g,
            (url) => url.includes("/fn/"),
            () => { throw new Error("matcher bug"); },
            { match: /legacy/, propagatorTypes: ["b3multi"] },
        ]"#,
    ))
    .unwrap();
    assert_eq!(rules.len(), 5);
    assert_eq!(
        rules[0].matcher,
        UrlMatch::Prefix("https://api.example.com".into())
    );
    assert_eq!(rules[1].matcher, UrlMatch::Js(0));
    assert_eq!(rules[4].matcher, UrlMatch::Js(3));
    assert_eq!(rules[4].propagators, [Propagator::B3Multi]);
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
    assert!(read_rules(&JsValue::UNDEFINED).unwrap().is_empty());
}

#[wasm_bindgen_test]
fn bad_entries_are_refused_by_name() {
    assert_eq!(
        read_rules(&eval(r#""https://api.example.com""#)).unwrap_err(),
        r#"wasm-rum: allowedTracingUrls must be a list whose entries are each a URL prefix string, a RegExp, a function or { match, propagatorTypes }, got "https://api.example.com""#
    );
    assert_eq!(
        read_rules(&eval(r#"["https://a.io", 42]"#)).unwrap_err(),
        "wasm-rum: allowedTracingUrls[1] must be a URL prefix string, a RegExp, a function or { match, propagatorTypes }, got 42"
    );
    assert_eq!(
        read_rules(&eval(
            r#"[{ match: "https://a.io", propagatorTypes: ["zipkin"] }]"#
        ))
        .unwrap_err(),
        r#"wasm-rum: allowedTracingUrls[0].propagatorTypes must be a non-empty list of "datadog", "tracecontext", "b3" and "b3multi", got an array"#
    );
    assert_eq!(
        read_rules(&eval(r#"[{ match: 5 }]"#)).unwrap_err(),
        "wasm-rum: allowedTracingUrls[0].match must be a URL prefix string, a RegExp or a function, got 5"
    );
    assert_eq!(
        read_rules(&eval(r#"[{ url: "https://a.io" }]"#)).unwrap_err(),
        r#"wasm-rum: allowedTracingUrls[0] has an unknown key "url" (expected match and propagatorTypes)"#
    );
}
