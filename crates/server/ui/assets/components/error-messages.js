import { h, fill } from '../dom.js';
import { ApiError, errorLines } from '../api/errors.js';

/** `{ email: ['has already been taken'] }` → ul.error-messages > li "email has already been taken". */
export function errorMessages(errors) {
  return h('ul', { class: 'error-messages', test: 'error-messages' }, errorLines(errors).map((line) => h('li', {}, line)));
}

/** Shows why `error` happened inside `slot`; a bug of ours is logged and still shown. */
export function showError(slot, error) {
  if (!(error instanceof ApiError)) console.error(error);
  const errors = error instanceof ApiError ? error.errors : { page: ['ran into an unexpected problem'] };
  fill(slot, errorMessages(errors));
}

export function clearErrors(slot) {
  fill(slot);
}
