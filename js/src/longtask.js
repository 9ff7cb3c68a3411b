// A `longtask` or `long-animation-frame` entry as Datadog's `long_task` event part has it,
// written here, beside the entry, so the module only adds the event's id: the frame's timings
// and its long scripts' attribution, by the browser's names in snake_case, times in ns.

// Datadog's fields of a frame and of its scripts, by the browser's names.
const FIELDS = [
  'duration', 'blockingDuration', 'firstUIEventTimestamp', 'renderStart', 'styleAndLayoutStart', 'startTime',
  'pauseDuration', 'forcedStyleAndLayoutDuration', 'executionStart', 'sourceCharPosition', 'sourceURL',
  'sourceFunctionName', 'invoker', 'invokerType', 'windowAttribution',
];

// `firstUIEventTimestamp` is `first_ui_event_timestamp`, `sourceURL` `source_url`: a run of
// capitals is one word. (No lookbehind: older Safari has none.)
const snake = (name) => name.replace(/[A-Z]+(?![a-z])|[A-Z]/g, (m, at) => (at ? '_' : '') + m.toLowerCase());

function fields(entry) {
  const out = {};
  for (const key of FIELDS) {
    const v = entry[key];
    // (Milliseconds become nanoseconds; a character position is a position.)
    if (typeof v === 'number') out[snake(key)] = key === 'sourceCharPosition' ? v : Math.round(Math.max(0, v) * 1e6);
    else if (typeof v === 'string') out[snake(key)] = v;
  }
  return out;
}

/** The `long_task` part of the event of `entry`, as JSON, but its id. */
export function longTask(entry) {
  const frame = entry.entryType === 'long-animation-frame';
  const out = { entry_type: frame ? 'long-animation-frame' : 'long-task', ...fields(entry) };
  if (frame && entry.scripts?.length) out.scripts = Array.from(entry.scripts, fields);
  return JSON.stringify(out);
}
