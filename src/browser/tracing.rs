//! `allowedTracingUrls` from its JS form (strings, RegExps, functions, `{ match, propagatorTypes }`)
//! and the evaluation of the app's own matchers, which never throws.

use super::sanitize::sanitize;
use super::state::Local;
use crate::core::config::{tracing_not_a_list, tracing_rules, TracingEntry};
use crate::core::trace::TracingRule;
use crate::prelude::*;
use core::cell::RefCell;
use js_sys::{Array, Function, Reflect, RegExp};
use wasm_bindgen::{JsCast, JsValue};

/// The app's RegExp and function matchers, in the order the rules number them.
static MATCHERS: Local<RefCell<Vec<JsValue>>> = Local(RefCell::new(Vec::new()));

/// Reads the option; on success the JS matchers are kept for [`evaluate_matchers`].
pub fn read_rules(value: &JsValue) -> Result<Vec<TracingRule>, String> {
    if value.is_undefined() || value.is_null() {
        return Ok(Vec::new());
    }
    if !Array::is_array(value) {
        return Err(tracing_not_a_list(&sanitize(value).0).message());
    }
    let mut matchers = Vec::new();
    let entries: Vec<TracingEntry> = Array::from(value)
        .iter()
        .map(|entry| entry_shape(&entry, &mut matchers, true))
        .collect();
    let rules = tracing_rules(&entries).map_err(|e| e.message())?;
    *MATCHERS.0.borrow_mut() = matchers;
    Ok(rules)
}

fn entry_shape(entry: &JsValue, matchers: &mut Vec<JsValue>, top: bool) -> TracingEntry {
    if let Some(s) = entry.as_string() {
        return TracingEntry::Prefix(s);
    }
    if entry.is_instance_of::<RegExp>() || entry.is_function() {
        matchers.push(entry.clone());
        return TracingEntry::Js;
    }
    if top && entry.is_object() && !Array::is_array(entry) {
        let keys = Reflect::own_keys(entry)
            .map(|k| k.to_vec())
            .unwrap_or_default();
        let unknown_key = keys
            .iter()
            .filter_map(|k| k.as_string())
            .find(|k| k != "match" && k != "propagatorTypes");
        let get = |key: &str| Reflect::get(entry, &key.into()).unwrap_or(JsValue::UNDEFINED);
        let matcher = get("match");
        let matcher =
            (!matcher.is_undefined()).then(|| Box::new(entry_shape(&matcher, matchers, false)));
        return TracingEntry::Object {
            matcher,
            propagators: sanitize(&get("propagatorTypes")).0,
            unknown_key,
        };
    }
    TracingEntry::Other(sanitize(entry).0)
}

/// Whether JS matcher `index` accepts `url`; one that throws does not match. The core asks in
/// rule order and stops at the first match. App code runs here while the SDK state is borrowed:
/// an SDK call it makes is dropped, never re-entered.
pub fn matches(index: usize, url: &JsValue) -> bool {
    let Some(m) = MATCHERS.0.borrow().get(index).cloned() else {
        return false;
    };
    if let Some(re) = m.dyn_ref::<RegExp>() {
        // A global or sticky RegExp keeps state between calls: start from the beginning.
        re.set_last_index(0);
        let test = Reflect::get(re, &"test".into()).ok();
        return test
            .and_then(|t| t.dyn_into::<Function>().ok())
            .and_then(|t| t.call1(re, url).ok())
            .is_some_and(|r| r.is_truthy());
    }
    m.dyn_ref::<Function>()
        .and_then(|f| f.call1(&JsValue::UNDEFINED, url).ok())
        .is_some_and(|r| r.is_truthy())
}
