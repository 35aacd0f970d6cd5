// /editor (new article) and /editor/:slug (edit one of yours).
import { h, fill } from '../dom.js';
import * as api from '../api/conduit.js';
import { navigate } from '../router.js';
import { nameThePage } from '../title.js';
import { showError } from '../components/error-messages.js';
import { field, handleSubmit, input, keepDraft, restoredDraft } from '../components/form.js';

const blankArticle = { title: '', description: '', body: '', tagList: [] };

export async function editorPage({ root, params, signal }) {
  nameThePage(params.slug ? 'Edit Article' : 'New Article');
  if (!params.slug) return renderEditor(root, blankArticle, null);
  const status = h('div', { class: 'container page' }, h('p', { test: 'editor-loading' }, 'Loading article...'));
  fill(root, status);
  try {
    const { article } = await api.article(params.slug, { signal });
    renderEditor(root, article, params.slug);
  } catch (error) {
    showError(status, error);
  }
}

function renderEditor(root, saved, slug) {
  const draftKey = `editor:${slug ?? 'new'}`;
  // A draft typed before a lost session wins over what the server holds.
  const article = { ...saved, ...restoredDraft(draftKey) };
  const errorSlot = h('div');
  const tags = tagEditor(article.tagList, () => draft.keep());
  const form = h(
    'form',
    { novalidate: true },
    h(
      'fieldset',
      {},
      field(input({ name: 'title', placeholder: 'Article Title', value: article.title, test: 'editor-title' })),
      field(input({ name: 'description', placeholder: "What's this article about?", value: article.description, large: false, test: 'editor-description' })),
      field(h('textarea', { class: 'form-control', name: 'body', rows: 8, placeholder: 'Write your article (in markdown)', 'aria-label': 'Article body (in markdown)', value: article.body, test: 'editor-body' })),
      field(tags.element),
      h('button', { class: 'btn btn-lg pull-xs-right btn-primary', type: 'submit', test: 'editor-submit' }, 'Publish Article'),
    ),
  );
  const draft = keepDraft(form, draftKey, () => ({ tagList: tags.current() }));
  handleSubmit(form, errorSlot, async (fields) => {
    const changes = { ...fields, tagList: tags.collect() };
    const { article: published } = slug ? await api.updateArticle(slug, changes) : await api.createArticle(changes);
    draft.forget();
    navigate(`/article/${encodeURIComponent(published.slug)}`);
  });

  fill(
    root,
    h(
      'div',
      { class: 'editor-page' },
      h('div', { class: 'container page' }, h('div', { class: 'row' }, h('div', { class: 'col-md-10 offset-md-1 col-xs-12' }, errorSlot, form))),
    ),
  );
}

/** The "Enter tags" box: Enter turns the text into a removable pill; `changed()` after each change. */
function tagEditor(initialTags, changed) {
  const tags = [...(Array.isArray(initialTags) ? initialTags : [])];
  const pills = h('div', { class: 'tag-list' });
  // No `name`: the tags travel as tagList, not as a form field.
  const box = input({ placeholder: 'Enter tags', label: 'Tags (Enter adds one)', large: false, test: 'editor-tags' });
  box.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    event.preventDefault(); // Enter here adds a tag; it must not publish the article.
    addPending();
  });
  draw();
  return { element: h('div', {}, box, pills), collect, current: () => [...tags] };

  function addPending() {
    for (const tag of box.value.split(',').map((text) => text.trim())) {
      if (tag && !tags.includes(tag)) tags.push(tag);
    }
    box.value = '';
    draw();
    changed();
  }

  /** The tags to send, including any typed but not yet confirmed with Enter. */
  function collect() {
    addPending();
    return [...tags];
  }

  function draw() {
    fill(
      pills,
      tags.map((tag) =>
        h(
          'span',
          { class: 'tag-default tag-pill', test: 'editor-tag' },
          h('button', { class: 'tag-remove', type: 'button', 'aria-label': `Remove tag ${tag}`, test: 'editor-tag-remove', on: { click: () => remove(tag) } }, h('i', { class: 'ion-close-round', 'aria-hidden': 'true' })),
          ` ${tag}`,
        ),
      ),
    );
  }

  function remove(tag) {
    tags.splice(tags.indexOf(tag), 1);
    draw();
    changed();
  }
}
