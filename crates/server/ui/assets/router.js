// History-API routing over real paths (/login, /article/:slug, …); the server answers every
// non-API path with the same shell, so a reload lands back on the same page. The decisions
// (which route, who may see it, which links) live in route-match.js.
//
// A page is a function ({ root, params, query, signal }) that fills `root`. Each visit gets a
// fresh `root` and `signal`; leaving the page aborts the signal, which cancels its pending API
// calls and closes its live-update subscriptions.
import { compileRoutes, handledInApp, matchRoute, needsUser } from './route-match.js';

let routes = [];
let fallbackPage;
let outlet;
let guard = (page) => page;
let currentVisit = null;
const navigationListeners = new Set();

/**
 * `table` is [{ path: '/article/:slug', page, needsUser?(query) }], tried in order; `notFound`
 * renders the rest. `pageGuard(page, { needsUser, url })` returns the page to render instead
 * (or null when it has sent the visitor elsewhere).
 */
export function startRouter(table, notFound, outletElement, pageGuard) {
  routes = compileRoutes(table);
  fallbackPage = notFound;
  outlet = outletElement;
  guard = pageGuard;
  document.addEventListener('click', followLinkInPlace);
  window.addEventListener('popstate', renderCurrentLocation);
  renderCurrentLocation();
}

export function navigate(path, { replace = false } = {}) {
  history[replace ? 'replaceState' : 'pushState'](null, '', path);
  // Before startRouter only the address changes (e.g. a 401 while the session is checked at
  // start-up); startRouter then renders whatever the address has become.
  refresh();
}

/** Renders the current address again, e.g. once the session it depends on has changed. */
export function refresh() {
  if (outlet) renderCurrentLocation();
}

/** `listener(url)` runs on every visit, before the page renders. */
export function onNavigate(listener) {
  navigationListeners.add(listener);
}

function renderCurrentLocation() {
  currentVisit?.abort();
  const visit = new AbortController();
  currentVisit = visit;

  const url = new URL(location.href);
  const match = matchRoute(routes, url.pathname);
  const page = guard(match ? match.route.page : fallbackPage, { needsUser: needsUser(match?.route, url.searchParams), url });
  if (!page || visit.signal.aborted) return; // The guard has sent the visitor elsewhere.
  const root = document.createElement('div');
  outlet.replaceChildren(root);
  window.scrollTo(0, 0);
  for (const listener of navigationListeners) listener(url);

  Promise.resolve()
    .then(() => page({ root, params: match?.params ?? {}, query: url.searchParams, signal: visit.signal }))
    .catch((error) => console.error('page failed to render', error));
}

// Same-origin links switch pages without a reload; everything a browser user expects from a
// plain link (new tab with a modifier key, downloads, other sites, the API) is left alone.
function followLinkInPlace(event) {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target.closest?.('a[href]');
  if (!link || link.target || link.hasAttribute('download')) return;
  const url = new URL(link.href);
  if (!handledInApp(url, location.origin)) return;
  event.preventDefault();
  navigate(url.pathname + url.search + url.hash);
}
