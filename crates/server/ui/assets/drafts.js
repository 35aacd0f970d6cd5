// What a user typed outlives a lost session (realworld-ui.md, "Client state"): forms keep their
// values in sessionStorage as they are typed, restore them when drawn again (after signing in),
// and forget them once saved. Storage is passed in, so node --test can use a Map-backed one.
import { quietly } from './quietly.js';

const PREFIX = 'conduit.draft.';

/** `storage` is a Web Storage (sessionStorage in the browser). */
export function createDrafts(storage) {
  return {
    /** Keeps `values` (a plain object of strings and arrays) under `key`. */
    keep(key, values) {
      quietly(() => storage.setItem(PREFIX + key, JSON.stringify(values)));
    },

    /** The values kept under `key`, or null when none (or unreadable ones) are kept. */
    restore(key) {
      const text = quietly(() => storage.getItem(PREFIX + key));
      if (typeof text !== 'string') return null;
      try {
        const values = JSON.parse(text);
        return values !== null && typeof values === 'object' && !Array.isArray(values) ? values : null;
      } catch {
        return null;
      }
    },

    /** The draft has been saved for real: nothing to restore any more. */
    forget(key) {
      quietly(() => storage.removeItem(PREFIX + key));
    },
  };
}
