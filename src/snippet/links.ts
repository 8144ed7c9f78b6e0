/** An element, a list of them (NodeList, array, jQuery object), or nothing. */
export type Elements = Element | ArrayLike<Element> | null | undefined
/** A value, or a function of the element that was clicked or submitted. */
export type PerElement<T> = T | ((element: Element) => T)

type Track = (element: Element) => Promise<unknown>

const elementsOf = (target: Elements): Element[] =>
  !target || typeof Element === 'undefined' ? [] : target instanceof Element ? [target] : Array.from(target)

export const valueFor = <T>(value: PerElement<T>, element: Element): T =>
  typeof value === 'function' ? (value as (element: Element) => T)(element) : value

/** Waits until the event is in the durable queue, or `ms` at most, so navigation is barely delayed. */
const queuedOrTimeout = (pending: Promise<unknown>, ms = 300) =>
  Promise.race([pending, new Promise((resolve) => setTimeout(resolve, ms))])

/** `trackLink`: tracks clicks; a link opening in this tab navigates once the event is queued. */
export function trackClicks(target: Elements, track: Track): void {
  for (const element of elementsOf(target)) {
    element.addEventListener('click', (event) => {
      // The refusal, if any, already went to the 'error' listeners.
      const pending = track(element).catch(() => {})
      const href = (element as HTMLAnchorElement).href
      const click = event as MouseEvent
      const elsewhere = (element as HTMLAnchorElement).target === '_blank' || click.metaKey || click.ctrlKey || click.shiftKey || click.button > 0
      if (!href || elsewhere || event.defaultPrevented) return
      event.preventDefault()
      void queuedOrTimeout(pending).then(() => location.assign(href))
    })
  }
}

/** `trackForm`: tracks submits; the form is submitted once the event is queued. */
export function trackSubmits(target: Elements, track: Track): void {
  for (const element of elementsOf(target)) {
    element.addEventListener('submit', (event) => {
      if (event.defaultPrevented) return void track(element).catch(() => {})
      event.preventDefault()
      void queuedOrTimeout(track(element).catch(() => {})).then(() => (element as HTMLFormElement).submit())
    })
  }
}
