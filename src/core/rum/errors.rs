//! Errors in the engine: the app's, the page's and the network's, and the click they follow.

use super::*;

/// The longest message and stack kept: a page can throw anything.
const MAX_MESSAGE: usize = 4 * 1024;
const MAX_STACK: usize = 16 * 1024;

/// An error as the page reported it, its message and stack cut to size: `source` is `source`
/// (uncaught, unhandled rejections), `console` or `custom` (`addError`).
pub fn error_report(
    source: &'static str,
    handled: bool,
    message: String,
    error_type: Option<String>,
    stack: Option<String>,
    context: Option<Value>,
) -> ErrorReport {
    ErrorReport {
        message: super::super::value::cut(message, MAX_MESSAGE),
        kind: error_type.filter(|t| !t.is_empty()),
        stack: stack.map(|s| super::super::value::cut(s, MAX_STACK)),
        source,
        handled,
        context,
        csp: None,
    }
}

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
        let reference = view.reference.clone();
        self.emit_error(env, at, &reference, report, true);
    }

    pub(super) fn emit_error(
        &mut self,
        env: &mut impl Env,
        at: f64,
        view: &ViewRef,
        report: ErrorReport,
        linked: bool,
    ) {
        let mut error = Obj::begin();
        error
            .str("id", &ids::uuid_v4(env.random()))
            .str("message", &report.message)
            .str("source", report.source)
            .opt("type", report.kind.as_deref())
            .opt("stack", report.stack.as_deref())
            .str(
                "handling",
                if report.handled {
                    "handled"
                } else {
                    "unhandled"
                },
            )
            .str("source_type", "browser");
        if let Some(disposition) = &report.csp {
            error.open("csp").str("disposition", disposition).close();
        }
        self.emit(at, view, Body::Error(error.end(), linked), report.context);
    }

    pub(super) fn emit_network_error(
        &mut self,
        env: &mut impl Env,
        at: f64,
        view: &ViewRef,
        message: String,
        resource: Option<String>,
    ) {
        let mut error = Obj::begin();
        error
            .str("id", &ids::uuid_v4(env.random()))
            .str("message", &message)
            .str("source", "network")
            .str("handling", "unhandled")
            .str("source_type", "browser");
        if let Some(resource) = resource {
            error.raw("resource", &resource);
        }
        self.emit(at, view, Body::Error(error.end(), true), None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_are_cut_to_size_with_their_type() {
        let r = error_report(
            "source",
            false,
            "boom".into(),
            Some("TypeError".into()),
            None,
            None,
        );
        assert_eq!(
            (r.source, r.handled, r.kind.as_deref()),
            ("source", false, Some("TypeError"))
        );
        let r = error_report(
            "source",
            false,
            "why".into(),
            Some(String::new()),
            None,
            None,
        );
        assert_eq!(r.kind, None, "an empty type is none");
        let r = error_report(
            "custom",
            true,
            "é".repeat(3000),
            None,
            Some("s".repeat(20_000)),
            None,
        );
        assert_eq!((r.source, r.handled), ("custom", true));
        // Cut on a character boundary, the cut marked by an ellipsis.
        assert!(r.message.len() <= MAX_MESSAGE + 3 && r.message.ends_with('…'));
        assert!(r.stack.unwrap().len() <= MAX_STACK + 3);
    }
}
