//! The batch of serialized events waiting to be sent, and the rules that say when to send it.

use crate::prelude::*;
/// When a batch is flushed, whichever comes first.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    pub max_events: usize,
    pub max_bytes: usize,
    pub max_age_ms: f64,
}

/// The defaults batch by time: the count is no trigger in practice, and the byte limit is what
/// one page-exit beacon carries, so a busy page sends a few larger requests (each POST costs the
/// page milliseconds of CPU) while no more waits at exit than the exit path can send.
impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_events: 1000,
            max_bytes: super::transport::EXIT_BODY_BYTES,
            max_age_ms: 30_000.0,
        }
    }
}

/// A single event larger than this is dropped: it would be refused by the intake anyway.
pub const MAX_EVENT_BYTES: usize = 256 * 1024;

#[derive(Debug)]
struct Line {
    view_id: Option<String>,
    json: String,
}

#[derive(Debug, Default)]
pub struct Batch {
    lines: Vec<Line>,
    bytes: usize,
    first_at: Option<f64>,
    limits: Limits,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Added {
    Queued,
    /// Over [`MAX_EVENT_BYTES`]: dropped.
    TooLarge,
}

impl Batch {
    pub fn new(limits: Limits) -> Batch {
        Batch {
            limits,
            ..Batch::default()
        }
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Adds one event. A view event replaces an earlier version of the same view in this batch,
    /// so each batch carries only the latest state of a view.
    pub fn add(&mut self, json: String, view_id: Option<String>, now: f64) -> Added {
        if json.len() > MAX_EVENT_BYTES {
            return Added::TooLarge;
        }
        if let Some(id) = &view_id {
            if let Some(i) = self
                .lines
                .iter()
                .position(|l| l.view_id.as_deref() == Some(id))
            {
                let old = self.lines.remove(i);
                self.bytes -= old.json.len() + 1;
            }
        }
        self.bytes += json.len() + 1;
        self.lines.push(Line { view_id, json });
        self.first_at.get_or_insert(now);
        Added::Queued
    }

    /// Whether a limit is reached and the batch should go now.
    pub fn is_due(&self, now: f64) -> bool {
        !self.lines.is_empty()
            && (self.lines.len() >= self.limits.max_events
                || self.bytes >= self.limits.max_bytes
                || self
                    .first_at
                    .is_some_and(|t| now - t >= self.limits.max_age_ms))
    }

    /// When the batch reaches its age limit (epoch ms); `INFINITY` when it is empty.
    pub fn due_at(&self) -> f64 {
        self.first_at
            .map_or(f64::INFINITY, |t| t + self.limits.max_age_ms)
    }

    /// The newline-delimited body of everything queued, emptying the batch.
    pub fn take(&mut self) -> Option<String> {
        if self.lines.is_empty() {
            return None;
        }
        let mut body = String::with_capacity(self.bytes);
        for (i, line) in self.lines.drain(..).enumerate() {
            if i > 0 {
                body.push('\n');
            }
            body.push_str(&line.json);
        }
        self.bytes = 0;
        self.first_at = None;
        Some(body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::transport::EXIT_BODY_BYTES;

    #[test]
    fn flushes_at_the_event_count() {
        let mut b = Batch::new(Limits {
            max_events: 50,
            ..Limits::default()
        });
        for i in 0..49 {
            assert_eq!(b.add(format!("{{\"n\":{i}}}"), None, 0.0), Added::Queued);
        }
        assert!(!b.is_due(0.0));
        let _ = b.add("{}".into(), None, 0.0);
        assert!(b.is_due(0.0));
        let body = b.take().unwrap();
        assert_eq!(body.lines().count(), 50);
        assert!(body.starts_with("{\"n\":0}\n{\"n\":1}"));
        assert!(b.is_empty() && b.take().is_none());
    }

    #[test]
    fn flushes_at_the_byte_size_and_the_age() {
        let mut b = Batch::new(Limits::default());
        let _ = b.add("x".repeat(EXIT_BODY_BYTES - 100), None, 0.0);
        assert!(!b.is_due(0.0));
        let _ = b.add("x".repeat(100), None, 0.0);
        assert!(b.is_due(0.0), "the default byte limit is one exit body");
        assert!(b.take().unwrap().len() <= EXIT_BODY_BYTES + 1);
        let _ = b.add("x".repeat(16 * 1024), None, 0.0);
        assert!(!b.is_due(0.0));
        b.take();
        let _ = b.add("{}".into(), None, 1000.0);
        assert!(!b.is_due(30_999.0));
        assert!(b.is_due(31_000.0));
    }

    #[test]
    fn keeps_only_the_latest_version_of_a_view() {
        let mut b = Batch::new(Limits::default());
        let _ = b.add("v1".into(), Some("view-a".into()), 0.0);
        let _ = b.add("action".into(), None, 0.0);
        let _ = b.add("v2".into(), Some("view-a".into()), 0.0);
        let _ = b.add("other".into(), Some("view-b".into()), 0.0);
        assert_eq!(b.len(), 3);
        assert_eq!(b.take().unwrap(), "action\nv2\nother");
    }

    #[test]
    fn drops_a_single_oversized_event_not_the_batch() {
        let mut b = Batch::new(Limits::default());
        let _ = b.add("kept".into(), None, 0.0);
        assert_eq!(
            b.add("x".repeat(MAX_EVENT_BYTES + 1), None, 0.0),
            Added::TooLarge
        );
        assert_eq!(b.take().unwrap(), "kept");
    }
}
