import { h } from './dom.js';

export const DEFAULT_AVATAR = '/assets/default-avatar.svg';

/** An avatar that falls back to ours when the user has no image or their image fails to load. */
export function avatar(image, className, test) {
  const img = h('img', { class: className, src: image || DEFAULT_AVATAR, alt: '', test });
  img.addEventListener('error', () => {
    // Guarded so a missing default cannot loop on its own error event.
    if (!img.src.endsWith(DEFAULT_AVATAR)) img.src = DEFAULT_AVATAR;
  });
  return img;
}
