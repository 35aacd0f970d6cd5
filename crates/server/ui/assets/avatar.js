import { h } from './dom.js';

export const DEFAULT_AVATAR = '/assets/default-avatar.svg';

/**
 * An avatar: ours when the user has no image; their image URL, exactly as saved, otherwise. If
 * that fails to load, ours shows in its place beside it and theirs is hidden, its `src` untouched.
 */
export function avatar(image, className, test) {
  const img = h('img', { class: className, src: image || DEFAULT_AVATAR, alt: '', test });
  if (!image) return img;
  img.addEventListener(
    'error',
    () => {
      img.classList.add('avatar-failed');
      img.after(h('img', { class: `${className} avatar-fallback`, src: DEFAULT_AVATAR, alt: '', test: test && `${test}-fallback` }));
    },
    { once: true },
  );
  return img;
}
