import { h } from '../dom.js';

/** Shown while a kept session waits for the server; `onRetry()` asks again at once. */
export function connectionNotice({ onRetry }) {
  return h(
    'div',
    { class: 'connection-notice', role: 'status', test: 'connection-notice' },
    h(
      'div',
      { class: 'container' },
      'Connecting to the server… Your session is kept: you will be signed in as soon as it answers. ',
      h('button', { class: 'btn btn-sm btn-outline-secondary', type: 'button', test: 'connection-retry', on: { click: onRetry } }, 'Retry now'),
    ),
  );
}
