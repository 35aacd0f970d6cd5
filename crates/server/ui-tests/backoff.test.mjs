// The reconnect back-off shared by the live-update socket and the start-up session check.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createRetry, retryDelay } from '../ui/assets/backoff.js';
import { fakeTimers } from './fakes.mjs';

const window = { firstMs: 500, maxMs: 30_000 };

test('the first retry waits between half and all of the first delay', () => {
  assert.equal(retryDelay(0, { ...window, random: () => 0 }), 250);
  assert.equal(retryDelay(0, { ...window, random: () => 0.5 }), 375);
  assert.ok(retryDelay(0, { ...window, random: () => 0.999999 }) < 500);
});

test('each failure doubles the window', () => {
  const lows = [0, 1, 2, 3].map((failures) => retryDelay(failures, { ...window, random: () => 0 }));
  assert.deepEqual(lows, [250, 500, 1000, 2000]);
});

test('the window stops growing at the maximum, however many failures', () => {
  for (const failures of [6, 7, 20, 1000]) {
    assert.equal(retryDelay(failures, { ...window, random: () => 0 }), 15_000);
    assert.ok(retryDelay(failures, { ...window, random: () => 0.999999 }) < 30_000);
  }
});

test('jitter spreads clients dropped together over the upper half of the window', () => {
  const delays = [0, 0.25, 0.5, 0.75].map((r) => retryDelay(3, { ...window, random: () => r }));
  assert.deepEqual(delays, [2000, 2500, 3000, 3500]);
});

test('a retry waits longer after each failure, keeps one attempt pending, and starts again on reset', async () => {
  const timers = fakeTimers();
  let attempts = 0;
  const retry = createRetry({ attempt: async () => (attempts += 1), timers, backoff: window, random: () => 0 });

  retry.later();
  retry.later();
  assert.deepEqual(timers.pending, [{ ms: 500 }], 'one pending attempt, the second failure\'s');
  assert.equal(await timers.runNext(), 1, 'the timer hands back what the attempt returns');
  retry.later();
  assert.deepEqual(timers.pending, [{ ms: 1000 }]);

  retry.stop();
  assert.deepEqual(timers.pending, []);
  retry.reset();
  retry.later();
  assert.deepEqual(timers.pending, [{ ms: 250 }], 'after a reset the back-off starts from the first delay');
  assert.equal(attempts, 1);
});
