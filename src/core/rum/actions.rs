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
        let data = ClickData {
            id: ids::uuid_v4(env.random()),
            name,
            view,
            errors: Vec::new(),
            may_be_dead,
        };
        let finished = self.clicks.click(target, now, data);
        if selected {
            self.clicks.select();
        }
        self.report_clicks(env, finished);
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

    pub(super) fn report_clicks(
        &mut self,
        env: &mut impl Env,
        finished: Vec<FinishedClick<ClickData>>,
    ) {
        let now = env.now();
        for chain in finished {
            self.ensure_session(env, false);
            let errors = chain.errors();
            // The frustration types, as a JSON list's items.
            let mut frustrations = String::new();
            let mut count = 0;
            for (yes, kind) in [
                (chain.rage, "\"rage_click\""),
                (chain.dead(now, |d| d.may_be_dead), "\"dead_click\""),
                (errors > 0, "\"error_click\""),
            ] {
                if yes {
                    if count > 0 {
                        frustrations.push(',');
                    }
                    frustrations.push_str(kind);
                    count += 1;
                }
            }
            let mut clicks = chain.clicks.into_iter();
            let Some(first) = clicks.next() else {
                continue;
            };
            let data = first.data;
            // Past the rate limit the click is dropped; its errors, admitted on their own, still
            // go, without its id.
            let admitted = self.admit(Limited::Action, first.at);
            if admitted {
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
                    .str("id", &data.id)
                    .str("type", "click")
                    .open("target")
                    .str("name", &data.name)
                    .close();
                event::count(&mut action, "error", errors);
                if count > 0 {
                    action
                        .open("frustration")
                        .raw("type", &cat(&["[", &frustrations, "]"]))
                        .close();
                }
                self.emit(first.at, &data.view, Body::Action(action.end()), None);
            }
            let followers = data
                .errors
                .into_iter()
                .chain(clicks.flat_map(|c| c.data.errors));
            for (at, report) in followers {
                let action_id = admitted.then(|| data.id.clone());
                self.emit_error(env, at, &data.view, report, action_id);
            }
        }
    }
}
