import { h } from '../dom.js';

/** Says why the user was signed out (the server refused their token); `onDismiss()` hides it. */
export function sessionEndedNotice({ onDismiss }) {
  return h(
    'div',
    { class: 'session-notice', role: 'status', test: 'session-ended-notice' },
    h(
      'div',
      { class: 'container' },
      'Your session has ended, so you are signed out. ',
      h('a', { href: '/login', test: 'session-ended-notice-sign-in' }, 'Sign in again'),
      ' to carry on where you were; anything you were typing is kept. ',
      h('button', { class: 'btn btn-sm btn-outline-secondary', type: 'button', test: 'session-ended-dismiss', on: { click: onDismiss } }, 'Dismiss'),
    ),
  );
}
