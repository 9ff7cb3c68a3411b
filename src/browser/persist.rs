//! `persistUnsentEvents`: payloads the intake could not take before the page went away wait in
//! `localStorage`, bounded, for the next page of the site.

use crate::core::kept::{decode, encode, Kept};
use crate::core::transport::Payload;
use crate::prelude::*;

const KEY: &str = "_wrum_unsent";
/// `localStorage` is small (about 5 MiB per site) and shared with the app: keep well under it.
const MAX_BYTES: usize = 1024 * 1024;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn read(storage: &web_sys::Storage) -> Vec<Kept> {
    storage
        .get_item(KEY)
        .ok()
        .flatten()
        .map_or_else(Vec::new, |text| decode(&text))
}

/// Replaces what this page (`page`, its random id) keeps with `payloads`, leaving other pages'
/// entries alone (tabs share the storage); the oldest go first when over [`MAX_BYTES`]. An empty
/// list removes this page's entries: what it delivered must not be sent again by the next page.
pub fn store(page: &str, payloads: &[Payload]) {
    let Some(storage) = storage() else { return };
    let mut kept = Vec::new();
    for e in read(&storage) {
        if e.page != page {
            kept.push(e);
        }
    }
    kept.extend(payloads.iter().map(|p| Kept {
        page: page.to_owned(),
        request_id: p.request_id.clone(),
        events: p.events,
        body: p.body.clone(),
    }));
    let mut total: usize = kept.iter().map(|e| e.body.len()).sum();
    while total > MAX_BYTES && !kept.is_empty() {
        total -= kept.remove(0).body.len();
    }
    let _ = if kept.is_empty() {
        storage.remove_item(KEY)
    } else {
        storage.set_item(KEY, &encode(&kept))
    };
}

/// What earlier pages kept, emptied from storage: `(request id, body, event count)`.
pub fn take() -> Vec<(String, String, usize)> {
    let Some(storage) = storage() else {
        return Vec::new();
    };
    let kept = read(&storage);
    let _ = storage.remove_item(KEY);
    kept.into_iter()
        .map(|k| (k.request_id, k.body, k.events))
        .collect()
}
