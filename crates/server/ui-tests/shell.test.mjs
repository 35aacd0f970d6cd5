// The app shell the service worker keeps (ui/assets/shell.js) is every file the UI is made of.
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { test } from 'node:test';

import { SHELL_FILES, SHELL_PAGE } from '../ui/assets/shell.js';

const assets = new URL('../ui/assets/', import.meta.url);

test('the shell lists every file under /assets, once, and nothing else', () => {
  const onDisk = readdirSync(assets, { recursive: true })
    .filter((path) => statSync(new URL(path, assets)).isFile())
    .map((path) => `/assets/${path}`)
    .sort();
  assert.deepEqual([...SHELL_FILES].sort(), onDisk);
  assert.equal(new Set(SHELL_FILES).size, SHELL_FILES.length);
});

test('the shell page is the one every UI path is answered with', () => {
  assert.equal(SHELL_PAGE, '/');
});
