// One door to the JSON API: adds the token, unwraps JSON, and turns every failure into an
// ApiError carrying the RealWorld error map, so pages have a single shape to display.
import { readToken } from '../token-store.js';

/** A failed call; `errors` is `{ field: [message, …] }` as the API sends it. */
export class ApiError extends Error {
  constructor(status, errors) {
    super(`API answered ${status}`);
    this.status = status;
    this.errors = errors;
  }
}

let unauthorizedHandler = () => {};

/** Called when the API rejects the token we sent (expired, revoked, user gone). */
export function onUnauthorized(handler) {
  unauthorizedHandler = handler;
}

/**
 * request('GET', '/user') resolves to the parsed body (null for 204) or rejects with ApiError.
 * When `signal` aborts (the page that asked has been left), the promise never settles: nothing
 * should run on behalf of a page that is gone, and this spares every caller an abort check.
 */
export async function request(method, path, { body, signal } = {}) {
  const token = readToken();
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json; charset=utf-8';
  if (token) headers.Authorization = `Token ${token}`;

  let response;
  let payload;
  try {
    response = await fetch(`/api${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
    payload = response.status === 204 ? null : await response.json().catch(() => null);
  } catch {
    if (signal?.aborted) return abandoned();
    throw new ApiError(0, { server: ['cannot be reached'] });
  }
  if (signal?.aborted) return abandoned();
  if (response.ok) return payload;

  // A 401 to an anonymous request is an answer (e.g. wrong password), not a lost session.
  if (response.status === 401 && token) unauthorizedHandler();
  throw new ApiError(response.status, payload?.errors ?? { server: [`answered ${response.status}`] });
}

function abandoned() {
  return new Promise(() => {});
}
