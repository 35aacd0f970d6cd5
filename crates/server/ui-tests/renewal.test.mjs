// The silent renewal of the token (ui/assets/renewal.js): when it is due, and that only activity
// ever renews. Time is a number the tests set; nothing waits.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ApiError } from '../ui/assets/api/errors.js';
import { createRenewal, renewalDue, RENEWAL, tokenLifetime } from '../ui/assets/renewal.js';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const ISSUED = Date.UTC(2026, 0, 1);

/** A token as the server issues it, issued at `issuedMs` and living `lifetimeMs`. */
function tokenAt(issuedMs, lifetimeMs = DAY, extra = {}) {
  const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const claims = { sub: '1', iat: issuedMs / 1000, exp: (issuedMs + lifetimeMs) / 1000, ...extra };
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}.signature`;
}

test('the lifetime is read from the payload, even with characters base64url spells its own way', () => {
  assert.deepEqual(tokenLifetime(tokenAt(ISSUED, DAY, { name: '>>>???' })), {
    issuedAtMs: ISSUED,
    expiresAtMs: ISSUED + DAY,
  });
});

test('a token without a readable lifetime is never due', () => {
  for (const token of [null, '', 'garbage', 'a.b.c', tokenAt(ISSUED, 0), tokenAt(ISSUED, DAY, { exp: 'soon' })]) {
    assert.equal(renewalDue({ token, now: ISSUED + 20 * HOUR }), false, String(token));
  }
});

test('due from half the lifetime on, expired too (then the check ends the session)', () => {
  const token = tokenAt(ISSUED);
  assert.equal(renewalDue({ token, now: ISSUED + 12 * HOUR - 1 }), false);
  assert.equal(renewalDue({ token, now: ISSUED + 12 * HOUR }), true);
  assert.equal(renewalDue({ token, now: ISSUED + DAY - 1 }), true);
  assert.equal(renewalDue({ token, now: ISSUED + DAY }), true, 'GET /api/user decides an expired token');
});

test('not due again within a minute of an attempt', () => {
  const token = tokenAt(ISSUED);
  const now = ISSUED + 13 * HOUR;
  assert.equal(renewalDue({ token, now, lastAttemptAt: now - RENEWAL.retryAfterMs + 1 }), false);
  assert.equal(renewalDue({ token, now, lastAttemptAt: now - RENEWAL.retryAfterMs }), true);
});

/**
 * A renewal over a stored token and a clock the test moves; GET /api/user answers `answers`, each
 * a body, an Error, or a function of the time asked.
 */
function harness(...answers) {
  const store = { token: tokenAt(ISSUED) };
  const clock = { now: ISSUED };
  const asked = [];
  const renewal = createRenewal({
    readToken: () => store.token,
    fetchCurrentUser: async () => {
      asked.push(clock.now);
      const answer = answers.shift();
      if (answer === undefined) throw new Error('GET /api/user asked once too often');
      if (answer instanceof Error) throw answer;
      return typeof answer === 'function' ? answer(clock.now) : answer;
    },
    signIn: (user) => (store.token = user.token),
    signOut: (reason) => {
      store.token = null;
      store.endedBy = reason;
    },
    now: () => clock.now,
  });
  return { renewal, store, clock, asked };
}

const userWith = (token) => ({ user: { username: 'ada', email: 'ada@example.com', bio: null, image: null, token } });

test('someone who keeps using the app is renewed in time, day after day, and never signed out', async () => {
  const server = (now) => userWith(tokenAt(now));
  const { renewal, store, clock, asked } = harness(...Array(6).fill(server));
  // Active every hour for three days.
  for (let hour = 1; hour <= 72; hour += 1) {
    clock.now = ISSUED + hour * HOUR;
    await renewal.noteActivity();
    assert.ok(tokenLifetime(store.token).expiresAtMs > clock.now, `signed out at hour ${hour}`);
  }
  assert.deepEqual(
    asked,
    [12, 24, 36, 48, 60, 72].map((hour) => ISSUED + hour * HOUR),
  );
});

test('activity before half the lifetime renews nothing', async () => {
  const { renewal, clock, asked } = harness();
  clock.now = ISSUED + 11 * HOUR;
  await renewal.noteActivity();
  assert.deepEqual(asked, []);
});

test('an idle user back after the lifetime is checked, and the refusal signs out with a word', async () => {
  const { renewal, store, clock, asked } = harness(new ApiError(401, { token: ['has expired'] }));
  clock.now = ISSUED + DAY + HOUR;
  await renewal.noteActivity();
  assert.deepEqual(asked, [clock.now]);
  assert.equal(store.token, null);
  assert.equal(store.endedBy, 'expired');
});

test('a renewal that meets an outage keeps the session', async () => {
  const { renewal, store, clock } = harness(new ApiError(503, { '': ['down'] }));
  const kept = store.token;
  clock.now = ISSUED + 13 * HOUR;
  await renewal.noteActivity();
  assert.equal(store.token, kept);
  assert.equal(store.endedBy, undefined);
});

test('a failed renewal keeps the token and is tried again at an activity a minute later', async () => {
  const fresh = tokenAt(ISSUED + 14 * HOUR);
  const { renewal, store, clock, asked } = harness(new Error('503'), userWith(fresh));
  const kept = store.token;
  clock.now = ISSUED + 13 * HOUR;
  await renewal.noteActivity();
  assert.equal(store.token, kept);
  clock.now += RENEWAL.retryAfterMs - 1;
  await renewal.noteActivity();
  clock.now += 1;
  await renewal.noteActivity();
  assert.equal(asked.length, 2);
  assert.equal(store.token, fresh);
});

test('one renewal at a time, and an answer about a token signed out meanwhile is dropped', async () => {
  let answer;
  const { renewal, store, clock, asked } = harness(new Promise((resolve) => (answer = resolve)));
  clock.now = ISSUED + 13 * HOUR;
  const first = renewal.noteActivity();
  clock.now += RENEWAL.retryAfterMs;
  await renewal.noteActivity();
  assert.equal(asked.length, 1);
  store.token = null;
  answer(userWith(tokenAt(clock.now)));
  await first;
  assert.equal(store.token, null);
});
