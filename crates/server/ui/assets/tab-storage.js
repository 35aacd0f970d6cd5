// This tab's sessionStorage, where drafts and the way back after signing in wait (null when the
// browser refuses storage: then they are simply not kept).
import { createDrafts } from './drafts.js';
import { quietly } from './quietly.js';

export const tabStorage = quietly(() => globalThis.sessionStorage);

export const drafts = createDrafts(tabStorage);
