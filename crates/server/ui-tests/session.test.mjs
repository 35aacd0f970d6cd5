// The start-up/session state machine (ui/assets/session-machine.js): what each answer to
// GET /api/user does to the stored token, the auth state and the reconnect.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ApiError, networkError, timeoutError } from '../ui/assets/api/errors.js';
import { createSession, RECHECK, startupOutcome } from '../ui/assets/session-machine.js';
import { fakeTimers } from './fakes.mjs';

const ada = { username: 'ada', email: 'ada@example.com', bio: null, image: null, token: 'fresh' };

/** A session over a token store holding `token`, answering GET /api/user from `answers`. */
function harness(token, ...answers) {
  const store = { token };
  const asked = [];
  const changes = [];
  const timers = fakeTimers();
  const session = createSession({
    tokens: { read: () => store.token, write: (value) => (store.token = value), clear: () => (store.token = null) },
    fetchCurrentUser: async () => {
      asked.push(store.token);
      const answer = answers.shift();
      if (answer === undefined) throw new Error('GET /api/user asked once too often');
      if (answer instanceof Error) throw answer;
      return answer;
    },
    timers,
    random: () => 0,
  });
  session.onSessionChange(() => changes.push(session.authState()));
  return { session, store, asked, changes, timers };
}

const status = (code) => new ApiError(code, { '': [`answered ${code}`] });
const unreadable = new ApiError(200, { '': ['unreadable'] });

test('start-up without a token is signed out at once, without asking the server', async () => {
  const { session, asked, changes } = harness(null);
  assert.equal(session.authState(), 'loading');
  await session.restoreSession();
  assert.equal(session.authState(), 'unauthenticated');
  assert.deepEqual(asked, []);
  assert.deepEqual(changes, ['unauthenticated']);
});

test('start-up with a token the server confirms signs the user in with the fresh token', async () => {
  const { session, store, asked } = harness('stored', { user: ada });
  await session.restoreSession();
  assert.equal(session.authState(), 'authenticated');
  assert.equal(session.isSignedIn(), true);
  assert.deepEqual(session.currentUser(), ada);
  assert.deepEqual(asked, ['stored']);
  assert.equal(store.token, 'fresh');
});

for (const code of [400, 401, 403, 404]) {
  test(`start-up with a 4xx answer (${code}) clears the token and signs out`, async () => {
    const { session, store, timers } = harness('stored', status(code));
    await session.restoreSession();
    assert.equal(session.authState(), 'unauthenticated');
    assert.equal(store.token, null);
    assert.deepEqual(timers.pending, [], 'a refused token is not asked about again');
  });
}

for (const [what, failure] of [
  ['a 500 answer', status(500)],
  ['a 503 answer', status(503)],
  ['a refused connection', networkError(new TypeError('Failed to fetch'))],
  ['a timeout', timeoutError()],
  ['an unreadable 200 body', unreadable],
]) {
  test(`start-up with ${what} keeps the token and is unavailable, trying again later`, async () => {
    const { session, store, timers } = harness('stored', failure);
    await session.restoreSession();
    assert.equal(session.authState(), 'unavailable');
    assert.equal(session.isSignedIn(), false);
    assert.equal(session.currentUser(), null);
    assert.equal(store.token, 'stored');
    assert.deepEqual(timers.pending, [{ ms: RECHECK.firstMs / 2 }]);
  });
}

for (const [what, body] of [
  ['no body', null],
  ['an empty object', {}],
  ['a null user', { user: null }],
  ['a user without a token', { user: { ...ada, token: undefined } }],
  ['a user with an empty token', { user: { ...ada, token: '' } }],
  ['a user whose name is not text', { user: { ...ada, username: 42 } }],
]) {
  test(`a 200 answer with ${what} behaves as a server error`, () => {
    assert.deepEqual(startupOutcome({ body }), { kind: 'unreachable' });
  });
}

test('when the server answers again the user is signed in without typing anything', async () => {
  const { session, store, asked, changes, timers } = harness('stored', status(503), networkError(), { user: ada });
  await session.restoreSession();
  await timers.runNext();
  assert.equal(session.authState(), 'unavailable');
  assert.deepEqual(timers.pending, [{ ms: RECHECK.firstMs }], 'the second wait is twice the first');
  await timers.runNext();
  assert.equal(session.authState(), 'authenticated');
  assert.equal(store.token, 'fresh');
  assert.deepEqual(asked, ['stored', 'stored', 'stored']);
  assert.deepEqual(changes, ['unavailable', 'unavailable', 'authenticated']);
  assert.deepEqual(timers.pending, []);
});

test('a token refused after an outage is cleared', async () => {
  const { session, store, timers } = harness('stored', status(502), status(401));
  await session.restoreSession();
  await timers.runNext();
  assert.equal(session.authState(), 'unauthenticated');
  assert.equal(store.token, null);
  assert.deepEqual(timers.pending, []);
});

test('retry asks at once and cancels the scheduled attempt', async () => {
  const { session, timers } = harness('stored', status(500), { user: ada });
  await session.restoreSession();
  assert.equal(timers.pending.length, 1);
  await session.retryNow();
  assert.equal(session.authState(), 'authenticated');
  assert.deepEqual(timers.pending, []);
});

test('retry does nothing unless the server is unavailable', async () => {
  const { session, asked } = harness('stored', { user: ada });
  await session.restoreSession();
  await session.retryNow();
  assert.deepEqual(asked, ['stored']);
});

test('signing out while unavailable stops the reconnect', async () => {
  const { session, store, timers } = harness('stored', status(500));
  await session.restoreSession();
  session.signOut();
  assert.equal(store.token, null);
  assert.deepEqual(timers.pending, []);
});

test('an answer about a token replaced meanwhile is ignored', async () => {
  let answer;
  const store = { token: 'old' };
  const session = createSession({
    tokens: { read: () => store.token, write: (value) => (store.token = value), clear: () => (store.token = null) },
    fetchCurrentUser: () => new Promise((resolve) => (answer = resolve)),
    timers: fakeTimers(),
  });
  const restoring = session.restoreSession();
  session.signIn({ ...ada, token: 'new' });
  answer({ user: { ...ada, username: 'someone else', token: 'old' } });
  await restoring;
  assert.equal(session.currentUser().username, 'ada');
  assert.equal(store.token, 'new');
});

test('a re-check the server confirms keeps the user, with the fresh token', async () => {
  const { session, store, asked } = harness('stored', { user: ada }, { user: { ...ada, token: 'fresher' } });
  await session.restoreSession();
  await session.recheck();
  assert.equal(session.authState(), 'authenticated');
  assert.equal(store.token, 'fresher');
  assert.equal(asked.length, 2);
});

test('a re-check answered with a 4xx signs out, and says why', async () => {
  const { session, store } = harness('stored', { user: ada }, status(401));
  await session.restoreSession();
  assert.equal(session.endReason(), null);
  await session.recheck();
  assert.equal(session.authState(), 'unauthenticated');
  assert.equal(store.token, null);
  assert.equal(session.endReason(), 'expired');
});

test('a re-check that meets an outage leaves the session as it was', async () => {
  const { session, store, timers } = harness('stored', { user: ada }, networkError());
  await session.restoreSession();
  await session.recheck();
  assert.equal(session.authState(), 'authenticated');
  assert.equal(store.token, 'fresh');
  assert.deepEqual(timers.pending, []);
});

test('many writes doubting the session at once ask GET /api/user once', async () => {
  const { session, asked } = harness('stored', { user: ada }, status(401));
  await session.restoreSession();
  await Promise.all([session.recheck(), session.recheck(), session.recheck()]);
  assert.equal(asked.length, 2);
});

test('a re-check while signed out asks nothing', async () => {
  const { session, asked } = harness(null);
  await session.restoreSession();
  await session.recheck();
  assert.deepEqual(asked, []);
});

test('a stored token refused at start-up ends the session with a word; signing out oneself says nothing', async () => {
  const refused = harness('stored', status(401));
  await refused.session.restoreSession();
  assert.equal(refused.session.endReason(), 'expired');
  refused.session.signIn(ada);
  assert.equal(refused.session.endReason(), null, 'signing in again clears the word');
  refused.session.signOut();
  assert.equal(refused.session.endReason(), null);
});
