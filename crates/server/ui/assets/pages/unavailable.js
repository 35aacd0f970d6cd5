import { h, fill } from '../dom.js';
import { nameThePage } from '../title.js';

/** Shown instead of a page that needs the signed-in user while the server cannot confirm them. */
export function serverUnavailablePage({ root }) {
  nameThePage('Connecting');
  fill(
    root,
    h(
      'div',
      { class: 'container page', test: 'server-unavailable' },
      h('h1', {}, 'The server cannot be reached'),
      h('p', {}, 'Your session is kept. This page opens as soon as the server answers.'),
    ),
  );
}
