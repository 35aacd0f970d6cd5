// Entry point: check the stored session, then route. Loaded as a module, so the DOM is parsed.
import { onUnauthorized } from './api/conduit.js';
import { connectionNotice } from './components/connection-notice.js';
import { fill } from './dom.js';
import { guardPage } from './guard.js';
import { currentPageNeedsUser, navigate, onNavigate, refresh, startRouter } from './router.js';
import { routes } from './routes.js';
import { notFoundPage } from './pages/not-found.js';
import { renderNavbar } from './navbar.js';
import { signInHref } from './redirect.js';
import { authState, currentUser, noteActivity, onSessionChange, restoreSession, retryNow, signOut } from './session.js';
import { readToken } from './token-store.js';

const navLinks = document.getElementById('nav-links');
const redrawNavbar = () => renderNavbar(navLinks, location.pathname);
onSessionChange(redrawNavbar);
onNavigate(redrawNavbar);

// "Connecting…" while a kept token waits for the server; in the page only while it is shown.
const noticeSlot = document.createElement('div');
document.querySelector('nav.navbar').after(noticeSlot);
let shownState = authState();
onSessionChange(() => {
  const previous = shownState;
  shownState = authState();
  fill(noticeSlot, shownState === 'unavailable' && connectionNotice({ onRetry: retryNow }));
  // The server is back: draw the page again for the user it has now confirmed (or refused).
  if (previous === 'unavailable' && shownState !== 'unavailable') refresh();
});

// The API refused our token: the session is over, but a reader on a public page stays there
// (its reads are asked again without the token); only a page that needs a user sends them to
// sign in, with the way back.
onUnauthorized(() => {
  signOut();
  if (currentPageNeedsUser()) navigate(signInHref(location.pathname + location.search), { replace: true });
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
