// Signing out (ui/assets/sign-out.js): at once here, and the server is asked to end its side with
// the token being given up; whatever the server answers, the user is signed out.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createClient } from '../ui/assets/api/client.js';
import { networkError } from '../ui/assets/api/errors.js';
import { signOutEverywhere } from '../ui/assets/sign-out.js';
import { fakeTimers, json, raw, scriptedFetch } from './fakes.mjs';

/** The local session as far as signing out goes, and the order things happened in. */
function world(token) {
  const events = [];
  const store = { token };
  return {
    store,
    events,
    readToken: () => store.token,
    signOut: () => {
      events.push('signed out');
      store.token = null;
    },
  };
}

/** A fake API client whose logout answers with `answer` (an error is thrown). */
function fakeApi(events, answer) {
  return {
    logout: async (token) => {
      events.push(`logout ${token}`);
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
}

for (const [what, answer] of [
  ['answers 204', null],
  ['does not know the route yet (404)', Object.assign(new Error('404'), { status: 404 })],
  ['refuses the method (405)', Object.assign(new Error('405'), { status: 405 })],
  ['cannot be reached', networkError(new TypeError('Failed to fetch'))],
]) {
  test(`signing out when the server ${what}: signed out here, and the server was asked with the token`, async () => {
    const { store, events, readToken, signOut } = world('jwt');
    await signOutEverywhere({ readToken, signOut, logout: fakeApi(events, answer).logout });
    assert.equal(store.token, null);
    assert.deepEqual(events, ['signed out', 'logout jwt']);
  });
}

test('signing out without a token asks the server nothing', async () => {
  const { events, readToken, signOut } = world(null);
  await signOutEverywhere({ readToken, signOut, logout: fakeApi(events, null).logout });
  assert.deepEqual(events, ['signed out']);
});

test('through the real client, a 405 from a server without the route still signs out', async () => {
  const fetch = scriptedFetch(json(405, { errors: { method: ['not allowed'] } }));
  const request = createClient({ fetch, readToken: () => null, authState: () => 'unauthenticated', timers: fakeTimers() });
  const { store, readToken, signOut } = world('jwt');
  await signOutEverywhere({ readToken, signOut, logout: (token) => request('POST', '/users/logout', { token }) });
  assert.equal(store.token, null);
  assert.equal(fetch.calls[0].url, '/api/users/logout');
  assert.equal(fetch.calls[0].method, 'POST');
  assert.equal(fetch.calls[0].headers.Authorization, 'Token jwt');
});

test('the 204 of a server that has the route is a success', async () => {
  const fetch = scriptedFetch(raw(204, ''));
  const request = createClient({ fetch, readToken: () => null, timers: fakeTimers() });
  assert.equal(await request('POST', '/users/logout', { token: 'jwt' }), null);
});
