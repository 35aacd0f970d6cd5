// Live updates over one WebSocket per page load (/api/ws, protocol `conduit.v1`).
//
// Pages say what they want to hear about, for as long as their visit lasts (the router's
// `signal`): watchArticle() for the comments of one article, watchFeed() for new articles by
// authors the signed-in user follows. This module opens the socket when somebody listens,
// subscribes again after every reconnect, waits longer after each failure (exponential back-off
// with jitter) and stops reconnecting, then closes, once nobody listens any more.
//
// Nothing here throws into a page. Without the socket every page still works over plain HTTP;
// it just misses what others do until it is reloaded (or the socket comes back).
import { readToken } from './token-store.js';
import { isSignedIn, onSessionChange } from './session.js';
import { retryDelay } from './backoff.js';

const PROTOCOL = 'conduit.v1';
const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 30_000;
/** A connection that lasted this long was a good one: the next failure starts the back-off anew. */
const STABLE_AFTER_MS = 10_000;
/** A socket nobody listens to stays open this long, so the next page can reuse it. */
const LINGER_MS = 10_000;
/** RFC 6455 "policy violation": the server's word for an expired, revoked or invalid token. */
const TOKEN_REFUSED = 1008;

/**
 * Each watcher: { article } or { feed: true }, plus optional handlers onStatus(state) with
 * state 'connecting' | 'live' | 'offline', onSubscribed(), onCommentAdded(comment),
 * onCommentDeleted(id), onArticlePublished(article).
 */
const watchers = new Set();
let socket = null;
let socketToken = null;
let openedAt = 0;
/** Set by the server's first message: from then on no event can be published past this socket. */
let ready = false;
let failures = 0;
let retryTimer = null;
let lingerTimer = null;
/** A token the server refused; not offered again, so the socket falls back to anonymous. */
let refusedToken = null;

/** Comments added to or deleted from `slug`; `onSubscribed` runs after every (re)subscription. */
export function watchArticle(slug, handlers, signal) {
  watch({ ...handlers, article: slug }, signal);
}

/** New articles by followed authors; only while signed in (the server tells followers only). */
export function watchFeed(handlers, signal) {
  watch({ ...handlers, feed: true }, signal);
}

// Signing in, out, or getting a fresh token changes who the socket should speak for.
onSessionChange(() => {
  if (socket && socketToken !== tokenToOffer()) {
    closeSocket();
    failures = 0;
    for (const watcher of watchers) report(watcher, 'connecting');
  }
  settle();
});

function watch(watcher, signal) {
  if (signal.aborted) return;
  watchers.add(watcher);
  signal.addEventListener('abort', () => unwatch(watcher), { once: true });
  if (socket?.readyState === WebSocket.OPEN) greet(watcher);
  else report(watcher, 'connecting');
  settle();
}

function unwatch(watcher) {
  watchers.delete(watcher);
  const slug = watcher.article;
  if (slug && ![...watchers].some((other) => other.article === slug)) {
    send({ type: 'unsubscribe', article: slug });
  }
  settle();
}

/** A feed watcher needs a user to speak for; an article watcher is served anonymously too. */
function isNeeded() {
  const token = tokenToOffer();
  return [...watchers].some((watcher) => watcher.article || (watcher.feed && token));
}

/** Connects when someone listens and no socket or retry is under way; winds down otherwise. */
function settle() {
  if (isNeeded()) {
    clearTimeout(lingerTimer);
    lingerTimer = null;
    if (!socket && !retryTimer) connect();
  } else {
    clearTimeout(retryTimer);
    retryTimer = null;
    if (socket && !lingerTimer) lingerTimer = setTimeout(closeSocket, LINGER_MS);
    for (const watcher of watchers) report(watcher, 'offline');
  }
}

function tokenToOffer() {
  const token = isSignedIn() ? readToken() : null;
  return token && token !== refusedToken ? token : null;
}

function connect() {
  const token = tokenToOffer();
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  let opened;
  try {
    opened = new WebSocket(`${scheme}//${location.host}/api/ws`, token ? [PROTOCOL, `bearer.${token}`] : [PROTOCOL]);
  } catch (error) {
    // Only a token that is not a valid subprotocol name gets here; go on without it.
    console.warn('live updates: cannot open the socket', error);
    if (token) refusedToken = token;
    return retryLater();
  }
  socket = opened;
  socketToken = token;
  ready = false;
  opened.addEventListener('open', () => {
    openedAt = Date.now();
    for (const watcher of watchers) greet(watcher);
  });
  opened.addEventListener('message', (event) => receive(event.data));
  // A refused handshake, a dropped network or a server restart all end here ('error' always
  // comes with a 'close').
  opened.addEventListener('close', (event) => {
    if (socket !== opened) return; // Closed on purpose; a newer socket (or none) took over.
    socket = null;
    ready = false;
    if (event.code === TOKEN_REFUSED && token) refusedToken = token;
    if (openedAt && Date.now() - openedAt >= STABLE_AFTER_MS) failures = 0;
    openedAt = 0;
    for (const watcher of watchers) report(watcher, 'offline');
    retryLater();
  });
}

function retryLater() {
  if (!isNeeded()) return;
  const delay = retryDelay(failures, { firstMs: FIRST_RETRY_MS, maxMs: MAX_RETRY_MS });
  failures += 1;
  retryTimer = setTimeout(() => {
    retryTimer = null;
    if (isNeeded()) connect();
  }, delay);
}

function closeSocket() {
  clearTimeout(lingerTimer);
  lingerTimer = null;
  const closing = socket;
  socket = null;
  openedAt = 0;
  ready = false;
  closing?.close(1000, 'no longer needed');
}

/** What a watcher asks of a socket that has just opened (or that it found open). */
function greet(watcher) {
  if (watcher.article) {
    report(watcher, 'connecting');
    send({ type: 'subscribe', article: watcher.article });
  } else if (socketToken && ready) {
    // A feed is live once the server says the socket is in its hub, not merely open.
    report(watcher, 'live');
  }
}

function send(message) {
  if (socket?.readyState !== WebSocket.OPEN) return;
  try {
    socket.send(JSON.stringify(message));
  } catch (error) {
    console.warn('live updates: cannot send', error);
  }
}

function receive(data) {
  let message;
  try {
    message = JSON.parse(data);
  } catch {
    return console.warn('live updates: not JSON', data);
  }
  const forArticle = (each) => {
    for (const watcher of watchers) if (watcher.article === message.article) each(watcher);
  };
  switch (message?.type) {
    case 'ready':
      ready = true;
      for (const watcher of watchers) if (watcher.feed) greet(watcher);
      break;
    case 'subscribed':
      forArticle((watcher) => {
        report(watcher, 'live');
        call(watcher, 'onSubscribed');
      });
      break;
    case 'comment_added':
      forArticle((watcher) => call(watcher, 'onCommentAdded', message.comment));
      break;
    case 'comment_deleted':
      forArticle((watcher) => call(watcher, 'onCommentDeleted', message.commentId));
      break;
    case 'article_published':
      for (const watcher of watchers) if (watcher.feed) call(watcher, 'onArticlePublished', message.article);
      break;
    case 'error':
      console.warn('live updates: the server says', message.message);
      break;
    default:
      break; // 'unsubscribed', 'authenticated', and whatever later versions add.
  }
}

function report(watcher, state) {
  if (watcher.state === state) return;
  watcher.state = state;
  call(watcher, 'onStatus', state);
}

/** Runs a page's handler; a bug in it is logged, never thrown into the socket's event loop. */
function call(watcher, handler, ...args) {
  try {
    watcher[handler]?.(...args);
  } catch (error) {
    console.error(`live updates: ${handler} failed`, error);
  }
}
