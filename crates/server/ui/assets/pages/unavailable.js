import { h, fill } from '../dom.js';

/** Shown instead of a page that needs the signed-in user while the API cannot be reached. */
export function serverUnavailablePage({ root }) {
  fill(
    root,
    h(
      'div',
      { class: 'container page', test: 'server-unavailable' },
      h('h1', {}, 'The server cannot be reached'),
      h('p', {}, 'Your session is kept. Reload the page to try again.'),
    ),
  );
}
