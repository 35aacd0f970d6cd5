import { h, fill } from '../dom.js';
import * as api from '../api/conduit.js';
import { isSignedIn } from '../session.js';
import { navigate } from '../router.js';
import { signInHref } from '../redirect.js';
import { clearErrors, showError } from './error-messages.js';

/**
 * Favorite / Unfavorite for one article. `wide` spells the action out ("Favorite Article (3)",
 * article page); otherwise it is a heart and a count (feeds). Failures go to `errorSlot`.
 */
export function favoriteButton(article, { wide = false, errorSlot }) {
  let state = { favorited: article.favorited, count: article.favoritesCount };
  const button = h('button', { type: 'button', test: 'favorite-button', on: { click: toggle } });
  draw();
  return button;

  async function toggle() {
    if (!isSignedIn()) return navigate(signInHref(location.pathname + location.search));
    button.disabled = true;
    try {
      const send = state.favorited ? api.unfavorite : api.favorite;
      const { article: updated } = await send(article.slug);
      state = { favorited: updated.favorited, count: updated.favoritesCount };
      clearErrors(errorSlot);
      draw();
    } catch (error) {
      showError(errorSlot, error);
    } finally {
      button.disabled = false;
    }
  }

  function draw() {
    const label = state.favorited ? 'Unfavorite' : 'Favorite';
    const look = state.favorited ? 'btn-primary' : 'btn-outline-primary';
    button.className = `btn btn-sm ${look}${wide ? '' : ' pull-xs-right'}`;
    button.setAttribute('aria-pressed', String(state.favorited));
    if (wide) {
      fill(button, h('i', { class: 'ion-heart' }), ` ${label} Article `, h('span', { class: 'counter', test: 'favorite-count' }, `(${state.count})`));
    } else {
      fill(button, h('i', { class: 'ion-heart' }), h('span', { class: 'sr-only' }, label), ' ', h('span', { class: 'counter', test: 'favorite-count' }, state.count));
    }
  }
}
