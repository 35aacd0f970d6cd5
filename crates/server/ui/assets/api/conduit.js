// The Conduit API surface (see realworld-api.md), one function per endpoint, over the browser's
// fetch and the stored token.
import { createClient } from './client.js';
import { browserTimers } from '../browser-timers.js';
import { readToken } from '../token-store.js';

/** The session this client serves (session.js hands it over; it imports this module). */
let session = { authState: () => 'loading', recheck: () => {} };
let unreachableHandler = () => {};

/** `authState()` says which requests carry the token; `recheck()` runs when a write met a 401. */
export function serveSession(served) {
  session = served;
}

/** `handler()` runs whenever a request gets no answer from the server. */
export function onUnreachable(handler) {
  unreachableHandler = handler;
}

const request = createClient({
  fetch: (url, init) => fetch(url, init),
  readToken,
  authState: () => session.authState(),
  onSessionDoubt: () => session.recheck(),
  onUnreachable: () => unreachableHandler(),
  timers: browserTimers,
});

/** A read anyone may make; with a token the API adds what that user sees (following, favorited). */
const publicRead = (path, options) => request('GET', path, { ...options, optionalAuth: true });

const segment = encodeURIComponent;

function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

// Accounts
export const register = (user) => request('POST', '/users', { body: { user } });
export const login = (user) => request('POST', '/users/login', { body: { user } });
export const currentUser = (options) => request('GET', '/user', options);
export const updateUser = (user) => request('PUT', '/user', { body: { user } });
/** Ends the server-side session of `token` (the one being given up). */
export const logout = (token) => request('POST', '/users/logout', { token });

// Profiles
export const profile = (username, options) => publicRead(`/profiles/${segment(username)}`, options);
export const follow = (username) => request('POST', `/profiles/${segment(username)}/follow`);
export const unfollow = (username) => request('DELETE', `/profiles/${segment(username)}/follow`);

// Articles: `filters` holds tag, author, favorited, limit and offset.
export const articles = (filters, options) => publicRead(`/articles${query(filters)}`, options);
export const feed = (filters, options) => request('GET', `/articles/feed${query(filters)}`, options);
export const article = (slug, options) => publicRead(`/articles/${segment(slug)}`, options);
export const createArticle = (article) => request('POST', '/articles', { body: { article } });
export const updateArticle = (slug, article) =>
  request('PUT', `/articles/${segment(slug)}`, { body: { article } });
export const deleteArticle = (slug) => request('DELETE', `/articles/${segment(slug)}`);
export const favorite = (slug) => request('POST', `/articles/${segment(slug)}/favorite`);
export const unfavorite = (slug) => request('DELETE', `/articles/${segment(slug)}/favorite`);

// Comments
export const comments = (slug, options) => publicRead(`/articles/${segment(slug)}/comments`, options);
export const addComment = (slug, comment) =>
  request('POST', `/articles/${segment(slug)}/comments`, { body: { comment } });
export const deleteComment = (slug, id) =>
  request('DELETE', `/articles/${segment(slug)}/comments/${segment(id)}`);

// Tags
export const tags = (options) => publicRead('/tags', options);
