// Home: the global feed, the signed-in user's feed (/?feed=following) or one tag (/tag/:tag),
// with the popular tags beside it.
import { h, fill } from '../dom.js';
import * as api from '../api/conduit.js';
import { isSignedIn } from '../session.js';
import { signedInOnly } from '../guard.js';
import { articleList, pageNumber } from '../components/article-list.js';
import { showError } from '../components/error-messages.js';
import { liveStatus } from '../components/live-status.js';
import { tagLinks } from '../components/tags.js';
import { watchFeed } from '../live.js';

export function homePage(visit) {
  const wantsOwnFeed = !visit.params.tag && visit.query.get('feed') === 'following';
  return wantsOwnFeed ? signedInOnly(renderHome)(visit) : renderHome(visit);
}

function renderHome({ root, params, query, signal }) {
  const tag = params.tag;
  const following = !tag && query.get('feed') === 'following';
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
            articleList({ load, page: pageNumber(query), hrefFor: (page) => feedHref({ tag, following, page }), signal }),
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

/** Hidden until an author the user follows publishes; then it links to the fresh Your Feed. */
function newArticlesBanner(signal) {
  const banner = h('a', { class: 'new-articles-banner', href: feedHref({ following: true }), test: 'new-articles-banner', hidden: true }, 'New articles in Your Feed');
  // Nothing to see, only something for tests to wait on: the socket is open for this user.
  const live = liveStatus({ hidden: true });
  watchFeed({ onStatus: live.show, onArticlePublished: () => (banner.hidden = false) }, signal);
  return h('div', { class: 'feed-news', role: 'status' }, banner, live.element);
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
