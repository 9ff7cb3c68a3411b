//! The demo's SQLite store: RUM events from the intake and server spans from the backend, and
//! the queries behind the dashboard. One connection behind a mutex; WAL keeps readers cheap.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::{json, Value};
use std::path::Path;
use std::sync::Mutex;

pub struct Store {
    conn: Mutex<Connection>,
}

/// Which sessions the dashboard lists (all when every field is `None`).
#[derive(Debug, Default, Clone)]
pub struct SessionFilter {
    pub company: Option<String>,
    pub user: Option<String>,
    /// An API route the session called, e.g. `/api/orders`.
    pub route: Option<String>,
    /// An error the session had, as `Type: message`.
    pub error: Option<String>,
}

/// The columns of an event the dashboard filters and groups by; the whole event is kept as JSON.
#[derive(Debug, Default, Clone)]
pub struct EventRow {
    pub kind: String,
    pub date: i64,
    pub session_id: String,
    pub view_id: String,
    pub view_url: String,
    pub company_id: Option<String>,
    pub customer_id: Option<String>,
    pub user_id: Option<String>,
    pub name: Option<String>,
    pub error_type: Option<String>,
    pub error_source: Option<String>,
    pub resource_url: Option<String>,
    pub resource_status: Option<i64>,
    pub duration_ns: Option<i64>,
    pub trace_id: Option<String>,
    pub span_id: Option<String>,
    pub document_version: Option<i64>,
    pub json: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Span {
    pub trace_id: String,
    pub span_id: String,
    pub parent_id: Option<String>,
    pub route: String,
    pub method: String,
    pub status: u16,
    pub start_ms: i64,
    pub duration_ms: f64,
    pub company_id: Option<String>,
    pub customer_id: Option<String>,
    pub propagation: Option<String>,
    /// `synthetic` for the monitors' scheduled checks (and the backend's spans of them), which
    /// the dashboard hides unless asked; `None` for the app's own traffic.
    pub origin: Option<String>,
}

const SCHEMA: &str = "
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY,
  type TEXT NOT NULL,
  date INTEGER NOT NULL,
  session_id TEXT NOT NULL,
  view_id TEXT NOT NULL,
  view_url TEXT NOT NULL,
  company_id TEXT, customer_id TEXT, user_id TEXT,
  name TEXT, error_type TEXT, error_source TEXT,
  resource_url TEXT, resource_status INTEGER, duration_ns INTEGER,
  trace_id TEXT, span_id TEXT, document_version INTEGER,
  json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_date ON events(date);
CREATE INDEX IF NOT EXISTS events_session ON events(session_id, date);
CREATE INDEX IF NOT EXISTS events_trace ON events(trace_id);
CREATE TABLE IF NOT EXISTS spans (
  trace_id TEXT NOT NULL, span_id TEXT NOT NULL, parent_id TEXT,
  route TEXT NOT NULL, method TEXT NOT NULL, status INTEGER NOT NULL,
  start_ms INTEGER NOT NULL, duration_ms REAL NOT NULL,
  company_id TEXT, customer_id TEXT, propagation TEXT, origin TEXT
);
CREATE INDEX IF NOT EXISTS spans_trace ON spans(trace_id);
CREATE INDEX IF NOT EXISTS spans_start ON spans(start_ms);
CREATE TABLE IF NOT EXISTS intake_requests (request_id TEXT PRIMARY KEY, received_ms INTEGER NOT NULL);
";

pub fn percentile(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = ((p / 100.0) * (sorted.len() as f64 - 1.0)).round() as usize;
    Some(sorted[rank.min(sorted.len() - 1)])
}

pub fn route_of(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, r)| r);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    path.split(['?', '#']).next().unwrap_or("/").to_owned()
}

impl Store {
    pub fn open(path: &Path) -> rusqlite::Result<Store> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(SCHEMA)?;
        // A database from before the synthetic checks: add their column.
        if conn.prepare("SELECT origin FROM spans LIMIT 0").is_err() {
            conn.execute_batch("ALTER TABLE spans ADD COLUMN origin TEXT")?;
        }
        Ok(Store {
            conn: Mutex::new(conn),
        })
    }

    pub(crate) fn conn(&self) -> std::sync::MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves the connection usable: SQLite rolls back.
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Stores one intake request's events, in one transaction with its request id: `false` when
    /// that id was stored before (a retry whose first attempt got through), and nothing is added.
    pub fn insert_batch(
        &self,
        request_id: Option<&str>,
        rows: &[EventRow],
        now: i64,
    ) -> rusqlite::Result<bool> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        if let Some(id) = request_id {
            let n = tx.execute(
                "INSERT OR IGNORE INTO intake_requests(request_id, received_ms) VALUES (?1, ?2)",
                params![id, now],
            )?;
            if n == 0 {
                return Ok(false);
            }
        }
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO events(type, date, session_id, view_id, view_url, company_id, customer_id,
                   user_id, name, error_type, error_source, resource_url, resource_status, duration_ns,
                   trace_id, span_id, document_version, json)
                 VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18)",
            )?;
            for r in rows {
                stmt.execute(params![
                    r.kind,
                    r.date,
                    r.session_id,
                    r.view_id,
                    r.view_url,
                    r.company_id,
                    r.customer_id,
                    r.user_id,
                    r.name,
                    r.error_type,
                    r.error_source,
                    r.resource_url,
                    r.resource_status,
                    r.duration_ns,
                    r.trace_id,
                    r.span_id,
                    r.document_version,
                    r.json
                ])?;
            }
        }
        tx.commit()?;
        Ok(true)
    }

    pub fn insert_span(&self, s: &Span) -> rusqlite::Result<()> {
        self.conn().execute(
            "INSERT INTO spans(trace_id, span_id, parent_id, route, method, status, start_ms, duration_ms,
               company_id, customer_id, propagation, origin) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)",
            params![
                s.trace_id, s.span_id, s.parent_id, s.route, s.method, s.status, s.start_ms,
                s.duration_ms, s.company_id, s.customer_id, s.propagation, s.origin
            ],
        )?;
        Ok(())
    }

    /// Everything the dashboard's panels show for `[from, to)` (epoch ms).
    /// `synthetic`: count the monitors' synthetic checks too (hidden by default).
    pub fn overview(&self, from: i64, to: i64, synthetic: bool) -> rusqlite::Result<Value> {
        let conn = self.conn();
        let spans = if synthetic {
            "spans"
        } else {
            "(SELECT * FROM spans WHERE origin IS NULL)"
        };
        let rows =
            |sql: &str, args: &[&dyn rusqlite::ToSql]| -> rusqlite::Result<Vec<(String, i64)>> {
                let mut stmt = conn.prepare(sql)?;
                let out = stmt
                    .query_map(args, |r| {
                        Ok((
                            r.get::<_, Option<String>>(0)?.unwrap_or_default(),
                            r.get(1)?,
                        ))
                    })?
                    .collect();
                out
            };
        let length = (to - from).max(1);
        let per_minute = rows(
            &format!(
                "SELECT CAST(start_ms / 60000 * 60000 AS TEXT), COUNT(*) FROM {spans}
                 WHERE start_ms >= ?1 AND start_ms < ?2 GROUP BY start_ms / 60000 ORDER BY 1"
            ),
            &[&from, &to],
        )?;
        let count = |table_sql: &str, a: i64, b: i64| -> rusqlite::Result<i64> {
            conn.query_row(table_sql, params![a, b], |r| r.get(0))
        };
        let total_sql =
            format!("SELECT COUNT(*) FROM {spans} WHERE start_ms >= ?1 AND start_ms < ?2");
        let total = count(&total_sql, from, to)?;
        let previous = count(&total_sql, from - length, from)?;
        let by_company = rows(
            "SELECT COALESCE(company_id, '(anonymous)'), COUNT(*) FROM events
             WHERE date >= ?1 AND date < ?2 AND type IN ('action', 'resource', 'error')
             GROUP BY 1 ORDER BY 2 DESC LIMIT 10",
            &[&from, &to],
        )?;
        let by_site = rows(
            "SELECT CASE WHEN view_url LIKE '%://%/admin%' THEN 'admin' ELSE 'user' END, COUNT(DISTINCT view_id)
             FROM events WHERE date >= ?1 AND date < ?2 AND type = 'view' GROUP BY 1",
            &[&from, &to],
        )?;
        let top_users = {
            let mut stmt = conn.prepare(
                "SELECT user_id, MAX(company_id), COUNT(*), COUNT(DISTINCT session_id) FROM events
                 WHERE date >= ?1 AND date < ?2 AND user_id IS NOT NULL
                 GROUP BY user_id ORDER BY 3 DESC LIMIT 5",
            )?;
            let out: rusqlite::Result<Vec<Value>> = stmt
                .query_map(params![from, to], |r| {
                    Ok(json!({"user": r.get::<_, String>(0)?, "company": r.get::<_, Option<String>>(1)?,
                              "events": r.get::<_, i64>(2)?, "sessions": r.get::<_, i64>(3)?}))
                })?
                .collect();
            out?
        };
        let frontend_errors = rows(
            "SELECT COALESCE(error_type, 'Error') || ' · ' || COALESCE(error_source, 'source'), COUNT(*)
             FROM events WHERE date >= ?1 AND date < ?2 AND type = 'error' GROUP BY 1 ORDER BY 2 DESC",
            &[&from, &to],
        )?;
        let error_sources = rows(
            &format!(
                "SELECT CASE error_source WHEN 'network' THEN 'network' ELSE 'frontend' END, COUNT(*)
                 FROM events WHERE date >= ?1 AND date < ?2 AND type = 'error' GROUP BY 1
                 UNION ALL
                 SELECT 'API', COUNT(*) FROM {spans} WHERE start_ms >= ?1 AND start_ms < ?2 AND status >= 500"
            ),
            &[&from, &to],
        )?;
        let status_share = rows(
            "SELECT CASE WHEN resource_status = 0 THEN 'failed' ELSE (resource_status / 100) || 'xx' END, COUNT(*)
             FROM events WHERE date >= ?1 AND date < ?2 AND type = 'resource'
               AND json_extract(json, '$.resource.type') IN ('fetch', 'xhr') AND resource_status IS NOT NULL
             GROUP BY 1 ORDER BY 1",
            &[&from, &to],
        )?;
        // Latency per API route, from the browser (resource events) and the server (spans).
        let mut routes: std::collections::BTreeMap<String, (Vec<f64>, Vec<f64>)> =
            Default::default();
        {
            let mut stmt = conn.prepare(
                "SELECT resource_url, duration_ns FROM events WHERE date >= ?1 AND date < ?2
                 AND type = 'resource' AND resource_url LIKE '%/api/%' AND duration_ns IS NOT NULL
                 AND resource_status > 0",
            )?;
            let mut q = stmt.query(params![from, to])?;
            while let Some(r) = q.next()? {
                let url: String = r.get(0)?;
                let ns: i64 = r.get(1)?;
                routes
                    .entry(route_of(&url))
                    .or_default()
                    .0
                    .push(ns as f64 / 1e6);
            }
            let mut stmt = conn.prepare(&format!(
                "SELECT route, duration_ms FROM {spans} WHERE start_ms >= ?1 AND start_ms < ?2"
            ))?;
            let mut q = stmt.query(params![from, to])?;
            while let Some(r) = q.next()? {
                routes.entry(r.get(0)?).or_default().1.push(r.get(1)?);
            }
        }
        let latency: Vec<Value> = routes
            .into_iter()
            .map(|(route, (mut front, mut back))| {
                front.sort_by(f64::total_cmp);
                back.sort_by(f64::total_cmp);
                json!({
                    "route": route,
                    "frontend": {"count": front.len(), "p50": percentile(&front, 50.0), "p95": percentile(&front, 95.0)},
                    "backend": {"count": back.len(), "p50": percentile(&back, 50.0), "p95": percentile(&back, 95.0)},
                })
            })
            .collect();
        let pairs = |v: Vec<(String, i64)>| -> Value {
            v.into_iter()
                .map(|(k, n)| json!({"key": k, "count": n}))
                .collect()
        };
        Ok(json!({
            "from": from, "to": to,
            "traffic": {
                "per_minute": per_minute.into_iter().map(|(m, n)| json!({"minute": m.parse::<i64>().unwrap_or(0), "requests": n})).collect::<Vec<_>>(),
                "total": total,
                "previous_total": previous,
                "change_pct": if previous > 0 { Some((total - previous) as f64 * 100.0 / previous as f64) } else { None },
                "by_company": pairs(by_company),
                "by_site": pairs(by_site),
                "top_users": top_users,
            },
            "errors": {
                "by_type": pairs(frontend_errors),
                "by_source": pairs(error_sources.into_iter().filter(|(_, n)| *n > 0).collect()),
                "status_share": pairs(status_share),
            },
            "latency": latency,
        }))
    }

    /// Sessions active in `[from, to)`; when asked, only those of a company or a user, that
    /// called an API route, or that had an error of a type (what the alerts and the "what
    /// changed" rows link to).
    pub fn sessions(&self, from: i64, to: i64, only: &SessionFilter) -> rusqlite::Result<Value> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT session_id, MIN(date), MAX(date), MAX(company_id), MAX(customer_id), MAX(user_id),
                    COUNT(DISTINCT CASE WHEN type = 'view' THEN view_id END),
                    SUM(type = 'action'), SUM(type = 'error'), SUM(type = 'resource')
             FROM events WHERE date >= ?1 AND date < ?2
             GROUP BY session_id
             HAVING (?3 IS NULL OR MAX(company_id) = ?3) AND (?4 IS NULL OR MAX(user_id) = ?4)
               AND (?5 IS NULL OR SUM(type = 'resource' AND resource_url LIKE '%://%' || ?5 || '%') > 0)
               AND (?6 IS NULL OR SUM(type = 'error'
                    AND COALESCE(error_type, 'Error') || ': ' || COALESCE(json_extract(json, '$.error.message'), '') = ?6) > 0)
             ORDER BY MAX(date) DESC LIMIT 100",
        )?;
        let rows: rusqlite::Result<Vec<Value>> = stmt
            .query_map(
                params![from, to, only.company, only.user, only.route, only.error],
                |r| {
                Ok(json!({
                    "session_id": r.get::<_, String>(0)?,
                    "start": r.get::<_, i64>(1)?, "end": r.get::<_, i64>(2)?,
                    "company_id": r.get::<_, Option<String>>(3)?, "customer_id": r.get::<_, Option<String>>(4)?,
                    "user_id": r.get::<_, Option<String>>(5)?,
                    "views": r.get::<_, i64>(6)?, "actions": r.get::<_, i64>(7)?,
                    "errors": r.get::<_, i64>(8)?, "resources": r.get::<_, i64>(9)?,
                }))
            })?
            .collect();
        Ok(Value::Array(rows?))
    }

    /// One session as a timeline: its views (latest version), actions, errors and resources in
    /// time order, each resource with the backend spans of its trace (joined on the trace id).
    pub fn session(&self, session_id: &str) -> rusqlite::Result<Option<Value>> {
        let conn = self.conn();
        let exists: Option<i64> = conn
            .query_row(
                "SELECT 1 FROM events WHERE session_id = ?1 LIMIT 1",
                [session_id],
                |r| r.get(0),
            )
            .optional()?;
        if exists.is_none() {
            return Ok(None);
        }
        let mut stmt = conn.prepare(
            "SELECT e.json, s.trace_id, s.span_id, s.parent_id, s.route, s.method, s.status, s.duration_ms,
                    s.company_id, s.customer_id, s.propagation
             FROM events e
             LEFT JOIN spans s ON e.type = 'resource' AND s.trace_id = e.trace_id
             WHERE e.session_id = ?1
               AND (e.type != 'view' OR e.document_version = (
                    SELECT MAX(v.document_version) FROM events v
                    WHERE v.view_id = e.view_id AND v.type = 'view' AND v.session_id = e.session_id))
             ORDER BY e.date, e.id",
        )?;
        let mut items: Vec<Value> = Vec::new();
        let mut q = stmt.query([session_id])?;
        while let Some(r) = q.next()? {
            let event: Value = serde_json::from_str(&r.get::<_, String>(0)?).unwrap_or(Value::Null);
            let span = match r.get::<_, Option<String>>(1)? {
                Some(trace_id) => json!({
                    "trace_id": trace_id, "span_id": r.get::<_, String>(2)?, "parent_id": r.get::<_, Option<String>>(3)?,
                    "route": r.get::<_, String>(4)?, "method": r.get::<_, String>(5)?, "status": r.get::<_, i64>(6)?,
                    "duration_ms": r.get::<_, f64>(7)?, "company_id": r.get::<_, Option<String>>(8)?,
                    "customer_id": r.get::<_, Option<String>>(9)?, "propagation": r.get::<_, Option<String>>(10)?,
                }),
                None => Value::Null,
            };
            items.push(json!({"event": event, "span": span}));
        }
        // A view's final version can repeat if two updates carried the same version: keep one.
        items.dedup_by(|a, b| a["event"]["type"] == "view" && a["event"] == b["event"]);
        Ok(Some(json!({"session_id": session_id, "timeline": items})))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_and_routes() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&v, 50.0), Some(51.0));
        assert_eq!(percentile(&v, 95.0), Some(95.0));
        assert_eq!(percentile(&[], 50.0), None);
        assert_eq!(
            route_of("http://127.0.0.1:8080/api/orders?x=1"),
            "/api/orders"
        );
        assert_eq!(route_of("http://h"), "/");
    }

    #[test]
    fn a_request_id_is_stored_once() {
        let dir = std::env::temp_dir().join(format!("wasm-rum-store-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let store = Store::open(&dir.join("t.sqlite")).unwrap();
        let row = EventRow {
            kind: "action".into(),
            session_id: "s".into(),
            view_id: "v".into(),
            view_url: "http://x/".into(),
            json: "{}".into(),
            ..EventRow::default()
        };
        assert!(store
            .insert_batch(Some("r1"), std::slice::from_ref(&row), 1)
            .unwrap());
        assert!(!store
            .insert_batch(Some("r1"), std::slice::from_ref(&row), 2)
            .unwrap());
        assert!(store.insert_batch(None, &[row], 3).unwrap());
        let n: i64 = store
            .conn()
            .query_row("SELECT COUNT(*) FROM events", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 2);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
