// Every page of the UI contract (realworld-ui.md, "Routes"), tried in order.
import { signedInOnly } from './guard.js';
import { homePage } from './pages/home.js';
import { loginPage, registerPage } from './pages/auth.js';
import { settingsPage } from './pages/settings.js';
import { editorPage } from './pages/editor.js';
import { articlePage } from './pages/article.js';
import { profilePage } from './pages/profile.js';

export const routes = [
  { path: '/', page: homePage },
  { path: '/tag/:tag', page: homePage },
  { path: '/login', page: loginPage },
  { path: '/register', page: registerPage },
  { path: '/settings', page: signedInOnly(settingsPage) },
  { path: '/editor', page: signedInOnly(editorPage) },
  { path: '/editor/:slug', page: signedInOnly(editorPage) },
  { path: '/article/:slug', page: articlePage },
  { path: '/profile/:username', page: profilePage('authored') },
  { path: '/profile/:username/favorites', page: profilePage('favorited') },
];
