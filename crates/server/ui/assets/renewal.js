// Silent renewal of the token while the user is active. Tokens live a day (JWT_TTL_SECS); GET
// /api/user answers with a fresh one. The check runs only when the user does something (a click,
// a key, a navigation), never on a timer: someone who keeps using the app is renewed in time and
// never signed out, and an idle one, back after the token's lifetime, is checked at once: the
// server's refusal signs them out with a word, instead of leaving a dead session on show.
import { askAboutToken } from './session-machine.js';

/** Renew past half the token's lifetime; after a failed attempt, not again within a minute. */
export const RENEWAL = { afterFraction: 0.5, retryAfterMs: 60_000 };

/** `{ issuedAtMs, expiresAtMs }` from the token's payload (unverified: only the server can), or null. */
export function tokenLifetime(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(atob(payload.padEnd(Math.ceil(payload.length / 4) * 4, '=')));
    const { iat, exp } = claims;
    if (!Number.isFinite(iat) || !Number.isFinite(exp) || exp <= iat) return null;
    return { issuedAtMs: iat * 1000, expiresAtMs: exp * 1000 };
  } catch {
    return null;
  }
}

/**
 * Whether to renew `token` at `now` (ms), the user being active now: it is past the fraction of
 * its lifetime (or expired: GET /api/user then decides its fate), and no attempt was made within
 * `retryAfterMs`.
 */
export function renewalDue({ token, now, lastAttemptAt = null }, policy = RENEWAL) {
  const lifetime = token ? tokenLifetime(token) : null;
  if (!lifetime) return false;
  const { issuedAtMs, expiresAtMs } = lifetime;
  const dueAt = issuedAtMs + (expiresAtMs - issuedAtMs) * policy.afterFraction;
  const recentlyTried = lastAttemptAt !== null && now - lastAttemptAt < policy.retryAfterMs;
  return now >= dueAt && !recentlyTried;
}

/**
 * The renewal with its surroundings passed in: `readToken()`, `fetchCurrentUser()` (the body of
 * GET /api/user), `signIn(user)` to keep the fresh token, `signOut(reason)` for a refused one,
 * and `now()` in ms.
 */
export function createRenewal({ readToken, fetchCurrentUser, signIn, signOut, now, policy = RENEWAL }) {
  let lastAttemptAt = null;
  let renewing = false;
  return {
    /** The user did something: renews the token if it is due. Resolves when that is done. */
    async noteActivity() {
      const at = now();
      const token = readToken();
      if (renewing || !renewalDue({ token, now: at, lastAttemptAt }, policy)) return;
      renewing = true;
      lastAttemptAt = at;
      // An outage is tried again at a later activity.
      const outcome = await askAboutToken(fetchCurrentUser);
      renewing = false;
      // Signed in or out some other way meanwhile: this answer is about an old token.
      if (readToken() !== token) return;
      if (outcome.kind === 'user') signIn(outcome.user);
      else if (outcome.kind === 'refused') signOut('expired');
    },
  };
}
