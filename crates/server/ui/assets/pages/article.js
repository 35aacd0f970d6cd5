// /article/:slug: the article, its author's controls or the reader's, and the comments.
import { h, fill } from '../dom.js';
import * as api from '../api/conduit.js';
import { currentUser } from '../session.js';
import { navigate } from '../router.js';
import { articleMeta } from '../components/article-meta.js';
import { commentThread } from '../components/comment-thread.js';
import { showError } from '../components/error-messages.js';
import { favoriteButton } from '../components/favorite-button.js';
import { followButton } from '../components/follow-button.js';
import { liveStatus } from '../components/live-status.js';
import { articleTags } from '../components/tags.js';
import { watchArticle } from '../live.js';
import { nameThePage } from '../title.js';

export async function articlePage({ root, params, signal }) {
  nameThePage('Article');
  fill(root, articleFrame('Loading article...', h('p', { class: 'muted', test: 'article-loading' }, 'Loading article...')));
  let article;
  try {
    ({ article } = await api.article(params.slug, { signal }));
  } catch (error) {
    // Unknown or failing: still the article page, with the reason where its body would be.
    const reason = h('div', { test: 'article-error' });
    showError(reason, error);
    nameThePage('Article not shown');
    return fill(root, articleFrame('This article cannot be shown', reason));
  }
  nameThePage(article.title);

  const thread = commentThread(article.slug);
  const live = liveStatus();
  const errorSlot = h('div');
  fill(
    root,
    h(
      'div',
      { class: 'article-page' },
      h(
        'div',
        { class: 'banner' },
        h('div', { class: 'container' }, h('h1', { test: 'article-title' }, article.title), articleMeta(article, ...controls(article, errorSlot)), errorSlot),
      ),
      h(
        'div',
        { class: 'container page' },
        h('div', { class: 'row' }, h('div', { class: 'col-xs-12' }, articleBody(article), articleTags(article.tagList, 'article-tag'))),
        h('hr'),
        h('div', { class: 'row' }, h('div', { class: 'col-xs-12 col-md-8 offset-md-2' }, h('p', { class: 'live-line' }, live.element), thread.element)),
      ),
    ),
  );
  thread.load(signal);
  // Comments by others appear as they are posted; each (re)subscription also catches up on
  // what the socket missed. Leaving the page (`signal`) unsubscribes.
  watchArticle(
    article.slug,
    {
      onStatus: live.show,
      onSubscribed: () => thread.load(signal),
      onCommentAdded: thread.add,
      onCommentDeleted: thread.remove,
    },
    signal,
  );
}

/** The article page's frame around a heading and `content`, for the states without an article. */
function articleFrame(heading, content) {
  return h(
    'div',
    { class: 'article-page' },
    h('div', { class: 'banner' }, h('div', { class: 'container' }, h('h1', { test: 'article-status' }, heading))),
    h('div', { class: 'container page' }, h('div', { class: 'row' }, h('div', { class: 'col-xs-12' }, content))),
  );
}

function articleBody(article) {
  const content = h('div', { class: 'article-content', test: 'article-body' });
  if (typeof article.bodyHtml === 'string') {
    // The one place HTML is inserted: the server rendered the Markdown and sanitised it
    // (pulldown-cmark, then ammonia). Everything else in the UI is inserted as text.
    content.innerHTML = article.bodyHtml;
  } else {
    content.append(h('p', { class: 'plain-body' }, article.body));
  }
  return content;
}

/** The author edits or deletes; anyone else follows the author and favorites the article. */
function controls(article, errorSlot) {
  if (article.author.username !== currentUser()?.username) {
    return [followButton(article.author, { errorSlot }), ' ', favoriteButton(article, { wide: true, errorSlot })];
  }
  const remove = h('button', { class: 'btn btn-sm btn-outline-danger', type: 'button', test: 'delete-article' }, h('i', { class: 'ion-trash-a', 'aria-hidden': 'true' }), ' Delete Article');
  remove.addEventListener('click', async () => {
    remove.disabled = true;
    try {
      await api.deleteArticle(article.slug);
      navigate('/');
    } catch (error) {
      showError(errorSlot, error);
      remove.disabled = false;
    }
  });
  const edit = h('a', { class: 'btn btn-sm btn-outline-secondary', href: `/editor/${encodeURIComponent(article.slug)}`, test: 'edit-article' }, h('i', { class: 'ion-edit' }), ' Edit Article');
  return [edit, ' ', remove];
}
