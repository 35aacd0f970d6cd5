// Recovery without a reload (realworld-ui.md, "When things go wrong"): once a request has found
// the server unreachable, the server is probed with back-off, at once on "Retry now" or when the
// browser says it is back online; when it answers, the page fetches again by itself. The
// surroundings (the probe, timers) are passed in, so that node --test can drive it.
import { createRetry } from './backoff.js';

/** The first probe within a second, then up to 15 s apart. */
export const PROBE = { firstMs: 1_000, maxMs: 15_000 };

/**
 * `probe()` resolves to true when the server answers; `onRecovered()` runs when it does;
 * `onChange()` after every change of `isWaiting()`; `timers` holds setTimeout and clearTimeout.
 */
export function createRecovery({ probe, onRecovered, onChange = () => {}, timers, random = Math.random, backoff = PROBE }) {
  let waiting = false;
  let probing = false;
  const retry = createRetry({ attempt, timers, backoff, random });

  const recovery = {
    /** Whether the server was found unreachable and has not answered since. */
    isWaiting: () => waiting,

    /** A request found no server: start probing, unless already at it. */
    noteUnreachable() {
      if (waiting) return;
      waiting = true;
      retry.reset();
      onChange();
      retry.later();
    },

    /** "Retry now", or the browser is online again: probe at once instead of at the next time. */
    async retryNow() {
      if (!waiting || probing) return;
      retry.stop();
      await attempt();
    },
  };
  return recovery;

  async function attempt() {
    probing = true;
    let answered = false;
    try {
      answered = await probe();
    } catch {
      answered = false;
    } finally {
      probing = false;
    }
    if (!waiting) return;
    if (!answered) return retry.later();
    waiting = false;
    onChange();
    onRecovered();
  }
}
