//! Long tasks and long animation frames: counted on their view and sent as `long_task` events,
//! as Datadog sends them (a frame with its timings and its long scripts' attribution).

use super::*;
use crate::core::event::ns;

/// What a frame and its scripts carry into the event, by the browser's names (the event has
/// them in snake_case, times in ns): Datadog's fields.
const FIELDS: [&str; 15] = [
    "duration",
    "blockingDuration",
    "firstUIEventTimestamp",
    "renderStart",
    "styleAndLayoutStart",
    "startTime",
    "pauseDuration",
    "forcedStyleAndLayoutDuration",
    "executionStart",
    "sourceCharPosition",
    "sourceURL",
    "sourceFunctionName",
    "invoker",
    "invokerType",
    "windowAttribution",
];

/// `camelCase` as `snake_case`, a run of capitals one word: `firstUIEventTimestamp` is
/// `first_ui_event_timestamp`, `sourceURL` `source_url`.
fn snake(name: &str) -> String {
    let b = name.as_bytes();
    let mut out = String::new();
    for (i, &c) in b.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let after_lower = i > 0 && b[i - 1].is_ascii_lowercase();
            let starts_word = i > 0 && b.get(i + 1).is_some_and(u8::is_ascii_lowercase);
            if after_lower || starts_word {
                out.push('_');
            }
        }
        out.push(c.to_ascii_lowercase() as char);
    }
    out
}

/// The entry's [`FIELDS`] (a character position as it is, other numbers ms as ns), then its
/// scripts, each likewise.
fn write_entry(o: &mut Obj, entry: &Value) {
    for key in FIELDS {
        match entry.get(key) {
            Some(Value::Number(n)) if key == "sourceCharPosition" => o.num(&snake(key), *n),
            Some(Value::Number(n)) => o.num(&snake(key), ns(*n)),
            Some(Value::String(text)) => o.str(&snake(key), text),
            _ => o,
        };
    }
    if let Some(Value::Array(scripts)) = entry.get("scripts") {
        o.key("scripts").0.push('[');
        for script in scripts {
            if !o.0.ends_with('[') {
                o.0.push(',');
            }
            o.0.push('{');
            write_entry(o, script);
            o.close();
        }
        o.0.push(']');
    }
}

fn number(value: &Value, key: &str) -> Option<f64> {
    match value.get(key) {
        Some(Value::Number(n)) => Some(*n),
        _ => None,
    }
}

impl Rum {
    /// A `longtask` or `long-animation-frame` performance entry, as the browser layer read it
    /// (its `toJSON`).
    pub fn long_task(&mut self, env: &mut impl Env, entry: Value) {
        if self.needs_first_view() {
            return self.keep_early(Early::LongTask(entry));
        }
        self.ensure_session(env, false);
        self.ensure_view(env);
        let Some(view) = self.view.as_mut() else {
            return;
        };
        view.long_tasks += 1;
        view.dirty = true;
        let reference = view.reference.clone();
        let frame =
            matches!(entry.get("entryType"), Some(Value::String(t)) if t == "long-animation-frame");
        let mut o = Obj::begin();
        o.str("id", &ids::uuid_v4(env.random())).str(
            "entry_type",
            if frame {
                "long-animation-frame"
            } else {
                "long-task"
            },
        );
        write_entry(&mut o, &entry);
        let at = self.time_origin + number(&entry, "startTime").unwrap_or(0.0);
        self.emit(at, &reference, Body::LongTask(o.end()), None);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn browser_names_become_the_events() {
        for (camel, snake) in [
            ("firstUIEventTimestamp", "first_ui_event_timestamp"),
            ("sourceURL", "source_url"),
            (
                "forcedStyleAndLayoutDuration",
                "forced_style_and_layout_duration",
            ),
            ("invoker", "invoker"),
        ] {
            assert_eq!(super::snake(camel), snake);
        }
    }
}
