// /settings: edit the signed-in user (then see the result on their profile), or sign out.
import { h, fill } from '../dom.js';
import * as api from '../api/conduit.js';
import { currentUser, signIn, signOut } from '../session.js';
import { navigate } from '../router.js';
import { nameThePage } from '../title.js';
import { signOutEverywhere } from '../sign-out.js';
import { readToken } from '../token-store.js';
import { profileHref } from '../components/article-meta.js';
import { field, handleSubmit, input, keepDraft, restoredDraft } from '../components/form.js';

export function settingsPage({ root }) {
  nameThePage('Settings');
  const draftKey = `settings:${currentUser().username}`;
  // What was typed before a lost session wins over what the server holds.
  const user = { ...currentUser(), ...restoredDraft(draftKey) };
  const errorSlot = h('div');
  const password = input({ name: 'password', type: 'password', placeholder: 'New Password', autocomplete: 'new-password', test: 'settings-password' });

  const form = h(
    'form',
    { novalidate: true },
    h(
      'fieldset',
      {},
      field(input({ name: 'image', type: 'url', placeholder: 'URL of profile picture', value: user.image ?? '', large: false, test: 'settings-image' })),
      field(input({ name: 'username', placeholder: 'Your Name', value: user.username, autocomplete: 'username', test: 'settings-username' })),
      field(h('textarea', { class: 'form-control form-control-lg', name: 'bio', rows: 8, placeholder: 'Short bio about you', 'aria-label': 'Short bio about you', value: user.bio ?? '', test: 'settings-bio' })),
      field(input({ name: 'email', type: 'email', placeholder: 'Email', value: user.email, autocomplete: 'email', test: 'settings-email' })),
      field(password),
      h('button', { class: 'btn btn-lg btn-primary pull-xs-right', type: 'submit', test: 'settings-submit' }, 'Update Settings'),
    ),
  );
  const draft = keepDraft(form, draftKey);
  handleSubmit(form, errorSlot, async ({ password: newPassword, ...changes }) => {
    // An empty password box means "keep my password"; empty bio or image clear them (the API
    // stores "" as null).
    const update = newPassword ? { ...changes, password: newPassword } : changes;
    const { user: updated } = await api.updateUser(update);
    draft.forget();
    signIn(updated); // The answer carries the token to use from now on.
    navigate(profileHref(updated.username));
  });

  const logout = h(
    'button',
    { class: 'btn btn-outline-danger', type: 'button', test: 'logout-button', on: { click: logOut } },
    'Or click here to logout',
  );

  fill(
    root,
    h(
      'div',
      { class: 'settings-page' },
      h(
        'div',
        { class: 'container page' },
        h(
          'div',
          { class: 'row' },
          h('div', { class: 'col-md-6 offset-md-3 col-xs-12' }, h('h1', { class: 'text-xs-center' }, 'Your Settings'), errorSlot, form, h('hr'), logout),
        ),
      ),
    ),
  );
}

/** Signed out here at once; the server is asked to end its side of the session (sign-out.js). */
function logOut() {
  signOutEverywhere({ readToken, signOut: () => signOut(), logout: api.logout });
  navigate('/');
}
