// Page titles (ui/assets/title.js): every page names itself, then the app.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { titleFor } from '../ui/assets/title.js';

test('a page is named first, then the app', () => {
  assert.equal(titleFor('Sign in'), 'Sign in — Conduit');
  assert.equal(titleFor('How to test a web service'), 'How to test a web service — Conduit');
  assert.equal(titleFor('  ada  '), 'ada — Conduit');
});

test('a page without a name is the app alone', () => {
  for (const nothing of [undefined, null, '', '   ', 42]) assert.equal(titleFor(nothing), 'Conduit');
});
