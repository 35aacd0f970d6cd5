// The router's decisions, free of the DOM: which route an address is, whether it needs a
// signed-in user, what a visitor gets instead, and which clicked links the app handles itself.

/** `table` is [{ path: '/article/:slug', page, needsUser? }]; tried in order. */
export function compileRoutes(table) {
  return table.map((route) => ({ ...route, segments: segmentsOf(route.path) }));
}

/** `{ route, params }` for the first route matching `pathname`, or null. */
export function matchRoute(compiled, pathname) {
  const parts = segmentsOf(pathname);
  for (const route of compiled) {
    const params = matchSegments(route.segments, parts);
    if (params) return { route, params };
  }
  return null;
}

/** Whether `route` (null: no route, the not-found view) needs a signed-in user for `query`. */
export function needsUser(route, query) {
  return Boolean(route?.needsUser?.(query));
}

/**
 * What to show: 'page'; 'sign-in' (send the visitor to /login); or 'unavailable' (a token is
 * kept but the server cannot confirm it yet, so /login would be the wrong advice).
 */
export function pageAccess(pageNeedsUser, authState) {
  if (!pageNeedsUser || authState === 'authenticated') return 'page';
  if (authState === 'unavailable' || authState === 'loading') return 'unavailable';
  return 'sign-in';
}

/**
 * Whether a click on a link to `url` switches pages in place: same origin and not the API or a
 * file. Modifier keys, targets and downloads are the caller's to check.
 */
export function handledInApp(url, origin) {
  return url.origin === origin && !/^\/(api|assets)\//.test(url.pathname);
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
