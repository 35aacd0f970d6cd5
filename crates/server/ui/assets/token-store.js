// The JWT lives where every RealWorld client keeps it (docs/concepts.md weighs this against an
// HttpOnly cookie). Only this module touches the storage key.
const KEY = 'jwtToken';

export function readToken() {
  return localStorage.getItem(KEY);
}

export function writeToken(token) {
  localStorage.setItem(KEY, token);
}

export function clearToken() {
  localStorage.removeItem(KEY);
}
