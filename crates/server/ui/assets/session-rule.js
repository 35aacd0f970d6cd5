// The session rule (realworld-ui.md, "Client state"): only GET /api/user decides what becomes of
// a token. Every other request either carries the token or not, and a 401 to it never signs
// anyone out by itself. Pure decisions, so that node --test can state the rule case by case.

/** Whether `method path` (relative to /api) is the one request that decides a token's fate. */
export function isSessionCheck(method, path) {
  return method === 'GET' && (path === '/user' || path.startsWith('/user?'));
}

/**
 * The token a request carries: the session check asks about the stored token; anything else
 * carries it only once the server has confirmed it (while the state is `loading` or
 * `unavailable` the token is kept, not used).
 */
export function tokenToSend({ method, path, authState, storedToken }) {
  if (!storedToken) return null;
  if (isSessionCheck(method, path)) return storedToken;
  return authState === 'authenticated' ? storedToken : null;
}

/**
 * What a 401 answer means for the request that met it:
 *   'answer'         no token was sent: the 401 is the answer (a wrong password)
 *   'decides'        the session check: the session machine decides what it means
 *   'read-anonymous' a public read: ask again without the token; the session stays
 *   'session-doubt'  a write or a private read: keep the form, tell the user the session has
 *                    ended, and have the session checked (GET /api/user) in the background
 */
export function unauthorizedMeaning({ method, path, sentToken, optionalAuth = false }) {
  if (!sentToken) return 'answer';
  if (isSessionCheck(method, path)) return 'decides';
  return optionalAuth ? 'read-anonymous' : 'session-doubt';
}
