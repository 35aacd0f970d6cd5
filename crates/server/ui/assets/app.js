// Entry point: check the stored session, then route. Loaded as a module, so the DOM is parsed.
import { connectionNotice } from './components/connection-notice.js';
import { sessionEndedNotice } from './components/session-ended-notice.js';
import { fill } from './dom.js';
import { guardPage } from './guard.js';
import { onNavigate, refresh, startRouter } from './router.js';
import { routes } from './routes.js';
import { notFoundPage } from './pages/not-found.js';
import { renderNavbar } from './navbar.js';
import { authState, currentUser, endReason, noteActivity, onSessionChange, restoreSession, retryNow } from './session.js';
import { readToken } from './token-store.js';

const navLinks = document.getElementById('nav-links');
const redrawNavbar = () => renderNavbar(navLinks, location.pathname);
onSessionChange(redrawNavbar);
onNavigate(redrawNavbar);

// Under the navbar, one notice at a time, in the page only while it is shown: "Connecting…"
// while a kept token waits for the server, or why the server's refusal signed the user out.
const noticeSlot = document.createElement('div');
document.querySelector('nav.navbar').after(noticeSlot);
let dismissed = false;
function drawNotice() {
  if (authState() === 'unavailable') return fill(noticeSlot, connectionNotice({ onRetry: retryNow }));
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

redrawNavbar();
await restoreSession();
startRouter(routes, notFoundPage, document.getElementById('page'), guardPage);
