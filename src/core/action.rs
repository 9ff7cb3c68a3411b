//! User actions: how a click is named, and how clicks are grouped to spot frustration
//! (rage, error and dead clicks) before they are reported.

use super::activity::{Outcome, Watch};
use crate::prelude::*;
/// Longest action name; a longer one is cut there and marked ` [...]`.
pub const MAX_NAME_CHARS: usize = 100;
/// A click this soon after the last one on its target joins its chain; three within it are a
/// rage click (Datadog's `MAX_DURATION_BETWEEN_CLICKS`).
pub const RAGE_WINDOW_MS: f64 = 1000.0;
pub const RAGE_MIN_CLICKS: usize = 3;
/// What names a masked element's click when it has no explicit name (Datadog's placeholder).
pub const MASKED_NAME: &str = "Masked Element";

/// What the browser layer read off a clicked element (`js/src/click.js`, Datadog's strategies).
#[derive(Debug, Default, Clone)]
pub struct NameSources {
    /// What Datadog's rules name it by, as read: the programmatic name, else (unless masked) the
    /// first strategy that gave text.
    pub name: Option<String>,
    /// Lower-case tag name of the element (or of the control around it), the last resort.
    pub tag: String,
    /// The element's privacy level masks it: only the programmatic name may name it.
    pub masked: bool,
}

/// The name of a click: its name, whitespace folded and cut as Datadog's are; without one,
/// [`MASKED_NAME`] when masked, else its tag (Datadog sends an empty name: a tag says more).
pub fn action_name(sources: &NameSources) -> String {
    let name = sources.name.as_deref().map(clean_name).unwrap_or_default();
    if !name.is_empty() {
        name
    } else if sources.masked {
        MASKED_NAME.into()
    } else {
        sources.tag.clone()
    }
}

/// Trims and folds every run of whitespace into one space; past [`MAX_NAME_CHARS`] characters,
/// the first of them and ` [...]`, as Datadog's `truncate`.
pub fn clean_name(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len().min(MAX_NAME_CHARS * 2));
    let mut count = 0;
    for word in raw.split_whitespace() {
        if count > 0 {
            out.push(' ');
            count += 1;
        }
        for c in word.chars() {
            if count == MAX_NAME_CHARS {
                out.push_str(" [...]");
                return out;
            }
            out.push(c);
            count += 1;
        }
    }
    out
}

/// Datadog's `CLICK_ACTION_MAX_DURATION`: a click whose page activity has not ended by then
/// ends there.
pub const CLICK_MAX_MS: f64 = 10_000.0;
/// Actions that ended kept findable for the events that started within them (a request's
/// resource is reported after its end); the oldest goes first. (Datadog keeps them 5 minutes.)
const MAX_SPANS: usize = 64;

/// An action's id as its 16 random bytes, written as a UUID in the events ([`uuid_v4`]): a
/// copy costs nothing, where a string would be allocated for each event that links to it.
///
/// [`uuid_v4`]: super::ids::uuid_v4
pub type ActionId = [u8; 16];

/// What an action's events are counted by, as Datadog counts them: errors, resources and long
/// tasks that carry its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Child {
    Error = 0,
    Resource = 1,
    LongTask = 2,
}

/// Actions that ended with page activity, as `(id, start, end)`: an error, resource or long
/// task that started within one carries its id (`action.id`), as Datadog links them.
#[derive(Debug, Default)]
pub struct Spans(Vec<(ActionId, f64, f64)>);

impl Spans {
    pub fn add(&mut self, id: ActionId, start: f64, end: f64) {
        if self.0.len() >= MAX_SPANS {
            self.0.remove(0);
        }
        self.0.push((id, start, end));
    }

    /// The ids of the spans that hold `at`, into `out`.
    pub fn find(&self, at: f64, out: &mut Vec<ActionId>) {
        for &(id, start, end) in &self.0 {
            if at >= start && at <= end {
                out.push(id);
            }
        }
    }

    pub fn clear(&mut self) {
        self.0.clear();
    }
}

/// A click: it waits for the page activity it caused to end (its `loading_time`), counts the
/// events that started meanwhile, and may still become part of a rage click.
#[derive(Debug)]
struct Click<T> {
    at: f64,
    id: ActionId,
    watch: Watch,
    /// Whether it is dead without page activity: the browser layer saw it live, on an element
    /// that is not one of Datadog's exclusions.
    may_be_dead: bool,
    /// `false` while it waits for its activity to end.
    stopped: bool,
    /// The end of its page activity, once stopped; `None`: none came within its window.
    end: Option<f64>,
    counts: [u32; 3],
    data: T,
}

/// Clicks on one target, each within [`RAGE_WINDOW_MS`] of the one before.
#[derive(Debug)]
struct Chain<T> {
    /// What events carry while the chain is in progress, and the id of its rage click if it
    /// becomes one (Datadog tracks a rage click from the chain's first click; when the chain
    /// is not one, that id goes nowhere, as Datadog's does).
    rage_id: ActionId,
    target: u64,
    /// It takes no more clicks after this (a second after its last click), nor once a click
    /// lands elsewhere.
    open_until: f64,
    /// A click of it selected text: a double or triple click, neither rage nor dead.
    selected: bool,
    /// A click of it led to a scroll: not a rage click.
    scrolled: bool,
    /// What started from its first click on: a rage click's counts.
    counts: [u32; 3],
    clicks: Vec<Click<T>>,
}

/// A click, or a chain of clicks as one rage click, ready to be reported as an action.
#[derive(Debug, PartialEq)]
pub struct FinishedClick<T> {
    pub id: ActionId,
    /// When it started (a rage click: its first click).
    pub at: f64,
    pub rage: bool,
    /// A click that may be dead (or one of a rage click's) saw no page activity in its window,
    /// and its chain selected no text.
    pub dead: bool,
    /// The end of its page activity, for `loading_time`; `None` without activity.
    pub end: Option<f64>,
    pub counts: [u32; 3],
    /// The (first) click's.
    pub data: T,
}

/// The clicks in progress, in chains on their targets, as Datadog's `trackClickActions` and
/// `clickChain` follow them. A chain is reported once it takes no more clicks and each of its
/// clicks has stopped.
#[derive(Debug)]
pub struct ClickChains<T> {
    chains: Vec<Chain<T>>,
}

impl<T> Default for ClickChains<T> {
    fn default() -> Self {
        ClickChains { chains: Vec::new() }
    }
}

impl<T> ClickChains<T> {
    /// Records a click on `target` (any stable identity of the element) under its action `id`;
    /// `rage_id` names the rage click its chain may become, if it starts one.
    pub fn click(
        &mut self,
        target: u64,
        at: f64,
        [id, rage_id]: [ActionId; 2],
        may_be_dead: bool,
        data: T,
    ) {
        let click = Click {
            at,
            id,
            watch: Watch::new(at),
            may_be_dead,
            stopped: false,
            end: None,
            counts: [0; 3],
            data,
        };
        if let Some(chain) = self.chains.last_mut() {
            if chain.target == target && at <= chain.open_until {
                chain.open_until = at + RAGE_WINDOW_MS;
                chain.clicks.push(click);
                return;
            }
            chain.open_until = chain.open_until.min(at);
        }
        self.chains.push(Chain {
            rage_id,
            target,
            open_until: at + RAGE_WINDOW_MS,
            selected: false,
            scrolled: false,
            counts: [0; 3],
            clicks: vec![click],
        });
    }

    /// The latest click selected text (Datadog's "selection changed").
    pub fn select(&mut self) {
        if let Some(chain) = self.chains.last_mut() {
            chain.selected = true;
        }
    }

    /// The user scrolled (`scroll`) or typed after the latest click, as Datadog's user activity
    /// has it: that click is not dead, and a scroll makes its chain no rage click.
    pub fn user_activity(&mut self, scroll: bool) {
        if let Some(chain) = self.chains.last_mut() {
            chain.scrolled |= scroll;
            if let Some(click) = chain.clicks.last_mut() {
                click.may_be_dead = false;
            }
        }
    }

    /// Page activity at `at`, for the clicks that wait for theirs to end.
    pub fn activity(&mut self, at: f64) {
        for chain in &mut self.chains {
            for click in &mut chain.clicks {
                click.watch.change(at);
            }
        }
    }

    /// Whether a click waits for page activity (whether to go on watching the page).
    pub fn watching(&self) -> bool {
        self.chains
            .iter()
            .any(|c| c.clicks.iter().any(|c| !c.stopped))
    }

    /// The ids of the clicks an event that started at `at` belongs to: those that started
    /// before it and wait for their activity (counted on them as `kind`) or whose activity ended
    /// after it, and the chains in progress (counted on them too). A chain's clicks go to the
    /// [`Spans`] once it is reported.
    pub fn link(&mut self, kind: Child, at: f64, out: &mut Vec<ActionId>) {
        for chain in &mut self.chains {
            if at >= chain.clicks[0].at {
                chain.counts[kind as usize] += 1;
                out.push(chain.rage_id);
            }
            for click in &mut chain.clicks {
                if at >= click.at && (!click.stopped || click.end.is_some_and(|end| at <= end)) {
                    if !click.stopped {
                        click.counts[kind as usize] += 1;
                    }
                    out.push(click.id);
                }
            }
        }
    }

    /// Stops the clicks whose activity ended by `now` (`requests`: the starts of the watched
    /// requests in flight), or every click when `close` (the page is going away, or the view
    /// ends: one still waiting ends now, as Datadog stops it); then reports the chains that are
    /// complete, all of them when closing.
    pub fn due(
        &mut self,
        now: f64,
        requests: &[f64],
        spans: &mut Spans,
        close: bool,
    ) -> Vec<FinishedClick<T>> {
        let mut done = Vec::new();
        for mut chain in core::mem::take(&mut self.chains) {
            for click in chain.clicks.iter_mut().filter(|c| !c.stopped) {
                let (stopped, end) = match click.watch.outcome(now, requests) {
                    Outcome::Quiet => (true, None),
                    Outcome::Settled(end) => (true, Some(end)),
                    _ if close || now >= click.at + CLICK_MAX_MS => (true, Some(now)),
                    Outcome::Pending => (false, None),
                };
                click.stopped = stopped;
                click.end = end;
            }
            if close || (now > chain.open_until && chain.clicks.iter().all(|c| c.stopped)) {
                finish(chain, now, spans, &mut done);
            } else {
                self.chains.push(chain);
            }
        }
        done
    }

    /// When [`ClickChains::due`] next has work by the clock alone, if a chain is open.
    pub fn deadline(&self, requests: &[f64]) -> Option<f64> {
        let mut next: Option<f64> = None;
        for chain in &self.chains {
            // A chain ends once it takes no more clicks and its clicks have stopped: while one
            // waits, the next change is a click's.
            let mut at = f64::INFINITY;
            for click in chain.clicks.iter().filter(|c| !c.stopped) {
                at = at
                    .min(click.watch.deadline(requests))
                    .min(click.at + CLICK_MAX_MS);
            }
            if at == f64::INFINITY {
                at = chain.open_until;
            }
            next = Some(next.map_or(at, |n| n.min(at)));
        }
        next
    }

    /// Forgets every click (a new session).
    pub fn clear(&mut self) {
        self.chains.clear();
    }
}

/// A complete chain as what is reported: one rage click (Datadog's `isRage`: three clicks
/// within a second, in a chain that selected no text and scrolled nothing; its activity ending
/// now, as Datadog's),
/// or each click on its own.
fn finish<T>(chain: Chain<T>, now: f64, spans: &mut Spans, done: &mut Vec<FinishedClick<T>>) {
    let dead = |c: &Click<T>| !chain.selected && c.end.is_none() && c.may_be_dead;
    let rage = !chain.selected
        && !chain.scrolled
        && chain
            .clicks
            .windows(RAGE_MIN_CLICKS)
            .any(|w| w[RAGE_MIN_CLICKS - 1].at - w[0].at <= RAGE_WINDOW_MS);
    if rage {
        let any_dead = chain.clicks.iter().any(dead);
        if let Some(first) = chain.clicks.into_iter().next() {
            spans.add(chain.rage_id, first.at, now);
            done.push(FinishedClick {
                id: chain.rage_id,
                at: first.at,
                rage,
                dead: any_dead,
                end: Some(now),
                counts: chain.counts,
                data: first.data,
            });
        }
        return;
    }
    for click in chain.clicks {
        if let Some(end) = click.end {
            spans.add(click.id, click.at, end);
        }
        done.push(FinishedClick {
            id: click.id,
            at: click.at,
            rage,
            dead: dead(&click),
            end: click.end,
            counts: click.counts,
            data: click.data,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(name: Option<&str>, masked: bool) -> String {
        action_name(&NameSources {
            name: name.map(Into::into),
            tag: "button".into(),
            masked,
        })
    }

    #[test]
    fn a_name_is_folded_and_without_one_the_tag_or_the_mask_names_it() {
        // Datadog's spec: "normalize white spaces".
        assert_eq!(named(Some("foo\tbar\n\n  baz"), false), "foo bar baz");
        assert_eq!(named(Some("  Save \n\t changes "), false), "Save changes");
        assert_eq!(named(Some("   "), false), "button");
        assert_eq!(named(None, false), "button");
        assert_eq!(named(None, true), MASKED_NAME);
        assert_eq!(
            named(Some(" Pay  order "), true),
            "Pay order",
            "a programmatic name"
        );
    }

    #[test]
    fn long_names_are_cut_as_datadog_cuts_them() {
        // Datadog's spec: "limits the { name, nameSource } length to a reasonable size".
        let long = ["Foooooooooooooooooo ", &"a".repeat(200)].concat();
        let name = named(Some(&long), false);
        assert_eq!(name, [&long[..100], " [...]"].concat());
        let exact = "x".repeat(MAX_NAME_CHARS);
        assert_eq!(clean_name(&exact), exact);
        let multibyte = "é".repeat(150);
        assert_eq!(clean_name(&multibyte).chars().count(), MAX_NAME_CHARS + 6);
    }

    fn id(n: u8) -> ActionId {
        [n; 16]
    }

    fn rage(n: u8) -> ActionId {
        [n + 100; 16]
    }

    type Done = Vec<FinishedClick<&'static str>>;

    /// Stops what is due at each millisecond up to `until`, as the engine's timer would.
    fn run(
        chains: &mut ClickChains<&'static str>,
        spans: &mut Spans,
        from: f64,
        until: f64,
    ) -> Done {
        let mut done = Vec::new();
        let mut now = from;
        while now <= until {
            done.extend(chains.due(now, &[], spans, false));
            now += 1.0;
        }
        done
    }

    fn click(
        chains: &mut ClickChains<&'static str>,
        target: u64,
        at: f64,
        n: u8,
        name: &'static str,
    ) {
        chains.click(target, at, [id(n), rage(n)], true, name);
    }

    #[test]
    fn a_click_lasts_until_its_page_activity_ends() {
        // Datadog: "starts a click action when clicking on an element" (duration to the
        // activity's end).
        let (mut chains, mut spans) = (ClickChains::default(), Spans::default());
        click(&mut chains, 1, 1000.0, 1, "save");
        chains.activity(1050.0);
        chains.activity(1080.0);
        assert!(chains.watching());
        assert_eq!(
            chains.deadline(&[]),
            Some(1180.0),
            "END_MS after the last activity"
        );
        assert!(run(&mut chains, &mut spans, 1000.0, 1180.0).is_empty());
        assert!(chains.watching(), "it ends strictly after END_MS");
        assert!(run(&mut chains, &mut spans, 1181.0, 2000.0).is_empty());
        assert!(!chains.watching(), "stopped: nothing more to watch");
        let done = chains.due(2000.5, &[], &mut spans, false);
        assert_eq!(
            done.len(),
            1,
            "reported once its chain takes no more clicks"
        );
        assert_eq!(done[0].end, Some(1080.0));
        assert!(!done[0].rage && !done[0].dead);
        assert_eq!(
            (done[0].id, done[0].at, done[0].data),
            (id(1), 1000.0, "save")
        );
    }

    #[test]
    fn events_that_start_during_a_click_carry_its_id_and_count_on_it() {
        // Datadog's actionCollection: errors, resources and long tasks whose start falls within
        // a click carry its id; its counts are of those collected while it is in progress.
        let (mut chains, mut spans) = (ClickChains::default(), Spans::default());
        click(&mut chains, 1, 1000.0, 1, "load");
        let mut ids = Vec::new();
        chains.link(Child::Resource, 990.0, &mut ids);
        assert!(ids.is_empty(), "started before the click");
        chains.link(Child::Resource, 1010.0, &mut ids);
        chains.link(Child::Error, 1020.0, &mut ids);
        chains.link(Child::LongTask, 1030.0, &mut ids);
        assert_eq!(ids, [rage(1), id(1), rage(1), id(1), rage(1), id(1)]);
        chains.activity(1400.0);
        let done = run(&mut chains, &mut spans, 1000.0, 2500.0);
        assert_eq!(done[0].counts, [1, 1, 1]);
        assert_eq!(done[0].end, Some(1400.0));
        let mut later = Vec::new();
        spans.find(1200.0, &mut later);
        assert_eq!(
            later,
            [id(1)],
            "a resource reported later, started within the click"
        );
        later.clear();
        spans.find(1401.0, &mut later);
        assert!(later.is_empty(), "started after its activity ended");
    }

    #[test]
    fn a_click_without_activity_has_no_loading_time_and_no_span() {
        // Datadog: a click with no page activity within the validation delay is discarded from
        // the tracker (nothing links to it later) and sent without duration, a dead click.
        let (mut chains, mut spans) = (ClickChains::default(), Spans::default());
        click(&mut chains, 1, 0.0, 1, "nothing");
        chains.click(2, 5.0, [id(2), rage(2)], false, "excluded");
        let mut ids = Vec::new();
        chains.link(Child::Error, 50.0, &mut ids);
        assert!(ids.contains(&id(1)), "in progress: the error is its");
        let done = run(&mut chains, &mut spans, 0.0, 1006.0);
        assert_eq!(done.len(), 2);
        assert_eq!((done[0].end, done[0].counts), (None, [1, 0, 0]));
        assert!(done[0].dead);
        assert!(!done[1].dead, "excluded by the browser layer");
        ids.clear();
        spans.find(50.0, &mut ids);
        assert!(ids.is_empty());
    }

    #[test]
    fn activity_that_never_ends_stops_the_click_at_ten_seconds() {
        // Datadog: CLICK_ACTION_MAX_DURATION.
        let (mut chains, mut spans) = (ClickChains::default(), Spans::default());
        click(&mut chains, 1, 0.0, 1, "poll");
        let mut done = Vec::new();
        for t in (10..12_000).step_by(10) {
            chains.activity(t as f64);
            done.extend(chains.due(t as f64, &[], &mut spans, false));
        }
        assert_eq!(done.len(), 1);
        assert_eq!(done[0].end, Some(CLICK_MAX_MS));
        // A request in flight holds the end too, up to the same limit.
        click(&mut chains, 1, 20_000.0, 2, "wait");
        chains.activity(20_010.0);
        assert_eq!(
            chains.due(25_000.0, &[20_005.0], &mut spans, false).len(),
            0
        );
        assert_eq!(
            chains.deadline(&[20_005.0]),
            Some(30_000.0),
            "its only deadline"
        );
        let done = chains.due(30_000.0, &[20_005.0], &mut spans, false);
        assert_eq!(done[0].end, Some(30_000.0));
    }

    #[test]
    fn separate_clicks_are_reported_one_by_one() {
        let (mut chains, mut spans) = (ClickChains::default(), Spans::default());
        click(&mut chains, 1, 0.0, 1, "a");
        click(&mut chains, 2, 100.0, 2, "b");
        let done = run(&mut chains, &mut spans, 0.0, 1101.0);
        let names: Vec<_> = done.iter().map(|d| d.data).collect();
        assert_eq!(names, ["a", "b"]);
        assert!(done.iter().all(|d| !d.rage));
        assert_eq!(chains.deadline(&[]), None);
    }

    #[test]
    fn three_quick_clicks_on_one_target_are_one_rage_click() {
        // Datadog: the rage click tracked from the chain's first click, its end when the chain
        // ends, counting what started from its first click on.
        let (mut chains, mut spans) = (ClickChains::default(), Spans::default());
        let mut done = Vec::new();
        for (i, at) in [0.0, 200.0, 400.0, 900.0].into_iter().enumerate() {
            done.extend(run(&mut chains, &mut spans, at - 99.0, at));
            click(&mut chains, 7, at, i as u8, "pay");
            let mut ids = Vec::new();
            chains.link(Child::Error, at + 1.0, &mut ids);
            assert_eq!(
                ids,
                [rage(0), id(i as u8)],
                "the earlier clicks stopped, without activity; the chain is in progress"
            );
        }
        done.extend(run(&mut chains, &mut spans, 901.0, 1901.0));
        assert_eq!(done.len(), 1);
        let rage_click = &done[0];
        assert!(
            rage_click.rage && rage_click.dead,
            "its clicks saw no activity"
        );
        assert_eq!((rage_click.id, rage_click.at), (rage(0), 0.0));
        assert_eq!(rage_click.counts, [4, 0, 0]);
        assert_eq!(rage_click.end, Some(1901.0));
        let mut ids = Vec::new();
        spans.find(500.0, &mut ids);
        assert_eq!(ids, [rage(0)]);
    }

    #[test]
    fn two_clicks_or_slow_clicks_are_not_rage() {
        let (mut chains, mut spans) = (ClickChains::default(), Spans::default());
        click(&mut chains, 7, 0.0, 0, "a");
        click(&mut chains, 7, 500.0, 1, "a");
        click(&mut chains, 7, 1600.0, 2, "a");
        let done = run(&mut chains, &mut spans, 0.0, 3000.0);
        assert_eq!(done.len(), 3);
        assert!(done.iter().all(|d| !d.rage));
        // Four within 1.4 s, three of them within one second: rage.
        for (i, at) in [5000.0, 5600.0, 6200.0, 6400.0].into_iter().enumerate() {
            click(&mut chains, 7, at, i as u8, "a");
        }
        assert!(run(&mut chains, &mut spans, 5000.0, 8000.0)[0].rage);
    }

    #[test]
    fn clicks_that_select_text_are_neither_rage_nor_dead() {
        let (mut chains, mut spans) = (ClickChains::default(), Spans::default());
        for (i, at) in [0.0, 100.0, 200.0].into_iter().enumerate() {
            click(&mut chains, 1, at, i as u8, "text");
        }
        chains.select();
        let done = run(&mut chains, &mut spans, 0.0, 1300.0);
        assert_eq!(done.len(), 3);
        assert!(done.iter().all(|c| !c.rage && !c.dead));
        click(&mut chains, 1, 3000.0, 9, "text");
        let done = run(&mut chains, &mut spans, 3000.0, 4100.0);
        assert!(done[0].dead, "the next chain is not");
    }

    #[test]
    fn a_click_followed_by_a_scroll_or_an_input_is_not_dead_and_scrolls_are_no_rage() {
        // Datadog's scenarios: "do not consider clicks leading to scrolls as dead_click / as
        // rage_click"; an input after a click is user activity too.
        let (mut chains, mut spans) = (ClickChains::default(), Spans::default());
        click(&mut chains, 1, 0.0, 1, "scroll down");
        chains.user_activity(true);
        click(&mut chains, 2, 2000.0, 2, "type");
        chains.user_activity(false);
        let done = run(&mut chains, &mut spans, 0.0, 3500.0);
        assert!(done.iter().all(|d| !d.dead), "{done:?}");
        for (i, at) in [5000.0, 5100.0, 5200.0].into_iter().enumerate() {
            click(&mut chains, 3, at, i as u8, "next");
            chains.user_activity(true);
        }
        let done = run(&mut chains, &mut spans, 5000.0, 7000.0);
        assert_eq!(done.len(), 3, "three clicks, no rage click");
        assert!(done.iter().all(|d| !d.rage && !d.dead));
    }

    #[test]
    fn closing_ends_every_click_now_and_none_in_its_window_is_dead() {
        // Datadog: a click still in progress when the view ends or the page may exit stops then.
        let (mut chains, mut spans) = (ClickChains::default(), Spans::default());
        click(&mut chains, 1, 0.0, 1, "leave");
        chains.activity(20.0);
        let done = chains.due(60.0, &[0.0], &mut spans, true);
        assert_eq!(done.len(), 1);
        assert_eq!(done[0].end, Some(60.0));
        assert!(!done[0].dead);
        assert_eq!(chains.deadline(&[]), None);
        click(&mut chains, 1, 100.0, 2, "in its window");
        assert!(!chains.due(150.0, &[], &mut spans, true)[0].dead);
        // A click whose window passed without activity is still dead when closed later.
        click(&mut chains, 1, 200.0, 3, "dead");
        assert!(chains.due(400.0, &[], &mut spans, true)[0].dead);
    }

    #[test]
    fn spans_are_bounded() {
        let mut spans = Spans::default();
        for i in 0..100u8 {
            spans.add(id(i), f64::from(i), f64::from(i) + 0.5);
        }
        let mut ids = Vec::new();
        spans.find(0.0, &mut ids);
        assert!(ids.is_empty(), "the oldest went first");
        spans.find(99.0, &mut ids);
        assert_eq!(ids, [id(99)]);
    }
}
