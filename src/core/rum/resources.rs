//! Requests and resources in the engine: the trace plan of a request, its handle, and the
//! resource (and network error) it becomes.

use super::*;

impl Rum {
    /// Decides whether a request to `url` gets trace headers. `js` evaluates the app's RegExp and
    /// function matchers by index.
    pub fn plan_request(
        &mut self,
        env: &mut impl Env,
        url: &str,
        js: impl FnMut(usize) -> bool,
    ) -> RequestPlan {
        if url.starts_with(&self.intake_endpoint) {
            return RequestPlan::Ignore;
        }
        let Some(rule) = trace::matching_rule(&self.config.tracing_rules, url, js) else {
            return RequestPlan::Track;
        };
        let propagators = rule.propagators.clone();
        self.ensure_session(env, false);
        if !self.is_tracked() {
            return RequestPlan::Track;
        }
        let draw = env.draw();
        let sampled = ids::is_sampled(draw, self.config.trace_sample_rate);
        if !sampled && self.config.trace_context_injection == Injection::Sampled {
            return RequestPlan::Track;
        }
        let r = env.random();
        let span = [r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]];
        let ids = TraceIds::from_random(env.random(), span);
        let mut headers = trace::headers(&ids, sampled, &propagators);
        // Who the request is for, to the app's own backends (Datadog's `propagateTraceBaggage`):
        // its tracer puts them on its spans.
        if self.config.propagate_baggage {
            let mut bag = String::new();
            if let Some(session) = &self.session {
                trace::add_baggage(&mut bag, "session.id", &session.id);
            }
            for (key, which) in [
                ("user.id", contexts::USER),
                ("account.id", contexts::ACCOUNT),
            ] {
                if let Some(Value::String(id)) = self.contexts[which].get("id") {
                    trace::add_baggage(&mut bag, key, id);
                }
            }
            headers.push(("baggage", bag));
        }
        let handle = self.next_trace;
        self.next_trace = self.next_trace.wrapping_add(1).max(1);
        if self.traces.len() >= MAX_OPEN_TRACES {
            self.traces.remove(0);
        }
        self.traces.push((handle, ids, sampled));
        RequestPlan::Trace {
            handle,
            headers,
            ids,
            sampled,
        }
    }

    /// The trace planned for a request under `handle` (and forgets it): `None` for 0, an unknown
    /// or an evicted handle.
    pub fn trace_of(&mut self, handle: u32) -> Option<(TraceIds, bool)> {
        let i = self.traces.iter().position(|t| t.0 == handle)?;
        let (_, ids, sampled) = self.traces.remove(i);
        Some((ids, sampled))
    }

    /// A finished request or loaded resource: a resource event, counted in its view, and an
    /// error event when it failed.
    pub fn add_resource(&mut self, env: &mut impl Env, report: ResourceReport) {
        if self.needs_first_view() {
            return self.keep_early(Early::Resource(report));
        }
        self.ensure_session(env, false);
        self.ensure_view(env);
        let Some(view) = self.view.as_mut() else {
            return;
        };
        // The page's own document belongs to its first view, however late its entry comes.
        let first = self
            .first_view
            .as_ref()
            .filter(|_| report.kind == "document");
        let reference = first.unwrap_or(&view.reference).clone();
        if reference.id == view.reference.id {
            view.resources += 1;
            view.dirty = true;
        }
        let method = report
            .method
            .as_deref()
            .filter(|m| is_schema_method(m))
            .map(str::to_owned);
        let mut resource = Obj::begin();
        resource
            .str("id", &ids::uuid_v4(env.random()))
            .str("type", report.kind)
            .opt("method", method.as_deref())
            .str("url", &report.url);
        if let Some(status) = report.status {
            resource.num("status_code", f64::from(status));
        }
        resource.num("duration", event::ns(report.duration));
        for (key, value) in [
            ("size", report.size),
            ("encoded_body_size", report.encoded_body_size),
            ("decoded_body_size", report.decoded_body_size),
            ("transfer_size", report.transfer_size),
        ] {
            if let Some(n) = value {
                resource.num(key, n);
            }
        }
        if let Some(graphql) = &report.graphql {
            resource.raw("graphql", graphql);
        }
        for (name, start, duration) in &report.phases {
            resource
                .open(name)
                .num("start", event::ns(*start))
                .num("duration", event::ns(*duration))
                .close();
        }
        // A trace the backend does not keep has no span to link to, as Datadog's SDK has it. The
        // document's trace is the server's: its id as rendered, a span id of its own.
        let psr = self.config.trace_sample_rate / 100.0;
        let trace = match report.document_trace {
            Some(id) => {
                let r = env.random();
                let span = [r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]];
                Some((id, TraceIds::from_random(r, span).span_decimal(), psr))
            }
            None => report
                .trace
                .filter(|(_, sampled)| *sampled)
                .map(|(ids, _)| (ids.trace_hex(), ids.span_decimal(), psr)),
        };
        self.emit_with(
            report.start,
            &reference,
            Body::Resource(resource.end()),
            None,
            trace
                .as_ref()
                .map(|(t, s, psr)| (t.as_str(), s.as_str(), *psr)),
        );
        if report.failed && self.admit(Limited::Error, report.start + report.duration) {
            let message = cat(&[
                if report.kind == "xhr" { "XHR" } else { "Fetch" },
                " error ",
                report.method.as_deref().unwrap_or("GET"),
                " ",
                &report.url,
            ]);
            let resource = method.map(|m| {
                let mut o = Obj::begin();
                o.str("method", &m)
                    .num("status_code", f64::from(report.status.unwrap_or(0)))
                    .str("url", &report.url);
                o.end()
            });
            if let Some(view) = self.view.as_mut() {
                view.errors += 1;
            }
            let at = report.start + report.duration;
            self.emit_network_error(env, at, &reference, message, resource);
        }
    }
}
