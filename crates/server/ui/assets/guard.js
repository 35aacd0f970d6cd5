import { navigate } from './router.js';
import { authState, isSignedIn } from './session.js';
import { serverUnavailablePage } from './pages/unavailable.js';

/** Wraps a page that needs a signed-in user: visitors are sent to /login instead. */
export function signedInOnly(page) {
  return (visit) => {
    if (isSignedIn()) return page(visit);
    // With a stored but unchecked token, /login would be the wrong advice.
    if (authState() === 'unavailable') return serverUnavailablePage(visit);
    navigate('/login', { replace: true });
  };
}
