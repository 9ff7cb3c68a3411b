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

/// Replaces what this page (`page`, its random id) keeps with `payloads`, leaving other pages'
/// entries alone (tabs share the storage); the oldest go first when over [`MAX_BYTES`]. An empty
/// list removes this page's entries: what it delivered must not be sent again by the next page.
pub fn store(page: &str, payloads: &[Payload]) {
    let Some(storage) = storage() else { return };
    let mut kept: Vec<Entry> = read(&storage).into_iter().filter(|e| e.3 != page).collect();
    kept.extend(payloads.iter().map(|p| {
        (
            p.request_id.clone(),
            p.body.clone(),
            p.events,
            page.to_owned(),
        )
    }));
    let mut total: usize = kept.iter().map(|e| e.1.len()).sum();
    while total > MAX_BYTES && !kept.is_empty() {
        total -= kept.remove(0).1.len();
    }
    if kept.is_empty() {
        let _ = storage.remove_item(KEY);
        return;
    }
    let value = Value::Array(
        kept.into_iter()
            .map(|(id, body, events, page)| {
                Value::Array(vec![
                    Value::String(id),
                    Value::String(body),
                    Value::Number(events as f64),
                    Value::String(page),
                ])
            })
            .collect(),
    );
    let _ = storage.set_item(KEY, &json::to_string(&value));
}

/// A kept payload: request id, body, event count, and the id of the page that kept it.
type Entry = (String, String, usize, String);

/// What an earlier page kept, emptied from storage: `(request id, body, event count)`.
pub fn take() -> Vec<(String, String, usize)> {
    let Some(storage) = storage() else {
        return Vec::new();
    };
    let kept = read(&storage);
    let _ = storage.remove_item(KEY);
    kept.into_iter()
        .map(|(id, body, n, _)| (id, body, n))
        .collect()
}

fn read(storage: &web_sys::Storage) -> Vec<Entry> {
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
                [Value::String(id), Value::String(body), Value::Number(n), Value::String(page)] => {
                    Some((id.clone(), body.clone(), *n as usize, page.clone()))
                }
                _ => None,
            },
            _ => None,
        })
        .collect()
}
