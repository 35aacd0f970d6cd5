// The comments under an article: the form to add one, and the list, newest first.
// `add` and `remove` are idempotent and keyed by comment id, so comments arriving from other
// sources (the live-update socket, in a later issue) can be fed in alongside our own.
import { h, fill } from '../dom.js';
import * as api from '../api/conduit.js';
import { avatar } from '../avatar.js';
import { formatDate } from '../format.js';
import { currentUser, isSignedIn } from '../session.js';
import { profileHref } from './article-meta.js';
import { showError } from './error-messages.js';
import { handleSubmit } from './form.js';

export function commentThread(slug) {
  const errorSlot = h('div');
  const list = h('div', { class: 'comment-list', test: 'comment-list' }, h('p', { class: 'muted', test: 'comments-loading' }, 'Loading comments...'));
  const cards = new Map();
  const element = h('div', { class: 'comments' }, errorSlot, isSignedIn() ? commentForm() : signInPrompt(), list);
  return { element, load, add, remove };

  async function load(signal) {
    try {
      const { comments } = await api.comments(slug, { signal });
      fill(list);
      comments.forEach(add);
    } catch (error) {
      showError(list, error);
    }
  }

  function add(comment) {
    if (cards.has(comment.id)) return;
    const card = commentCard(comment);
    cards.set(comment.id, card);
    list.prepend(card);
  }

  function remove(id) {
    cards.get(id)?.remove();
    cards.delete(id);
  }

  function commentCard(comment) {
    const href = profileHref(comment.author.username);
    const mine = comment.author.username === currentUser()?.username;
    return h(
      'div',
      { class: 'card', test: 'comment' },
      h('div', { class: 'card-block' }, h('p', { class: 'card-text', test: 'comment-body' }, comment.body)),
      h(
        'div',
        { class: 'card-footer' },
        h('a', { class: 'comment-author', href }, avatar(comment.author.image, 'comment-author-img', 'comment-author-img')),
        ' ',
        h('a', { class: 'comment-author', href, test: 'comment-author' }, comment.author.username),
        h('span', { class: 'date-posted' }, formatDate(comment.createdAt)),
        mine &&
          h(
            'span',
            { class: 'mod-options' },
            h('i', { class: 'ion-trash-a', role: 'button', tabindex: 0, 'aria-label': 'Delete comment', test: 'comment-delete', on: { click: () => deleteComment(comment.id) } }),
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
    const text = h('textarea', { class: 'form-control', name: 'body', rows: 3, placeholder: 'Write a comment...', test: 'comment-input' });
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
    handleSubmit(form, errorSlot, async ({ body }) => {
      const { comment } = await api.addComment(slug, { body });
      add(comment);
      text.value = '';
    });
    return form;
  }
}

function signInPrompt() {
  return h(
    'p',
    { class: 'comment-prompt', test: 'comment-sign-in' },
    h('a', { href: '/login' }, 'Sign in'),
    ' or ',
    h('a', { href: '/register' }, 'sign up'),
    ' to add comments on this article.',
  );
}
