// The router's decisions (ui/assets/route-match.js) and the way back after signing in
// (ui/assets/redirect.js).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { compileRoutes, handledInApp, matchRoute, needsUser, pageAccess } from '../ui/assets/route-match.js';
import { safeReturnPath, signInHref } from '../ui/assets/redirect.js';

const home = () => 'home';
const article = () => 'article';
const favorites = () => 'favorites';
const settings = () => 'settings';
const table = compileRoutes([
  { path: '/', page: home, needsUser: (query) => query.get('feed') === 'following' },
  { path: '/article/:slug', page: article },
  { path: '/profile/:username/favorites', page: favorites },
  { path: '/settings', page: settings, needsUser: () => true },
]);

test('an address matches its route, with its parameters decoded', () => {
  assert.equal(matchRoute(table, '/').route.page, home);
  assert.deepEqual(matchRoute(table, '/article/caf%C3%A9%20au%20lait').params, { slug: 'café au lait' });
  assert.deepEqual(matchRoute(table, '/profile/ada/favorites/').params, { username: 'ada' });
});

test('an unknown address, a longer one or a malformed escape matches nothing', () => {
  assert.equal(matchRoute(table, '/nope'), null);
  assert.equal(matchRoute(table, '/article/a/b'), null);
  assert.equal(matchRoute(table, '/article/%E0%A4%A'), null);
});

test('only pages that need sign-in need a user', () => {
  const query = (text) => new URLSearchParams(text);
  assert.equal(needsUser(matchRoute(table, '/settings').route, query('')), true);
  assert.equal(needsUser(matchRoute(table, '/').route, query('feed=following')), true);
  assert.equal(needsUser(matchRoute(table, '/').route, query('page=2')), false);
  assert.equal(needsUser(matchRoute(table, '/article/a').route, query('')), false);
  assert.equal(needsUser(null, query('')), false, 'the not-found view is public');
});

test('a public page is shown whatever the session', () => {
  for (const state of ['authenticated', 'unauthenticated', 'unavailable', 'loading']) {
    assert.equal(pageAccess(false, state), 'page');
  }
});

test('a page that needs sign-in sends a visitor to sign in, and waits for an unavailable server', () => {
  assert.equal(pageAccess(true, 'authenticated'), 'page');
  assert.equal(pageAccess(true, 'unauthenticated'), 'sign-in');
  assert.equal(pageAccess(true, 'unavailable'), 'unavailable');
});

test('links to pages of the app switch in place; the API, files and other sites load normally', () => {
  const origin = 'http://conduit.test';
  assert.equal(handledInApp(new URL('http://conduit.test/article/a'), origin), true);
  assert.equal(handledInApp(new URL('http://conduit.test/api/articles'), origin), false);
  assert.equal(handledInApp(new URL('http://conduit.test/assets/style.css'), origin), false);
  assert.equal(handledInApp(new URL('http://elsewhere.test/article/a'), origin), false);
});

test('sign-in links carry where to come back to', () => {
  assert.equal(signInHref('/article/how-to-test'), '/login?redirect=/article/how-to-test');
  assert.equal(signInHref('/article/how-to-test', '/register'), '/register?redirect=/article/how-to-test');
  assert.equal(signInHref('/?feed=following&page=2'), '/login?redirect=/%3Ffeed%3Dfollowing%26page%3D2');
  const back = new URLSearchParams(signInHref('/?feed=following&page=2').split('?')[1]).get('redirect');
  assert.equal(back, '/?feed=following&page=2');
  assert.equal(signInHref(null), '/login');
});

test('the way back after sign-in is followed only to a page of this app (no open redirect)', () => {
  assert.equal(safeReturnPath('/article/how-to-test'), '/article/how-to-test');
  assert.equal(safeReturnPath('/?feed=following'), '/?feed=following');
  for (const hostile of [
    'https://evil.example/',
    '//evil.example/path',
    '/\\evil.example',
    '/\t/evil.example',
    'javascript:alert(1)',
    'article/relative',
    '',
    null,
    '/login?redirect=/login',
    '/api/user',
  ]) {
    assert.equal(safeReturnPath(hostile), null, JSON.stringify(hostile));
  }
});
