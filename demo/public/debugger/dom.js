// Builds DOM from data without ever parsing HTML: every string becomes a text node, so a
// value like `<img src=x onerror=…>` in an event shows as those characters.

/**
 * @typedef {Node | string | number | boolean | null | undefined} Child
 * @typedef {Record<string, string | number | boolean | undefined | ((event: Event) => void)>} Props
 */

/**
 * `h('li.entry.accepted', { 'data-seq': 3 }, 'text', child)`: a tag with optional classes
 * after dots; props become attributes, or listeners when they are functions named on….
 * @param {string} selector
 * @param {Props | null} [props]
 * @param {...(Child | Child[])} children
 * @returns {HTMLElement}
 */
export function h(selector, props, ...children) {
  const [tag, ...classes] = selector.split('.')
  const element = document.createElement(tag || 'div')
  if (classes.length > 0) element.className = classes.join(' ')
  for (const [name, value] of Object.entries(props ?? {})) {
    if (typeof value === 'function') element.addEventListener(name.slice(2), value)
    else if (value === true) element.setAttribute(name, '')
    else if (value !== undefined && value !== false) element.setAttribute(name, String(value))
  }
  append(element, children)
  return element
}

/** @param {Node} parent @param {Array<Child | Child[]>} children */
function append(parent, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)))
  }
}

/** @param {string} id @returns {HTMLElement} */
export function byId(id) {
  const element = document.getElementById(id)
  if (!element) throw new Error(`the debugger page has no #${id}`)
  return element
}
