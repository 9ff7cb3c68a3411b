use super::contexts::{Change, Changed, ACCOUNT, FEATURE_FLAGS, GLOBAL, USER, VIEW};
use super::*;
use crate::core::context::Truncated;
use crate::core::view::ViewOptions;
use serde_json::Value as Json;
use std::cell::RefCell;
use std::rc::Rc;

pub(super) const T0: f64 = 1_700_000_000_000.0;
const MIN: f64 = 60_000.0;
/// The page's time origin: it navigated a second before the SDK started.
pub(super) const ORIGIN: f64 = T0 - 1000.0;

/// A host with a hand-driven clock, counter-based randomness and a storage shared between the
/// "tabs" that clone it.
#[derive(Clone)]
pub(super) struct FakeEnv {
    now: Rc<RefCell<f64>>,
    storage: Rc<RefCell<Option<String>>>,
    seed: u8,
    counter: u8,
}

impl FakeEnv {
    fn new() -> Self {
        FakeEnv {
            now: Rc::new(RefCell::new(T0)),
            storage: Rc::new(RefCell::new(None)),
            seed: 1,
            counter: 0,
        }
    }

    /// Another tab of the same site: same clock and storage, its own randomness.
    fn other_tab(&self) -> Self {
        FakeEnv {
            seed: self.seed + 100,
            counter: 0,
            ..self.clone()
        }
    }

    pub(super) fn advance(&self, ms: f64) {
        *self.now.borrow_mut() += ms;
    }
}

impl Env for FakeEnv {
    fn now(&self) -> f64 {
        *self.now.borrow()
    }

    fn random(&mut self) -> [u8; 16] {
        self.counter = self.counter.wrapping_add(1);
        let mut bytes = [self.seed; 16];
        bytes[15] = self.counter;
        // Byte 0..4 is also the sampling draw: keep it low so the default rate tracks.
        bytes[0] = 0;
        bytes
    }

    fn read_session(&self) -> Option<String> {
        self.storage.borrow().clone()
    }

    fn write_session(&mut self, session: Option<&Session>) {
        *self.storage.borrow_mut() = session.map(Session::encode);
    }
}

fn config(extra: &str) -> Config {
    let text = format!(
        r#"{{"applicationId":"2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96","clientToken":"tok","service":"shop","env":"prod","version":"1.0"{extra}}}"#
    );
    let value: Value = serde_json::from_str(&text).unwrap();
    Config::from_value(&value).unwrap()
}

pub(super) fn started(extra: &str) -> (Rum, FakeEnv) {
    let mut env = FakeEnv::new();
    let mut rum = Rum::new(config(extra));
    rum.start(
        &mut env,
        "https://app.example/home?x=1",
        "https://ref.example/",
        ORIGIN,
    );
    (rum, env)
}

/// Started, 200 ms on (the first view's page activity over) and its events taken: a page that
/// waits for the user.
pub(super) fn waiting_for_the_user() -> (Rum, FakeEnv) {
    let (mut rum, mut env) = started("");
    env.advance(200.0);
    rum.tick(&mut env);
    events(&mut rum);
    (rum, env)
}

pub(super) fn events(rum: &mut Rum) -> Vec<Json> {
    rum.take_events()
        .into_iter()
        .map(|e| serde_json::from_str(&e.json).unwrap())
        .collect()
}

pub(super) fn of_type<'a>(events: &'a [Json], kind: &str) -> Vec<&'a Json> {
    events.iter().filter(|e| e["type"] == kind).collect()
}

#[test]
fn start_opens_a_session_and_the_initial_view() {
    let (mut rum, mut env) = started("");
    let id = rum.session_id(&mut env).expect("tracked");
    assert!(env
        .read_session()
        .unwrap()
        .starts_with(&format!("id={id}&")));
    let evs = events(&mut rum);
    assert_eq!(evs.len(), 1);
    let view = &evs[0];
    assert_eq!(view["type"], "view");
    assert_eq!(view["date"], T0 as u64);
    assert_eq!(
        view["application"]["id"],
        "2b4c8a5e-6f0d-4b1c-9a3e-7d2f1c0b5a96"
    );
    assert_eq!(view["service"], "shop");
    assert_eq!(view["version"], "1.0");
    assert_eq!(
        view["ddtags"],
        "sdk_version:0.1.0,service:shop,env:prod,version:1.0"
    );
    assert_eq!(view["source"], "browser");
    assert_eq!(view["session"]["id"], id.as_str());
    assert_eq!(view["session"]["type"], "user");
    assert_eq!(view["view"]["url"], "https://app.example/home?x=1");
    assert_eq!(view["view"]["referrer"], "https://ref.example/");
    assert_eq!(view["view"]["loading_type"], "initial_load");
    assert_eq!(view["view"]["is_active"], true);
    assert_eq!(view["view"]["action"]["count"], 0);
    assert_eq!(view["_dd"]["format_version"], 2);
    assert_eq!(view["_dd"]["document_version"], 0);
    assert_eq!(view["_dd"]["configuration"]["session_sample_rate"], 100);
}

pub(super) fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

fn set(rum: &mut Rum, which: usize, key: &str, value: &str) -> Changed {
    rum.change_context(which, Change::Set(key.into(), json(value)))
}

#[test]
fn events_carry_user_account_global_and_view_context() {
    let (mut rum, mut env) = started("");
    let cut = rum.change_context(
        USER,
        Change::Replace(json(r#"{"id":7,"name":"Ada","plan":"pro"}"#)),
    );
    assert_eq!(cut, Changed::Done(Truncated(false)));
    assert_eq!(
        rum.change_context(USER, Change::Replace(Value::String("nope".into()))),
        Changed::NotAnObject,
        "the user is left as it was"
    );
    set(&mut rum, ACCOUNT, "id", "1234");
    set(&mut rum, ACCOUNT, "name", r#""Acme""#);
    set(&mut rum, GLOBAL, "company_id", r#""acme""#);
    set(&mut rum, GLOBAL, "customer_id", r#""c-42""#);
    set(&mut rum, GLOBAL, "plan", r#""global""#);
    set(&mut rum, VIEW, "plan", r#""view""#);
    set(&mut rum, VIEW, "step", r#""cart""#);
    rum.add_action(
        &mut env,
        "checkout",
        Some(json(r#"{"cart_items":3,"customer_id":"override"}"#)),
    );
    rum.flush_pending(&mut env);
    let raw: Vec<String> = rum.take_events().into_iter().map(|e| e.json).collect();
    let text = raw
        .iter()
        .find(|j| j.starts_with(r#"{"type":"action""#))
        .unwrap();
    let context = &text[text.find(r#""context":"#).unwrap()..];
    let context = &context[..context.find('}').unwrap()];
    for key in [r#""plan":"#, r#""customer_id":"#] {
        assert_eq!(context.matches(key).count(), 1, "{key} once, the winner");
    }
    let evs: Vec<Json> = raw
        .iter()
        .map(|j| serde_json::from_str(j).unwrap())
        .collect();
    let action = of_type(&evs, "action")[0];
    assert_eq!(
        action["usr"],
        serde_json::json!({"id": "7", "name": "Ada", "plan": "pro"})
    );
    assert_eq!(
        action["account"],
        serde_json::json!({"id": "1234", "name": "Acme"})
    );
    // Global, then the view's, then the event's own, each over the one before.
    assert_eq!(
        action["context"],
        serde_json::json!({"company_id": "acme", "customer_id": "override", "plan": "view", "step": "cart", "cart_items": 3})
    );
    assert_eq!(action["action"]["target"]["name"], "checkout");
    assert_eq!(action["view"]["id"], evs[0]["view"]["id"]);
    // The view is sent again with its context.
    let view = of_type(&evs, "view").pop().unwrap();
    assert_eq!(view["context"]["step"], "cart");

    rum.change_context(USER, Change::Clear);
    rum.change_context(USER, Change::Set("id".into(), json("null")));
    rum.change_context(GLOBAL, Change::Remove("customer_id".into()));
    rum.change_context(ACCOUNT, Change::Remove("id".into()));
    assert_eq!(json(&rum.context_json(ACCOUNT)), json(r#"{"name":"Acme"}"#));
    assert_eq!(
        json(&rum.context_json(GLOBAL)),
        json(r#"{"company_id":"acme","plan":"global"}"#)
    );
    rum.add_action(&mut env, "later", None);
    let evs = events(&mut rum);
    let action = of_type(&evs, "action")[0];
    assert!(action.get("usr").is_none());
    assert!(action.get("account").is_none(), "no account without an id");
    assert_eq!(
        action["context"],
        serde_json::json!({"company_id": "acme", "plan": "view", "step": "cart"})
    );

    // A new view starts with no view context and no feature flags.
    rum.navigate(&mut env, "https://app.example/next", false);
    rum.add_action(&mut env, "on the next view", None);
    let evs = events(&mut rum);
    let action = of_type(&evs, "action")[0];
    assert_eq!(
        action["context"],
        serde_json::json!({"company_id": "acme", "plan": "global"})
    );
    assert_eq!(json(&rum.context_json(VIEW)), json("{}"));
}

#[test]
fn start_view_options_name_set_the_service_version_and_context_of_the_view() {
    let (mut rum, mut env) = started("");
    set(&mut rum, GLOBAL, "company_id", r#""acme""#);
    rum.start_named_view(
        &mut env,
        "https://app.example/checkout",
        ViewOptions::from_value(Some(json(
            r#"{"name":"Checkout","service":"checkout-svc","version":"2.0","context":{"step":1}}"#,
        ))),
    );
    rum.add_action(&mut env, "pay", None);
    rum.set_view_name(Some("Checkout (new)".into()));
    rum.flush_pending(&mut env);
    let evs = events(&mut rum);
    let action = of_type(&evs, "action")[0];
    assert_eq!(action["service"], "checkout-svc");
    assert_eq!(action["version"], "2.0");
    assert_eq!(action["view"]["name"], "Checkout");
    assert_eq!(
        action["context"],
        serde_json::json!({"company_id": "acme", "step": 1})
    );
    let view = of_type(&evs, "view").pop().unwrap();
    assert_eq!(view["view"]["name"], "Checkout (new)");
    assert_eq!(view["service"], "checkout-svc");
    assert_eq!(json(&rum.context_json(VIEW)), json(r#"{"step":1}"#));
    // The next view has the configuration's service again.
    rum.navigate(&mut env, "https://app.example/done", false);
    rum.add_action(&mut env, "done", None);
    let evs = events(&mut rum);
    assert_ne!(of_type(&evs, "action")[0]["service"], "checkout-svc");
}

#[test]
fn custom_timings_and_a_manual_loading_time_go_with_the_view() {
    let (mut rum, mut env) = started("");
    let view_start = env.now();
    env.advance(250.0);
    assert_eq!(rum.add_timing(&mut env, "hero_image", f64::NAN), None);
    assert_eq!(
        rum.add_timing(&mut env, "cart", 120.5),
        None,
        "ms from the view's start"
    );
    assert_eq!(
        rum.add_timing(&mut env, "first paint!", view_start + 400.0),
        Some("first_paint_".into()),
        "an epoch time, and a name made safe"
    );
    assert_eq!(
        rum.add_timing(&mut env, "cart", 130.0),
        None,
        "a second time replaces the first"
    );
    env.advance(50.0);
    rum.set_view_loading_time(&mut env);
    rum.flush_pending(&mut env);
    let view = of_type(&events(&mut rum), "view").pop().unwrap().clone();
    assert_eq!(
        view["view"]["custom_timings"],
        serde_json::json!({"hero_image": 250_000_000, "cart": 130_000_000, "first_paint_": 400_000_000})
    );
    assert_eq!(view["view"]["loading_time"], 300_000_000);
}

#[test]
fn withdrawn_consent_stops_collection_at_once_and_ends_the_session() {
    let (mut rum, mut env) = started("");
    let first = rum.session_id(&mut env).unwrap();
    events(&mut rum);
    rum.add_action(&mut env, "made before the withdrawal, not yet taken", None);
    rum.withdraw_consent(&mut env);
    assert!(
        rum.take_events().is_empty(),
        "nothing more goes out, not even the view's end"
    );
    assert_eq!(
        *env.storage.borrow(),
        None,
        "the session is gone from storage"
    );
    rum.add_action(&mut env, "after", None);
    rum.tick(&mut env);
    env.advance(MIN);
    rum.tick(&mut env);
    assert!(rum.take_events().is_empty());
    assert_eq!(*env.storage.borrow(), None, "and nothing is written again");
    // Consent given again: a new session and a first view.
    rum.start(&mut env, "https://app.example/again", "", ORIGIN);
    let second = rum.session_id(&mut env).unwrap();
    assert_ne!(second, first);
    rum.flush_pending(&mut env);
    let evs = events(&mut rum);
    assert_eq!(evs[0]["type"], "view");
    assert_eq!(evs[0]["session"]["id"], second.as_str());
    assert_eq!(evs[0]["view"]["url"], "https://app.example/again");
}

#[test]
fn a_timed_action_has_its_loading_time_and_what_happened_meanwhile() {
    let (mut rum, mut env) = started("");
    let start = env.now();
    rum.start_action(
        &mut env,
        "checkout".into(),
        json(r#"{"type":"tap","context":{"cart":3}}"#),
    );
    rum.start_action(&mut env, "search".into(), json(r#"{"actionKey":"s1"}"#));
    env.advance(200.0);
    rum.add_error(
        &mut env,
        error_report("custom", true, "during".into(), None, None, None),
    );
    rum.long_task(&mut env, 1100.0, TASK.into());
    rum.stop_action(&mut env, "checkout", json(r#"{"context":{"cart":4}}"#));
    rum.stop_action(&mut env, "never started", json("{}"));
    rum.stop_action(&mut env, "search", json("{}")); // its key is s1: not this one
    env.advance(100.0);
    rum.stop_action(
        &mut env,
        "search",
        json(r#"{"actionKey":"s1","type":"rocket"}"#),
    );
    let evs = events(&mut rum);
    let actions = of_type(&evs, "action");
    assert_eq!(actions.len(), 2, "{actions:?}");
    let checkout = actions[0];
    assert_eq!(checkout["date"], start);
    assert_eq!(checkout["action"]["type"], "tap");
    assert_eq!(checkout["action"]["target"]["name"], "checkout");
    assert_eq!(checkout["action"]["loading_time"], 200_000_000);
    assert_eq!(checkout["action"]["error"]["count"], 1);
    assert_eq!(checkout["action"]["long_task"]["count"], 1);
    assert_eq!(checkout["action"]["resource"]["count"], 0);
    assert_eq!(
        checkout["action"]["frustration"]["type"],
        serde_json::json!(["error_click"])
    );
    assert_eq!(
        checkout["context"],
        serde_json::json!({"cart": 4}),
        "the stop's context wins"
    );
    let search = actions[1];
    assert_eq!(
        search["action"]["type"], "custom",
        "an unknown type is custom"
    );
    assert_eq!(search["action"]["loading_time"], 300_000_000);
}

#[test]
fn duration_vitals_are_vital_events() {
    let (mut rum, mut env) = started("");
    let start = env.now();
    rum.start_vital(
        &mut env,
        "hero_render".into(),
        json(r#"{"description":"home"}"#),
    );
    env.advance(150.0);
    rum.stop_vital(
        &mut env,
        "hero_render",
        json(r#"{"context":{"cache":"warm"}}"#),
    );
    rum.add_vital(
        &mut env,
        "upload",
        json(r#"{"startTime":1700000000500,"duration":42.5}"#),
    );
    rum.add_vital(&mut env, "no times", json("{}"));
    let evs = events(&mut rum);
    let vitals = of_type(&evs, "vital");
    assert_eq!(vitals.len(), 2);
    assert_eq!(vitals[0]["date"], start);
    assert_eq!(vitals[0]["vital"]["type"], "duration");
    assert_eq!(vitals[0]["vital"]["name"], "hero_render");
    assert_eq!(vitals[0]["vital"]["description"], "home");
    assert_eq!(vitals[0]["vital"]["duration"], 150_000_000);
    assert_eq!(vitals[0]["context"], serde_json::json!({"cache": "warm"}));
    assert_eq!(vitals[1]["date"], 1_700_000_000_500.0);
    assert_eq!(vitals[1]["vital"]["duration"], 42_500_000);
    assert!(vitals[0]["vital"]["id"].as_str().unwrap().len() == 36);
}

// Datadog's vitalCollection.spec.ts: a step is sent when called, dated then, with the key and
// the reason given; an end without a reason is a success.
#[test]
fn operation_steps_are_vital_events_when_called() {
    let (mut rum, mut env) = started("");
    let start = env.now();
    rum.operation_step(
        &mut env,
        "upload",
        json(r#"{"operationKey":"cover","description":"photo","context":{"n":1}}"#),
    );
    env.advance(20.0);
    rum.operation_step(
        &mut env,
        "upload",
        json(r#"{"step":"end","operationKey":"cover"}"#),
    );
    rum.operation_step(
        &mut env,
        "pay",
        json(r#"{"step":"end","failureReason":"abandoned"}"#),
    );
    rum.operation_step(&mut env, "pay", json(r#"{"step":"end","failureReason":7}"#));
    // A reason on a start is not the schema's: it is left out.
    rum.operation_step(&mut env, "late", json(r#"{"failureReason":"error"}"#));
    let evs = events(&mut rum);
    let steps: Vec<_> = of_type(&evs, "vital")
        .iter()
        .map(|e| e["vital"].clone())
        .collect();
    let field = |k: &str| steps.iter().map(|v| v[k].as_str()).collect::<Vec<_>>();
    assert_eq!(field("type"), [Some("operation_step"); 5]);
    assert_eq!(
        field("step_type"),
        [
            Some("start"),
            Some("end"),
            Some("end"),
            Some("end"),
            Some("start")
        ]
    );
    assert_eq!(
        field("operation_key"),
        [Some("cover"), Some("cover"), None, None, None]
    );
    assert_eq!(
        field("failure_reason"),
        [None, None, Some("abandoned"), Some("other"), None]
    );
    assert_eq!(
        field("description"),
        [Some("photo"), None, None, None, None]
    );
    let vitals = of_type(&evs, "vital");
    assert_eq!(vitals[0]["date"], start);
    assert_eq!(vitals[1]["date"], start + 20.0);
    assert_eq!(vitals[0]["context"], serde_json::json!({"n": 1}));
    assert!(vitals[0]["vital"].get("duration").is_none());
}

#[test]
fn contexts_kept_for_the_next_page_are_restored_under_its_own() {
    let (mut rum, _) = started("");
    set(&mut rum, USER, "id", r#""u1""#);
    set(&mut rum, ACCOUNT, "id", r#""a1""#);
    set(&mut rum, GLOBAL, "plan", r#""pro""#);
    set(&mut rum, VIEW, "step", r#""not kept""#);
    let kept = rum.stored_contexts();
    assert_eq!(kept, r#"[{"id":"u1"},{"id":"a1"},{"plan":"pro"}]"#);
    let (mut next, _) = started("");
    set(&mut next, GLOBAL, "plan", r#""this page's""#);
    next.restore_contexts(json(&kept));
    assert_eq!(json(&next.context_json(USER)), json(r#"{"id":"u1"}"#));
    assert_eq!(json(&next.context_json(ACCOUNT)), json(r#"{"id":"a1"}"#));
    assert_eq!(
        json(&next.context_json(GLOBAL)),
        json(r#"{"plan":"this page's"}"#)
    );
    next.restore_contexts(json(r#""not a list""#));
    assert_eq!(json(&next.context_json(USER)), json(r#"{"id":"u1"}"#));
}

#[test]
fn feature_flags_go_with_the_view_and_its_errors() {
    let (mut rum, mut env) = started("");
    set(&mut rum, FEATURE_FLAGS, "new_checkout", "true");
    set(&mut rum, FEATURE_FLAGS, "variant", r#""b""#);
    rum.add_action(&mut env, "clicked", None);
    rum.add_error(
        &mut env,
        error_report("custom", true, "boom".into(), None, None, None),
    );
    rum.flush_pending(&mut env);
    let evs = events(&mut rum);
    let flags = serde_json::json!({"new_checkout": true, "variant": "b"});
    assert_eq!(of_type(&evs, "error")[0]["feature_flags"], flags);
    assert_eq!(of_type(&evs, "view").pop().unwrap()["feature_flags"], flags);
    assert!(of_type(&evs, "action")[0].get("feature_flags").is_none());
    // With trackFeatureFlagsForEvents, actions and vitals carry them too.
    let (mut rum, mut env) = started(r#","trackFeatureFlagsForEvents":["action","vital"]"#);
    set(&mut rum, FEATURE_FLAGS, "variant", r#""b""#);
    rum.add_action(&mut env, "clicked", None);
    rum.add_vital(
        &mut env,
        "v",
        json(r#"{"startTime":1700000000000,"duration":1}"#),
    );
    let evs = events(&mut rum);
    assert_eq!(
        of_type(&evs, "action")[0]["feature_flags"],
        serde_json::json!({"variant": "b"})
    );
    assert_eq!(
        of_type(&evs, "vital")[0]["feature_flags"],
        serde_json::json!({"variant": "b"})
    );
    rum.navigate(&mut env, "https://app.example/next", false);
    rum.add_error(
        &mut env,
        error_report("custom", true, "again".into(), None, None, None),
    );
    let evs = events(&mut rum);
    assert!(
        of_type(&evs, "error")[0].get("feature_flags").is_none(),
        "flags belong to their view"
    );
}

#[test]
fn session_expires_after_fifteen_idle_minutes_with_a_new_view() {
    let (mut rum, mut env) = started("");
    let first = rum.session_id(&mut env).unwrap();
    let first_view = events(&mut rum)[0]["view"]["id"].clone();
    env.advance(14.0 * MIN);
    rum.activity(&mut env);
    assert_eq!(
        rum.session_id(&mut env).unwrap(),
        first,
        "activity within 15 min keeps it"
    );
    env.advance(16.0 * MIN);
    rum.add_action(&mut env, "back again", None);
    let second = rum.session_id(&mut env).unwrap();
    assert_ne!(second, first);
    rum.flush_pending(&mut env);
    let evs = events(&mut rum);
    // The old view is closed under the old session, then a new view opens in the new one.
    let views = of_type(&evs, "view");
    let closing = views
        .iter()
        .find(|v| v["view"]["id"] == first_view)
        .unwrap();
    assert_eq!(closing["session"]["id"], first.as_str());
    assert_eq!(closing["view"]["is_active"], false);
    let renewed = views
        .iter()
        .find(|v| v["view"]["id"] != first_view)
        .unwrap();
    assert_eq!(renewed["session"]["id"], second.as_str());
    assert_eq!(renewed["view"]["loading_type"], "session_renewal");
    assert_eq!(renewed["view"]["url"], "https://app.example/home?x=1");
    let action = of_type(&evs, "action")[0];
    assert_eq!(action["session"]["id"], second.as_str());
    assert_eq!(action["view"]["id"], renewed["view"]["id"]);
}

#[test]
fn session_ends_after_four_hours_even_when_active() {
    let (mut rum, mut env) = started("");
    let first = rum.session_id(&mut env).unwrap();
    for _ in 0..23 {
        env.advance(10.0 * MIN);
        rum.activity(&mut env);
        assert_eq!(rum.session_id(&mut env).unwrap(), first);
    }
    env.advance(10.0 * MIN); // 240 minutes in
    rum.activity(&mut env);
    assert_ne!(rum.session_id(&mut env).unwrap(), first);
}

#[test]
fn tabs_share_the_stored_session_and_follow_a_renewal() {
    let (mut tab_a, mut env_a) = started("");
    let mut env_b = env_a.other_tab();
    let mut tab_b = Rum::new(config(""));
    tab_b.start(&mut env_b, "https://app.example/other", "", ORIGIN);
    let shared = tab_a.session_id(&mut env_a).unwrap();
    assert_eq!(tab_b.session_id(&mut env_b).unwrap(), shared);

    // Tab B ends the session; tab A notices at its next check and both land on one new id.
    tab_b.stop_session(&mut env_b);
    env_a.advance(2000.0);
    tab_b.add_action(&mut env_b, "in b", None);
    let renewed = tab_b.session_id(&mut env_b).unwrap();
    assert_ne!(renewed, shared);
    tab_a.add_action(&mut env_a, "in a", None);
    assert_eq!(tab_a.session_id(&mut env_a).unwrap(), renewed);
}

#[test]
fn two_tabs_renewing_at_once_keep_the_stored_session() {
    let (mut tab_a, mut env_a) = started("");
    let mut env_b = env_a.other_tab();
    let mut tab_b = Rum::new(config(""));
    tab_b.start(&mut env_b, "https://app.example/", "", ORIGIN);
    env_a.advance(20.0 * MIN);
    // Both tabs see the session expired; A renews first, B must join A's new session.
    tab_a.activity(&mut env_a);
    tab_b.activity(&mut env_b);
    let a = tab_a.session_id(&mut env_a).unwrap();
    assert_eq!(tab_b.session_id(&mut env_b).unwrap(), a);
}

#[test]
fn unsampled_sessions_send_nothing() {
    let (mut rum, mut env) = started(r#","sessionSampleRate":0"#);
    rum.add_action(&mut env, "x", None);
    rum.add_error(
        &mut env,
        ErrorReport {
            message: "boom".into(),
            source: "source",
            ..Default::default()
        },
    );
    assert_eq!(rum.session_id(&mut env), None);
    assert!(rum.take_events().is_empty());
    assert!(
        env.read_session().unwrap().ends_with("&rum=0"),
        "decision is stored"
    );
}

#[test]
fn route_changes_start_views_only_when_the_path_changes() {
    let (mut rum, mut env) = started("");
    events(&mut rum);
    rum.navigate(&mut env, "https://app.example/home?x=2", false);
    rum.navigate(&mut env, "https://app.example/home#top", true);
    assert!(
        rum.take_events().is_empty(),
        "same path, an anchor: same view"
    );
    env.advance(1500.0);
    rum.navigate(&mut env, "https://app.example/admin/users", false);
    let evs = events(&mut rum);
    assert_eq!(evs.len(), 2);
    assert_eq!(evs[0]["view"]["is_active"], false);
    assert_eq!(evs[0]["view"]["time_spent"], 1_500_000_000u64);
    assert_eq!(evs[0]["_dd"]["document_version"], 1);
    assert_eq!(evs[1]["view"]["url"], "https://app.example/admin/users");
    assert_eq!(evs[1]["view"]["referrer"], "https://app.example/home?x=1");
    assert_eq!(evs[1]["view"]["loading_type"], "route_change");
    rum.navigate(&mut env, "https://app.example/admin/users?tab=2", false);
    assert_eq!(
        of_type(&events(&mut rum), "view").len(),
        0,
        "only the query changed"
    );
}

#[test]
fn a_new_hash_route_is_a_new_view_as_datadog_has_it_but_not_an_anchor() {
    // Datadog's views scenarios: "create a new view on hash change", "don't create a new view
    // when it is an Anchor navigation"; the hash's own query is not part of its route.
    let (mut rum, mut env) = started("");
    events(&mut rum);
    rum.navigate(&mut env, "https://app.example/home?x=1#/settings", false);
    let evs = events(&mut rum);
    assert_eq!(evs.len(), 2);
    assert_eq!(
        evs[1]["view"]["url"],
        "https://app.example/home?x=1#/settings"
    );
    rum.navigate(
        &mut env,
        "https://app.example/home?x=1#/settings?tab=2",
        false,
    );
    rum.navigate(&mut env, "https://app.example/home?x=1#faq", true);
    assert!(events(&mut rum).is_empty(), "the hash's query, an anchor");
    let (mut off, mut env) = started(r#","trackHashChanges":false"#);
    events(&mut off);
    off.navigate(&mut env, "https://app.example/home?x=1#/settings", false);
    assert!(events(&mut off).is_empty(), "trackHashChanges: false");
}

#[test]
fn manual_views_keep_early_events_for_the_first_view() {
    let mut env = FakeEnv::new();
    let mut rum = Rum::new(config(r#","trackViewsManually":true"#));
    rum.start(&mut env, "https://app.example/", "", ORIGIN);
    assert!(rum.take_events().is_empty(), "no view until startView");
    rum.add_action(&mut env, "early", None);
    rum.navigate(&mut env, "https://app.example/ignored", false);
    rum.start_named_view(
        &mut env,
        "https://app.example/",
        ViewOptions::from_value(Some(Value::String("  Checkout  ".into()))),
    );
    let evs = events(&mut rum);
    assert_eq!(evs[0]["view"]["name"], "Checkout");
    assert_eq!(evs[0]["view"]["loading_type"], "initial_load");
    let action = of_type(&evs, "action")[0];
    assert_eq!(action["view"]["id"], evs[0]["view"]["id"]);
    assert_eq!(action["view"]["name"], "Checkout");
}

#[test]
fn clicks_are_reported_after_their_window_with_frustrations() {
    let (mut rum, mut env) = started("");
    events(&mut rum);
    rum.click(&mut env, 1, "Save".into(), false, false);
    rum.tick(&mut env);
    assert!(
        of_type(&events(&mut rum), "action").is_empty(),
        "held for the rage window"
    );
    env.advance(1001.0);
    rum.tick(&mut env);
    let evs = events(&mut rum);
    let action = of_type(&evs, "action")[0];
    assert_eq!(action["action"]["type"], "click");
    assert_eq!(action["action"]["target"]["name"], "Save");
    assert_eq!(action["date"], T0 as u64);
    assert_eq!(
        action["action"]["frustration"]["type"],
        serde_json::json!([])
    );
    assert!(
        action["action"].get("loading_time").is_none(),
        "no page activity: no loading time"
    );
    assert_eq!(action["action"]["resource"]["count"], 0);

    for _ in 0..4 {
        env.advance(150.0);
        rum.click(&mut env, 2, "Pay".into(), false, false);
    }
    env.advance(20.0);
    rum.add_error(
        &mut env,
        ErrorReport {
            message: "payment failed".into(),
            kind: Some("TypeError".into()),
            source: "source",
            ..Default::default()
        },
    );
    rum.flush_pending(&mut env);
    let evs = events(&mut rum);
    let actions = of_type(&evs, "action");
    assert_eq!(actions.len(), 1, "a rage click is one action");
    let rage = actions[0];
    assert_eq!(
        rage["action"]["frustration"]["type"],
        serde_json::json!(["rage_click", "error_click"])
    );
    assert_eq!(rage["action"]["error"]["count"], 1);
    let error = of_type(&evs, "error")[0];
    let ids = error["action"]["id"].as_array().unwrap();
    assert_eq!(ids.len(), 2, "its click and the rage click: {ids:?}");
    assert!(
        ids.contains(&rage["action"]["id"]),
        "the error points at the rage click"
    );
    assert_eq!(error["error"]["message"], "payment failed");
    assert_eq!(error["error"]["type"], "TypeError");
    assert_eq!(error["error"]["handling"], "unhandled");
    let view = of_type(&evs, "view").pop().unwrap();
    assert_eq!(view["view"]["action"]["count"], 2);
    assert_eq!(view["view"]["error"]["count"], 1);
    assert_eq!(view["view"]["frustration"]["count"], 2);
}

#[test]
fn a_live_click_without_page_activity_is_a_dead_click() {
    let (mut rum, mut env) = waiting_for_the_user();
    rum.click(&mut env, 1, "Nothing".into(), true, false);
    env.advance(50.0);
    assert!(
        rum.page_activity(&mut env, Activity::Change, T0 - 1.0),
        "activity from before the click does not count; the click is still watched"
    );
    env.advance(1000.0);
    rum.click(&mut env, 2, "Works".into(), true, false);
    env.advance(40.0);
    let request = env.now();
    assert!(rum.page_activity(&mut env, Activity::RequestStart, f64::NAN));
    env.advance(30.0);
    rum.page_activity(&mut env, Activity::RequestEnd, request);
    rum.click(&mut env, 3, "Excluded".into(), false, false);
    for _ in 0..3 {
        env.advance(100.0);
        rum.click(&mut env, 4, "Rage".into(), true, false);
    }
    env.advance(1200.0);
    rum.tick(&mut env);
    assert!(
        !rum.page_activity(&mut env, Activity::Change, f64::NAN),
        "no click or view waits any more"
    );
    rum.flush_pending(&mut env);
    let evs = events(&mut rum);
    let frustrations: Vec<_> = of_type(&evs, "action")
        .iter()
        .map(|a| {
            (
                a["action"]["target"]["name"].clone(),
                a["action"]["frustration"]["type"].clone(),
            )
        })
        .collect();
    assert_eq!(
        frustrations,
        [
            ("Nothing".into(), serde_json::json!(["dead_click"])),
            ("Works".into(), serde_json::json!([])),
            ("Excluded".into(), serde_json::json!([])),
            (
                "Rage".into(),
                serde_json::json!(["rage_click", "dead_click"])
            ),
        ]
    );
    let view = of_type(&evs, "view").pop().unwrap();
    assert_eq!(view["view"]["frustration"]["count"], 3);
}

#[test]
fn a_route_view_loads_until_its_requests_and_mutations_settle() {
    let (mut rum, mut env) = started("");
    rum.set_timing("load_event", 420.0);
    env.advance(150.0);
    rum.tick(&mut env);
    rum.flush_pending(&mut env);
    let first = of_type(&events(&mut rum), "view").pop().unwrap().clone();
    assert_eq!(
        first["view"]["loading_time"], 420_000_000u64,
        "no activity after init: the load event"
    );

    rum.navigate(&mut env, "https://app.example/cart", false);
    let start = env.now();
    env.advance(30.0);
    rum.page_activity(&mut env, Activity::RequestStart, f64::NAN);
    env.advance(20.0);
    rum.page_activity(&mut env, Activity::Change, f64::NAN);
    assert!(
        rum.deadline() > start + 1000.0,
        "nothing to wait for by the clock while the request is in flight"
    );
    env.advance(250.0);
    rum.page_activity(&mut env, Activity::RequestEnd, start + 30.2);
    assert_eq!(
        rum.deadline(),
        start + 401.0,
        "100 ms after the request's end"
    );
    env.advance(101.0);
    rum.tick(&mut env);
    rum.flush_pending(&mut env);
    let view = of_type(&events(&mut rum), "view").pop().unwrap().clone();
    assert_eq!(view["view"]["url"], "https://app.example/cart");
    assert_eq!(view["view"]["loading_time"], 300_000_000u64);

    rum.navigate(&mut env, "https://app.example/quiet", false);
    env.advance(500.0);
    rum.tick(&mut env);
    rum.flush_pending(&mut env);
    let view = of_type(&events(&mut rum), "view").pop().unwrap().clone();
    assert!(view["view"].get("loading_time").is_none(), "no activity");

    rum.navigate(&mut env, "https://app.example/hidden", false);
    env.advance(10.0);
    rum.page_activity(&mut env, Activity::RequestStart, f64::NAN);
    rum.hidden(&mut env);
    let view = of_type(&events(&mut rum), "view").pop().unwrap().clone();
    assert!(
        view["view"].get("loading_time").is_none(),
        "hidden while a request was in flight: not the page's own loading"
    );
}

#[test]
fn view_updates_grow_the_document_version_and_are_throttled() {
    let (mut rum, mut env) = started("");
    events(&mut rum);
    rum.set_timing("fcp", 120.0);
    rum.set_timing("lcp", 480.5);
    rum.layout_shift(0.05, 10.0, false);
    rum.interaction(7, 64.0, 900.0, 1);
    env.advance(1000.0);
    rum.tick(&mut env);
    assert!(events(&mut rum).is_empty(), "too soon after the last send");
    env.advance(VIEW_UPDATE_INTERVAL_MS);
    rum.tick(&mut env);
    let evs = events(&mut rum);
    assert_eq!(evs.len(), 1);
    let v = &evs[0];
    assert_eq!(v["_dd"]["document_version"], 1);
    assert_eq!(v["view"]["first_contentful_paint"], 120_000_000u64);
    assert_eq!(v["view"]["largest_contentful_paint"], 480_500_000u64);
    assert_eq!(v["view"]["cumulative_layout_shift"], 0.05);
    assert_eq!(v["view"]["interaction_to_next_paint"], 64_000_000u64);
    env.advance(VIEW_UPDATE_INTERVAL_MS);
    rum.tick(&mut env);
    assert!(events(&mut rum).is_empty(), "nothing changed");
}

#[test]
fn stop_session_closes_the_view_and_clears_storage() {
    let (mut rum, mut env) = started("");
    let first = rum.session_id(&mut env).unwrap();
    events(&mut rum);
    rum.stop_session(&mut env);
    assert_eq!(env.read_session(), None);
    let evs = events(&mut rum);
    assert_eq!(evs.len(), 1);
    assert_eq!(evs[0]["view"]["is_active"], false);
    rum.add_action(&mut env, "again", None);
    let second = rum.session_id(&mut env).unwrap();
    assert_ne!(first, second);
    let evs = events(&mut rum);
    assert_eq!(evs[0]["type"], "view");
    assert_eq!(evs[0]["session"]["id"], second.as_str());
}

/// A long task's event part as the engine's JS writes it (`js/src/longtask.js`).
pub(super) const TASK: &str =
    r#"{"entry_type":"long-task","duration":80000000,"start_time":900000000}"#;

#[test]
fn long_animation_frames_are_long_task_events_with_their_scripts() {
    let (mut rum, mut env) = started(r#","trackFeatureFlagsForEvents":["long_task"]"#);
    let _ = set(&mut rum, FEATURE_FLAGS, "f", "true");
    events(&mut rum);
    let frame = r#"{"entry_type":"long-animation-frame","duration":120000000,"scripts":[{"invoker":"BUTTON#pay.onclick","source_char_position":1234}]}"#;
    rum.long_task(&mut env, 1000.5, frame.into());
    rum.long_task(&mut env, 2000.0, "{}".into());
    rum.flush_pending(&mut env);
    let evs = events(&mut rum);
    let tasks = of_type(&evs, "long_task");
    assert_eq!(tasks.len(), 2);
    assert_eq!(tasks[0]["date"], ORIGIN as u64 + 1001);
    assert_eq!(tasks[0]["feature_flags"]["f"], true);
    let mut part = tasks[0]["long_task"].clone();
    assert_eq!(part["id"].take().as_str().unwrap().len(), 36);
    let mut written: Json = serde_json::from_str(frame).unwrap();
    written["id"] = Json::Null;
    assert_eq!(part, written, "the part as the JS wrote it, after its id");
    assert_eq!(
        tasks[1]["long_task"].as_object().unwrap().len(),
        1,
        "only the id"
    );
    let view = of_type(&evs, "view").pop().unwrap();
    assert_eq!(view["view"]["long_task"]["count"], 2);
}

#[test]
fn track_anonymous_user_keeps_one_id_across_sessions_until_consent_is_withdrawn() {
    let (mut rum, mut env) = started(r#","trackAnonymousUser":true"#);
    rum.add_action(&mut env, "first", None);
    let evs = events(&mut rum);
    let aid = evs[0]["usr"]["anonymous_id"].as_str().unwrap().to_owned();
    let first_session = evs[0]["session"]["id"].clone();
    assert_eq!(aid.len(), 36);
    assert!(evs.iter().all(|e| e["usr"]["anonymous_id"] == aid.as_str()));
    // A session that ends keeps the id in its expired record; the next one takes it over.
    rum.stop_session(&mut env);
    assert!(env
        .read_session()
        .unwrap()
        .ends_with(&format!("&aid={aid}")));
    env.advance(20.0 * 60_000.0);
    let _ = set(&mut rum, USER, "id", r#""u1""#);
    rum.add_action(&mut env, "second", None);
    let evs = events(&mut rum);
    let second = of_type(&evs, "action")[0];
    assert_ne!(second["session"]["id"], first_session);
    assert_eq!(
        second["usr"],
        serde_json::json!({ "id": "u1", "anonymous_id": aid })
    );
    rum.withdraw_consent(&mut env);
    assert_eq!(env.read_session(), None, "withdrawn: nothing stays");
    // Off (the default): no id.
    let (mut rum, mut env) = started("");
    rum.add_action(&mut env, "none", None);
    assert!(events(&mut rum).iter().all(|e| e.get("usr").is_none()));
    assert!(!env.read_session().unwrap().contains("aid="));
}

fn traced(extra: &str) -> (Rum, FakeEnv) {
    let mut env = FakeEnv::new();
    let mut c = config(extra);
    c.tracing_rules =
        crate::core::config::tracing_rules(&[crate::core::config::TracingEntry::Prefix(
            "https://api.example.com".into(),
        )])
        .unwrap();
    let mut rum = Rum::new(c);
    rum.start(&mut env, "https://app.example/", "", ORIGIN);
    (rum, env)
}

#[test]
fn only_allowed_urls_get_trace_headers() {
    let (mut rum, mut env) = traced("");
    assert_eq!(
        rum.plan_request(&mut env, "https://cdn.example.com/x.js", |_| false),
        RequestPlan::Track
    );
    assert_eq!(
        rum.plan_request(&mut env, "https://api.example.com.evil.net/", |_| false),
        RequestPlan::Track
    );
    match rum.plan_request(&mut env, "https://api.example.com/orders", |_| false) {
        RequestPlan::Trace {
            ids,
            sampled,
            headers,
            ..
        } => {
            assert!(sampled);
            let names: Vec<_> = headers.iter().map(|(n, _)| *n).collect();
            assert!(names.contains(&"traceparent") && names.contains(&"x-datadog-trace-id"));
            assert_ne!(ids.trace, 0);
        }
        other => panic!("expected a trace, got {other:?}"),
    }
    // The SDK's own requests are neither traced nor reported.
    let (mut rum, mut env) = traced(r#","intakeUrl":"https://api.example.com/rum""#);
    assert_eq!(
        rum.plan_request(
            &mut env,
            "https://api.example.com/rum?ddsource=browser",
            |_| false
        ),
        RequestPlan::Ignore
    );
}

#[test]
fn unsampled_traces_follow_trace_context_injection() {
    let (mut rum, mut env) = traced(r#","traceSampleRate":0,"traceContextInjection":"all""#);
    match rum.plan_request(&mut env, "https://api.example.com/a", |_| false) {
        RequestPlan::Trace {
            sampled, headers, ..
        } => {
            assert!(!sampled);
            assert!(headers
                .iter()
                .any(|(n, v)| *n == "x-datadog-sampling-priority" && v == "0"));
        }
        other => panic!("expected an unsampled trace, got {other:?}"),
    }
    // "sampled" is the default, as in Datadog's SDK since v6: an unsampled trace sends nothing.
    let (mut rum, mut env) = traced(r#","traceSampleRate":0"#);
    assert_eq!(
        rum.plan_request(&mut env, "https://api.example.com/a", |_| false),
        RequestPlan::Track
    );
    let (mut rum, mut env) = traced(r#","sessionSampleRate":0"#);
    assert_eq!(
        rum.plan_request(&mut env, "https://api.example.com/a", |_| false),
        RequestPlan::Track,
        "an untracked session adds no headers"
    );
}

#[test]
fn a_graphql_request_carries_its_operation() {
    let (mut rum, mut env) = started("");
    events(&mut rum);
    rum.add_resource(
        &mut env,
        ResourceReport {
            kind: "fetch",
            method: Some("POST".into()),
            url: "https://api.example.com/graphql".into(),
            status: Some(200),
            start: T0 + 10.0,
            duration: 20.0,
            graphql: Some(r#"{"operationType":"mutation","operationName":"AddItem"}"#.into()),
            ..Default::default()
        },
    );
    let evs = events(&mut rum);
    assert_eq!(
        of_type(&evs, "resource")[0]["resource"]["graphql"],
        serde_json::json!({"operationType": "mutation", "operationName": "AddItem"})
    );
}

#[test]
fn resources_carry_their_trace_and_failures_become_errors() {
    let (mut rum, mut env) = traced("");
    events(&mut rum);
    let RequestPlan::Trace { ids, .. } =
        rum.plan_request(&mut env, "https://api.example.com/a", |_| false)
    else {
        panic!("traced");
    };
    rum.add_resource(
        &mut env,
        ResourceReport {
            kind: "fetch",
            method: Some("POST".into()),
            url: "https://api.example.com/a".into(),
            status: Some(201),
            start: T0 + 10.0,
            duration: 42.5,
            size: Some(512.0),
            phases: vec![("first_byte", 1.0, 30.0)],
            trace: Some((ids, true)),
            ..Default::default()
        },
    );
    rum.add_resource(
        &mut env,
        ResourceReport {
            kind: "xhr",
            method: Some("GET".into()),
            url: "https://down.example/".into(),
            status: Some(0),
            start: T0 + 20.0,
            duration: 5.0,
            failed: true,
            ..Default::default()
        },
    );
    rum.flush_pending(&mut env);
    let evs = events(&mut rum);
    let resources = of_type(&evs, "resource");
    assert_eq!(resources.len(), 2);
    let r = resources[0];
    assert_eq!(r["resource"]["type"], "fetch");
    assert_eq!(r["resource"]["method"], "POST");
    assert_eq!(r["resource"]["status_code"], 201);
    assert_eq!(r["resource"]["duration"], 42_500_000u64);
    assert_eq!(r["resource"]["size"], 512);
    assert_eq!(r["resource"]["first_byte"]["duration"], 30_000_000u64);
    assert_eq!(r["_dd"]["trace_id"], ids.trace_hex().as_str());
    assert_eq!(r["_dd"]["span_id"], ids.span_decimal().as_str());
    assert_eq!(r["_dd"]["rule_psr"], 1);
    assert!(resources[1]["_dd"].get("trace_id").is_none());
    let error = of_type(&evs, "error")[0];
    assert_eq!(error["error"]["source"], "network");
    assert_eq!(
        error["error"]["message"],
        "XHR error GET https://down.example/"
    );
    assert_eq!(error["error"]["resource"]["status_code"], 0);
    let view = of_type(&evs, "view").pop().unwrap();
    assert_eq!(view["view"]["resource"]["count"], 2);
    assert_eq!(view["view"]["error"]["count"], 1);
}

#[test]
fn a_trace_handle_gives_back_its_ids_once() {
    let (mut rum, mut env) = traced("");
    let RequestPlan::Trace {
        handle,
        ids,
        sampled,
        ..
    } = rum.plan_request(&mut env, "https://api.example.com/a", |_| false)
    else {
        panic!("traced");
    };
    assert_ne!(handle, 0);
    assert_eq!(rum.trace_of(0), None, "0 means no headers");
    assert_eq!(rum.trace_of(handle), Some((ids, sampled)));
    assert_eq!(rum.trace_of(handle), None, "a handle is used once");
}

#[test]
fn open_traces_are_bounded_oldest_first() {
    let (mut rum, mut env) = traced("");
    let mut handles = Vec::new();
    for _ in 0..=crate::core::rum::MAX_OPEN_TRACES {
        match rum.plan_request(&mut env, "https://api.example.com/a", |_| false) {
            RequestPlan::Trace { handle, .. } => handles.push(handle),
            other => panic!("expected a trace, got {other:?}"),
        }
    }
    assert_eq!(rum.trace_of(handles[0]), None, "the oldest was evicted");
    assert!(rum.trace_of(handles[1]).is_some());
    assert!(rum.trace_of(*handles.last().unwrap()).is_some());
}

#[test]
fn the_deadline_is_the_next_work_and_nothing_when_idle() {
    let (mut rum, mut env) = started("");
    events(&mut rum);
    // The view waits for page activity (its loading time) for 100 ms, and no longer.
    assert_eq!(rum.deadline(), T0 + 101.0);
    env.advance(101.0);
    rum.tick(&mut env);
    assert_eq!(
        rum.deadline(),
        f64::INFINITY,
        "a sent view and no click: nothing to wake for"
    );
    rum.click(&mut env, 1, "Buy".into(), false, false);
    // Woken at each deadline: the click's activity window ends, then its chain (a second after
    // it); each deadline is later than the one before, so there is no busy loop.
    let mut wakes = Vec::new();
    while of_type(&events(&mut rum), "action").is_empty() {
        let next = rum.deadline();
        assert!(
            wakes.last().is_none_or(|&last| next > last) && wakes.len() < 3,
            "{wakes:?}"
        );
        wakes.push(next);
        env.advance(next - env.now());
        rum.tick(&mut env);
    }
    assert_eq!(wakes, [T0 + 101.0 + 101.0, T0 + 101.0 + 1001.0]);
    // The click changed the view (its action count): its update is due 5 s after the last send.
    let update = rum.deadline();
    assert_eq!(update, T0 + VIEW_UPDATE_INTERVAL_MS);
    env.advance(update - env.now());
    rum.tick(&mut env);
    assert_eq!(of_type(&events(&mut rum), "view").len(), 1);
    assert_eq!(rum.deadline(), f64::INFINITY);
}

#[test]
fn an_error_loop_is_rate_limited_counted_and_reported_once() {
    let (mut rum, mut env) = started("");
    events(&mut rum);
    for i in 0..3005 {
        rum.add_error(
            &mut env,
            ErrorReport {
                message: format!("loop {i}"),
                source: "custom",
                handled: true,
                ..ErrorReport::default()
            },
        );
        rum.add_action(&mut env, "tick", None);
    }
    let evs = events(&mut rum);
    assert_eq!(of_type(&evs, "error").len(), 3000);
    assert_eq!(of_type(&evs, "action").len(), 3000);
    env.advance(MIN - 1.0);
    rum.tick(&mut env);
    assert!(
        of_type(&events(&mut rum), "error").is_empty(),
        "the report waits for the minute to end"
    );
    assert_eq!(rum.deadline(), T0 + MIN);
    env.advance(MIN);
    rum.tick(&mut env);
    let evs = events(&mut rum);
    let reports = of_type(&evs, "error");
    assert_eq!(reports.len(), 2, "one report per limited kind: {evs:?}");
    assert_eq!(
        reports[0]["error"]["message"],
        "Reached max number of errors by minute: 3000 (5 more were dropped)"
    );
    assert_eq!(reports[0]["error"]["source"], "agent");
    assert_eq!(
        reports[1]["error"]["message"],
        "Reached max number of actions by minute: 3000 (5 more were dropped)"
    );
    rum.tick(&mut env);
    assert!(
        of_type(&events(&mut rum), "error").is_empty(),
        "reported once"
    );
    // The next minute takes errors again.
    rum.add_error(
        &mut env,
        ErrorReport {
            message: "after".into(),
            source: "custom",
            ..ErrorReport::default()
        },
    );
    assert_eq!(of_type(&events(&mut rum), "error").len(), 1);
}

/// The latest view event's `view` object after the view is sent now.
fn latest_view(rum: &mut Rum, env: &mut FakeEnv) -> Json {
    rum.flush_pending(env);
    let evs = events(rum);
    of_type(&evs, "view")
        .last()
        .copied()
        .cloned()
        .expect("a view")
}

#[test]
fn manual_views_keep_timings_vitals_and_resources_for_the_first_view() {
    let mut env = FakeEnv::new();
    let mut rum = Rum::new(config(r#","trackViewsManually":true"#));
    rum.start(&mut env, "https://app.example/", "", ORIGIN);
    rum.set_timing("fcp", 120.0);
    rum.set_timing("lcp", 300.0);
    rum.set_timing("ttfb", 40.0);
    rum.layout_shift(0.1, 200.0, false);
    rum.interaction(7, 80.0, 900.0, 1);
    rum.long_task(&mut env, 900.0, TASK.into());
    rum.add_resource(
        &mut env,
        ResourceReport {
            kind: "fetch",
            url: "https://api.example/early".into(),
            status: Some(200),
            start: T0 + 10.0,
            duration: 30.0,
            ..ResourceReport::default()
        },
    );
    assert!(
        rum.take_events().is_empty(),
        "all of it waits for startView"
    );
    env.advance(500.0);
    rum.start_named_view(
        &mut env,
        "https://app.example/",
        ViewOptions::from_value(Some(Value::String("Home".into()))),
    );
    let evs = events(&mut rum);
    let resources = of_type(&evs, "resource");
    assert_eq!(resources.len(), 1);
    let view = latest_view(&mut rum, &mut env);
    assert_eq!(resources[0]["view"]["id"], view["view"]["id"]);
    let v = &view["view"];
    assert_eq!(v["first_contentful_paint"], 120_000_000);
    assert_eq!(v["largest_contentful_paint"], 300_000_000);
    assert_eq!(v["first_byte"], 40_000_000);
    assert_eq!(v["cumulative_layout_shift"], 0.1);
    assert_eq!(v["interaction_to_next_paint"], 80_000_000);
    assert_eq!(v["long_task"]["count"], 1);
    assert_eq!(v["resource"]["count"], 1);
}

#[test]
fn lcp_stops_at_the_first_input_and_the_first_hide() {
    // web-vitals' rule: candidates rendered after the first keydown/pointerdown or after the page
    // was first hidden are not the LCP, even when their entry arrives later.
    let (mut rum, mut env) = started("");
    rum.set_timing("lcp", 400.0); // rendered 400 ms after the origin, 600 ms before the SDK
    env.advance(200.0); // T0 + 200 = origin + 1200
    rum.input(&mut env);
    rum.set_timing("lcp", 1100.0); // rendered before the input, reported after it: counts
    rum.set_timing("lcp", 1300.0); // rendered after the input: ignored
    let view = latest_view(&mut rum, &mut env);
    assert_eq!(view["view"]["largest_contentful_paint"], 1_100_000_000);

    let (mut rum, mut env) = started("");
    rum.set_timing("lcp", 800.0);
    env.advance(100.0);
    rum.hidden(&mut env);
    env.advance(5000.0);
    rum.set_timing("lcp", 6000.0); // after the page came back: ignored
    let view = latest_view(&mut rum, &mut env);
    assert_eq!(view["view"]["largest_contentful_paint"], 800_000_000);
}

#[test]
fn inp_takes_the_percentile_over_all_interactions_of_the_view() {
    // web-vitals' estimate: the longest interaction, skipping one per 50 interactions of the
    // view, where short interactions (below the 40 ms entry threshold) count too.
    let (mut rum, mut env) = started("");
    rum.interaction(7, 300.0, 500.0, 1);
    rum.interaction(14, 200.0, 600.0, 2);
    rum.interaction(21, 120.0, 700.0, 3);
    let view = latest_view(&mut rum, &mut env);
    assert_eq!(view["view"]["interaction_to_next_paint"], 300_000_000);
    // 97 more interactions too short to have entries: 100 in all, so the 2 longest are skipped.
    rum.interaction(700, 50.0, 800.0, 100);
    let view = latest_view(&mut rum, &mut env);
    assert_eq!(view["view"]["interaction_to_next_paint"], 120_000_000);
}

#[test]
fn inp_ignores_entries_from_before_a_route_change() {
    let (mut rum, mut env) = started("");
    rum.interaction(7, 90.0, 900.0, 1);
    env.advance(1000.0);
    rum.navigate(&mut env, "https://app.example/next", false);
    // The new view started at origin + 2000 ms: an entry of an interaction at origin + 1500 ms,
    // delivered late, belongs to the old view; one at origin + 2100 ms is the new view's.
    rum.interaction(7, 400.0, 1500.0, 1);
    let view = latest_view(&mut rum, &mut env);
    assert_eq!(view["view"]["url"], "https://app.example/next");
    assert_eq!(view["view"]["interaction_to_next_paint"], Json::Null);
    rum.interaction(14, 150.0, 2100.0, 2);
    let view = latest_view(&mut rum, &mut env);
    assert_eq!(view["view"]["interaction_to_next_paint"], 150_000_000);
}

#[test]
fn an_unsampled_trace_leaves_no_trace_ids_on_the_resource() {
    let (mut rum, mut env) = traced(r#","traceSampleRate":0,"traceContextInjection":"all""#);
    events(&mut rum);
    let RequestPlan::Trace { handle, .. } =
        rum.plan_request(&mut env, "https://api.example.com/a", |_| false)
    else {
        panic!("traced, unsampled");
    };
    let trace = rum.trace_of(handle);
    assert_eq!(trace.map(|t| t.1), Some(false));
    rum.add_resource(
        &mut env,
        ResourceReport {
            kind: "fetch",
            url: "https://api.example.com/a".into(),
            status: Some(200),
            start: T0,
            duration: 10.0,
            trace,
            ..ResourceReport::default()
        },
    );
    let evs = events(&mut rum);
    let resource = of_type(&evs, "resource")[0];
    assert_eq!(resource["_dd"]["trace_id"], Json::Null);
    assert_eq!(resource["_dd"]["span_id"], Json::Null);
}
