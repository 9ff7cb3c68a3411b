//! What each rule measures, read from the store for a window ending now.

use super::eval;
use super::rules::{By, Kind, Rule, Side};
use crate::store::{route_of, Store};
use rusqlite::params;

/// One evaluation's reading: whether it breaches, the value, and what it is about.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub breach: bool,
    pub value: Option<f64>,
    pub subject: String,
}

/// `Err` only for a database failure. A `new_error` rule yields one reading per new (type,
/// message) pair, as `subject`s; the others yield one.
pub fn measure(store: &Store, rule: &Rule, now: i64) -> rusqlite::Result<Vec<Reading>> {
    let conn = store.conn();
    let (from, to) = (now - rule.window_ms, now);
    Ok(match &rule.kind {
        Kind::Latency {
            route,
            side,
            stat,
            threshold_ms,
        } => {
            let mut values: Vec<f64> = Vec::new();
            match side {
                Side::Server => {
                    let mut stmt = conn.prepare_cached(
                        "SELECT duration_ms FROM spans WHERE route = ?1 AND start_ms >= ?2
                         AND start_ms < ?3 AND origin IS NULL",
                    )?;
                    for v in stmt.query_map(params![route, from, to], |r| r.get(0))? {
                        values.push(v?);
                    }
                }
                Side::Browser => {
                    let mut stmt = conn.prepare_cached(
                        "SELECT resource_url, duration_ns FROM events WHERE type = 'resource'
                         AND date >= ?2 AND date < ?3 AND resource_url LIKE '%' || ?1 || '%'
                         AND duration_ns IS NOT NULL",
                    )?;
                    let rows = stmt.query_map(params![route, from, to], |r| {
                        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
                    })?;
                    for row in rows {
                        let (url, ns) = row?;
                        if route_of(&url) == *route {
                            values.push(ns as f64 / 1e6);
                        }
                    }
                }
            }
            let value = eval::latency(&mut values, *stat);
            vec![Reading {
                breach: value.is_some_and(|v| v > *threshold_ms),
                value,
                subject: route.clone(),
            }]
        }
        Kind::Errors {
            error_type,
            source,
            per_minute,
            threshold,
        } => {
            let count: i64 = if source.as_deref() == Some("api") {
                conn.query_row(
                    "SELECT COUNT(*) FROM spans WHERE start_ms >= ?1 AND start_ms < ?2
                     AND status >= 500 AND origin IS NULL",
                    params![from, to],
                    |r| r.get(0),
                )?
            } else {
                conn.query_row(
                    "SELECT COUNT(*) FROM events WHERE type = 'error' AND date >= ?1 AND date < ?2
                     AND (?3 IS NULL OR error_type = ?3) AND (?4 IS NULL OR error_source = ?4)",
                    params![from, to, error_type, source],
                    |r| r.get(0),
                )?
            };
            let value = eval::errors(count, rule.window_ms, *per_minute);
            let subject = match (error_type, source) {
                (Some(t), _) => t.clone(),
                (None, Some(s)) if s == "api" => "API 5xx".into(),
                (None, Some(s)) => format!("{s} errors"),
                (None, None) => "all errors".into(),
            };
            vec![Reading {
                breach: value > *threshold,
                value: Some(value),
                subject,
            }]
        }
        Kind::Share {
            by,
            factor,
            min_requests,
        } => {
            let counts = |a: i64, b: i64| -> rusqlite::Result<Vec<(String, i64)>> {
                let mut stmt = conn.prepare_cached(
                    "SELECT company_id, user_id, resource_url FROM events WHERE type = 'resource'
                     AND date >= ?1 AND date < ?2
                     AND json_extract(json, '$.resource.type') IN ('fetch', 'xhr')",
                )?;
                let mut by_key: std::collections::BTreeMap<String, i64> = Default::default();
                let rows = stmt.query_map(params![a, b], |r| {
                    Ok((
                        r.get::<_, Option<String>>(0)?,
                        r.get::<_, Option<String>>(1)?,
                        r.get::<_, Option<String>>(2)?,
                    ))
                })?;
                for row in rows {
                    let (company, user, url) = row?;
                    let key = match by {
                        By::Company => company,
                        By::User => user,
                        By::Route => url.map(|u| route_of(&u)),
                    };
                    *by_key
                        .entry(key.unwrap_or_else(|| "(none)".into()))
                        .or_default() += 1;
                }
                Ok(by_key.into_iter().collect())
            };
            let now_counts = counts(from, to)?;
            let before = counts(from - rule.window_ms, from)?;
            match eval::share_surge(&now_counts, &before, *factor, *min_requests) {
                Some((key, growth, _)) => vec![Reading {
                    breach: true,
                    value: Some(if growth.is_finite() { growth } else { 999.0 }),
                    subject: key,
                }],
                None => vec![Reading {
                    breach: false,
                    value: None,
                    subject: String::new(),
                }],
            }
        }
        Kind::NewError { lookback_ms } => {
            let mut stmt = conn.prepare_cached(
                "SELECT DISTINCT COALESCE(error_type, 'Error'), COALESCE(json_extract(json, '$.error.message'), '')
                 FROM events WHERE type = 'error' AND date >= ?1 AND date < ?2",
            )?;
            let pairs: Vec<(String, String)> = stmt
                .query_map(params![from, to], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let mut seen = conn.prepare_cached(
                "SELECT 1 FROM events WHERE type = 'error' AND date >= ?1 AND date < ?2
                 AND COALESCE(error_type, 'Error') = ?3
                 AND COALESCE(json_extract(json, '$.error.message'), '') = ?4 LIMIT 1",
            )?;
            let mut out = Vec::new();
            for (kind, message) in pairs {
                if !seen.exists(params![from - lookback_ms, from, kind, message])? {
                    out.push(Reading {
                        breach: true,
                        value: None,
                        subject: format!("{kind}: {message}"),
                    });
                }
            }
            out
        }
    })
}
