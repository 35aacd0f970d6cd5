import { h } from '../dom.js';
import { drafts } from '../tab-storage.js';
import { clearErrors, showError } from './error-messages.js';

/** A Bootstrap-style form row holding one input or textarea. */
export function field(control) {
  return h('fieldset', { class: 'form-group' }, control);
}

/** A text field; `label` names it for screen readers (the placeholder, unless told otherwise). */
export function input({ name, placeholder, label = placeholder, test, type = 'text', value = '', autocomplete, large = true }) {
  return h('input', {
    class: large ? 'form-control form-control-lg' : 'form-control',
    type,
    name,
    placeholder,
    'aria-label': label,
    autocomplete,
    value,
    test,
  });
}

/**
 * Keeps what is typed into `form` (never a password), plus `extra()`, as the draft `key`, so a
 * lost session costs nothing (drafts.js). Returns `keep()` (for changes that are not typing) and
 * `forget()` (once saved for real).
 */
export function keepDraft(form, key, extra = () => ({})) {
  const keep = () => drafts.keep(key, { ...typedValues(form), ...extra() });
  form.addEventListener('input', keep);
  return { keep, forget: () => drafts.forget(key) };
}

/** What was typed into the form `key` before the session was lost, or null. */
export function restoredDraft(key) {
  return drafts.restore(key);
}

/** The named fields' values, read from the fields (FormData skips them while the form is locked). */
function typedValues(form) {
  const fields = [...form.elements].filter((field) => field.name && field.type !== 'password' && typeof field.value === 'string');
  return Object.fromEntries(fields.map((field) => [field.name, field.value]));
}

/**
 * Runs `action(values)` on submit with the form locked against double submission; what the
 * API rejects is listed in `errorSlot`. `values` maps each field's name to its text.
 */
export function handleSubmit(form, errorSlot, action) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    // Read first: a disabled fieldset's controls are left out of FormData.
    const values = Object.fromEntries(new FormData(form));
    const lock = form.querySelector('fieldset');
    lock.disabled = true;
    try {
      await action(values);
      clearErrors(errorSlot);
    } catch (error) {
      showError(errorSlot, error);
    } finally {
      lock.disabled = false;
    }
  });
}
