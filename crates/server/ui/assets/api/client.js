// One door to the JSON API: adds the token, unwraps JSON, gives up on a silent server, and turns
// every failure into an ApiError (api/errors.js). Built by createClient with what it needs from
// the browser (fetch, the token, timers) passed in, so that node --test can drive it.
import { networkError, readAnswer, sessionEndedError, timeoutError } from './errors.js';
import { tokenToSend, unauthorizedMeaning } from '../session-rule.js';

/** A request nobody waits for any more: the page that asked has been left. */
const ABANDONED = Symbol('abandoned');

/**
 * `fetch(url, init)`; `readToken()` gives the stored JWT or null; `authState()` the session's
 * state (session-rule.js decides which requests carry the token); `onSessionDoubt()` runs when
 * a write meets a 401, so that GET /api/user can settle whether the session has ended;
 * `onUnreachable()` when no answer came (recovery.js then waits for the server); `timers` holds
 * setTimeout and clearTimeout.
 */
export function createClient({
  fetch,
  readToken,
  authState = () => 'authenticated',
  onSessionDoubt = () => {},
  onUnreachable = () => {},
  timers,
  timeoutMs = 10_000,
}) {
  /**
   * request('GET', '/user') resolves to the parsed body (null for 204) or rejects with ApiError.
   * `optionalAuth` marks a public read: refused because of a stale token, it is asked again
   * without one, so the reader still gets the page. `token` sends that token whatever the
   * session's state (signing out sends the token being given up). When `signal` aborts, the
   * promise never settles: nothing should run on behalf of a page that is gone.
   */
  return async function request(method, path, { body, signal, optionalAuth = false, token: given } = {}) {
    const token = given ?? tokenToSend({ method, path, authState: authState(), storedToken: readToken() });
    let answer;
    try {
      answer = await attempt(method, path, body, token, signal);
    } catch (error) {
      if (error.status !== 401) throw error;
      switch (unauthorizedMeaning({ method, path, sentToken: token, optionalAuth })) {
        case 'read-anonymous':
          answer = await attempt(method, path, body, null, signal);
          break;
        case 'session-doubt':
          onSessionDoubt();
          throw sessionEndedError(error);
        default:
          throw error;
      }
    }
    return answer === ABANDONED ? new Promise(() => {}) : answer;
  };

  async function attempt(method, path, body, token, signal) {
    if (signal?.aborted) return ABANDONED;
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json; charset=utf-8';
    if (token) headers.Authorization = `Token ${token}`;

    const controller = new AbortController();
    const abort = () => controller.abort();
    signal?.addEventListener('abort', abort);
    let timedOut = false;
    const timer = timers.setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    let status;
    let text;
    try {
      const response = await fetch(`/api${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: controller.signal,
      });
      status = response.status;
      text = status === 204 ? '' : await response.text();
    } catch (error) {
      if (signal?.aborted) return ABANDONED;
      onUnreachable();
      throw timedOut ? timeoutError() : networkError(error);
    } finally {
      timers.clearTimeout(timer);
      signal?.removeEventListener('abort', abort);
    }
    if (signal?.aborted) return ABANDONED;
    return readAnswer(status, text);
  }
}
