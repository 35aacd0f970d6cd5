import { h, fill } from '../dom.js';
import { showError } from './error-messages.js';
import { articlePreview } from './article-preview.js';
import { pagination } from './pagination.js';

const PAGE_SIZE = 10;

/** The 1-based page asked for by `?page=N`; anything else is page 1. */
export function pageNumber(query) {
  const page = Number.parseInt(query.get('page') ?? '', 10);
  return Number.isInteger(page) && page > 0 ? page : 1;
}

/**
 * A paginated list of previews. `load({ limit, offset }, { signal })` is one of the list
 * endpoints; `hrefFor(n)` is the address of page n of the same list; `empty` is what an empty
 * list says.
 */
export function articleList({ load, page, hrefFor, signal, empty = 'No articles are here... yet.' }) {
  const list = h('div', { class: 'article-list', test: 'article-list' }, h('div', { class: 'article-preview', test: 'articles-loading' }, 'Loading articles...'));
  showPage();
  return list;

  async function showPage() {
    try {
      const { articles, articlesCount } = await load({ limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, { signal });
      if (articles.length === 0) {
        fill(list, h('div', { class: 'article-preview empty-feed-message', test: 'empty-feed-message' }, empty));
      } else {
        fill(list, articles.map(articlePreview), pagination({ total: articlesCount, pageSize: PAGE_SIZE, current: page, hrefFor }));
      }
    } catch (error) {
      showError(list, error);
    }
  }
}
