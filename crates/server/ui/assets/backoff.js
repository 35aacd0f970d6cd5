// How long to wait before the next attempt after `failures` failed ones: exponential back-off
// with "equal jitter" (a random point in the upper half of the window), so clients dropped
// together do not all come back at the same moment. Used by the live-update socket and by the
// session's reconnect at start-up.

/** Milliseconds to wait; `random()` returns a number in [0, 1) (Math.random in the browser). */
export function retryDelay(failures, { firstMs, maxMs, random = Math.random }) {
  const ceiling = Math.min(maxMs, firstMs * 2 ** failures);
  return ceiling / 2 + random() * (ceiling / 2);
}
