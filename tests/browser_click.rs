//! Browser-layer tests in headless Chromium: naming clicked elements (read by the package's
//! `click.js`, named by the core).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use wasm_rum::core::action::NameSources;

wasm_bindgen_test_configure!(run_in_browser);

// The package's own click reader, as the page runs it.
#[wasm_bindgen(module = "/js/src/click.js")]
extern "C" {
    #[wasm_bindgen(js_name = clickSources)]
    fn click_sources(target: JsValue, attribute: &str) -> JsValue;
}

/// The identity and name sources `click.js` reads from `target`.
fn click_target(target: JsValue, attribute: &str) -> (u64, NameSources) {
    let read = js_sys::Array::from(&click_sources(target, attribute));
    let text = |i: u32| read.get(i).as_string();
    (
        read.get(0).as_f64().expect("an identity") as u64,
        NameSources {
            explicit: text(1),
            aria_label: text(2),
            text: text(3),
            attribute: text(4),
            tag: text(5).expect("a tag"),
        },
    )
}

fn name_of(html: &str, selector: &str) -> String {
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    host.set_inner_html(html);
    document.body().unwrap().append_child(&host).unwrap();
    let target = host
        .query_selector(selector)
        .unwrap()
        .expect("selector matches");
    let (_, sources) = click_target(target.into(), "data-rum-action-name");
    host.remove();
    wasm_rum::core::action::action_name(&sources)
}

#[wasm_bindgen_test]
fn clicked_elements_are_named_as_a_person_reads_them() {
    assert_eq!(
        name_of(
            r#"<div data-rum-action-name="Checkout"><button><span id=t>Pay</span></button></div>"#,
            "#t"
        ),
        "Checkout"
    );
    assert_eq!(
        name_of(
            r#"<button aria-label="Close dialog"><svg id=t></svg></button>"#,
            "#t"
        ),
        "Close dialog"
    );
    assert_eq!(
        name_of("<a href='#'><b id=t>  Open\n   settings </b></a>", "#t"),
        "Open settings"
    );
    assert_eq!(
        name_of(r#"<img id=t alt="Company logo">"#, "#t"),
        "Company logo"
    );
    assert_eq!(
        name_of(
            r#"<input id=t type=password value="hunter2" placeholder="Password">"#,
            "#t"
        ),
        "Password"
    );
    assert_eq!(
        name_of(r#"<input id=t type=text value="typed by user">"#, "#t"),
        "input"
    );
    assert_eq!(
        name_of(r#"<input id=t type=submit value="Send">"#, "#t"),
        "Send"
    );
    assert_eq!(name_of("<div><span id=t></span></div>", "#t"), "span");
    // Datadog's attribute, for apps instrumented for Datadog.
    assert_eq!(
        name_of(
            r#"<div data-dd-action-name="Add to cart"><button id=t>Add</button></div>"#,
            "#t"
        ),
        "Add to cart"
    );
    let long = "word ".repeat(40);
    let name = name_of(&format!("<button id=t>{long}</button>"), "#t");
    assert_eq!(name.chars().count(), 100);
}

#[wasm_bindgen_test]
fn one_element_keeps_one_identity() {
    let document = web_sys::window().unwrap().document().unwrap();
    let a = document.create_element("button").unwrap();
    let b = document.create_element("button").unwrap();
    let id = |e: &web_sys::Element| click_target(e.clone().into(), "data-x").0;
    assert_eq!(id(&a), id(&a));
    assert_ne!(id(&a), id(&b));
}
