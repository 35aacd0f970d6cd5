// Who may see a page (route-match.js decides): a visitor is sent to sign in, with the way back.
import { navigate } from './router.js';
import { pageAccess } from './route-match.js';
import { signInHref } from './redirect.js';
import { authState } from './session.js';
import { serverUnavailablePage } from './pages/unavailable.js';

/** The router's guard: the page itself, the "cannot be reached" view, or a trip to /login. */
export function guardPage(page, { needsUser, url }) {
  switch (pageAccess(needsUser, authState())) {
    case 'page':
      return page;
    case 'unavailable':
      return serverUnavailablePage;
    default:
      navigate(signInHref(url.pathname + url.search), { replace: true });
      return null;
  }
}
