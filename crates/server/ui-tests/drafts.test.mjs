// Drafts outlive a lost session (ui/assets/drafts.js), and the way back after signing in waits in
// sessionStorage (ui/assets/redirect.js).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createDrafts } from '../ui/assets/drafts.js';
import { forgetReturn, rememberedReturn, rememberReturn } from '../ui/assets/redirect.js';
import { memoryStorage } from './fakes.mjs';

test('a kept draft is restored as it was typed, until it is forgotten', () => {
  const drafts = createDrafts(memoryStorage());
  const draft = { title: 'Half a thought', body: 'Line one\nline "two"', tagList: ['a', 'b'] };
  drafts.keep('editor:new', draft);
  assert.deepEqual(drafts.restore('editor:new'), draft);
  assert.equal(drafts.restore('editor:other'), null, 'each form has its own draft');
  drafts.forget('editor:new');
  assert.equal(drafts.restore('editor:new'), null);
});

test('an unreadable draft is no draft, and a blocked storage breaks nothing', () => {
  const storage = memoryStorage();
  const drafts = createDrafts(storage);
  for (const junk of ['{"title":', 'null', '[1]', '"text"']) {
    storage.items.set('conduit.draft.editor:new', junk);
    assert.equal(drafts.restore('editor:new'), null, junk);
  }
  const blocked = createDrafts(memoryStorage({ refusing: true }));
  blocked.keep('editor:new', { title: 'x' });
  assert.equal(blocked.restore('editor:new'), null);
  blocked.forget('editor:new');
});

test('the way back is remembered for a page of ours only, and forgotten once taken', () => {
  const storage = memoryStorage();
  assert.equal(rememberedReturn(storage), null);
  rememberReturn(storage, '/editor');
  assert.equal(rememberedReturn(storage), '/editor');
  rememberReturn(storage, '//evil.example/');
  assert.equal(rememberedReturn(storage), '/editor', 'an address elsewhere is never remembered');
  rememberReturn(storage, '/?feed=following');
  assert.equal(rememberedReturn(storage), '/?feed=following');
  forgetReturn(storage);
  assert.equal(rememberedReturn(storage), null);
});

test('a way back planted in storage by hand is still checked', () => {
  const storage = memoryStorage();
  storage.items.set('conduit.returnTo', 'https://evil.example/');
  assert.equal(rememberedReturn(storage), null);
  assert.equal(rememberedReturn(memoryStorage({ refusing: true })), null);
});
