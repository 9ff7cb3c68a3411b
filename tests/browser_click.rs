//! Browser-layer tests in headless Chromium: naming clicked elements (read by the package's
//! `click.js`, named by the core).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
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
    let flags = read.get(1).as_f64().expect("flags") as u8;
    Some((
        read.get(0).as_f64().expect("an identity") as u64,
        flags,
        NameSources {
            name: read.get(2).as_string(),
            tag: read.get(3).as_string().expect("a tag"),
            masked: flags & MASKED != 0,
        },
    ))
}

/// What `click.js` reads of the element marked `target` (else `#t`, else the first element) in
/// `html`, with `attribute` as `actionNameAttribute`: the name and flags, `None` when hidden.
fn read_with(html: &str, attribute: &str, privacy: Option<&str>) -> Option<(String, u8)> {
    // The nodes go straight into the body, as Datadog's `appendElement` puts them: the body is
    // where the name's search stops.
    let document = web_sys::window().unwrap().document().unwrap();
    let body = document.body().unwrap();
    let parsed = document.create_element("div").unwrap();
    parsed.set_inner_html(html);
    let mut added = Vec::new();
    while let Some(node) = parsed.first_child() {
        added.push(body.append_child(&node).unwrap());
    }
    let first = added
        .iter()
        .find_map(|n| n.dyn_ref::<web_sys::Element>().cloned())
        .expect("an element");
    let target = ["[target]", "#t"]
        .iter()
        .find_map(|s| body.query_selector(s).unwrap())
        .unwrap_or(first);
    let read = click_target(target.into(), attribute, privacy);
    for node in added {
        body.remove_child(&node).unwrap();
    }
    read.map(|(_, flags, sources)| (wasm_rum::core::action::action_name(&sources), flags))
}

fn read(html: &str, privacy: Option<&str>) -> Option<(String, u8)> {
    read_with(html, "data-rum-action-name", privacy)
}

/// The name of `html`'s target, as Datadog's spec writes its cases (`target` marks the clicked
/// element); Datadog's blank name is the tag here.
fn dd(html: &str) -> String {
    read_with(html, "data-rum-action-name", None)
        .expect("not hidden")
        .0
}

#[wasm_bindgen_test]
fn datadog_spec_cases_of_get_action_name_from_element() {
    // Ported from DataDog/browser-sdk, getActionNameFromElement.spec.ts, in its order.
    assert_eq!(dd("<div>Foo <div>bar</div></div>"), "Foo bar");
    assert_eq!(dd(r#"<input type="button" value="Click" />"#), "Click");
    assert_eq!(dd(r#"<img title="foo" alt="bar" />"#), "bar");
    assert_eq!(dd(r#"<img title="foo" />"#), "foo");
    assert_eq!(dd(r#"<span aria-label="Foo"></span>"#), "Foo");
    assert_eq!(dd("<div>Foo <img target /></div>"), "Foo");
    assert_eq!(
        dd(r#"<input type="text" value="foo" />"#),
        "input",
        "blank: never the value"
    );
    assert_eq!(dd(r#"<input type="password" value="foo" />"#), "input");
    let long = dd("<div>Foooooooooooooooooo baaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaar baaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaz</div>");
    assert_eq!(long, "Foooooooooooooooooo baaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa [...]");
    assert_eq!(dd("<div>foo\tbar\n\n  baz</div>"), "foo bar baz");
    for (html, expected) in [
        ("<div>hello<br/>world</div>", "hello world"),
        ("<div>hello<p>world</p></div>", "hello world"),
        ("<div>hello<p>world<br/>!</p></div>", "hello world !"),
        ("<div>hello world<br/>!<p>!</p></div>", "hello world ! !"),
    ] {
        assert_eq!(dd(html), expected, "{html}");
    }
    for (display, expected) in [
        ("block", "foo bar"),
        ("inline-block", "foobar"),
        ("flex", "foo bar"),
        ("inline-flex", "foobar"),
        ("grid", "foo bar"),
        ("inline-grid", "foobar"),
        ("list-item", "foo bar"),
        ("table", "foo bar"),
        ("table-caption", "foo bar"),
        ("inline", "foobar"),
        ("none", "div"),
    ] {
        let html = format!(
            r#"<div><div style="display: {display}">foo</div><div style="display: {display}">bar</div></div>"#
        );
        assert_eq!(dd(&html), expected, "display: {display}");
    }
    assert_eq!(dd("<div><script>console.log('toto')</script>b</div>"), "b");
    assert_eq!(dd("<svg><text>foo  bar</text></svg>"), "foo bar");
    // Datadog's strategy list reads a select's first option, but its spec expects a blank name
    // for this case; we follow the strategy (docs/moving-from-datadog.md says so).
    assert_eq!(
        dd("<select><option>foo</option><option>bar</option></select>"),
        "foo"
    );
    assert_eq!(
        dd(
            r#"<div><label for="toto">label text</label><div>ignored</div><input id="toto" target /></div>"#
        ),
        "label text",
        "an associated label: the issue's form field"
    );
    assert_eq!(
        dd("<label> foo <div> bar <input target /></div></label>"),
        "foo bar",
        "a parent label"
    );
    assert_eq!(
        dd(
            r#"<div><label id="toto">label text</label><div>ignored</div><input aria-labelledby="toto" target /></div>"#
        ),
        "label text"
    );
    assert_eq!(
        dd(
            r#"<div><label id="toto1">label</label><div>ignored</div><input aria-labelledby="toto1 toto2" target /><div>ignored</div><label id="toto2">text</label></div>"#
        ),
        "label text"
    );
    assert_eq!(
        dd("<div><div>ignored</div><button target>foo</button></div>"),
        "foo"
    );
    assert_eq!(
        dd(r#"<div><div>ignored</div><div role="button" target>foo</div></div>"#),
        "foo"
    );
    assert_eq!(
        dd("<div><div>ignored</div><i><i><i><i><i><i><i><i><i><i><i target></i></i></i></i></i></i></i></i></i></i></i></div>"),
        "i",
        "the recursion stops at the 10th parent"
    );
    assert_eq!(
        dd("<div>ignored</div><i target></i>"),
        "i",
        "stops at the body"
    );
    assert_eq!(
        dd("<div><div>ignored</div><form><i target></i></form></div>"),
        "i",
        "stops at a form"
    );
    assert_eq!(
        dd(r#"<div><div>ignored</div><form title="foo"><i target></i></form></div>"#),
        "foo"
    );
    assert_eq!(dd("<button> foo <i target>bar</i></button>"), "foo bar");
    assert_eq!(
        dd("<div contenteditable><i target>ignored</i> ignored</div>"),
        "i"
    );
    assert_eq!(
        dd(r#"<div contenteditable><i aria-label="foo" target>ignored</i> ignored</div>"#),
        "foo"
    );
    assert_eq!(dd("<button> foo <svg target></svg></button>"), "foo");
    // Programmatically declared names.
    assert_eq!(dd(r#"<div data-dd-action-name="foo">ignored</div>"#), "foo");
    assert_eq!(
        dd(
            r#"<form data-dd-action-name="foo"><i><i><i><i><i><i><i><i><i><i><i><i><span target>ignored</span></i></i></i></i></i></i></i></i></i></i></i></i></form>"#
        ),
        "foo",
        "any ancestor"
    );
    assert_eq!(
        dd("<div data-dd-action-name=\"   foo  \t bar  \">ignored</div>"),
        "foo bar"
    );
    assert_eq!(
        dd(
            r#"<div data-dd-action-name="ignored"><div data-dd-action-name=""><span target>foo</span></div></div>"#
        ),
        "foo",
        "an empty attribute falls back on the strategies"
    );
    let custom = |html: &str| read_with(html, "data-test-id", None).unwrap().0;
    assert_eq!(custom(r#"<div data-test-id="foo">ignored</div>"#), "foo");
    assert_eq!(
        custom(r#"<div data-test-id="foo" data-dd-action-name="bar">ignored</div>"#),
        "bar",
        "data-dd-action-name over the configured attribute"
    );
    assert_eq!(
        dd(r#"<div>Foo <div data-dd-action-name="custom action">bar<div></div></div></div>"#),
        "Foo"
    );
    assert_eq!(
        dd(r#"<div>Foobar Baz<div data-dd-action-name="custom action">bar<div></div></div></div>"#),
        "Foobar Baz"
    );
    assert_eq!(
        custom(r#"<div>Foo <div data-test-id="custom action">bar<div></div></div></div>"#),
        "Foo"
    );
}

#[wasm_bindgen_test]
fn datadog_spec_cases_with_privacy_for_action_names() {
    let private = |html: &str, level: &str| read_with(html, "data-rum-action-name", Some(level));
    // "returns placeholder when privacy level is mask"
    assert_eq!(
        private(
            r#"<div data-dd-privacy="mask"><span target>bar</span></div>"#,
            "allow"
        )
        .unwrap()
        .0,
        "Masked Element"
    );
    // "inherit privacy level and remove only the masked child"
    assert_eq!(
        private(
            r#"<div data-dd-privacy="allow" target><span>foo</span><div data-dd-privacy="mask"><span>bar</span></div></div>"#,
            "allow"
        )
        .unwrap()
        .0,
        "foo"
    );
    // "fallback to children but not the masked one with class names"
    assert_eq!(
        private(
            r#"<div class="dd-privacy-allow" target><span>foo</span><span class="dd-privacy-mask">bar</span><span>baz</span></div>"#,
            "mask"
        )
        .unwrap()
        .0,
        "foobaz"
    );
    // "extracts default attribute text when privacyEnabledActionName is true"
    assert_eq!(
        private(r#"<div data-dd-action-name="foo" target>bar</div>"#, "mask")
            .unwrap()
            .0,
        "foo"
    );
}

#[wasm_bindgen_test]
fn a_click_inside_a_shadow_root_is_named_across_its_boundary() {
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    host.set_attribute("title", "Parent Title").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    let root = host
        .attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))
        .unwrap();
    root.set_inner_html("<button id=b>Shadow Button</button><i id=i></i><span id=l>Save Data</span><b id=lb aria-labelledby=l></b>");
    let name = |id: &str| {
        let target = root.get_element_by_id(id).unwrap();
        let (_, _, sources) = click_target(target.into(), "x", None).unwrap();
        wasm_rum::core::action::action_name(&sources)
    };
    assert_eq!(name("b"), "Shadow Button");
    assert_eq!(
        name("i"),
        "Parent Title",
        "the host's title, across the boundary"
    );
    assert_eq!(
        name("lb"),
        "Save Data",
        "aria-labelledby inside the same shadow root"
    );
    host.remove();
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
    let masked = |html: &str, level: Option<&str>| read(html, level);
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
    let flags = |html: &str| read(html, None).unwrap().1 & MAY_BE_DEAD;
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
