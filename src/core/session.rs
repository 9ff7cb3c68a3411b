//! The session record shared by every tab of a site: its id, when it started, when it expires
//! and whether it is tracked, encoded for a cookie (or `localStorage` when cookies are off).

use crate::prelude::*;
/// A session ends after this long without user activity.
pub const IDLE_TIMEOUT_MS: f64 = 15.0 * 60.0 * 1000.0;
/// A session never lasts longer than this, active or not.
pub const MAX_DURATION_MS: f64 = 4.0 * 60.0 * 60.0 * 1000.0;

#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub id: String,
    /// Epoch milliseconds.
    pub created: f64,
    /// Epoch milliseconds after which the session is over unless extended by activity.
    pub expire: f64,
    /// Sampled in by `sessionSampleRate`; an untracked session sends nothing.
    pub tracked: bool,
    /// `trackAnonymousUser`: the browser's anonymous id, which outlives the session (the record
    /// is kept, expired, after it ends).
    pub anonymous_id: Option<String>,
}

impl Session {
    pub fn start(id: String, tracked: bool, now: f64) -> Session {
        Session {
            id,
            created: now,
            expire: now + IDLE_TIMEOUT_MS,
            tracked,
            anonymous_id: None,
        }
    }

    pub fn is_live(&self, now: f64) -> bool {
        now < self.expire && now < self.created + MAX_DURATION_MS
    }

    /// User activity pushes the idle deadline, never past the maximum duration.
    pub fn extend(&mut self, now: f64) {
        self.expire = (now + IDLE_TIMEOUT_MS).min(self.created + MAX_DURATION_MS);
    }

    /// The stored form: `id=<uuid>&created=<ms>&expire=<ms>&rum=<0|1>`, then `&aid=<uuid>` with an
    /// anonymous id. It holds only cookie-safe characters, so it needs no escaping.
    pub fn encode(&self) -> String {
        let mut out = String::with_capacity(80);
        out.push_str("id=");
        out.push_str(&self.id);
        out.push_str("&created=");
        super::json::write_u64(&mut out, self.created as u64);
        out.push_str("&expire=");
        super::json::write_u64(&mut out, self.expire as u64);
        out.push_str(if self.tracked { "&rum=1" } else { "&rum=0" });
        if let Some(aid) = &self.anonymous_id {
            out.push_str("&aid=");
            out.push_str(aid);
        }
        out
    }

    /// Reads a stored record; anything malformed (tampered with, or from another version) is
    /// treated as no session rather than trusted.
    pub fn decode(stored: &str) -> Option<Session> {
        let (mut id, mut created, mut expire, mut tracked) = (None, None, None, None);
        let mut anonymous_id = None;
        for pair in pieces(stored, b'&') {
            let (key, value) = cut(pair, b'=')?;
            match key {
                "id" if is_uuid(value) => id = Some(value.to_owned()),
                "aid" if is_uuid(value) => anonymous_id = Some(value.to_owned()),
                "created" => created = parse_u64(value),
                "expire" => expire = parse_u64(value),
                "rum" => {
                    tracked = match value {
                        "1" => Some(true),
                        "0" => Some(false),
                        _ => None,
                    }
                }
                _ => {}
            }
        }
        Some(Session {
            id: id?,
            created: created? as f64,
            expire: expire? as f64,
            tracked: tracked?,
            anonymous_id,
        })
    }
}

/// The live session in what storage holds, if any.
pub fn live_session(stored: Option<&str>, now: f64) -> Option<Session> {
    stored.and_then(Session::decode).filter(|s| s.is_live(now))
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_digit() || (b'a'..=b'f').contains(&b),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "0f8fad5b-d9cb-469f-a165-70867728950e";
    const T0: f64 = 1_700_000_000_000.0;
    const MIN: f64 = 60_000.0;

    #[test]
    fn encodes_and_decodes() {
        let s = Session::start(ID.into(), true, T0);
        let text = s.encode();
        assert_eq!(
            text,
            format!("id={ID}&created=1700000000000&expire=1700000900000&rum=1")
        );
        assert_eq!(Session::decode(&text), Some(s));
        let mut untracked = Session::start(ID.into(), false, T0);
        assert_eq!(
            Session::decode(&untracked.encode()),
            Some(untracked.clone())
        );
        untracked.anonymous_id = Some(ID.into());
        assert!(untracked.encode().ends_with(&format!("&rum=0&aid={ID}")));
        assert_eq!(Session::decode(&untracked.encode()), Some(untracked));
    }

    #[test]
    fn malformed_records_are_no_session() {
        for bad in [
            "",
            "garbage",
            "id=not-a-uuid&created=1&expire=2&rum=1",
            &format!("id={ID}&created=x&expire=2&rum=1"),
            &format!("id={ID}&created=1&expire=2&rum=yes"),
            &format!("id={ID}&created=1&rum=1"),
        ] {
            assert_eq!(Session::decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn expires_after_fifteen_idle_minutes() {
        let s = Session::start(ID.into(), true, T0);
        assert!(s.is_live(T0 + 14.0 * MIN));
        assert!(!s.is_live(T0 + 15.0 * MIN));
    }

    #[test]
    fn activity_extends_but_never_past_four_hours() {
        let mut s = Session::start(ID.into(), true, T0);
        let mut now = T0;
        // Active every ten minutes: alive until the four-hour mark, then over.
        while now < T0 + 4.0 * 60.0 * MIN - 10.0 * MIN {
            now += 10.0 * MIN;
            assert!(s.is_live(now), "alive at {} min", (now - T0) / MIN);
            s.extend(now);
        }
        assert_eq!(s.expire, T0 + 4.0 * 60.0 * MIN);
        assert!(!s.is_live(T0 + 4.0 * 60.0 * MIN));
    }

    #[test]
    fn live_session_filters_expired_and_malformed() {
        let s = Session::start(ID.into(), true, T0);
        let text = s.encode();
        assert_eq!(live_session(Some(&text), T0 + MIN), Some(s));
        assert_eq!(live_session(Some(&text), T0 + 16.0 * MIN), None);
        assert_eq!(live_session(Some("junk"), T0), None);
        assert_eq!(live_session(None, T0), None);
    }
}
