// How long to wait before the next attempt after `failures` failed ones: exponential back-off
// with "equal jitter" (a random point in the upper half of the window), so clients dropped
// together do not all come back at the same moment. Used by the live-update socket and by the
// session's reconnect at start-up.

/** Milliseconds to wait; `random()` returns a number in [0, 1) (Math.random in the browser). */
export function retryDelay(failures, { firstMs, maxMs, random = Math.random }) {
  const ceiling = Math.min(maxMs, firstMs * 2 ** failures);
  return ceiling / 2 + random() * (ceiling / 2);
}

/**
 * One pending attempt at a time, each later than the last: `later()` schedules `attempt` after
 * the back-off for the failures so far, `stop()` cancels it, `reset()` starts the back-off again.
 * The timer's callback returns what `attempt()` returns, so that a test driving the timers can
 * wait for the attempt it started. Used by the session's re-check and by recovery's probe.
 */
export function createRetry({ attempt, timers, backoff, random = Math.random }) {
  let failures = 0;
  let timer = null;
  const stop = () => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  };
  return {
    later() {
      stop();
      const delay = retryDelay(failures, { ...backoff, random });
      failures += 1;
      timer = timers.setTimeout(() => {
        timer = null;
        return attempt();
      }, delay);
    },
    stop,
    reset() {
      stop();
      failures = 0;
    },
  };
}
