//! Requests and resources: the trace plan of a request the page is about to make, and the
//! resource it became, with its timing entry's numbers.

use super::host::{self, arg, args, js_matches};
use super::state::{pump, with};
use crate::core::json::u64_string;
use crate::core::resource::{entry_start, entry_status, kind, read_timing};
use crate::core::rum::{RequestPlan, ResourceReport};
use crate::prelude::*;

/// What to do with a request to `url` (absolute, in the inbox): `-1` to leave it alone entirely
/// (the SDK's own intake), `0` to report it without headers, or `1` with the outbox holding the
/// plan's handle (decimal; it comes back with the request) and each header's name and value.
#[export_name = "rumPlanRequest"]
pub extern "C" fn plan_request(url: i32) -> i32 {
    let url = arg(url);
    let plan = with(|s| {
        s.rum
            .plan_request(&mut s.env, &url, |i| js_matches(i, &url))
    });
    match plan {
        None | Some(RequestPlan::Track) => 0,
        Some(RequestPlan::Ignore) => -1,
        Some(RequestPlan::Trace {
            handle, headers, ..
        }) => {
            let handle = u64_string(u64::from(handle));
            let mut parts: Vec<&[u8]> = vec![handle.as_bytes()];
            for (name, value) in &headers {
                parts.push(name.as_bytes());
                parts.push(value.as_bytes());
            }
            host::out(&parts);
            1
        }
    }
}

/// A finished fetch (`kind` 0) or XHR (1). `start` is epoch milliseconds; `handle` the plan's
/// (0 without headers); the inbox holds the `timings` numbers of its
/// `PerformanceResourceTiming` entry (none when the browser had none), then the method and URL,
/// then, for a GraphQL request (`allowedGraphQlUrls`), its `resource.graphql` object as the
/// engine's JS wrote it (JSON.stringify of four strings).
#[export_name = "rumAddRequest"]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn add_request(
    kind: u8,
    method: i32,
    url: i32,
    graphql: i32,
    status: u16,
    start: f64,
    duration: f64,
    failed: bool,
    handle: u32,
    timings: usize,
) {
    let (timing, mut texts) = args(timings, &[method, url, graphql]);
    let graphql = texts.pop().flatten();
    let url = texts.pop().flatten().unwrap_or_default();
    let method = texts.pop().flatten().unwrap_or_default();
    let mut report = ResourceReport {
        kind: if kind == super::abi::XHR {
            "xhr"
        } else {
            "fetch"
        },
        method: Some(method),
        url,
        status: Some(status),
        start,
        duration,
        failed,
        graphql,
        ..ResourceReport::default()
    };
    read_timing(&timing, &mut report);
    with(|s| {
        report.trace = s.rum.trace_of(handle);
        s.rum.add_resource(&mut s.env, report)
    });
    pump();
}

/// A resource timing entry of a script, style sheet, image…, of a fetch or XHR made before the
/// hooks were installed, or the page's own navigation (`initiatorType` `navigation`: the `document` resource): the inbox holds its
/// `timings` numbers, `initiatorType`, `name` and, for the document, the trace id the server
/// rendered into it (Datadog's `dd-trace-id`); `time_origin` is `performance.timeOrigin`.
#[export_name = "rumAddResourceEntry"]
pub extern "C" fn add_resource_entry(
    initiator: i32,
    url: i32,
    trace: i32,
    time_origin: f64,
    timings: usize,
) {
    let (timing, mut texts) = args(timings, &[initiator, url, trace]);
    let document_trace = texts.pop().flatten();
    let url = texts.pop().flatten().unwrap_or_default();
    let initiator = texts.pop().flatten().unwrap_or_default();
    let timing = &timing[..];
    let kind = kind(&initiator, &url);
    let mut report = ResourceReport {
        kind,
        // (A request made before the hooks: its method is unknown, as in Datadog's event.)
        method: (kind != "fetch" && kind != "xhr").then(|| "GET".into()),
        url,
        start: time_origin + entry_start(timing),
        status: entry_status(timing),
        document_trace,
        ..ResourceReport::default()
    };
    read_timing(timing, &mut report);
    with(|s| s.rum.add_resource(&mut s.env, report));
    pump();
}
