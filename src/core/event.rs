//! RUM events as Datadog's public event schema lays them out (`rum-events-format`, format
//! version 2). Times are epoch milliseconds for `date` and nanoseconds for durations.

use super::float::round;
use super::value::Value;
use super::view::{View, ViewRef};
use crate::prelude::*;

pub const SDK_VERSION: &str = env!("CARGO_PKG_VERSION");

/// An event on its way out. `view_id` is set on view events, so that a batch keeps only the
/// latest version of each view.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub value: Value,
    pub view_id: Option<String>,
}

/// Builds a JSON object from `(key, value)` pairs, leaving out the `None`s.
/// Not generic over the length, so one copy serves every event shape.
pub fn object(entries: &mut [(&str, Option<Value>)]) -> Value {
    let mut out = Vec::with_capacity(entries.len());
    for (k, v) in entries.iter_mut() {
        if let Some(v) = v.take() {
            out.push(((*k).to_owned(), v));
        }
    }
    Value::Object(out)
}

pub fn string(s: &str) -> Option<Value> {
    Some(Value::String(s.to_owned()))
}

pub fn number(n: f64) -> Option<Value> {
    Some(Value::Number(n))
}

pub fn count(n: u32) -> Option<Value> {
    Some(object(&mut [("count", number(f64::from(n)))]))
}

/// Milliseconds to whole nanoseconds.
pub fn ns(ms: f64) -> Option<Value> {
    Some(Value::Number(round(ms.max(0.0) * 1e6)))
}

/// What every event of a session shares, set once at `init`.
#[derive(Debug, Clone)]
pub struct Common {
    pub application_id: String,
    pub service: Option<String>,
    pub version: Option<String>,
    pub ddtags: String,
    pub session_sample_rate: f64,
}

/// What differs between event kinds.
pub enum Body {
    View(Value, u32),
    Action(Value),
    Error(Value, Option<String>),
    Resource(Value),
    Vital(Value),
}

pub struct Envelope<'a> {
    pub common: &'a Common,
    pub date: f64,
    pub session_id: &'a str,
    pub view: &'a ViewRef,
    pub user: Option<Value>,
    pub account: Option<Value>,
    pub context: Option<Value>,
    pub feature_flags: Option<Value>,
}

/// Assembles a full event. Key order follows the schema's reading order, which also keeps the
/// JSON stable for tests.
pub fn build(envelope: Envelope, body: Body) -> Event {
    let Envelope {
        common,
        date,
        session_id,
        view,
        user,
        account,
        context,
        feature_flags,
    } = envelope;
    let (kind, view_value, extra, document_version, action_id) = match body {
        Body::View(view_value, version) => ("view", view_value, None, Some(version), None),
        Body::Action(action) => (
            "action",
            view_object(view, &mut []),
            Some(("action", action)),
            None,
            None,
        ),
        Body::Error(error, action_id) => (
            "error",
            view_object(view, &mut []),
            Some(("error", error)),
            None,
            action_id,
        ),
        Body::Resource(resource) => (
            "resource",
            view_object(view, &mut []),
            Some(("resource", resource)),
            None,
            None,
        ),
        Body::Vital(vital) => (
            "vital",
            view_object(view, &mut []),
            Some(("vital", vital)),
            None,
            None,
        ),
    };
    let dd = object(&mut [
        ("format_version", number(2.0)),
        (
            "document_version",
            document_version.map(|v| Value::Number(f64::from(v))),
        ),
        ("session", Some(object(&mut [("plan", number(1.0))]))),
        (
            "configuration",
            Some(object(&mut [(
                "session_sample_rate",
                number(common.session_sample_rate),
            )])),
        ),
        ("browser_sdk_version", string(SDK_VERSION)),
        ("sdk_name", string("rum")),
    ]);
    let mut value = object(&mut [
        ("type", string(kind)),
        ("date", number(round(date))),
        (
            "application",
            Some(object(&mut [("id", string(&common.application_id))])),
        ),
        // A view's own service and version (`startView`) win for its events.
        (
            "service",
            view.service
                .as_ref()
                .or(common.service.as_ref())
                .and_then(|s| string(s)),
        ),
        (
            "version",
            view.version
                .as_ref()
                .or(common.version.as_ref())
                .and_then(|s| string(s)),
        ),
        ("ddtags", string(&common.ddtags)),
        ("source", string("browser")),
        (
            "session",
            Some(object(&mut [
                ("id", string(session_id)),
                ("type", string("user")),
            ])),
        ),
        ("view", Some(view_value)),
        ("usr", user),
        ("account", account),
        ("context", context),
        ("feature_flags", feature_flags),
        (
            "action",
            action_id.map(|id| object(&mut [("id", Some(Value::String(id)))])),
        ),
        ("_dd", Some(dd)),
    ]);
    if let (Some((key, body)), Value::Object(entries)) = (extra, &mut value) {
        entries.push((key.to_owned(), body));
    }
    let view_id = document_version.map(|_| view.id.clone());
    Event { value, view_id }
}

/// The `view` object: the reference fields, then `extra`.
pub fn view_object(view: &ViewRef, extra: &mut [(&str, Option<Value>)]) -> Value {
    let mut v = object(&mut [
        ("id", string(&view.id)),
        ("url", string(&view.url)),
        ("referrer", string(&view.referrer)),
        ("name", view.name.as_deref().and_then(string)),
    ]);
    if let (Value::Object(entries), Value::Object(more)) = (&mut v, object(extra)) {
        entries.extend(more);
    }
    v
}

/// The `view` object of a view event, with its counters and vitals at `now`.
pub fn view_body(view: &View, now: f64) -> Body {
    let vitals = &view.vitals;
    let value = view_object(
        &view.reference,
        &mut [
            ("loading_type", string(view.loading_type.as_str())),
            ("time_spent", ns(view.time_spent(now))),
            ("is_active", Some(Value::Bool(view.is_active()))),
            ("action", count(view.actions)),
            ("error", count(view.errors)),
            ("resource", count(view.resources)),
            ("long_task", count(view.long_tasks)),
            ("frustration", count(view.frustrations)),
            ("loading_time", view.loading_time().and_then(ns)),
            (
                "custom_timings",
                (!view.custom_timings.is_empty()).then(|| {
                    Value::Object(
                        view.custom_timings
                            .iter()
                            .map(|(name, ms)| (name.clone(), ns(*ms).unwrap_or(Value::Null)))
                            .collect(),
                    )
                }),
            ),
            ("first_byte", vitals.first_byte.and_then(ns)),
            (
                "first_contentful_paint",
                vitals.first_contentful_paint.and_then(ns),
            ),
            (
                "largest_contentful_paint",
                vitals.largest_contentful_paint.and_then(ns),
            ),
            ("cumulative_layout_shift", vitals.cls.value.and_then(number)),
            ("interaction_to_next_paint", vitals.inp.value().and_then(ns)),
            ("dom_interactive", vitals.dom_interactive.and_then(ns)),
            ("dom_content_loaded", vitals.dom_content_loaded.and_then(ns)),
            ("dom_complete", vitals.dom_complete.and_then(ns)),
            ("load_event", vitals.load_event.and_then(ns)),
        ],
    );
    Body::View(value, view.document_version)
}

/// The fields `beforeSend` may change, as paths of object keys: Datadog's list for the event
/// types we send. Anything else it changes is ignored (the context is replaced as a whole).
pub const EDITABLE_FIELDS: &[&[&str]] = &[
    &["view", "name"],
    &["view", "url"],
    &["view", "referrer"],
    &["service"],
    &["version"],
    &["action", "target", "name"],
    &["error", "message"],
    &["error", "stack"],
    &["error", "resource", "url"],
    &["error", "fingerprint"],
    &["resource", "url"],
];

/// Applies `beforeSend`'s edits: each editable field the hook left as a string (`edited` reads
/// the hook's copy), where the event has the field's parent object, as Datadog does: a hook can
/// rewrite `error.resource.url` but cannot add an `error` to an action.
pub fn apply_edits(event: &mut Value, edited: impl Fn(&[&str]) -> Option<String>) {
    for path in EDITABLE_FIELDS {
        let Some((last, parents)) = path.split_last() else {
            continue;
        };
        let Some(text) = edited(path) else {
            continue;
        };
        let parent = if parents.is_empty() {
            Some(&mut *event)
        } else {
            event.get_path_mut(parents)
        };
        if let Some(parent @ Value::Object(_)) = parent {
            parent.set(last, Value::String(text));
        }
    }
}

impl Event {
    /// Whether `beforeSend` may drop it: not a view, which the other events refer to by id.
    pub fn droppable(&self) -> bool {
        self.view_id.is_none()
    }
}

/// The `ddtags` string: the SDK version and the service, env and version tags that are set.
pub fn ddtags(service: Option<&str>, env: Option<&str>, version: Option<&str>) -> String {
    let mut tags = "sdk_version:".to_owned() + SDK_VERSION;
    for (key, value) in [("service", service), ("env", env), ("version", version)] {
        if let Some(v) = value {
            tags.push(',');
            tags.push_str(key);
            tags.push(':');
            tags.push_str(v);
        }
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Value {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn edits_reach_editable_fields_whose_parent_exists() {
        let mut error = parse(
            r#"{"type":"error","view":{"url":"https://a/?t=secret"},
                "error":{"message":"m","resource":{"url":"https://api/?token=1","method":"GET"}}}"#,
        );
        let edited = parse(
            r#"{"type":"changed","service":"svc","view":{"url":"https://a/"},
                "error":{"message":"m2","resource":{"url":"https://api/","method":"POST"}},
                "action":{"target":{"name":"x"}},"resource":{"url":"r"}}"#,
        );
        apply_edits(&mut error, |path| match edited.clone().get_path_mut(path) {
            Some(Value::String(s)) => Some(s.clone()),
            _ => None,
        });
        assert_eq!(
            error,
            parse(
                r#"{"type":"error","view":{"url":"https://a/"},
                    "error":{"message":"m2","resource":{"url":"https://api/","method":"GET"}},
                    "service":"svc"}"#
            ),
            "error.resource.url and service change; type, method, and absent parents do not"
        );
    }

    #[test]
    fn views_cannot_be_dropped() {
        let view = Event {
            value: Value::Null,
            view_id: Some("v".into()),
        };
        let action = Event {
            value: Value::Null,
            view_id: None,
        };
        assert!(!view.droppable() && action.droppable());
    }
}
