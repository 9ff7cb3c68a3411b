//! `allowedTracingUrls` from its JS form (strings, RegExps, functions, `{ match, propagatorTypes }`)
//! and the evaluation of the app's own matchers, which never throws.

use super::sanitize::sanitize;
use crate::core::config::{tracing_not_a_list, tracing_rules, TracingEntry};
use crate::core::trace::TracingRule;
use js_sys::{Array, Function, Reflect, RegExp};
use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};

thread_local! {
    /// The app's RegExp and function matchers, in the order the rules number them. Kept apart
    /// from the SDK state so that evaluating them (app code) never happens under its borrow.
    static MATCHERS: RefCell<Vec<JsValue>> = const { RefCell::new(Vec::new()) };
}

/// Reads the option; on success the JS matchers are kept for [`evaluate_matchers`].
pub fn read_rules(value: &JsValue) -> Result<Vec<TracingRule>, String> {
    if value.is_undefined() || value.is_null() {
        return Ok(Vec::new());
    }
    if !Array::is_array(value) {
        return Err(tracing_not_a_list(&sanitize(value).0).to_string());
    }
    let mut matchers = Vec::new();
    let entries: Vec<TracingEntry> = Array::from(value)
        .iter()
        .map(|entry| entry_shape(&entry, &mut matchers, true))
        .collect();
    let rules = tracing_rules(&entries).map_err(|e| e.to_string())?;
    MATCHERS.with(|m| *m.borrow_mut() = matchers);
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

/// Whether each JS matcher accepts `url`, in rule order. A matcher that throws does not match.
pub fn evaluate_matchers(url: &str) -> Vec<bool> {
    let matchers = MATCHERS.with(|m| m.borrow().clone());
    let url = JsValue::from_str(url);
    matchers
        .iter()
        .map(|m| {
            if let Some(re) = m.dyn_ref::<RegExp>() {
                // A global or sticky RegExp keeps state between calls: start from the beginning.
                re.set_last_index(0);
                let test = Reflect::get(re, &"test".into()).ok();
                return test
                    .and_then(|t| t.dyn_into::<Function>().ok())
                    .and_then(|t| t.call1(re, &url).ok())
                    .is_some_and(|r| r.is_truthy());
            }
            m.dyn_ref::<Function>()
                .and_then(|f| f.call1(&JsValue::UNDEFINED, &url).ok())
                .is_some_and(|r| r.is_truthy())
        })
        .collect()
}
