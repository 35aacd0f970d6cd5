import { h } from '../dom.js';

const LABELS = { connecting: 'connecting...', live: 'live', offline: 'offline' };
const TITLES = {
  connecting: 'Connecting for live updates',
  live: 'Live: what others post appears here as it happens',
  offline: 'Live updates are off for now; the page still works and keeps trying to reconnect',
};

/** A small badge showing the state live.js reports: 'connecting', 'live' or 'offline'. */
export function liveStatus({ hidden = false } = {}) {
  const element = h('span', { class: 'live-status', test: 'live-status', hidden });
  show('connecting');
  return { element, show };

  function show(state) {
    element.dataset.state = state;
    element.title = TITLES[state] ?? '';
    element.textContent = LABELS[state] ?? state;
  }
}
