// One timer, armed for the engine's next deadline (a batch's age, a click chain's end, a view
// update, a retry, a request's timing wait) instead of a periodic tick: an idle page with
// nothing pending is never woken.

// setTimeout takes at most a signed 32-bit delay; longer ones would fire at once.
const MAX_DELAY = 2 ** 31 - 1;

/** `arm(at)` makes sure `wake` runs at epoch ms `at` (or earlier); `Infinity` arms nothing. */
export function createTimer(wake, now = Date.now, set = setTimeout, clear = clearTimeout) {
  let id;
  let armedAt = Infinity;
  return {
    arm(at) {
      if (!(at < armedAt)) return;
      clear(id);
      armedAt = at;
      id = set(() => {
        armedAt = Infinity;
        wake();
      }, Math.min(Math.max(0, at - now()), MAX_DELAY));
    },
  };
}
