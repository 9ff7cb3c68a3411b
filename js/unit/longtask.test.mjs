import { test } from 'node:test';
import assert from 'node:assert/strict';
import { longTask } from '../src/longtask.js';

test("a long animation frame as Datadog's long_task: its timings and its scripts', snake_case, in ns", () => {
  const frame = {
    name: 'long-animation-frame', entryType: 'long-animation-frame', startTime: 1000.5, duration: 120,
    renderStart: 1110, styleAndLayoutStart: 1115, firstUIEventTimestamp: 0, blockingDuration: 70,
    scripts: [{
      name: 'script', entryType: 'script', startTime: 1001, duration: 100, invoker: 'BUTTON#pay.onclick',
      invokerType: 'event-listener', windowAttribution: 'self', executionStart: 1001, forcedStyleAndLayoutDuration: 0,
      pauseDuration: 0, sourceURL: 'https://app.example/app.js', sourceFunctionName: 'pay', sourceCharPosition: 1234,
    }],
  };
  assert.deepEqual(JSON.parse(longTask(frame)), {
    entry_type: 'long-animation-frame', duration: 120_000_000, blocking_duration: 70_000_000,
    first_ui_event_timestamp: 0, render_start: 1_110_000_000, style_and_layout_start: 1_115_000_000,
    start_time: 1_000_500_000,
    scripts: [{
      duration: 100_000_000, pause_duration: 0, forced_style_and_layout_duration: 0, start_time: 1_001_000_000,
      execution_start: 1_001_000_000, source_char_position: 1234, source_url: 'https://app.example/app.js',
      source_function_name: 'pay', invoker: 'BUTTON#pay.onclick', invoker_type: 'event-listener', window_attribution: 'self',
    }],
  });
  assert.deepEqual(JSON.parse(longTask({ entryType: 'longtask', startTime: 2000, duration: 55 })), {
    entry_type: 'long-task', start_time: 2_000_000_000, duration: 55_000_000,
  });
});
