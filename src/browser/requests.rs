//! Requests and resources: the trace plan of a request the page is about to make, and the
//! resource it became, with its timing entry's numbers.

use super::state::{pump, with};
use crate::core::resource::{entry_start, entry_status, kind, read_timing};
use crate::core::rum::{RequestPlan, ResourceReport};
use crate::prelude::*;
use wasm_bindgen::prelude::*;

/// What to do with a request to `url` (absolute): `null` to leave it alone entirely (the SDK's
/// own intake), `undefined` to report it without headers, or one string
/// `handle\nname1\nvalue1\nname2\nvalue2…` for the headers to add (one string crosses into JS
/// far cheaper than an array built item by item); the handle comes back with the request.
#[wasm_bindgen(js_name = rumPlanRequest)]
pub fn plan_request(url: String) -> JsValue {
    let js_url = JsValue::from_str(&url);
    let plan = with(|s| {
        s.rum
            .plan_request(&mut s.env, &url, |i| super::tracing::matches(i, &js_url))
    });
    match plan {
        None | Some(RequestPlan::Track) => JsValue::UNDEFINED,
        Some(RequestPlan::Ignore) => JsValue::NULL,
        Some(RequestPlan::Trace {
            handle, headers, ..
        }) => {
            let mut out = String::new();
            crate::core::json::write_u64(&mut out, u64::from(handle));
            for (name, value) in headers {
                out.push('\n');
                out.push_str(name);
                out.push('\n');
                out.push_str(&value);
            }
            JsValue::from_str(&out)
        }
    }
}

/// A finished fetch (`kind` 0) or XHR (1). `start` is epoch milliseconds; `handle` the plan's
/// (0 without headers); `timing` the numbers of its `PerformanceResourceTiming` entry, empty
/// when the browser had none.
#[wasm_bindgen(js_name = rumAddRequest)]
#[allow(clippy::too_many_arguments)]
pub fn add_request(
    kind: u8,
    method: String,
    url: String,
    status: u16,
    start: f64,
    duration: f64,
    failed: bool,
    handle: u32,
    timing: &[f64],
) {
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
        ..ResourceReport::default()
    };
    read_timing(timing, &mut report);
    with(|s| {
        report.trace = s.rum.trace_of(handle);
        s.rum.add_resource(&mut s.env, report)
    });
    pump();
}

/// A resource timing entry of a script, style sheet, image… (not fetch or XHR), by its
/// `initiatorType`, `name` and numbers; `time_origin` is `performance.timeOrigin`.
#[wasm_bindgen(js_name = rumAddResourceEntry)]
pub fn add_resource_entry(initiator: &str, url: String, time_origin: f64, timing: &[f64]) {
    let mut report = ResourceReport {
        kind: kind(initiator, &url),
        method: Some("GET".into()),
        url,
        start: time_origin + entry_start(timing),
        status: entry_status(timing),
        ..ResourceReport::default()
    };
    read_timing(timing, &mut report);
    with(|s| s.rum.add_resource(&mut s.env, report));
    pump();
}
