// /settings: edit the signed-in user (then see the result on their profile), or sign out.
import { h, fill } from '../dom.js';
import * as api from '../api/conduit.js';
import { currentUser, signIn, signOut } from '../session.js';
import { navigate } from '../router.js';
import { profileHref } from '../components/article-meta.js';
import { field, handleSubmit, input } from '../components/form.js';

export function settingsPage({ root }) {
  const user = currentUser();
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
      field(h('textarea', { class: 'form-control form-control-lg', name: 'bio', rows: 8, placeholder: 'Short bio about you', value: user.bio ?? '', test: 'settings-bio' })),
      field(input({ name: 'email', type: 'email', placeholder: 'Email', value: user.email, autocomplete: 'email', test: 'settings-email' })),
      field(password),
      h('button', { class: 'btn btn-lg btn-primary pull-xs-right', type: 'submit', test: 'settings-submit' }, 'Update Settings'),
    ),
  );
  handleSubmit(form, errorSlot, async ({ password: newPassword, ...changes }) => {
    // An empty password box means "keep my password"; empty bio or image clear them (the API
    // stores "" as null).
    const update = newPassword ? { ...changes, password: newPassword } : changes;
    const { user: updated } = await api.updateUser(update);
    signIn(updated); // The answer carries the token to use from now on.
    navigate(profileHref(updated.username));
  });

  const logout = h(
    'button',
    { class: 'btn btn-outline-danger', type: 'button', test: 'logout-button', on: { click: () => { signOut(); navigate('/'); } } },
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
