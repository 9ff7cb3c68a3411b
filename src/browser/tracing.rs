//! The app's own `allowedTracingUrls` matchers (RegExps and functions), which the engine's JS
//! hands over in the order the rules number them (`js/src/tracing.js`), and their evaluation,
//! which never throws.

use super::state::Local;
use crate::prelude::*;
use core::cell::RefCell;
use js_sys::{Array, Function, Reflect, RegExp};
use wasm_bindgen::{JsCast, JsValue};

static MATCHERS: Local<RefCell<Vec<JsValue>>> = Local(RefCell::new(Vec::new()));

/// Keeps the matchers for [`matches`].
pub fn keep(matchers: &Array) {
    *MATCHERS.0.borrow_mut() = matchers.iter().collect();
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
