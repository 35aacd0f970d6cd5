import { h, fill } from '../dom.js';
import * as api from '../api/conduit.js';
import { isSignedIn } from '../session.js';
import { navigate } from '../router.js';
import { signInHref } from '../redirect.js';
import { clearErrors, showError } from './error-messages.js';

/** "Follow <username>" / "Unfollow <username>" for `profile`; failures go to `errorSlot`. */
export function followButton(profile, { errorSlot }) {
  let following = profile.following;
  const button = h('button', { type: 'button', test: 'follow-button', on: { click: toggle } });
  draw();
  return button;

  async function toggle() {
    if (!isSignedIn()) return navigate(signInHref(location.pathname + location.search));
    button.disabled = true;
    try {
      const send = following ? api.unfollow : api.follow;
      ({ following } = (await send(profile.username)).profile);
      clearErrors(errorSlot);
      draw();
    } catch (error) {
      showError(errorSlot, error);
    } finally {
      button.disabled = false;
    }
  }

  function draw() {
    button.className = `btn btn-sm action-btn ${following ? 'btn-secondary' : 'btn-outline-secondary'}`;
    button.setAttribute('aria-pressed', String(following));
    fill(button, h('i', { class: 'ion-plus-round' }), ` ${following ? 'Unfollow' : 'Follow'} ${profile.username}`);
  }
}
