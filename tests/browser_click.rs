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
    fn click_sources(target: JsValue, attribute: &str, privacy: JsValue) -> JsValue;
}

// `rumOnClick`'s flags (src/browser/abi.rs).
const MAY_BE_DEAD: u8 = 1;
const MASKED: u8 = 2;

/// The identity, flags and name sources `click.js` reads from `target` (`None`: hidden, no
/// action), with `privacy` the default level of `enablePrivacyForActionName`.
fn click_target(
    target: JsValue,
    attribute: &str,
    privacy: Option<&str>,
) -> Option<(u64, u8, NameSources)> {
    let privacy = privacy.map_or(JsValue::FALSE, JsValue::from);
    let read = click_sources(target, attribute, privacy);
    if read.is_undefined() {
        return None;
    }
    let read = js_sys::Array::from(&read);
    let text = |i: u32| read.get(i).as_string();
    let flags = read.get(1).as_f64().expect("flags") as u8;
    Some((
        read.get(0).as_f64().expect("an identity") as u64,
        flags,
        NameSources {
            explicit: text(2),
            aria_label: text(3),
            text: text(4),
            attribute: text(5),
            tag: text(6).expect("a tag"),
            masked: flags & MASKED != 0,
        },
    ))
}

/// What `click.js` reads of `selector` in `html`: the name and flags, `None` when hidden.
fn read(html: &str, selector: &str, privacy: Option<&str>) -> Option<(String, u8)> {
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    host.set_inner_html(html);
    document.body().unwrap().append_child(&host).unwrap();
    let target = host
        .query_selector(selector)
        .unwrap()
        .expect("selector matches");
    let read = click_target(target.into(), "data-rum-action-name", privacy);
    host.remove();
    read.map(|(_, flags, sources)| (wasm_rum::core::action::action_name(&sources), flags))
}

fn name_of(html: &str, selector: &str) -> String {
    read(html, selector, None).expect("not hidden").0
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
    let id = |e: &web_sys::Element| click_target(e.clone().into(), "data-x", None).unwrap().0;
    assert_eq!(id(&a), id(&a));
    assert_ne!(id(&a), id(&b));
}

#[wasm_bindgen_test]
fn privacy_masks_action_names_as_datadog_does() {
    let masked = |html: &str, level: Option<&str>| read(html, "#t", level);
    // Without enablePrivacyForActionName, the attribute changes nothing.
    assert_eq!(
        masked(
            "<div data-dd-privacy=mask><button id=t>Card 4242</button></div>",
            None
        )
        .unwrap()
        .0,
        "Card 4242"
    );
    // With it, Datadog's default level (mask) masks every name but the explicit ones.
    assert_eq!(
        masked(
            "<button id=t aria-label='Account 1234'>Pay</button>",
            Some("mask")
        ),
        Some(("Masked Element".into(), MAY_BE_DEAD | MASKED))
    );
    assert_eq!(
        masked(
            "<button id=t data-dd-action-name='Pay order'>Card 4242</button>",
            Some("mask")
        )
        .unwrap()
        .0,
        "Pay order"
    );
    // The nearest level wins, as attribute or class; `hidden` above wins over all.
    assert_eq!(
        masked(
            "<div data-dd-privacy=allow><button id=t>Pay</button></div>",
            Some("mask")
        )
        .unwrap()
        .0,
        "Pay"
    );
    assert_eq!(
        masked(
            "<div class=dd-privacy-allow><p data-dd-privacy=mask><button id=t>Pay</button></p></div>",
            Some("allow")
        )
        .unwrap()
        .0,
        "Masked Element"
    );
    assert_eq!(
        masked(
            "<div data-dd-privacy=mask-user-input><button id=t>Pay</button></div>",
            Some("mask")
        )
        .unwrap()
        .0,
        "Pay"
    );
    assert_eq!(
        masked(
            "<div data-dd-privacy=hidden><p data-dd-privacy=allow><button id=t>Pay</button></p></div>",
            Some("allow")
        ),
        None,
        "no action at all"
    );
}

#[wasm_bindgen_test]
fn datadog_exclusions_are_never_dead_clicks() {
    let flags = |html: &str| read(html, "#t", None).unwrap().1 & MAY_BE_DEAD;
    assert_eq!(flags("<button id=t>Save</button>"), MAY_BE_DEAD);
    assert_eq!(flags("<div><span id=t>text</span></div>"), MAY_BE_DEAD);
    assert_eq!(flags("<input id=t type=checkbox>"), MAY_BE_DEAD);
    for html in [
        "<input id=t>",
        "<input id=t type=email>",
        "<textarea id=t></textarea>",
        "<select id=t></select>",
        "<div contenteditable><b id=t>x</b></div>",
        "<canvas id=t></canvas>",
        "<a href='/next'><span id=t>Next</span></a>",
        "<label id=t for=field>Name</label><input id=field>",
    ] {
        assert_eq!(flags(html), 0, "{html}");
    }
}
