// Pairs each finished fetch/XHR with its PerformanceResourceTiming entry, which the browser adds
// only once the body is in: the entry may come before or after the request ends, and whichever
// comes second reports. A request whose entry never comes is reported without one after a wait.

// How long a finished request waits for its entry.
export const TIMING_WAIT_MS = 3000;
// Entries kept for requests that have not finished yet; past this they are forgotten in bulk
// (entries of requests the SDK does not report, its own intake's, would pile up otherwise).
const MAX_EARLY = 200;

const INITIATOR = ['fetch', 'xmlhttprequest'];

/** Whether `entry` is the timing of `request` (`kind` 0 fetch, 1 XHR; times from timeOrigin). */
export function matches(request, entry) {
  return (
    entry.initiatorType === INITIATOR[request.kind] &&
    entry.name === request.url &&
    entry.startTime >= request.start - 1 &&
    entry.startTime <= request.start + request.duration
  );
}

/** `report(request, entry | undefined)` is called once per request. */
export function createTimings(report) {
  let waiting = [];
  // Entries that came before their request finished, by URL.
  const early = new Map();
  let earlyCount = 0;

  function take(request) {
    const list = early.get(request.url);
    if (!list) return undefined;
    for (let i = list.length - 1; i >= 0; i--) {
      if (matches(request, list[i])) {
        earlyCount--;
        const [entry] = list.splice(i, 1);
        if (list.length === 0) early.delete(request.url);
        return entry;
      }
    }
    return undefined;
  }

  return {
    /** A request finished. */
    finished(request) {
      const entry = take(request);
      if (entry) report(request, entry);
      else waiting.push(request);
    },
    /** A timing entry of a fetch or XHR arrived. */
    arrived(entry) {
      const i = waiting.findIndex((r) => matches(r, entry));
      if (i >= 0) return report(waiting.splice(i, 1)[0], entry);
      let list = early.get(entry.name);
      if (!list) early.set(entry.name, (list = []));
      list.push(entry);
      if (++earlyCount > MAX_EARLY) {
        early.clear();
        earlyCount = 0;
      }
    },
    /** Reports, without an entry, the requests that ended before `before` (ms from timeOrigin). */
    expire(before) {
      if (waiting.length === 0) return;
      const stale = waiting.filter((r) => r.start + r.duration <= before);
      waiting = waiting.filter((r) => r.start + r.duration > before);
      for (const r of stale) report(r, undefined);
    },
    /** When the oldest waiting request gives up on its entry (ms from timeOrigin). */
    deadline() {
      let at = Infinity;
      for (const r of waiting) at = Math.min(at, r.start + r.duration + TIMING_WAIT_MS);
      return at;
    },
  };
}
