import { h } from '../dom.js';
import { clearErrors, showError } from './error-messages.js';

/** A Bootstrap-style form row holding one input or textarea. */
export function field(control) {
  return h('fieldset', { class: 'form-group' }, control);
}

export function input({ name, placeholder, test, type = 'text', value = '', autocomplete, large = true }) {
  return h('input', {
    class: large ? 'form-control form-control-lg' : 'form-control',
    type,
    name,
    placeholder,
    autocomplete,
    value,
    test,
  });
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
