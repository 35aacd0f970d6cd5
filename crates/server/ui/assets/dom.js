// Builds DOM nodes without ever parsing HTML: every string child becomes a text node, so user
// text cannot turn into markup. The one exception (the server-sanitised article body) lives in
// pages/article.js and is easy to audit because it is the only `innerHTML` in the app.

/**
 * h('a', { class: 'nav-link', href: '/', test: 'nav-home' }, 'Home')
 *
 * Props: `class`, `test` (written as data-test), `on` ({ event: handler }), `value` and
 * `disabled` (set as properties, which is what forms read), anything else as an attribute;
 * `false`, `null` and `undefined` leave the attribute out.
 */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === false || value === null || value === undefined) continue;
    if (key === 'class') element.className = value;
    else if (key === 'test') element.dataset.test = value;
    else if (key === 'on') {
      for (const [event, handler] of Object.entries(value)) element.addEventListener(event, handler);
    } else if (key === 'value' || key === 'disabled') element[key] = value;
    else element.setAttribute(key, value === true ? '' : String(value));
  }
  element.append(...flatten(children));
  return element;
}

function flatten(children) {
  return children
    .flat(Infinity)
    .filter((child) => child !== null && child !== undefined && child !== false)
    .map((child) => (child instanceof Node ? child : document.createTextNode(String(child))));
}

/** Replaces everything inside `parent` with `children`. */
export function fill(parent, ...children) {
  parent.replaceChildren(...flatten(children));
}
