/**
 * Runs `use()` and returns what it returns, or null if it throws: for Web Storage, which can
 * refuse (private mode, a full quota, a blocked origin) where what it keeps is only a nicety.
 */
export function quietly(use) {
  try {
    return use();
  } catch {
    return null;
  }
}
