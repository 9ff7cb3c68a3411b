//! `persistUnsentEvents`: payloads the intake could not take before the page went away wait in
//! `localStorage`, bounded, for the next page of the site.

use crate::core::json;
use crate::core::transport::Payload;
use crate::core::value::Value;
use crate::prelude::*;

const KEY: &str = "_wrum_unsent";
/// `localStorage` is small (about 5 MiB per site) and shared with the app: keep well under it.
const MAX_BYTES: usize = 1024 * 1024;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Adds `payloads` to what is kept, dropping the oldest when over [`MAX_BYTES`].
pub fn keep(payloads: &[Payload]) {
    let Some(storage) = storage() else { return };
    let mut kept = read(&storage);
    kept.extend(
        payloads
            .iter()
            .map(|p| (p.request_id.clone(), p.body.clone(), p.events)),
    );
    let mut total: usize = kept.iter().map(|(_, b, _)| b.len()).sum();
    while total > MAX_BYTES && !kept.is_empty() {
        total -= kept.remove(0).1.len();
    }
    let value = Value::Array(
        kept.into_iter()
            .map(|(id, body, events)| {
                Value::Array(vec![
                    Value::String(id),
                    Value::String(body),
                    Value::Number(events as f64),
                ])
            })
            .collect(),
    );
    let _ = storage.set_item(KEY, &json::to_string(&value));
}

/// What an earlier page kept, emptied from storage: `(request id, body, event count)`.
pub fn take() -> Vec<(String, String, usize)> {
    let Some(storage) = storage() else {
        return Vec::new();
    };
    let kept = read(&storage);
    let _ = storage.remove_item(KEY);
    kept
}

fn read(storage: &web_sys::Storage) -> Vec<(String, String, usize)> {
    let Some(text) = storage.get_item(KEY).ok().flatten() else {
        return Vec::new();
    };
    let Ok(parsed) = js_sys::JSON::parse(&text) else {
        return Vec::new();
    };
    let Value::Array(items) = super::sanitize::copy_own(&parsed) else {
        return Vec::new();
    };
    items
        .into_iter()
        .filter_map(|item| match item {
            Value::Array(parts) => match parts.as_slice() {
                [Value::String(id), Value::String(body), Value::Number(n)] => {
                    Some((id.clone(), body.clone(), *n as usize))
                }
                _ => None,
            },
            _ => None,
        })
        .collect()
}
