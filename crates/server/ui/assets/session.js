// The session of this page: the state machine of session-machine.js over localStorage, the API
// and the browser's timers. Pages import what they need from here.
import * as api from './api/conduit.js';
import { browserTimers } from './browser-timers.js';
import { createRenewal } from './renewal.js';
import { createSession } from './session-machine.js';
import { clearToken, readToken, writeToken } from './token-store.js';

const session = createSession({
  tokens: { read: readToken, write: writeToken, clear: clearToken },
  fetchCurrentUser: () => api.currentUser(),
  timers: browserTimers,
});

export const { authState, currentUser, endReason, isSignedIn, onSessionChange, restoreSession, retryNow, signIn, signOut } = session;
api.serveSession(session);

const renewal = createRenewal({
  readToken: () => (session.isSignedIn() ? readToken() : null),
  fetchCurrentUser: () => api.currentUser(),
  signIn: session.signIn,
  signOut: session.signOut,
  now: () => Date.now(),
});

/** The user did something: the token is renewed silently when it is due (renewal.js). */
export const noteActivity = () => renewal.noteActivity();
