//! User actions: how a click is named, and how clicks are grouped to spot frustration
//! (rage clicks, error clicks) before they are reported.

use crate::prelude::*;
/// Longest action name; a longer one is cut with `…`.
pub const MAX_NAME_CHARS: usize = 100;
/// Clicks on one target within this window count toward a rage click.
pub const RAGE_WINDOW_MS: f64 = 1000.0;
pub const RAGE_MIN_CLICKS: usize = 3;
/// An error this soon after a click makes it an error click.
pub const ERROR_CLICK_WINDOW_MS: f64 = 100.0;

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
}

/// The name of a click: the first source with visible characters, whitespace folded, at most
/// [`MAX_NAME_CHARS`] characters.
pub fn action_name(sources: &NameSources) -> String {
    [
        &sources.explicit,
        &sources.aria_label,
        &sources.text,
        &sources.attribute,
    ]
    .into_iter()
    .flatten()
    .map(|raw| clean_name(raw))
    .find(|name| !name.is_empty())
    .unwrap_or_else(|| clean_name(&sources.tag))
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
}

/// Groups clicks on one target into chains; a chain closes when the rage window has passed
/// since its first click, or when a click lands on another target.
#[derive(Debug)]
pub struct ClickChains<T> {
    target: Option<u64>,
    chain: Vec<Click<T>>,
}

impl<T> Default for ClickChains<T> {
    fn default() -> Self {
        ClickChains {
            target: None,
            chain: Vec::new(),
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

    /// Closes the chain if its window has passed.
    pub fn due(&mut self, now: f64) -> Vec<FinishedClick<T>> {
        match self.chain.first() {
            Some(first) if now - first.at > RAGE_WINDOW_MS => self.close(),
            _ => Vec::new(),
        }
    }

    /// When the next chain closes by itself, if one is open.
    pub fn deadline(&self) -> Option<f64> {
        self.chain.first().map(|c| c.at + RAGE_WINDOW_MS)
    }

    /// Closes whatever is open (the page is going away, or the view ends).
    pub fn close(&mut self) -> Vec<FinishedClick<T>> {
        self.target = None;
        let chain = core::mem::take(&mut self.chain);
        if chain.len() >= RAGE_MIN_CLICKS {
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
