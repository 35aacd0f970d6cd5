// History-API routing over real paths (/login, /article/:slug, …); the server answers every
// non-API path with the same shell, so a reload lands back on the same page.
//
// A page is a function ({ root, params, query, signal }) that fills `root`. Each visit gets a
// fresh `root` and `signal`; leaving the page aborts the signal, which cancels its pending API
// calls (and is where later live-update sockets close).

let routes = [];
let fallbackPage;
let outlet;
let currentVisit = null;
const navigationListeners = new Set();

/** `table` is [{ path: '/article/:slug', page }], tried in order; `notFound` renders the rest. */
export function startRouter(table, notFound, outletElement) {
  routes = table.map((route) => ({ ...route, segments: segmentsOf(route.path) }));
  fallbackPage = notFound;
  outlet = outletElement;
  document.addEventListener('click', followLinkInPlace);
  window.addEventListener('popstate', renderCurrentLocation);
  renderCurrentLocation();
}

export function navigate(path, { replace = false } = {}) {
  history[replace ? 'replaceState' : 'pushState'](null, '', path);
  // Before startRouter only the address changes (e.g. a 401 while the session is checked at
  // start-up); startRouter then renders whatever the address has become.
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
  const { page, params } = match(url.pathname);
  const root = document.createElement('div');
  outlet.replaceChildren(root);
  window.scrollTo(0, 0);
  for (const listener of navigationListeners) listener(url);

  Promise.resolve()
    .then(() => page({ root, params, query: url.searchParams, signal: visit.signal }))
    .catch((error) => console.error('page failed to render', error));
}

function match(pathname) {
  const parts = segmentsOf(pathname);
  for (const route of routes) {
    const params = matchSegments(route.segments, parts);
    if (params) return { page: route.page, params };
  }
  return { page: fallbackPage, params: {} };
}

function segmentsOf(path) {
  return path.split('/').filter(Boolean);
}

function matchSegments(pattern, parts) {
  if (pattern.length !== parts.length) return null;
  const params = {};
  for (const [index, expected] of pattern.entries()) {
    if (expected.startsWith(':')) {
      const value = decode(parts[index]);
      if (value === null) return null;
      params[expected.slice(1)] = value;
    } else if (expected !== parts[index]) {
      return null;
    }
  }
  return params;
}

function decode(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null; // A malformed %-escape is simply not a match: the visitor sees "not found".
  }
}

// Same-origin links switch pages without a reload; everything a browser user expects from a
// plain link (new tab with a modifier key, downloads, other sites, the API) is left alone.
function followLinkInPlace(event) {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target.closest?.('a[href]');
  if (!link || link.target || link.hasAttribute('download')) return;
  const url = new URL(link.href);
  if (url.origin !== location.origin || /^\/(api|assets)\//.test(url.pathname)) return;
  event.preventDefault();
  navigate(url.pathname + url.search + url.hash);
}
