//! The dashboard's JSON API, read from the same store the intake and the backend write.

use crate::App;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;
use std::sync::Arc;

#[derive(Deserialize)]
pub struct Range {
    /// Epoch milliseconds; default: the last hour.
    from: Option<i64>,
    to: Option<i64>,
    /// Count the monitors' synthetic checks as traffic too.
    synthetic: Option<u8>,
    /// Which sessions (the alerts and the "what changed" rows link to these). Not a flattened
    /// struct: serde's flatten reads query numbers as strings and refuses them.
    company: Option<String>,
    user: Option<String>,
    route: Option<String>,
    error: Option<String>,
}

impl Range {
    fn bounds(&self) -> (i64, i64) {
        let to = self.to.unwrap_or_else(|| crate::now_ms() + 1);
        let from = self.from.unwrap_or(to - 3_600_000).min(to);
        (from, to)
    }
}

fn reply(
    result: Result<Result<Option<serde_json::Value>, rusqlite::Error>, tokio::task::JoinError>,
) -> Response {
    match result {
        Ok(Ok(Some(v))) => Json(v).into_response(),
        Ok(Ok(None)) => (
            StatusCode::NOT_FOUND,
            Json(json!({"error": "no such session"})),
        )
            .into_response(),
        Ok(Err(e)) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(json!({"error": e.to_string()})),
        )
            .into_response(),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(json!({"error": e.to_string()})),
        )
            .into_response(),
    }
}

pub async fn overview(State(app): State<Arc<App>>, Query(range): Query<Range>) -> Response {
    let (from, to) = range.bounds();
    let store = app.store.clone();
    let synthetic = range.synthetic == Some(1);
    reply(tokio::task::spawn_blocking(move || store.overview(from, to, synthetic).map(Some)).await)
}

pub async fn sessions(State(app): State<Arc<App>>, Query(range): Query<Range>) -> Response {
    let (from, to) = range.bounds();
    let store = app.store.clone();
    let only = crate::store::SessionFilter {
        company: range.company,
        user: range.user,
        route: range.route,
        error: range.error,
    };
    reply(tokio::task::spawn_blocking(move || store.sessions(from, to, &only).map(Some)).await)
}

pub async fn session(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    let store = app.store.clone();
    reply(tokio::task::spawn_blocking(move || store.session(&id)).await)
}

pub async fn changes(State(app): State<Arc<App>>, Query(range): Query<Range>) -> Response {
    let (from, to) = range.bounds();
    let store = app.store.clone();
    reply(tokio::task::spawn_blocking(move || store.changes(from, to).map(Some)).await)
}

/// The monitors' states and the last alerts.
pub async fn alerts(State(app): State<Arc<App>>) -> Response {
    match &app.monitoring {
        Some(m) => Json(m.snapshot()).into_response(),
        None => Json(json!({"monitors": [], "alerts": [], "webhook": null})).into_response(),
    }
}

/// The server's CPU and memory, and the browser's long tasks and JS heap per view.
pub async fn system(State(app): State<Arc<App>>, Query(range): Query<Range>) -> Response {
    let (from, to) = range.bounds();
    let store = app.store.clone();
    let samples = app.system.samples();
    let views = tokio::task::spawn_blocking(move || store.view_load(from, to)).await;
    match views {
        Ok(Ok(views)) => Json(json!({"server": samples, "views": views})).into_response(),
        other => reply(other.map(|r| r.map(Some))),
    }
}
