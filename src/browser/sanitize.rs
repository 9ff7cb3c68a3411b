//! Copies whatever the app hands us (context, user, error payloads) into a plain [`Value`]
//! without ever throwing: cycles, functions, symbols, BigInt, DOM nodes, throwing getters and
//! proxies are dropped or turned into strings, and the walk is bounded in depth and size.

use crate::core::value::Value;
use crate::prelude::*;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// How deep the copy goes; deeper values become a marker string.
const MAX_DEPTH: usize = 8;
/// Roughly how many bytes of JSON the copy may produce before it stops adding entries. Well above
/// the 3 KiB context limit, which the core applies exactly; this bounds the work on huge input.
const MAX_BYTES: usize = 32 * 1024;

/// A copy of `value`, and whether anything had to be left out on the way. `None` for what JSON
/// leaves out altogether: `undefined` and functions.
pub fn sanitize_value(value: &JsValue) -> (Option<Value>, bool) {
    let mut walk = Walk {
        ancestors: Vec::new(),
        budget: MAX_BYTES,
        lossy: false,
    };
    let copy = walk.value(value, 0);
    (copy, walk.lossy)
}

/// [`sanitize_value`], with `null` for what JSON leaves out.
pub fn sanitize(value: &JsValue) -> (Value, bool) {
    let (copy, lossy) = sanitize_value(value);
    (copy.unwrap_or(Value::Null), lossy)
}

struct Walk {
    ancestors: Vec<JsValue>,
    budget: usize,
    lossy: bool,
}

impl Walk {
    /// `None` for what JSON leaves out (functions, `undefined`).
    fn value(&mut self, v: &JsValue, depth: usize) -> Option<Value> {
        if v.is_undefined() || v.is_function() {
            self.lossy |= v.is_function();
            return None;
        }
        if v.is_null() {
            return Some(Value::Null);
        }
        if let Some(b) = v.as_bool() {
            return Some(Value::Bool(b));
        }
        if let Some(n) = v.as_f64() {
            self.spend(8);
            return Some(if n.is_finite() {
                Value::Number(n)
            } else {
                Value::Null
            });
        }
        if let Some(s) = v.as_string() {
            return Some(Value::String(self.text(s)));
        }
        if let Some(big) = v.dyn_ref::<js_sys::BigInt>() {
            let text = big.to_string(10).map(String::from).unwrap_or_default();
            return Some(Value::String(self.text(text)));
        }
        if let Some(symbol) = v.dyn_ref::<js_sys::Symbol>() {
            self.lossy = true;
            return Some(Value::String(self.text(symbol.to_string().into())));
        }
        if !v.is_object() {
            self.lossy = true;
            return None;
        }
        if self.ancestors.iter().any(|a| Object::is(a, v)) {
            self.lossy = true;
            return Some(Value::String("[Circular]".into()));
        }
        if depth >= MAX_DEPTH || self.budget == 0 {
            self.lossy = true;
            return Some(Value::String("[…]".into()));
        }
        if let Some(special) = self.special(v) {
            return Some(special);
        }
        self.ancestors.push(v.clone());
        let copy = if Array::is_array(v) {
            self.array(v, depth)
        } else {
            self.object(v, depth)
        };
        self.ancestors.pop();
        Some(copy)
    }

    /// Objects whose own keys say nothing useful: DOM nodes, dates, errors, `toJSON` holders.
    fn special(&mut self, v: &JsValue) -> Option<Value> {
        if v.dyn_ref::<web_sys::Node>().is_some() {
            self.lossy = true;
            return Some(Value::String(cat(&["[", &constructor_name(v), "]"])));
        }
        if let Some(date) = v.dyn_ref::<js_sys::Date>() {
            if date.get_time().is_nan() {
                return Some(Value::String("Invalid Date".into()));
            }
            return Some(Value::String(date.to_iso_string().into()));
        }
        if v.dyn_ref::<js_sys::Error>().is_some() {
            let name = get_string(v, "name").unwrap_or_else(|| "Error".into());
            let message = get_string(v, "message").unwrap_or_default();
            return Some(Value::String(self.text(cat(&[&name, ": ", &message]))));
        }
        let to_json = Reflect::get(v, &"toJSON".into()).ok()?;
        let to_json = to_json.dyn_ref::<js_sys::Function>()?;
        match to_json.call0(v) {
            // The result is walked as a fresh value: it may be anything, even `v` itself.
            Ok(result) if !Object::is(&result, v) => self.value(&result, MAX_DEPTH - 1),
            _ => {
                self.lossy = true;
                Some(Value::Null)
            }
        }
    }

    fn array(&mut self, v: &JsValue, depth: usize) -> Value {
        let len = get_number(v, "length").unwrap_or(0.0).max(0.0) as u32;
        let mut items = Vec::new();
        self.spend(2);
        for i in 0..len {
            if self.budget == 0 {
                self.lossy = true;
                break;
            }
            let item = Reflect::get_u32(v, i).unwrap_or(JsValue::UNDEFINED);
            self.spend(1);
            // JSON writes `null` for holes and for what it cannot represent in arrays.
            items.push(self.value(&item, depth + 1).unwrap_or(Value::Null));
        }
        Value::Array(items)
    }

    fn object(&mut self, v: &JsValue, depth: usize) -> Value {
        let keys = match Reflect::own_keys(v) {
            Ok(keys) => keys,
            Err(_) => {
                self.lossy = true;
                return Value::Object(Vec::new());
            }
        };
        let mut entries = Vec::new();
        self.spend(2);
        for key in keys.iter() {
            let Some(name) = key.as_string() else {
                continue; // symbol keys, as JSON does
            };
            if self.budget == 0 {
                self.lossy = true;
                break;
            }
            let Ok(item) = Reflect::get(v, &key) else {
                self.lossy = true;
                continue;
            };
            let name = self.text(name);
            self.spend(2);
            if let Some(copy) = self.value(&item, depth + 1) {
                entries.push((name, copy));
            }
        }
        Value::Object(entries)
    }

    /// A string, cut if the budget runs out.
    fn text(&mut self, s: String) -> String {
        if s.len() + 2 <= self.budget {
            self.spend(s.len() + 2);
            return s;
        }
        self.lossy = true;
        let keep = self.budget.saturating_sub(2);
        let mut end = keep.min(s.len());
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        self.budget = 0;
        s.get(..end).unwrap_or_default().to_owned()
    }

    fn spend(&mut self, n: usize) {
        self.budget = self.budget.saturating_sub(n);
    }
}

fn get_string(v: &JsValue, key: &str) -> Option<String> {
    Reflect::get(v, &key.into()).ok()?.as_string()
}

fn get_number(v: &JsValue, key: &str) -> Option<f64> {
    Reflect::get(v, &key.into()).ok()?.as_f64()
}

fn constructor_name(v: &JsValue) -> String {
    Reflect::get(v, &"constructor".into())
        .ok()
        .and_then(|c| get_string(&c, "name"))
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "object".into())
}
