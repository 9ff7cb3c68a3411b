//! Long tasks and long animation frames: counted on their view and sent as `long_task` events,
//! as Datadog sends them (a frame with its timings and its long scripts' attribution).

use super::*;

impl Rum {
    /// A `longtask` or `long-animation-frame` entry starting at `start` (ms from the time
    /// origin): `part` is its `long_task` object but the id, as the engine's JS wrote it
    /// (`js/src/longtask.js`, `JSON.stringify` of Datadog's fields).
    pub fn long_task(&mut self, env: &mut impl Env, start: f64, part: String) {
        if self.needs_first_view() {
            return self.keep_early(Early::LongTask(start, part));
        }
        self.ensure_session(env, false);
        self.ensure_view(env);
        let Some(view) = self.view.as_mut() else {
            return;
        };
        view.long_tasks += 1;
        view.dirty = true;
        let reference = view.reference.clone();
        let mut o = Obj::begin();
        o.str("id", &ids::uuid_v4(env.random()));
        // (`part` is an object from JSON.stringify: its members follow the id.)
        if let Some(members) = part.strip_prefix('{').filter(|m| m.len() > 1) {
            o.0.push(',');
            o.0.push_str(members);
        } else {
            o.0.push('}');
        }
        self.emit(
            self.time_origin + start,
            &reference,
            Body::LongTask(o.0),
            None,
        );
    }
}
