import { h, fill } from '../dom.js';
import { ApiError } from '../api/client.js';

/** `{ email: ['has already been taken'] }` → ul.error-messages > li "email has already been taken". */
export function errorMessages(errors) {
  const lines = Object.entries(errors).flatMap(([field, messages]) =>
    [messages].flat().map((message) => `${field} ${message}`),
  );
  return h('ul', { class: 'error-messages', test: 'error-messages' }, lines.map((line) => h('li', {}, line)));
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
