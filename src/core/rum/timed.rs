//! What the app starts and stops by name, as Datadog's API has it: timed actions
//! (`startAction`/`stopAction`: an action with its `loading_time` and what happened meanwhile)
//! duration vitals (`startDurationVital`/`stopDurationVital`/`addDurationVital`: `vital`
//! events) and custom resources (`startResource`/`stopResource`: `resource` events).

use super::{Env, Rum};
use crate::core::action::{ActionId, Child};
use crate::core::context::{truncate, CONTEXT_LIMIT_BYTES};
use crate::core::event::{count, ns, Body};
use crate::core::ids;
use crate::core::json::Obj;
use crate::core::value::Value;
use crate::prelude::*;

/// Started and not stopped, per kind; past this the oldest is forgotten (an app that starts
/// without stopping must not grow the SDK's memory).
const MAX_STARTED: usize = 100;

/// A timed action, vital or resource in progress.
#[derive(Debug, Clone)]
pub struct Started {
    /// The action's id, which the events meanwhile carry (actions only).
    id: ActionId,
    key: String,
    name: String,
    at: f64,
    options: Value,
    /// Errors, resources and long tasks seen meanwhile (actions only).
    counts: [u32; 3],
}

/// The action types of the schema; anything else is `custom`.
const ACTION_TYPES: [&str; 7] = [
    "custom",
    "click",
    "tap",
    "scroll",
    "swipe",
    "application_start",
    "back",
];

fn text(options: &Value, key: &str) -> Option<String> {
    match options.get(key) {
        Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
        _ => None,
    }
}

/// The resource types of the schema a custom resource may have; anything else is `other`.
const RESOURCE_TYPES: [&str; 10] = [
    "other", "document", "xhr", "beacon", "fetch", "css", "js", "image", "font", "media",
];

/// The key an entry goes by: its options' `actionKey`, `vitalKey` or `resourceKey`, else its
/// name.
fn key_of(name: &str, options: &Value, key_option: &str) -> String {
    text(options, key_option).unwrap_or_else(|| name.to_owned())
}

/// Takes the started entry of `list` with `key` out of it.
fn take(list: &mut Vec<Started>, key: &str) -> Option<Started> {
    let i = list.iter().position(|s| s.key == key)?;
    Some(list.remove(i))
}

fn start(
    list: &mut Vec<Started>,
    id: ActionId,
    name: String,
    at: f64,
    options: Value,
    key_option: &str,
) {
    let key = key_of(&name, &options, key_option);
    // Starting a key again starts it over, as Datadog does.
    let _ = take(list, &key);
    if list.len() >= MAX_STARTED {
        list.remove(0);
    }
    list.push(Started {
        id,
        key,
        name,
        at,
        options,
        counts: [0; 3],
    });
}

/// Option `key` of the stop call, else of the start call.
fn option<'a>(started: &'a Started, stop: &'a Value, key: &str) -> Option<&'a Value> {
    stop.get(key).or_else(|| started.options.get(key))
}

impl Rum {
    /// `startAction(name, { type, context, actionKey })`.
    pub fn start_action(&mut self, env: &mut impl Env, name: String, options: Value) {
        let now = env.now();
        let id = env.random();
        start(&mut self.started[0], id, name, now, options, "actionKey");
    }

    /// `stopAction(name, { type, context, actionKey })`: the action, dated at its start, with its
    /// `loading_time` and the errors, resources and long tasks seen meanwhile (an error makes it
    /// an `error_click` frustration, as Datadog has it); the stop's options over the start's.
    /// Nothing when it was not started.
    pub fn stop_action(&mut self, env: &mut impl Env, name: &str, options: Value) {
        let Some(started) = take(&mut self.started[0], &key_of(name, &options, "actionKey")) else {
            return;
        };
        let now = env.now();
        let kind = match option(&started, &options, "type") {
            Some(Value::String(t)) if ACTION_TYPES.contains(&t.as_str()) => t.clone(),
            _ => "custom".into(),
        };
        let context = option(&started, &options, "context").cloned();
        let [errors, resources, long_tasks] = started.counts;
        self.spans.add(started.id, started.at, now);
        let mut action = Obj::begin();
        action
            .str("id", &ids::uuid_v4(started.id))
            .str("type", &kind)
            .open("target")
            .str("name", &crate::core::action::clean_name(&started.name))
            .close()
            .num("loading_time", ns(now - started.at));
        for (key, n) in [
            ("error", errors),
            ("resource", resources),
            ("long_task", long_tasks),
        ] {
            count(&mut action, key, n);
        }
        action.open("frustration").raw(
            "type",
            if errors > 0 {
                "[\"error_click\"]"
            } else {
                "[]"
            },
        );
        action.close();
        self.timed_event(env, started.at, Body::Action(action.end()), context);
    }

    /// `startDurationVital(name, { context, description, vitalKey })`.
    pub fn start_vital(&mut self, env: &mut impl Env, name: String, options: Value) {
        let now = env.now();
        start(
            &mut self.started[1],
            [0; 16],
            name,
            now,
            options,
            "vitalKey",
        );
    }

    /// `stopDurationVital(name, { context, description, vitalKey })`: a `vital` event of its
    /// duration, the stop's options over the start's. Nothing when it was not started.
    pub fn stop_vital(&mut self, env: &mut impl Env, name: &str, options: Value) {
        let Some(started) = take(&mut self.started[1], &key_of(name, &options, "vitalKey")) else {
            return;
        };
        let duration = env.now() - started.at;
        let description = option(&started, &options, "description").cloned();
        let context = option(&started, &options, "context").cloned();
        self.vital(
            env,
            &started.name,
            started.at,
            duration,
            description,
            context,
        );
    }

    /// `addDurationVital(name, { startTime, duration, context, description })`: times in ms,
    /// `startTime` an epoch time. Nothing without both.
    pub fn add_vital(&mut self, env: &mut impl Env, name: &str, options: Value) {
        let (Some(Value::Number(start)), Some(Value::Number(duration))) =
            (options.get("startTime"), options.get("duration"))
        else {
            return;
        };
        let (start, duration) = (*start, *duration);
        let description = options.get("description").cloned();
        let context = options.get("context").cloned();
        self.vital(env, name, start, duration, description, context);
    }

    fn vital(
        &mut self,
        env: &mut impl Env,
        name: &str,
        at: f64,
        duration: f64,
        description: Option<Value>,
        context: Option<Value>,
    ) {
        let mut vital = Obj::begin();
        vital
            .str("id", &ids::uuid_v4(env.random()))
            .str("type", "duration")
            .str("name", name);
        if let Some(Value::String(description)) = &description {
            vital.str("description", description);
        }
        vital.num("duration", ns(duration));
        self.timed_event(env, at, Body::Vital(vital.end()), context);
    }

    /// Datadog's `startOperation`, `succeedOperation` and `failOperation`: a `vital` event of type
    /// `operation_step` now, its `step_type` `start`, or `end` (with the failure's reason, one of
    /// the schema's, else `other`).
    pub fn operation_step(&mut self, env: &mut impl Env, name: &str, options: Value) {
        let end = matches!(options.get("step"), Some(Value::String(s)) if s == "end");
        let mut vital = Obj::begin();
        vital
            .str("id", &ids::uuid_v4(env.random()))
            .str("type", "operation_step")
            .str("name", name);
        if let Some(Value::String(description)) = options.get("description") {
            vital.str("description", description);
        }
        vital.str("step_type", if end { "end" } else { "start" });
        if let Some(Value::String(key)) = options.get("operationKey") {
            vital.str("operation_key", key);
        }
        if let Some(reason) = options.get("failureReason").filter(|_| end) {
            let reason = match reason {
                Value::String(r) if matches!(r.as_str(), "error" | "abandoned") => r,
                _ => "other",
            };
            vital.str("failure_reason", reason);
        }
        let now = env.now();
        let context = options.get("context").cloned();
        self.timed_event(env, now, Body::Vital(vital.end()), context);
    }

    /// `startResource(url, { type, method, context, resourceKey })`.
    pub fn start_resource(&mut self, env: &mut impl Env, url: String, options: Value) {
        let now = env.now();
        start(
            &mut self.started[2],
            [0; 16],
            url,
            now,
            options,
            "resourceKey",
        );
    }

    /// `stopResource(url, { type, statusCode, size, context, resourceKey })`: a `resource` event,
    /// dated at its start, of its duration, as Datadog sends a manual resource (no error for a
    /// failed status). Nothing when it was not started.
    pub fn stop_resource(&mut self, env: &mut impl Env, url: &str, options: Value) {
        let Some(started) = take(&mut self.started[2], &key_of(url, &options, "resourceKey"))
        else {
            return;
        };
        let kind = option(&started, &options, "type");
        let context = option(&started, &options, "context").cloned();
        let mut resource = Obj::begin();
        resource
            .str("id", &ids::uuid_v4(env.random()))
            .str(
                "type",
                RESOURCE_TYPES
                    .into_iter()
                    .find(|t| matches!(kind, Some(Value::String(k)) if k == t))
                    .unwrap_or("other"),
            )
            .str("url", &started.name);
        if let Some(Value::String(method)) = started.options.get("method") {
            if super::is_schema_method(method) {
                resource.str("method", method);
            }
        }
        for (from, to) in [("statusCode", "status_code"), ("size", "size")] {
            if let Some(Value::Number(n)) = options.get(from) {
                resource.num(to, *n);
            }
        }
        resource.num("duration", ns(env.now() - started.at));
        self.timed_event(env, started.at, Body::Resource(resource.end()), context);
    }

    /// Sends a timed event on the current view with its `context` (an object, else none).
    fn timed_event(&mut self, env: &mut impl Env, at: f64, body: Body, context: Option<Value>) {
        self.ensure_session(env, false);
        self.ensure_view(env);
        let Some(view) = self.view.as_mut() else {
            return;
        };
        match body {
            Body::Action(_) => view.actions += 1,
            Body::Resource(_) => view.resources += 1,
            _ => {}
        }
        view.dirty |= !matches!(body, Body::Vital(_));
        let reference = view.reference.clone();
        let context = context
            .filter(|c| matches!(c, Value::Object(_)))
            .map(|mut c| {
                truncate(&mut c, CONTEXT_LIMIT_BYTES);
                c
            });
        self.emit(at, &reference, body, context);
    }

    /// The timed actions in progress that an event started at `at` belongs to, counted on
    /// them as `kind`.
    pub(super) fn link_started(&mut self, kind: Child, at: f64, out: &mut Vec<ActionId>) {
        for started in self.started[0].iter_mut().filter(|s| at >= s.at) {
            started.counts[kind as usize] += 1;
            out.push(started.id);
        }
    }

    /// A new session forgets what the old one started.
    pub(super) fn forget_started(&mut self) {
        self.started = Default::default();
        self.clicks.clear();
        self.spans.clear();
    }
}
