// The links at the top right: what a visitor may do, or who is signed in.
import { h, fill } from './dom.js';
import { avatar } from './avatar.js';
import { authState, currentUser } from './session.js';

export function renderNavbar(container, pathname) {
  const link = (href, test, ...content) =>
    h(
      'li',
      { class: 'nav-item' },
      h('a', { class: pathname === href ? 'nav-link active' : 'nav-link', href, test }, ...content),
    );

  const home = link('/', 'nav-home', 'Home');
  const user = currentUser();
  if (authState() === 'authenticated' && user) {
    fill(
      container,
      home,
      link('/editor', 'nav-editor', h('i', { class: 'ion-compose' }), ' New Article'),
      link('/settings', 'nav-settings', h('i', { class: 'ion-gear-a' }), ' Settings'),
      link(`/profile/${encodeURIComponent(user.username)}`, 'nav-user', avatar(user.image, 'user-pic', 'nav-user-pic'), user.username),
    );
  } else if (authState() === 'loading' || authState() === 'unavailable') {
    // Until the server has checked the kept token, offer neither sign-in nor the user.
    fill(container, home);
  } else {
    fill(container, home, link('/login', 'nav-login', 'Sign in'), link('/register', 'nav-register', 'Sign up'));
  }
}
