// Entry point: check the stored session, then route. Loaded as a module, so the DOM is parsed.
import { onUnreachable } from './api/conduit.js';
import { browserTimers } from './browser-timers.js';
import { connectionNotice } from './components/connection-notice.js';
import { sessionEndedNotice } from './components/session-ended-notice.js';
import { fill } from './dom.js';
import { guardPage } from './guard.js';
import { onNavigate, refresh, startRouter } from './router.js';
import { routes } from './routes.js';
import { notFoundPage } from './pages/not-found.js';
import { createRecovery } from './recovery.js';
import { renderNavbar } from './navbar.js';
import { authState, currentUser, endReason, noteActivity, onSessionChange, restoreSession, retryNow } from './session.js';
import { readToken } from './token-store.js';

const navLinks = document.getElementById('nav-links');
const redrawNavbar = () => renderNavbar(navLinks, location.pathname);
onSessionChange(redrawNavbar);
onNavigate(redrawNavbar);

// The server could not be reached: wait for it, then draw the page again without a reload.
const recovery = createRecovery({
  probe: async () => (await fetch('/api/health', { cache: 'no-store' })).ok,
  // A kept session's own check redraws the page once it is confirmed (below); otherwise redraw
  // now. Drafts are kept as they are typed, so a form drawn again loses nothing.
  onRecovered: () => (authState() === 'unavailable' ? retryNow() : refresh()),
  onChange: () => drawNotice(),
  timers: browserTimers,
});
onUnreachable(recovery.noteUnreachable);
const retryEverything = () => {
  retryNow();
  recovery.retryNow();
};
addEventListener('online', retryEverything);

// Under the navbar, one notice at a time, in the page only while it is shown: "Connecting…"
// while the server cannot be reached (a kept token waits for it), or why the server's refusal
// signed the user out.
const noticeSlot = document.createElement('div');
document.querySelector('nav.navbar').after(noticeSlot);
let dismissed = false;
function drawNotice() {
  const sessionKept = authState() === 'unavailable';
  if (sessionKept || recovery.isWaiting()) return fill(noticeSlot, connectionNotice({ sessionKept, onRetry: retryEverything }));
  const ended = authState() === 'unauthenticated' && endReason() === 'expired' && !dismissed;
  fill(noticeSlot, ended && sessionEndedNotice({ onDismiss: () => ((dismissed = true), drawNotice()) }));
}

let shownState = authState();
onSessionChange(() => {
  const previous = shownState;
  shownState = authState();
  dismissed = false;
  drawNotice();
  // The server is back, or has refused the session: draw the page again for the user it has now
  // confirmed (or refused: a page that needs a user then sends them to /login, and back after).
  if (previous === 'unavailable' && shownState !== 'unavailable') refresh();
  else if (previous === 'authenticated' && endReason() === 'expired') refresh();
});

// For tests and curious developers; read-only views of the session.
window.__conduit_debug__ = Object.freeze({
  getToken: () => readToken(),
  getAuthState: () => authState(),
  getCurrentUser: () => {
    const user = currentUser();
    if (!user) return null;
    const { username, email, bio, image, token } = user;
    return { username, email, bio, image, token };
  },
});

// What counts as using the app, for the silent renewal of the token.
for (const type of ['pointerdown', 'keydown']) addEventListener(type, noteActivity, { capture: true, passive: true });
onNavigate(noteActivity);

// Keeps the app shell for a reload during an outage (sw.js). Without it the app still works.
navigator.serviceWorker?.register('/sw.js', { type: 'module' }).catch((error) => console.warn('no service worker', error));

redrawNavbar();
await restoreSession();
startRouter(routes, notFoundPage, document.getElementById('page'), guardPage);
