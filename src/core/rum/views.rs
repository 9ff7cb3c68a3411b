//! Views in the engine: the first view, route changes, manual views, vitals and timings, and
//! the events that wait for a manually tracked app's first view.

use super::*;

impl Rum {
    pub fn current_view(&self) -> Option<&ViewRef> {
        self.view.as_ref().map(|v| &v.reference)
    }

    /// An SPA navigation to `url`.
    /// `anchor`: the new URL's hash names an element of the page.
    pub fn navigate(&mut self, env: &mut impl Env, url: &str, anchor: bool) {
        let Some(current) = self.view.as_ref().map(|v| v.reference.url.clone()) else {
            self.last_url = Some((url.to_owned(), String::new()));
            return;
        };
        if self.config.track_views_manually {
            return;
        }
        let (old_path, old_hash) = split_url(&current);
        let (new_path, new_hash) = split_url(url);
        // Datadog's rule: a new path, or a new hash route (the hash up to its `?`) unless the
        // hash names an element of the page (an anchor, which the browser layer says).
        let new_view = old_path != new_path
            || (self.config.track_hash_changes
                && !anchor
                && until_any(old_hash, b"?") != until_any(new_hash, b"?"));
        if new_view {
            self.start_view_at(
                env,
                url,
                &current,
                ViewOptions::default(),
                LoadingType::RouteChange,
            );
        }
    }

    /// `startView(options)`: a new view at `url`, named (and given a service, version and
    /// context) by the app.
    pub fn start_named_view(&mut self, env: &mut impl Env, url: &str, options: ViewOptions) {
        let referrer = self
            .view
            .as_ref()
            .map(|v| v.reference.url.clone())
            .or_else(|| self.last_url.as_ref().map(|(_, r)| r.clone()))
            .unwrap_or_default();
        let loading = if self.view.is_none() && self.last_view_sent == f64::NEG_INFINITY {
            LoadingType::InitialLoad
        } else {
            LoadingType::RouteChange
        };
        self.start_view_at(env, url, &referrer, options, loading);
        let early = core::mem::take(&mut self.early);
        for e in early {
            match e {
                Early::Action(at, name, context) => self.custom_action(env, at, name, context),
                Early::Error(at, report) => self.error_at(env, at, report),
                Early::Resource(report) => self.add_resource(env, report),
                Early::Timing(name, ms) => self.set_timing(&name, ms),
                Early::CustomTiming(name, at) => {
                    let _ = self.add_timing(env, &name, at);
                }
                Early::Shift(value, at, input) => self.layout_shift(value, at, input),
                Early::Interaction(id, duration, start, count) => {
                    self.interaction(id, duration, start, count)
                }
                Early::LongTask(start, part) => self.long_task(env, start, part),
            }
        }
    }

    /// `setViewName`: the current view's name, from now on (the view is sent again).
    pub fn set_view_name(&mut self, name: Option<String>) {
        if let Some(view) = self.view.as_mut() {
            view.reference.name = clean_view_name(name);
            view.dirty = true;
        }
    }

    /// `addTiming(name, time)`: a custom timing of the current view, `time` in ms from the view's
    /// start, or an epoch time (a year or more), or now when `NaN`, as Datadog reads it. The name
    /// keeps letters, digits and `-_.@$` (the rest become `_`); returns it when it had to change.
    pub fn add_timing(&mut self, env: &mut impl Env, name: &str, time: f64) -> Option<String> {
        const ONE_YEAR_MS: f64 = 365.0 * 24.0 * 3600.0 * 1000.0;
        // Before the first view of a manually tracked app, it waits for that view, as Datadog's
        // calls before `startView` do (made then, it is at the view's start).
        if self.needs_first_view() {
            let at = if time.is_nan() { env.now() } else { time };
            self.keep_early(Early::CustomTiming(name.to_owned(), at));
            return None;
        }
        let view = self.view.as_mut().filter(|v| v.end.is_none())?;
        let at = if time.is_nan() {
            env.now() - view.start
        } else if time < ONE_YEAR_MS {
            time
        } else {
            (time - view.start).max(0.0)
        };
        // Byte by byte: a character outside ASCII becomes one `_` per UTF-8 byte.
        let clean: String = name
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'@' | b'$') {
                    char::from(b)
                } else {
                    '_'
                }
            })
            .collect();
        match view.custom_timings.iter_mut().find(|(n, _)| *n == clean) {
            Some((_, slot)) => *slot = at,
            None => view.custom_timings.push((clean.clone(), at)),
        }
        view.dirty = true;
        (clean != name).then_some(clean)
    }

    /// `setViewLoadingTime`: the current view is loaded now, whatever was measured.
    pub fn set_view_loading_time(&mut self, env: &mut impl Env) {
        let now = env.now();
        if let Some(view) = self.view.as_mut().filter(|v| v.end.is_none()) {
            view.manual_loading_time = Some((now - view.start).max(0.0));
            view.dirty = true;
        }
    }

    /// Vitals and timings from the browser, in milliseconds from the start of the page.
    pub fn set_timing(&mut self, name: &str, ms: f64) {
        if self.needs_first_view() {
            return self.keep_early(Early::Timing(name.to_owned(), ms));
        }
        let Some(view) = self.view.as_mut() else {
            return;
        };
        if view.loading_type != LoadingType::InitialLoad || !ms.is_finite() || ms < 0.0 {
            return;
        }
        // A candidate rendered after the first input or the first hide is not the LCP.
        if name == "lcp" && self.time_origin + ms > self.lcp_stop {
            return;
        }
        let v = &mut view.vitals;
        let slot = match name {
            "fcp" => &mut v.first_contentful_paint,
            "lcp" => &mut v.largest_contentful_paint,
            "ttfb" => &mut v.first_byte,
            "dom_interactive" => &mut v.dom_interactive,
            "dom_content_loaded" => &mut v.dom_content_loaded,
            "dom_complete" => &mut v.dom_complete,
            "load_event" => &mut v.load_event,
            _ => return,
        };
        *slot = Some(ms);
        view.dirty = true;
    }

    pub fn layout_shift(&mut self, value: f64, at: f64, had_recent_input: bool) {
        if self.needs_first_view() {
            return self.keep_early(Early::Shift(value, at, had_recent_input));
        }
        if let Some(view) = self.view.as_mut() {
            view.vitals.cls.add_shift(value, at, had_recent_input);
            view.dirty = true;
        }
    }

    /// A pointer or key press: activity, and LCP takes no candidate rendered after the first.
    pub fn input(&mut self, env: &mut impl Env) {
        self.stop_lcp(env.now());
        self.activity(env);
    }

    pub(super) fn stop_lcp(&mut self, at: f64) {
        self.lcp_stop = self.lcp_stop.min(at);
    }

    /// An event-timing entry of interaction `id` (the browser's `interactionId`) that started
    /// `start` ms after the time origin, and the browser's interaction count then (0 if unknown).
    pub fn interaction(&mut self, id: u64, duration: f64, start: f64, count: u32) {
        if self.needs_first_view() {
            return self.keep_early(Early::Interaction(id, duration, start, count));
        }
        self.interactions = self.interactions.max(count);
        let Some(view) = self.view.as_mut() else {
            return;
        };
        // An interaction from before a route change belongs to the view it happened in.
        if view.loading_type != LoadingType::InitialLoad && self.time_origin + start < view.start {
            return;
        }
        let inp = &mut view.vitals.inp;
        inp.add_entry(id, duration);
        inp.set_count(
            self.interactions
                .saturating_sub(self.interactions_before_view),
        );
        view.dirty = true;
    }

    pub(super) fn needs_first_view(&self) -> bool {
        self.config.track_views_manually && self.view.is_none()
    }

    pub(super) fn keep_early(&mut self, e: Early) {
        if self.early.len() < MAX_EVENTS_BEFORE_FIRST_VIEW {
            self.early.push(e);
        }
    }

    /// Starts a view when there is none (after `stopSession` or an expired session).
    pub(super) fn ensure_view(&mut self, env: &mut impl Env) {
        if self.view.is_some() || self.config.track_views_manually {
            return;
        }
        if let Some((url, referrer)) = self.last_url.clone() {
            let loading = if self.last_view_sent == f64::NEG_INFINITY {
                LoadingType::InitialLoad
            } else {
                LoadingType::SessionRenewal
            };
            self.start_view_at(env, &url, &referrer, ViewOptions::default(), loading);
        }
    }

    pub(super) fn start_view_at(
        &mut self,
        env: &mut impl Env,
        url: &str,
        referrer: &str,
        options: ViewOptions,
        loading: LoadingType,
    ) {
        self.end_view(env);
        if !self.collecting {
            return; // no view before `start`, nor after the consent was withdrawn
        }
        self.ensure_session(env, false);
        let now = env.now();
        let reference = ViewRef {
            id: ids::uuid_v4(env.random()),
            url: url.to_owned(),
            referrer: referrer.to_owned(),
            name: clean_view_name(options.name),
            service: options.service,
            version: options.version,
        };
        self.last_url = Some((url.to_owned(), referrer.to_owned()));
        self.reset_view_contexts(options.context);
        self.interactions_before_view = self.interactions;
        if loading == LoadingType::InitialLoad {
            self.first_view = Some(reference.clone());
        }
        let mut view = View::new(reference, now, loading);
        view.watch = Some(crate::core::activity::Watch::new(now));
        self.view = Some(Box::new(view));
        self.send_view(env);
    }

    pub(super) fn end_view(&mut self, env: &mut impl Env) {
        // A click that led to another view was not dead.
        let now = env.now();
        self.clicks.activity(now);
        let open = self.clicks.due(now, &self.requests, &mut self.spans, true);
        self.report_clicks(env, open);
        if let Some(view) = self.view.as_mut() {
            view.end = Some(now);
            view.dirty = true;
            self.send_view(env);
            self.view = None;
        }
    }

    pub(super) fn send_view_if_dirty(&mut self, env: &mut impl Env) {
        if self.view.as_ref().is_some_and(|v| v.dirty) {
            self.send_view(env);
        }
    }

    pub(super) fn send_view(&mut self, env: &mut impl Env) {
        let now = env.now();
        let Some(view) = self.view.as_mut() else {
            return;
        };
        view.dirty = false;
        let body = event::view_body(view, now);
        view.document_version += 1;
        let reference = view.reference.clone();
        let start = view.start;
        self.last_view_sent = now;
        self.emit(start, &reference, body, None);
    }
}

fn clean_view_name(name: Option<String>) -> Option<String> {
    name.map(|n| crate::core::action::clean_name(&n))
        .filter(|n| !n.is_empty())
}
