// The comments under an article: the form to add one, and the list, newest first.
// Comments arrive from three places: the page load, the form, and the live-update socket
// (live.js), in any order and possibly twice. So `add` and `remove` are idempotent and keyed by
// comment id, a deleted id is never shown again, and `load` may run again at any time (after a
// reconnect) to catch up with what happened while the socket was down.
import { h, fill } from '../dom.js';
import * as api from '../api/conduit.js';
import { avatar } from '../avatar.js';
import { formatDate } from '../format.js';
import { currentUser, isSignedIn } from '../session.js';
import { profileHref } from './article-meta.js';
import { showError } from './error-messages.js';
import { handleSubmit, keepDraft, restoredDraft } from './form.js';
import { signInHref } from '../redirect.js';

export function commentThread(slug) {
  const errorSlot = h('div');
  const status = h('div', {}, h('p', { class: 'muted', test: 'comments-loading' }, 'Loading comments...'));
  const list = h('div', { class: 'comment-list', test: 'comment-list' });
  const cards = new Map();
  const deleted = new Set();
  const element = h('div', { class: 'comments' }, errorSlot, isSignedIn() ? commentForm() : signInPrompt(slug), status, list);
  return { element, load, add, remove };

  /** Shows what the API holds now: adds the comments missing here, drops those deleted since. */
  async function load(signal) {
    // Only what was shown before asking can have been deleted before the answer was made;
    // anything added meanwhile (by the socket) is newer than the answer.
    const shownBefore = [...cards.keys()];
    try {
      const { comments } = await api.comments(slug, { signal });
      const present = new Set(comments.map((comment) => comment.id));
      shownBefore.filter((id) => !present.has(id)).forEach(remove);
      comments.forEach(add);
      fill(status);
    } catch (error) {
      showError(status, error);
    }
  }

  function add(comment) {
    if (cards.has(comment.id) || deleted.has(comment.id)) return;
    const card = commentCard(comment);
    cards.set(comment.id, card);
    // Newest first; ids grow with time, and comments may arrive out of order.
    const older = [...list.children].find((other) => Number(other.dataset.commentId) < comment.id);
    list.insertBefore(card, older ?? null);
  }

  function remove(id) {
    deleted.add(id);
    cards.get(id)?.remove();
    cards.delete(id);
  }

  function commentCard(comment) {
    const href = profileHref(comment.author.username);
    const mine = comment.author.username === currentUser()?.username;
    return h(
      'div',
      { class: 'card', test: 'comment', 'data-comment-id': comment.id },
      h('div', { class: 'card-block' }, h('p', { class: 'card-text', test: 'comment-body' }, comment.body)),
      h(
        'div',
        { class: 'card-footer' },
        h('a', { class: 'comment-author', href, 'aria-label': comment.author.username }, avatar(comment.author.image, 'comment-author-img', 'comment-author-img')),
        ' ',
        h('a', { class: 'comment-author', href, test: 'comment-author' }, comment.author.username),
        h('span', { class: 'date-posted' }, formatDate(comment.createdAt)),
        mine &&
          h(
            'span',
            { class: 'mod-options' },
            // A real button: Tab reaches it, Enter and Space press it.
            h('button', { class: 'comment-delete', type: 'button', 'aria-label': 'Delete comment', test: 'comment-delete', on: { click: () => deleteComment(comment.id) } }, h('i', { class: 'ion-trash-a', 'aria-hidden': 'true' })),
          ),
      ),
    );
  }

  async function deleteComment(id) {
    try {
      await api.deleteComment(slug, id);
      remove(id);
      fill(errorSlot);
    } catch (error) {
      showError(errorSlot, error);
    }
  }

  function commentForm() {
    const draftKey = `comment:${slug}`;
    const text = h('textarea', {
      class: 'form-control',
      name: 'body',
      rows: 3,
      placeholder: 'Write a comment...',
      'aria-label': 'Your comment',
      value: restoredDraft(draftKey)?.body ?? '',
      test: 'comment-input',
    });
    const form = h(
      'form',
      { class: 'card comment-form', test: 'comment-form', novalidate: true },
      h(
        'fieldset',
        {},
        h('div', { class: 'card-block' }, text),
        h(
          'div',
          { class: 'card-footer' },
          avatar(currentUser().image, 'comment-author-img'),
          h('button', { class: 'btn btn-sm btn-primary', type: 'submit', test: 'comment-submit' }, 'Post Comment'),
        ),
      ),
    );
    const draft = keepDraft(form, draftKey);
    handleSubmit(form, errorSlot, async ({ body }) => {
      const { comment } = await api.addComment(slug, { body });
      add(comment);
      text.value = '';
      draft.forget();
    });
    return form;
  }
}

/** The article page's one sign-in prompt; both links bring the reader back to the article. */
function signInPrompt(slug) {
  const here = `/article/${encodeURIComponent(slug)}`;
  return h(
    'p',
    { class: 'comment-prompt', test: 'comment-sign-in' },
    h('a', { href: signInHref(here), test: 'comment-sign-in-link' }, 'Sign in'),
    ' or ',
    h('a', { href: signInHref(here, '/register'), test: 'comment-sign-up-link' }, 'sign up'),
    ' to add comments on this article.',
  );
}
