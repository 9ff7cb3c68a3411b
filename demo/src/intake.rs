//! The RUM intake (`POST /api/v2/rum`), in the format of Datadog's browser intake: NDJSON, one
//! event per line, plain or `Content-Encoding: deflate`. Each line is checked on its own: bad
//! lines are counted and refused, good ones kept. A retry (same `dd-request-id`) is stored once.

use crate::store::EventRow;
use crate::App;
use axum::body::{to_bytes, Body};
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::Read;
use std::sync::Arc;

/// Larger bodies get 413 (a batch is 16 KiB by default; a merged one at most 256 KiB).
pub const MAX_BODY_BYTES: usize = 5 * 1024 * 1024;
/// A small deflate body can inflate enormously: stop there, too.
pub const MAX_INFLATED_BYTES: usize = 50 * 1024 * 1024;
const EVENT_TYPES: &[&str] = &[
    "view",
    "action",
    "error",
    "resource",
    "long_task",
    "vital",
    "view_update",
    "transition",
];

pub fn cors(mut response: Response) -> Response {
    let h = response.headers_mut();
    h.insert("access-control-allow-origin", HeaderValue::from_static("*"));
    h.insert(
        "access-control-allow-headers",
        HeaderValue::from_static("content-type, content-encoding"),
    );
    h.insert(
        "access-control-allow-methods",
        HeaderValue::from_static("POST, OPTIONS"),
    );
    h.insert(
        "access-control-expose-headers",
        HeaderValue::from_static("retry-after"),
    );
    response
}

fn answer(status: StatusCode, body: Value) -> Response {
    cors((status, axum::Json(body)).into_response())
}

pub async fn preflight() -> Response {
    cors(StatusCode::NO_CONTENT.into_response())
}

pub async fn post(
    State(app): State<Arc<App>>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let Ok(raw) = to_bytes(body, MAX_BODY_BYTES).await else {
        return answer(
            StatusCode::PAYLOAD_TOO_LARGE,
            json!({"error": format!("the body is larger than {MAX_BODY_BYTES} bytes")}),
        );
    };
    // Datadog's SDK says `dd-evp-encoding=deflate` in the query (a header would cost a CORS
    // preflight); `Content-Encoding` is taken too.
    let encoding = query
        .get("dd-evp-encoding")
        .map(String::as_str)
        .or_else(|| {
            headers
                .get(header::CONTENT_ENCODING)
                .and_then(|v| v.to_str().ok())
        })
        .unwrap_or("identity")
        .trim()
        .to_ascii_lowercase();
    let text = match encoding.as_str() {
        "" | "identity" => raw.to_vec(),
        "deflate" => match inflate(&raw) {
            Ok(bytes) => bytes,
            Err(message) => return answer(StatusCode::BAD_REQUEST, json!({"error": message})),
        },
        other => {
            return answer(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                json!({"error": format!("Content-Encoding {other:?} is not supported: send identity or deflate")}),
            )
        }
    };
    let Ok(text) = String::from_utf8(text) else {
        return answer(
            StatusCode::BAD_REQUEST,
            json!({"error": "the body is not UTF-8"}),
        );
    };
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut rejected = 0;
    for (n, line) in text.split('\n').enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match check(line) {
            Ok(row) => rows.push(row),
            Err(reason) => {
                rejected += 1;
                if errors.len() < 10 {
                    errors.push(format!("line {}: {reason}", n + 1));
                }
            }
        }
    }
    if rows.is_empty() && rejected > 0 {
        return answer(
            StatusCode::BAD_REQUEST,
            json!({"accepted": 0, "rejected": rejected, "errors": errors}),
        );
    }
    let request_id = query.get("dd-request-id").cloned();
    let accepted = rows.len();
    let store = app.store.clone();
    let stored = tokio::task::spawn_blocking(move || {
        store.insert_batch(request_id.as_deref(), &rows, crate::now_ms())
    })
    .await;
    match stored {
        Ok(Ok(true)) => answer(
            StatusCode::ACCEPTED,
            json!({"accepted": accepted, "rejected": rejected, "errors": errors}),
        ),
        Ok(Ok(false)) => answer(
            StatusCode::ACCEPTED,
            json!({"accepted": 0, "rejected": rejected, "duplicate": true}),
        ),
        _ => {
            let mut r = answer(
                StatusCode::SERVICE_UNAVAILABLE,
                json!({"error": "the store is unavailable"}),
            );
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            r
        }
    }
}

fn inflate(raw: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let decoder = flate2::read::ZlibDecoder::new(raw);
    decoder
        .take(MAX_INFLATED_BYTES as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("the body is not valid deflate (zlib) data: {e}"))?;
    if out.len() > MAX_INFLATED_BYTES {
        return Err(format!(
            "the inflated body is larger than {MAX_INFLATED_BYTES} bytes"
        ));
    }
    Ok(out)
}

fn text(v: &Value, path: &str) -> Option<String> {
    match v.pointer(path)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A line is kept when it is a JSON object with the fields every RUM event has.
pub fn check(line: &str) -> Result<EventRow, String> {
    let v: Value = serde_json::from_str(line).map_err(|e| format!("not JSON ({e})"))?;
    if !v.is_object() {
        return Err("not a JSON object".into());
    }
    let kind = v["type"].as_str().ok_or("type is missing")?;
    if !EVENT_TYPES.contains(&kind) {
        return Err(format!("unknown type {kind:?}"));
    }
    let date = v["date"]
        .as_i64()
        .filter(|d| *d >= 0)
        .ok_or("date must be epoch milliseconds")?;
    let required = |path: &str| {
        text(&v, path)
            .filter(|s| !s.is_empty())
            .ok_or(format!("{} is missing", &path[1..].replace('/', ".")))
    };
    required("/application/id")?;
    let session_id = required("/session/id")?;
    let view_id = required("/view/id")?;
    let view_url = required("/view/url")?;
    Ok(EventRow {
        kind: kind.to_owned(),
        date,
        session_id,
        view_id,
        view_url,
        company_id: text(&v, "/context/company_id"),
        customer_id: text(&v, "/context/customer_id"),
        user_id: text(&v, "/usr/id"),
        name: text(&v, "/action/target/name").or_else(|| text(&v, "/view/name")),
        error_type: text(&v, "/error/type"),
        error_source: text(&v, "/error/source"),
        resource_url: text(&v, "/resource/url"),
        resource_status: v.pointer("/resource/status_code").and_then(Value::as_i64),
        duration_ns: v.pointer("/resource/duration").and_then(Value::as_i64),
        trace_id: text(&v, "/_dd/trace_id"),
        span_id: text(&v, "/_dd/span_id"),
        document_version: v.pointer("/_dd/document_version").and_then(Value::as_i64),
        json: line.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{"type":"action","date":1,"application":{"id":"a"},"session":{"id":"s"},"view":{"id":"v","url":"http://x/"},"context":{"company_id":"acme","customer_id":42},"action":{"target":{"name":"Save"}}}"#;

    #[test]
    fn good_lines_are_read() {
        let row = check(GOOD).unwrap();
        assert_eq!(
            (row.kind.as_str(), row.session_id.as_str()),
            ("action", "s")
        );
        assert_eq!(row.company_id.as_deref(), Some("acme"));
        assert_eq!(row.customer_id.as_deref(), Some("42"));
        assert_eq!(row.name.as_deref(), Some("Save"));
    }

    #[test]
    fn bad_lines_say_why() {
        assert!(check("{").unwrap_err().starts_with("not JSON"));
        assert_eq!(check("[1]").unwrap_err(), "not a JSON object");
        assert_eq!(
            check(r#"{"type":"nope"}"#).unwrap_err(),
            "unknown type \"nope\""
        );
        assert_eq!(
            check(r#"{"type":"view","date":-1}"#).unwrap_err(),
            "date must be epoch milliseconds"
        );
        assert_eq!(
            check(r#"{"type":"view","date":1,"application":{"id":"a"},"session":{"id":"s"}}"#)
                .unwrap_err(),
            "view.id is missing"
        );
    }

    #[test]
    fn inflate_refuses_garbage_and_bombs() {
        use flate2::write::ZlibEncoder;
        use std::io::Write;
        let mut e = ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(GOOD.as_bytes()).unwrap();
        let packed = e.finish().unwrap();
        assert_eq!(inflate(&packed).unwrap(), GOOD.as_bytes());
        assert!(inflate(&packed[..packed.len() / 2]).is_err(), "truncated");
        assert!(inflate(b"not deflate").is_err());
        let mut e = ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        let zeros = vec![0u8; 1024 * 1024];
        for _ in 0..51 {
            e.write_all(&zeros).unwrap();
        }
        assert!(inflate(&e.finish().unwrap())
            .unwrap_err()
            .contains("inflated body is larger"));
    }
}
