// Who may see a page (route-match.js decides): a visitor is sent to exactly /login, and the way
// back waits in this tab's storage until they have signed in.
import { navigate } from './router.js';
import { pageAccess } from './route-match.js';
import { rememberReturn } from './redirect.js';
import { authState } from './session.js';
import { tabStorage } from './tab-storage.js';
import { serverUnavailablePage } from './pages/unavailable.js';

/** The router's guard: the page itself, the "cannot be reached" view, or a trip to /login. */
export function guardPage(page, { needsUser, url }) {
  switch (pageAccess(needsUser, authState())) {
    case 'page':
      return page;
    case 'unavailable':
      return serverUnavailablePage;
    default:
      rememberReturn(tabStorage, url.pathname + url.search);
      navigate('/login', { replace: true });
      return null;
  }
}
