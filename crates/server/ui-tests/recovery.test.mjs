// Recovery without a reload (ui/assets/recovery.js): probing with back-off once the server was
// unreachable, and fetching the page again when it answers.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createRecovery, PROBE } from '../ui/assets/recovery.js';
import { fakeTimers } from './fakes.mjs';

/** A recovery whose probe answers from `answers` (true, false, or an Error to throw). */
function harness(...answers) {
  const timers = fakeTimers();
  const events = [];
  const recovery = createRecovery({
    probe: async () => {
      events.push('probe');
      const answer = answers.shift();
      if (answer === undefined) throw new Error('probed once too often');
      if (answer instanceof Error) throw answer;
      return answer;
    },
    onRecovered: () => events.push('recovered'),
    onChange: () => events.push(recovery.isWaiting() ? 'waiting' : 'answered'),
    timers,
    random: () => 0,
  });
  return { recovery, timers, events };
}

test('nothing is probed until a request has found the server unreachable', () => {
  const { recovery, timers, events } = harness();
  assert.equal(recovery.isWaiting(), false);
  assert.deepEqual(timers.pending, []);
  assert.deepEqual(events, []);
});

test('the server is probed with back-off, and the page fetches again once it answers', async () => {
  const { recovery, timers, events } = harness(false, new TypeError('Failed to fetch'), true);
  recovery.noteUnreachable();
  assert.equal(recovery.isWaiting(), true);
  assert.deepEqual(timers.pending, [{ ms: PROBE.firstMs / 2 }]);
  await timers.runNext();
  assert.deepEqual(timers.pending, [{ ms: PROBE.firstMs }], 'the second wait is twice the first');
  await timers.runNext();
  assert.deepEqual(timers.pending, [{ ms: PROBE.firstMs * 2 }]);
  await timers.runNext();
  assert.equal(recovery.isWaiting(), false);
  assert.deepEqual(timers.pending, []);
  assert.deepEqual(events, ['waiting', 'probe', 'probe', 'probe', 'answered', 'recovered']);
});

test('more failures while waiting do not start a second round of probes', () => {
  const { recovery, timers, events } = harness();
  recovery.noteUnreachable();
  recovery.noteUnreachable();
  recovery.noteUnreachable();
  assert.equal(timers.pending.length, 1);
  assert.deepEqual(events, ['waiting']);
});

test('"Retry now" (or the browser coming online) probes at once and cancels the scheduled probe', async () => {
  const { recovery, timers, events } = harness(true);
  recovery.noteUnreachable();
  await recovery.retryNow();
  assert.equal(recovery.isWaiting(), false);
  assert.deepEqual(timers.pending, []);
  assert.deepEqual(events, ['waiting', 'probe', 'answered', 'recovered']);
});

test('"Retry now" does nothing while the server answers', async () => {
  const { recovery, events } = harness();
  await recovery.retryNow();
  assert.deepEqual(events, []);
});

test('the back-off is capped', async () => {
  const { recovery, timers } = harness(...Array(10).fill(false));
  recovery.noteUnreachable();
  for (let probe = 0; probe < 10; probe += 1) await timers.runNext();
  assert.deepEqual(timers.pending, [{ ms: PROBE.maxMs / 2 }]);
});
