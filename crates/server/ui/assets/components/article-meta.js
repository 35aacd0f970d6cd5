import { h } from '../dom.js';
import { avatar } from '../avatar.js';
import { formatDate } from '../format.js';

export const profileHref = (username) => `/profile/${encodeURIComponent(username)}`;

/** Avatar, author and date of an article, followed by any `actions` (buttons, links). */
export function articleMeta(article, ...actions) {
  const href = profileHref(article.author.username);
  return h(
    'div',
    { class: 'article-meta' },
    h('a', { href, 'aria-label': article.author.username }, avatar(article.author.image, 'author-img', 'author-image')),
    h(
      'div',
      { class: 'info' },
      h('a', { class: 'author', href, test: 'article-author' }, article.author.username),
      h('span', { class: 'date', test: 'article-date' }, formatDate(article.createdAt)),
    ),
    ...actions,
  );
}
