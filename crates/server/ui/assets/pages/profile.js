// /profile/:username (articles they wrote) and /profile/:username/favorites (articles they liked).
import { h, fill } from '../dom.js';
import * as api from '../api/conduit.js';
import { avatar } from '../avatar.js';
import { currentUser } from '../session.js';
import { profileHref } from '../components/article-meta.js';
import { articleList, pageNumber } from '../components/article-list.js';
import { showError } from '../components/error-messages.js';
import { followButton } from '../components/follow-button.js';
import { nameThePage } from '../title.js';

/** `tab` is 'authored' or 'favorited'. */
export function profilePage(tab) {
  return async ({ root, params, query, signal }) => {
    nameThePage(params.username);
    fill(root, profileFrame(params.username, h('p', { test: 'profile-loading' }, 'Loading profile...')));
    let profile;
    try {
      ({ profile } = await api.profile(params.username, { signal }));
    } catch (error) {
      // Unknown or failing: still the profile page, with the reason; `.user-info` belongs to a
      // loaded profile only.
      const reason = h('div', { test: 'profile-error' });
      showError(reason, error);
      return fill(root, profileFrame(params.username, reason));
    }

    const home = profileHref(profile.username);
    const tabHref = { authored: home, favorited: `${home}/favorites` };
    const filter = tab === 'favorited' ? { favorited: profile.username } : { author: profile.username };

    fill(
      root,
      h(
        'div',
        { class: 'profile-page' },
        h('div', { class: 'user-info' }, column(...userInfo(profile))),
        column(
          tabs(tab, tabHref),
          articleList({
            load: (range, options) => api.articles({ ...range, ...filter }, options),
            page: pageNumber(query),
            hrefFor: (page) => (page > 1 ? `${tabHref[tab]}?page=${page}` : tabHref[tab]),
            signal,
          }),
        ),
      ),
    );
  };
}

const column = (...children) => h('div', { class: 'container' }, h('div', { class: 'row' }, h('div', { class: 'col-xs-12 col-md-10 offset-md-1' }, ...children)));

/** The profile page's frame for the states without a profile: the name asked for, and `content`. */
function profileFrame(username, content) {
  return h('div', { class: 'profile-page' }, h('div', { class: 'profile-status' }, column(h('h4', { test: 'profile-username' }, username), content)));
}

function userInfo(profile) {
  const errorSlot = h('div');
  const own = profile.username === currentUser()?.username;
  const action = own
    ? h('a', { class: 'btn btn-sm btn-outline-secondary action-btn', href: '/settings', test: 'edit-profile-settings' }, h('i', { class: 'ion-gear-a' }), ' Edit Profile Settings')
    : followButton(profile, { errorSlot });
  return [
    avatar(profile.image, 'user-img', 'profile-image'),
    h('h4', { test: 'profile-username' }, profile.username),
    h('p', { test: 'profile-bio' }, profile.bio ?? ''),
    action,
    errorSlot,
  ];
}

function tabs(active, tabHref) {
  const tab = (name, test, label) =>
    h('li', { class: 'nav-item' }, h('a', { class: name === active ? 'nav-link active' : 'nav-link', href: tabHref[name], test }, label));
  return h(
    'div',
    { class: 'feed-toggle articles-toggle' },
    h('ul', { class: 'nav nav-pills outline-active' }, tab('authored', 'profile-tab-authored', 'My Articles'), tab('favorited', 'profile-tab-favorited', 'Favorited')),
  );
}
