//! The demo server's own CPU and memory, sampled every 10 s from `/proc/self` (Linux), for the
//! dashboard's system view.

use serde_json::{json, Value};
use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const SAMPLE_EVERY: Duration = Duration::from_secs(10);
/// An hour of samples.
const KEPT: usize = 360;
/// Clock ticks per second of `/proc/self/stat`'s CPU times: 100 on every Linux the demo targets.
const TICKS_PER_SECOND: f64 = 100.0;

#[derive(Default)]
pub struct System {
    samples: Mutex<VecDeque<(i64, f64, f64)>>,
}

/// `(user + system CPU seconds, resident memory in MiB)`, or `None` off Linux.
fn read() -> Option<(f64, f64)> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces), which ends at the last ')'.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split(' ').collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let rss_kib: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some((ticks / TICKS_PER_SECOND, rss_kib / 1024.0))
}

impl System {
    /// Samples forever: CPU as a percentage of one core over each interval.
    pub async fn sample_forever(self: std::sync::Arc<Self>) {
        let mut last = read().map(|(cpu, _)| (Instant::now(), cpu));
        let mut tick = tokio::time::interval(SAMPLE_EVERY);
        loop {
            tick.tick().await;
            let Some((cpu, rss)) = read() else { return };
            let now = Instant::now();
            if let Some((at, before)) = last {
                let elapsed = now.duration_since(at).as_secs_f64().max(0.001);
                let pct = ((cpu - before) / elapsed * 100.0).max(0.0);
                let mut samples = self.samples.lock().unwrap_or_else(|e| e.into_inner());
                samples.push_back((crate::now_ms(), pct, rss));
                if samples.len() > KEPT {
                    samples.pop_front();
                }
            }
            last = Some((now, cpu));
        }
    }

    pub fn samples(&self) -> Value {
        let samples = self.samples.lock().unwrap_or_else(|e| e.into_inner());
        samples
            .iter()
            .map(|(at, cpu, rss)| json!({"at": at, "cpu_pct": cpu, "rss_mib": rss}))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_this_process() {
        if cfg!(target_os = "linux") {
            let (cpu, rss) = super::read().expect("/proc/self");
            assert!(cpu >= 0.0 && rss > 1.0, "{cpu} s, {rss} MiB");
        }
    }
}
