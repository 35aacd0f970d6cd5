// Every page of the UI contract (realworld-ui.md, "Routes"), tried in order. `needsUser(query)`
// marks the pages only a signed-in user may see.
import { homePage } from './pages/home.js';
import { loginPage, registerPage } from './pages/auth.js';
import { settingsPage } from './pages/settings.js';
import { editorPage } from './pages/editor.js';
import { articlePage } from './pages/article.js';
import { profilePage } from './pages/profile.js';

const always = () => true;

export const routes = [
  { path: '/', page: homePage, needsUser: (query) => query.get('feed') === 'following' },
  { path: '/tag/:tag', page: homePage },
  { path: '/login', page: loginPage },
  { path: '/register', page: registerPage },
  { path: '/settings', page: settingsPage, needsUser: always },
  { path: '/editor', page: editorPage, needsUser: always },
  { path: '/editor/:slug', page: editorPage, needsUser: always },
  { path: '/article/:slug', page: articlePage },
  { path: '/profile/:username', page: profilePage('authored') },
  { path: '/profile/:username/favorites', page: profilePage('favorited') },
];
