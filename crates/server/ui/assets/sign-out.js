// Signing out ends the session here at once, whatever the server says, and asks the server to end
// its side too (POST /api/users/logout with the token being given up). A server that is down, or
// one without that route yet (404/405), must not keep anyone signed in.

/**
 * `readToken()` is the token to give up, `signOut()` the local sign-out, `logout(token)` the API
 * call. Resolves once the server has answered or failed; the user is signed out before that.
 */
export async function signOutEverywhere({ readToken, signOut, logout }) {
  const token = readToken();
  signOut();
  if (!token) return;
  try {
    await logout(token);
  } catch {
    // Signed out here already; the server's side ends when the token expires.
  }
}
