import { h, fill } from '../dom.js';
import { nameThePage } from '../title.js';

export function notFoundPage({ root }) {
  nameThePage('Page not found');
  fill(
    root,
    h(
      'div',
      { class: 'not-found-page container page', test: 'not-found' },
      h('h1', {}, 'Page not found'),
      h('p', {}, 'There is nothing at this address.'),
      h('a', { href: '/', test: 'not-found-home' }, 'Back to the home page'),
    ),
  );
}
