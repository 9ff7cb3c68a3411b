//! The rules file (`demo/monitors.toml`): settings, monitors and synthetic checks, each checked
//! field by field. A mistake stops the server with the rule and the field named; an unknown field
//! is an error, never ignored (a typo would otherwise silently disable a threshold).

use toml::{Table, Value};

#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// How often every monitor is evaluated.
    pub interval_ms: u64,
    /// A firing monitor posts again after this long while it stays firing.
    pub renotify_ms: i64,
    /// Where alerts go unless a rule says otherwise (`--webhook` overrides it).
    pub webhook: Option<String>,
    /// The first retry of a failed webhook post waits this long, then twice as long each time.
    pub retry_ms: u64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Side {
    Browser,
    Server,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Stat {
    P95,
    Avg,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum By {
    Company,
    User,
    Route,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// p95 or average duration of an API route, browser- or server-side, above `threshold_ms`.
    Latency {
        route: String,
        side: Side,
        stat: Stat,
        threshold_ms: f64,
    },
    /// Errors (of a type, of a source, or the API's 5xx) above `threshold`: a count over the
    /// window, or a rate per minute.
    Errors {
        error_type: Option<String>,
        source: Option<String>,
        per_minute: bool,
        threshold: f64,
    },
    /// A company's, user's or route's share of requests rising to `factor` times its share in
    /// the previous window, with at least `min_requests` requests.
    Share {
        by: By,
        factor: f64,
        min_requests: i64,
    },
    /// An error (type, message) not seen in the `lookback_ms` before it.
    NewError { lookback_ms: i64 },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub name: String,
    pub kind: Kind,
    pub window_ms: i64,
    pub webhook: Option<String>,
}

/// A request the server makes on schedule; failing (wrong status, error) or slow, it fires.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    pub name: String,
    pub method: String,
    /// Absolute, or a path on the demo server itself.
    pub url: String,
    pub interval_ms: u64,
    pub expect_status: u16,
    pub max_latency_ms: f64,
    pub webhook: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Monitors {
    pub settings: Settings,
    pub rules: Vec<Rule>,
    pub checks: Vec<Check>,
}

/// One table's fields, read once each; what is left at the end is unknown.
struct Fields {
    what: String,
    table: Table,
}

impl Fields {
    fn new(what: String, table: Table) -> Self {
        Fields { what, table }
    }

    fn err(&self, field: &str, must: &str) -> String {
        format!("{}: field \"{field}\" must be {must}", self.what)
    }

    fn string(&mut self, field: &str) -> Result<Option<String>, String> {
        match self.table.remove(field) {
            None => Ok(None),
            Some(Value::String(s)) if !s.trim().is_empty() => Ok(Some(s)),
            Some(_) => Err(self.err(field, "a non-empty string")),
        }
    }

    fn required(&mut self, field: &str) -> Result<String, String> {
        self.string(field)?
            .ok_or_else(|| format!("{}: field \"{field}\" is required", self.what))
    }

    fn number(&mut self, field: &str, min: f64, default: Option<f64>) -> Result<f64, String> {
        let value = match self.table.remove(field) {
            None => default.ok_or_else(|| format!("{}: field \"{field}\" is required", self.what)),
            Some(Value::Integer(n)) => Ok(n as f64),
            Some(Value::Float(n)) => Ok(n),
            Some(_) => return Err(self.err(field, &format!("a number of at least {min}"))),
        }?;
        if value.is_finite() && value >= min {
            Ok(value)
        } else {
            Err(self.err(field, &format!("a number of at least {min}")))
        }
    }

    fn choice<T: Copy>(
        &mut self,
        field: &str,
        options: &[(&str, T)],
        default: Option<T>,
    ) -> Result<T, String> {
        let names: Vec<_> = options.iter().map(|(n, _)| format!("\"{n}\"")).collect();
        match self.string(field)? {
            None => default.ok_or_else(|| format!("{}: field \"{field}\" is required", self.what)),
            Some(s) => options
                .iter()
                .find(|(n, _)| *n == s)
                .map(|(_, v)| *v)
                .ok_or_else(|| self.err(field, &format!("one of {}", names.join(", ")))),
        }
    }

    fn webhook(&mut self) -> Result<Option<String>, String> {
        let url = self.string("webhook")?;
        if let Some(u) = &url {
            if !is_http_url(u) {
                return Err(self.err("webhook", "an http(s) URL"));
            }
        }
        Ok(url)
    }

    fn done(self) -> Result<(), String> {
        match self.table.keys().next() {
            Some(k) => Err(format!("{}: unknown field \"{k}\"", self.what)),
            None => Ok(()),
        }
    }
}

pub fn is_http_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/'))
}

fn tables(root: &mut Table, key: &str) -> Result<Vec<Table>, String> {
    match root.remove(key) {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .into_iter()
            .enumerate()
            .map(|(i, v)| match v {
                Value::Table(t) => Ok(t),
                _ => Err(format!("[[{key}]] #{}: must be a table", i + 1)),
            })
            .collect(),
        Some(_) => Err(format!("\"{key}\" must be a list of [[{key}]] tables")),
    }
}

/// Reads a rules file; the error names the rule (or check) and the field.
pub fn parse(text: &str) -> Result<Monitors, String> {
    let mut root: Table = text.parse().map_err(|e: toml::de::Error| e.to_string())?;
    let settings = match root.remove("settings") {
        None => Table::new(),
        Some(Value::Table(t)) => t,
        Some(_) => return Err("[settings] must be a table".into()),
    };
    let mut f = Fields::new("[settings]".into(), settings);
    let settings = Settings {
        interval_ms: (f.number("interval_seconds", 0.1, Some(30.0))? * 1000.0) as u64,
        renotify_ms: (f.number("renotify_minutes", 1.0, Some(60.0))? * 60_000.0) as i64,
        webhook: f.webhook()?,
        retry_ms: f.number("retry_ms", 10.0, Some(1000.0))? as u64,
    };
    f.done()?;
    let mut rules = Vec::new();
    for (i, table) in tables(&mut root, "monitor")?.into_iter().enumerate() {
        rules.push(rule(i, table)?);
    }
    let mut checks = Vec::new();
    for (i, table) in tables(&mut root, "check")?.into_iter().enumerate() {
        checks.push(check(i, table)?);
    }
    if let Some(k) = root.keys().next() {
        return Err(format!(
            "unknown section \"{k}\" (expected [settings], [[monitor]] and [[check]])"
        ));
    }
    let mut names: Vec<&str> = rules.iter().map(|r| r.name.as_str()).collect();
    names.extend(checks.iter().map(|c| c.name.as_str()));
    names.sort_unstable();
    if let Some(w) = names.windows(2).find(|w| w[0] == w[1]) {
        return Err(format!("two monitors or checks are named \"{}\"", w[0]));
    }
    Ok(Monitors {
        settings,
        rules,
        checks,
    })
}

fn named(kind: &str, i: usize, table: &Table) -> String {
    match table.get("name") {
        Some(Value::String(n)) => format!("{kind} \"{n}\""),
        _ => format!("{kind} #{}", i + 1),
    }
}

fn rule(i: usize, table: Table) -> Result<Rule, String> {
    let mut f = Fields::new(named("monitor", i, &table), table);
    let name = f.required("name")?;
    let window_ms = (f.number("window_seconds", 1.0, Some(300.0))? * 1000.0) as i64;
    let webhook = f.webhook()?;
    let kinds = [
        ("latency", 0),
        ("errors", 1),
        ("share", 2),
        ("new_error", 3),
    ];
    let kind = match f.choice("kind", &kinds, None)? {
        0 => {
            let route = f.required("route")?;
            if !route.starts_with('/') {
                return Err(f.err("route", "a path such as \"/api/orders\""));
            }
            Kind::Latency {
                route,
                side: f.choice(
                    "side",
                    &[("browser", Side::Browser), ("server", Side::Server)],
                    Some(Side::Server),
                )?,
                stat: f.choice(
                    "stat",
                    &[("p95", Stat::P95), ("avg", Stat::Avg)],
                    Some(Stat::P95),
                )?,
                threshold_ms: f.number("threshold_ms", 0.0, None)?,
            }
        }
        1 => Kind::Errors {
            error_type: f.string("error_type")?,
            source: f.string("source")?,
            per_minute: f.choice("measure", &[("count", false), ("rate", true)], Some(false))?,
            threshold: f.number("threshold", 0.0, None)?,
        },
        2 => Kind::Share {
            by: f.choice(
                "by",
                &[
                    ("company", By::Company),
                    ("user", By::User),
                    ("route", By::Route),
                ],
                None,
            )?,
            factor: f.number("factor", 1.0, Some(3.0))?,
            min_requests: f.number("min_requests", 1.0, Some(20.0))? as i64,
        },
        _ => Kind::NewError {
            lookback_ms: (f.number("lookback_hours", 0.0, Some(24.0))? * 3_600_000.0) as i64,
        },
    };
    f.done()?;
    Ok(Rule {
        name,
        kind,
        window_ms,
        webhook,
    })
}

fn check(i: usize, table: Table) -> Result<Check, String> {
    let mut f = Fields::new(named("check", i, &table), table);
    let name = f.required("name")?;
    let url = f.required("url")?;
    if !url.starts_with('/') && !is_http_url(&url) {
        return Err(f.err("url", "an http(s) URL or a path on the demo server"));
    }
    let method = f.string("method")?.unwrap_or_else(|| "GET".into());
    if !["GET", "POST", "HEAD"].contains(&method.as_str()) {
        return Err(f.err("method", "\"GET\", \"POST\" or \"HEAD\""));
    }
    let check = Check {
        name,
        method,
        url,
        interval_ms: (f.number("interval_seconds", 0.1, Some(30.0))? * 1000.0) as u64,
        expect_status: f.number("expect_status", 100.0, Some(200.0))? as u16,
        max_latency_ms: f.number("max_latency_ms", 1.0, Some(1000.0))?,
        webhook: f.webhook()?,
    };
    f.done()?;
    Ok(check)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_file_reads() {
        let m = parse(include_str!("../../monitors.toml")).unwrap();
        assert_eq!(m.rules.len(), 5);
        assert_eq!(m.checks.len(), 2);
        assert_eq!(m.settings.interval_ms, 30_000);
    }

    #[test]
    fn one_of_each_kind_with_defaults() {
        let m = parse(
            r#"
            [[monitor]]
            name = "slow"
            kind = "latency"
            route = "/api/orders"
            threshold_ms = 500
            [[monitor]]
            name = "errs"
            kind = "errors"
            source = "network"
            measure = "rate"
            threshold = 2
            [[monitor]]
            name = "share"
            kind = "share"
            by = "company"
            [[monitor]]
            name = "new"
            kind = "new_error"
            [[check]]
            name = "orders"
            url = "/api/orders"
            "#,
        )
        .unwrap();
        assert_eq!(
            m.rules[0].kind,
            Kind::Latency {
                route: "/api/orders".into(),
                side: Side::Server,
                stat: Stat::P95,
                threshold_ms: 500.0
            }
        );
        assert_eq!(m.rules[0].window_ms, 300_000);
        assert!(matches!(
            m.rules[1].kind,
            Kind::Errors {
                per_minute: true,
                ..
            }
        ));
        assert_eq!(
            m.rules[2].kind,
            Kind::Share {
                by: By::Company,
                factor: 3.0,
                min_requests: 20
            }
        );
        assert_eq!(
            m.rules[3].kind,
            Kind::NewError {
                lookback_ms: 86_400_000
            }
        );
        assert_eq!(
            (m.checks[0].method.as_str(), m.checks[0].expect_status),
            ("GET", 200)
        );
    }

    #[test]
    fn mistakes_name_the_rule_and_the_field() {
        let err = |text: &str| parse(text).unwrap_err();
        assert_eq!(
            err("[[monitor]]\nname = \"slow\"\nkind = \"latency\"\nroute = \"/api/x\"\nthreshold_ms = 5\ntresh = 1"),
            "monitor \"slow\": unknown field \"tresh\""
        );
        assert_eq!(
            err("[[monitor]]\nname = \"slow\"\nkind = \"latency\"\nroute = \"/api/x\""),
            "monitor \"slow\": field \"threshold_ms\" is required"
        );
        assert_eq!(
            err("[[monitor]]\nname = \"e\"\nkind = \"errors\"\nthreshold = \"ten\""),
            "monitor \"e\": field \"threshold\" must be a number of at least 0"
        );
        assert_eq!(
            err("[[monitor]]\nkind = \"errors\"\nthreshold = 1"),
            "monitor #1: field \"name\" is required"
        );
        assert_eq!(
            err("[[monitor]]\nname = \"k\"\nkind = \"latencyy\""),
            "monitor \"k\": field \"kind\" must be one of \"latency\", \"errors\", \"share\", \"new_error\""
        );
        assert_eq!(
            err("[[check]]\nname = \"c\"\nurl = \"ftp://x\""),
            "check \"c\": field \"url\" must be an http(s) URL or a path on the demo server"
        );
        assert_eq!(
            err("[settings]\nwebhook = \"file:///etc/passwd\""),
            "[settings]: field \"webhook\" must be an http(s) URL"
        );
        assert_eq!(
            err("[alerts]\nx = 1"),
            "unknown section \"alerts\" (expected [settings], [[monitor]] and [[check]])"
        );
        assert_eq!(
            err("[[monitor]]\nname = \"a\"\nkind = \"new_error\"\n[[check]]\nname = \"a\"\nurl = \"/api/orders\""),
            "two monitors or checks are named \"a\""
        );
    }
}
