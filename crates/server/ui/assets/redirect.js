// Sign-in links that bring the reader back: /login?redirect=/article/some-slug. The value comes
// from the address bar, which anyone can craft, so it is only followed when it is a path of
// this app (no open redirect to another site).

const SIGN_IN_PAGES = /^\/(login|register)(\/|$)/;
const NOT_PAGES = /^\/(api|assets)(\/|$)/;
/** Any origin would do: it only lets URL tell a path of ours from an address elsewhere. */
const HERE = 'http://conduit.invalid';

/** `/login?redirect=<returnTo>`; slashes stay readable, everything else is escaped. */
export function signInHref(returnTo, page = '/login') {
  const back = safeReturnPath(returnTo);
  if (!back) return page;
  return `${page}?redirect=${encodeURIComponent(back).replace(/%2F/g, '/')}`;
}

/** `raw` when it is a page of this app ("/article/x?y"), otherwise null. */
export function safeReturnPath(raw) {
  // "//host" and "/\host" are addresses elsewhere to a browser, though they start with "/".
  if (typeof raw !== 'string' || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return null;
  let url;
  try {
    url = new URL(raw, HERE);
  } catch {
    return null;
  }
  // The URL parser drops tabs and newlines, so "/\t/evil.example" ends up elsewhere: caught here.
  if (url.origin !== HERE) return null;
  if (SIGN_IN_PAGES.test(url.pathname) || NOT_PAGES.test(url.pathname)) return null;
  return url.pathname + url.search + url.hash;
}
