// The session rule (ui/assets/session-rule.js): which requests carry the token, and what a 401
// means for each; only GET /api/user decides a token's fate.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { isSessionCheck, tokenToSend, unauthorizedMeaning } from '../ui/assets/session-rule.js';

test('GET /api/user is the session check; nothing else is', () => {
  assert.equal(isSessionCheck('GET', '/user'), true);
  for (const [method, path] of [['PUT', '/user'], ['GET', '/users'], ['POST', '/users/login'], ['GET', '/user/x'], ['GET', '/profiles/user']]) {
    assert.equal(isSessionCheck(method, path), false, `${method} ${path}`);
  }
});

test('a confirmed session sends its token everywhere', () => {
  assert.equal(tokenToSend({ method: 'POST', path: '/articles', authState: 'authenticated', storedToken: 't' }), 't');
  assert.equal(tokenToSend({ method: 'GET', path: '/tags', authState: 'authenticated', storedToken: 't' }), 't');
});

for (const authState of ['loading', 'unavailable', 'unauthenticated']) {
  test(`while ${authState}, only GET /api/user carries the kept token`, () => {
    assert.equal(tokenToSend({ method: 'GET', path: '/user', authState, storedToken: 't' }), 't');
    assert.equal(tokenToSend({ method: 'GET', path: '/articles', authState, storedToken: 't' }), null);
    assert.equal(tokenToSend({ method: 'POST', path: '/articles', authState, storedToken: 't' }), null);
  });
}

test('no stored token, no token sent', () => {
  assert.equal(tokenToSend({ method: 'GET', path: '/user', authState: 'authenticated', storedToken: null }), null);
});

test('a 401 without a token is an answer (a wrong password), not a lost session', () => {
  assert.equal(unauthorizedMeaning({ method: 'POST', path: '/users/login', sentToken: null }), 'answer');
  assert.equal(unauthorizedMeaning({ method: 'GET', path: '/articles', sentToken: null, optionalAuth: true }), 'answer');
});

test('a 401 to GET /api/user is for the session to decide', () => {
  assert.equal(unauthorizedMeaning({ method: 'GET', path: '/user', sentToken: 't' }), 'decides');
});

test('a 401 to a public read is read again without the token', () => {
  assert.equal(unauthorizedMeaning({ method: 'GET', path: '/articles', sentToken: 't', optionalAuth: true }), 'read-anonymous');
});

test('a 401 to a write or a private read only raises a doubt for GET /api/user to settle', () => {
  for (const [method, path] of [['PUT', '/user'], ['POST', '/articles'], ['DELETE', '/articles/a/comments/1'], ['POST', '/profiles/ada/follow'], ['GET', '/articles/feed']]) {
    assert.equal(unauthorizedMeaning({ method, path, sentToken: 't' }), 'session-doubt', `${method} ${path}`);
  }
});
