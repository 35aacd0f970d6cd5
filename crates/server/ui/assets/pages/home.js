// Home: the global feed, the signed-in user's feed (/?feed=following) or one tag (/tag/:tag),
// with the popular tags beside it.
import { h, fill } from '../dom.js';
import * as api from '../api/conduit.js';
import { isSignedIn } from '../session.js';
import { articleList, pageNumber } from '../components/article-list.js';
import { showError } from '../components/error-messages.js';
import { liveStatus } from '../components/live-status.js';
import { tagLinks } from '../components/tags.js';
import { watchFeed } from '../live.js';
import { nameThePage } from '../title.js';

/** Your feed (/?feed=following) needs a user; routes.js says so, and the router sees to it. */
export function homePage({ root, params, query, signal }) {
  const tag = params.tag;
  const following = !tag && query.get('feed') === 'following';
  nameThePage(tag ? `#${tag}` : following ? 'Your Feed' : 'Home');
  const load = following
    ? (range, options) => api.feed(range, options)
    : (range, options) => api.articles({ ...range, tag }, options);

  fill(
    root,
    h(
      'div',
      { class: 'home-page' },
      !isSignedIn() && banner(),
      h(
        'div',
        { class: 'container page' },
        h(
          'div',
          { class: 'row' },
          h(
            'div',
            { class: 'col-md-9' },
            isSignedIn() && newArticlesBanner(signal),
            feedTabs({ tag, following }),
            articleList({ load, page: pageNumber(query), hrefFor: (page) => feedHref({ tag, following, page }), signal, empty: following ? emptyFeed() : undefined }),
          ),
          h('div', { class: 'col-md-3' }, popularTags(signal)),
        ),
      ),
    ),
  );
}

function banner() {
  return h(
    'div',
    { class: 'banner', test: 'banner' },
    h('div', { class: 'container' }, h('h1', { class: 'logo-font' }, 'conduit'), h('p', {}, 'A place to share your knowledge.')),
  );
}

/**
 * Empty until an author the user follows publishes; then a link to the fresh Your Feed. Not
 * drawn hidden beforehand: a hidden link reading "Your Feed" would shadow the visible tab.
 */
function newArticlesBanner(signal) {
  const news = h('div', { class: 'feed-news', role: 'status' });
  const announce = () =>
    fill(news, h('a', { class: 'new-articles-banner', href: feedHref({ following: true }), test: 'new-articles-banner' }, 'New articles in Your Feed'));
  // Nothing to see, only something for tests to wait on: the socket is open for this user.
  const live = liveStatus({ hidden: true });
  watchFeed({ onStatus: live.show, onArticlePublished: announce }, signal);
  return h('div', {}, news, live.element);
}

/** What an empty Your Feed says: why, and the way on to the Global Feed. */
function emptyFeed() {
  return [
    'Your feed is empty: follow authors to see their articles here. ',
    h('a', { href: '/', test: 'empty-feed-global-link' }, 'Browse the Global Feed'),
  ];
}

function feedTabs({ tag, following }) {
  const tab = (href, active, test, ...label) =>
    h('li', { class: 'nav-item' }, h('a', { class: active ? 'nav-link active' : 'nav-link', href, test }, ...label));
  return h(
    'div',
    { class: 'feed-toggle', test: 'feed-toggle' },
    h(
      'ul',
      { class: 'nav nav-pills outline-active' },
      isSignedIn() && tab(feedHref({ following: true }), following, 'feed-tab-your', 'Your Feed'),
      tab('/', !following && !tag, 'feed-tab-global', 'Global Feed'),
      tag && tab(feedHref({ tag }), true, 'feed-tab-tag', h('i', { class: 'ion-pound' }), ` ${tag}`),
    ),
  );
}

function feedHref({ tag, following = false, page = 1 }) {
  const path = tag ? `/tag/${encodeURIComponent(tag)}` : '/';
  const search = new URLSearchParams();
  if (following) search.set('feed', 'following');
  if (page > 1) search.set('page', String(page));
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

function popularTags(signal) {
  const body = h('div', {}, h('p', { class: 'muted', test: 'tags-loading' }, 'Loading tags...'));
  (async () => {
    try {
      const { tags } = await api.tags({ signal });
      fill(body, tags.length ? tagLinks(tags) : h('p', { class: 'muted', test: 'empty-tags' }, 'No tags are here... yet.'));
    } catch (error) {
      showError(body, error);
    }
  })();
  return h('div', { class: 'sidebar', test: 'sidebar' }, h('p', {}, 'Popular Tags'), body);
}
