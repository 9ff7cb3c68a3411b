//! Page views: what a view is, what it counts, and the web vitals measured while it is shown.

use super::activity::Watch;
use super::value::Value;
use crate::prelude::*;
/// Why a view started, as the event schema names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadingType {
    InitialLoad,
    RouteChange,
    SessionRenewal,
}

impl LoadingType {
    pub fn as_str(self) -> &'static str {
        match self {
            LoadingType::InitialLoad => "initial_load",
            LoadingType::RouteChange => "route_change",
            LoadingType::SessionRenewal => "session_renewal",
        }
    }
}

/// The fields every event of a view carries.
#[derive(Debug, Clone, PartialEq)]
pub struct ViewRef {
    pub id: String,
    pub url: String,
    pub referrer: String,
    pub name: Option<String>,
    /// `startView({ service, version })`: this view's, over the configuration's.
    pub service: Option<String>,
    pub version: Option<String>,
}

/// What `startView` may give a view: `startView(name)` or `startView({ name, service, version,
/// context })`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ViewOptions {
    pub name: Option<String>,
    pub service: Option<String>,
    pub version: Option<String>,
    pub context: Option<Value>,
}

impl ViewOptions {
    /// The options from `startView`'s argument (anything else than a string or an object gives
    /// none).
    pub fn from_value(value: Option<Value>) -> ViewOptions {
        let text = |v: Option<&Value>| match v {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
            _ => None,
        };
        match value {
            Some(Value::String(name)) => ViewOptions {
                name: Some(name),
                ..ViewOptions::default()
            },
            Some(v @ Value::Object(_)) => ViewOptions {
                name: text(v.get("name")),
                service: text(v.get("service")),
                version: text(v.get("version")),
                context: v.get("context").cloned(),
            },
            _ => ViewOptions::default(),
        }
    }
}

/// Timings measured by the browser, in milliseconds from the start of the view.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Vitals {
    pub first_contentful_paint: Option<f64>,
    pub largest_contentful_paint: Option<f64>,
    pub first_byte: Option<f64>,
    pub dom_interactive: Option<f64>,
    pub dom_content_loaded: Option<f64>,
    pub dom_complete: Option<f64>,
    pub load_event: Option<f64>,
    pub cls: Cls,
    pub inp: Inp,
}

#[derive(Debug, Clone)]
pub struct View {
    pub reference: ViewRef,
    pub start: f64,
    pub loading_type: LoadingType,
    /// Grows with every re-send, so the intake keeps the latest version.
    pub document_version: u32,
    pub actions: u32,
    pub errors: u32,
    pub resources: u32,
    pub long_tasks: u32,
    pub frustrations: u32,
    pub vitals: Vitals,
    /// Set when the view ended; its time spent stops there.
    pub end: Option<f64>,
    /// `addTiming`: `(name, ms from the view's start)`, in the order first added.
    pub custom_timings: Vec<(String, f64)>,
    /// `setViewLoadingTime`: ms from the view's start, in place of the measured loading time.
    pub manual_loading_time: Option<f64>,
    /// The wait for the page to settle after the view started, while it lasts.
    pub watch: Option<Watch>,
    /// When the page settled, in ms from the view's start (from the navigation's for the first
    /// view); `None` when it saw no activity.
    pub settled: Option<f64>,
    /// Something changed since the view was last sent.
    pub dirty: bool,
}

impl View {
    pub fn new(reference: ViewRef, start: f64, loading_type: LoadingType) -> View {
        View {
            reference,
            start,
            loading_type,
            document_version: 0,
            actions: 0,
            errors: 0,
            resources: 0,
            long_tasks: 0,
            frustrations: 0,
            vitals: Vitals::default(),
            end: None,
            custom_timings: Vec::new(),
            manual_loading_time: None,
            watch: None,
            settled: None,
            dirty: true,
        }
    }

    pub fn time_spent(&self, now: f64) -> f64 {
        (self.end.unwrap_or(now) - self.start).max(0.0)
    }

    pub fn is_active(&self) -> bool {
        self.end.is_none()
    }

    /// Loading time of the view, as Datadog measures it: for the first view, the load event of
    /// the document or, when later, the end of the page's activity; for the others, the end of
    /// the activity that followed their start (none without activity). Known once the wait for
    /// the activity is over. The app's own (`setViewLoadingTime`) wins.
    pub fn loading_time(&self) -> Option<f64> {
        if self.manual_loading_time.is_some() {
            return self.manual_loading_time;
        }
        if self.watch.is_some() {
            return None;
        }
        match self.loading_type {
            LoadingType::InitialLoad => self
                .vitals
                .load_event
                .map(|load| load.max(self.settled.unwrap_or(0.0))),
            _ => self.settled,
        }
    }
}

/// Cumulative layout shift, as the web-vitals definition has it: the largest sum of shifts in a
/// session window (shifts less than 1 s apart, at most 5 s long), ignoring shifts right after
/// user input.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cls {
    window_value: f64,
    window_start: f64,
    window_last: f64,
    pub value: Option<f64>,
}

impl Cls {
    pub fn add_shift(&mut self, value: f64, at: f64, had_recent_input: bool) {
        if had_recent_input || !value.is_finite() || value < 0.0 {
            return;
        }
        if self.value.is_some() && at - self.window_last < 1000.0 && at - self.window_start < 5000.0
        {
            self.window_value += value;
        } else {
            self.window_value = value;
            self.window_start = at;
        }
        self.window_last = at;
        self.value = Some(self.value.unwrap_or(0.0).max(self.window_value));
    }
}

/// Interaction to next paint: the slowest interaction, or the 98th percentile once there are
/// many (one in fifty is ignored), each interaction counted once with the longest of its event
/// entries (a click brings pointerdown, pointerup and click entries under one interaction id).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inp {
    /// Interactions seen through their entries (those of 40 ms or more).
    count: u32,
    /// All interactions of the view as the browser counts them (`performance.interactionCount`),
    /// short ones included; 0 where the browser does not say.
    all: u32,
    /// The highest interaction id seen: ids grow, so a higher one is a new interaction.
    last_id: u64,
    /// The longest interactions as `(id, duration)`, longest first (enough for the percentile).
    longest: Vec<(u64, f64)>,
}

impl Inp {
    const KEPT: usize = 10;

    /// An event entry of interaction `id` that lasted `duration` ms.
    pub fn add_entry(&mut self, id: u64, duration: f64) {
        if id == 0 || !duration.is_finite() || duration < 0.0 {
            return;
        }
        if id > self.last_id {
            self.last_id = id;
            self.count += 1;
        }
        if let Some(i) = self.longest.iter().position(|(kept, _)| *kept == id) {
            if self.longest[i].1 >= duration {
                return;
            }
            self.longest.remove(i);
        }
        let at = self.longest.partition_point(|(_, d)| *d >= duration);
        if at < Self::KEPT {
            self.longest.insert(at, (id, duration));
            self.longest.truncate(Self::KEPT);
        }
    }

    /// The browser's count of the view's interactions, short ones included: web-vitals takes
    /// the percentile over all of them.
    pub fn set_count(&mut self, all: u32) {
        self.all = self.all.max(all);
    }

    pub fn value(&self) -> Option<f64> {
        let skip = (self.count.max(self.all) / 50) as usize;
        self.longest
            .get(skip.min(self.longest.len().saturating_sub(1)))
            .map(|(_, d)| *d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view() -> View {
        View::new(
            ViewRef {
                id: "v".into(),
                url: "https://a.example/".into(),
                referrer: String::new(),
                name: None,
                service: None,
                version: None,
            },
            1000.0,
            LoadingType::InitialLoad,
        )
    }

    #[test]
    fn time_spent_stops_at_the_end() {
        let mut v = view();
        assert_eq!(v.time_spent(1500.0), 500.0);
        assert!(v.is_active());
        v.end = Some(1800.0);
        assert_eq!(v.time_spent(9000.0), 800.0);
        assert!(!v.is_active());
    }

    #[test]
    fn loading_time_from_the_load_event_and_the_page_activity() {
        let mut v = view();
        v.vitals.load_event = Some(420.0);
        assert_eq!(v.loading_time(), Some(420.0));
        v.settled = Some(600.0);
        assert_eq!(
            v.loading_time(),
            Some(600.0),
            "activity ended after the load event"
        );
        v.watch = Some(Watch::new(0.0));
        assert_eq!(
            v.loading_time(),
            None,
            "still waiting for the activity to end"
        );
        v.watch = None;
        v.loading_type = LoadingType::RouteChange;
        assert_eq!(v.loading_time(), Some(600.0));
        v.settled = None;
        assert_eq!(v.loading_time(), None, "no activity, no loading time");
    }

    #[test]
    fn cls_takes_the_largest_session_window() {
        let mut cls = Cls::default();
        cls.add_shift(0.1, 0.0, false);
        cls.add_shift(0.1, 500.0, false);
        assert!((cls.value.unwrap() - 0.2).abs() < 1e-9);
        cls.add_shift(0.05, 3000.0, false); // a gap over 1 s opens a new window
        assert!((cls.value.unwrap() - 0.2).abs() < 1e-9);
        cls.add_shift(0.5, 3100.0, true); // right after input: ignored
        assert!((cls.value.unwrap() - 0.2).abs() < 1e-9);
        for i in 0..20 {
            cls.add_shift(0.03, 3500.0 + f64::from(i) * 400.0, false);
        }
        // The window starting at 3000 ms is capped at 5 s: 0.05 + 12 shifts of 0.03.
        assert!((cls.value.unwrap() - 0.41).abs() < 1e-9, "{:?}", cls.value);
    }

    #[test]
    fn inp_is_the_worst_then_the_98th_percentile() {
        let mut inp = Inp::default();
        assert_eq!(inp.value(), None);
        for (id, d) in [(7, 40.0), (14, 250.0), (21, 80.0)] {
            inp.add_entry(id, d);
        }
        assert_eq!(inp.value(), Some(250.0));
        for i in 0..100 {
            inp.add_entry(28 + i * 7, 16.0);
        }
        // 103 interactions: the two worst are ignored.
        assert_eq!(inp.value(), Some(40.0));
    }

    #[test]
    fn inp_counts_an_interaction_once_with_its_longest_entry() {
        let mut inp = Inp::default();
        // pointerdown, pointerup, click of one interaction, the click longest.
        inp.add_entry(7, 30.0);
        inp.add_entry(7, 20.0);
        inp.add_entry(7, 120.0);
        inp.add_entry(14, 60.0);
        assert_eq!(inp.value(), Some(120.0));
        assert_eq!(inp.count, 2);
        assert_eq!(inp.longest, [(7, 120.0), (14, 60.0)]);
        // Entries without an interaction id are not interactions.
        inp.add_entry(0, 500.0);
        assert_eq!(inp.value(), Some(120.0));
    }
}
