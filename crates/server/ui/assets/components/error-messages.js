import { h, fill } from '../dom.js';
import { ApiError, errorLines } from '../api/errors.js';
import { signInHref } from '../redirect.js';

/** `{ email: ['has already been taken'] }` → ul.error-messages > li "email has already been taken". */
export function errorMessages(errors) {
  return h('ul', { class: 'error-messages', test: 'error-messages' }, errorLines(errors).map((line) => h('li', {}, line)));
}

/** Shows why `error` happened inside `slot`; a bug of ours is logged and still shown. */
export function showError(slot, error) {
  if (error?.sessionEnded) return fill(slot, sessionEnded(error));
  if (!(error instanceof ApiError)) console.error(error);
  const errors = error instanceof ApiError ? error.errors : { page: ['ran into an unexpected problem'] };
  fill(slot, errorMessages(errors));
}

/** The session has ended under a form: what happened, and a way to sign in and come back. */
function sessionEnded(error) {
  const link = h('a', { href: signInHref(location.pathname + location.search), test: 'session-ended-sign-in' }, 'Sign in again');
  return h('ul', { class: 'error-messages', test: 'error-messages' }, errorLines(error.errors).map((line) => h('li', {}, line, ' ', link)));
}

export function clearErrors(slot) {
  fill(slot);
}
