// The reconnect back-off shared by the live-update socket and the start-up session check.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { retryDelay } from '../ui/assets/backoff.js';

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
