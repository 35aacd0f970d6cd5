// Sign-in links that bring the reader back: /login?redirect=/article/some-slug. The value comes
// from the address bar, which anyone can craft, so it is only followed when it is a path of
// this app (no open redirect to another site).
import { quietly } from './quietly.js';

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
  if (typeof raw !== 'string' || !raw.startsWith('/')) return null;
  let url;
  try {
    url = new URL(raw, HERE);
  } catch {
    return null;
  }
  // "//host", "/\host" and "/\t/host" (the parser drops tabs) start with "/" yet lead elsewhere.
  if (url.origin !== HERE) return null;
  if (SIGN_IN_PAGES.test(url.pathname) || NOT_PAGES.test(url.pathname)) return null;
  return url.pathname + url.search + url.hash;
}

// A page that needs a user sends a visitor to exactly /login (realworld-ui.md, "Client state");
// where to come back to waits in sessionStorage (this tab only) until they have signed in.
const RETURN_KEY = 'conduit.returnTo';

/** Remembers `path` (if it is a page of ours) as where signing in leads. */
export function rememberReturn(storage, path) {
  const back = safeReturnPath(path);
  if (back) quietly(() => storage.setItem(RETURN_KEY, back));
}

/** Where signing in should lead, remembered by `rememberReturn`, or null. */
export function rememberedReturn(storage) {
  return safeReturnPath(quietly(() => storage.getItem(RETURN_KEY)));
}

/** Forgets the way back once it has been taken (or another way was). */
export function forgetReturn(storage) {
  quietly(() => storage.removeItem(RETURN_KEY));
}
