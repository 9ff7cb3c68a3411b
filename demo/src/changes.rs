//! "What changed": the selected window against the same window one day and one week earlier,
//! per API route, company, user and error type, sorted by the size of the change; and the
//! system view's per-view figures from the browser.

use crate::store::{percentile, route_of, Store};
use rusqlite::params;
use serde_json::{json, Value};
use std::collections::BTreeMap;

const DAY: i64 = 86_400_000;

/// Per key: requests, errors and durations (ms) in one window.
#[derive(Default, Clone)]
struct Tally {
    requests: i64,
    errors: i64,
    durations: Vec<f64>,
}

type Dimension = BTreeMap<String, Tally>;

impl Store {
    /// The four dimensions for `[from, to)`.
    fn tallies(&self, from: i64, to: i64) -> rusqlite::Result<[Dimension; 4]> {
        let conn = self.conn();
        let mut routes = Dimension::new();
        let mut companies = Dimension::new();
        let mut users = Dimension::new();
        let mut error_types = Dimension::new();
        // Requests as the browser made them: their route, company and user.
        let mut stmt = conn.prepare_cached(
            "SELECT resource_url, company_id, user_id, resource_status, duration_ns FROM events
             WHERE type = 'resource' AND date >= ?1 AND date < ?2
             AND json_extract(json, '$.resource.type') IN ('fetch', 'xhr')",
        )?;
        let rows = stmt.query_map(params![from, to], |row| {
            Ok((
                row.get::<_, Option<String>>(0)?,
                row.get::<_, Option<String>>(1)?,
                row.get::<_, Option<String>>(2)?,
                row.get::<_, Option<i64>>(3)?,
                row.get::<_, Option<i64>>(4)?,
            ))
        })?;
        for row in rows {
            let (url, company, user, status, ns) = row?;
            let failed = status.is_none_or(|s| s == 0 || s >= 500);
            let ms = ns.map(|n| n as f64 / 1e6);
            let keys = [url.map(|u| route_of(&u)), company, user];
            for (dim, key) in [&mut routes, &mut companies, &mut users]
                .into_iter()
                .zip(keys)
            {
                let t = dim
                    .entry(key.unwrap_or_else(|| "(none)".into()))
                    .or_default();
                t.requests += 1;
                t.errors += i64::from(failed);
                t.durations.extend(ms);
            }
        }
        let mut stmt = conn.prepare_cached(
            "SELECT COALESCE(error_type, 'Error') || ': ' || COALESCE(json_extract(json, '$.error.message'), ''),
                    COUNT(*) FROM events WHERE type = 'error' AND date >= ?1 AND date < ?2 GROUP BY 1",
        )?;
        for row in stmt.query_map(params![from, to], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
        })? {
            let (key, n) = row?;
            let key: String = key.chars().take(120).collect();
            error_types.entry(key).or_default().errors += n;
        }
        Ok([routes, companies, users, error_types])
    }

    pub fn changes(&self, from: i64, to: i64) -> rusqlite::Result<Value> {
        let now = self.tallies(from, to)?;
        let day = self.tallies(from - DAY, to - DAY)?;
        let week = self.tallies(from - 7 * DAY, to - 7 * DAY)?;
        let names = ["routes", "companies", "users", "error_types"];
        let mut out = serde_json::Map::new();
        for (i, name) in names.iter().enumerate() {
            out.insert((*name).into(), compare(&now[i], &day[i], &week[i]));
        }
        Ok(json!({"from": from, "to": to, "dimensions": out}))
    }

    /// The browser's view of the system: long tasks per view (latest version of each view).
    pub fn view_load(&self, from: i64, to: i64) -> rusqlite::Result<Value> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT view_url, json_extract(json, '$.view.long_task.count'),
                    json_extract(json, '$.view.memory.js_heap_used'), date
             FROM events e WHERE type = 'view' AND date >= ?1 AND date < ?2
             AND document_version = (SELECT MAX(document_version) FROM events v
                                     WHERE v.view_id = e.view_id AND v.type = 'view')
             ORDER BY date DESC LIMIT 50",
        )?;
        let rows: rusqlite::Result<Vec<Value>> = stmt
            .query_map(params![from, to], |r| {
                Ok(json!({
                    "route": route_of(&r.get::<_, String>(0)?),
                    "long_tasks": r.get::<_, Option<i64>>(1)?,
                    "js_heap_used": r.get::<_, Option<f64>>(2)?,
                    "date": r.get::<_, i64>(3)?,
                }))
            })?
            .collect();
        Ok(Value::Array(rows?))
    }
}

fn p95(t: Option<&Tally>) -> Option<f64> {
    let mut d = t?.durations.clone();
    d.sort_by(f64::total_cmp);
    percentile(&d, 95.0)
}

/// Rows for every key seen in any of the windows, biggest change against a day before first.
fn compare(now: &Dimension, day: &Dimension, week: &Dimension) -> Value {
    let mut keys: Vec<&String> = now.keys().chain(day.keys()).chain(week.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut rows: Vec<(f64, Value)> = keys
        .into_iter()
        .map(|k| {
            let (n, d, w) = (now.get(k), day.get(k), week.get(k));
            let count = |t: Option<&Tally>| t.map_or(0, |t| t.requests.max(t.errors));
            let change = (count(n) - count(d)).abs() as f64
                + (n.map_or(0, |t| t.errors) - d.map_or(0, |t| t.errors)).abs() as f64;
            let side = |t: Option<&Tally>| {
                json!({"requests": t.map_or(0, |t| t.requests), "errors": t.map_or(0, |t| t.errors), "p95_ms": p95(t)})
            };
            (
                change,
                json!({"key": k, "now": side(n), "day_before": side(d), "week_before": side(w)}),
            )
        })
        .collect();
    rows.sort_by(|a, b| b.0.total_cmp(&a.0));
    Value::Array(rows.into_iter().take(15).map(|(_, v)| v).collect())
}
