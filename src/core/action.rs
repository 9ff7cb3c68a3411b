//! User actions: how a click is named, and how clicks are grouped to spot frustration
//! (rage, error and dead clicks) before they are reported.

use crate::prelude::*;
/// Longest action name; a longer one is cut with `…`.
pub const MAX_NAME_CHARS: usize = 100;
/// Clicks on one target within this window count toward a rage click.
pub const RAGE_WINDOW_MS: f64 = 1000.0;
pub const RAGE_MIN_CLICKS: usize = 3;
/// An error this soon after a click makes it an error click.
pub const ERROR_CLICK_WINDOW_MS: f64 = 100.0;
/// A click followed by no page activity (DOM mutation, request, loaded resource, navigation)
/// within this window is dead: the window in which a wait for activity sees some or none.
pub const ACTIVITY_WINDOW_MS: f64 = super::activity::VALIDATION_MS;
/// What names a masked element's click when it has no explicit name (Datadog's placeholder).
pub const MASKED_NAME: &str = "Masked Element";

/// What the browser layer read off a clicked element, in the order a person would name it by.
/// Each is raw text; [`action_name`] cleans it.
#[derive(Debug, Default, Clone)]
pub struct NameSources {
    /// The explicit attribute (`data-rum-action-name` unless configured otherwise).
    pub explicit: Option<String>,
    pub aria_label: Option<String>,
    /// Visible text of the element or of its nearest button or link.
    pub text: Option<String>,
    /// `alt`, `title` or `placeholder`, the first present.
    pub attribute: Option<String>,
    /// Lower-case tag name, the last resort.
    pub tag: String,
    /// The element's privacy level masks it: only the explicit name may name it.
    pub masked: bool,
}

/// The name of a click: the first source with visible characters, whitespace folded, at most
/// [`MAX_NAME_CHARS`] characters. A masked element has its explicit name or [`MASKED_NAME`].
pub fn action_name(sources: &NameSources) -> String {
    [
        &sources.explicit,
        &sources.aria_label,
        &sources.text,
        &sources.attribute,
    ]
    .into_iter()
    .take(if sources.masked { 1 } else { 4 })
    .flatten()
    .map(|raw| clean_name(raw))
    .find(|name| !name.is_empty())
    .unwrap_or_else(|| {
        clean_name(if sources.masked {
            MASKED_NAME
        } else {
            &sources.tag
        })
    })
}

/// Trims, folds every run of whitespace into one space, and cuts to [`MAX_NAME_CHARS`].
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
                out.pop();
                out.push('…');
                return out;
            }
            out.push(c);
            count += 1;
        }
    }
    out
}

/// A click waiting to be reported: it may still become part of a rage click, or an error click.
#[derive(Debug, Clone, PartialEq)]
pub struct Click<T> {
    pub at: f64,
    pub errors: u32,
    /// Page activity came within [`ACTIVITY_WINDOW_MS`] of it.
    pub active: bool,
    /// What the engine needs to report it later (ids, name, the view it happened in).
    pub data: T,
}

/// A click or a chain of clicks ready to be reported as one action (the first click's).
#[derive(Debug, Clone, PartialEq)]
pub struct FinishedClick<T> {
    /// The clicks it stands for: one, or the whole chain of a rage click.
    pub clicks: Vec<Click<T>>,
    pub rage: bool,
}

impl<T> FinishedClick<T> {
    pub fn errors(&self) -> u32 {
        self.clicks.iter().map(|c| c.errors).sum()
    }

    /// Whether it is a dead click at `now`: one of its clicks that may be dead (`may_be_dead`, the
    /// browser layer's exclusions) saw no page activity in a window that has passed. A click
    /// reported before its window passed (the page hides, another target is clicked) is not dead.
    pub fn dead(&self, now: f64, may_be_dead: impl Fn(&T) -> bool) -> bool {
        self.clicks
            .iter()
            .any(|c| !c.active && now - c.at > ACTIVITY_WINDOW_MS && may_be_dead(&c.data))
    }
}

/// Groups clicks on one target into chains; a chain closes when the rage window has passed
/// since its first click, or when a click lands on another target.
#[derive(Debug)]
pub struct ClickChains<T> {
    target: Option<u64>,
    chain: Vec<Click<T>>,
    /// A click of the chain selected text: a double or triple click, neither rage nor dead.
    selected: bool,
}

impl<T> Default for ClickChains<T> {
    fn default() -> Self {
        ClickChains {
            target: None,
            chain: Vec::new(),
            selected: false,
        }
    }
}

impl<T> ClickChains<T> {
    /// Records a click on `target` (any stable identity of the element). Returns what a click
    /// elsewhere closed.
    pub fn click(&mut self, target: u64, at: f64, data: T) -> Vec<FinishedClick<T>> {
        let same_chain = self.target == Some(target)
            && self
                .chain
                .first()
                .is_some_and(|c| at - c.at <= RAGE_WINDOW_MS);
        let finished = if same_chain { Vec::new() } else { self.close() };
        self.target = Some(target);
        self.chain.push(Click {
            at,
            errors: 0,
            active: false,
            data,
        });
        finished
    }

    /// Attaches an error to the latest click if it came within the error-click window.
    /// Returns the click it was attached to, so the caller can keep the error with it.
    pub fn error(&mut self, at: f64) -> Option<&mut T> {
        let last = self.chain.last_mut()?;
        if at >= last.at && at - last.at <= ERROR_CLICK_WINDOW_MS {
            last.errors += 1;
            Some(&mut last.data)
        } else {
            None
        }
    }

    /// The latest click selected text (Datadog's "selection changed").
    pub fn select(&mut self) {
        self.selected = true;
    }

    /// Page activity at `at`: the clicks it follows within [`ACTIVITY_WINDOW_MS`] are not dead.
    /// Returns whether a click may still see activity (whether to go on watching).
    pub fn activity(&mut self, at: f64) -> bool {
        for click in &mut self.chain {
            click.active |= at >= click.at && at - click.at <= ACTIVITY_WINDOW_MS;
        }
        self.chain
            .last()
            .is_some_and(|c| at - c.at <= ACTIVITY_WINDOW_MS)
    }

    /// Closes the chain once its window has passed, and its last click's activity window.
    pub fn due(&mut self, now: f64) -> Vec<FinishedClick<T>> {
        match self.deadline() {
            Some(at) if now > at => self.close(),
            _ => Vec::new(),
        }
    }

    /// When the next chain closes by itself, if one is open.
    pub fn deadline(&self) -> Option<f64> {
        let first = self.chain.first()?;
        let last = self.chain.last()?;
        Some((first.at + RAGE_WINDOW_MS).max(last.at + ACTIVITY_WINDOW_MS))
    }

    /// Closes whatever is open (the page is going away, or the view ends).
    pub fn close(&mut self) -> Vec<FinishedClick<T>> {
        self.target = None;
        let mut chain = core::mem::take(&mut self.chain);
        if core::mem::take(&mut self.selected) {
            for click in &mut chain {
                click.active = true;
            }
        } else if chain.len() >= RAGE_MIN_CLICKS {
            return vec![FinishedClick {
                clicks: chain,
                rage: true,
            }];
        }
        chain
            .into_iter()
            .map(|c| FinishedClick {
                clicks: vec![c],
                rage: false,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(
        explicit: Option<&str>,
        aria: Option<&str>,
        text: Option<&str>,
        attr: Option<&str>,
    ) -> NameSources {
        NameSources {
            explicit: explicit.map(Into::into),
            aria_label: aria.map(Into::into),
            text: text.map(Into::into),
            attribute: attr.map(Into::into),
            tag: "button".into(),
            masked: false,
        }
    }

    #[test]
    fn names_follow_the_order_a_person_reads() {
        let all = sources(
            Some("Checkout"),
            Some("Pay"),
            Some("Pay now"),
            Some("title"),
        );
        assert_eq!(action_name(&all), "Checkout");
        assert_eq!(
            action_name(&sources(None, Some("Close dialog"), Some("×"), None)),
            "Close dialog"
        );
        assert_eq!(
            action_name(&sources(None, None, Some("  Save \n\t changes "), None)),
            "Save changes"
        );
        assert_eq!(
            action_name(&sources(None, None, Some("   "), Some("Logo"))),
            "Logo"
        );
        assert_eq!(
            action_name(&sources(Some(" "), Some(""), None, None)),
            "button"
        );
    }

    #[test]
    fn a_masked_element_is_named_only_explicitly() {
        let mut masked = sources(None, Some("Card 4242"), Some("Pay"), Some("t"));
        masked.masked = true;
        assert_eq!(action_name(&masked), MASKED_NAME);
        masked.explicit = Some(" Pay  button ".into());
        assert_eq!(action_name(&masked), "Pay button");
    }

    #[test]
    fn long_names_are_cut_to_one_hundred_characters() {
        let long = "word ".repeat(60);
        let name = action_name(&sources(None, None, Some(&long), None));
        assert_eq!(name.chars().count(), MAX_NAME_CHARS);
        assert!(name.ends_with('…'));
        let exact = "x".repeat(MAX_NAME_CHARS);
        assert_eq!(clean_name(&exact), exact);
        let multibyte = "é".repeat(150);
        assert_eq!(clean_name(&multibyte).chars().count(), MAX_NAME_CHARS);
    }

    #[test]
    fn separate_clicks_are_reported_one_by_one() {
        let mut chains = ClickChains::default();
        assert!(chains.click(1, 0.0, "a").is_empty());
        let done = chains.click(2, 100.0, "b");
        assert_eq!(done.len(), 1);
        assert_eq!((done[0].clicks[0].data, done[0].rage), ("a", false));
        assert!(chains.due(1000.0).is_empty(), "window still open");
        let done = chains.due(1100.5);
        assert_eq!(done.len(), 1);
        assert_eq!(done[0].clicks[0].data, "b");
        assert_eq!(chains.deadline(), None);
    }

    #[test]
    fn three_quick_clicks_on_one_target_are_one_rage_click() {
        let mut chains = ClickChains::default();
        for (i, at) in [0.0, 200.0, 400.0, 900.0].into_iter().enumerate() {
            assert!(chains.click(7, at, i).is_empty());
        }
        let done = chains.due(1001.0);
        assert_eq!(done.len(), 1);
        assert!(done[0].rage);
        assert_eq!(done[0].clicks.len(), 4);
        assert_eq!(done[0].clicks[0].data, 0);
    }

    #[test]
    fn two_clicks_or_slow_clicks_are_not_rage() {
        let mut chains = ClickChains::default();
        let _ = chains.click(7, 0.0, 0);
        let _ = chains.click(7, 500.0, 1);
        let done = chains.click(7, 1500.0, 2);
        assert_eq!(done.len(), 2);
        assert!(done.iter().all(|d| !d.rage));
    }

    #[test]
    fn a_click_without_activity_in_its_window_is_dead() {
        let mut chains = ClickChains::default();
        let _ = chains.click(1, 0.0, true);
        assert!(chains.activity(100.0), "still in the window");
        assert!(!chains.activity(101.0), "past it: nothing to watch");
        let mut done = chains.click(2, 2000.0, true);
        done.extend(chains.click(3, 3000.0, false));
        done.extend(chains.click(4, 3050.0, true));
        done.extend(chains.close());
        assert_eq!(done.len(), 4);
        assert!(!done[0].dead(3100.0, |d| *d), "activity at its 100th ms");
        assert!(done[1].dead(3100.0, |d| *d), "none in its window");
        assert!(
            !done[2].dead(3100.0, |d| *d),
            "excluded by the browser layer"
        );
        assert!(!done[3].dead(3100.0, |d| *d), "its window has not passed");
        assert!(done[3].dead(3150.5, |d| *d));
        assert!(!chains.activity(3200.0), "nothing open");
    }

    #[test]
    fn clicks_that_select_text_are_neither_rage_nor_dead() {
        let mut chains = ClickChains::default();
        for at in [0.0, 100.0, 200.0] {
            let _ = chains.click(1, at, ());
        }
        chains.select();
        let done = chains.due(1001.0);
        assert_eq!(done.len(), 3);
        assert!(done.iter().all(|c| !c.rage && !c.dead(2000.0, |_| true)));
        let _ = chains.click(1, 3000.0, ());
        assert!(
            chains.close()[0].dead(4000.0, |_| true),
            "the next chain is not"
        );
    }

    #[test]
    fn a_chain_waits_for_its_last_clicks_window() {
        let mut chains = ClickChains::default();
        let _ = chains.click(1, 0.0, ());
        let _ = chains.click(1, 950.0, ());
        assert_eq!(chains.deadline(), Some(1050.0));
        assert!(chains.due(1001.0).is_empty());
        assert_eq!(chains.due(1050.5).len(), 2);
    }

    #[test]
    fn an_error_right_after_a_click_makes_an_error_click() {
        let mut chains = ClickChains::default();
        let _ = chains.click(1, 0.0, "save");
        assert_eq!(chains.error(50.0), Some(&mut "save"));
        assert_eq!(chains.error(150.0), None, "too late");
        let done = chains.close();
        assert_eq!(done[0].errors(), 1);
        assert_eq!(chains.error(10.0), None, "nothing open");
    }
}
