import { h } from '../dom.js';

/**
 * Shown while the server cannot be reached; `sessionKept` when a signed-in user waits for it.
 * `onRetry()` asks again at once.
 */
export function connectionNotice({ sessionKept, onRetry }) {
  return h(
    'div',
    { class: 'connection-notice', role: 'status', test: 'connection-notice' },
    h(
      'div',
      { class: 'container' },
      sessionKept
        ? 'Connecting to the server… Your session is kept: you will be signed in as soon as it answers. '
        : 'Connecting to the server… This page fills in by itself as soon as it answers. ',
      h('button', { class: 'btn btn-sm btn-outline-secondary', type: 'button', test: 'connection-retry', on: { click: onRetry } }, 'Retry now'),
    ),
  );
}
