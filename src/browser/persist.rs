//! `persistUnsentEvents`: payloads the intake could not take before the page went away wait in
//! `localStorage` (the store the engine's JS keeps for them), bounded, for the next page of the
//! site.

use super::host::{store_read, store_write, KEPT_STORE};
use crate::core::kept::{decode, encode, Kept};
use crate::core::transport::Payload;
use crate::prelude::*;

/// `localStorage` is small (about 5 MiB per site) and shared with the app: keep well under it.
const MAX_BYTES: usize = 1024 * 1024;

fn entries() -> Vec<Kept> {
    store_read(KEPT_STORE).map_or_else(Vec::new, |text| decode(&text))
}

/// Replaces what this page (`page`, its random id) keeps with `payloads`, leaving other pages'
/// entries alone (tabs share the storage); the oldest go first when over [`MAX_BYTES`]. An empty
/// list removes this page's entries: what it delivered must not be sent again by the next page.
pub fn store(page: &str, payloads: &[Payload]) {
    let mut kept = Vec::new();
    for e in entries() {
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
    let text = (!kept.is_empty()).then(|| encode(&kept));
    store_write(KEPT_STORE, text.as_deref(), 0.0);
}

/// What earlier pages kept, emptied from storage: `(request id, body, event count)`.
pub fn take() -> Vec<(String, String, usize)> {
    let kept = entries();
    store_write(KEPT_STORE, None, 0.0);
    kept.into_iter()
        .map(|k| (k.request_id, k.body, k.events))
        .collect()
}
