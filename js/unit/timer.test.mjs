import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTimer } from '../src/timer.js';

function fakeClock() {
  const clock = { now: 1000, timers: new Map(), next: 1 };
  clock.set = (fn, delay) => {
    clock.timers.set(clock.next, [clock.now + delay, fn]);
    return clock.next++;
  };
  clock.clear = (id) => clock.timers.delete(id);
  clock.advance = (ms) => {
    clock.now += ms;
    for (const [id, [at, fn]] of [...clock.timers]) {
      if (at <= clock.now) {
        clock.timers.delete(id);
        fn();
      }
    }
  };
  return clock;
}

test('one timer, armed for the earliest deadline', () => {
  const clock = fakeClock();
  let woken = 0;
  const timer = createTimer(() => woken++, () => clock.now, clock.set, clock.clear);
  timer.arm(Infinity);
  assert.equal(clock.timers.size, 0, 'nothing pending arms nothing');
  timer.arm(1500);
  timer.arm(1800);
  assert.equal(clock.timers.size, 1);
  timer.arm(1200);
  assert.equal(clock.timers.size, 1, 'an earlier deadline replaces the armed one');
  clock.advance(199);
  assert.equal(woken, 0);
  clock.advance(1);
  assert.equal(woken, 1);
  timer.arm(1800);
  assert.equal(clock.timers.size, 1, 'after it fired, the next deadline arms again');
});

test('past and far deadlines are clamped to what setTimeout takes', () => {
  const clock = fakeClock();
  const delays = [];
  const timer = createTimer(() => {}, () => clock.now, (fn, d) => delays.push(d), () => {});
  timer.arm(500);
  const far = createTimer(() => {}, () => clock.now, (fn, d) => delays.push(d), () => {});
  far.arm(clock.now + 1e12);
  assert.deepEqual(delays, [0, 2 ** 31 - 1]);
});
