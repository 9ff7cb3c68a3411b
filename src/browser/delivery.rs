//! The transport's side of the boundary: the next request to send (as bytes) with the next
//! deadline, the status it got, and everything waiting when the page goes away.

use super::host::out;
use super::state::{warn, warn_once, with, Sdk};
use crate::core::deflate;
use crate::core::ids;
use crate::core::intake::{Attempt, API_BEACON, API_FETCH};
use crate::core::json::u64_string;
use crate::core::rum::Env;
use crate::core::transport::{split_body, Outcome, EXIT_BODY_BYTES, MAX_REQUEST_BYTES};
use crate::prelude::*;

/// The next deadline (epoch ms, `Infinity` when nothing waits); with the request to send now,
/// if any, in the outbox: its id (decimal), URL and body. `force` seals the batch first. The
/// engine arms its one timer for the deadline: nothing polls.
#[export_name = "rumNextSend"]
pub extern "C" fn next_send(force: bool, online: bool) -> f64 {
    let request = with(|s| {
        let now = s.env.now();
        let env = &mut s.env;
        s.transport.seal(now, force, || ids::uuid_v4(env.random()));
        // The body crosses as bytes, copied once: no UTF-16 string to encode again in JS.
        let sent = s.transport.next_send(now, online).map(|payload| {
            let url = s.rum.intake_url(&Attempt {
                request_id: &payload.request_id,
                now,
                api: API_FETCH,
                // `next_send` counted this attempt already.
                retries: payload.attempts.saturating_sub(1),
                last_status: payload.last_status,
            });
            let id = u64_string(payload.id);
            let body = encode(s.rum.config().compress_intake_requests, &payload.body);
            out(&[id.as_bytes(), url.as_bytes(), &body]);
        });
        if sent.is_none() {
            out(&[]);
        }
        s.rum.deadline().min(s.transport.deadline(online))
    });
    request.unwrap_or(f64::INFINITY)
}

/// The HTTP status of the send of payload `id` (0 for a network error), with `Retry-After` in
/// milliseconds when the intake gave one (`NaN` otherwise).
#[export_name = "rumSendResult"]
pub extern "C" fn send_result(id: f64, status: u16, retry_after_ms: f64) {
    let retry_after = retry_after_ms.is_finite().then_some(retry_after_ms);
    let counts = with(|s| {
        let now = s.env.now();
        let jitter = f64::from(s.env.draw()) / f64::from(u32::MAX);
        s.transport.on_result(
            id as u64,
            Outcome::from_status(status, retry_after),
            now,
            jitter,
        );
        if s.persisted {
            keep_unsent(s);
        }
        (
            core::mem::take(&mut s.transport.dropped_unreported),
            core::mem::take(&mut s.transport.rejected_unreported),
        )
    });
    let (dropped, rejected) = counts.unwrap_or((0, 0));
    if dropped > 0 {
        warn_once(
            warn::EVENTS_DROPPED,
            &(u64_string(dropped) + " events were dropped: the intake could not be reached and the events waiting for it passed 3 MiB"),
        );
    }
    if rejected > 0 {
        warn_once(
            warn::EVENTS_REJECTED,
            &("the intake refused ".to_owned()
                + &u64_string(rejected)
                + " events with HTTP "
                + &u64_string(u64::from(status))
                + "; they were dropped, not retried"),
        );
    }
}

/// A copy of what is unsent, as this page's entries in `localStorage` (`persistUnsentEvents`).
fn keep_unsent(s: &mut Sdk) {
    let now = s.env.now();
    let env = &mut s.env;
    if s.page.is_empty() {
        s.page = ids::uuid_v4(env.random());
    }
    let unsent = s.transport.unsent(now, || ids::uuid_v4(env.random()));
    super::persist::store(&s.page, &unsent);
    s.persisted = !unsent.is_empty();
}

/// The page is hidden (it may be closing): everything waiting, as outbox parts `url, body, url,
/// body…` in bodies that fit `sendBeacon`. With `persistUnsentEvents`, when the intake cannot be reached (offline
/// or failing) the list is empty instead: the events stay queued, since a hidden page may come
/// back and send them, and a copy waits in `localStorage` for the next page, updated with each
/// delivery so that nothing is sent twice.
#[export_name = "rumTakeExit"]
pub extern "C" fn take_exit(online: bool) {
    let taken = with(|s| {
        if s.rum.config().persist_unsent_events && (!online || s.transport.in_retry()) {
            keep_unsent(s);
            return None;
        }
        let now = s.env.now();
        let env = &mut s.env;
        let compress = s.rum.config().compress_intake_requests;
        // Compressed, the whole queue usually fits one beacon: bodies are cut at the largest
        // request, and a part that compresses past a beacon's size is cut again, at it.
        let mut payloads = Vec::new();
        let max = if compress {
            MAX_REQUEST_BYTES
        } else {
            EXIT_BODY_BYTES
        };
        for mut p in s
            .transport
            .take_for_exit(now, max, || ids::uuid_v4(env.random()))
        {
            let body = encode(compress, &p.body);
            if body.len() <= EXIT_BODY_BYTES {
                payloads.push((body, p));
                continue;
            }
            for part in split_body(&p.body, EXIT_BODY_BYTES) {
                p.request_id = ids::uuid_v4(env.random());
                payloads.push((encode(compress, &part), p.clone()));
            }
        }
        if s.persisted {
            super::persist::store(&s.page, &[]);
            s.persisted = false;
        }
        let urls: Vec<String> = payloads
            .iter()
            .map(|(_, p)| {
                s.rum.intake_url(&Attempt {
                    request_id: &p.request_id,
                    now,
                    api: API_BEACON,
                    retries: p.attempts,
                    last_status: p.last_status,
                })
            })
            .collect();
        Some((payloads, urls))
    });
    let Some(Some((payloads, urls))) = taken else {
        out(&[]);
        return;
    };
    let mut parts: Vec<&[u8]> = Vec::new();
    for ((body, _), url) in payloads.iter().zip(&urls) {
        parts.push(url.as_bytes());
        parts.push(body);
    }
    out(&parts);
}

/// A body as it goes on the wire: deflated (`compressIntakeRequests`), else its text.
fn encode(compress: bool, body: &str) -> Vec<u8> {
    if compress {
        deflate::zlib(body.as_bytes())
    } else {
        body.as_bytes().to_vec()
    }
}
