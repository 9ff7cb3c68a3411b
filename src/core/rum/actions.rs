//! Actions in the engine: clicks (chains, rage and error clicks) and custom actions.

use super::*;

impl Rum {
    /// A click on an element. `target` is a stable identity of the element (for rage clicks),
    /// `name` what a person would call it; `may_be_dead`: see [`ClickData`]; `selected`: text
    /// was selected by it ([`ClickChains::select`]).
    pub fn click(
        &mut self,
        env: &mut impl Env,
        target: u64,
        name: String,
        may_be_dead: bool,
        selected: bool,
    ) {
        self.activity(env);
        let now = env.now();
        self.ensure_view(env);
        let Some(view) = self.current_view().cloned() else {
            return;
        };
        let data = ClickData { name, view };
        let ids = [env.random(), env.random()];
        self.clicks.click(target, now, ids, may_be_dead, data);
        if selected {
            self.clicks.select();
        }
        let done = self.clicks.due(now, &self.requests, &mut self.spans, false);
        self.report_clicks(env, done);
    }

    /// `addAction(name, context)`.
    pub fn add_action(&mut self, env: &mut impl Env, name: &str, context: Option<Value>) {
        let now = env.now();
        let name = crate::core::action::clean_name(name);
        if self.needs_first_view() {
            self.keep_early(Early::Action(now, name, context));
            return;
        }
        self.custom_action(env, now, name, context);
    }

    pub(super) fn custom_action(
        &mut self,
        env: &mut impl Env,
        at: f64,
        name: String,
        context: Option<Value>,
    ) {
        if !self.admit(Limited::Action, at) {
            return;
        }
        self.ensure_session(env, false);
        self.ensure_view(env);
        let Some(view) = self.view.as_mut() else {
            return;
        };
        view.actions += 1;
        view.dirty = true;
        let reference = view.reference.clone();
        let mut action = Obj::begin();
        action
            .str("id", &ids::uuid_v4(env.random()))
            .str("type", "custom")
            .open("target")
            .str("name", &name)
            .close();
        self.emit(at, &reference, Body::Action(action.end()), context);
    }

    /// Clicks whose page activity ended (and chains that take no more clicks), as actions:
    /// `loading_time` to the end of their activity, what started meanwhile, their frustrations.
    pub(super) fn report_clicks(
        &mut self,
        env: &mut impl Env,
        finished: Vec<FinishedClick<ClickData>>,
    ) {
        for click in finished {
            self.ensure_session(env, false);
            let [errors, resources, long_tasks] = click.counts;
            // The frustration types, as a JSON list's items.
            let mut frustrations = String::new();
            let mut count = 0;
            // In Datadog's order: a rage click's own first, then dead, then error; a single
            // click's error before dead.
            let error = errors > 0;
            for (yes, kind) in [
                (click.rage, "\"rage_click\""),
                (error && !click.rage, "\"error_click\""),
                (click.dead, "\"dead_click\""),
                (error && click.rage, "\"error_click\""),
            ] {
                if yes {
                    if count > 0 {
                        frustrations.push(',');
                    }
                    frustrations.push_str(kind);
                    count += 1;
                }
            }
            // Past the rate limit the click is dropped; what started meanwhile still goes.
            if !self.admit(Limited::Action, click.at) {
                continue;
            }
            let data = click.data;
            if let Some(view) = self
                .view
                .as_mut()
                .filter(|v| v.reference.id == data.view.id)
            {
                view.actions += 1;
                view.frustrations += count;
                view.dirty = true;
            }
            let mut action = Obj::begin();
            action
                .str("id", &ids::uuid_v4(click.id))
                .str("type", "click")
                .open("target")
                .str("name", &data.name)
                .close();
            if let Some(end) = click.end {
                action.num("loading_time", event::ns((end - click.at).max(0.0)));
            }
            for (key, n) in [
                ("error", errors),
                ("resource", resources),
                ("long_task", long_tasks),
            ] {
                event::count(&mut action, key, n);
            }
            action
                .open("frustration")
                .raw("type", &cat(&["[", &frustrations, "]"]))
                .close();
            self.emit(click.at, &data.view, Body::Action(action.end()), None);
        }
    }
}
