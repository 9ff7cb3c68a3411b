//! Browser-layer tests of the trace plan of a request: the app's own `allowedTracingUrls`
//! matchers (RegExps and functions, called through the host by number) are asked in rule order,
//! and the first match wins; in headless Chromium.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{get, install_host, parts, put, set, start_with};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use wasm_rum::browser::requests::plan_request;

wasm_bindgen_test_configure!(run_in_browser);

/// The plan for `url`, and which matchers were asked for it, in order.
fn plan(host: &JsValue, url: &str) -> (i32, Vec<String>, Vec<u32>) {
    set(host, "asked", &js_sys::Array::new());
    let result = plan_request(put(&[], &[Some(url)])[0]);
    let headers = if result == 1 { parts() } else { Vec::new() };
    let asked = js_sys::Array::from(&get(host, "asked"))
        .iter()
        .map(|i| i.as_f64().unwrap() as u32)
        .collect();
    (result, headers, asked)
}

#[wasm_bindgen_test]
fn matchers_are_asked_in_rule_order_and_the_first_match_wins() {
    let host = install_host();
    let matchers = js_sys::eval(
        r#"[
            (url) => url.includes("/fn/"),
            (url) => url.endsWith("/graphql"),
        ]"#,
    )
    .expect("test snippet runs");
    set(&host, "matchers", &matchers);
    start_with(
        r#"{"applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","intakeUrl":"https://intake.example/rum",
               "traceSampleRate":100,
               "allowedTracingUrls":[{"$js":0},"https://api.example",{"match":{"$js":1},"propagatorTypes":["b3"]}]}"#,
    );

    // The first rule, a function: W3C and Datadog headers by default.
    let (result, headers, asked) = plan(&host, "https://x.example/fn/a");
    assert_eq!((result, asked), (1, vec![0]));
    assert!(headers[0].parse::<u32>().unwrap() > 0, "a handle");
    assert!(headers.iter().any(|h| h == "traceparent"), "{headers:?}");
    assert!(headers.iter().any(|h| h == "x-datadog-trace-id"));

    // A string rule before the second matcher: that matcher is never asked.
    let (result, _, asked) = plan(&host, "https://api.example/graphql");
    assert_eq!((result, asked), (1, vec![0]));

    // Only the third rule matches: both matchers asked, in order; its propagator is used.
    let (result, headers, asked) = plan(&host, "https://x.example/graphql");
    assert_eq!((result, asked), (1, vec![0, 1]));
    assert!(headers.iter().any(|h| h == "b3"), "{headers:?}");
    assert!(!headers.iter().any(|h| h == "traceparent"));

    // No rule: reported without headers; the SDK's own intake: left alone.
    assert_eq!(plan(&host, "https://other.example/").0, 0);
    assert_eq!(plan(&host, "https://intake.example/rum?x=1").0, -1);
}
