import { h } from '../dom.js';

/** The tags of one article, as outlined pills. */
export function articleTags(tagList, test) {
  return h(
    'ul',
    { class: 'tag-list' },
    tagList.map((tag) => h('li', {}, h('span', { class: 'tag-default tag-pill tag-outline', test }, tag))),
  );
}

/** Tags that filter the home feed when clicked. */
export function tagLinks(tagList) {
  return h(
    'div',
    { class: 'tag-list', test: 'tag-list' },
    tagList.map((tag) =>
      h('a', { class: 'tag-link', href: `/tag/${encodeURIComponent(tag)}` }, h('span', { class: 'tag-default tag-pill', test: 'tag-pill' }, tag)),
    ),
  );
}
