//! Clicks linked to what they caused, as Datadog's `trackClickActions` and `actionCollection`
//! specs have them: the requests, errors and long tasks that start while a click waits for its
//! page activity carry its id, and the click carries its loading time and their counts.

use super::tests::{events, json, of_type, started, waiting_for_the_user, FakeEnv, ORIGIN, T0};
use super::*;

/// Drives the engine's timer: ticks at each deadline up to `until`.
fn run_until(rum: &mut Rum, env: &mut FakeEnv, until: f64) {
    for _ in 0..20 {
        let next = rum.deadline();
        if next > until {
            break;
        }
        env.advance(next - env.now());
        rum.tick(env);
    }
}

#[test]
fn a_click_links_the_request_it_caused_and_has_its_loading_time() {
    let (mut rum, mut env) = waiting_for_the_user();
    let click = env.now();
    rum.click(&mut env, 1, "Load orders".into(), true, false);
    env.advance(10.0);
    let request = env.now();
    rum.page_activity(&mut env, Activity::RequestStart, f64::NAN);
    env.advance(120.0);
    rum.page_activity(&mut env, Activity::RequestEnd, request);
    rum.add_resource(
        &mut env,
        ResourceReport {
            kind: "fetch",
            method: Some("GET".into()),
            url: "https://api.example.com/orders".into(),
            status: Some(500),
            start: request,
            duration: 120.0,
            failed: true,
            ..Default::default()
        },
    );
    env.advance(5.0);
    rum.page_activity(&mut env, Activity::Change, f64::NAN);
    let activity_end = env.now();
    // A request that starts after the click's activity ended is not its own.
    run_until(&mut rum, &mut env, click + 900.0);
    let later = env.now();
    rum.add_resource(
        &mut env,
        ResourceReport {
            kind: "fetch",
            url: "https://api.example.com/later".into(),
            status: Some(200),
            start: later,
            duration: 5.0,
            ..Default::default()
        },
    );
    run_until(&mut rum, &mut env, click + 2000.0);
    let evs = events(&mut rum);
    let action = of_type(&evs, "action")[0];
    let id = &action["action"]["id"];
    assert_eq!(
        action["action"]["loading_time"],
        ((activity_end - click) * 1e6) as u64
    );
    assert_eq!(action["action"]["resource"]["count"], 1);
    assert_eq!(
        action["action"]["error"]["count"], 1,
        "the 500's network error"
    );
    assert_eq!(action["action"]["long_task"]["count"], 0);
    assert_eq!(
        action["action"]["frustration"]["type"],
        serde_json::json!(["error_click"]),
        "an error while it was in progress, as Datadog counts it"
    );
    let resources = of_type(&evs, "resource");
    assert_eq!(resources.len(), 2);
    assert!(
        resources[0]["action"]["id"]
            .as_array()
            .unwrap()
            .contains(id),
        "{}",
        resources[0]
    );
    // (It may carry the id of the rage click the chain could still become, as Datadog's do.)
    assert!(
        !resources[1]["action"]["id"]
            .as_array()
            .is_some_and(|ids| ids.contains(id)),
        "started after the click ended"
    );
    let error = of_type(&evs, "error")[0];
    assert!(error["action"]["id"].as_array().unwrap().contains(id));
}

#[test]
fn a_long_task_and_a_resource_reported_after_the_click_still_link_to_it() {
    let (mut rum, mut env) = waiting_for_the_user();
    let click = env.now();
    rum.click(&mut env, 1, "Render".into(), false, false);
    // The long task's entry starts a fraction before the click that caused it.
    let start = click - ORIGIN - 0.5;
    rum.long_task(&mut env, start, super::tests::TASK.into());
    env.advance(50.0);
    rum.page_activity(&mut env, Activity::Change, f64::NAN);
    run_until(&mut rum, &mut env, click + 2000.0);
    // A resource whose timing entry came late: it started within the click.
    rum.add_resource(
        &mut env,
        ResourceReport {
            kind: "image",
            url: "https://cdn.example.com/chart.png".into(),
            start: click + 20.0,
            duration: 10.0,
            ..Default::default()
        },
    );
    let evs = events(&mut rum);
    let action = of_type(&evs, "action")[0];
    assert_eq!(action["action"]["long_task"]["count"], 1);
    assert_eq!(
        action["action"]["resource"]["count"], 0,
        "collected after it ended: linked, not counted, as Datadog's"
    );
    let id = &action["action"]["id"];
    for kind in ["long_task", "resource"] {
        let event = of_type(&evs, kind)[0];
        assert!(
            event["action"]["id"].as_array().unwrap().contains(id),
            "{kind}: {event}"
        );
    }
}

#[test]
fn a_click_whose_activity_never_ends_stops_at_ten_seconds() {
    let (mut rum, mut env) = waiting_for_the_user();
    let click = env.now();
    rum.click(&mut env, 1, "Live feed".into(), true, false);
    for _ in 0..150 {
        env.advance(80.0);
        rum.page_activity(&mut env, Activity::Change, f64::NAN);
        rum.tick(&mut env);
    }
    let evs = events(&mut rum);
    let action = of_type(&evs, "action")[0];
    assert_eq!(action["action"]["loading_time"], 10_000_000_000u64);
    assert_eq!(action["date"], click as u64);
    assert!(T0 < click);
}

#[test]
fn a_timed_action_links_what_starts_during_it() {
    let (mut rum, mut env) = started("");
    events(&mut rum);
    rum.start_action(&mut env, "checkout".into(), json("{}"));
    env.advance(10.0);
    rum.add_error(
        &mut env,
        error_report("custom", true, "declined".into(), None, None, None),
    );
    env.advance(10.0);
    rum.stop_action(&mut env, "checkout", json("{}"));
    let evs = events(&mut rum);
    let action = of_type(&evs, "action")[0];
    let error = of_type(&evs, "error")[0];
    assert_eq!(
        error["action"]["id"],
        serde_json::json!([action["action"]["id"]])
    );
}
