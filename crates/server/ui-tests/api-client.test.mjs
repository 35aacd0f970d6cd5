// The API client's error mapping, token handling and timeout (ui/assets/api/client.js, errors.js).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createClient } from '../ui/assets/api/client.js';
import { ApiError, errorLines, UNABLE_TO_CONNECT } from '../ui/assets/api/errors.js';
import { fakeTimers, json, raw, scriptedFetch, settle } from './fakes.mjs';

function client(fetch, { token = null, timeoutMs } = {}) {
  const unauthorized = [];
  const timers = fakeTimers();
  const request = createClient({ fetch, readToken: () => token, onUnauthorized: () => unauthorized.push(true), timers, timeoutMs });
  return { request, unauthorized, timers };
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

test('network errors on any request read "Unable to connect"', async () => {
  const fetch = scriptedFetch(new TypeError('Failed to fetch'));
  const error = await failureOf(client(fetch, { token: 'jwt' }).request('GET', '/articles'));
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
  const error = await failureOf(client(fetch).request('GET', '/articles'));
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

test('a 401 to a request with a token ends the session', async () => {
  const fetch = scriptedFetch(json(401, { errors: { token: ['is invalid'] } }));
  const { request, unauthorized } = client(fetch, { token: 'stale' });
  const error = await failureOf(request('POST', '/articles/a/favorite'));
  assert.equal(error.status, 401);
  assert.equal(unauthorized.length, 1);
  assert.equal(fetch.calls.length, 1, 'a write is never sent again without the token');
});

test('a public read refused for a stale token is retried without it', async () => {
  const fetch = scriptedFetch(json(401, { errors: { token: ['is invalid'] } }), json(200, { articles: [], articlesCount: 0 }));
  const { request, unauthorized } = client(fetch, { token: 'stale' });
  assert.deepEqual(await request('GET', '/articles', { optionalAuth: true }), { articles: [], articlesCount: 0 });
  assert.equal(unauthorized.length, 1);
  assert.equal(fetch.calls[0].headers.Authorization, 'Token stale');
  assert.equal('Authorization' in fetch.calls[1].headers, false);
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
