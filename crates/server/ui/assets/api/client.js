// One door to the JSON API: adds the token, unwraps JSON, gives up on a silent server, and turns
// every failure into an ApiError (api/errors.js). Built by createClient with what it needs from
// the browser (fetch, the token, timers) passed in, so that node --test can drive it.
import { networkError, readAnswer, timeoutError } from './errors.js';

/** A request nobody waits for any more: the page that asked has been left. */
const ABANDONED = Symbol('abandoned');

/**
 * `fetch(url, init)`; `readToken()` gives the stored JWT or null; `onUnauthorized()` runs when
 * the API refuses a token we sent; `timers` holds setTimeout and clearTimeout.
 */
export function createClient({ fetch, readToken, onUnauthorized = () => {}, timers, timeoutMs = 10_000 }) {
  /**
   * request('GET', '/user') resolves to the parsed body (null for 204) or rejects with ApiError.
   * `optionalAuth` marks a public read: refused because of a stale token, it is asked again
   * without one, so the reader still gets the page. When `signal` aborts, the promise never
   * settles: nothing should run on behalf of a page that is gone.
   */
  return async function request(method, path, { body, signal, optionalAuth = false } = {}) {
    const token = readToken();
    let answer;
    try {
      answer = await attempt(method, path, body, token, signal);
    } catch (error) {
      // A 401 to an anonymous request is an answer (e.g. wrong password), not a lost session.
      if (error.status !== 401 || !token) throw error;
      onUnauthorized();
      if (!optionalAuth) throw error;
      answer = await attempt(method, path, body, null, signal);
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
      throw timedOut ? timeoutError() : networkError(error);
    } finally {
      timers.clearTimeout(timer);
      signal?.removeEventListener('abort', abort);
    }
    if (signal?.aborted) return ABANDONED;
    return readAnswer(status, text);
  }
}
