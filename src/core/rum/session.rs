//! Sessions in the engine: the shared record, expiry and renewal, `stopSession`.

use super::*;

impl Rum {
    /// The current session, if tracked, as `getSessionId` reports it.
    pub fn session_id(&mut self, env: &mut impl Env) -> Option<String> {
        self.ensure_session(env, false);
        self.session
            .as_ref()
            .filter(|s| s.tracked)
            .map(|s| s.id.clone())
    }

    pub fn is_tracked(&self) -> bool {
        self.session.as_ref().is_some_and(|s| s.tracked)
    }

    /// Ends the session now, in every tab; the next activity or event starts a new one. An
    /// anonymous id stays, in the record kept expired.
    pub fn stop_session(&mut self, env: &mut impl Env) {
        self.end_view(env);
        let now = env.now();
        match self.session.take() {
            Some(mut ended) if ended.anonymous_id.is_some() => {
                ended.expire = now;
                env.write_session(Some(&ended));
            }
            _ => env.write_session(None),
        }
        self.session_checked = now;
    }

    /// The app withdrew its tracking consent: nothing more is collected (not even the end of the
    /// view), what was made and not yet taken is dropped, and the session ends in storage. A
    /// later `start` (consent granted again) begins a new session.
    pub fn withdraw_consent(&mut self, env: &mut impl Env) {
        self.collecting = false;
        self.stop_session(env);
        // (The anonymous id too: nothing of the browser's stays.)
        env.write_session(None);
        self.out.clear();
        self.early.clear();
    }

    /// User activity (a click, a key, a scroll) keeps the session alive.
    pub fn activity(&mut self, env: &mut impl Env) {
        self.ensure_session(env, true);
    }

    /// Makes sure there is a live session, joining the one other tabs share or starting one.
    pub(super) fn ensure_session(&mut self, env: &mut impl Env, activity: bool) {
        // Before `start`, or after the consent was withdrawn, storage is not touched.
        if !self.collecting {
            return;
        }
        let now = env.now();
        let trusted = self
            .session
            .as_ref()
            .is_some_and(|s| s.is_live(now) && now - self.session_checked < SESSION_RECHECK_MS);
        if !trusted {
            self.session_checked = now;
            let record = env.read_session();
            let session = match live_session(record.as_deref(), now) {
                Some(s) => s,
                None => {
                    let draw = env.draw();
                    let tracked = ids::is_sampled(draw, self.config.session_sample_rate);
                    let mut fresh = Session::start(ids::uuid_v4(env.random()), tracked, now);
                    // The anonymous id of the ended session, else a new one.
                    if self.config.track_anonymous_user {
                        fresh.anonymous_id = record
                            .as_deref()
                            .and_then(Session::decode)
                            .and_then(|s| s.anonymous_id)
                            .or_else(|| Some(ids::uuid_v4(env.random())));
                    }
                    env.write_session(Some(&fresh));
                    // Another tab may have written its own in between: the stored one wins.
                    live_session(env.read_session().as_deref(), now).unwrap_or(fresh)
                }
            };
            self.switch_session(env, session);
        }
        if activity {
            if let Some(s) = self.session.as_mut() {
                let before = s.expire;
                s.extend(now);
                // Each write is a cookie update: skip the ones that change almost nothing.
                if s.expire - before >= 1000.0 {
                    env.write_session(Some(s));
                }
            }
        }
    }

    pub(super) fn switch_session(&mut self, env: &mut impl Env, session: Session) {
        let same = self.session.as_ref().is_some_and(|s| s.id == session.id);
        if same {
            self.session = Some(session);
            return;
        }
        // The old view belongs to the old session: close it there, then start over.
        let resume = self.view.as_ref().map(|v| {
            (
                v.reference.url.clone(),
                v.reference.referrer.clone(),
                ViewOptions {
                    name: v.reference.name.clone(),
                    service: v.reference.service.clone(),
                    version: v.reference.version.clone(),
                    context: Some(self.contexts[contexts::VIEW].to_value()),
                },
            )
        });
        if self.session.is_some() {
            self.end_view(env);
        }
        self.forget_started();
        self.session = Some(session);
        if let Some((url, referrer, options)) = resume {
            if self.view.is_none() {
                self.start_view_at(env, &url, &referrer, options, LoadingType::SessionRenewal);
            }
        }
    }
}
