// Who is signed in, as a small state machine with its surroundings passed in (the token store,
// the call to GET /api/user, timers), so that node --test can drive every transition.
//
//   'loading'         the stored token is being checked at start-up
//   'authenticated'   the API confirmed the token; currentUser() is that user
//   'unauthenticated' no token, or the API refused it (a 4xx answer): the token is cleared
//   'unavailable'     a token is stored but the server did not confirm it (5xx, no answer, an
//                     unreadable answer): the token is kept and the check is tried again with
//                     back-off, so the user is signed in as soon as the server answers
//
// Only GET /api/user moves a session to 'unauthenticated' against the user's will (session-rule.js):
// at start-up, on renewal, and on `recheck()` after a write met a 401. `endReason()` is then
// 'expired', so that the page can say why the user was signed out.
import { createRetry } from './backoff.js';

/** The back-off of the start-up check: the first retry within a second, then up to 30 s apart. */
export const RECHECK = { firstMs: 1_000, maxMs: 30_000 };

/**
 * What the answer to GET /api/user means for a stored token: `{ kind: 'user', user }`,
 * `{ kind: 'refused' }` (4xx: the token is no good) or `{ kind: 'unreachable' }` (anything
 * else, including a 200 whose body is not a user: the token may still be good).
 */
export function startupOutcome({ body, error }) {
  if (error) {
    const status = error.status;
    return Number.isInteger(status) && status >= 400 && status < 500 ? { kind: 'refused' } : { kind: 'unreachable' };
  }
  return isUser(body?.user) ? { kind: 'user', user: body.user } : { kind: 'unreachable' };
}

/** Asks GET /api/user (`fetchCurrentUser()`) and says what its answer, or its failure, means. */
export async function askAboutToken(fetchCurrentUser) {
  try {
    return startupOutcome({ body: await fetchCurrentUser() });
  } catch (error) {
    return startupOutcome({ error });
  }
}

function isUser(user) {
  return (
    user !== null &&
    typeof user === 'object' &&
    typeof user.username === 'string' &&
    typeof user.email === 'string' &&
    typeof user.token === 'string' &&
    user.token !== ''
  );
}

/**
 * `tokens` is { read, write, clear }; `fetchCurrentUser()` resolves to the body of GET /api/user
 * or rejects with an ApiError; `timers` holds setTimeout and clearTimeout.
 */
export function createSession({ tokens, fetchCurrentUser, timers, random = Math.random, recheck = RECHECK }) {
  let state = 'loading';
  let user = null;
  const retry = createRetry({ attempt: check, timers, backoff: recheck, random });
  let endReason = null;
  let rechecking = null;
  const listeners = new Set();

  const session = {
    authState: () => state,
    currentUser: () => user,
    isSignedIn: () => state === 'authenticated',
    /** 'expired' when the server refused the token of this session; null otherwise. */
    endReason: () => endReason,

    /** `listener()` runs after every change of state or user. */
    onSessionChange(listener) {
      listeners.add(listener);
    },

    /** Checks the stored token once at start-up (and again, with back-off, while unavailable). */
    async restoreSession() {
      if (!tokens.read()) return update('unauthenticated', null);
      await check();
    },

    /** The "retry" of the connecting notice: checks now instead of at the next scheduled time. */
    async retryNow() {
      if (state === 'unavailable') await check();
    },

    /**
     * A write met a 401: GET /api/user settles whether the session has ended (a 4xx) or the 401
     * meant something else (the user stays). Concurrent calls share one request.
     */
    recheck() {
      if (state !== 'authenticated') return Promise.resolve();
      rechecking ??= confirm().finally(() => (rechecking = null));
      return rechecking;
    },

    /** Takes the user object of register, login, GET or PUT /user, which carries a fresh token. */
    signIn(signedInUser) {
      settled();
      endReason = null;
      tokens.write(signedInUser.token);
      update('authenticated', signedInUser);
    },

    /** `reason` is 'expired' when the server refused the token, nothing when the user chose to. */
    signOut(reason = null) {
      settled();
      endReason = reason;
      tokens.clear();
      update('unauthenticated', null);
    },
  };
  return session;

  async function check() {
    retry.stop();
    const token = tokens.read();
    const outcome = await askAboutToken(fetchCurrentUser);
    // Signed in or out some other way while asking: that answer is about an old token.
    if (tokens.read() !== token) return;
    if (outcome.kind === 'user') {
      session.signIn(outcome.user);
    } else if (outcome.kind === 'refused') {
      session.signOut('expired');
    } else {
      update('unavailable', null);
      retry.later();
    }
  }

  /** The re-check of a confirmed session: an outage changes nothing, a refusal ends it. */
  async function confirm() {
    const token = tokens.read();
    const outcome = await askAboutToken(fetchCurrentUser);
    if (tokens.read() !== token || state !== 'authenticated') return;
    if (outcome.kind === 'user') session.signIn(outcome.user);
    else if (outcome.kind === 'refused') session.signOut('expired');
  }

  /** Signed in or out for good: a later outage starts its back-off from the beginning. */
  function settled() {
    retry.reset();
  }

  function update(nextState, nextUser) {
    state = nextState;
    user = nextUser;
    for (const listener of listeners) listener();
  }
}
