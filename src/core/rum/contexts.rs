//! The app's contexts, as Datadog's API has them: the user (`usr`), the account (`account`), the
//! global context and the current view's context (both merged into `context`), and the view's
//! feature flag evaluations (`feature_flags`). One set of calls serves all of them: replace,
//! set or remove a property, clear, read.

use super::{Env, Rum};
use crate::core::context::{normalized, Context, Truncated};
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

    /// A copy of context `which`, as the app's getters return it.
    pub fn context_value(&self, which: usize) -> Value {
        self.contexts
            .get(which)
            .map_or(Value::Object(Vec::new()), Context::to_value)
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
    pub fn stored_contexts(&self) -> Value {
        Value::Array(
            self.contexts[..=GLOBAL]
                .iter()
                .map(Context::to_value)
                .collect(),
        )
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

    /// The account goes out only with an id, as Datadog's intake requires.
    pub(super) fn account(&self) -> Option<Value> {
        let account = &self.contexts[ACCOUNT];
        matches!(account.get("id"), Some(Value::String(id)) if !id.is_empty())
            .then(|| account.to_value())
    }

    /// The event's `context`: the global context, then the view's, then the event's own, each
    /// laid over the one before; `None` when all are empty.
    pub(super) fn merged_context(&self, own: Option<&Value>) -> Option<Value> {
        let (global, view) = (&self.contexts[GLOBAL], &self.contexts[VIEW]);
        if own.is_none() && global.is_empty() && view.is_empty() {
            return None;
        }
        let mut merged = global.merged_with(Some(&view.to_value()));
        if let Some(Value::Object(entries)) = own {
            for (key, value) in entries {
                merged.set(key, value.clone());
            }
        }
        Some(merged)
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
