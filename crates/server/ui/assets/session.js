// Who is signed in. The state is one of:
//   'loading'         the stored token is being checked with GET /api/user
//   'authenticated'   the API confirmed the token; currentUser() is that user
//   'unauthenticated' no token, or the API rejected it
//   'unavailable'     a token is stored but the API could not be asked; it is kept for later
import * as api from './api/conduit.js';
import { clearToken, readToken, writeToken } from './token-store.js';

let state = 'loading';
let user = null;
const listeners = new Set();

export const authState = () => state;
export const currentUser = () => user;
export const isSignedIn = () => state === 'authenticated';

/** `listener()` runs after every change of state or user. */
export function onSessionChange(listener) {
  listeners.add(listener);
}

function update(nextState, nextUser) {
  state = nextState;
  user = nextUser;
  for (const listener of listeners) listener();
}

/** Checks the stored token once at start-up. */
export async function restoreSession() {
  if (!readToken()) return update('unauthenticated', null);
  try {
    const { user: confirmed } = await api.currentUser();
    signIn(confirmed);
  } catch (error) {
    if (error.status === 401) signOut();
    else update('unavailable', null);
  }
}

/** Takes the user object of register, login, GET or PUT /user, which carries a fresh token. */
export function signIn(signedInUser) {
  writeToken(signedInUser.token);
  update('authenticated', signedInUser);
}

export function signOut() {
  clearToken();
  update('unauthenticated', null);
}
