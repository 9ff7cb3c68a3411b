//! Errors in the engine: the app's, the page's and the network's, and the click they follow.

use super::*;

impl Rum {
    /// An error from the page or from `addError`.
    pub fn add_error(&mut self, env: &mut impl Env, report: ErrorReport) {
        let now = env.now();
        if self.needs_first_view() {
            self.keep_early(Early::Error(now, report));
            return;
        }
        self.error_at(env, now, report);
    }

    pub(super) fn error_at(&mut self, env: &mut impl Env, at: f64, report: ErrorReport) {
        if !self.admit(Limited::Error, at) {
            return;
        }
        self.ensure_session(env, false);
        self.ensure_view(env);
        let Some(view) = self.view.as_mut() else {
            return;
        };
        view.errors += 1;
        view.dirty = true;
        // An error right after a click waits for the click, whose action id is only final
        // once its chain closes (a rage click reports the chain under its first click).
        if let Some(click) = self.clicks.error(at) {
            click.errors.push((at, report));
            return;
        }
        let reference = view.reference.clone();
        self.emit_error(env, at, &reference, report, None);
    }

    pub(super) fn emit_error(
        &mut self,
        env: &mut impl Env,
        at: f64,
        view: &ViewRef,
        report: ErrorReport,
        action_id: Option<String>,
    ) {
        let error = object(&mut [
            ("id", string(&ids::uuid_v4(env.random()))),
            ("message", Some(Value::String(report.message))),
            ("source", string(report.source)),
            ("type", report.kind.map(Value::String)),
            ("stack", report.stack.map(Value::String)),
            (
                "handling",
                string(if report.handled {
                    "handled"
                } else {
                    "unhandled"
                }),
            ),
            ("source_type", string("browser")),
        ]);
        self.emit(at, view, Body::Error(error, action_id), report.context);
    }

    pub(super) fn emit_network_error(
        &mut self,
        env: &mut impl Env,
        at: f64,
        view: &ViewRef,
        message: String,
        resource: Option<Value>,
    ) {
        let mut error = object(&mut [
            ("id", string(&ids::uuid_v4(env.random()))),
            ("message", Some(Value::String(message))),
            ("source", string("network")),
            ("handling", string("unhandled")),
            ("source_type", string("browser")),
        ]);
        if let Some(resource) = resource {
            error.set("resource", resource);
        }
        self.emit(at, view, Body::Error(error, None), None);
    }
}
