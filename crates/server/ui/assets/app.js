// Entry point: check the stored session, then route. Loaded as a module, so the DOM is parsed.
import { onUnauthorized } from './api/client.js';
import { navigate, onNavigate, startRouter } from './router.js';
import { routes } from './routes.js';
import { notFoundPage } from './pages/not-found.js';
import { renderNavbar } from './navbar.js';
import { authState, currentUser, onSessionChange, restoreSession, signOut } from './session.js';
import { readToken } from './token-store.js';

const navLinks = document.getElementById('nav-links');
const redrawNavbar = () => renderNavbar(navLinks, location.pathname);
onSessionChange(redrawNavbar);
onNavigate(redrawNavbar);

// The API refused our token: the session is over, whatever page asked.
onUnauthorized(() => {
  signOut();
  navigate('/login', { replace: true });
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

redrawNavbar();
await restoreSession();
startRouter(routes, notFoundPage, document.getElementById('page'));
