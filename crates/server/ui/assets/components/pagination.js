import { h } from '../dom.js';

/** Links to every page of a list; nothing when it fits on one page. */
export function pagination({ total, pageSize, current, hrefFor }) {
  const pageCount = Math.ceil(total / pageSize);
  if (pageCount <= 1) return null;
  const numbers = Array.from({ length: pageCount }, (_, index) => index + 1);
  return h(
    'nav',
    { 'aria-label': 'Pages of articles' },
    h(
      'ul',
      { class: 'pagination', test: 'pagination' },
      numbers.map((number) =>
        h(
          'li',
          { class: number === current ? 'page-item active' : 'page-item' },
          h('a', { class: 'page-link', href: hrefFor(number), test: 'page-link', 'aria-current': number === current && 'page' }, number),
        ),
      ),
    ),
  );
}
