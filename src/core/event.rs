//! RUM events as Datadog's public event schema lays them out (`rum-events-format`, format
//! version 2). Times are epoch milliseconds for `date` and nanoseconds for durations.

use super::float::round;
use super::json::Obj;
use super::value::Value;
use super::view::{View, ViewRef};
use crate::prelude::*;

pub const SDK_VERSION: &str = env!("CARGO_PKG_VERSION");

/// An event on its way out, as JSON text. `view_id` is set on view events, so that a batch
/// keeps only the latest version of each view.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub json: String,
    pub view_id: Option<String>,
}

/// Milliseconds to whole nanoseconds.
pub fn ns(ms: f64) -> f64 {
    round(ms.max(0.0) * 1e6)
}

/// `{ count: n }` under `key`.
pub fn count(o: &mut Obj, key: &str, n: u32) {
    o.open(key).num("count", f64::from(n)).close();
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

/// What differs between event kinds: the JSON object of the event's own part (the `view` of a
/// view event, the `action` of an action…).
pub enum Body {
    View(String, u32),
    Action(String),
    /// The error, and whether it may belong to an action (not the SDK's own reports).
    Error(String, bool),
    Resource(String),
    Vital(String),
    LongTask(String),
}

pub struct Envelope<'a> {
    pub common: &'a Common,
    pub date: f64,
    pub session_id: &'a str,
    pub view: &'a ViewRef,
    /// A traced resource's `(trace id, span id, rule_psr)`.
    pub trace: Option<(&'a str, &'a str, f64)>,
    /// The actions an error, resource or long task belongs to (`action.id`).
    pub actions: &'a [super::action::ActionId],
}

/// Assembles a full event; `contexts` writes the app's (`usr`, `account`, `context`,
/// `feature_flags`). Key order follows the schema's reading order, which also keeps the JSON
/// stable for tests.
pub fn build(envelope: Envelope, body: Body, contexts: impl FnOnce(&mut Obj)) -> Event {
    let Envelope {
        common,
        date,
        session_id,
        view,
        trace,
        actions,
    } = envelope;
    let (kind, part, document_version) = match body {
        Body::View(part, version) => ("view", part, Some(version)),
        Body::Action(part) => ("action", part, None),
        Body::Error(part, _) => ("error", part, None),
        Body::Resource(part) => ("resource", part, None),
        Body::Vital(part) => ("vital", part, None),
        Body::LongTask(part) => ("long_task", part, None),
    };
    let mut o = Obj::begin();
    o.str("type", kind).num("date", round(date));
    o.open("application")
        .str("id", &common.application_id)
        .close();
    // A view's own service and version (`startView`) win for its events.
    o.opt(
        "service",
        view.service.as_deref().or(common.service.as_deref()),
    );
    o.opt(
        "version",
        view.version.as_deref().or(common.version.as_deref()),
    );
    o.str("ddtags", &common.ddtags).str("source", "browser");
    o.open("session")
        .str("id", session_id)
        .str("type", "user")
        .close();
    if document_version.is_some() {
        o.raw("view", &part);
    } else {
        view_object(o.key("view"), view);
        o.close();
    }
    contexts(&mut o);
    // A list, as Datadog sends it: an event may start within several actions.
    if !actions.is_empty() {
        let list = &mut o.open("action").key("id").0;
        list.push('[');
        for id in actions {
            if !list.ends_with('[') {
                list.push(',');
            }
            list.push('"');
            list.push_str(&super::ids::uuid_v4(*id));
            list.push('"');
        }
        list.push(']');
        o.close();
    }
    o.open("_dd").num("format_version", 2.0);
    if let Some(version) = document_version {
        o.num("document_version", f64::from(version));
    }
    o.open("session").num("plan", 1.0).close();
    o.open("configuration")
        .num("session_sample_rate", common.session_sample_rate)
        .close();
    o.str("browser_sdk_version", SDK_VERSION)
        .str("sdk_name", "rum");
    if let Some((trace_id, span_id, rule_psr)) = trace {
        o.str("trace_id", trace_id)
            .str("span_id", span_id)
            .num("rule_psr", rule_psr);
    }
    o.close();
    if document_version.is_none() {
        o.raw(kind, &part);
    }
    Event {
        json: o.end(),
        view_id: document_version.map(|_| view.id.clone()),
    }
}

/// Opens the `view` object with its reference fields (after `key` has been written to `o`);
/// the caller adds what else it has and closes it.
pub fn view_object(o: &mut Obj, view: &ViewRef) {
    o.0.push('{');
    o.str("id", &view.id)
        .str("url", &view.url)
        .str("referrer", &view.referrer)
        .opt("name", view.name.as_deref());
}

/// The `view` object of a view event, with its counters and vitals at `now`.
pub fn view_body(view: &View, now: f64) -> Body {
    let vitals = &view.vitals;
    let mut o = Obj(String::new());
    view_object(&mut o, &view.reference);
    o.str("loading_type", view.loading_type.as_str())
        .num("time_spent", ns(view.time_spent(now)))
        .value("is_active", &Value::Bool(view.is_active()));
    for (key, n) in [
        ("action", view.actions),
        ("error", view.errors),
        ("resource", view.resources),
        ("long_task", view.long_tasks),
        ("frustration", view.frustrations),
    ] {
        count(&mut o, key, n);
    }
    if !view.custom_timings.is_empty() {
        o.open("custom_timings");
        for (name, ms) in &view.custom_timings {
            o.num(name, ns(*ms));
        }
        o.close();
    }
    for (key, value) in [
        ("loading_time", view.loading_time()),
        ("first_byte", vitals.first_byte),
        ("first_contentful_paint", vitals.first_contentful_paint),
        ("largest_contentful_paint", vitals.largest_contentful_paint),
        ("interaction_to_next_paint", vitals.inp.value()),
        ("dom_interactive", vitals.dom_interactive),
        ("dom_content_loaded", vitals.dom_content_loaded),
        ("dom_complete", vitals.dom_complete),
        ("load_event", vitals.load_event),
    ] {
        if let Some(ms) = value {
            o.num(key, ns(ms));
        }
    }
    if let Some(cls) = vitals.cls.value {
        o.num("cumulative_layout_shift", cls);
    }
    Body::View(o.end(), view.document_version)
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
            json: String::new(),
            view_id: Some("v".into()),
        };
        let action = Event {
            json: String::new(),
            view_id: None,
        };
        assert!(!view.droppable() && action.droppable());
    }
}
