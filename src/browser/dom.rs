//! Reads a clicked element the way a person sees it, for the action's name. Input values are
//! never read (only the label of button-like inputs), so typed text and passwords stay out.

use crate::core::action::NameSources;
use js_sys::WeakMap;
use std::cell::{Cell, RefCell};
use wasm_bindgen::{intern, JsCast, JsValue};
use web_sys::{Element, HtmlElement};

/// The element a click is about: the nearest control or link around the clicked node.
const INTERACTIVE: &str = "button, a, [role=button], [role=link], [role=menuitem], [role=tab], \
     input[type=button], input[type=submit], input[type=reset], label, summary";

thread_local! {
    /// A number per element, for telling repeated clicks on one target apart from clicks
    /// elsewhere; weak, so it never keeps a removed element alive.
    static IDENTITIES: RefCell<Option<WeakMap>> = const { RefCell::new(None) };
    static NEXT_ID: Cell<u64> = const { Cell::new(1) };
    /// `[data-rum-action-name]` for the configured attribute, built once.
    static EXPLICIT_SELECTOR: RefCell<(String, String)> = const { RefCell::new((String::new(), String::new())) };
}

/// The identity and name sources of a click's target, or `None` when the target is not an element.
pub fn click_target(target: JsValue, name_attribute: &str) -> Option<(u64, NameSources)> {
    // Interned: these strings cross into JS on every click, and a cached one needs no decoding.
    let clicked: Element = target.dyn_into().ok()?;
    let element = clicked
        .closest(intern(INTERACTIVE))
        .ok()
        .flatten()
        .unwrap_or_else(|| clicked.clone());
    let name_attribute = intern(name_attribute);
    let explicit = EXPLICIT_SELECTOR.with(|sel| {
        let mut sel = sel.borrow_mut();
        if sel.0 != name_attribute {
            *sel = (name_attribute.to_owned(), format!("[{name_attribute}]"));
        }
        clicked
            .closest(intern(&sel.1))
            .ok()
            .flatten()
            .and_then(|e| e.get_attribute(name_attribute))
    });
    let tag = element.tag_name().to_ascii_lowercase();
    let attribute = ["alt", "title", "placeholder"].iter().find_map(|a| {
        let a = intern(a);
        element
            .get_attribute(a)
            .or_else(|| clicked.get_attribute(a))
    });
    let aria = intern("aria-label");
    let sources = NameSources {
        explicit,
        aria_label: element
            .get_attribute(aria)
            .or_else(|| clicked.get_attribute(aria)),
        text: visible_text(&element, &tag),
        attribute,
        tag,
    };
    Some((identity(&element), sources))
}

fn visible_text(element: &Element, tag: &str) -> Option<String> {
    match tag {
        // A button-like input shows its value as its label; no other input's value is read.
        "input" => {
            let kind = element.get_attribute("type").unwrap_or_default();
            matches!(
                kind.to_ascii_lowercase().as_str(),
                "button" | "submit" | "reset"
            )
            .then(|| element.get_attribute("value"))
            .flatten()
        }
        "select" | "textarea" => None,
        _ => element
            .dyn_ref::<HtmlElement>()
            .map(|e| e.inner_text())
            .or_else(|| element.text_content()),
    }
}

fn identity(element: &Element) -> u64 {
    IDENTITIES.with(|cell| {
        let mut map = cell.borrow_mut();
        let map = map.get_or_insert_with(WeakMap::new);
        if let Some(id) = map.get(element).as_f64() {
            return id as u64;
        }
        let id = NEXT_ID.with(|n| {
            let id = n.get();
            n.set(id + 1);
            id
        });
        map.set(element, &JsValue::from_f64(id as f64));
        id
    })
}
