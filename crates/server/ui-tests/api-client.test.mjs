// The API client's error mapping, token handling and timeout (ui/assets/api/client.js, errors.js).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createClient } from '../ui/assets/api/client.js';
import * as errors from '../ui/assets/api/errors.js';

const { ApiError, errorLines, UNABLE_TO_CONNECT } = errors;
import { fakeTimers, json, raw, scriptedFetch, settle } from './fakes.mjs';

/** `unauthorized` records each time the client asked for the session to be checked again. */
function client(fetch, { token = null, authState = 'authenticated', timeoutMs } = {}) {
  const unauthorized = [];
  const unreachable = [];
  const timers = fakeTimers();
  const request = createClient({
    fetch,
    readToken: () => token,
    authState: () => authState,
    onSessionDoubt: () => unauthorized.push(true),
    onUnreachable: () => unreachable.push(true),
    timers,
    timeoutMs,
  });
  return { request, unauthorized, unreachable, timers };
}

async function failureOf(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('the request succeeded');
}

test('a request carries the stored token and a JSON body, and resolves to the parsed answer', async () => {
  const fetch = scriptedFetch(json(200, { user: { username: 'ada' } }));
  const { request } = client(fetch, { token: 'jwt' });
  assert.deepEqual(await request('PUT', '/user', { body: { user: { bio: 'hi' } } }), { user: { username: 'ada' } });
  const [call] = fetch.calls;
  assert.equal(call.url, '/api/user');
  assert.equal(call.method, 'PUT');
  assert.equal(call.headers.Authorization, 'Token jwt');
  assert.equal(call.headers['Content-Type'], 'application/json; charset=utf-8');
  assert.equal(call.body, '{"user":{"bio":"hi"}}');
});

test('without a token no Authorization header is sent', async () => {
  const fetch = scriptedFetch(json(200, { tags: [] }));
  await client(fetch).request('GET', '/tags');
  assert.equal('Authorization' in fetch.calls[0].headers, false);
});

test('a 204 resolves to null', async () => {
  const fetch = scriptedFetch(raw(204, ''));
  assert.equal(await client(fetch, { token: 'jwt' }).request('DELETE', '/articles/a'), null);
});

test('the API error map of a refusal reaches the page as it is', async () => {
  const fetch = scriptedFetch(json(422, { errors: { email: ['has already been taken'] } }));
  const error = await failureOf(client(fetch).request('POST', '/users', { body: {} }));
  assert.ok(error instanceof ApiError);
  assert.equal(error.status, 422);
  assert.deepEqual(errorLines(error.errors), ['email has already been taken']);
});

test('a failed sign-in reads "email or password is invalid"', async () => {
  const fetch = scriptedFetch(json(401, { errors: { credentials: ['invalid'] } }));
  const { request, unauthorized } = client(fetch);
  const error = await failureOf(request('POST', '/users/login', { body: {} }));
  assert.equal(error.status, 401);
  assert.deepEqual(errorLines(error.errors), ['email or password is invalid']);
  // Nobody was signed in: a wrong password ends no session.
  assert.equal(unauthorized.length, 0);
});

test('network errors on any request read "Unable to connect", and start the wait for the server', async () => {
  const fetch = scriptedFetch(new TypeError('Failed to fetch'));
  const { request, unreachable } = client(fetch, { token: 'jwt' });
  const error = await failureOf(request('GET', '/articles'));
  assert.equal(unreachable.length, 1);
  assert.equal(error.status, 0);
  assert.deepEqual(errorLines(error.errors), [UNABLE_TO_CONNECT]);
  assert.match(UNABLE_TO_CONNECT, /^Unable to connect/);
});

test('a server that does not answer in time reads "Unable to connect" too', async () => {
  const fetch = scriptedFetch('hang');
  const { request, timers } = client(fetch, { timeoutMs: 1234 });
  const failing = failureOf(request('GET', '/user'));
  await settle();
  assert.deepEqual(timers.pending, [{ ms: 1234 }]);
  timers.runNext();
  const error = await failing;
  assert.equal(error.status, 0);
  assert.match(errorLines(error.errors)[0], /^Unable to connect/);
});

test('a server error without an error map is described by its status', async () => {
  const fetch = scriptedFetch(raw(502, '<html>Bad Gateway</html>'));
  const { request, unreachable } = client(fetch);
  const error = await failureOf(request('GET', '/articles'));
  assert.equal(unreachable.length, 0, 'the server answered');
  assert.equal(error.status, 502);
  assert.deepEqual(errorLines(error.errors), ['The server ran into a problem (502). Try again in a moment.']);
});

test('a malformed or empty 200 body is an error, not a crash later', async () => {
  for (const body of ['', '{"user":', 'null', '[1,2]', '<html></html>']) {
    const error = await failureOf(client(scriptedFetch(raw(200, body))).request('GET', '/user'));
    assert.equal(error.status, 200, `body ${JSON.stringify(body)}`);
    assert.match(errorLines(error.errors)[0], /cannot read/);
  }
});

for (const [what, method, path] of [
  ['a settings save', 'PUT', '/user'],
  ['a new article', 'POST', '/articles'],
  ['a comment', 'POST', '/articles/a/comments'],
  ['a follow', 'POST', '/profiles/ada/follow'],
  ['a favorite', 'POST', '/articles/a/favorite'],
  ['your feed', 'GET', '/articles/feed'],
]) {
  test(`${what} that meets a 401 keeps the session, says it has ended and asks for a check`, async () => {
    const fetch = scriptedFetch(json(401, { errors: { token: ['has expired'] } }));
    const { request, unauthorized } = client(fetch, { token: 'stale' });
    const error = await failureOf(request(method, path, { body: method === 'GET' ? undefined : {} }));
    assert.equal(error.status, 401);
    assert.equal(error.sessionEnded, true);
    assert.deepEqual(errorLines(error.errors), [errors.SESSION_ENDED]);
    assert.equal(unauthorized.length, 1, 'GET /api/user is asked to decide');
    assert.equal(fetch.calls.length, 1, 'a write is never sent again without the token');
  });
}

test('a 401 to GET /api/user is left to the session to decide', async () => {
  const fetch = scriptedFetch(json(401, { errors: { token: ['is invalid'] } }));
  const { request, unauthorized } = client(fetch, { token: 'stale' });
  const error = await failureOf(request('GET', '/user'));
  assert.equal(error.status, 401);
  assert.equal(error.sessionEnded, undefined);
  assert.equal(unauthorized.length, 0);
});

test('a public read refused for a stale token is retried without it, and the session stays', async () => {
  const fetch = scriptedFetch(json(401, { errors: { token: ['is invalid'] } }), json(200, { articles: [], articlesCount: 0 }));
  const { request, unauthorized } = client(fetch, { token: 'stale' });
  assert.deepEqual(await request('GET', '/articles', { optionalAuth: true }), { articles: [], articlesCount: 0 });
  assert.equal(unauthorized.length, 0, 'a read decides nothing about the session');
  assert.equal(fetch.calls[0].headers.Authorization, 'Token stale');
  assert.equal('Authorization' in fetch.calls[1].headers, false);
});

for (const state of ['loading', 'unavailable', 'unauthenticated']) {
  test(`while the session is ${state}, requests go without the kept token but GET /api/user carries it`, async () => {
    const fetch = scriptedFetch(json(200, { tags: [] }), json(200, { user: {} }));
    const { request } = client(fetch, { token: 'kept', authState: state });
    await request('GET', '/tags', { optionalAuth: true });
    await request('GET', '/user');
    assert.equal('Authorization' in fetch.calls[0].headers, false);
    assert.equal(fetch.calls[1].headers.Authorization, 'Token kept');
  });
}

test('a request may name the token it sends (signing out sends the token given up)', async () => {
  const fetch = scriptedFetch(raw(204, ''));
  const { request } = client(fetch, { token: null, authState: 'unauthenticated' });
  assert.equal(await request('POST', '/users/logout', { token: 'given-up' }), null);
  assert.equal(fetch.calls[0].headers.Authorization, 'Token given-up');
});

test('the API\'s bare "server internal error" reads as a sentence', () => {
  assert.deepEqual(errorLines({ server: ['internal error'] }), ['The server ran into a problem. Try again in a moment.']);
});

test('a public read refused without a token is not retried', async () => {
  const fetch = scriptedFetch(json(401, { errors: { token: ['is missing'] } }));
  const { request, unauthorized } = client(fetch);
  assert.equal((await failureOf(request('GET', '/articles', { optionalAuth: true }))).status, 401);
  assert.equal(fetch.calls.length, 1);
  assert.equal(unauthorized.length, 0);
});

test('a request for a page that has been left never settles and clears its timer', async () => {
  const fetch = scriptedFetch('hang');
  const visit = new AbortController();
  const { request, timers } = client(fetch);
  let settled = false;
  request('GET', '/articles', { signal: visit.signal }).then(
    () => (settled = true),
    () => (settled = true),
  );
  await settle();
  visit.abort();
  await settle();
  assert.equal(settled, false);
  assert.deepEqual(timers.pending, []);
});
