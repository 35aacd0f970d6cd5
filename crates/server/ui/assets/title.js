// What the browser tab and a screen reader call the page: "Sign in — Conduit".

const APP = 'Conduit';

/** The document title for a page named `name` (nothing: the app alone). */
export function titleFor(name) {
  const text = typeof name === 'string' ? name.trim() : '';
  return text ? `${text} — ${APP}` : APP;
}

/** Names the page on show; pages call it as soon as they know what they are. */
export function nameThePage(name) {
  document.title = titleFor(name);
}
