// Sign in (/login) and sign up (/register): the same page with different fields.
import { h, fill } from '../dom.js';
import * as api from '../api/conduit.js';
import { signIn } from '../session.js';
import { navigate } from '../router.js';
import { nameThePage } from '../title.js';
import { field, handleSubmit, input } from '../components/form.js';
import { forgetReturn, rememberedReturn, safeReturnPath, signInHref } from '../redirect.js';
import { tabStorage } from '../tab-storage.js';

const usernameField = { name: 'username', placeholder: 'Username', autocomplete: 'username' };
const emailField = { name: 'email', type: 'email', placeholder: 'Email', autocomplete: 'email' };
const passwordField = { name: 'password', type: 'password', placeholder: 'Password' };

export const loginPage = authPage({
  heading: 'Sign in',
  alternative: { href: '/register', text: 'Need an account?' },
  fields: [emailField, { ...passwordField, autocomplete: 'current-password' }],
  testPrefix: 'login',
  send: api.login,
});

export const registerPage = authPage({
  heading: 'Sign up',
  alternative: { href: '/login', text: 'Have an account?' },
  fields: [usernameField, emailField, { ...passwordField, autocomplete: 'new-password' }],
  testPrefix: 'register',
  send: api.register,
});

function authPage({ heading, alternative, fields, testPrefix, send }) {
  return ({ root, query }) => {
    nameThePage(heading);
    // Where the visitor came from: a link's /login?redirect=/article/x, or the page that sent
    // them here (guard.js), if it is a page of ours.
    const returnTo = safeReturnPath(query.get('redirect')) ?? rememberedReturn(tabStorage);
    const errorSlot = h('div');
    const form = h(
      'form',
      { novalidate: true },
      h(
        'fieldset',
        {},
        fields.map((spec) => field(input({ ...spec, test: `${testPrefix}-${spec.name}` }))),
        h('button', { class: 'btn btn-lg btn-primary pull-xs-right', type: 'submit', test: `${testPrefix}-submit` }, heading),
      ),
    );
    handleSubmit(form, errorSlot, async (user) => {
      const { user: signedIn } = await send(user);
      signIn(signedIn);
      forgetReturn(tabStorage);
      navigate(returnTo ?? '/');
    });

    fill(
      root,
      h(
        'div',
        { class: 'auth-page' },
        h(
          'div',
          { class: 'container page' },
          h(
            'div',
            { class: 'row' },
            h(
              'div',
              { class: 'col-md-6 offset-md-3 col-xs-12' },
              h('h1', { class: 'text-xs-center', test: `${testPrefix}-heading` }, heading),
              h('p', { class: 'text-xs-center' }, h('a', { href: signInHref(returnTo, alternative.href), test: `${testPrefix}-alternative` }, alternative.text)),
              errorSlot,
              form,
            ),
          ),
        ),
      ),
    );
  };
}
