//! The demo's backend API: each request joins the trace its headers carry (or starts one), runs
//! as a server span (new span id, the caller's span as parent) and is stored with the company and
//! customer it served.

use crate::store::Span;
use crate::trace::{extract, hex128, random_u128, random_u64};
use crate::App;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What each route does: its work time in milliseconds (a range) and the status it answers.
fn behaviour(route: &str) -> Option<((u64, u64), StatusCode)> {
    Some(match route {
        "orders" => ((5, 25), StatusCode::OK),
        "inventory" => ((10, 40), StatusCode::OK),
        "customers" => ((5, 15), StatusCode::OK),
        "report" => ((600, 900), StatusCode::OK),
        "fail" => ((20, 60), StatusCode::INTERNAL_SERVER_ERROR),
        _ => return None,
    })
}

pub async fn handle(
    State(app): State<Arc<App>>,
    Path(route): Path<String>,
    method: Method,
    headers: HeaderMap,
) -> Response {
    let Some(((low, high), status)) = behaviour(&route) else {
        return (
            StatusCode::NOT_FOUND,
            Json(json!({"error": format!("no API /api/{route}")})),
        )
            .into_response();
    };
    let started = Instant::now();
    let start_ms = crate::now_ms();
    let incoming = extract(&headers);
    let trace_id = incoming.map_or_else(random_u128, |i| i.trace_id);
    let span_id = random_u64();
    let extra = app.delays.as_ref().map_or(0, |d| {
        d.lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&route)
            .copied()
            .unwrap_or(0)
    });
    let work = low + random_u64() % (high - low + 1) + extra;
    tokio::time::sleep(Duration::from_millis(work)).await;
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let span = Span {
        trace_id: hex128(trace_id),
        span_id: span_id.to_string(),
        parent_id: incoming.map(|i| i.parent_id.to_string()),
        route: format!("/api/{route}"),
        method: method.to_string(),
        status: status.as_u16(),
        start_ms,
        duration_ms: started.elapsed().as_secs_f64() * 1000.0,
        company_id: header("x-company-id"),
        customer_id: header("x-customer-id"),
        propagation: incoming.map(|i| i.format.to_owned()),
        // The monitors' synthetic checks say who they are, so they do not count as traffic.
        origin: header("x-synthetic-check").map(|_| "synthetic".to_owned()),
    };
    let store = app.store.clone();
    let record = span.clone();
    if let Err(e) = tokio::task::spawn_blocking(move || store.insert_span(&record)).await {
        eprintln!("wasm-rum-demo: could not store a span: {e}");
    }
    let body = json!({
        "route": span.route,
        "ok": status.is_success(),
        "trace_id": span.trace_id,
        "span_id": span.span_id,
        "parent_id": span.parent_id,
        "propagation": span.propagation,
        "duration_ms": span.duration_ms,
        "items": if status.is_success() { json!([{"id": 1}, {"id": 2}, {"id": 3}]) } else { json!(null) },
    });
    let mut response = (status, Json(body)).into_response();
    if let Ok(v) = HeaderValue::from_str(&span.trace_id) {
        response.headers_mut().insert("x-trace-id", v);
    }
    response
}

#[derive(serde::Deserialize)]
pub struct Slow {
    route: String,
    ms: u64,
}

/// `POST /test/slow?route=orders&ms=1500` (only with `--test-switches`): `/api/orders` takes
/// 1.5 s more from now on; `ms=0` restores it.
pub async fn slow(
    State(app): State<Arc<App>>,
    axum::extract::Query(q): axum::extract::Query<Slow>,
) -> Response {
    let Some(delays) = &app.delays else {
        return (StatusCode::NOT_FOUND, "test switches are off").into_response();
    };
    delays
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(q.route, q.ms);
    StatusCode::NO_CONTENT.into_response()
}
