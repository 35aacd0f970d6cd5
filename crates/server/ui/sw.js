// The service worker (realworld-ui.md, "A reload during an outage" and "Light pages"): it keeps
// the app shell, so that a reload while the server is down still shows the app (which then says
// "Connecting" and waits for the server), and a repeat visit costs no request for it at all.
//
// The server writes the version of the UI it embeds into this file (ui.rs), so a new UI is a new
// worker: it fetches the whole shell afresh, takes over, and drops the old copy. The API is
// never touched: its answers are the server's alone.
import { SHELL_FILES, SHELL_PAGE } from './assets/shell.js';

const VERSION = '__SHELL_VERSION__';
const CACHE = `conduit-shell-${VERSION}`;

self.addEventListener('install', (event) => {
  // Revalidated, not taken from the HTTP cache unchecked: the copy kept is this version's.
  const shell = [SHELL_PAGE, ...SHELL_FILES].map((url) => new Request(url, { cache: 'no-cache' }));
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(shell))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(keptFirst(request, url.pathname));
  } else if (request.mode === 'navigate') {
    // Every page of the app is the same shell; its router draws the page from the address.
    event.respondWith(keptFirst(request, SHELL_PAGE));
  }
});

/** The copy kept under `key` for this version, or the server's answer (kept if it is good). */
async function keptFirst(request, key) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(key);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok && keepable(response, key)) await cache.put(key, response.clone());
  return response;
}

/** Only the HTML shell is kept as the shell (not a file a visitor opened as a page). */
function keepable(response, key) {
  return key !== SHELL_PAGE || (response.headers.get('content-type') ?? '').startsWith('text/html');
}
