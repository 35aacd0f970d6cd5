import { h } from '../dom.js';
import { articleMeta } from './article-meta.js';
import { favoriteButton } from './favorite-button.js';
import { articleTags } from './tags.js';

/** One card of a feed. List items carry no body (realworld-api.md §2). */
export function articlePreview(article) {
  const errorSlot = h('div');
  return h(
    'div',
    { class: 'article-preview', test: 'article-preview' },
    articleMeta(article, favoriteButton(article, { errorSlot })),
    errorSlot,
    h(
      'a',
      { class: 'preview-link', href: `/article/${encodeURIComponent(article.slug)}`, test: 'preview-link' },
      h('h1', { test: 'article-title' }, article.title),
      h('p', { test: 'article-description' }, article.description),
      h('span', {}, 'Read more...'),
      articleTags(article.tagList, 'preview-tag'),
    ),
  );
}
