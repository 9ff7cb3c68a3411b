//! The app's contexts, as Datadog's API has them: the user (`usr`), the account (`account`), the
//! global context and the current view's context (both merged into `context`), and the view's
//! feature flag evaluations (`feature_flags`). One set of calls serves all of them: replace,
//! set or remove a property, clear, read.

use super::{Env, Rum};
use crate::core::context::{normalized, Truncated};
use crate::core::event::view_object;
use crate::core::json::Obj;
use crate::core::value::Value;
use crate::prelude::*;

/// The contexts, by the number both sides use (`src/browser/abi.rs` repeats them).
pub const USER: usize = 0;
pub const ACCOUNT: usize = 1;
pub const GLOBAL: usize = 2;
pub const VIEW: usize = 3;
pub const FEATURE_FLAGS: usize = 4;
pub const CONTEXTS: usize = 5;
/// Not a context the app sets: what `getInternalContext` reads.
pub const INTERNAL: usize = 5;

/// The properties Datadog's schema types as strings, per context: given as numbers or
/// booleans, they are turned into strings.
const STRING_FIELDS: [&[&str]; CONTEXTS] =
    [&["id", "name", "email"], &["id", "name"], &[], &[], &[]];

/// A change the app asks for.
pub enum Change {
    /// Everything replaced by an object's entries.
    Replace(Value),
    Set(String, Value),
    Remove(String),
    Clear,
}

/// What a change did: whether the context had to be cut to fit, or why it was refused.
#[derive(Debug, PartialEq)]
pub enum Changed {
    Done(Truncated),
    /// `Replace` with something other than an object: the context is left as it was.
    NotAnObject,
}

impl Rum {
    /// Applies `change` to context `which` (one of the numbers above).
    pub fn change_context(&mut self, which: usize, change: Change) -> Changed {
        let fields = STRING_FIELDS.get(which).copied().unwrap_or_default();
        let Some(context) = self.contexts.get_mut(which) else {
            return Changed::Done(Truncated(false));
        };
        let cut = match change {
            Change::Replace(value @ Value::Object(_)) => context.replace(normalized(value, fields)),
            Change::Replace(_) => return Changed::NotAnObject,
            Change::Set(key, value) => {
                let mut one = normalized(Value::Object(vec![(key, value)]), fields);
                match &mut one {
                    Value::Object(entries) if !entries.is_empty() => {
                        let (key, value) = entries.remove(0);
                        context.set_property(&key, value)
                    }
                    _ => Truncated(false),
                }
            }
            Change::Remove(key) => {
                context.remove_property(&key);
                Truncated(false)
            }
            Change::Clear => {
                context.clear();
                Truncated(false)
            }
        };
        if which == VIEW {
            // The view event carries its context: send it again.
            if let Some(view) = self.view.as_mut() {
                view.dirty = true;
            }
        }
        Changed::Done(cut)
    }

    /// Context `which` as JSON, as the app's getters return it.
    pub fn context_json(&self, which: usize) -> String {
        let mut o = Obj::begin();
        if let Some(context) = self.contexts.get(which) {
            members(&mut o, context.entries(), |_| true);
        }
        o.end()
    }

    /// `getInternalContext`: the application, session and view ids (and the view's URL,
    /// referrer and name), as Datadog's SDK gives them to other tools; `null` when the session
    /// is not tracked.
    pub fn internal_context(&mut self, env: &mut impl Env) -> String {
        let Some(session_id) = self.session_id(env) else {
            return "null".into();
        };
        let mut o = Obj::begin();
        o.str("application_id", &self.common.application_id)
            .str("session_id", &session_id);
        if let Some(view) = &self.view {
            view_object(o.key("view"), &view.reference);
            o.close();
        }
        o.end()
    }

    /// `storeContextsAcrossPages`: the user, the account and the global context, as the next page
    /// of the site restores them.
    pub fn stored_contexts(&self) -> String {
        let mut list = String::from("[");
        for which in [USER, ACCOUNT, GLOBAL] {
            if which > USER {
                list.push(',');
            }
            list.push_str(&self.context_json(which));
        }
        list + "]"
    }

    /// Restores what [`Rum::stored_contexts`] kept, under what this page set already.
    pub fn restore_contexts(&mut self, stored: Value) {
        let Value::Array(items) = stored else {
            return;
        };
        for (which, item) in items.into_iter().enumerate().take(GLOBAL + 1) {
            let mine = self.contexts[which].to_value();
            let _ = self.contexts[which].replace(item);
            if let Value::Object(entries) = mine {
                for (key, value) in entries {
                    let _ = self.contexts[which].set_property(&key, value);
                }
            }
        }
    }

    /// The app's contexts as an event carries them, written to `o`: `usr` (with the anonymous
    /// id), `account` (only with an id, as Datadog's intake requires), `context` (the global
    /// context, then the view's, then the event's `own`, each laid over the one before; none
    /// when all are empty) and, with `flags`, `feature_flags`.
    pub(super) fn write_contexts(
        &self,
        o: &mut Obj,
        own: Option<&Value>,
        anonymous_id: Option<&str>,
        flags: bool,
    ) {
        let [user, account, global, view, feature_flags, ..] = &self.contexts;
        let has_id = matches!(account.get("id"), Some(Value::String(id)) if !id.is_empty());
        if !user.is_empty() || anonymous_id.is_some() {
            members(o.key("usr"), user.entries(), |_| true);
            if let (Some(aid), None) = (anonymous_id, user.get("anonymous_id")) {
                o.str("anonymous_id", aid);
            }
            o.close();
        }
        if has_id {
            members(o.key("account"), account.entries(), |_| true).close();
        }
        let own_entries = match own {
            Some(Value::Object(entries)) => &entries[..],
            _ => &[],
        };
        if own.is_some() || !global.is_empty() || !view.is_empty() {
            let in_own = |k: &str| own_entries.iter().any(|(key, _)| key == k);
            members(o.key("context"), global.entries(), |k| {
                view.get(k).is_none() && !in_own(k)
            });
            members(o, view.entries(), |k| !in_own(k));
            members(o, own_entries, |_| true).close();
        }
        if flags && !feature_flags.is_empty() {
            members(o.key("feature_flags"), feature_flags.entries(), |_| true).close();
        }
    }

    /// A new view starts with the context `startView` gave it (or none) and no feature flags.
    pub(super) fn reset_view_contexts(&mut self, context: Option<Value>) {
        self.contexts[FEATURE_FLAGS].clear();
        self.contexts[VIEW].clear();
        if let Some(value @ Value::Object(_)) = context {
            let _ = self.contexts[VIEW].replace(value);
        }
    }
}

/// Writes `entries` that `keep` into the object open in `o` (opening it first when `o` ends with
/// a key).
fn members<'a>(
    o: &'a mut Obj,
    entries: &[(String, Value)],
    keep: impl Fn(&str) -> bool,
) -> &'a mut Obj {
    if o.0.ends_with(':') {
        o.0.push('{');
    }
    for (key, value) in entries {
        if keep(key) {
            o.value(key, value);
        }
    }
    o
}
