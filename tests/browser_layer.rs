//! Browser-layer tests in headless Chromium: copying hostile JS values, reading errors, naming
//! clicked elements (read by the package's `click.js`, named by the core).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use wasm_rum::browser::sanitize::sanitize;
use wasm_rum::core::action::NameSources;
use wasm_rum::core::json;

wasm_bindgen_test_configure!(run_in_browser);

fn eval(code: &str) -> JsValue {
    js_sys::eval(code).expect("test snippet runs")
}

fn copied(code: &str) -> (String, bool) {
    let (value, lossy) = sanitize(&eval(code));
    (json::to_string(&value), lossy)
}

#[wasm_bindgen_test]
fn plain_data_is_copied_as_is() {
    assert_eq!(
        copied(r#"({a: 1, b: "x", c: [true, null, 2.5], d: {e: {}}})"#),
        (
            r#"{"a":1,"b":"x","c":[true,null,2.5],"d":{"e":{}}}"#.into(),
            false
        )
    );
}

#[wasm_bindgen_test]
fn hostile_values_are_dropped_or_stringified() {
    let (text, lossy) = copied(
        r#"(() => {
            const o = { f() {}, s: Symbol('tag'), big: 10n ** 20n, node: document.createElement('div'),
                        when: new Date(0), bad: new Date(NaN), err: new TypeError('nope'), undef: undefined,
                        nan: NaN, list: [() => 1, undefined] };
            o.self = o;
            Object.defineProperty(o, 'trap', { enumerable: true, get() { throw new Error('getter'); } });
            o.proxy = new Proxy({}, { ownKeys() { throw new Error('proxy'); } });
            o.json = { toJSON() { return { from: 'toJSON' }; } };
            return o;
        })()"#,
    );
    assert!(lossy);
    assert_eq!(
        text,
        concat!(
            r#"{"s":"Symbol(tag)","big":"100000000000000000000","node":"[HTMLDivElement]","#,
            r#""when":"1970-01-01T00:00:00.000Z","bad":"Invalid Date","err":"TypeError: nope","#,
            r#""nan":null,"list":[null,null],"self":"[Circular]","proxy":{},"json":{"from":"toJSON"}}"#
        )
    );
}

#[wasm_bindgen_test]
fn huge_and_deep_values_are_bounded() {
    let (text, lossy) = copied("'x'.repeat(1000000)");
    assert!(lossy && text.len() < 40 * 1024, "{}", text.len());
    let (text, lossy) = copied("Array.from({length: 100000}, (_, i) => i)");
    assert!(lossy && text.len() < 40 * 1024);
    let (text, lossy) = copied("(() => { let o = {}; const root = o; for (let i = 0; i < 50; i++) { o.n = {}; o = o.n; } return root; })()");
    assert!(lossy && text.contains("[…]"), "{text}");
}

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
